"""Document capture: files in, validated expense records out.

The public surface is small on purpose::

    from ocr import capture_path, ExpenseRecord
    records = capture_path("invoices/")

Nothing in this package imports Qt or the ``bots`` package.
"""

from ocr.capture import CaptureOptions, capture_file
from ocr.errors import CaptureError
from ocr.readers import capture_path
from ocr.records import ExpenseRecord, LineItem, Problem

__all__ = [
    "CaptureError",
    "CaptureOptions",
    "ExpenseRecord",
    "LineItem",
    "Problem",
    "capture_file",
    "capture_path",
]
