import random
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image

from ocr.qr import find_invoice_qr, parse_payload
from testkit.generator.corpus import make_case
from testkit.generator.truth import make_truth


def test_old_style_payload() -> None:
    qr = parse_payload("01,04,044031900111,12345678,1000.00,20240512,12345678901234567890,A1B2,")
    assert qr is not None
    assert qr.invoice_code == "044031900111"
    assert qr.invoice_number == "12345678"
    assert qr.amount == Decimal("1000.00")
    assert qr.issue_date == date(2024, 5, 12)
    assert qr.check_code == "12345678901234567890"
    assert (qr.invoice_kind, qr.invoice_form) == ("general", "paper")


def test_digital_payload_has_no_code_or_check_code() -> None:
    qr = parse_payload("01,31,,24312000000012345678,880.00,20240601,,8F3C,")
    assert qr is not None
    assert qr.invoice_code is None and qr.check_code is None
    assert qr.invoice_number == "24312000000012345678"
    assert (qr.invoice_kind, qr.invoice_form) == ("special", "digital")


@pytest.mark.parametrize(
    "payload",
    [
        "https://example.com/",
        "01,04,044031900111,1234567,1000.00,20240512,,",  # 7-digit number
        "01,04,044031900111,12345678,1000.00,20241340,,",  # no 40th of the 13th month
        "02,04,044031900111,12345678,1000.00,20240512,,",
    ],
)
def test_non_invoice_payloads_are_rejected(payload: str) -> None:
    assert parse_payload(payload) is None


@pytest.mark.parametrize("variant", ["scan", "blur", "jpeg", "photo", "rot90", "rot180"])
def test_qr_is_found_on_rendered_and_degraded_pages(tmp_path, variant: str) -> None:
    rng = random.Random(5)
    truth = make_truth("vat_invoice", rng, "electronic-general")
    case = make_case(tmp_path, "qr", truth, variant, rng)
    qr, found = find_invoice_qr(Image.open(case.path))
    assert qr is not None, f"no QR decoded on the {variant} page"
    assert qr.invoice_number == truth["invoice_number"]
    assert qr.invoice_code == truth["invoice_code"]
    assert found is not None
