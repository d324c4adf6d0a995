"""Typed values are read one way wherever a person types them: the review form, `zhangfang
review --set`, and a spreadsheet import."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from app.exports.claims import SpreadsheetError, read_records_workbook
from app.ledger import LedgerError
from ocr.records import ExpenseRecord
from ocr.typed import typed_value


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("total", "1,234.5", Decimal("1234.50")),
        ("total", "¥88", Decimal("88.00")),
        ("amount", "100.00元", Decimal("100.00")),
        ("tax", 6, Decimal("6.00")),
        ("issue_date", "2026-11-03", date(2026, 11, 3)),
        ("issue_date", datetime(2026, 11, 3, 9, 30), date(2026, 11, 3)),
        ("seller_name", "  上海示例餐饮有限公司 ", "上海示例餐饮有限公司"),
    ],
)
def test_values_as_people_type_them(name: str, value: object, expected: object) -> None:
    assert typed_value(name, value) == expected


@pytest.mark.parametrize(("name", "value", "says"), [
    ("total", "12,3x", "is not an amount (write e.g. 1234.50)"),
    ("issue_date", "3/11/2026", "is not a date (write YYYY-MM-DD)"),
])  # fmt: skip
def test_a_value_that_is_none_is_refused_in_the_same_words_everywhere(
    ledger, tmp_path, name: str, value: str, says: str
) -> None:
    rec = ExpenseRecord(source="a.pdf", doc_type="receipt", seller_name="店", total=Decimal(1))
    (rid,) = ledger.add_records([rec]).added
    with pytest.raises(LedgerError, match="nothing was changed") as corrected:
        ledger.correct(rid, {name: value})
    assert says in corrected.value.message
    book = tmp_path / "sheet.xlsx"
    wb = Workbook()
    sheet = wb.active
    sheet.title = "票据"
    sheet.append(["发票号码", {"total": "价税合计", "issue_date": "开票日期"}[name]])
    sheet.append(["12345678", value])
    wb.save(book)
    with pytest.raises(SpreadsheetError) as imported:
        read_records_workbook(book)
    assert says in str(imported.value) and "row 2" in str(imported.value)
