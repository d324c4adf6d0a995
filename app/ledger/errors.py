"""The ledger's exceptions: one base, messages that say what to do."""

from __future__ import annotations


class LedgerError(Exception):
    """Base of everything the ledger raises."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class NotFound(LedgerError):
    """No such record, claim or submission."""


class IllegalTransition(LedgerError):
    """A record cannot move from its state to the one asked for."""


class DuplicateError(LedgerError):
    """The invoice or file is already in the ledger as a claimable record."""


class IntegrityProblem(LedgerError):
    """``Ledger.check()`` found the ledger inconsistent."""
