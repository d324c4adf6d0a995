"""Values found by their shape alone, for OCR pages whose labels could not be read: a fax
drops the light label ink, a stamp covers it, a chat-app screenshot shrinks it past reading.

Every value set here goes through ``Extraction.unlabelled``: it is flagged for a person to
confirm, so it never makes a record ``ok`` on its own. Only fields still missing are set.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from ocr.amounts import parse_capital, parse_money
from ocr.dates import parse_date, plausible_date
from ocr.doctypes.base import CN_DATE, ISO_DATE, MONEY, Extraction
from ocr.labels import one_character_apart
from ocr.layout import Match, share_row

MONEY_FIELDS = ("amount", "tax", "total")
MAX_TAX_RATE = Decimal("0.17")  # the highest VAT rate there has been; 13 % since 2019
# what a party's name ends with on Chinese invoices (organisations; a person has no suffix)
NAME_ENDINGS = (
    "公司",
    "厂",
    "店",
    "中心",
    "院",
    "局",
    "所",
    "部",
    "行",
    "社",
    "馆",
    "处",
    "站",
    "校",
    "会",
    "园",
    "场",
    "队",
)
# …nor the tax bureau of the 发票监制章 (国家税务局, read 国家票局), never a party
NOT_A_NAME = r"地址|电话|开户|账号|银行账|发票|专用章|监制|税务|国家.{0,2}局|[¥￥*＊]|\d{5,}"


def date_by_shape(ex: Extraction, name: str = "issue_date") -> None:
    """The one date the page prints (a fax header is dropped before extraction)."""
    if getattr(ex.record, name) is not None:
        return
    found: dict[date, Match] = {}
    for pattern in (CN_DATE, ISO_DATE):
        for m in ex.ctx.text.find_all(pattern):
            value = parse_date(m.value)
            if plausible_date(value):
                found.setdefault(value, m)
    if len(found) == 1:
        (value, m), *_ = found.items()
        ex.unlabelled(name, value, m, "the only date on the page")


def _digit_runs(ex: Extraction, top_share: float) -> list[tuple[str, Match]]:
    """Runs of digits in the top part of the page, with the separators OCR reads inside
    them (01,108436 · 1670765-47432 · 01108:36) taken out; boxes that are mostly other
    characters (the 密码区's cipher) are skipped."""
    text = ex.ctx.text
    limit = text.height * top_share
    out = []
    for m in text.find_all(r"((?:No\.?|NO\.?|№)?\s*\d[\d,.:：\- ]{6,}\d)"):
        if m.bbox[1] > limit:
            continue
        line = text.lines[m.line_index].text
        if sum(ch.isdigit() for ch in line) < 0.6 * len(re.sub(r"\s", "", line)):
            continue
        run = re.sub(r"\D", "", m.value)
        out.append((run, m))
    return out


def code_and_number_by_shape(ex: Extraction, code_lengths: Sequence[int] = (10, 12)) -> None:
    """An old form's 发票代码 (10 or 12 digits, often printed twice) and 发票号码 (8 digits)
    in the page's top part. Several candidates of a length: the one printed most often."""
    rec = ex.record
    if rec.invoice_code is not None and rec.invoice_number is not None:
        return
    runs = _digit_runs(ex, 0.4)
    codes = [(r, m) for r, m in runs if len(r) in code_lengths]
    numbers = [(r, m) for r, m in runs if len(r) == 8]
    for name, found in (("invoice_code", codes), ("invoice_number", numbers)):
        if not found or getattr(rec, name) is not None:
            continue
        ranked = Counter(run for run, _ in found).most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            run = ranked[0][0]
            match = next(m for r, m in found if r == run)
            ex.unlabelled(name, run, match, "the page's run of digits of that length")


def sums_by_shape(ex: Extraction) -> None:
    """Amount, tax and total that add up (amount + tax = total), the largest such set. Sums
    already read keep their places; one read in another sum's place (a total taken for the
    amount) is moved where the arithmetic puts it."""
    rec = ex.record
    known = {n: getattr(rec, n) for n in MONEY_FIELDS if getattr(rec, n) is not None}
    if len(known) == 3 and known["amount"] + known["tax"] == known["total"]:
        return
    values = [
        (v, m) for m in ex.ctx.text.find_all(MONEY) if (v := parse_money(m.value)) is not None
    ]
    words = parse_capital(rec.total_in_words) if rec.total_in_words else None
    triples = []
    for (a, ma), (t, mt), (s, ms) in itertools.permutations(values, 3):
        if not (0 <= t < a <= s and abs(a + t - s) <= Decimal("0.01")):
            continue
        if t > a * MAX_TAX_RATE:
            continue  # two item taxes and their sum
        triples.append(((a, ma), (t, mt), (s, ms)))
    if not triples:
        _one_digit_repair(ex, values, known, words)
        return

    def in_place(triple: tuple) -> bool:
        return all(triple[i][0] == known[n] for i, n in enumerate(MONEY_FIELDS) if n in known)

    def anywhere(triple: tuple) -> bool:
        return set(known.values()) <= {v for v, _ in triple}

    placed = [t for t in triples if in_place(t)]
    moved = [t for t in triples if anywhere(t)] if not placed else []

    def rank(triple: tuple) -> tuple:
        (a, ma), (t, mt), (s, _) = triple
        _, ay0, _, ay1 = ma.bbox
        _, ty0, _, ty1 = mt.bbox
        one_row = share_row((ay0, ay1), (ty0, ty1))
        # to the cent; amount and tax side by side (the 合计 row); the total the 大写 says
        # (when OCR read it whole); else the largest
        return (a + t == s, one_row, s == words, s)

    best = max(placed or moved or triples, key=rank)
    for name, (value, m) in zip(MONEY_FIELDS, best, strict=True):
        if moved and getattr(rec, name) is not None and getattr(rec, name) != value:
            setattr(rec, name, None)  # read in another sum's place: the arithmetic decides
        ex.unlabelled(name, value, m, "the sums that add up on the page")


def _one_digit_repair(
    ex: Extraction, values: list[tuple[Decimal, Match]], known: dict, words: Decimal | None
) -> None:
    """No three sums add up, but amount and tax side by side and the total would with one
    digit of one of them misread (small print: 6 read as 0). The one such mend on the page
    is set, flagged; two possible mends (or none) leave the sums to a person."""
    totals = [(v, m) for v, m in values if v == known.get("total") or (words and v == words)]
    if not totals:
        return
    total, total_match = totals[0]
    trusted_total = words is not None and total == words
    mends = set()
    for (a, ma), (t, mt) in itertools.permutations(values, 2):
        if not (0 <= t < a < total + 1) or ma is total_match or mt is total_match:
            continue
        if not share_row(ma.bbox[1::2], mt.bbox[1::2]):
            continue  # the 合计 row prints amount and tax side by side
        # (amount, tax, total) with one of them mended: the value read, the value mended
        tries = [((a, total - a, total), t, total - a), ((total - t, t, total), a, total - t)]
        if not trusted_total:
            tries.append(((a, t, a + t), total, a + t))
        for (fa, ft, fs), read, mended in tries:
            if 0 < ft <= fa * MAX_TAX_RATE and one_character_apart(f"{read:.2f}", f"{mended:.2f}"):
                mends.add((fa, ft, fs, ma, mt))
    if len({m[:3] for m in mends}) != 1:
        return
    amount, tax, total_value, ma, mt = next(iter(mends))
    for name, value, m in (
        ("amount", amount, ma),
        ("tax", tax, mt),
        ("total", total_value, total_match),
    ):
        if getattr(ex.record, name) not in (None, value):
            setattr(ex.record, name, None)
        ex.unlabelled(name, value, m, "one digit mended so that amount + tax = total")


EXEMPT_RATES = ("免税", "不征税", "0%")


def tax_by_exempt_items(ex: Extraction) -> None:
    """税额 unread (its *** broken up by a fax) where every item's rate says 免税 or 不征税:
    the tax is 0.00 by law, as certain as the rates were read."""
    rec = ex.record
    rates = [i.tax_rate for i in rec.items]
    if rec.tax is None and rates and all(r in EXEMPT_RATES for r in rates):
        ex.set("tax", Decimal("0.00"), None, rec.confidence.get("items", 0.9))


def sums_by_items(ex: Extraction) -> None:
    """A sum that breaks amount + tax = total where the item table and the two other sums
    agree on its value (a seal over the amount's first digits: 06.22 for 4806.22): the
    agreed value is set, flagged for a person. Never when the sums already add up."""
    rec = ex.record
    amount, tax, total = rec.amount, rec.tax, rec.total
    if total is None or (amount is not None and tax is not None and amount + tax == total):
        return
    priced = [i for i in rec.items if i.amount is not None]  # as validation sums them
    if not priced:
        return
    items_amount = sum((i.amount for i in priced), Decimal(0))
    item_taxes = [i.tax for i in priced]
    items_tax = sum(item_taxes, Decimal(0)) if None not in item_taxes else None
    if tax is not None and items_amount + tax == total:
        mends = [("amount", items_amount, "金额", "the items and 价税合计 − 税额")]
    elif items_tax is not None and amount is not None and amount + items_tax == total:
        mends = [("tax", items_tax, "税额", "the items' taxes and 价税合计 − 金额")]
    elif amount is None and tax is None and items_tax is not None:
        # both sums lost (under a seal, or their 合计 label misread): the item columns
        # summed must give the 价税合计 read on its own to the cent
        if items_amount + items_tax != total:
            return
        sources = "the items' columns, which add up to 价税合计,"
        mends = [("amount", items_amount, "金额", sources), ("tax", items_tax, "税额", sources)]
    else:
        return
    for name, value, label, sources in mends:
        read = getattr(rec, name)
        ex.set(name, value, None, min(rec.confidence.get(name, 0.9), 0.9))
        was = f"read as {read}" if read is not None else "not read"
        rec.add_problem(
            name, "mended", f"{label} was {was}; {sources} both give {value}: check it on the image"
        )


def organisation_names(ex: Extraction, known: Sequence[str | None]) -> list[tuple[str, Match]]:
    """Text boxes that read as an organisation's name (ends 公司/厂/中心/…), with a label
    remnant before a colon cut off; item lines (*类别*名称) and known names left out."""
    out = []
    for line_index, line in enumerate(ex.ctx.text.lines):
        for box in line.boxes:
            text = re.sub(r"\s", "", box.text)
            text = re.split(r"[:：]", text)[-1]
            if not 4 <= len(text) <= 40 or not text.endswith(NAME_ENDINGS):
                continue
            if re.search(NOT_A_NAME, text) or text in known:
                continue
            cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
            if cjk < 0.7 * len(text):
                continue
            out.append((text, Match(text, (box,), line_index)))
    return out
