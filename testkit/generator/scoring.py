"""Compare captured records with ground truth (shared by golden tests and bench/accuracy.py)."""

from __future__ import annotations

from typing import Any

from ocr.doctypes import MODULES
from ocr.records import READ_FIELDS

CONTRACT_FIELDS = ("doc_type", "invoice_kind", "invoice_form", *READ_FIELDS)
ITEM_FIELDS = ("name", "spec", "unit", "quantity", "unit_price", "amount", "tax_rate", "tax")


def key_fields(doc_type: str) -> tuple[str, ...]:
    module = MODULES.get(doc_type)
    return tuple(getattr(module, "KEY_FIELDS", ()))


NAME_FIELDS = frozenset(
    {"buyer_name", "seller_name", "passenger_name", "departure", "arrival", "seat_class"}
)
_WIDTH = str.maketrans("()（）:：", "()()::")


def canonical(name: str, value: Any) -> Any:
    """Names compare without spaces and with brackets of either width; a station without 站."""
    if name in NAME_FIELDS and isinstance(value, str):
        value = "".join(value.split()).translate(_WIDTH)
        if name in ("departure", "arrival"):
            value = value.removesuffix("站")
    return value


def mismatches(
    record: dict[str, Any], truth: dict[str, Any], fields: tuple[str, ...] = CONTRACT_FIELDS
) -> dict[str, tuple[Any, Any]]:
    """Fields the truth defines where the record differs: name → (read, expected)."""
    out = {}
    for name in fields:
        if name not in truth:
            continue
        expected, read = truth[name], record.get(name)
        if canonical(name, expected) != canonical(name, read):
            out[name] = (read, expected)
    return out


def item_mismatches(record: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    expected = truth.get("items")
    if expected is None:
        return []
    got = record.get("items") or []
    if len(got) != len(expected):
        return [f"{len(got)} items read, {len(expected)} expected"]
    problems = []
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        for name in ITEM_FIELDS:
            if e.get(name) is not None and g.get(name) != e.get(name):
                problems.append(f"item {i + 1} {name}: {g.get(name)!r} != {e.get(name)!r}")
    return problems


def key_fields_right(record: dict[str, Any], truth: dict[str, Any]) -> bool:
    if record.get("doc_type") != truth["doc_type"]:
        return False
    fields = tuple(f for f in key_fields(truth["doc_type"]) if f in truth)
    return not mismatches(record, truth, fields)
