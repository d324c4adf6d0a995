"""Invoice QR codes: find them on a page image (zxing-cpp) and parse their payload.

Old-style payload: ``01,<type>,<code>,<number>,<amount before tax>,<YYYYMMDD>,<check code>,<crc>,``
(type 01 special, 04 general, 10 electronic general, 11 roll, 14 toll...). 数电票 leave code
and check code empty and carry the 20-digit number (types 31 special, 32 general, and others
for train and flight tickets); their money field is the 价税合计 (total), not the pre-tax
amount — seen on every real 数电票 code read so far.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter

from ocr.amounts import parse_money

log = logging.getLogger(__name__)

# type code → (invoice_kind, invoice_form)
_TYPES: dict[str, tuple[str | None, str]] = {
    "01": ("special", "paper"),
    "04": ("general", "paper"),
    "08": ("special", "electronic"),
    "10": ("general", "electronic"),
    "11": ("general", "paper"),
    "14": ("general", "electronic"),
    "31": ("special", "digital"),
    "32": ("general", "digital"),
    "51": ("general", "digital"),  # 数电 train ticket
    "61": ("general", "digital"),  # 数电 flight itinerary
    "83": ("general", "digital"),
    "84": ("general", "digital"),
    "85": ("special", "digital"),
    "86": ("general", "digital"),
}


@dataclass(frozen=True)
class InvoiceQR:
    type_code: str
    invoice_code: str | None
    invoice_number: str
    amount: Decimal | None
    issue_date: date
    check_code: str | None
    raw: str

    @property
    def invoice_kind(self) -> str | None:
        return _TYPES.get(self.type_code, (None, ""))[0]

    @property
    def money_is_total(self) -> bool:
        """数电票 codes carry the 价税合计; older codes the amount before tax."""
        return self.invoice_form == "digital"

    @property
    def invoice_form(self) -> str:
        if self.type_code in _TYPES:
            return _TYPES[self.type_code][1]
        return "digital" if len(self.invoice_number) == 20 else "paper"


@dataclass(frozen=True)
class FoundQR:
    text: str
    orientation: int  # degrees the symbol is rotated, as zxing reports it
    center: tuple[float, float]  # page fractions


def parse_payload(text: str) -> InvoiceQR | None:
    """Parse an invoice QR payload; None when the text is not one."""
    parts = [p.strip() for p in text.strip().split(",")]
    if len(parts) < 6 or parts[0] != "01":
        return None
    type_code, code, number, amount, day = parts[1:6]
    check = parts[6] if len(parts) > 6 else ""
    if not re.fullmatch(r"\d{2}", type_code):
        return None
    if not (re.fullmatch(r"\d{8}", number) or re.fullmatch(r"\d{20}", number)):
        return None
    if code and not re.fullmatch(r"\d{10}|\d{12}", code):
        return None
    day = re.sub(r"[-/.]", "", day)  # some issuers write 2024-10-23
    try:
        issued = date(int(day[0:4]), int(day[4:6]), int(day[6:8]))
    except (ValueError, IndexError):
        return None
    return InvoiceQR(
        type_code=type_code,
        invoice_code=code or None,
        invoice_number=number,
        amount=parse_money(amount) if amount else None,
        issue_date=issued,
        check_code=check or None,
        raw=text,
    )


def find_qr_codes(image: Image.Image) -> list[FoundQR]:
    """Decode every QR code on a page. Retries once with a median filter and once upscaled."""
    gray = image.convert("L")
    for attempt in ("plain", "median", "upscale"):
        if attempt == "median":
            candidate = gray.filter(ImageFilter.MedianFilter(3))
        elif attempt == "upscale":
            candidate = gray.resize((gray.width * 2, gray.height * 2), Image.Resampling.BICUBIC)
        else:
            candidate = gray
        results = zxingcpp.read_barcodes(
            np.asarray(candidate),
            formats=zxingcpp.BarcodeFormat.QRCode,
            try_downscale=True,
        )
        if results:
            scale = 2 if attempt == "upscale" else 1
            found = []
            for r in results:
                pts = r.position
                xs = [pts.top_left.x, pts.top_right.x, pts.bottom_left.x, pts.bottom_right.x]
                ys = [pts.top_left.y, pts.top_right.y, pts.bottom_left.y, pts.bottom_right.y]
                cx = sum(xs) / 4 / scale / gray.width
                cy = sum(ys) / 4 / scale / gray.height
                found.append(FoundQR(r.text, int(r.orientation) % 360, (cx, cy)))
            log.debug("QR found on %s attempt: %d", attempt, len(found))
            return found
    return []


def find_invoice_qr(image: Image.Image) -> tuple[InvoiceQR | None, FoundQR | None]:
    """The first QR code on the page that carries an invoice payload."""
    for found in find_qr_codes(image):
        parsed = parse_payload(found.text)
        if parsed:
            return parsed, found
    return None, None
