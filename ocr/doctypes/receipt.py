"""Shop receipts (购物小票, POS slips): not tax invoices, but claimable with approval."""

from __future__ import annotations

from ocr.doctypes.base import COLON, ISO_DATE, MONEY, Extraction, PageContext, company_name
from ocr.doctypes.items import RECEIPT_COLUMNS, read_items
from ocr.records import ExpenseRecord

DOC_TYPE = "receipt"
KEYWORDS = (
    ("小票", 4),
    ("收银", 3),
    ("谢谢惠顾", 3),
    ("欢迎再次光临", 2),
    ("支付方式", 2),
    ("实收", 2),
    ("找零", 2),
    ("单号", 1),
)
KEY_FIELDS = ("seller_name", "issue_date", "total")
REQUIRED = ("seller_name", "issue_date", "total")


def extract(ctx: PageContext) -> ExpenseRecord:
    ex = Extraction(ctx, DOC_TYPE)
    rec = ex.record
    rec.invoice_form = None
    rec.currency = "CNY"
    if ctx.text.lines:
        top = ctx.text.lines[0]
        m = ex.find(r"^(.+)$")
        if m and m.line_index == 0:
            ex.set("seller_name", company_name(top.text), m)
    ex.date("issue_date", r"(?:日\s*期|时\s*间)" + COLON + ISO_DATE)
    ex.money("total", r"(?:合\s*计|应\s*收|总\s*计)" + COLON + MONEY)
    items, confidence = read_items(ctx.text, RECEIPT_COLUMNS, r"商品|品名", r"合计|应收|总计")
    rec.items = items
    if items:
        rec.confidence["items"] = round(confidence, 3)
    return rec
