"""Dates as printed on Chinese documents: 2024年05月12日, 2024-05-12, 2024/5/12, 20240512."""

from __future__ import annotations

import re
from datetime import date

_DATE_RE = re.compile(r"(\d{4})\D{0,3}?(\d{1,2})\D{0,3}?(\d{1,2})")


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
