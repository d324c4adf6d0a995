"""What can go wrong when posting to a target, by what it means for a retry."""

from __future__ import annotations


class SubmitError(Exception):
    """Base of the submission errors."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class TargetConfigError(SubmitError):
    """The target's settings are incomplete or wrong; the message names the setting."""


class Rejected(SubmitError):
    """The target said no for a business reason (validation, a closed period, a duplicate).
    Never retried automatically: a person must look."""


class Unavailable(SubmitError):
    """The target was not reached, so nothing happened there: safe to retry."""


class OutcomeUnknown(SubmitError):
    """The request may or may not have been applied (timeout, lost answer, crash): look the
    record up in the target before any retry."""
