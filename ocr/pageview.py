"""A page as a person checks it: the image the fields were read from, and its words.

Field boxes in a record are fractions of the upright page the reader used; this module
produces that same page (OCR pages are turned upright exactly as capture turned them) and the
words on it, so a reviewer can see where each value came from and pick text off the page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from ocr.errors import CaptureError, UnsupportedFileType
from ocr.load import SUPPORTED, Page, load_image, load_pdf, read_bytes, sniff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Word:
    """A piece of text on the page; the box is in page fractions (0–1), like record boxes."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def value(self) -> str:
        """The text without a printed caption: "发票号码：2431…" gives "2431…"."""
        for colon in ("：", ":"):
            caption, sep, rest = self.text.partition(colon)
            if sep and rest.strip() and len(caption) <= 12:
                return rest.strip()
        return self.text.strip()


@dataclass
class PageView:
    number: int
    page_count: int
    image: Image.Image | None  # None for documents without pages (数电票 XML, OFD)
    words: list[Word] = field(default_factory=list)
    read_by: str = "text-layer"  # "text-layer" | the OCR engine | "none"


def view_page(
    path: Path | str, number: int = 1, *, engine: str | None = None, words: bool = True
) -> PageView:
    """Page ``number`` (1-based) of a document, upright, with its words.

    Text-layer PDF pages are rendered and their words taken as they are; scans are read by the
    OCR engine (which also turns them upright) when ``words`` is true. Raises CaptureError with
    a message a person can act on."""
    path = Path(path)
    data = read_bytes(path)
    pages = _pages(data, path.name)
    if not pages:
        return PageView(number, 0, None, read_by="none")
    if not 1 <= number <= len(pages):
        raise CaptureError(f"{path.name} has {len(pages)} pages; there is no page {number}")
    page = pages[number - 1]
    image = page.image.convert("RGB")
    if page.has_text_layer:
        found = [
            _word(w.text, w.x0, w.y0, w.x1, w.y1, page.width, page.height) for w in page.words or []
        ]
        return PageView(number, len(pages), image, found)
    if not words:
        return PageView(number, len(pages), image, read_by="none")
    from ocr.capture import rotation_from_qr
    from ocr.engines import get_engine
    from ocr.qr import find_invoice_qr
    from ocr.read import read_image

    _qr, found_qr = find_invoice_qr(image)  # turned upright as capture turned it
    hint = rotation_from_qr(found_qr.orientation) if found_qr else None
    reading = read_image(get_engine(engine), image, hint)
    upright = reading.image
    found = [
        _word(b.text, b.x0, b.y0, b.x1, b.y1, upright.width, upright.height) for b in reading.boxes
    ]
    return PageView(number, len(pages), upright, found, read_by=engine or "ocr")


def _pages(data: bytes, name: str) -> list[Page]:
    kind = sniff(data)
    if kind == "pdf":
        return load_pdf(data, name)
    if kind == "image":
        return load_image(data, name)
    if kind in ("xml", "ofd"):
        return []
    raise UnsupportedFileType(f"{name} is not a document Zhangfang reads; use {SUPPORTED}")


def _word(text: str, x0: float, y0: float, x1: float, y1: float, width: int, height: int) -> Word:
    return Word(text, x0 / width, y0 / height, x1 / width, y1 / height)
