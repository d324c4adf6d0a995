"""Railway e-tickets (电子发票（铁路电子客票）) and the older blue/red paper tickets."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

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
    # the paper ticket's fixed print
    ("中国铁路祝您旅途愉快", 4),
    ("仅供报销使用", 3),
    ("限乘当日当次车", 3),
    ("买票请到12306", 3),
    ("12306", 1),
    ("检票", 1),
    ("候车", 1),
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
REQUIRED = KEY_FIELDS
# 数电 tickets carry a 20-digit number; paper tickets a red serial: letter + 6 digits, after
# up to four characters of office code (Z122M044877, 003B052946, D020221)
NUMBER_FORMAT = r"\d{20}|[0-9A-Z]{0,4}[A-Z]\d{6}"
PAPER_SERIAL = r"^([0-9A-Z]{0,4}[A-Z]\d{6})$"
# the price as paper tickets print it: ¥180.0元, ￥81.5元
PAPER_PRICE = r"[¥￥Y]\s*(\d{1,5}(?:\.\d{1,2})?)\s*元"

SEATS = r"(商务座|特等座|一等座|二等座|硬座|软座|硬卧|软卧|高级软卧|动卧|无座|一等卧|二等卧)"
TRAIN_NO = r"[GDCKZTLYS]\d{1,4}"


def _match(ctx: PageContext, box: TextBox) -> Match:
    line_index = next(i for i, ln in enumerate(ctx.text.lines) if box in ln.boxes)
    return Match(box.text, (box,), line_index)


def _paper_serial(ex: Extraction) -> None:
    """The red serial top left. The code line at the bottom ends with the same letter and six
    digits (…0909M044877): when both agree the serial is confirmed."""
    lines = ex.ctx.text.lines
    for line in lines[: max(3, len(lines) // 3)]:
        for box in line.boxes:
            m = re.match(PAPER_SERIAL, box.text.strip().upper())
            if not m:
                continue
            serial = m.group(1)
            tail = serial[-7:]
            confirmed = any(
                re.search(r"\d{8,}" + re.escape(tail) + r"(?!\d)", b.text.upper())
                for ln in lines[len(lines) // 2 :]
                for b in ln.boxes
            )
            ex.set("invoice_number", serial, _match(ex.ctx, box), 1.0 if confirmed else None)
            return


MERGED_STATION = re.compile(
    r"^(?:(?P<before>[\u4e00-\u9fff]{1,8}站?)(?P<n1>" + TRAIN_NO + r")"
    r"|(?P<n2>" + TRAIN_NO + r")(?P<after>[\u4e00-\u9fff]{1,8}站?))$"
)


def _split_train_number(ctx: PageContext) -> tuple[Match, list[TextBox]] | None:
    """OCR ran the train number into a station (G3177西安北站, 郑州东站G3177): the box is cut
    in two at the number, each part as wide as its share of the characters, so the stations
    either side are found as on any ticket."""
    boxes = list(ctx.text.boxes)
    for box in boxes:
        text = _bare(box)
        parsed = MERGED_STATION.match(text)
        if not parsed:
            continue
        number = parsed.group("n1") or parsed.group("n2")
        start = text.index(number)
        per_char = box.width / len(text)
        cut0, cut1 = box.x0 + start * per_char, box.x0 + (start + len(number)) * per_char
        number_box = TextBox(number, cut0, box.y0, cut1, box.y1, box.confidence)
        station = parsed.group("before") or parsed.group("after")
        sx0, sx1 = (box.x0, cut0) if parsed.group("before") else (cut1, box.x1)
        station_box = TextBox(station, sx0, box.y0, sx1, box.y1, box.confidence)
        line_index = next(i for i, ln in enumerate(ctx.text.lines) if box in ln.boxes)
        parts = [b for b in boxes if b is not box] + [number_box, station_box]
        return Match(number, (number_box,), line_index), parts
    return None


STATION_PIECE = r"[\u4e00-\u9fff]{1,8}站?"


def _shares_row(box: TextBox, y0: float, y1: float) -> bool:
    """``box`` and the band y0–y1 overlap by more than 0.3 of the lower of the two."""
    return min(box.y1, y1) - max(box.y0, y0) > 0.3 * min(box.height, y1 - y0)


def _reread_train_number(ex: Extraction) -> Match | None:
    """The paper ticket's number is printed underlined over an arrow (K607 over ──→), which
    the whole-page pass may not see as text at all. It stands between the two stations
    (郑州站 … 西安站): read that gap again on its own."""
    lines = ex.ctx.text.lines
    for index, line in enumerate(lines[: max(4, len(lines) // 2)]):
        ends = [b for b in line.boxes if re.fullmatch(r"[\u4e00-\u9fff]{1,8}站", _bare(b))]
        for left, right in itertools.pairwise(ends):
            if not _shares_row(left, right.y0, right.y1) or right.x0 - left.x1 < left.height:
                continue
            region = (left.x1, min(left.y0, right.y0), right.x0, max(left.y1, right.y1))
            found = ex.reread(region, r"(" + TRAIN_NO + r")[^0-9A-Z]{0,3}", index)
            if found:
                return found
    return None


def _bare(box: TextBox) -> str:
    return "".join(box.text.split())


def _station(ex: Extraction, side: list[TextBox], line_index: int) -> Match | None:
    """A station from the pieces OCR cut it into (温 + 岭站). A name in pieces, or one read
    unsure, is read again as one region (共 + 州站 → 郑州站)."""
    text = "".join(_bare(b) for b in side)
    whole = Match(text, tuple(side), line_index)
    if len(side) > 1 or whole.confidence < 0.9:
        region = (side[0].x0, min(b.y0 for b in side), side[-1].x1, max(b.y1 for b in side))
        again = ex.reread(region, STATION_PIECE, line_index)
        if again is not None and again.confidence > whole.confidence:
            whole = again
    station = whole.value.removesuffix("站")
    if "站" in station or not 1 <= len(station) <= 8:
        return None  # two names run together: leave it to a person
    return Match(station, whole.boxes, line_index)


def extract(ctx: PageContext) -> ExpenseRecord:
    ex = Extraction(ctx, DOC_TYPE)
    rec = ex.record
    rec.invoice_form = "digital" if "电子发票" in ctx.text.compact else "paper"
    rec.invoice_kind = "general"
    ex.header_number_and_date((20,))
    # the station line: 北京南  G123  上海虹桥
    # (the 2012 paper layout prints the number as G6205次, above the stations)
    m = ex.find(r"(?:^|\s)(" + TRAIN_NO + r")次?(?:\s|$)")
    boxes = list(ctx.text.boxes)
    if m is None:
        m, boxes = _split_train_number(ctx) or (None, boxes)
    if m is None:
        m = _reread_train_number(ex)
    if m:
        ex.set("train_or_flight_number", m.value, m)
        # stations sit either side of the train number, roughly on its line
        x0, y0, x1, y1 = m.bbox
        near = [
            b for b in boxes if _shares_row(b, y0, y1) and re.fullmatch(STATION_PIECE, _bare(b))
        ]
        # OCR may cut a name into pieces (温 + 岭站): a station is every piece on its side
        left = sorted((b for b in near if b.x1 <= x0 + 1), key=lambda b: b.x0)
        right = sorted((b for b in near if b.x0 >= x1 - 1), key=lambda b: b.x0)
        for name, side in (("departure", left), ("arrival", right)):
            if not side:
                continue
            # a part cut from the number's box stands on the number's line
            line_index = next(
                (i for i, ln in enumerate(ctx.text.lines) if side[0] in ln.boxes), m.line_index
            )
            station = _station(ex, side, line_index)
            if station is not None:
                ex.set(name, station.value, station)
    m = ex.find(CN_DATE + r"\s*\d{1,2}[:：]\d{2}\s*开")
    if m is None and rec.invoice_form == "paper":
        # a paper ticket prints one date, the journey's; its time may be too faint to read
        m = ex.find(CN_DATE)
    if m:
        ex.set("travel_date", parse_date(m.value), m)
    ex.text("seat_class", SEATS)
    ex.money("total", r"(?:票价|价税合计|￥|¥)" + COLON + MONEY)
    if rec.total is None:
        m = ex.find(PAPER_PRICE)
        if m:
            ex.set("total", Decimal(m.value).quantize(Decimal("0.01")), m)
    if rec.total is None:
        # a bare sum, never one read out of the masked ID number (****80.35 for ****8035)
        ex.money("total", r"(?<![\d*.])" + MONEY)
    if rec.invoice_form == "paper" and rec.invoice_number is None:
        _paper_serial(ex)
    # the masked ID number before the name; OCR may put a dot among its last digits
    m = ex.find(r"\d{4,10}\*{2,12}[\d.]{2,5}[\dXx]?\s*([\u4e00-\u9fff·]{2,6})")
    if m:
        ex.set("passenger_name", m.value, m)
    ex.buyer_line()
    return rec
