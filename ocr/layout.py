"""Page layout: text boxes, lines, and label → value lookups by geometry.

Coordinates are pixels of the page image (origin top-left). Text-layer words are converted to
the same space so extraction code does not care where the text came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextBox:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float = 1.0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Line:
    boxes: list[TextBox] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(b.text for b in self.boxes)

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.boxes)

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.boxes)


@dataclass(frozen=True)
class Match:
    """A regex match on a line, mapped back to the boxes it covers."""

    value: str
    boxes: tuple[TextBox, ...]
    line_index: int

    @property
    def confidence(self) -> float:
        return min((b.confidence for b in self.boxes), default=0.0)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (
            min(b.x0 for b in self.boxes),
            min(b.y0 for b in self.boxes),
            max(b.x1 for b in self.boxes),
            max(b.y1 for b in self.boxes),
        )


def share_row(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two spans (top, bottom) stand on one printed row: they share more than half of the
    shorter one's height."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap > 0.5 * min(a[1] - a[0], b[1] - b[0])


MAX_SLOPE = 0.1  # about 6°: steeper than any row left after deskewing
SAME_SIZE = (0.7, 1.4)  # box heights, relative to the row's middle one, that are one print size


def _fitted_slope(line: Line) -> float | None:
    """The slope of a line through its boxes' centres, once they spread wide enough to tell.

    Detector boxes are near axis-aligned, so their own tilt says little; the positions of
    several boxes along a row say how the row runs (perspective in phone photos).
    """
    heights = sorted(b.height for b in line.boxes)
    middle = heights[len(heights) // 2]
    # boxes of the row's own print size: a title beside a smaller label (电子发票 and
    # 发票号码), or a fragment of a seal, are no evidence of how the row runs
    boxes = [b for b in line.boxes if SAME_SIZE[0] * middle <= b.height <= SAME_SIZE[1] * middle]
    if len(boxes) < 2:
        return None
    xs = [b.cx for b in boxes]
    height = sum(b.height for b in boxes) / len(boxes)
    if max(xs) - min(xs) < 6 * height:
        return None
    mean_x = sum(xs) / len(xs)
    mean_y = sum(b.cy for b in boxes) / len(xs)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((b.cx - mean_x) * (b.cy - mean_y) for b in boxes)
    return max(-MAX_SLOPE, min(MAX_SLOPE, sxy / sxx))


class _Slopes:
    """Each line's fitted slope, worked out again only when boxes were added to it: grouping
    asks for it for every box against every recent line (a dense page has thousands)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[int, float | None]] = {}

    def fitted(self, line: Line) -> float | None:
        known = self._known.get(id(line))
        if known is None or known[0] != len(line.boxes):
            known = (len(line.boxes), _fitted_slope(line))
            self._known[id(line)] = known
        return known[1]

    def of(self, line: Line, neighbours: list[Line]) -> float:
        """The line's own slope, else that of the nearest line above or below that has one."""
        fitted = self.fitted(line)
        if fitted is not None:
            return fitted
        y = line.boxes[0].cy
        for other in sorted(neighbours, key=lambda ln: abs(ln.boxes[0].cy - y)):
            fitted = self.fitted(other)
            if fitted is not None:
                return fitted
        return 0.0


def _gap(line: Line, box: TextBox, neighbours: list[Line], slopes: _Slopes) -> tuple[float, float]:
    """How far ``box`` sits from where ``line`` would be at its x, and the tolerance for it:
    the line is followed from its box nearest in x along its slope."""
    nearest = min(line.boxes, key=lambda b: abs(b.cx - box.cx))
    predicted = nearest.cy + slopes.of(line, neighbours) * (box.cx - nearest.cx)
    return abs(box.cy - predicted), 0.5 * min(nearest.height, box.height)


def _is_tall_line(line: Line, tall: float) -> bool:
    return len(line.boxes) == 1 and line.boxes[0].height > tall


