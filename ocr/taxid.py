"""Taxpayer identification numbers: the 18-character unified social credit code (GB 32100-2015)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
# Older taxpayer numbers: 15 digits, 17 digits + 2 alphanumerics, or 20 characters.
_OTHER_RE = re.compile(r"[0-9A-Z]{15}|[0-9A-Z]{17}[0-9A-Z]{3}|[0-9A-Z]{20}")


@dataclass(frozen=True)
class TaxIdCheck:
    ok: bool
    kind: str  # "uscc" | "other" | "invalid"
    message: str


def uscc_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code."""
    total = sum(_CHARSET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHARSET[(31 - total % 31) % 31]


def make_uscc(first17: str) -> str:
    return first17 + uscc_check_char(first17)


def check_tax_id(value: str) -> TaxIdCheck:
    v = value.strip().upper()
    if len(v) == 18 and _USCC_RE.fullmatch(v):
        if uscc_check_char(v[:17]) == v[17]:
            return TaxIdCheck(True, "uscc", "valid unified social credit code")
        return TaxIdCheck(
            False,
            "invalid",
            f"tax ID {v} fails the GB 32100 check character (expected {uscc_check_char(v[:17])})",
        )
    if _OTHER_RE.fullmatch(v):
        return TaxIdCheck(
            True, "other", f"tax ID {v} is an older {len(v)}-character form that has no checksum"
        )
    return TaxIdCheck(False, "invalid", f"{v!r} is not a tax ID (18 characters expected)")


# characters OCR takes for one another in a tax ID's print (7 for T, 0 for D, …)
_LOOKALIKES = ("0DOQU", "1ILJT7", "2Z", "5S", "6G", "8B3", "4A", "UVWY", "PR", "MN", "KX", "EF")
# the organisation code's slips mended by the checksum alone: only the likeliest pairs, as
# every further pair is one more chance that a wrong swap passes the check by accident
_BODY_LOOKALIKES = ("0D", "8B", "6G", "7T", "4A")
_AS_DIGIT = str.maketrans("ODQILJZSGBT", "00011125687")


def _look_alike(a: str, b: str, groups: tuple[str, ...] = _LOOKALIKES) -> bool:
    return a != b and any(a in group and b in group for group in groups)


def mend_tax_id(value: str) -> str | None:
    """A unified social credit code that fails its check only by an OCR slip the code
    itself can correct: its check character misread as a look-alike (7 for T), letters in
    the six-digit region code (O for 0) that, read as digits, make the checksum hold, or one
    character of the organisation code taken for a look-alike (0 for D) where that is the
    only such swap the checksum accepts. None when no such mend exists, or more than one;
    a mended code still needs a person's look."""
    v = value.strip().upper()
    if len(v) != 18 or check_tax_id(v).ok:
        return None
    region = v[2:8].translate(_AS_DIGIT)
    if region != v[2:8]:
        mended = v[:2] + region + v[8:]
        return mended if check_tax_id(mended).kind == "uscc" else None
    strays = [i for i, ch in enumerate(v) if ch not in _CHARSET]
    if len(strays) == 1:  # a letter the code never uses (I, O, S, V, Z): its look-alikes
        i = strays[0]
        fits = {
            v[:i] + ch + v[i + 1 :]
            for ch in _CHARSET
            if _look_alike(v[i], ch) and check_tax_id(v[:i] + ch + v[i + 1 :]).kind == "uscc"
        }
        return fits.pop() if len(fits) == 1 else None
    if not _USCC_RE.fullmatch(v[:17] + "0"):
        return None
    expected = uscc_check_char(v[:17])
    fits = {v[:17] + expected} if _look_alike(v[17], expected) else set()
    for i in range(8, 17):  # the organisation code: letters and digits mixed
        for ch in _CHARSET:
            swapped = v[:i] + ch + v[i + 1 :]
            if _look_alike(v[i], ch, _BODY_LOOKALIKES) and check_tax_id(swapped).kind == "uscc":
                fits.add(swapped)
    return fits.pop() if len(fits) == 1 else None
