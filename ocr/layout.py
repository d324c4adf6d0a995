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
    slope: float = 0.0  # dy/dx of the text's baseline (perspective in photos)

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


def _slope_weight(box: TextBox) -> float:
    """Only long boxes know their slope: a short one tilts by a pixel or two at random."""
    return max(0.0, box.width - 4 * box.height)


def _gap(line: Line, box: TextBox) -> tuple[float, float]:
    """How far ``box`` sits from where ``line`` would be at its x, and the tolerance for it.

    The line is followed from its box nearest in x along the baseline slope (weighted by box
    width: long boxes know their slope better), so rows that slope in a photo stay one line.
    """
    nearest = min(line.boxes, key=lambda b: abs(b.cx - box.cx))
    w_nearest, w_box = _slope_weight(nearest), _slope_weight(box)
    weight = w_nearest + w_box
    slope = (nearest.slope * w_nearest + box.slope * w_box) / weight if weight else 0.0
    predicted = nearest.cy + slope * (box.cx - nearest.cx)
    return abs(box.cy - predicted), 0.5 * min(nearest.height, box.height)


def group_lines(boxes: Iterable[TextBox]) -> list[Line]:
    """Group boxes into reading lines along their baselines, each sorted left to right."""
    ordered = sorted((b for b in boxes if b.text.strip()), key=lambda b: (b.cy, b.x0))
    lines: list[Line] = []
    for box in ordered:
        best: Line | None = None
        best_gap = 0.0
        for line in lines[-6:]:
            gap, tolerance = _gap(line, box)
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

    def find(
        self, pattern: str | re.Pattern[str], group: int | str = 1, *, region: Region | None = None
    ) -> Match | None:
        found = self.find_all(pattern, group, region=region)
        return found[0] if found else None

    def find_all(
        self, pattern: str | re.Pattern[str], group: int | str = 1, *, region: Region | None = None
    ) -> list[Match]:
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
                match = Match(value.strip(), boxes, i)
                if region is None or region.contains(match):
                    out.append(match)
        return out

    def lines_between(self, top: float, bottom: float) -> list[tuple[int, Line]]:
        return [(i, ln) for i, ln in enumerate(self.lines) if ln.y0 >= top and ln.y1 <= bottom]


@dataclass(frozen=True)
class Region:
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, match: Match) -> bool:
        x0, y0, x1, y1 = match.bbox
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return self.x0 <= cx <= self.x1 and self.y0 <= cy <= self.y1
