"""Values a person typed — in the review form, on the command line, in a spreadsheet — and
finishing a record after them. Capture, correction and spreadsheet import all end a record
the same way: validated again, with what a person typed counted as confirmed."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from ocr.records import DATE_FIELDS, MONEY_FIELDS, ExpenseRecord

KEPT_PROBLEMS = ("duplicate", "near_duplicate")  # the ledger's findings, not the page's


def typed_value(name: str, value: object) -> object:
    """``value`` as field ``name`` holds it: amounts as a person writes them ("1,234.50",
    "¥88"), dates as YYYY-MM-DD (or a spreadsheet's date cell). A value that is neither is a
    ValueError that says how to write it — never stored as empty."""
    if name in MONEY_FIELDS:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return Decimal(str(value)).quantize(Decimal("0.01"))
        text = str(value).replace(",", "").replace("，", "").strip().lstrip("¥￥").rstrip("元")
        try:
            return Decimal(text.strip()).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValueError(f"{name} {value!r} is not an amount (write e.g. 1234.50)") from None
    if name in DATE_FIELDS:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise ValueError(f"{name} {value!r} is not a date (write YYYY-MM-DD)") from None
    return str(value).strip()


def finish_typed(rec: ExpenseRecord, typed: Collection[str], *, exact: bool) -> None:
    """Validate ``rec`` again after a person typed the fields ``typed`` (they count as sure
    and confirmed); the ledger's duplicate findings are kept. ``exact``: every value was
    typed (a spreadsheet), none read by OCR."""
    from ocr.doctypes import MODULES
    from ocr.validate import validate

    kept = [p for p in rec.problems if p.code in KEPT_PROBLEMS]
    rec.problems = []
    for name in typed:
        rec.confidence[name] = 1.0
    validate(rec, MODULES.get(rec.doc_type), exact=exact, confirmed=set(typed))
    for problem in kept:
        rec.add_problem(problem.field, problem.code, problem.message, problem.severity)
