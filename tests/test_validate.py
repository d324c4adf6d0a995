"""`ok` is a promise: every doubt must turn a record to `review` with a reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ocr.amounts import to_capital
from ocr.doctypes import train_ticket, vat_invoice
from ocr.qr import parse_payload
from ocr.records import ExpenseRecord, LineItem
from ocr.taxid import make_uscc
from ocr.validate import apply_qr, validate

SELLER = make_uscc("91310115MA1H7Q2X3")
BUYER = make_uscc("91110108MA01ABCD1")


def _invoice(**changes) -> ExpenseRecord:
    rec = ExpenseRecord(
        source="x.pdf",
        page=1,
        doc_type="vat_invoice",
        invoice_kind="special",
        invoice_form="digital",
        invoice_number="24312000000012345678",
        issue_date=date(2024, 6, 1),
        seller_name="甲公司",
        seller_tax_id=SELLER,
        buyer_name="乙公司",
        buyer_tax_id=BUYER,
        amount=Decimal("100.00"),
        tax=Decimal("13.00"),
        total=Decimal("113.00"),
        total_in_words=to_capital(Decimal("113.00")),
        items=[
            LineItem(
                name="*纸制品*复印纸",
                quantity=Decimal(1),
                unit_price=Decimal("100"),
                amount=Decimal("100.00"),
                tax_rate="13%",
                tax=Decimal("13.00"),
            )
        ],
    )
    for k, v in changes.items():
        setattr(rec, k, v)
    return rec


def _codes(rec: ExpenseRecord) -> set[tuple[str | None, str]]:
    return {(p.field, p.code) for p in rec.problems if p.severity == "error"}


def test_a_consistent_exact_invoice_is_ok() -> None:
    rec = _invoice()
    validate(rec, vat_invoice, exact=True, today=date(2024, 7, 1))
    assert rec.status == "ok", rec.problems


def test_amount_plus_tax_must_equal_total() -> None:
    rec = _invoice(total=Decimal("114.00"), total_in_words=to_capital(Decimal("114.00")))
    validate(rec, vat_invoice, exact=True, today=date(2024, 7, 1))
    assert rec.status == "review"
    assert ("total", "arithmetic") in _codes(rec)


def test_capital_amount_must_equal_figures() -> None:
    rec = _invoice(total_in_words=to_capital(Decimal("131.00")))
    validate(rec, vat_invoice, exact=True, today=date(2024, 7, 1))
    assert ("total", "words_mismatch") in _codes(rec)


def test_items_must_add_up_to_the_totals() -> None:
    rec = _invoice()
    rec.items[0].amount = Decimal("90.00")
    validate(rec, vat_invoice, exact=True, today=date(2024, 7, 1))
    assert ("items", "items_sum") in _codes(rec)


def test_a_bad_tax_id_checksum_is_an_error() -> None:
    bad = SELLER[:-1] + ("0" if SELLER[-1] != "0" else "1")
    rec = _invoice(seller_tax_id=bad)
    validate(rec, vat_invoice, exact=True, today=date(2024, 7, 1))
    assert ("seller_tax_id", "tax_id_checksum") in _codes(rec)


def test_old_tax_id_form_is_a_warning_when_exact_but_doubt_when_ocr() -> None:
    exact = _invoice(seller_tax_id="310115123456789")
    validate(exact, vat_invoice, exact=True, today=date(2024, 7, 1))
    assert exact.status == "ok"
    assert any(p.code == "tax_id_unverifiable" and p.severity == "warning" for p in exact.problems)
    ocr = _invoice(seller_tax_id="310115123456789", confidence={"seller_tax_id": 1.0})
    validate(ocr, vat_invoice, exact=False, today=date(2024, 7, 1))
    assert ("seller_tax_id", "tax_id_unverifiable") in _codes(ocr)


def test_number_and_code_formats() -> None:
    rec = _invoice(invoice_number="1234567", invoice_code="0440")
    validate(rec, vat_invoice, exact=True, today=date(2024, 7, 1))
    assert {("invoice_number", "format"), ("invoice_code", "format")} <= _codes(rec)


def test_future_and_ancient_dates_are_implausible() -> None:
    rec = _invoice(issue_date=date(2031, 1, 1))
    validate(rec, vat_invoice, exact=True, today=date(2024, 7, 1))
    assert ("issue_date", "implausible_date") in _codes(rec)


def test_missing_required_fields_are_named() -> None:
    rec = _invoice(seller_tax_id=None, issue_date=None)
    validate(rec, vat_invoice, exact=True, today=date(2024, 7, 1))
    assert {("seller_tax_id", "missing"), ("issue_date", "missing")} <= _codes(rec)
    assert any("销售方税号" in p.message for p in rec.problems)


def test_unconfirmed_ocr_field_with_low_confidence_needs_review() -> None:
    rec = _invoice(
        invoice_number="24312000000012345678",
        confidence={"invoice_number": 0.80, "issue_date": 0.999},
    )
    validate(rec, vat_invoice, exact=False, today=date(2024, 7, 1))
    assert ("invoice_number", "low_confidence") in _codes(rec)


def test_qr_confirms_and_corrects_what_ocr_misread() -> None:
    rec = _invoice(invoice_number="24312000000012345670", confidence={"invoice_number": 0.99})
    qr = parse_payload("01,31,,24312000000012345678,100.00,20240601,,ABCD,")
    confirmed = apply_qr(rec, qr, exact_text=False)
    assert rec.invoice_number == "24312000000012345678"
    assert {"invoice_number", "issue_date", "amount"} <= confirmed
    assert any(p.code == "qr_corrected" and p.severity == "warning" for p in rec.problems)


def test_qr_disagreeing_with_a_text_layer_is_an_error() -> None:
    rec = _invoice()
    qr = parse_payload("01,31,,24312000000099999999,100.00,20240601,,ABCD,")
    apply_qr(rec, qr, exact_text=True)
    validate(rec, vat_invoice, exact=True, today=date(2024, 7, 1))
    assert ("invoice_number", "qr_mismatch") in _codes(rec)
    assert rec.status == "review"


def test_a_year_to_come_is_mended_only_where_the_forms_print_year_leaves_one_choice() -> None:
    """Dot-matrix 4 read as 9 on a Shenzhen taxi receipt: 2029-01-23 on a form printed in
    2022 (code 1 4403 22 …) can only be 2024 (2020 is before the print), so it is mended and
    flagged. On a form printed in 2019 both 2024 and 2020 fit: left for a person."""
    from ocr.doctypes import taxi_receipt

    today = date(2026, 12, 2)
    for code, expected, flag in (
        ("144032270119", date(2024, 1, 23), "mended"),
        ("144031970219", date(2029, 1, 23), "implausible_date"),
    ):
        rec = ExpenseRecord(source="t.jpg", page=1, doc_type="taxi_receipt", currency="CNY")
        rec.invoice_code, rec.invoice_number = code, "16746969"
        rec.issue_date = rec.travel_date = date(2029, 1, 23)
        rec.total = Decimal("34.00")
        validate(rec, taxi_receipt, exact=False, today=today)
        assert rec.issue_date == rec.travel_date == expected
        assert rec.status == "review"
        flags = {p.code for p in rec.problems if p.field == "issue_date"}
        assert flag in flags and flags.isdisjoint({"mended", "implausible_date"} - {flag})
    rec = ExpenseRecord(source="t.pdf", page=1, doc_type="taxi_receipt", currency="CNY")
    rec.invoice_code, rec.issue_date = "144032270119", date(2029, 1, 23)
    validate(rec, taxi_receipt, exact=True, today=today)
    assert rec.issue_date == date(2029, 1, 23)  # a text layer is never mended


def _ticket(name: str) -> ExpenseRecord:
    rec = ExpenseRecord(
        source="ticket.jpg", page=1, doc_type="train_ticket", invoice_form="paper",
        invoice_number="Z2F085577", travel_date=date(2019, 3, 1),
        train_or_flight_number="K8381", departure="成都", arrival="重庆北",
        total=Decimal("46.50"), passenger_name=name,
    )  # fmt: skip
    rec.confidence = {f: 0.99 for f in train_ticket.KEY_FIELDS}
    return rec


def test_a_passenger_name_that_begins_with_no_surname_goes_to_a_person() -> None:
    """薛虎 under the ticket's 签 stamp came out 辞虎 at 98% confidence: ok, and wrong."""
    misread = _ticket("辞虎")
    validate(misread, train_ticket, exact=False, today=date(2024, 1, 1))
    assert misread.status == "review"
    assert ("passenger_name", "unusual_name") in _codes(misread)
    for name in ("薛虎", "周帅康", "欧阳娜娜", "肖战", "阿依古丽·买买提", "ZHANG/SAN"):
        fine = _ticket(name)
        validate(fine, train_ticket, exact=False, today=date(2024, 1, 1))
        assert fine.status == "ok", (name, fine.problems)
    # a text layer is exact: its names are not second-guessed
    exact = _ticket("辞虎")
    validate(exact, train_ticket, exact=True, today=date(2024, 1, 1))
    assert exact.status == "ok", exact.problems
