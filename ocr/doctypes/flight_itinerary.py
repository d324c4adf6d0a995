"""Air itineraries (电子发票（航空运输电子客票行程单） and the older 行程单)."""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from decimal import Decimal
from importlib import resources

from ocr.doctypes.base import Extraction, PageContext, company_name, parse_date
from ocr.fields import FieldReader, FieldRule
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
    # international e-ticket receipts (IATA wording), also as travel agents print them
    ("PASSENGERITINERARYRECEIPT", 6),
    ("ITINERARY/INVOICE", 6),
    ("ELECTRONICTICKET", 3),
    ("TICKETNUMBER", 3),
    ("ISSUINGAIRLINE", 2),
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
# 数电 itineraries: the 20-digit 发票号码; the older paper form: its 10-digit 印刷序号
NUMBER_FORMAT = r"\d{20}|\d{10}|\d{13}"  # …and an e-ticket's 13-digit number

# The older form prints English captions between a label and its value, and the money in
# the row below the header row (票价 / 燃油附加费 / … / 合计): values right of or below labels.
NUMBER = FieldRule("invoice_number", ("发票号码", "印刷序号"), "digits", lengths=(20, 10))
TICKET = FieldRule(
    "invoice_number", ("TICKETNUMBER", "票号", "E-TICKETNO."), "digits", lengths=(13,)
)
ISSUED_EN = FieldRule(
    "issue_date", ("ISSUEDATE", "出票日期", "DATE"), "text", where=("right",), pattern=r"(.{5,12})"
)
ISSUED = FieldRule("issue_date", ("开票日期", "填开日期"), "date")
PASSENGER = FieldRule(
    "passenger_name",
    ("旅客姓名", "旅客", "PASSENGER", "NAME"),
    "text",
    # a person's name: 2–5 characters, longer only with the · of a transliterated name, or
    # SURNAME/GIVEN; a longer run of characters is the next label misread (有效身份证件号码)
    pattern=(
        r"([\u4e00-\u9fff]{2,5}(?![\u4e00-\u9fff·])"
        r"|[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff·]{1,16}|[A-Z]+/[A-Z]+)"
    ),
)
FLIGHT = FieldRule(
    "train_or_flight_number",
    ("航班号", "FLIGHT"),
    "text",
    where=("below",),
    pattern=r"([A-Z0-9]{2}\d{3,4}|\d{3,4})",
)
CARRIER = FieldRule(
    "carrier", ("承运人",), "text", where=("below",), pattern=r"([A-Z0-9]{2})(?![A-Z0-9])"
)
TRAVEL_DATE = FieldRule(
    "travel_date", ("日期",), "date", where=("below",), row_with=("航班号", "承运人", "座位等级")
)
TOTAL = FieldRule("total", ("合计", "TOTAL", "总计金额"), "money", where=("right", "below"))
TAX = FieldRule("tax", ("增值税税额",), "money", where=("right", "below"))
BUYER = FieldRule("buyer_name", ("购买方名称",), "name", where=("right",))
BUYER_ID = FieldRule(
    "buyer_tax_id", ("统一社会信用代码", "纳税人识别号"), "tax_id", where=("right",)
)
SELLER = FieldRule("seller_name", ("填开单位",), "name")
SEAT = FieldRule(
    "seat_class", ("座位等级",), "text", where=("below",), pattern=r"([A-Z])(?![A-Za-z0-9])"
)
RULES = (NUMBER, ISSUED, PASSENGER, TRAVEL_DATE, TOTAL, TAX, BUYER, BUYER_ID, SELLER, SEAT)
STOP_LABELS = (
    "有效身份证件号码",
    "签注",
    "客票级别",
    "客票生效日期",
    "有效截止日期",
    "免费行李",
    "时间",
    "票价",
    "燃油附加费",
    "民航发展基金",
    "其他税费",
    "增值税税率",
    "电子客票号码",
    "验证码",
    "提示信息",
    "保险费",
    "销售单位代号",
    "销售网点代号",
    "承运人",
    "航班号",
    "FQTV",
    "AGENT",
    "BOOKINGREF",
    "ORDERID",
)
# 自 FROM / 至 TO, then the airport's IATA code and name in either order; the English
# caption is often misread (自t mOM), so any short Latin run may stand between
AIRPORT = r"[\sA-Za-z0-9.:：]{0,10}?(?:([A-Z]{3})\s+)?([\u4e00-\u9fff]{2,8})\s*(?:([A-Z]{3}))?"


