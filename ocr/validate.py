"""Checks that decide ``ok`` versus ``review``. ``ok`` is a promise: any doubt → review.

A key field counts as confirmed when an independent source agrees with it: the QR code, a
checksum (tax IDs), arithmetic (amount + tax = total = 大写), or an exact source (text layer,
XML, OFD). Unconfirmed key fields read by OCR need a high recognition confidence.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from ocr.amounts import parse_capital
from ocr.dates import mend_future_year, printed_year
from ocr.names import has_known_surname
from ocr.qr import InvoiceQR
from ocr.records import ExpenseRecord
from ocr.taxid import check_tax_id, mend_tax_id

if TYPE_CHECKING:
    from ocr.doctypes import DocType

OCR_CONFIDENCE_FLOOR = 0.97  # an unconfirmed key field read by OCR needs at least this
EARLIEST = date(2000, 1, 1)
TOLERANCE = Decimal("0.01")
ITEM_TOLERANCE = Decimal("0.06")  # per-item rounding of tax adds up to a few cents

LABELS = {
    "invoice_code": "发票代码",
    "invoice_number": "发票号码",
    "issue_date": "开票日期",
    "check_code": "校验码",
    "amount": "金额",
    "tax": "税额",
    "total": "价税合计",
    "seller_tax_id": "销售方税号",
    "buyer_tax_id": "购买方税号",
    "seller_name": "销售方名称",
    "passenger_name": "乘客姓名",
    "travel_date": "出行日期",
    "train_or_flight_number": "车次/航班号",
    "departure": "出发地",
    "arrival": "到达地",
}


def label(field: str) -> str:
    return f"{LABELS.get(field, field)} ({field})"


def apply_qr(rec: ExpenseRecord, qr: InvoiceQR, *, exact_text: bool) -> set[str]:
    """Merge the QR code into the record; returns the fields it confirms.

    The QR code is the authority for code, number, date, pre-tax amount and check code.
    Where OCR read something else, the QR value wins and the disagreement is noted; in an
    exact source (text layer) a disagreement is an error — the document may be altered.
    """
    confirmed: set[str] = set()
    pairs = {
        "invoice_code": qr.invoice_code,
        "invoice_number": qr.invoice_number,
        "issue_date": qr.issue_date,
        "check_code": qr.check_code,
    }
    for name, qr_value in pairs.items():
        if qr_value is None:
            continue
        read = getattr(rec, name)
        if read is not None and read != qr_value:
            if exact_text:
                rec.add_problem(
                    name,
                    "qr_mismatch",
                    f"{label(name)} printed as {read} but the QR code says {qr_value}; "
                    "compare with the paper original",
                )
                continue
            rec.add_problem(
                name,
                "qr_corrected",
                f"{label(name)} read as {read}, corrected to {qr_value} from the QR code",
                "warning",
            )
        setattr(rec, name, qr_value)
        rec.confidence[name] = 1.0
        confirmed.add(name)
    if qr.amount is not None:
        confirmed |= _apply_qr_money(rec, qr)
    if rec.invoice_kind is None and qr.invoice_kind:
        rec.invoice_kind = qr.invoice_kind
    if qr.invoice_form and rec.doc_type in ("vat_invoice", "toll_receipt"):
        rec.invoice_form = qr.invoice_form
    return confirmed


def _apply_qr_money(rec: ExpenseRecord, qr: InvoiceQR) -> set[str]:
    """The QR money field is the total on 数电票 and the pre-tax amount on older codes. A
    document that agrees with the other reading is accepted too (some issuers mix them up)."""
    primary, other = ("total", "amount") if qr.money_is_total else ("amount", "total")
    if (
        rec.doc_type in ("vat_invoice", "toll_receipt")
        and getattr(rec, primary) is None
        and getattr(rec, other) != qr.amount
    ):
        setattr(rec, primary, qr.amount)
        rec.confidence[primary] = 1.0
    for name in (primary, other):
        if getattr(rec, name) == qr.amount:
            return {name}
    if rec.amount is not None or rec.total is not None:
        rec.add_problem(
            primary,
            "qr_mismatch",
            f"the QR code gives {qr.amount} as {label(primary)} but the document reads "
            f"{getattr(rec, primary) or getattr(rec, other)}; check the amounts",
        )
    return set()


def validate(
    rec: ExpenseRecord,
    module: DocType | None,
    *,
    exact: bool,
    confirmed: set[str] | None = None,
    today: date | None = None,
) -> None:
    """Add problems to ``rec`` and set its status. ``exact``: text layer, XML or OFD."""
    confirmed = set(confirmed or ())
    today = today or date.today()
    key_fields = getattr(module, "KEY_FIELDS", ())
    for name in carried_fields(rec, module):
        if getattr(rec, name) in (None, ""):
            rec.add_problem(
                name, "missing", f"{label(name)} was not found; enter it from the document"
            )

    _check_formats(rec, getattr(module, "NUMBER_FORMAT", r"\d{8}|\d{20}"))
    _check_dates(rec, today, exact)
    if not exact:
        _check_person_names(rec)
    confirmed |= _check_tax_ids(rec, exact)
    confirmed |= _check_money(rec)

    if not exact:
        for name in key_fields:
            value = getattr(rec, name)
            if value in (None, "") or name in confirmed:
                continue
            conf = rec.confidence.get(name, 0.0)
            if conf < OCR_CONFIDENCE_FLOOR:
                rec.add_problem(
                    name,
                    "low_confidence",
                    f"{label(name)} was read with {conf:.0%} confidence; "
                    "check it against the image",
                )
    if rec.doc_type == "unknown":
        rec.add_problem(None, "unknown_type", "not recognised as an invoice or receipt")
    if getattr(module, "SUPPORTING", False):
        rec.add_problem(
            None,
            "supporting_document",
            "a trip list (行程单) supports an invoice and is not claimed by itself; "
            "attach it to the ride-hailing invoice of the same total",
        )
    rec.status = "review" if any(p.severity == "error" for p in rec.problems) else "ok"


def carried_fields(rec: ExpenseRecord, module: DocType | None) -> tuple[str, ...]:
    """The key fields this document's type and form print: ``ok`` needs every one of them.
    A type's ``ABSENT_BY_FORM`` names the fields a form lacks (数电票 have no 发票代码)."""
    required = tuple(getattr(module, "REQUIRED", ()))
    fields = dict.fromkeys((*required, *getattr(module, "KEY_FIELDS", ())))
    absent = getattr(module, "ABSENT_BY_FORM", {})
    skip = set(absent.get(rec.invoice_form, ())) | set(
        absent.get(f"{rec.invoice_form}-{rec.invoice_kind}", ())
    )
    if rec.invoice_kind != "special" and _is_person(rec.buyer_name, module):
        skip |= set(getattr(module, "ABSENT_FOR_PERSONS", ()))
    return tuple(f for f in fields if f not in skip or f in required)


