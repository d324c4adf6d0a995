"""Excel workbooks of captured records (openpyxl): a records sheet and an items sheet."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ocr.records import ExpenseRecord

MONEY_FORMAT = "#,##0.00"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
REVIEW_FILL = PatternFill("solid", fgColor="FFF2CC")

DOC_TYPE_NAMES = {
    "vat_invoice": "增值税发票",
    "train_ticket": "火车票",
    "flight_itinerary": "机票行程单",
    "taxi_receipt": "出租车票",
    "quota_invoice": "定额发票",
    "toll_receipt": "通行费发票",
    "receipt": "收据/小票",
    "trip_list": "行程单",
    "unknown": "无法识别",
}

# (header, field, width, kind)
RECORD_COLUMNS = [
    ("状态", "status", 8, "text"),
    ("类型", "doc_type", 12, "text"),
    ("发票代码", "invoice_code", 14, "text"),
    ("发票号码", "invoice_number", 22, "text"),
    ("开票日期", "issue_date", 12, "date"),
    ("销售方名称", "seller_name", 28, "text"),
    ("销售方税号", "seller_tax_id", 21, "text"),
    ("购买方名称", "buyer_name", 28, "text"),
    ("购买方税号", "buyer_tax_id", 21, "text"),
    ("金额", "amount", 12, "money"),
    ("税额", "tax", 12, "money"),
    ("价税合计", "total", 12, "money"),
    ("乘客", "passenger_name", 10, "text"),
    ("出发", "departure", 10, "text"),
    ("到达", "arrival", 10, "text"),
    ("出行日期", "travel_date", 12, "date"),
    ("车次/航班", "train_or_flight_number", 10, "text"),
    ("费用类别", "category", 12, "text"),
    ("问题", "problems", 40, "text"),
    ("文件", "source", 40, "text"),
    ("页", "page", 5, "text"),
]
ITEM_COLUMNS = [
    ("发票号码", 22, "text"),
    ("项目名称", 30, "text"),
    ("规格型号", 12, "text"),
    ("单位", 6, "text"),
    ("数量", 8, "number"),
    ("单价", 12, "number"),
    ("金额", 12, "money"),
    ("税率", 8, "text"),
    ("税额", 12, "money"),
]


def _cell_value(record: ExpenseRecord, field: str) -> object:
    value = getattr(record, field)
    if field == "doc_type":
        return DOC_TYPE_NAMES.get(value, value)
    if field == "status":
        return "通过" if value == "ok" else "待复核"
    if field == "problems":
        return "；".join(p.message for p in value if p.severity == "error") or None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _header(ws, headers: Sequence[tuple[str, int]]) -> None:
    for col, (title, width) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def write_workbook(records: Sequence[ExpenseRecord], path: Path) -> Path:
    wb = build_workbook(records)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def build_workbook(records: Sequence[ExpenseRecord]) -> Workbook:
    """The 票据 sheet (one row per record, totals) and the 明细 sheet (line items)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "票据"
    _header(ws, [(h, w) for h, _, w, _ in RECORD_COLUMNS])
    for row, rec in enumerate(records, start=2):
        for col, (_, field, _, kind) in enumerate(RECORD_COLUMNS, start=1):
            cell = ws.cell(row=row, column=col, value=_cell_value(rec, field))
            if kind == "money":
                cell.number_format = MONEY_FORMAT
            elif kind == "date":
                cell.number_format = "yyyy-mm-dd"
            if rec.status != "ok" and field == "status":
                cell.fill = REVIEW_FILL
    last = len(records) + 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(RECORD_COLUMNS))}{last}"
    totals = last + 1
    ws.cell(row=totals, column=1, value="合计").font = Font(bold=True)
    for col, (_, _, _, kind) in enumerate(RECORD_COLUMNS, start=1):
        if kind == "money":
            letter = get_column_letter(col)
            cell = ws.cell(row=totals, column=col, value=f"=SUBTOTAL(9,{letter}2:{letter}{last})")
            cell.number_format = MONEY_FORMAT
            cell.font = Font(bold=True)

    items = wb.create_sheet("明细")
    _header(items, [(h, w) for h, w, _ in ITEM_COLUMNS])
    row = 2
    for rec in records:
        for item in rec.items:
            values = [
                rec.invoice_number,
                item.name,
                item.spec,
                item.unit,
                item.quantity,
                item.unit_price,
                item.amount,
                item.tax_rate,
                item.tax,
            ]
            for col, (value, (_, _, kind)) in enumerate(zip(values, ITEM_COLUMNS, strict=True), 1):
                cell = items.cell(
                    row=row, column=col, value=float(value) if isinstance(value, Decimal) else value
                )
                if kind == "money":
                    cell.number_format = MONEY_FORMAT
            row += 1
    if row > 2:
        items.auto_filter.ref = f"A1:{get_column_letter(len(ITEM_COLUMNS))}{row - 1}"
        items.cell(row=row, column=1, value="合计").font = Font(bold=True)
        for col, (_, _, kind) in enumerate(ITEM_COLUMNS, start=1):
            if kind == "money":
                letter = get_column_letter(col)
                cell = items.cell(row=row, column=col, value=f"=SUM({letter}2:{letter}{row - 1})")
                cell.number_format = MONEY_FORMAT
                cell.font = Font(bold=True)
    return wb
