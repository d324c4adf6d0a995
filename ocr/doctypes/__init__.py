"""Document types: each module classifies by keywords and extracts by layout.

A module has ``DOC_TYPE``, ``KEYWORDS`` ((text, weight) pairs), ``KEY_FIELDS`` (the fields
accuracy is measured on and that must be right for ``ok``), ``REQUIRED`` and ``extract(ctx)``;
optionally ``REQUIRES_ANY`` (words one of which the page must show), ``EXCLUDES`` (words
it never shows), ``ABSENT_BY_FORM``
(key fields a form does not print), ``NUMBER_FORMAT`` and ``SUPPORTING`` (never ``ok``).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from ocr.doctypes import (
    flight_itinerary,
    quota_invoice,
    receipt,
    taxi_receipt,
    toll_receipt,
    train_ticket,
    trip_list,
    vat_invoice,
)
from ocr.doctypes.base import PageContext
from ocr.qr import InvoiceQR
from ocr.records import ExpenseRecord


@runtime_checkable
class DocType(Protocol):
    """What a document-type module provides (the optional names are read with ``getattr``:
    REQUIRES_ANY, EXCLUDES, ABSENT_BY_FORM, NUMBER_FORMAT, SUPPORTING)."""

    DOC_TYPE: str
    KEYWORDS: Sequence[tuple[str, float]]
    KEY_FIELDS: Sequence[str]
    REQUIRED: Sequence[str]

    def extract(self, ctx: PageContext) -> ExpenseRecord: ...


MODULES: dict[str, DocType] = {
    m.DOC_TYPE: m
    for m in (
        toll_receipt,
        train_ticket,
        flight_itinerary,
        taxi_receipt,
        quota_invoice,
        vat_invoice,
        receipt,
        trip_list,
    )
}
MIN_SCORE = 2.0
CLEAR_SCORE = 6.0  # an exact-keyword score this high needs no fuzzy second look


def fuzzy_contains(text: str, keyword: str, fuzzy: bool = True) -> float:
    """1.0 for an exact hit; for longer keywords, partial credit for a near miss (OCR slips)."""
    if keyword in text:
        return 1.0
    if not fuzzy or len(keyword) < 4 or sum(ch in text for ch in set(keyword)) < len(keyword) / 2:
        return 0.0
    n = len(keyword)
    best = 0.0
    matcher = difflib.SequenceMatcher(None, keyword, "", autojunk=False)
    for start in range(0, max(1, len(text) - n + 1)):
        matcher.set_seq2(text[start : start + n])
        if matcher.real_quick_ratio() < 0.75 or matcher.quick_ratio() < 0.75:
            continue
        best = max(best, matcher.ratio())
        if best >= 0.99:
            break
    return best if best >= 0.75 else 0.0


def classify(
    compact_text: str, qr: InvoiceQR | None = None, *, fuzzy: bool = True
) -> tuple[str, float]:
    """The most likely document type and its score (0 when nothing fits). ``fuzzy`` allows
    near misses, for text read by OCR."""
    scores = _scores(compact_text, qr, fuzzy=False)
    if fuzzy and max(scores.values()) < CLEAR_SCORE:
        scores = _scores(compact_text, qr, fuzzy=True)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < MIN_SCORE:
        return "unknown", 0.0
    return best, scores[best]


def _scores(compact_text: str, qr: InvoiceQR | None, *, fuzzy: bool) -> dict[str, float]:
    scores: dict[str, float] = {}
    for doc_type, module in MODULES.items():
        markers = getattr(module, "REQUIRES_ANY", ())
        excluded = getattr(module, "EXCLUDES", ())
        if (markers and not any(m in compact_text for m in markers)) or any(
            m in compact_text for m in excluded
        ):
            scores[doc_type] = 0.0
            continue
        scores[doc_type] = sum(
            w * fuzzy_contains(compact_text, kw, fuzzy) for kw, w in module.KEYWORDS
        )
    if qr is not None:
        hinted = {"51": "train_ticket", "61": "flight_itinerary"}.get(qr.type_code, "vat_invoice")
        scores[hinted] = scores.get(hinted, 0) + 4
        if hinted == "vat_invoice":
            scores["toll_receipt"] += 2 if scores["toll_receipt"] >= 6 else 0
    return scores


__all__ = ["MODULES", "classify", "fuzzy_contains"]
