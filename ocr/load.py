"""Open a file as pages: text-layer words where the PDF has them, else an image to OCR.

File kinds are recognised by content, not by name. Every failure raises a
:class:`~ocr.errors.CaptureError` subclass whose message tells the user what to do.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from ocr.budget import checkpoint
from ocr.errors import (
    CorruptDocument,
    DocumentTooLarge,
    EmptyFile,
    EncryptedDocument,
    UnsupportedFileType,
)
from ocr.layout import TextBox
from ocr.textlayer import GARBLED_SHARE, TooMuchText, garbled_fonts, garbled_share, text_layer

log = logging.getLogger(__name__)

RENDER_DPI = 200  # page images for OCR and for the review screen
MAX_RENDER_PIXELS = 12_000_000  # A3 at 200 dpi is 7.8 Mpx; a bigger page is rendered coarser
THUMB_DPI = 18  # enough to see whether a page holds anything at all
BLANK_RANGE = 8  # grey levels between a thumbnail's darkest and lightest pixel on a blank page
MAX_PIXELS = 60_000_000  # a bigger PNG/TIFF/… is a decompression bomb, not a scan
# A phone camera's JPEG may be far bigger (a 108 MP sensor: 12000×9000): it is decoded at 1/2,
# 1/4 or 1/8 of its size (JPEG's own DCT scaling, never the full image in memory) to at most
# this many pixels (a 16 MP photo, 4608×3456, is read whole), more than OCR needs of a page.
MAX_DECODED_PIXELS = 16_000_000
JPEG_SCALES = (1, 2, 4, 8)
MIN_SIDE = 32  # pixels: no document fits in a narrower image
MAX_ASPECT = 40  # the longest till roll photographed whole is ~1:15
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PAGES = 200
# PDFium is not thread-safe (two threads in it at once can crash the process): every call into
# it — opening, reading text, rendering — holds this lock. The desktop app renders a page for
# review while an import reads another PDF.
PDFIUM_LOCK = threading.RLock()
MAX_PAGE_POINTS = 14_400  # 5 m: no invoice is bigger than that
SCAN_IMAGE_SHARE = 0.6  # an image this big means the page is a scan
MIN_TEXT_CHARS = 20  # fewer text-layer characters than this: treat the page as a scan

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
    refused: str | None = None  # why the page is not read at all
    _image: Image.Image | None = None
    _render: Callable[[float], Image.Image] | None = field(default=None, repr=False)
    _scale: float = 1.0  # pixels per point of the image ``_render`` gives

    @property
    def image(self) -> Image.Image:
        if self._image is None:
            if self._render is None:
                raise CorruptDocument(f"page {self.number} has no image to read")
            self._image = self._render(self._scale)
        return self._image

    def set_image(self, image: Image.Image) -> None:
        self._image = image
        self.width, self.height = image.size

    def release(self) -> None:
        """Forget a rendered image (it is rendered again when asked for)."""
        if self._render is not None:
            self._image = None

    def looks_blank(self) -> bool:
        """True when the page holds nothing at all: a thumbnail with no dark pixel."""
        if self._image is not None:
            thumb = self._image.convert("L")
            thumb.thumbnail((160, 160))
        elif self._render is not None:
            thumb = self._render(THUMB_DPI / 72).convert("L")
        else:
            return False
        low, high = thumb.getextrema()
        return int(high) - int(low) <= BLANK_RANGE

    @property
    def has_text_layer(self) -> bool:
        return bool(self.words)


def sniff(data: bytes) -> str:
    """'pdf' | 'image' | 'ofd' | 'xml' | 'unknown' from the first bytes of a file."""
    head = data[:1024]
    if b"%PDF-" in head:  # readers accept up to 1 KB of junk (a mail header…) before it
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        return "ofd"
    if _text_start(head).startswith("<"):
        return "xml"
    return "unknown"


_TEXT_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"<\x00", "utf-16-le"),  # UTF-16 without a byte order mark
    (b"\x00<", "utf-16-be"),
)


def _text_start(head: bytes) -> str:
    """The first characters of ``head`` read as text in whatever Unicode form it is in."""
    for mark, encoding in _TEXT_ENCODINGS:
        if head.startswith(mark):
            body = head[len(mark) :] if mark[0] != ord("<") and mark[1] != ord("<") else head
            return body[:64].decode(encoding, "ignore").lstrip()
    return head[:64].decode("latin-1").lstrip()


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
        checkpoint(f"page {index + 1} of {len(pdf)}'s text")
        try:
            page = pdf[index]
            w_pt, h_pt = page.get_size()
        except pdfium.PdfiumError as exc:
            why = f"page {index + 1} of {name} is damaged ({exc}); download or scan it again"
            pages.append(Page(index + 1, 0, 0, refused=why))
            continue
        if max(w_pt, h_pt) > MAX_PAGE_POINTS:
            raise DocumentTooLarge(f"page {index + 1} of {name} is implausibly large")
        if min(w_pt, h_pt) < 1:
            why = f"page {index + 1} of {name} has no size; download or scan it again"
            pages.append(Page(index + 1, 0, 0, refused=why))
            continue
        scale = min(RENDER_DPI / 72, math.sqrt(MAX_RENDER_PIXELS / (w_pt * h_pt)))
        notes = []
        try:
            words = text_layer(page, h_pt, scale)
        except TooMuchText as exc:
            pages.append(
                Page(
                    number=index + 1,
                    width=round(w_pt * scale),
                    height=round(h_pt * scale),
                    refused=f"page {index + 1} of {name} holds {exc.runs:,} pieces of text — far "
                    "more than any invoice or receipt; it was not read as one",
                )
            )
            continue
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
                _render=_pdf_renderer(pdf, index),
                _scale=scale,
            )
        )
    return pages


def _pdf_renderer(pdf: pdfium.PdfDocument, index: int) -> Callable[[float], Image.Image]:
    def render(scale: float) -> Image.Image:
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


# ---- images --------------------------------------------------------------------------------
def load_image(data: bytes, name: str) -> list[Page]:
    with warnings.catch_warnings():
        # the sizes are checked here (MAX_PIXELS, MAX_DECODED_PIXELS); Pillow's own warning
        # would refuse a 100 MP phone photo that is decoded at a quarter of its size
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return _load_image(data, name)
        except Image.DecompressionBombError as exc:
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


def _jpeg_scale(probe: Image.Image) -> int:
    """1 to decode the image whole, else the JPEG reduction (2, 4, 8) that brings it within
    MAX_DECODED_PIXELS; 1 also for an image too big even at 1/8 (refused by the caller)."""
    pixels = probe.width * probe.height
    if probe.format not in ("JPEG", "MPO") or pixels <= MAX_DECODED_PIXELS:
        return 1
    for scale in JPEG_SCALES[1:]:
        if pixels / (scale * scale) <= MAX_DECODED_PIXELS:
            return scale
    return 1


def _load_image(data: bytes, name: str) -> list[Page]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in IMAGE_FORMATS:
                raise UnsupportedFileType(f"{name} is a {fmt} image; use {SUPPORTED}")
            short, long = sorted(probe.size)
            if short < MIN_SIDE or long > MAX_ASPECT * short:
                raise UnsupportedFileType(
                    f"{name} is {probe.width}×{probe.height} pixels — too small or too narrow "
                    "to hold a document; scan or photograph the whole page"
                )
            scale = _jpeg_scale(probe)
            if scale == 1 and probe.width * probe.height > MAX_PIXELS:
                raise DocumentTooLarge(
                    f"{name} is {probe.width}×{probe.height} pixels — too large to be a scan "
                    "(possibly a decompression bomb); scan at 300 dpi or less"
                )
        image = Image.open(io.BytesIO(data))
        if scale > 1:
            image.draft("RGB", (image.width // scale, image.height // scale))
            log.info("%s: %s×%s photo decoded at 1/%s", name, *probe.size, scale)
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
