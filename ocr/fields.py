"""Fields by layout: find a label, then its value to the right, below it, or down its column.

One mechanism for every document type; the types supply :class:`FieldRule` data (labels as
printed on real documents, the kind of value, where it may stand). Labels are found by
``ocr.labels``. Every place a value could be gives a :class:`Candidate`, scored by how its
text passes the kind's checks (a tax-ID checksum, a plausible date, the right number of
digits) and how near it stands; the caller takes the best, or the best consistent set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ocr.amounts import parse_money
from ocr.dates import CN_DATE_PATTERN, ISO_DATE_PATTERN, parse_date, plausible_date
from ocr.labels import (
    LABEL_FOLD,
    Char,
    CharLines,
    LabelHit,
    Rivals,
    chars_match,
    find_labels,
    fold_label,
    near_misses,
)
from ocr.layout import Match, PageText, share_row
from ocr.taxid import check_tax_id

_DIGIT_FIXES = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8", "Z": "2"}
)
_SKIP = " :：;；,，.。、|丨_-—()（）[]【】"  # between a label and its value
MONEY_RE = re.compile(r"(?<![\d.])-?\d{1,3}(?:,?\d{3})*\.\d{2}(?!\d)|(?<![\d.])-?\d+\.\d{2}(?!\d)")
EXEMPT_RE = re.compile(r"^\s*[¥￥]?\s*([*＊]{2,}|免税|不征税)")
CN_DATE_RE = re.compile(CN_DATE_PATTERN)
ISO_DATE_RE = re.compile(ISO_DATE_PATTERN)
# a fax loses thin dashes: 2025 05 29 21:31:28, 2024 030810:04:39 (a time follows the date)
SPACED_DATE_RE = re.compile(
    r"(20\d{2})\s*(0[1-9]|1[0-2])\s*(0[1-9]|[12]\d|3[01])(?=\s*\d{1,2}:\d{2})"
)
COMPACT_DATE_RE = re.compile(r"(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")  # 2024 01 17
OFF_ROW_CONFIDENCE = 0.9  # below the OCR floor for ok: a value off its label's row is a guess
NUMERIC_KINDS = frozenset({"money", "date", "digits"})
CAPTION_RE = re.compile(r"[A-Za-z][A-Za-z./&]{1,24}(?=[\d¥￥:：])|№")
DIRECTION_WEIGHT = {"right": 1.0, "below": 0.85, "column": 0.8}


@dataclass(frozen=True)
class FieldRule:
    """How to find one field: labels (synonyms as printed), the kind of value, and where the
    value may stand relative to its label (``right``, ``below``, ``column``: several rows
    down in a table). ``section`` names the party block (``buyer``/``seller``) a label
    belongs to when both blocks print the same labels."""

    name: str
    labels: tuple[str, ...]
    kind: str  # money | date | digits | tax_id | name | text
    where: tuple[str, ...] = ("right", "below")
    lengths: tuple[int, ...] = ()  # digits: the lengths a valid value has
    pattern: str | None = None  # text: the value's regex (group 1 or the whole match)
    section: str | None = None
    exempt_zero: bool = False  # money: "***"/免税 in the value's place means 0.00
    ranked: bool = False  # labels in order of preference (应付 before 合计): earlier wins
    # a generic label (日期) that counts only on the row of these (the flight table's
    # 航班号): elsewhere it is another field's label with its first characters lost
    row_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A value a field could have, where it was read and how much it is believed."""

    value: object
    score: float
    confidence: float
    how: str
    match: Match
    label: LabelHit | None = None

    @property
    def valid(self) -> bool:
        return self.score >= 0.5


