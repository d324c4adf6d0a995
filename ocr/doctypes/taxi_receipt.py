"""Taxi receipts printed by the meter (出租汽车专用发票)."""

from __future__ import annotations

from ocr.doctypes import shapes
from ocr.doctypes.base import Extraction, PageContext
from ocr.fields import FieldRule
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
# a taxi receipt always says what it is: a page of trips without one is a trip list
REQUIRES_ANY = ("发票", "出租", "的士", "TAXI")
# …and never prints a VAT invoice's totals or parties (a ride-hailing 数电票 does)
EXCLUDES = ("价税合计", "购买方", "销售方")
KEY_FIELDS = ("invoice_code", "invoice_number", "issue_date", "total")
REQUIRED = ("invoice_code", "invoice_number", "issue_date", "total")


CODE = FieldRule("invoice_code", ("发票代码",), "digits", lengths=(10, 12))
NUMBER = FieldRule("invoice_number", ("发票号码",), "digits", lengths=(8,))
# Shanghai's receipts print each label in English too (日期 DATE, 金额 TOTAL): the Chinese
# word is often half lost under the meter's print, the English one survives
DATE = FieldRule("issue_date", ("日期", "乘车日期", "开票日期", "DATE"), "date")
TOTAL = FieldRule("total", ("金额", "实收金额", "实收", "合计", "应收金额", "TOTAL"), "money")
RULES = (CODE, NUMBER, DATE, TOTAL)
# labels of the meter's other lines: a value never runs into them
STOP_LABELS = (
    *("车号", "证号", "上车", "下车", "单价", "里程", "等候", "另收", "卡号", "卡余额"),
    *("TAXINO", "UP", "DOWN", "PRICE", "DISTANCE", "WAITING"),
)


def extract(ctx: PageContext) -> ExpenseRecord:
    ex = Extraction(ctx, DOC_TYPE)
    rec = ex.record
    rec.invoice_form, rec.invoice_kind = "paper", "general"
    ex.fields(RULES, STOP_LABELS)
    if rec.invoice_code is None and rec.invoice_number is None:
        ex.unlabelled_code_and_number()
    if rec.invoice_code is None or rec.invoice_number is None:
        shapes.code_and_number_by_shape(ex)  # 发票代码 misread past knowing (发荣代 on a fax)
    if rec.issue_date:
        rec.travel_date = rec.issue_date
        rec.confidence["travel_date"] = rec.confidence["issue_date"]
    return rec
