"""Labels on a page: its lines as characters with their own x-extent, and where a field's
label stands among them. Labels are matched with spaces removed (``纳 税 人 识 别 号`` is
``纳税人识别号``), common OCR confusions folded and, for longer labels, one wrong character
forgiven, unless the near miss is really a rival label (``税额`` is not ``金额``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ocr.layout import Match, PageText, TextBox

# OCR reads these for the label characters (traditional forms, look-alikes)
LABEL_FOLD = str.maketrans(
    {
        "別": "别",
        "碼": "码",
        "號": "号",
        "稅": "税",
        "額": "额",
        "計": "计",
        "價": "价",
        "開": "开",
        "發": "发",
        "識": "识",
        "驗": "验",
        "稱": "称",
        "購": "购",
        "買": "买",
        "銷": "销",
        "售": "售",
        "項": "项",
        "單": "单",
        "數": "数",
        "銀": "银",
        "車": "车",
        "里": "里",
        "：": ":",
        "（": "(",
        "）": ")",
    }
)


@dataclass(frozen=True)
class LabelHit:
    """Where a label stands: line, character span (compact, no spaces) and its box."""

    label: str
    line_index: int
    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Char:
    ch: str
    box: TextBox
    x0: float
    x1: float


@dataclass
class CharLines:
    """Every line of a page as characters with their own x-extent (a box's width shared out
    among its characters), spaces dropped: the space labels and values are looked up in."""

    page: PageText
    lines: list[list[Char]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, page: PageText) -> CharLines:
        out = cls(page)
        for line in page.lines:
            chars: list[Char] = []
            for box in line.boxes:
                text = box.text
                n = max(1, len(text))
                step = (box.x1 - box.x0) / n
                for i, ch in enumerate(text):
                    if ch.isspace():
                        continue
                    chars.append(Char(ch, box, box.x0 + i * step, box.x0 + (i + 1) * step))
            out.lines.append(chars)
            out.texts.append("".join(c.ch for c in chars).translate(LABEL_FOLD))
        return out

    def span_match(self, line_index: int, start: int, end: int, value: str) -> Match:
        return chars_match(self.lines[line_index][start:end], value, line_index)


def chars_match(chars: Sequence[Char], value: str, line_index: int, cap: float = 1.0) -> Match:
    """A match over characters (of one line or of a printed row), its confidence the lowest
    of their boxes', at most ``cap``."""
    conf = min(min((c.box.confidence for c in chars), default=0.0), cap)
    box = TextBox(
        value,
        min(c.x0 for c in chars),
        min(c.box.y0 for c in chars),
        max(c.x1 for c in chars),
        max(c.box.y1 for c in chars),
        conf,
    )
    return Match(value, (box,), line_index)


@functools.lru_cache(maxsize=4096)
def fold_label(label: str) -> str:
    return "".join(label.split()).translate(LABEL_FOLD)


@functools.lru_cache(maxsize=256)
def _prepared(labels: tuple[str, ...], known: tuple[str, ...]) -> tuple:
    """Folded labels (longest first), the other known labels, and one regex for them all."""
    wanted = tuple(sorted({fold_label(lb) for lb in labels if lb.strip()}, key=len, reverse=True))
    others = frozenset(fold_label(lb) for lb in known) - set(wanted)
    regex = re.compile("|".join(re.escape(lb) for lb in wanted)) if wanted else None
    return wanted, others, regex


