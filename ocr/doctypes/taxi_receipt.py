"""Taxi receipts printed by the meter (出租汽车专用发票)."""

from __future__ import annotations

from ocr.doctypes.base import COLON, ISO_DATE, MONEY, Extraction, PageContext
from ocr.records import ExpenseRecord

DOC_TYPE = "taxi_receipt"
KEYWORDS = (
    ("出租汽车", 6),
    ("出租车", 5),
    ("上车", 2),
    ("下车", 1),
    ("里程", 2),
    ("等候", 1),
    ("车号", 1),
)
KEY_FIELDS = ("invoice_code", "invoice_number", "issue_date", "total")
REQUIRED = ("invoice_code", "invoice_number", "issue_date", "total")


def extract(ctx: PageContext) -> ExpenseRecord:
    ex = Extraction(ctx, DOC_TYPE)
    rec = ex.record
    rec.invoice_form, rec.invoice_kind = "paper", "general"
    ex.paper_code_and_number()
    day = ex.date("issue_date", r"日\s*期" + COLON + ISO_DATE)
    if day:
        rec.travel_date = day
        rec.confidence["travel_date"] = rec.confidence["issue_date"]
    ex.money("total", r"(?:金\s*额|实收|合计)" + COLON + MONEY)
    return rec
