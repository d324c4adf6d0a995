"""Toll e-invoices (通行费): VAT invoices whose items are 通行费, with plate and passage dates."""

from __future__ import annotations

from ocr.doctypes.base import PageContext
from ocr.doctypes.vat_invoice import (  # the same promise as VAT
    ABSENT_BY_FORM,
    ABSENT_FOR_PERSONS,
    KEY_FIELDS,
    ORGANISATION_WORDS,
    extract_vat,
)
from ocr.records import ExpenseRecord

DOC_TYPE = "toll_receipt"
KEYWORDS = (("通行费", 6), ("车牌号", 2), ("经营租赁", 1))
__all__ = [
    "ABSENT_BY_FORM",
    "ABSENT_FOR_PERSONS",
    "DOC_TYPE",
    "KEYWORDS",
    "KEY_FIELDS",
    "ORGANISATION_WORDS",
    "REQUIRED",
    "extract",
]
REQUIRED = ("invoice_number", "issue_date", "total")


def extract(ctx: PageContext) -> ExpenseRecord:
    return extract_vat(ctx, DOC_TYPE)