def find_labels(
    chars: CharLines, labels: Iterable[str], known: Iterable[str] = (), *, fuzzy: bool = True
) -> list[LabelHit]:
    """Every place one of ``labels`` stands, the longest label where two start together. A
    near miss (OCR) never counts where the text is exactly another ``known`` label (发票代码 is
    not a misread 发票号码), nor where the label itself stands on that line."""
    hits: list[LabelHit] = []
    wanted, others, regex = _prepared(tuple(labels), tuple(known))
    if regex is None:
        return hits
    # each label's rivals once per call, not once per line (the cost of fuzzy matching)
    rivals = {lb: Rivals.of(lb, others | set(wanted) - {lb}) for lb in wanted if len(lb) >= 4}
    for i, text in enumerate(chars.texts):
        spans = [(m.start(), m.end()) for m in regex.finditer(text)]
        named: dict[tuple[int, int], str] = {}
        if fuzzy:
            exact = {text[s:e] for s, e in spans}
            for label, label_rivals in rivals.items():
                if label in exact:
                    continue
                for start, end in near_misses(text, label, label_rivals):
                    # a shorter label read whole inside it does not stop it (名称 in 项日名称)
                    if not any(
                        s < end and start < e and not (start <= s and e <= end) for s, e in spans
                    ):
                        spans.append((start, end))
                        named[start, end] = label
            # the longest label wins where one holds another (名称 in 项日名称)
            spans = [
                (s, e)
                for s, e in spans
                if not any(os <= s and e <= oe and oe - os > e - s for os, oe in spans)
            ]
        for start, end in spans:
            cs = chars.lines[i][start:end]
            hits.append(
                LabelHit(
                    named.get((start, end), text[start:end]),
                    i,
                    start,
                    end,
                    min(c.x0 for c in cs),
                    min(c.box.y0 for c in cs),
                    max(c.x1 for c in cs),
                    max(c.box.y1 for c in cs),
                )
            )
    hits.sort(key=lambda h: (h.line_index, h.start))
    return hits


def _dropped_one(window: str, label: str) -> bool:
    """``window`` is ``label`` with one inner character lost (发票码 for 发票号码)."""
    return len(window) == len(label) - 1 and any(
        label[:k] + label[k + 1 :] == window for k in range(1, len(label) - 1)
    )


@dataclass(frozen=True)
class Rivals:
    """The other labels a near miss of one label must not be mistaken for."""

    others: frozenset[str]
    same_ends: tuple[str, ...]  # other labels with the same first and last character
    tails: frozenset[str]  # the other labels of its length without their first character

    @staticmethod
    def of(label: str, others: Iterable[str]) -> Rivals:
        return _rivals(label, frozenset(others))


@functools.lru_cache(maxsize=4096)
def _rivals(label: str, others: frozenset[str]) -> Rivals:
    same_ends = tuple(o for o in others if o and o[0] == label[0] and o[-1] == label[-1])
    tails = frozenset(o[1:] for o in others if len(o) == len(label))
    return Rivals(others, same_ends, tails)


def near_misses(text: str, label: str, rivals_of: Rivals) -> list[tuple[int, int]]:
    """Where ``label`` stands with one character misread or lost (OCR), never the first or
    the last (they anchor it), and never where the text could as well be another label
    (发票代码 is not a misread 发票号码; 发票码 could be either, so it is neither)."""
    n = len(label)
    rivals, others = rivals_of.same_ends, rivals_of.others
    if label[0] not in text and label[1:] not in text:
        return []
    out = []
    for first in re.finditer(re.escape(label[0]), text):
        start = first.start()
        window = text[start : start + n]
        if (
            len(window) == n
            and window[-1] == label[-1]
            and window not in rivals
            and sum(a != b for a, b in zip(window, label, strict=True)) <= 1
        ):
            out.append((start, start + n))
            continue
        short = text[start : start + n - 1]
        if (
            n >= 4
            and short[-1:] == label[-1]
            and _dropped_one(short, label)
            and not any(_dropped_one(short, o) or short == o for o in rivals)
        ):
            out.append((start, start + n - 1))
    if n >= 4:  # the first character misread, the rest whole (族客姓名 for 旅客姓名)
        tail = label[1:]
        if tail not in rivals_of.tails:
            for m in re.finditer(re.escape(tail), text):
                start = m.start() - 1
                if (
                    start >= 0
                    and text[start] != label[0]
                    and (start, start + n) not in out
                    and text[start : start + n] not in others
                ):
                    out.append((start, start + n))
    return out


def one_character_apart(a: str, b: str) -> bool:
    """``a`` is ``b`` with exactly one character misread (same length, one place differs)."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
