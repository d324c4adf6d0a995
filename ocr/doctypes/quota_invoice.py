"""Quota invoices (定额发票): a printed face value, no date."""

from __future__ import annotations

import re
from decimal import Decimal

from ocr.amounts import parse_capital
from ocr.doctypes.base import Extraction, PageContext
from ocr.fields import FieldRule
from ocr.records import ExpenseRecord

DOC_TYPE = "quota_invoice"
KEYWORDS = (("定额发票", 6), ("定额", 3), ("发票联", 1))
KEY_FIELDS = ("invoice_code", "invoice_number", "total")
REQUIRED = ("invoice_code", "invoice_number", "total")
CODE = FieldRule("invoice_code", ("发票代码",), "digits", lengths=(10, 12))
NUMBER = FieldRule("invoice_number", ("发票号码",), "digits", lengths=(8,))
RULES = (CODE, NUMBER)


def extract(ctx: PageContext) -> ExpenseRecord:
    ex = Extraction(ctx, DOC_TYPE)
    rec = ex.record
    rec.invoice_form, rec.invoice_kind = "paper", "general"
    ex.fields(RULES)
    ex.unlabelled_code_and_number()
    words = ex.find(r"([零壹贰叁肆伍陆柒捌玖拾佰仟万]+[元圆](?:整)?)")
    if words:
        ex.set("total_in_words", words.value, words)
    figure = ex.find(r"[¥￥Y]\s*(\d+(?:\.\d{1,2})?)\s*元?")
    if figure:
        ex.set(
            "total", Decimal(re.sub(r"[^\d.]", "", figure.value)).quantize(Decimal("0.01")), figure
        )
    elif words:
        ex.set("total", parse_capital(words.value), words)
    return rec