def group_lines(boxes: Iterable[TextBox]) -> list[Line]:
    """Group boxes into reading lines along their baselines, each sorted left to right."""
    ordered = sorted((b for b in boxes if b.text.strip()), key=lambda b: (b.cy, b.x0))
    heights = sorted(b.height for b in ordered)
    tall = 2.5 * heights[len(heights) // 2] if heights else 0.0
    lines: list[Line] = []
    slopes = _Slopes()
    for box in ordered:
        if box.height > tall and box.height > 1.5 * box.width:
            # vertical text (购买方信息 down the side of a box) is a line of its own
            lines.append(Line([box]))
            continue
        best: Line | None = None
        best_gap = 0.0
        recent = [ln for ln in lines[-8:] if not _is_tall_line(ln, tall)]
        for line in recent:
            gap, tolerance = _gap(line, box, recent, slopes)
            if gap <= tolerance and (best is None or gap < best_gap):
                best, best_gap = line, gap
        if best is not None:
            best.boxes.append(box)
        else:
            lines.append(Line([box]))
    for line in lines:
        line.boxes.sort(key=lambda b: b.x0)
    lines.sort(key=lambda ln: ln.y0)
    return lines


# the words a fax machine's header line prints, as OCR reads them (FR0M, T0)
FAX_HEADER = re.compile(r"FR[O0]M\s*[:：]|\bT[O0]\s*[:：]|\bP\.\s*\d{1,3}\s*/\s*\d{1,3}")
HEADER_BAND = 0.08  # share of the page height the header line stands in


def drop_transmission_header(boxes: Sequence[TextBox], height: float) -> list[TextBox]:
    """Without the line a fax machine prints across the top (date, FROM:, TO:, P.001/002):
    it is not the document's, and its date and numbers must not be read as the invoice's.
    Every box on the header's row goes, however OCR split the row."""
    band = HEADER_BAND * height
    header = [b for b in boxes if b.y1 < band and FAX_HEADER.search(b.text)]
    if not header:
        return list(boxes)
    bottom = max(b.y1 for b in header)
    top = min(b.y0 for b in header)

    return [b for b in boxes if not (b.y1 < band and share_row((b.y0, b.y1), (top, bottom)))]


STATUS_CLOCK = re.compile(r"\d{1,2}[:：]\d{2}")
TITLE_BAR = re.compile(r"^[<〈く‹←(（Lc]|…|···|\.{3}|\.(pdf|ofd)\b|PDF|阅读器|预览")
PAGE_COUNTER = re.compile(r"^\d+\s*/\s*\d+|\d{2,3}\s*%$")
ACTION_WORDS = re.compile(r"[\u4e00-\u9fff]{2,4}")


def _rows(boxes: Sequence[TextBox]) -> list[list[TextBox]]:
    """Boxes grouped into printed rows (most of their heights shared), top to bottom."""
    rows: list[list[TextBox]] = []
    for b in sorted(boxes, key=lambda b: b.cy):
        row = rows[-1] if rows else None
        if row and share_row((b.y0, b.y1), (min(r.y0 for r in row), max(r.y1 for r in row))):
            row.append(b)
        else:
            rows.append([b])
    return rows


def drop_app_chrome(boxes: Sequence[TextBox], width: float, height: float) -> list[TextBox]:
    """Without what a screenshot shows around the document: a phone's status bar (its
    clock), the app's title bar (‹ 发票详情 ···), a PDF viewer's title and page counter, and
    the row of buttons at the bottom (下载 转发 打印). Their words are not the document's (a
    title bar is no shop name). Pages without a status bar or viewer title keep every box."""
    drop: set[int] = set()
    top_rows = _rows([b for b in boxes if b.y1 < 0.15 * height])
    clock = any(
        STATUS_CLOCK.fullmatch(b.text.strip()) and b.x0 < width / 3 and b.y1 < 0.06 * height
        for r in top_rows[:1]
        for b in r
    )
    viewer = any(TITLE_BAR.search(b.text) and "PDF" in b.text.upper() for r in top_rows for b in r)
    if not clock and not viewer:
        return list(boxes)
    for k, row in enumerate(top_rows[:3]):
        text = " ".join(b.text for b in row)
        if (k == 0 and clock) or TITLE_BAR.search(text) or PAGE_COUNTER.search(text.strip()):
            drop.update(id(b) for b in row)
    for row in _rows([b for b in boxes if b.y0 > 0.88 * height])[-1:]:
        spread = max(b.x1 for b in row) - min(b.x0 for b in row)
        if (
            len(row) >= 2
            and spread > width / 2
            and all(ACTION_WORDS.fullmatch(b.text.strip()) for b in row)
        ):
            drop.update(id(b) for b in row)
    return [b for b in boxes if id(b) not in drop]


class PageText:
    """Lines of a page plus regex search that keeps track of where each match came from."""

    def __init__(self, boxes: Sequence[TextBox], width: int, height: int) -> None:
        self.boxes = list(boxes)
        self.width = width
        self.height = height
        self.lines = group_lines(self.boxes)
        self._line_texts = [line.text for line in self.lines]
        self.text = "\n".join(self._line_texts)
        self.compact = re.sub(r"\s+", "", self.text)
        # text-layer words carry full confidence; OCR's never all do
        self.exact = all(b.confidence >= 1.0 for b in self.boxes)

    def _boxes_for_span(self, line_index: int, start: int, end: int) -> tuple[TextBox, ...]:
        line = self.lines[line_index]
        pos = 0
        covered = []
        for box in line.boxes:
            b_start, b_end = pos, pos + len(box.text)
            if b_start < end and start < b_end:
                covered.append(box)
            pos = b_end + 1
        return tuple(covered)

    def find(self, pattern: str | re.Pattern[str], group: int | str = 1) -> Match | None:
        found = self.find_all(pattern, group)
        return found[0] if found else None

    def find_all(self, pattern: str | re.Pattern[str], group: int | str = 1) -> list[Match]:
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        out: list[Match] = []
        for i, text in enumerate(self._line_texts):
            for m in regex.finditer(text):
                value = m.group(group)
                if value is None:
                    continue
                boxes = self._boxes_for_span(i, m.start(group), m.end(group))
                if not boxes:
                    continue
                out.append(Match(value.strip(), boxes, i))
        return out
