"""Air itineraries (电子发票（航空运输电子客票行程单） and the older 行程单)."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from ocr.doctypes.base import (
    COLON,
    MONEY,
    Extraction,
    PageContext,
    company_name,
    parse_date,
)
from ocr.layout import Match
from ocr.records import ExpenseRecord

DOC_TYPE = "flight_itinerary"
KEYWORDS = (
    ("航空运输电子客票行程单", 6),
    ("行程单", 3),
    ("航班号", 2),
    ("承运人", 2),
    ("民航发展基金", 2),
    ("燃油附加费", 1),
)
KEY_FIELDS = (
    "invoice_number",
    "passenger_name",
    "travel_date",
    "train_or_flight_number",
    "departure",
    "arrival",
    "total",
)
REQUIRED = (
    "passenger_name",
    "travel_date",
    "train_or_flight_number",
    "departure",
    "arrival",
    "total",
)

FLIGHT_NO = r"([A-Z0-9]{2}\d{3,4})"


@functools.cache
def airports() -> dict[str, str]:
    data = json.loads(resources.files("ocr.data").joinpath("airports.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _airport_confidence(ctx: PageContext, label: str, name: Match) -> float | None:
    """Full confidence when the printed IATA code and airport name agree with the table."""
    m = ctx.text.find(label + COLON + r"([A-Z]{3})\s*" + re.escape(name.value))
    if m and airports().get(m.value) == name.value:
        return 1.0
    return None


def extract(ctx: PageContext) -> ExpenseRecord:
    ex = Extraction(ctx, DOC_TYPE)
    rec = ex.record
    rec.invoice_form = "digital" if "电子发票" in ctx.text.compact else "paper"
    rec.invoice_kind = "general"
    ex.header_number_and_date((20,))
    ex.text("passenger_name", r"旅客姓名" + COLON + r"([\u4e00-\u9fff·]{2,8})")
    dep = ex.find(r"自" + COLON + r"(?:[A-Z]{3}\s*)?([\u4e00-\u9fff]{2,8})")
    if dep:
        ex.set("departure", dep.value, dep, _airport_confidence(ctx, "自", dep))
        line = ctx.text.lines[dep.line_index].text
        after = line[line.find(dep.value) + len(dep.value) :]
        fm = re.search(r"(?:^|\s)" + FLIGHT_NO + r"(?:\s|$)", after)
        if fm:
            m = ex.find(r"(?:^|\s)(" + re.escape(fm.group(1)) + r")(?:\s|$)")
            ex.set("train_or_flight_number", fm.group(1), m)
            seat = re.match(r"\s*([A-Z])(?:\s|$)", after[fm.end() :])
            if seat:
                rec.seat_class = seat.group(1)
                rec.confidence["seat_class"] = m.confidence if m else 0.5
        dm = ex.find(r"(\d{4}-\d{2}-\d{2})")
        if dm:
            ex.set("travel_date", parse_date(dm.value), dm)
    arr = ex.find(r"至" + COLON + r"(?:[A-Z]{3}\s*)?([\u4e00-\u9fff]{2,8})")
    if arr:
        ex.set("arrival", arr.value, arr, _airport_confidence(ctx, "至", arr))
    ex.money("total", r"合\s*计" + COLON + MONEY)
    ex.money("tax", r"增值税税额" + COLON + MONEY)
    ex.buyer_line()
    m = ex.find(r"填开单位" + COLON + r"(\S+)")
    if m:
        ex.set("seller_name", company_name(m.value), m)
    return rec