# ---- value kinds ------------------------------------------------------------------------
def parse_value(rule: FieldRule, text: str) -> tuple[object, float, int, int] | None:
    """The value of ``rule``'s kind at the start of ``text``: (value, validity, start, end)
    where validity is 1 for a value that passes the kind's checks, less for a doubtful one."""
    kind = rule.kind
    if kind == "money":
        if rule.exempt_zero:
            m = EXEMPT_RE.match(text)
            if m:
                return Decimal("0.00"), 1.0, m.start(1), m.end(1)
        m = MONEY_RE.search(text)
        if not m or m.start() > 3 + text[: m.start()].count(" "):
            return None
        value = parse_money(m.group(0))
        return (value, 1.0, m.start(), m.end()) if value is not None else None
    if kind == "date":
        m = (
            CN_DATE_RE.search(text)
            or ISO_DATE_RE.search(text)
            or COMPACT_DATE_RE.match(text)
            or SPACED_DATE_RE.match(text)
        )
        if not m or m.start() > 2:
            return None
        value = parse_date(m.group(0))
        if value is None:
            return None
        return value, 1.0 if plausible_date(value) else 0.3, m.start(), m.end()
    if kind == "digits":
        m = re.match(r"[0-9OoDIl|SBZ]+(?:[ -]?[0-9OoDIl|SBZ]+)*", text)
        if not m or not re.search(r"\d", m.group(0)):
            return None
        value = re.sub(r"\D", "", m.group(0).translate(_DIGIT_FIXES))
        ok = not rule.lengths or len(value) in rule.lengths
        return value, 1.0 if ok else 0.3, m.start(), m.end()
    if kind == "tax_id":
        m = re.match(r"[0-9A-Za-z]{15,20}", text)
        if not m:
            return None
        value = m.group(0).upper().replace("O", "0").replace("I", "1")
        if re.match(r"20\d{2}(0[1-9]|1[0-2])", value):
            # dates run together (a toll invoice's 通行日期起/止 columns): no tax ID starts
            # with 20 (the first digits are a registry, or a province from 11 up)
            return None
        if len(value) > 18:
            # a seal's own copy of the code (or a digit of it) run into the printed one:
            # the one 18-character window that passes the GB 32100 check is the code
            windows = [k for k in range(len(value) - 17) if check_tax_id(value[k : k + 18]).ok]
            if len(windows) == 1:
                k = windows[0]
                return value[k : k + 18], 1.0, m.start() + k, m.start() + k + 18
        result = check_tax_id(value)
        validity = 1.0 if result.ok and result.kind == "uscc" else 0.7 if result.ok else 0.3
        return value, validity, m.start(), m.end()
    if kind == "name":
        m = re.match(r"[^\s:：]{2,60}", text)
        if not m:
            return None
        value = m.group(0).replace("(", "（").replace(")", "）")
        if re.search(r"[*＊、]", value):
            # an item line (*会议服务*会议费) is no party's name, nor a list in a sentence
            # that happens to hold a label (可自定义店名、字体、打印机等)
            return None
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in value)
        return value, 1.0 if cjk >= 2 else 0.4, m.start(), m.end()
    if kind == "text":
        m = re.match(rule.pattern or r"\S+", text)
        if not m:
            return None
        group = 1 if m.groups() else 0
        return m.group(group), 1.0, m.start(group), m.end(group)
    raise ValueError(f"unknown field kind {kind!r}")


