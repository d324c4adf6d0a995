"""Dates as printed on Chinese documents: 2024年05月12日, 2024-05-12, 2024/5/12, 20240512."""

from __future__ import annotations

import re
from datetime import date

_DATE_RE = re.compile(r"(\d{4})\D{0,3}?(\d{1,2})\D{0,3}?(\d{1,2})")


def plausible_date(value: date | None) -> bool:
    """A date an expense document can carry: this century, at most a year ahead (a reader's
    test for candidates; validation is stricter about the future)."""
    today = date.today()
    return value is not None and date(2000, 1, 1) <= value <= today.replace(year=today.year + 1)


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
