"""Item tables read line by line: columns come from the header row's label positions."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation

from ocr.amounts import parse_money
from ocr.layout import Line, PageText, TextBox
from ocr.records import LineItem

# column key → header label patterns (first match wins)
VAT_COLUMNS = {
    "name": r"项目名称|货物或应税劳务|服务名称|名称",
    "spec": r"规格型号|规格",
    "unit": r"单位",
    "quantity": r"数量",
    "unit_price": r"单价",
    "amount": r"金额",
    "tax_rate": r"税率|征收率",
    "tax": r"税额",
}
RECEIPT_COLUMNS = {
    "name": r"商品|品名",
    "quantity": r"数量",
    "unit_price": r"单价",
    "amount": r"金额",
}


def _header_columns(line: Line, columns: dict[str, str]) -> dict[str, tuple[float, float]]:
    """x-ranges of each column label found in the header line."""
    found: dict[str, tuple[float, float]] = {}
    for box in line.boxes:
        text = box.text
        # a box may hold several labels ("单位 数量"): split its width by character offsets
        for key, pattern in columns.items():
            if key in found:
                continue
            m = re.search(pattern, text)
            if m:
                per_char = box.width / max(len(text), 1)
                found[key] = (box.x0 + m.start() * per_char, box.x0 + m.end() * per_char)
                text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return found


def _tokens(box: TextBox) -> list[tuple[str, float, float]]:
    """Whitespace-separated tokens of a box with their estimated x-range."""
    out = []
    per_char = box.width / max(len(box.text), 1)
    for m in re.finditer(r"\S+", box.text):
        out.append((m.group(0), box.x0 + m.start() * per_char, box.x0 + m.end() * per_char))
    return out


def _assign(line: Line, cols: dict[str, tuple[float, float]]) -> dict[str, str]:
    """Cell text per column. Tokens of one box keep their space ("A4 70g"); pieces from
    different boxes are joined without one (OCR splits "*餐饮服务*餐费" at random)."""
    cells: dict[str, list[tuple[int, str]]] = {}
    order = sorted(cols.items(), key=lambda kv: kv[1][0])
    for box_index, box in enumerate(line.boxes):
        for token, x0, x1 in _tokens(box):
            # the column whose label overlaps the token most; else the nearest label centre
            best, best_score = None, None
            for key, (c0, c1) in order:
                overlap = min(x1, c1) - max(x0, c0)
                distance = abs((x0 + x1) / 2 - (c0 + c1) / 2)
                score = (-overlap if overlap > 0 else 0, distance)
                if best_score is None or score < best_score:
                    best, best_score = key, score
            if best is not None:
                cells.setdefault(best, []).append((box_index, token))
    out = {}
    for key, parts in cells.items():
        text = parts[0][1]
        for (prev_box, _), (box_index, token) in itertools.pairwise(parts):
            text += (" " if box_index == prev_box else "") + token
        out[key] = text
    return out


def _decimal(value: str | None) -> Decimal | None:
    if not value:
        return None
    cleaned = re.sub(r"[^\d.\-]", "", value)
    try:
        return Decimal(cleaned) if cleaned else None
    except InvalidOperation:
        return None


def read_items(
    text: PageText, columns: dict[str, str], header: str, stop: str
) -> tuple[list[LineItem], float]:
    """Item rows between the header line (matching ``header``) and the first line matching
    ``stop``. Returns the items and the lowest OCR confidence among their boxes."""
    header_idx = next((i for i, ln in enumerate(text.lines) if re.search(header, ln.text)), None)
    if header_idx is None:
        return [], 0.0
    cols = _header_columns(text.lines[header_idx], columns)
    if "name" not in cols or "amount" not in cols:
        return [], 0.0
    # the name column reaches from the page edge to the next label
    first_other = min((c0 for k, (c0, _) in cols.items() if k != "name"), default=text.width)
    cols["name"] = (0.0, max(cols["name"][1], first_other - 5))
    items: list[LineItem] = []
    confidence = 1.0
    for line in text.lines[header_idx + 1 :]:
        if re.search(stop, line.text.replace(" ", "")):
            break
        cells = _assign(line, cols)
        confidence = min([confidence, *(b.confidence for b in line.boxes)])
        amount = parse_money(cells.get("amount"))
        if amount is None:
            # a wrapped name continues the previous item
            if items and cells.get("name") and set(cells) == {"name"}:
                items[-1].name = (items[-1].name or "") + cells["name"]
            continue
        rate = cells.get("tax_rate")
        items.append(
            LineItem(
                name=cells.get("name"),
                spec=cells.get("spec"),
                unit=cells.get("unit"),
                quantity=_decimal(cells.get("quantity")),
                unit_price=_decimal(cells.get("unit_price")),
                amount=amount,
                tax_rate=rate.replace("％", "%") if rate else None,
                tax=parse_money(cells.get("tax")),
            )
        )
    return items, confidence
