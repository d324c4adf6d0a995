"""Open a file as pages: text-layer words where the PDF has them, else an image to OCR.

File kinds are recognised by content, not by name. Every failure raises a
:class:`~ocr.errors.CaptureError` subclass whose message tells the user what to do.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from ocr.errors import (
    CorruptDocument,
    DocumentTooLarge,
    EmptyFile,
    EncryptedDocument,
    UnsupportedFileType,
)
from ocr.layout import TextBox

log = logging.getLogger(__name__)

RENDER_DPI = 200  # page images for OCR and for the review screen
MAX_PIXELS = 60_000_000  # a bigger image is a decompression bomb, not a scan
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PAGES = 200
# PDFium is not thread-safe (two threads in it at once can crash the process): every call into
# it — opening, reading text, rendering — holds this lock. The desktop app renders a page for
# review while an import reads another PDF.
PDFIUM_LOCK = threading.RLock()
MAX_PAGE_POINTS = 14_400  # 5 m: no invoice is bigger than that
SCAN_IMAGE_SHARE = 0.6  # an image this big means the page is a scan
MIN_TEXT_CHARS = 20  # fewer text-layer characters than this: treat the page as a scan
GARBLED_SHARE = 0.05  # this share of unreadable text-layer characters: read the page by OCR

IMAGE_FORMATS = {"PNG", "JPEG", "TIFF", "BMP", "WEBP", "MPO"}
ORIENTATION_TAG = 0x0112
SUPPORTED = "PDF, OFD, 数电票 XML, PNG, JPEG, TIFF, BMP or WebP"


@dataclass
class Page:
    """One page. ``words`` is the text layer (None for scans); ``image`` renders on demand."""

    number: int
    width: int
    height: int
    words: list[TextBox] | None = None
    notes: list[str] = field(default_factory=list)  # what a person should know of how it was read
    _image: Image.Image | None = None
    _render: Callable[[], Image.Image] | None = field(default=None, repr=False)

    @property
    def image(self) -> Image.Image:
        if self._image is None:
            if self._render is None:
                raise CorruptDocument(f"page {self.number} has no image to read")
            self._image = self._render()
        return self._image

    def set_image(self, image: Image.Image) -> None:
        self._image = image
        self.width, self.height = image.size

    @property
    def has_text_layer(self) -> bool:
        return bool(self.words)


def sniff(data: bytes) -> str:
    """'pdf' | 'image' | 'ofd' | 'xml' | 'unknown' from the first bytes of a file."""
    head = data[:512]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        return "ofd"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return "xml"
    return "unknown"


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorruptDocument(f"cannot open {path.name}: {exc.strerror}") from exc
    if size == 0:
        raise EmptyFile(f"{path.name} is empty (0 bytes); scan or export it again")
    if size > MAX_FILE_BYTES:
        raise DocumentTooLarge(
            f"{path.name} is {size // 1_048_576} MB; documents over "
            f"{MAX_FILE_BYTES // 1_048_576} MB are not read — split or compress it"
        )
    return path.read_bytes()


# ---- PDF -----------------------------------------------------------------------------------
def load_pdf(data: bytes, name: str) -> list[Page]:
    with PDFIUM_LOCK:
        return _load_pdf(data, name)


def _load_pdf(data: bytes, name: str) -> list[Page]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise EncryptedDocument(
                f"{name} is password-protected; open it, save an unprotected copy and import that"
            ) from exc
        raise CorruptDocument(
            f"{name} is not a readable PDF ({exc}); download or scan it again"
        ) from exc
    if len(pdf) == 0:
        raise CorruptDocument(f"{name} has no pages")
    if len(pdf) > MAX_PAGES:
        raise DocumentTooLarge(f"{name} has {len(pdf)} pages; split it (at most {MAX_PAGES})")
    pages = []
    for index in range(len(pdf)):
        page = pdf[index]
        w_pt, h_pt = page.get_size()
        if max(w_pt, h_pt) > MAX_PAGE_POINTS:
            raise DocumentTooLarge(f"page {index + 1} of {name} is implausibly large")
        scale = RENDER_DPI / 72
        words = _text_layer(page, h_pt, scale)
        notes = []
        if words and _is_scan_with_ocr_layer(page, w_pt, h_pt):
            # a scanner's OCR layer is a guess, not the issuer's text: read the image instead
            log.info(
                "%s page %d: text layer over a full-page image; reading by OCR", name, index + 1
            )
            words = []
        elif words and garbled_share(words) > GARBLED_SHARE:
            fonts = garbled_fonts(data, index)
            note = (
                "the PDF's text layer cannot be read (its fonts"
                + (f" {', '.join(fonts)}" if fonts else "")
                + " map characters to nothing readable); the page was read by OCR"
            )
            log.info("%s page %d: %s", name, index + 1, note)
            notes.append(note)
            words = []
        pages.append(
            Page(
                number=index + 1,
                width=round(w_pt * scale),
                height=round(h_pt * scale),
                words=words if sum(len(w.text) for w in words) >= MIN_TEXT_CHARS else None,
                notes=notes,
                _render=_pdf_renderer(pdf, index, scale),
            )
        )
    return pages


def _is_garbled(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or code == 0xFFFD or 0xE000 <= code <= 0xF8FF


def garbled_share(words: list[TextBox]) -> float:
    """The share of text-layer characters that are control codes, U+FFFD or private-use:
    what an embedded font without a Unicode map yields (its labels turn into \\x01\\x02…)."""
    chars = [ch for w in words for ch in w.text if not ch.isspace()]
    return sum(_is_garbled(ch) for ch in chars) / len(chars) if chars else 0.0


def garbled_fonts(data: bytes, index: int) -> list[str]:
    """Names of the fonts whose characters come out unreadable, by pdfplumber's per-character
    font names (pdfminer writes an unmapped glyph as ``(cid:N)``): for the message only."""
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data), pages=[index + 1]) as pdf:
            fonts = {
                str(c.get("fontname", "?")).split("+")[-1]
                for c in pdf.pages[0].chars
                if c.get("text", "").startswith("(cid:") or any(map(_is_garbled, c.get("text", "")))
            }
    except Exception as exc:  # the name of a font is not worth failing the page for
        log.debug("pdfplumber could not name the fonts: %s", exc)
        return []
    return sorted(fonts)[:3]


def _pdf_renderer(pdf: pdfium.PdfDocument, index: int, scale: float) -> Callable[[], Image.Image]:
    def render() -> Image.Image:
        with PDFIUM_LOCK:
            return pdf[index].render(scale=scale, grayscale=True).to_pil().convert("RGB")

    return render


def _is_scan_with_ocr_layer(page: pdfium.PdfPage, width_pt: float, height_pt: float) -> bool:
    """True when an image covers most of the page: the text is a scanner's OCR layer."""
    page_area = width_pt * height_pt
    for obj in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= SCAN_IMAGE_SHARE * page_area:
            return True
    return False


