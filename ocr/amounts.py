"""Money: parsing printed amounts, two-decimal formatting, and Chinese capital numerals (大写)."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
_BIG_UNITS = ["", "万", "亿", "万亿"]

# Characters OCR and issuers use interchangeably in capital numerals.
_CAPITAL_VARIANTS = str.maketrans(
    {"圆": "元", "園": "元", "貳": "贰", "參": "叁", "陸": "陆", "億": "亿", "萬": "万", "〇": "零"}
)
_DIGIT_VALUE = {c: i for i, c in enumerate(_DIGITS)}
_UNIT_VALUE = {"拾": 10, "佰": 100, "仟": 1000}
_MONEY_RE = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?")


_PLAIN_RE = re.compile(r"[-+]?(?:\d{1,15}(?:\.\d{0,8})?|\.\d{1,8})")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def plain_decimal(text: str | None) -> Decimal | None:
    """A number written out plainly, as structured invoice data writes it ("1234.50", "-3",
    "0.06"), else None: no exponents, no NaN or infinities, at most 15 digits before the point
    and 8 after — so no value read from a file can blow up arithmetic or formatting later."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text).strip()  # full-width digits ０-９ and ．
    if not _PLAIN_RE.fullmatch(text):
        return None
    return Decimal(text)


def plain_money(text: str | None) -> Decimal | None:
    """:func:`plain_decimal` to the cent."""
    value = plain_decimal(text)
    return None if value is None else quantize(value)


def parse_money(text: str | None) -> Decimal | None:
    """Read the first amount in ``text`` ("¥1,234.50", "￥ -12.3", "1234") or None."""
    if not text:
        return None
    cleaned = text.replace("，", ",").replace("．", ".").replace(" ", "")
    match = _MONEY_RE.search(cleaned)
    if not match:
        return None
    try:
        return quantize(Decimal(match.group(0).replace(",", "").replace("−", "-")))
    except InvalidOperation:
        return None


def format_money(value: Decimal | None) -> str | None:
    return None if value is None else f"{quantize(value):.2f}"


def _four_digits(n: int) -> str:
    """Capital numerals for 0 < n < 10000, with 零 for inner gaps."""
    out = []
    zero_pending = False
    for pos in range(3, -1, -1):
        digit = (n // 10**pos) % 10
        if digit == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS[digit] + _SMALL_UNITS[pos])
    return "".join(out)


def to_capital(value: Decimal) -> str:
    """The 大写 form printed on Chinese invoices: 1234.50 → 壹仟贰佰叁拾肆元伍角."""
    value = quantize(value)
    negative = value < 0
    value = abs(value)
    yuan = int(value)
    cents = int((value - yuan) * 100)
    jiao, fen = divmod(cents, 10)
    parts: list[str] = []
    if yuan:
        groups = []
        n = yuan
        while n:
            groups.append(n % 10000)
            n //= 10000
        text = ""
        need_zero = False
        for idx in range(len(groups) - 1, -1, -1):
            g = groups[idx]
            if g == 0:
                need_zero = True
                continue
            if text and (need_zero or g < 1000):
                text += "零"
            text += _four_digits(g) + _BIG_UNITS[idx]
            need_zero = False
        parts.append(text + "元")
    if jiao == 0 and fen == 0:
        parts.append("整" if yuan else "零元整")
    else:
        if jiao:
            parts.append(_DIGITS[jiao] + "角")
        elif yuan:
            parts.append("零")
        if fen:
            parts.append(_DIGITS[fen] + "分")
    result = "".join(parts)
    return ("负" if negative else "") + result


def parse_capital(text: str | None) -> Decimal | None:
    """Read a 大写 amount back into a number; None when it is not a well-formed one."""
    if not text:
        return None
    s = re.sub(r"[\s⊗ⓧ(（)）:：人民币]", "", text).translate(_CAPITAL_VARIANTS)
    s = s.rstrip("整正")
    if not s:
        return None
    negative = s.startswith("负")
    if negative:
        s = s[1:]
    if "元" in s:
        yuan_part, _, frac = s.partition("元")
    elif "角" in s or "分" in s:
        yuan_part, frac = "", s
    else:
        yuan_part, frac = s, ""
    total = Decimal(_integer_capital(yuan_part)) if yuan_part else Decimal(0)
    if total < 0:
        return None
    frac = frac.lstrip("零")
    m = re.fullmatch(r"(?:([零壹贰叁肆伍陆柒捌玖])角)?零?(?:([零壹贰叁肆伍陆柒捌玖])分)?", frac)
    if m is None:
        return None
    if m.group(1):
        total += Decimal(_DIGIT_VALUE[m.group(1)]) / 10
    if m.group(2):
        total += Decimal(_DIGIT_VALUE[m.group(2)]) / 100
    return quantize(-total if negative else total)


def _integer_capital(s: str) -> int:
    """壹万贰仟零叁拾 → 12030; -1 when malformed."""
    total = 0
    section = 0
    digit: int | None = None
    last_big = 10**13  # big units (万, 亿) must come in falling order, each once
    for ch in s:
        if ch in _DIGIT_VALUE:
            if digit is not None and ch != "零":
                return -1
            digit = _DIGIT_VALUE[ch] if ch != "零" else None
        elif ch in _UNIT_VALUE:
            if digit is None:
                if ch == "拾" and section == 0:
                    digit = 1  # 拾元 = 10
                else:
                    return -1
            section += digit * _UNIT_VALUE[ch]
            digit = None
        elif ch == "万":
            if last_big <= 10_000:
                return -1
            last_big = 10_000
            section += digit or 0
            total += section * 10_000
            section, digit = 0, None
        elif ch == "亿":
            if last_big <= 100_000_000:
                return -1
            last_big = 100_000_000
            section += digit or 0
            total = (total + section) * 100_000_000
            section, digit = 0, None
        else:
            return -1
    return total + section + (digit or 0)


_LADDER = "拾佰仟"  # units within a 万 section, rising
_SECTION_ENDS = "万亿元"


def mend_capital_units(text: str) -> str:
    """A 大写 amount with one unit misread by OCR (伍仟贰值壹拾元 for 伍仟贰佰壹拾元): a stray
    character between two digits can only be the unit the units beside it leave (佰 between
    仟 and 拾). Returned unchanged when there is no such stray or it cannot be told."""
    strays = [
        i
        for i, ch in enumerate(text)
        if ch not in _DIGITS and ch not in _LADDER + _SECTION_ENDS + "角分整正零"
    ]
    if len(strays) != 1:
        return text
    i = strays[0]
    if not (0 < i < len(text) - 1 and text[i - 1] in _DIGITS and text[i + 1] in _DIGITS):
        return text

    def nearest(chars: str) -> str | None:
        for ch in chars:
            if ch in _SECTION_ENDS:
                return None
            if ch in _LADDER:
                return ch
        return None

    left, right = nearest(text[:i][::-1]), nearest(text[i + 1 :])
    if right is not None:
        rank = _LADDER.index(right) + 1
        if left is not None and _LADDER.index(left) != rank + 1:
            return text
    else:
        rank = 0  # the next digit is the section's last: the stray is 拾
        if left is not None and _LADDER.index(left) != 1:
            return text
    if rank >= len(_LADDER):
        return text
    return text[:i] + _LADDER[rank] + text[i + 1 :]
