"""Item tables read line by line: columns come from the header row's label positions."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation

from ocr.amounts import parse_money
from ocr.labels import one_character_apart
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
    "amount": r"金额|小计",
}


MIN_HEADER_LABELS = 4  # labels a header row shows whole when its key label was misread


def _header_line(text: PageText, columns: dict[str, str], header: str) -> int | None:
    """The header row: the first line matching ``header``; on OCR text, failing that, the
    line that shows most column labels (at least four: 金福 for 金额 beside 单价, 税率…)."""
    found = next((i for i, ln in enumerate(text.lines) if re.search(header, ln.text)), None)
    if found is not None or text.exact:
        return found
    counts = [
        (sum(bool(re.search(p, ln.text)) for p in columns.values()), -i)
        for i, ln in enumerate(text.lines)
    ]
    best = max(counts, default=(0, 0))
    return -best[1] if best[0] >= MIN_HEADER_LABELS else None


def _header_columns(
    line: Line, columns: dict[str, str], fuzzy: bool = False
) -> dict[str, tuple[float, float]]:
    """x-ranges of each column label found in the header line; with ``fuzzy`` (OCR), a
    box that is a label with one character misread stands for a column not found whole."""
    found: dict[str, tuple[float, float]] = {}
    used: set[int] = set()
    for index, box in enumerate(line.boxes):
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
                used.add(index)
    if not fuzzy:
        return found
    for index, box in enumerate(line.boxes):
        text = box.text.strip()
        if index in used:
            continue
        fits = [
            key
            for key, pattern in columns.items()
            if key not in found
            and any(
                len(label) >= 2 and one_character_apart(text, label) for label in pattern.split("|")
            )
        ]
        if len(fits) == 1:  # 税根 is 税额 only when 税率 was found whole
            found[fits[0]] = (box.x0, box.x1)
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
            m = QTY_PRICE.match(token)
            if m:  # 2x16.97: quantity and unit price in one token, wherever it stands
                cells.setdefault("quantity", []).append((box_index, m.group(1)))
                cells.setdefault("unit_price", []).append((box_index, m.group(2)))
                continue
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


QTY_PRICE = re.compile(r"^(\d+(?:\.\d+)?)\s*[xX×*]\s*(\d+(?:\.\d+)?)$")  # 2x16.97 on receipts
RULE_LINE = re.compile(r"^[-=—_─]{8,}$")
NUMERIC = ("quantity", "unit_price", "amount", "tax_rate", "tax")
ROW_TOLERANCE = Decimal("0.06")


def read_items(
    text: PageText, columns: dict[str, str], header: str, stop: str, *, name_first: bool = False
) -> tuple[list[LineItem], float]:
    """Item rows between the header line (matching ``header``) and the first line matching
    ``stop`` (or a rule of dashes). Returns the items and the lowest OCR confidence among
    their boxes. A line with a name and no amount is the start of the next row when
    ``name_first`` (receipts print the name above its numbers) or when it opens a new
    ``*category*``; otherwise it continues the row above (a wrapped name)."""
    header_idx = _header_line(text, columns, header)
    if header_idx is None:
        return [], 0.0
    cols = _header_columns(text.lines[header_idx], columns, fuzzy=not text.exact)
    if "name" not in cols or "amount" not in cols:
        return [], 0.0
    # the name column reaches from the page edge to the next label
    first_other = min((c0 for k, (c0, _) in cols.items() if k != "name"), default=text.width)
    cols["name"] = (0.0, max(cols["name"][1], first_other - 5))
    items: list[LineItem] = []
    pending: str | None = None
    confidence = 1.0
    for line in text.lines[header_idx + 1 :]:
        compact = line.text.replace(" ", "")
        if re.search(stop, compact) or (items and RULE_LINE.match(compact)):
            break
        if not text.exact and _misread_totals_label(line):
            break
        if RULE_LINE.match(compact):
            continue
        cells = _assign(line, cols)
        confidence = min([confidence, *(b.confidence for b in line.boxes)])
        amount = parse_money(cells.get("amount"))
        if amount is None:
            name = cells.get("name")
            if name and set(cells) <= {"name", "spec"}:
                if name_first or name.startswith("*") or not items:
                    pending = (pending or "") + name
                else:
                    items[-1].name = (items[-1].name or "") + name
            continue
        _mend_by_arithmetic(line, cells, [k for k in NUMERIC if k in cols])
        name, spec = cells.get("name"), cells.get("spec")
        if pending:
            # the numbers' own line holds a code (条码, 批准文号) or the name's tail
            if name and name_first:
                spec = spec or name
                name = pending
            else:
                name = pending + (name or "")
            pending = None
        rate = cells.get("tax_rate")
        items.append(
            LineItem(
                name=name,
                spec=spec,
                unit=cells.get("unit"),
                quantity=_decimal(cells.get("quantity")),
                unit_price=_decimal(cells.get("unit_price")),
                amount=parse_money(cells.get("amount")),
                tax_rate=rate.replace("％", "%") if rate else None,
                tax=parse_money(cells.get("tax")),
            )
        )
    return items, confidence


TOTALS_WORDS = ("合计", "小计", "总计")


def _misread_totals_label(line: Line) -> bool:
    """The totals row under the items with its label misread (台计 for 合计): a row that
    opens with a totals word one character off ends the items as the word read whole does."""
    first = line.boxes[0].text.strip() if line.boxes else ""
    return any(one_character_apart(first, word) for word in TOTALS_WORDS)


def _row_numbers(line: Line) -> list[str]:
    return [t for box in line.boxes for t, _, _ in _tokens(box) if re.fullmatch(NUMBER_TOKEN, t)]


NUMBER_TOKEN = r"-?\d[\d,]*(?:\.\d+)?%?|免税|不征税|\*{3}"


def _fits(cells: dict[str, str]) -> int:
    """How many of the row's sums hold: quantity × price = amount, amount × rate = tax."""
    q, p = _decimal(cells.get("quantity")), _decimal(cells.get("unit_price"))
    a, t = parse_money(cells.get("amount")), parse_money(cells.get("tax"))
    rate = cells.get("tax_rate", "")
    fits = 0
    if q is not None and p is not None and a is not None and abs(q * p - a) <= ROW_TOLERANCE:
        fits += 1
    if a is not None and t is not None and rate.endswith("%"):
        r = _decimal(rate)
        if r is not None and abs(a * r / 100 - t) <= ROW_TOLERANCE:
            fits += 1
    return fits


def _mend_by_arithmetic(line: Line, cells: dict[str, str], columns: list[str]) -> None:
    """When the cells found by position do not add up, try the row's numbers in their
    order against the header's numeric columns in theirs, and keep the assignment whose
    sums hold (right-aligned values stand far from centred headers)."""
    if len(columns) < 3 or _fits(cells) == 2:
        return
    numbers = _row_numbers(line)
    if len(numbers) > 8:
        return
    best, best_fits = None, _fits(cells)
    size = min(len(numbers), len(columns))
    for keys in itertools.combinations(columns, size):
        for picks in itertools.combinations(range(len(numbers)), size):
            trial = {k: v for k, v in cells.items() if k not in columns}
            for key, idx in zip(keys, picks, strict=True):
                trial[key] = numbers[idx]
            fits = _fits(trial)
            if fits > best_fits:
                best, best_fits = trial, fits
    if best is not None:
        for key in columns:
            cells.pop(key, None)
        cells.update(best)