# ---- candidates -------------------------------------------------------------------------
class FieldReader:
    """Label hits and value candidates for a page, for any number of rules."""

    def __init__(
        self, page: PageText, rules: Iterable[FieldRule] = (), stop_labels: Iterable[str] = ()
    ) -> None:
        """``rules``' labels and ``stop_labels`` end a value read to the right of a label."""
        self.page = page
        self.chars = CharLines.of(page)
        # a text layer has no OCR slips: near misses are looked for on OCR text only
        self.fuzzy = not page.exact
        self._known = [lb for r in rules for lb in r.labels] + list(stop_labels)
        self._stops = find_labels(self.chars, self._known, fuzzy=self.fuzzy)
        self._folded_known = sorted({fold_label(lb) for lb in self._known}, key=len, reverse=True)
        self._label_cache: dict[tuple[str, ...], list[LabelHit]] = {}

    def _is_label(self, text: str) -> bool:
        """A name or text value never starts with a label (规格型号 is no seller), nor, on
        OCR text, with a label one character off (有效身价证件号码)."""
        if any(text.startswith(lb) for lb in self._folded_known if len(lb) >= 2):
            return True
        return self.fuzzy and any(
            (0, len(lb)) in hits or (0, len(lb) - 1) in hits
            for lb in self._folded_known
            if len(lb) >= 4
            for hits in [near_misses(text[: len(lb)], lb, Rivals.of(lb, ()))]
        )

    def labels(self, rule: FieldRule) -> list[LabelHit]:
        """Hits of the rule's labels that are not part of a longer label (名称 in 项目名称)."""
        if rule.labels not in self._label_cache:
            self._label_cache[rule.labels] = self._find_own_labels(rule)
        return self._label_cache[rule.labels]

    def _find_own_labels(self, rule: FieldRule) -> list[LabelHit]:
        hits = self._own_hits(rule)
        if rule.row_with:
            mates = find_labels(self.chars, rule.row_with, self._known, fuzzy=self.fuzzy)
            beside = [h for h in hits if any(share_row((h.y0, h.y1), (m.y0, m.y1)) for m in mates)]
            hits = beside or hits
        return hits

    def _own_hits(self, rule: FieldRule) -> list[LabelHit]:
        own = {fold_label(lb) for lb in rule.labels}
        return [
            hit
            for hit in find_labels(self.chars, rule.labels, self._known, fuzzy=self.fuzzy)
            if not any(
                stop.line_index == hit.line_index
                and stop.label not in own
                and len(stop.label) > len(hit.label)
                and stop.start <= hit.start
                and hit.end <= stop.end
                for stop in self._stops
            )
        ]

    def candidates(
        self, rule: FieldRule, hits: Sequence[LabelHit] | None = None
    ) -> list[Candidate]:
        out: list[Candidate] = []
        for hit in self.labels(rule) if hits is None else hits:
            if "right" in rule.where:
                found = self._right(rule, hit) or self._row_right(rule, hit)
                for rows in DOT_MATRIX_SHIFTS if rule.kind in NUMERIC_KINDS else ():
                    # dot-matrix printing on pre-printed forms: the value up to a row lower
                    if found:
                        break
                    found = self._row_right(rule, _shifted(hit, rows), off_row=True)
                out.extend(found)
            if "below" in rule.where or "column" in rule.where:
                out.extend(self._below(rule, hit, rows=6 if "column" in rule.where else 2))
        if rule.ranked:
            order = {fold_label(lb): i for i, lb in enumerate(rule.labels)}
            out = [
                replace(c, score=c.score * (1 - 0.1 * order.get(c.label.label, 0)))
                if c.label
                else c
                for c in out
            ]
        out.sort(key=lambda c: c.score, reverse=True)
        return out

    def best(self, rule: FieldRule) -> Candidate | None:
        found = self.candidates(rule)
        return found[0] if found else None

    def _next_stop(self, line_index: int, after: int) -> int:
        ends = [h.start for h in self._stops if h.line_index == line_index and h.start >= after]
        return min(ends, default=len(self.chars.texts[line_index]))

    def _gap_end(self, hit: LabelHit, start: int) -> int:
        """Where the run of characters that starts at ``start`` breaks off: a gap wider than
        two character heights ends a value (the next cell, a 密码区 beside the name)."""
        chars = self.chars.lines[hit.line_index]
        limit = 2.0 * max(1.0, hit.y1 - hit.y0)
        for k in range(start + 1, len(chars)):
            if chars[k].x0 - chars[k - 1].x1 > limit:
                return k
        return len(chars)

    def _right(self, rule: FieldRule, hit: LabelHit) -> list[Candidate]:
        text = self.chars.texts[hit.line_index]
        start = hit.end
        while start < len(text) and text[start] in _SKIP:
            start += 1
        if rule.kind in NUMERIC_KINDS:
            # an English caption between label and value (日期 DATE 2024.11.03, 金额 TOTAL)
            caption = CAPTION_RE.match(text, start)
            if caption:
                start = caption.end()
        stop = min(self._next_stop(hit.line_index, start), self._gap_end(hit, start))
        segment = text[start:stop]
        if not segment:
            return []
        parsed = parse_value(rule, segment)
        if parsed is None:
            return []
        value, validity, s, e = parsed
        if rule.kind in ("name", "text") and self._is_label(segment[s:]):
            return []
        match = self.chars.span_match(hit.line_index, start + s, start + e, str(value))
        gap = match.bbox[0] - hit.x1
        height = max(1.0, hit.y1 - hit.y0)
        nearness = 1.0 if gap < 8 * height else 0.7
        score = DIRECTION_WEIGHT["right"] * validity * nearness
        return [Candidate(value, score, match.confidence, "right", match, hit)]

    def row_chars(self, hit: LabelHit) -> list[Char]:
        """Characters right of a label on its row: every line's characters that share most
        of the label's height, whatever line they were grouped into (vertical text in a
        margin — 购买方信息, 第二联 — can split one printed row into two lines)."""
        height = hit.y1 - hit.y0
        out = []
        for chars in self.chars.lines:
            for c in chars:
                if c.x0 >= hit.x1 - 0.2 * height and share_row(
                    (c.box.y0, c.box.y1), (hit.y0, hit.y1)
                ):
                    out.append(c)
        out.sort(key=lambda c: c.x0)
        return out

    def _row_right(self, rule: FieldRule, hit: LabelHit, off_row: bool = False) -> list[Candidate]:
        """The value right of the label on its row, when the label's own line has none;
        ``off_row``: ``hit`` was moved a row down, and a person confirms what is found."""
        chars = self.row_chars(hit)
        height = max(1.0, hit.y1 - hit.y0)
        if off_row:  # a box that starts under the label is the next row's label (另收附加费)
            chars = [c for c in chars if c.box.x0 >= hit.x1 - 0.2 * height]
        run: list[Char] = []
        for c in chars:
            if run and c.x0 - run[-1].x1 > 2.0 * height:
                break
            if not run and c.ch in _SKIP:
                continue
            run.append(c)
        text = "".join(c.ch for c in run).translate(LABEL_FOLD)
        cut = min(
            (i for lb in self._folded_known if len(lb) >= 2 for i in [text.find(lb)] if i > 0),
            default=len(text),
        )
        run, text = run[:cut], text[:cut]
        if not run or (rule.kind in ("name", "text") and self._is_label(text)):
            return []
        parsed = parse_value(rule, text)
        if parsed is None:
            return []
        value, validity, s, e = parsed
        part = run[s:e]
        line_index = next(i for i, ln in enumerate(self.chars.lines) if part[0] in ln)
        cap = OFF_ROW_CONFIDENCE if off_row else 1.0
        match = chars_match(part, str(value), line_index, cap)
        nearness = 1.0 if match.bbox[0] - hit.x1 < 8 * height else 0.7
        score = DIRECTION_WEIGHT["right"] * validity * (0.75 if off_row else 0.95) * nearness
        return [Candidate(value, score, match.confidence, "right", match, hit)]

    def _below(self, rule: FieldRule, hit: LabelHit, rows: int) -> list[Candidate]:
        """Values under the label: the characters of the next lines whose centre lies within
        the label's width (widened by half of it), nearest line first."""
        height = max(1.0, hit.y1 - hit.y0)
        width = hit.x1 - hit.x0
        left, right = hit.x0 - 0.6 * width - height, hit.x1 + 0.6 * width + height
        out = []
        seen = 0
        for i in range(hit.line_index + 1, len(self.chars.lines)):
            chars = self.chars.lines[i]
            if not chars:
                continue
            top = min(c.box.y0 for c in chars)
            if top - hit.y1 > (rows + 1) * 2.2 * height:
                break
            idx = [k for k, c in enumerate(chars) if left <= (c.x0 + c.x1) / 2 <= right]
            if not idx:
                continue
            seen += 1
            # extend to whole tokens that start inside the column
            start, end = idx[0], idx[-1] + 1
            while end < len(chars) and chars[end].box is chars[end - 1].box:
                end += 1
            while start > 0 and chars[start - 1].box is chars[start].box:
                start -= 1
            segment = self.chars.texts[i][start:end]
            parsed = parse_value(rule, segment)
            if parsed is not None and not (
                rule.kind in ("name", "text") and self._is_label(segment[parsed[2] :])
            ):
                value, validity, s, e = parsed
                match = self.chars.span_match(i, start + s, start + e, str(value))
                how = "below" if seen == 1 else "column"
                weight = DIRECTION_WEIGHT[how] * (0.97 ** (seen - 1))
                out.append(Candidate(value, weight * validity, match.confidence, how, match, hit))
                break
            if seen >= rows:
                break
        return out


DOT_MATRIX_SHIFTS = (0.6, 1.0)  # rows: half-way to the next label's row, then onto it


def _shifted(hit: LabelHit, rows: float) -> LabelHit:
    """The label's box moved down by ``rows`` of its own height (plus the usual spacing)."""
    dy = rows * 1.6 * (hit.y1 - hit.y0)
    return replace(hit, y0=hit.y0 + dy, y1=hit.y1 + dy)