def _is_person(name: str | None, module: DocType | None) -> bool:
    """A buyer that is a private person: 个人, or a short name without an organisation word."""
    if not name:
        return False
    words = getattr(module, "ORGANISATION_WORDS", ())
    return name == "个人" or (
        2 <= len(name) <= 4
        and re.fullmatch(r"[\u4e00-\u9fff·]+", name) is not None
        and not any(w in name for w in words)
    )


def _check_formats(rec: ExpenseRecord, number_format: str) -> None:
    if rec.invoice_number is not None and not re.fullmatch(number_format, rec.invoice_number):
        rec.add_problem(
            "invoice_number",
            "format",
            f"发票号码 {rec.invoice_number} does not have the form this document prints",
        )
    if rec.invoice_code is not None and not re.fullmatch(r"\d{10}|\d{12}", rec.invoice_code):
        rec.add_problem(
            "invoice_code", "format", f"发票代码 {rec.invoice_code} should have 10 or 12 digits"
        )
    if rec.check_code is not None and not re.fullmatch(r"\d{20}|[0-9a-f]{5}", rec.check_code):
        rec.add_problem(
            "check_code",
            "format",
            f"校验码 {rec.check_code} should have 20 digits (5 characters on 区块链发票)",
        )


def _check_person_names(rec: ExpenseRecord) -> None:
    name = rec.passenger_name
    if name and not has_known_surname(name):
        rec.add_problem(
            "passenger_name",
            "unusual_name",
            f"{label('passenger_name')} {name} does not begin with a known surname: a character "
            "may be misread (a stamp over the name?); check it against the image",
        )


