import pytest

from ocr.taxid import check_tax_id, make_uscc, uscc_check_char


def test_published_example_code_is_valid() -> None:
    # an example used in GB 32100 explanations
    assert check_tax_id("91350100M000100Y43").kind == "uscc"


def test_check_character_catches_a_single_typo() -> None:
    code = make_uscc("91110108MA01ABCD1")
    assert check_tax_id(code).ok
    typo = code[:5] + ("1" if code[5] != "1" else "2") + code[6:]
    result = check_tax_id(typo)
    assert not result.ok
    assert "check character" in result.message


def test_check_character_can_be_zero() -> None:
    # find a prefix whose check char is '0' and make sure it round-trips
    for n in range(1000):
        prefix = f"9131000{n:010d}"
        if uscc_check_char(prefix) == "0":
            assert check_tax_id(prefix + "0").ok
            return
    pytest.fail("no prefix with check character 0 in range")


@pytest.mark.parametrize("value", ["310115123456789", "310115123456789012AB"])
def test_older_forms_are_accepted_without_checksum(value: str) -> None:
    result = check_tax_id(value)
    assert result.ok
    assert result.kind == "other"


@pytest.mark.parametrize("value", ["1234", "91350100M000100Y4!", "I1350100M000100Y43"])
def test_garbage_is_not_a_tax_id(value: str) -> None:
    assert not check_tax_id(value).ok


def test_an_ocr_slip_the_check_character_can_correct_is_mended() -> None:
    from ocr.taxid import make_uscc, mend_tax_id

    good = make_uscc("91110108670553552")
    assert good.endswith("T")
    assert mend_tax_id(good[:17] + "7") == good  # T printed small reads as 7
    region = make_uscc("91320583HX85XPWTA")
    assert mend_tax_id(region[:4] + "O" + region[5:]) == region  # O in the region code
    assert mend_tax_id(good) is None  # nothing to mend
    assert mend_tax_id(good[:17] + "K") is None  # K does not look like T: the body is wrong
    assert mend_tax_id("913205833X109MW87D") is None  # no likely slip explains it: a person's
    body = make_uscc("91310115DNXFDKAPP")
    assert mend_tax_id(body.replace("D", "0", 1)) == body  # D of the organisation code read 0
    stray = make_uscc("91320583Q9YWK7QP5")
    assert mend_tax_id(stray.replace("Y", "V")) == stray  # V is no character of the code


def test_a_mended_tax_id_is_set_but_never_ok() -> None:
    from ocr.doctypes import MODULES
    from ocr.records import ExpenseRecord
    from ocr.taxid import make_uscc
    from ocr.validate import validate

    good = make_uscc("91110108670553552")
    rec = ExpenseRecord(source="x.jpg", page=1, doc_type="vat_invoice", currency="CNY")
    rec.buyer_tax_id = good[:17] + "7"
    validate(rec, MODULES["vat_invoice"], exact=False)
    assert rec.buyer_tax_id == good
    assert ("buyer_tax_id", "mended") in [(p.field, p.code) for p in rec.problems]
    assert rec.status == "review"
