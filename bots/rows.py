"""Data-driven runs: parameter rows from a spreadsheet or CSV, and a results workbook."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from bots.errors import ParameterError
from bots.result import RunResult

FAILED_FILL = PatternFill("solid", fgColor="F8D7DA")
PASSED_FILL = PatternFill("solid", fgColor="D4EDDA")


def read_rows(path: Path) -> list[dict[str, Any]]:
    """One dict per data row; the first row holds the parameter names. Empty cells are left
    out (the bot's defaults apply); a cell starting with '[' is read as JSON (list rows)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        table = [list(r) for r in sheet.iter_rows(values_only=True)]
    elif path.suffix.lower() == ".csv":
        table = _read_csv(path)
    else:
        raise ParameterError(f"{path.name}: rows come from .xlsx or .csv files")
    if not table or not any(table[0]):
        raise ParameterError(f"{path.name} has no header row with parameter names")
    header = [str(h).strip() if h is not None else "" for h in table[0]]
    rows = []
    for values in table[1:]:
        if not any(v not in (None, "") for v in values):
            continue
        row: dict[str, Any] = {}
        for name, value in zip(header, values, strict=False):
            if not name or value in (None, ""):
                continue
            text = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)
            row[name] = json.loads(text) if text.startswith("[") else text
        rows.append(row)
    return rows


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gbk"):  # Excel in China saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ParameterError(f"{path.name} is neither UTF-8 nor GBK text")
    return list(csv.reader(text.splitlines()))


def write_results(path: Path, rows: list[dict[str, Any]], results: list[RunResult]) -> Path:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    outputs = list(dict.fromkeys(k for r in results for k in r.outputs))
    wb = Workbook()
    ws = wb.active
    ws.title = "结果"
    header = ["行", "状态", *columns, *outputs, "错误", "秒"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for n, (row, result) in enumerate(zip(rows, results, strict=True), start=2):
        values = [n, "成功" if result.status == "passed" else "失败"]
        values += [
            json.dumps(row[c], ensure_ascii=False) if isinstance(row.get(c), list) else row.get(c)
            for c in columns
        ]
        values += [result.outputs.get(o) for o in outputs]
        values += [result.error, result.seconds]
        ws.append(values)
        ws.cell(row=n, column=2).fill = PASSED_FILL if result.status == "passed" else FAILED_FILL
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.save(path)
    return path
