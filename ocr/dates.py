"""Dates as printed on Chinese documents: 2024年05月12日, 2024-05-12, 2024/5/12, 20240512."""

from __future__ import annotations

import re
from datetime import date

# dates as OCR and text layers give them, one pattern each for every reader (no groups):
# stray dots beside 年/月 on small print (2024年01.月16日); one separator lost by OCR
# (202402-18, 2024-0218) when the month has two digits and no digit or a time follows
CN_DATE_PATTERN = r"\d{4}[\s.,]*年\s*\d{1,2}[\s.,]*月\s*\d{1,2}[\s.,]*日?"
ISO_DATE_PATTERN = (
    r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}"
    r"|(?<!\d)\d{6}\s*[-/.]\s*\d{1,2}|\d{4}\s*[-/.]\s*\d{4}(?:(?!\d)|(?=\d{1,2}:\d{2}))"
)

_DATE_RE = re.compile(r"(\d{4})\D{0,3}?(\d{1,2})\D{0,3}?(\d{1,2})")


def plausible_date(value: date | None) -> bool:
    """A date an expense document can carry: this century, at most a year ahead (a reader's
    test for candidates; validation is stricter about the future)."""
    today = date.today()
    return value is not None and date(2000, 1, 1) <= value <= today.replace(year=today.year + 1)


# the last digit of a year as OCR misreads it on small or dot-matrix print (4 read as 9)
YEAR_SLIPS = {"7": "1", "8": "360", "9": "40"}


def printed_year(invoice_code: str | None) -> int | None:
    """The year a pre-printed form was printed, from its 发票代码: digits 6–7 of a
    12-digit code (1 4403 22 7 01 19: 2022), digits 5–6 of a 10-digit one."""
    if not invoice_code or not invoice_code.isdigit() or len(invoice_code) not in (10, 12):
        return None
    digits = invoice_code[5:7] if len(invoice_code) == 12 else invoice_code[4:6]
    return 2000 + int(digits)


def mend_future_year(value: date, today: date, printed: int | None) -> date | None:
    """A date in the future whose year's last digit is a known OCR slip (2029 for 2024):
    the one look-alike year from the form's print year up to today, else None. Without
    the print year there is no telling 2024 from 2020."""
    if value <= today or printed is None or not 2000 <= printed <= today.year:
        return None
    year = str(value.year)
    fits = []
    for digit in YEAR_SLIPS.get(year[-1], ""):
        try:
            candidate = value.replace(year=int(year[:-1] + digit))
        except ValueError:  # 29 February
            continue
        if printed <= candidate.year and candidate <= today:
            fits.append(candidate)
    return fits[0] if len(fits) == 1 else None


def parse_date(text: str | None) -> date | None:
    """The first valid date in ``text``; None when there is none."""
    if not text:
        return None
    for m in _DATE_RE.finditer(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None
