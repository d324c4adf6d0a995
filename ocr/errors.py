"""Exceptions of the capture package. Every message says what happened and what to do."""

from __future__ import annotations


class CaptureError(Exception):
    """Base of all capture errors. ``code`` is stable and lands in a record's problems."""

    code = "capture_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableDocument(CaptureError):
    """The file cannot be read as a document at all."""

    code = "unreadable"


class EmptyFile(UnreadableDocument):
    code = "empty_file"


class UnsupportedFileType(UnreadableDocument):
    code = "unsupported_type"


class CorruptDocument(UnreadableDocument):
    code = "corrupt"


class EncryptedDocument(UnreadableDocument):
    code = "encrypted"


class DocumentTooLarge(UnreadableDocument):
    code = "too_large"


class NoStructuredData(UnsupportedFileType):
    """An OFD without an invoice attachment: its pages have to be read instead."""

    code = "no_structured_data"


class NoInvoice(CaptureError):
    """The file was read, but no invoice or receipt is on it."""

    code = "no_invoice"


class EngineUnavailable(CaptureError):
    """An OCR engine was asked for but is not installed or not set up."""

    code = "engine_unavailable"


class OverBudget(CaptureError):
    """Reading the file was stopped: it would cost more than any invoice does."""

    code = "over_budget"


class TooSlow(OverBudget):
    code = "too_slow"


class TooMuchMemory(OverBudget):
    code = "too_much_memory"


class ReaderCrashed(CaptureError):
    """The process reading the file died (a crash in a library it uses)."""

    code = "reader_crashed"


class ReadersUnavailable(CaptureError):
    """No reader process can start: nothing in the batch can be read."""

    code = "readers_unavailable"
