"""Shared extraction tools: a page context, value cleaners and field setters that keep track
of where each value was read and how sure the reader was."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ocr.amounts import parse_money
from ocr.dates import CN_DATE_PATTERN, ISO_DATE_PATTERN, parse_date
from ocr.fields import Candidate, FieldReader, FieldRule
from ocr.layout import Match, PageText, TextBox
from ocr.qr import InvoiceQR
from ocr.records import Box, ExpenseRecord

COLON = r"\s*[:：]?\s*"
MONEY = r"[¥￥Y半羊]?\s*(-?\d[\d,]*\.\d{2})"
CN_DATE = f"({CN_DATE_PATTERN})"
ISO_DATE = f"({ISO_DATE_PATTERN})"
_DIGIT_FIXES = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "I": "1",
        "l": "1",
        "|": "1",
        "S": "5",
        "B": "8",
        "Z": "2",
        "g": "9",
    }
)

# a region of the page (x0, y0, x1, y1 in its pixels) → the text OCR reads in it, its confidence
Reread = Callable[[tuple[float, float, float, float]], tuple[str, float]]


@dataclass
class PageContext:
    """What an extractor gets: the page text with geometry, and the QR code if one was read.
    ``reread`` (OCR pages only) reads one region of the page again, alone: for a value the
    layout says must be there when the whole-page pass missed it or read it in pieces."""

    text: PageText
    page_number: int
    source: str
    qr: InvoiceQR | None = None
    reread: Reread | None = None


def digits(value: str) -> str:
    """Digits of a value read by OCR, with the usual letter/digit confusions mended."""
    return re.sub(r"\D", "", value.replace(" ", "").translate(_DIGIT_FIXES))


def company_name(value: str) -> str:
    """Names as issuers print them: no spaces, full-width brackets."""
    return re.sub(r"\s+", "", value).replace("(", "（").replace(")", "）")


def tax_id(value: str) -> str:
    v = re.sub(r"[\s:：]", "", value).upper()
    return v.replace("O", "0").replace("I", "1")


class Extraction:
    """Set fields on a record from layout matches, recording confidence and boxes."""

    def __init__(self, ctx: PageContext, doc_type: str) -> None:
        self.ctx = ctx
        self.record = ExpenseRecord(source=ctx.source, page=ctx.page_number, doc_type=doc_type)

    def _box(self, match: Match) -> Box:
        x0, y0, x1, y1 = match.bbox
        w, h = self.ctx.text.width or 1, self.ctx.text.height or 1
        return Box(self.ctx.page_number, x0 / w, y0 / h, x1 / w, y1 / h)

    def set(
        self, name: str, value: object, match: Match | None, confidence: float | None = None
    ) -> None:
        if value in (None, ""):
            return
        setattr(self.record, name, value)
        if match is not None:
            self.record.boxes[name] = self._box(match)
            conf = match.confidence if confidence is None else confidence
        else:
            conf = 1.0 if confidence is None else confidence
        self.record.confidence[name] = round(float(conf), 3)

    def reread(
        self, region: tuple[float, float, float, float], pattern: str, line_index: int
    ) -> Match | None:
        """Read ``region`` again on its own (OCR pages only); a match when all of its text,
        spaces left out, fits ``pattern`` (the first group, if any, is the value)."""
        if self.ctx.reread is None:
            return None
        x0, y0, x1, y1 = region
        if x1 - x0 < 4 or y1 - y0 < 4:
            return None
        text, confidence = self.ctx.reread(region)
        found = re.fullmatch(pattern, "".join(text.split()))
        if not found:
            return None
        value = found.group(1) if found.groups() else found.group(0)
        return Match(value, (TextBox(value, x0, y0, x1, y1, confidence),), line_index)

    def fields(self, rules: Sequence[FieldRule], stop_labels: Sequence[str] = ()) -> FieldReader:
        """Set each rule's field from its best candidate (doubtful ones with low confidence,
        so that validation sends them to review); returns the reader for further use."""
        reader = FieldReader(self.ctx.text, rules, stop_labels)
        for rule in rules:
            if getattr(self.record, rule.name) not in (None, ""):
                continue
            best = reader.best(rule)
            if best is not None:
                self.take(rule.name, best)
        return reader

    def take(self, name: str, candidate: Candidate) -> None:
        """Set a field from a candidate; one that fails its kind's checks is kept (a person
        can fix it) with a confidence that sends the record to review."""
        valid = candidate.valid
        conf = candidate.confidence if valid else min(candidate.confidence, 0.5)
        self.set(name, candidate.value, candidate.match, conf)

    def unlabelled_code_and_number(self) -> None:
        """发票代码 and 发票号码 printed without labels, in red, one above the other
        (111001981004 / 24698650) or in one run: Beijing's taxi meters, some quota forms.
        Only fields not read yet are set."""
        lines = self.ctx.text.lines
        for i, line in enumerate(lines[: max(4, len(lines) // 2)]):
            text = re.sub(r"\s", "", line.text)
            m = re.fullmatch(r"(\d{10}|\d{12})(\d{8})?", text)
            if not m:
                continue
            code_match = self.find(r"(" + m.group(1) + r")")
            if m.group(2):
                self._set_missing("invoice_code", m.group(1), code_match)
                self._set_missing("invoice_number", m.group(2), code_match)
                return
            below = re.sub(r"\s", "", lines[i + 1].text) if i + 1 < len(lines) else ""
            self._set_missing("invoice_code", m.group(1), code_match)
            if re.fullmatch(r"\d{8}", below):
                self._set_missing("invoice_number", below, self.find(r"(" + below + r")"))
            return

    def unlabelled(self, name: str, value: object, match: Match | None, what: str) -> None:
        """Set a field found by the shape of its value alone (its label unreadable: fax, a
        stamp over it). Right more often than not, but a person confirms it: an error."""
        if getattr(self.record, name) not in (None, ""):
            return
        self.set(name, value, match, min(match.confidence if match else 1.0, 0.9))
        self.record.add_problem(
            name,
            "unlabelled",
            f"{name} was read without its label ({what}); check it against the image",
        )

    def _set_missing(self, name: str, value: object, match: Match | None) -> None:
        if getattr(self.record, name) in (None, ""):
            self.set(name, value, match)

    def find(self, pattern: str, group: int | str = 1) -> Match | None:
        return self.ctx.text.find(pattern, group)

    def money(self, name: str, pattern: str) -> Decimal | None:
        m = self.find(pattern)
        value = parse_money(m.value) if m else None
        self.set(name, value, m)
        return value

    def date(self, name: str, pattern: str) -> date | None:
        m = self.find(pattern)
        value = parse_date(m.value) if m else None
        self.set(name, value, m)
        return value

    def digits(self, name: str, pattern: str, lengths: tuple[int, ...]) -> str | None:
        m = self.find(pattern)
        if not m:
            return None
        value = digits(m.value)
        if len(value) not in lengths:
            # keep what was read so a person can fix it; validation flags the format
            self.set(name, value, m, confidence=min(m.confidence, 0.5))
            return value
        self.set(name, value, m)
        return value

    def header_number_and_date(self, lengths: tuple[int, ...]) -> None:
        """发票号码 and 开票日期, printed top right on every invoice form."""
        self.digits("invoice_number", r"发票号码" + COLON + r"([0-9OoIlD]{8,22})", lengths)
        self.date("issue_date", r"开票日期" + COLON + CN_DATE)

    def buyer_line(self) -> None:
        """购买方名称 and 统一社会信用代码 as travel e-tickets print them on one line."""
        m = self.find(r"购买方名称" + COLON + r"(\S+)")
        if m:
            self.set("buyer_name", company_name(m.value), m)
        m = self.find(r"统一社会信用代码" + COLON + r"([0-9A-Za-z]{15,20})")
        if m:
            self.set("buyer_tax_id", tax_id(m.value), m)

    def text(self, name: str, pattern: str) -> str | None:
        m = self.find(pattern)
        if not m:
            return None
        value = re.sub(r"\s+", "", m.value)
        self.set(name, value, m)
        return value


def consistent_money(
    amount: Sequence[Candidate], tax: Sequence[Candidate], total: Sequence[Candidate]
) -> tuple[Candidate | None, Candidate | None, Candidate | None]:
    """The best amount, tax and total that add up (amount + tax = total); else the best of
    each on its own."""
    best: tuple[float, tuple] | None = None
    for a in amount[:6]:
        for t in tax[:6]:
            for s in total[:6]:
                if abs(a.value + t.value - s.value) <= Decimal("0.01"):  # type: ignore[operator]
                    score = a.score + t.score + s.score
                    if best is None or score > best[0]:
                        best = (score, (a, t, s))
    if best is not None:
        return best[1]
    return (
        amount[0] if amount else None,
        tax[0] if tax else None,
        total[0] if total else None,
    )