def _text_layer(page: pdfium.PdfPage, height_pt: float, scale: float) -> list[TextBox]:
    textpage = page.get_textpage()
    words = []
    try:
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top).strip()
            text = " ".join(text.split())
            if not text:
                continue
            words.append(
                TextBox(
                    text,
                    left * scale,
                    (height_pt - top) * scale,
                    right * scale,
                    (height_pt - bottom) * scale,
                )
            )
    finally:
        textpage.close()
    return words


# ---- images --------------------------------------------------------------------------------
def load_image(data: bytes, name: str) -> list[Page]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _load_image(data, name)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise DocumentTooLarge(
                f"{name} is too large to be a scan (possibly a decompression bomb: {exc}); "
                "scan at 300 dpi or less"
            ) from exc


def _square_pixels(image: Image.Image, dpi: object) -> Image.Image:
    """A fax in standard mode (TIFF-F, 204×98 dpi) has pixels twice as tall as wide: stretch
    it to square pixels, or every character is half height."""
    try:
        x_dpi, y_dpi = (float(v) for v in dpi)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return image
    if x_dpi <= 0 or y_dpi <= 0 or abs(x_dpi / y_dpi - 1) < 0.1:
        return image
    factor = x_dpi / y_dpi
    if factor > 1:
        return image.resize((image.width, round(image.height * factor)), Image.Resampling.NEAREST)
    return image.resize((round(image.width / factor), image.height), Image.Resampling.NEAREST)


def _load_image(data: bytes, name: str) -> list[Page]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in IMAGE_FORMATS:
                raise UnsupportedFileType(f"{name} is a {fmt} image; use {SUPPORTED}")
            if probe.width * probe.height > MAX_PIXELS:
                raise DocumentTooLarge(
                    f"{name} is {probe.width}×{probe.height} pixels — too large to be a scan "
                    "(possibly a decompression bomb); scan at 300 dpi or less"
                )
        image = Image.open(io.BytesIO(data))
        frames = []
        for frame in ImageSequence.Iterator(image):
            rgb = frame.convert("RGB")  # a new image: safe to keep after the next frame
            orientation = frame.getexif().get(ORIENTATION_TAG, 1) if frame is image else 1
            if orientation != 1:
                rgb.info["exif"] = image.info.get("exif", b"")
                rgb = ImageOps.exif_transpose(rgb) if "exif" in image.info else rgb
            frames.append(_square_pixels(rgb, frame.info.get("dpi")))
            if len(frames) > MAX_PAGES:
                raise DocumentTooLarge(f"{name} has more than {MAX_PAGES} pages; split it")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptDocument(
            f"{name} is a damaged or truncated image ({exc}); scan it again"
        ) from exc
    return [Page(i + 1, f.width, f.height, _image=f) for i, f in enumerate(frames)]
