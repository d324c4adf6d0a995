"""Ride-hailing trip lists (行程单 of 滴滴, 高德, 易到 …): a supporting document, not an invoice.

A trip list shows the trips behind a ride-hailing 数电票 and its 合计 equals that invoice's
价税合计; capture links the two (see :func:`ocr.capture.link_supporting`). It is never ``ok``
on its own: it is attached to the invoice's claim, not claimed.
"""

from __future__ import annotations

from ocr.doctypes.base import Extraction, PageContext
from ocr.fields import FieldRule
from ocr.records import ExpenseRecord

DOC_TYPE = "trip_list"
KEYWORDS = (
    ("TRIPTABLE", 6),
    ("行程起止日期", 6),
    ("笔行程", 5),
    ("行程单", 2),
    ("上车时间", 2),
    ("乘车时间", 2),
    ("上车地点", 2),
    ("起点", 1),
    ("终点", 1),
    ("行程人手机号", 4),
)
KEY_FIELDS = ("issue_date", "total")
REQUIRED = ()
SUPPORTING = True  # never ok: attach it to the invoice it supports

ISSUED = FieldRule("issue_date", ("申请日期", "申请时间", "开具日期"), "date")
TOTAL = FieldRule("total", ("合计", "总计", "共计"), "money", where=("right",))
RULES = (ISSUED, TOTAL)
STOP_LABELS = ("行程起止日期", "行程人手机号", "序号", "车型")


def extract(ctx: PageContext) -> ExpenseRecord:
    ex = Extraction(ctx, DOC_TYPE)
    rec = ex.record
    rec.invoice_form = None
    ex.fields(RULES, STOP_LABELS)
    if rec.total is None:
        # 共1笔行程，合计21.96元 — money printed with one or no decimals too
        m = ex.find(r"合\s*计\s*[:：]?\s*[¥￥]?\s*(\d+(?:\.\d{1,2})?)\s*元")
        if m:
            from decimal import Decimal

            ex.set("total", Decimal(m.value).quantize(Decimal("0.01")), m)
    for platform in ("滴滴", "高德", "易到", "曹操", "首汽", "T3", "美团", "花小猪", "嘀嗒"):
        if platform in ctx.text.compact[:80]:
            rec.seller_name = platform
            break
    return rec
