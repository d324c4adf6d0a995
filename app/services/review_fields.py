"""Which fields a reviewer sees for each kind of document, and how sure capture was of each."""

from __future__ import annotations

from ocr.category import BY_DOC_TYPE, BY_ITEM_KEYWORD
from ocr.records import READ_FIELDS, ExpenseRecord

INVOICE = (
    "invoice_code", "invoice_number", "issue_date", "check_code", "buyer_name", "buyer_tax_id",
    "seller_name", "seller_tax_id", "amount", "tax", "total",
)  # fmt: skip
TRAVEL = (
    "passenger_name", "train_or_flight_number", "departure", "arrival", "travel_date",
    "seat_class", "invoice_number", "issue_date", "total",
)  # fmt: skip
BY_TYPE: dict[str, tuple[str, ...]] = {
    "vat_invoice": INVOICE,
    "toll_receipt": INVOICE,
    "train_ticket": TRAVEL,
    "flight_itinerary": TRAVEL,
    "taxi_receipt": ("invoice_code", "invoice_number", "issue_date", "seller_name", "total"),
    "quota_invoice": ("invoice_code", "invoice_number", "seller_name", "issue_date", "total"),
    "receipt": ("seller_name", "issue_date", "amount", "total"),
}
CATEGORIES = tuple(dict.fromkeys([*BY_DOC_TYPE.values(), *(c for _, c in BY_ITEM_KEYWORD), "其他"]))
SURE, UNSURE = 0.9, 0.6  # confidence at or above SURE needs no look; below UNSURE is doubtful


def fields_for(record: ExpenseRecord) -> list[str]:
    """The read fields to show: the type's own, then any other field that holds a value."""
    shown = list(BY_TYPE.get(record.doc_type, INVOICE))
    shown += [f for f in READ_FIELDS if f not in shown and getattr(record, f) not in (None, "")]
    return shown


def field_level(record: ExpenseRecord, name: str) -> str:
    """ "problem" | "doubtful" | "unsure" | "sure" | "empty": how much a person should look."""
    if any(p.field == name and p.severity == "error" for p in record.problems):
        return "problem"
    value = getattr(record, name, None)
    if value in (None, ""):
        return "empty"
    confidence = record.confidence.get(name)
    if confidence is None:
        return "unsure"
    if confidence >= SURE:
        return "sure"
    return "unsure" if confidence >= UNSURE else "doubtful"
