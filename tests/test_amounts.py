from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocr.amounts import format_money, parse_capital, parse_money, to_capital


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("0.50", "伍角"),
        ("10", "壹拾元整"),
        ("10.05", "壹拾元零伍分"),
        ("1234.50", "壹仟贰佰叁拾肆元伍角"),
        ("100010", "壹拾万零壹拾元整"),
        ("105000", "壹拾万伍仟元整"),
        ("1000000.01", "壹佰万元零壹分"),
        ("20300405.60", "贰仟零叁拾万零肆佰零伍元陆角"),
        ("687.11", "陆佰捌拾柒元壹角壹分"),
    ],
)
def test_capital_numerals_match_invoice_printing(value: str, words: str) -> None:
    assert to_capital(Decimal(value)) == words
    assert parse_capital(words) == Decimal(value).quantize(Decimal("0.01"))


@given(st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2))
def test_capital_round_trips(value: Decimal) -> None:
    assert parse_capital(to_capital(value)) == value


@pytest.mark.parametrize("text", ["壹佰贰元伍角伍角", "贰叁元", "壹仟万万元", "hello", ""])
def test_malformed_capitals_are_rejected(text: str) -> None:
    assert parse_capital(text) is None


def test_capital_variants_and_decorations_are_understood() -> None:
    assert parse_capital("ⓧ壹佰圆整") == Decimal("100.00")
    assert parse_capital("人民币 贰拾元正") == Decimal("20.00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("¥1,234.50", "1234.50"), ("￥ 12.3", "12.30"), ("合计 -5.00", "-5.00"), ("1234", "1234.00")],
)
def test_printed_money_is_parsed(text: str, expected: str) -> None:
    assert format_money(parse_money(text)) == expected


def test_text_without_money_gives_none() -> None:
    assert parse_money("no amount here") is None
    assert parse_money(None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开票日期：2024年05月12日", "2024-05-12"),
        ("2024-5-1 13:45", "2024-05-01"),
        ("2024/12/31", "2024-12-31"),
        ("20240512", "2024-05-12"),
        ("2024年02月30日 or 2024年03月01日", "2024-03-01"),
    ],
)
def test_printed_dates(text: str, expected: str) -> None:
    from ocr.dates import parse_date

    assert parse_date(text).isoformat() == expected


def test_no_date_gives_none() -> None:
    from ocr.dates import parse_date

    assert parse_date("no date") is None
    assert parse_date(None) is None


def test_one_misread_unit_in_the_words_is_the_unit_its_neighbours_leave() -> None:
    from ocr.amounts import mend_capital_units

    assert mend_capital_units("伍仟贰值壹拾元陆角肆分") == "伍仟贰佰壹拾元陆角肆分"
    assert mend_capital_units("叁值伍元") == "叁拾伍元"
    assert mend_capital_units("壹仟叁值拾元") == "壹仟叁值拾元"  # no unit fits: left alone
    assert mend_capital_units("贰佰叁拾元") == "贰佰叁拾元"
