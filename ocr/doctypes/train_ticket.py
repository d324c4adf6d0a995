"""Railway e-tickets (电子发票（铁路电子客票）) and the older blue/red paper tickets."""

from __future__ import annotations

import re

from ocr.doctypes.base import (
    CN_DATE,
    COLON,
    MONEY,
    Extraction,
    PageContext,
    parse_date,
)
from ocr.layout import Match, TextBox
from ocr.records import ExpenseRecord

DOC_TYPE = "train_ticket"
KEYWORDS = (
    ("铁路电子客票", 6),
    ("电子客票号", 3),
    ("二等座", 1),
    ("一等座", 1),
    ("车次", 1),
    ("开", 0),
)
KEY_FIELDS = (
    "invoice_number",
    "travel_date",
    "train_or_flight_number",
    "departure",
    "arrival",
    "total",
    "passenger_name",
)
REQUIRED = ("travel_date", "train_or_flight_number", "departure", "arrival", "total")

SEATS = r"(商务座|特等座|一等座|二等座|硬座|软座|硬卧|软卧|高级软卧|动卧|无座|一等卧|二等卧)"
TRAIN_NO = r"[GDCKZTLYS]\d{1,4}"


def _match(ctx: PageContext, box: TextBox) -> Match:
    line_index = next(i for i, ln in enumerate(ctx.text.lines) if box in ln.boxes)
    return Match(box.text, (box,), line_index)


def extract(ctx: PageContext) -> ExpenseRecord:
    ex = Extraction(ctx, DOC_TYPE)
    rec = ex.record
    rec.invoice_form = "digital" if "电子发票" in ctx.text.compact else "paper"
    rec.invoice_kind = "general"
    ex.header_number_and_date((20,))
    # the station line: 北京南  G123  上海虹桥
    m = ex.find(r"(?:^|\s)(" + TRAIN_NO + r")(?:\s|$)")
    if m:
        ex.set("train_or_flight_number", m.value, m)
        # stations sit either side of the train number, roughly on its line
        x0, y0, x1, y1 = m.bbox
        band = 1.5 * (y1 - y0)
        near = [
            b
            for b in ctx.text.boxes
            if abs(b.cy - (y0 + y1) / 2) <= band
            and re.fullmatch(r"[\u4e00-\u9fff]{1,8}站?", b.text)
        ]
        left = sorted((b for b in near if b.x1 <= x0 + 1), key=lambda b: b.x1)
        right = sorted((b for b in near if b.x0 >= x1 - 1), key=lambda b: b.x0)
        if left:
            ex.set("departure", left[-1].text.removesuffix("站"), _match(ctx, left[-1]))
        if right:
            ex.set("arrival", right[0].text.removesuffix("站"), _match(ctx, right[0]))
    m = ex.find(CN_DATE + r"\s*\d{1,2}[:：]\d{2}\s*开")
    if m:
        ex.set("travel_date", parse_date(m.value), m)
    ex.text("seat_class", SEATS)
    ex.money("total", r"(?:票价|价税合计|￥|¥)" + COLON + MONEY)
    if rec.total is None:
        ex.money("total", MONEY)
    m = ex.find(r"\d{6,10}\*{2,8}\d{2,4}[\dXx]?\s*([\u4e00-\u9fff·]{2,6})")
    if m:
        ex.set("passenger_name", m.value, m)
    ex.buyer_line()
    return rec
