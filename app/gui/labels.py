"""Words for the ledger's codes (field names, states, document types), translated."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

FIELDS = {
    "doc_type": QT_TRANSLATE_NOOP("labels", "Document type"),
    "category": QT_TRANSLATE_NOOP("labels", "Category"),
    "invoice_code": QT_TRANSLATE_NOOP("labels", "Invoice code"),
    "invoice_number": QT_TRANSLATE_NOOP("labels", "Invoice number"),
    "issue_date": QT_TRANSLATE_NOOP("labels", "Issue date"),
    "check_code": QT_TRANSLATE_NOOP("labels", "Check code"),
    "buyer_name": QT_TRANSLATE_NOOP("labels", "Buyer"),
    "buyer_tax_id": QT_TRANSLATE_NOOP("labels", "Buyer tax ID"),
    "seller_name": QT_TRANSLATE_NOOP("labels", "Seller"),
    "seller_tax_id": QT_TRANSLATE_NOOP("labels", "Seller tax ID"),
    "amount": QT_TRANSLATE_NOOP("labels", "Amount"),
    "tax": QT_TRANSLATE_NOOP("labels", "Tax"),
    "total": QT_TRANSLATE_NOOP("labels", "Total"),
    "total_in_words": QT_TRANSLATE_NOOP("labels", "Total in words"),
    "passenger_name": QT_TRANSLATE_NOOP("labels", "Passenger"),
    "departure": QT_TRANSLATE_NOOP("labels", "From"),
    "arrival": QT_TRANSLATE_NOOP("labels", "To"),
    "travel_date": QT_TRANSLATE_NOOP("labels", "Travel date"),
    "train_or_flight_number": QT_TRANSLATE_NOOP("labels", "Train / flight"),
    "seat_class": QT_TRANSLATE_NOOP("labels", "Seat class"),
    "currency": QT_TRANSLATE_NOOP("labels", "Currency"),
}
COLUMNS = {
    "id": QT_TRANSLATE_NOOP("labels", "No."),
    "state": QT_TRANSLATE_NOOP("labels", "Status"),
    "claim": QT_TRANSLATE_NOOP("labels", "Claim"),
    "submission": QT_TRANSLATE_NOOP("labels", "Submitted as"),
    "bot": QT_TRANSLATE_NOOP("labels", "Bot"),
    "status": QT_TRANSLATE_NOOP("labels", "Status"),
    "started": QT_TRANSLATE_NOOP("labels", "Started"),
    "seconds": QT_TRANSLATE_NOOP("labels", "Duration"),
    "steps": QT_TRANSLATE_NOOP("labels", "Steps passed"),
}
STATES = {
    "captured": QT_TRANSLATE_NOOP("labels", "To review"),
    "reviewed": QT_TRANSLATE_NOOP("labels", "Approved"),
    "submitted": QT_TRANSLATE_NOOP("labels", "Submitting"),
    "confirmed": QT_TRANSLATE_NOOP("labels", "Filed"),
    "failed": QT_TRANSLATE_NOOP("labels", "Failed"),
    "duplicate": QT_TRANSLATE_NOOP("labels", "Duplicate"),
    "passed": QT_TRANSLATE_NOOP("labels", "Passed"),
    "running": QT_TRANSLATE_NOOP("labels", "Running"),
}
DOC_TYPES = {
    "vat_invoice": QT_TRANSLATE_NOOP("labels", "VAT invoice"),
    "train_ticket": QT_TRANSLATE_NOOP("labels", "Train ticket"),
    "flight_itinerary": QT_TRANSLATE_NOOP("labels", "Flight itinerary"),
    "taxi_receipt": QT_TRANSLATE_NOOP("labels", "Taxi receipt"),
    "quota_invoice": QT_TRANSLATE_NOOP("labels", "Quota invoice"),
    "toll_receipt": QT_TRANSLATE_NOOP("labels", "Toll receipt"),
    "receipt": QT_TRANSLATE_NOOP("labels", "Receipt"),
    "trip_list": QT_TRANSLATE_NOOP("labels", "Trip list"),
    "unknown": QT_TRANSLATE_NOOP("labels", "Not recognised"),
}
SUBMISSIONS = {
    "pending": QT_TRANSLATE_NOOP("labels", "Waiting"),
    "in_flight": QT_TRANSLATE_NOOP("labels", "Sending…"),
    "retry": QT_TRANSLATE_NOOP("labels", "Will retry"),
    "unknown": QT_TRANSLATE_NOOP("labels", "Checking…"),
    "succeeded": QT_TRANSLATE_NOOP("labels", "Filed"),
    "rejected": QT_TRANSLATE_NOOP("labels", "Rejected"),
    "gave_up": QT_TRANSLATE_NOOP("labels", "Gave up"),
    "skipped": QT_TRANSLATE_NOOP("labels", "Not sent"),
}


def _tr(table: dict[str, str], key: str) -> str:
    text = table.get(key)
    return QCoreApplication.translate("labels", text) if text else key


def field(name: str) -> str:
    return _tr(FIELDS, name)


def column(name: str) -> str:
    return _tr(COLUMNS, name) if name in COLUMNS else _tr(FIELDS, name)


def state(name: str) -> str:
    return _tr(STATES, name)


def doc_type(name: str) -> str:
    return _tr(DOC_TYPES, name)


def submission(name: str) -> str:
    return _tr(SUBMISSIONS, name) if name else ""