def _check_dates(rec: ExpenseRecord, today: date, exact: bool) -> None:
    issued, printed = rec.issue_date, printed_year(rec.invoice_code)
    mended = None if exact or issued is None else mend_future_year(issued, today, printed)
    if mended is not None:
        rec.issue_date = mended
        if rec.travel_date == issued:  # a taxi ride's date is its receipt's
            rec.travel_date = mended
        rec.add_problem(
            "issue_date",
            "mended",
            f"{label('issue_date')} read as {issued}, a date to come; the form was printed in "
            f"{printed} and {mended} is the one year OCR could have "
            "taken for it: check it on the image",
        )
    for name in ("issue_date", "travel_date"):
        value = getattr(rec, name)
        if value is not None and not (EARLIEST <= value <= today + timedelta(days=1)):
            rec.add_problem(name, "implausible_date", f"{label(name)} {value} is not plausible")


def _check_tax_ids(rec: ExpenseRecord, exact: bool) -> set[str]:
    confirmed = set()
    for name in ("seller_tax_id", "buyer_tax_id"):
        value = getattr(rec, name)
        if not value:
            continue
        result = check_tax_id(value)
        mended = None if exact or result.ok else mend_tax_id(value)
        if mended:
            setattr(rec, name, mended)
            rec.add_problem(
                name,
                "mended",
                f"tax ID read as {value}; its GB 32100 check says {mended} (one character "
                "that looks alike): check it character by character",
            )
            continue
        if result.ok and result.kind == "uscc":
            confirmed.add(name)
        elif result.ok:
            # older forms exist and have no checksum: fine from an exact source, doubtful from OCR
            rec.add_problem(
                name, "tax_id_unverifiable", result.message, "warning" if exact else "error"
            )
        else:
            rec.add_problem(
                name, "tax_id_checksum", result.message + "; check it character by character"
            )
    return confirmed


def _check_money(rec: ExpenseRecord) -> set[str]:
    confirmed: set[str] = set()
    amount, tax, total = rec.amount, rec.tax, rec.total
    if amount is not None and tax is not None and total is not None:
        if abs(amount + tax - total) > TOLERANCE:
            rec.add_problem(
                "total",
                "arithmetic",
                f"金额 {amount} + 税额 {tax} = {amount + tax}, not 价税合计 {total}",
            )
        else:
            confirmed |= {"amount", "tax", "total"} if rec.total_in_words else set()
    if rec.total_in_words:
        words = parse_capital(rec.total_in_words)
        if words is None:
            rec.add_problem(
                "total_in_words", "format", f"大写 {rec.total_in_words} is not well formed"
            )
        elif total is not None and words != total:
            rec.add_problem(
                "total",
                "words_mismatch",
                f"大写 {rec.total_in_words} = {words}, but 小写 reads {total}",
            )
            confirmed -= {"amount", "tax", "total"}
        elif total is not None and amount is None:
            confirmed.add("total")
    priced = [i for i in rec.items if i.amount is not None]
    if priced and amount is not None and rec.doc_type in ("vat_invoice", "toll_receipt"):
        items_amount = sum((i.amount for i in priced), Decimal(0))
        if abs(items_amount - amount) > TOLERANCE:
            rec.add_problem(
                "items", "items_sum", f"the items add up to {items_amount}, but 金额 reads {amount}"
            )
            confirmed.discard("amount")
        if tax is not None and all(i.tax is not None for i in priced):
            items_tax = sum((i.tax for i in priced if i.tax is not None), Decimal(0))
            if abs(items_tax - tax) > TOLERANCE:
                rec.add_problem(
                    "items",
                    "items_sum",
                    f"the item taxes add up to {items_tax}, but 税额 reads {tax}",
                )
                confirmed.discard("tax")
    if priced and total is not None and rec.doc_type == "receipt":
        items_total = sum((i.amount for i in priced), Decimal(0))
        if abs(items_total - total) > TOLERANCE:
            rec.add_problem(
                "items", "items_sum", f"the items add up to {items_total}, but 合计 reads {total}"
            )
        else:
            confirmed.add("total")
    for item in priced:
        if (
            item.quantity is not None
            and item.unit_price is not None
            and abs(item.quantity * item.unit_price - item.amount) > ITEM_TOLERANCE
        ):
            rec.add_problem(
                "items",
                "item_arithmetic",
                f"item {item.name}: {item.quantity} × {item.unit_price} ≠ {item.amount}",
                "warning",
            )
    return confirmed