@functools.cache
def airports() -> dict[str, str]:
    data = json.loads(resources.files("ocr.data").joinpath("airports.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _airport(ex: Extraction, name: str, label: str) -> None:
    """自 / 至 with the airport's name and its IATA code (before or after the name); full
    confidence when code and name agree with the table of airports."""
    regex = re.compile(r"(?:^|\s)" + label + AIRPORT)
    for line in ex.ctx.text.lines:
        m = regex.search(line.text)
        if not m:
            continue
        code = m.group(1) or m.group(3)
        value = m.group(2)
        match = ex.ctx.text.find(r"(" + re.escape(value) + r")")
        agreed = code is not None and airports().get(code) == value
        ex.set(name, value, match, 1.0 if agreed else None)
        return


MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
EN_DATE = re.compile(r"(\d{1,2})[-\s]?([A-Za-z]{3})[-\s]?(\d{4}|\d{2})?(?![A-Za-z])")


def _english_date(text: str, after: date | None = None) -> date | None:
    """27 JUL 2019, 03-Dec-21, 18AUG (the year from ``after``: the next such day on or after it)."""
    m = EN_DATE.search(text)
    if not m or m.group(2).upper() not in MONTHS:
        return None
    day, month = int(m.group(1)), MONTHS[m.group(2).upper()]
    year_text = m.group(3)
    try:
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            if after is None or abs(year - after.year) <= 1:
                return date(year, month, day)
            # "18AUG 1210": the digits after the day are a time, not a year
        if after is None:
            return None
        guess = date(after.year, month, day)
        return guess if guess >= after else date(after.year + 1, month, day)
    except ValueError:
        return None


def _english_dates(ex: Extraction, reader: FieldReader) -> None:
    """International e-ticket receipts print dates in English and a flight date without a
    year; read them after the issue date, which has one."""
    rec = ex.record
    if rec.issue_date is None:
        for cand in reader.candidates(ISSUED_EN):
            issued = _english_date(str(cand.value))
            if issued:
                ex.set("issue_date", issued, cand.match, cand.confidence)
                break
    if rec.travel_date is None and rec.train_or_flight_number:
        number = rec.train_or_flight_number
        for line in ex.ctx.text.lines:
            compact = line.text.replace(" ", "")
            if number not in compact:
                continue
            found = _english_date(line.text, rec.issue_date)
            if found:
                ex.set(
                    "travel_date", found, ex.ctx.text.find(r"(" + re.escape(line.text[:40]) + r")")
                )
                rec.confidence["travel_date"] = min(b.confidence for b in line.boxes)
                break


def _unlabelled_values(ex: Extraction) -> None:
    """When 自/至 and 航班号 could not be read (fax, a fold): airports whose IATA code and
    name agree with the table, in reading order, and a token shaped like a flight number.
    Flagged for a person: which airport is the departure is then a guess from the order."""
    rec, text = ex.record, ex.ctx.text
    if rec.departure is None or rec.arrival is None:
        found: list[tuple[tuple[int, float], str]] = []  # (reading position, airport)
        for pattern in (
            r"(?<![A-Z])([A-Z]{3}\s*[\u4e00-\u9fff]{2,6})",  # SZX 深圳宝安
            r"([\u4e00-\u9fff]{2,6}\s*[A-Z]{3})(?![A-Z])",  # 深圳宝安 SZX
        ):
            for m in text.find_all(pattern):
                value = m.value.replace(" ", "")
                code, name = (
                    (value[:3], value[3:]) if value[0].isascii() else (value[-3:], value[:-3])
                )
                if airports().get(code) == name and name not in (n for _, n in found):
                    found.append(((m.line_index, m.boxes[0].x0), name))
        order = [name for _, name in sorted(found)]
        known = {rec.departure, rec.arrival} - {None}
        missing = [f for f in ("departure", "arrival") if getattr(rec, f) is None]
        left = [name for name in order if name not in known]
        if len(missing) == 2 and len(order) == 2:
            pairs = list(zip(missing, order, strict=True))
        elif len(missing) == 1 and len(left) == 1:
            pairs = [(missing[0], left[0])]
        else:
            pairs = []
        for field, name in pairs:
            ex.unlabelled(field, name, text.find(r"(" + re.escape(name) + r")"), "order")
    if rec.train_or_flight_number is None:
        m = text.find(r"(?<![A-Z0-9])([A-Z][A-Z0-9] ?\d{3,4})(?![0-9A-Z])")
        if m:
            ex.unlabelled("train_or_flight_number", m.value.replace(" ", ""), m, "its shape")


FARE_VALUE = r"(?<![\d.])(?:CNY|¥|￥)?\s*(\d{1,6}\.\d{2})(?![\d%])"


def _total_by_fare_sum(ex: Extraction) -> None:
    """合计 unread (合让 on a fax): the fare row ends in the total, the sum of the values
    before it — 票价, 燃油附加费, 民航发展基金, 其他税费, with the VAT amount (included in the
    fare) left out where it is printed there too. Flagged for a person."""
    rec, text = ex.record, ex.ctx.text
    if rec.total is not None:
        return
    rows: dict[int, list[Match]] = {}
    for m in text.find_all(FARE_VALUE):
        rows.setdefault(m.line_index, []).append(m)
    for _, row in sorted(rows.items()):
        if len(row) < 3:
            continue
        *parts, last = [Decimal(m.value) for m in row]
        before = sum(parts, Decimal(0))
        sums = {before, before - rec.tax} if rec.tax is not None and rec.tax in parts else {before}
        if last > 0 and last in sums:
            ex.unlabelled("total", last, row[-1], "the sum of the fare row")
            return


def extract(ctx: PageContext) -> ExpenseRecord:
    ex = Extraction(ctx, DOC_TYPE)
    rec = ex.record
    rec.invoice_form = "digital" if "电子发票" in ctx.text.compact else "paper"
    rec.invoice_kind = "general"
    reader = ex.fields(RULES, STOP_LABELS)
    if rec.invoice_number is None:
        ex.fields((TICKET,), STOP_LABELS)
    _airport(ex, "departure", "自")
    _airport(ex, "arrival", "至")
    flight = reader.best(FLIGHT)
    if flight is not None:
        number, conf = str(flight.value), flight.confidence
        if number.isdigit():  # the older form prints the carrier in a column of its own
            carrier = reader.best(CARRIER)
            number = f"{carrier.value}{number}" if carrier else ""
            conf = min(conf, carrier.confidence) if carrier else conf
        if number:
            ex.set("train_or_flight_number", number, flight.match, conf)
    _unlabelled_values(ex)
    _total_by_fare_sum(ex)
    _english_dates(ex, reader)
    if rec.travel_date is None:
        dm = ex.find(r"(\d{4}-\d{2}-\d{2})")
        if dm:
            ex.set("travel_date", parse_date(dm.value), dm)
    if rec.seller_name:
        rec.seller_name = company_name(rec.seller_name)
    return rec
