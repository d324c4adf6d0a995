"""Exceptions of the bots package. Messages name the bot step and say what to do."""

from __future__ import annotations


class BotError(Exception):
    """Base of all bot errors."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BotFileError(BotError):
    """A bot file cannot be loaded: YAML syntax, schema or meaning."""


class ParameterError(BotError):
    """A run was started without a required parameter, or with a value of the wrong type."""


class SecretMissing(BotError):
    """A secret the bot needs is not in the OS keyring."""


class StepFailed(BotError):
    """A step could not be done (element not found, assertion failed, timeout)."""

    def __init__(self, message: str, *, step_index: int | None = None) -> None:
        super().__init__(message)
        self.step_index = step_index


class BrowserUnavailable(BotError):
    """No browser could be found or started."""
