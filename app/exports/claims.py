"""Ledger records to and from Excel: the claim form (报销单) beside the flat list, and
records kept in spreadsheets brought into the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from app.exports.records import DOC_TYPE_NAMES, MONEY_FORMAT, RECORD_COLUMNS, build_workbook
from app.ledger.store import StoredRecord
from ocr.amounts import to_capital
from ocr.records import READ_FIELDS, ExpenseRecord
from ocr.typed import finish_typed, typed_value

THIN = Side(style="thin", color="666666")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CLAIM_COLUMNS = [("序号", 6), ("日期", 12), ("费用类别", 12), ("摘要", 34), ("发票号码", 24),
                 ("金额（元）", 14), ("状态", 10)]  # fmt: skip
STATE_NAMES = {"captured": "待审核", "reviewed": "已审核", "submitted": "提交中",
               "confirmed": "已入账", "failed": "失败", "duplicate": "重复"}  # fmt: skip


class SpreadsheetError(Exception):
    """The workbook cannot be imported; the message says which sheet, row or column."""


def write_claim_workbook(
    stored: Sequence[StoredRecord], path: Path, *, title: str = "费用报销单", applicant: str = ""
) -> Path:
    wb = build_workbook([s.record for s in stored])
    sheet = wb.create_sheet("报销单", 0)
    _claim_form(sheet, stored, title, applicant)
    ids = wb["票据"]
    ids.insert_cols(1)
    ids.cell(row=1, column=1, value="编号").font = Font(bold=True)
    for row, item in enumerate(stored, start=2):
        ids.cell(row=row, column=1, value=item.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _claim_form(ws, stored: Sequence[StoredRecord], title: str, applicant: str) -> None:
    width = len(CLAIM_COLUMNS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=16)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.cell(row=2, column=1, value=f"报销人：{applicant}")
    ws.cell(row=2, column=5, value=f"填报日期：{date.today():%Y-%m-%d}")
    for col, (header, w) in enumerate(CLAIM_COLUMNS, start=1):
        cell = ws.cell(row=3, column=col, value=header)
        cell.font = Font(bold=True)
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[cell.column_letter].width = w
    total = Decimal(0)
    row = 4
    for n, item in enumerate(stored, start=1):
        rec = item.record
        day = rec.issue_date or rec.travel_date
        summary = (
            rec.seller_name
            or " ".join(filter(None, [rec.departure, rec.arrival]))
            or (DOC_TYPE_NAMES.get(rec.doc_type, rec.doc_type))
        )
        values = [n, day, rec.category, summary, rec.invoice_number,
                  float(rec.total) if rec.total is not None else None,
                  STATE_NAMES.get(item.state, item.state)]  # fmt: skip
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border = BOX
            if col == 2:
                cell.number_format = "yyyy-mm-dd"
            if col == 6:
                cell.number_format = MONEY_FORMAT
        total += rec.total or Decimal(0)
        row += 1
    ws.cell(row=row, column=1, value="合计").font = Font(bold=True)
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
    ws.cell(row=row, column=2, value=f"人民币（大写）：{to_capital(total)}")
    money = ws.cell(row=row, column=6, value=f"=SUM(F4:F{row - 1})" if row > 4 else 0)
    money.number_format = MONEY_FORMAT
    money.font = Font(bold=True)
    for col in range(1, width + 1):
        ws.cell(row=row, column=col).border = BOX
    ws.cell(row=row + 2, column=1, value="部门负责人：")
    ws.cell(row=row + 2, column=4, value="财务审核：")
    ws.cell(row=row + 2, column=6, value="领款人：")
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"


def read_records_workbook(path: Path) -> list[ExpenseRecord]:
    """Records from a workbook laid out like our export (sheet 票据, or the first sheet):
    headers in row 1, Chinese (发票号码) or field names (invoice_number)."""
    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:
        raise SpreadsheetError(
            f"{path} is not an Excel workbook (.xlsx) that can be read: {exc}"
        ) from exc
    ws = wb["票据"] if "票据" in wb.sheetnames else wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        raise SpreadsheetError(f"sheet {ws.title!r} of {path} is empty")
    by_header = {h: f for h, f, _, _ in RECORD_COLUMNS} | {f: f for f in READ_FIELDS}
    by_header |= {"category": "category", "doc_type": "doc_type"}
    columns = {
        i: by_header[str(h).strip()]
        for i, h in enumerate(rows[0])
        if h and str(h).strip() in by_header
    }
    if "invoice_number" not in columns.values() and "total" not in columns.values():
        raise SpreadsheetError(
            f"sheet {ws.title!r} has neither a 发票号码 nor a 价税合计 column; the first row must "
            "hold the headers of `zhangfang records export`"
        )
    doc_types = {v: k for k, v in DOC_TYPE_NAMES.items()}
    records = []
    for number, row in enumerate(rows[1:], start=2):
        values = {columns[i]: v for i, v in enumerate(row) if i in columns and v not in (None, "")}
        if not values or str(row[0]).strip() == "合计":
            continue
        rec = ExpenseRecord(source=f"{path.name}#{number}", page=None)
        try:
            for field, value in values.items():
                setattr(rec, field, _convert(field, value, doc_types))
        except (ValueError, ArithmeticError) as exc:
            raise SpreadsheetError(f"{path.name} row {number}: {exc}") from exc
        _validate_typed(rec, set(columns.values()))
        records.append(rec)
    return records


def _convert(field: str, value: object, doc_types: dict[str, str]) -> object:
    if field == "doc_type":
        return doc_types.get(str(value), str(value))
    return typed_value(field, value)


def _validate_typed(rec: ExpenseRecord, columns: set[str]) -> None:
    """Validate a row as typed by a person (no OCR doubts). A key field the workbook has no
    column for is not missing: the workbook does not carry it (校验码 is never exported)."""
    from ocr.category import guess_category

    if rec.doc_type == "unknown" and rec.invoice_number:
        rec.doc_type = "vat_invoice"
    if rec.invoice_form is None and rec.invoice_number and len(rec.invoice_number) == 20:
        rec.invoice_form = "digital" if not rec.invoice_code else None
    finish_typed(rec, {c for c in columns if getattr(rec, c, None) is not None}, exact=True)
    kept = [p for p in rec.problems if not (p.code == "missing" and p.field not in columns)]
    if len(kept) != len(rec.problems):
        rec.problems = kept
        rec.status = "review" if any(p.severity == "error" for p in kept) else "ok"
    rec.category = rec.category or guess_category(rec)
    rec.fingerprint = rec.compute_fingerprint()
