"""A PDF page's text layer: the issuer's words with their boxes, and whether they can be read.

A text run is what PDFium gives as one rectangle (a word or a stretch of a line in one font).
"""

from __future__ import annotations

import io
import logging

import pypdfium2 as pdfium

from ocr.layout import TextBox

log = logging.getLogger(__name__)

GARBLED_SHARE = 0.05  # this share of unreadable text-layer characters: read the page by OCR
DENSE_RUNS = 1_500  # more text runs than an invoice page has: their text read in one pass
MAX_PAGE_RUNS = 20_000  # a page with more is not read (a dense page of a book has ~3,000)


def text_layer(page: pdfium.PdfPage, height_pt: float, scale: float) -> list[TextBox]:
    """The page's text runs (PDFium's rectangles) with their text, in reading order."""
    textpage = page.get_textpage()
    words = []
    try:
        rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
        if len(rects) > MAX_PAGE_RUNS:
            raise TooMuchText(len(rects))
        texts = _run_texts(textpage, rects) if len(rects) > DENSE_RUNS else None
        for i, (left, bottom, right, top) in enumerate(rects):
            if texts is None:
                text = textpage.get_text_bounded(left, bottom, right, top)
            else:
                text = texts[i]
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


class TooMuchText(Exception):
    def __init__(self, runs: int) -> None:
        self.runs = runs


def _run_texts(
    textpage: pdfium.PdfTextPage, rects: list[tuple[float, float, float, float]]
) -> list[str]:
    """Each rectangle's text in one pass over the page's characters. PDFium makes the
    rectangles from the characters in order, so each holds a stretch of them; asking for
    each rectangle's text by its bounds instead reads every character of the page each time,
    which on a dense page (thousands of runs) takes minutes."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    out = [""] * len(rects)
    current = 0
    for index in range(min(count, len(text))):
        left, bottom, right, top = textpage.get_charbox(index)
        x, y = (left + right) / 2, (bottom + top) / 2
        for at in (current, current + 1):
            if at < len(rects) and _inside(x, y, rects[at]):
                current = at
                out[at] += text[index]
                break
    return out


def _inside(x: float, y: float, rect: tuple[float, float, float, float]) -> bool:
    left, bottom, right, top = rect
    return left - 0.5 <= x <= right + 0.5 and bottom - 0.5 <= y <= top + 0.5


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
