"""OCR a page image into text boxes, turning it upright first.

Detection runs on a copy scaled to a sensible size (text is still tall enough, the network
has far fewer pixels to look at); recognition crops come from the full-resolution page.
"""

from __future__ import annotations

import functools
import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import cv2
import numpy as np
from PIL import Image

from ocr.engines.base import OcrEngine, TextLine, crop_line
from ocr.layout import TextBox

log = logging.getLogger(__name__)

DET_LONG_SIDE = 896  # pixels on the long side for detection (A5 at ~95 dpi)
SMALL_PAGE = 1100  # pages smaller than this are upscaled before anything else
# Text rows shorter than this (pixels, as detection sees them) are found and read poorly:
# phone screenshots sent through chat apps print a whole invoice in ~500 px. Such pages are
# magnified until their median row is READ_TEXT_PX tall and detected again at DET_TEXT_PX.
MIN_DET_TEXT_PX = 15
DET_TEXT_PX = 22
READ_TEXT_PX = 32
MAX_MAGNIFY = 3.0
MAX_DET_LONG_SIDE = 2400
BILEVEL_SHARE = 0.98  # of the ink pixels, pure black: a fax or a 1-bit scan
BILEVEL_BLUR = 1.0  # sigma (pixels) that turns broken 1-bit strokes back into grey ones
ORIENTATION_SAMPLES = 6
MIN_SKEW = 0.3  # degrees; below this rows still group into lines


@dataclass
class PageReading:
    boxes: list[TextBox]
    image: Image.Image  # upright, at the resolution the boxes refer to
    rotation: int  # degrees the input was turned (counter-clockwise) to make it upright


@functools.cache
def _simplified() -> dict[int, str]:
    """Traditional forms the recognition models sometimes return (黃 for 黄): mainland
    documents print the simplified ones, so OCR text is folded to them."""
    data = json.loads(resources.files("ocr.data").joinpath("simplified.json").read_text("utf-8"))
    return str.maketrans({k: v for k, v in data.items() if not k.startswith("_")})


def _detect(engine: OcrEngine, arr: np.ndarray, long_side: int = DET_LONG_SIDE) -> list[TextLine]:
    h, w = arr.shape[:2]
    scale = min(1.0, long_side / max(h, w))
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        small = cv2.resize(arr, size, interpolation=cv2.INTER_AREA)
    else:
        small = arr
    lines = engine.detect(small)
    return [TextLine(line.quad / scale) for line in lines]


def _soften_bilevel(image: Image.Image) -> Image.Image:
    """A 1-bit page (fax, black-and-white scan) has strokes broken into dots and hollow
    glyphs where grey print sat near the threshold; the recognition models were trained on
    grey images. A slight blur gives them back grey strokes to read."""
    sample = np.asarray(image.resize((200, 200), Image.Resampling.NEAREST))
    ink = sample[(sample < 255).any(axis=-1)]
    # judged on a sample, never converted whole; a mostly white e-invoice image is not
    # bilevel for its white: its ink is grey at the edges of every stroke
    if not len(ink) or (ink == 0).all(axis=-1).mean() < BILEVEL_SHARE:
        return image
    soft = cv2.GaussianBlur(np.asarray(image.convert("L")), (0, 0), BILEVEL_BLUR)
    return Image.fromarray(soft).convert("RGB")


DOUBLED_INSIDE = 0.8  # share of a box's area inside another for it to be a second reading
DOUBLED_SHARED = 0.5  # share of its characters the two readings have in common


def _row_height(lines: list[TextLine]) -> float | None:
    """Median height of the lines that run across (pixels of the page they were found on)."""
    heights = [
        ln.bbox[3] - ln.bbox[1] for ln in lines if ln.bbox[2] - ln.bbox[0] > ln.bbox[3] - ln.bbox[1]
    ]
    return float(np.median(heights)) if len(heights) >= 5 else None


def _magnify_small_text(
    engine: OcrEngine, image: Image.Image, lines: list[TextLine]
) -> tuple[Image.Image, list[TextLine]]:
    """A page whose rows are too short for detection (a chat-app screenshot) is magnified and
    detected again with more pixels, so that labels as well as values are found and read."""
    height = _row_height(lines)
    if height is None:
        return image, lines
    det_scale = min(1.0, DET_LONG_SIDE / max(image.size))
    if height * det_scale >= MIN_DET_TEXT_PX:
        return image, lines
    factor = min(MAX_MAGNIFY, max(1.0, READ_TEXT_PX / height))
    if factor > 1.0:
        image = image.resize(
            (round(image.width * factor), round(image.height * factor)), Image.Resampling.BICUBIC
        )
    long_side = min(MAX_DET_LONG_SIDE, round(max(image.size) * DET_TEXT_PX / (height * factor)))
    log.debug("rows %.0f px: magnified %.2fx, detecting at %d px", height, factor, long_side)
    return image, _detect(engine, np.asarray(image), long_side)


def _skew_degrees(lines: list[TextLine]) -> float:
    """Median slope of the top edges of wide lines, in degrees (positive: clockwise)."""
    angles = []
    for line in lines:
        (x0, y0), (x1, y1) = line.quad[0], line.quad[1]
        if x1 - x0 > 3 * abs(line.quad[3][1] - y0):
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    return float(np.median(angles)) if len(angles) >= 3 else 0.0


def _rotate_lines(lines: list[TextLine], degrees: float, size: tuple[int, int]) -> list[TextLine]:
    """Move quads with the page when it is turned anticlockwise by ``degrees`` about its centre."""
    rad = math.radians(degrees)
    cx, cy = size[0] / 2, size[1] / 2
    cos, sin = math.cos(rad), math.sin(rad)
    out = []
    for line in lines:
        dx, dy = line.quad[:, 0] - cx, line.quad[:, 1] - cy
        quad = np.stack([cx + dx * cos + dy * sin, cy - dx * sin + dy * cos], axis=1)
        out.append(TextLine(quad.astype(np.float32)))
    return out


def _is_sideways(lines: list[TextLine]) -> bool:
    if len(lines) < 3:
        return False
    tall = sum(1 for ln in lines if (ln.bbox[3] - ln.bbox[1]) > 1.3 * (ln.bbox[2] - ln.bbox[0]))
    wide = sum(1 for ln in lines if (ln.bbox[2] - ln.bbox[0]) > 1.3 * (ln.bbox[3] - ln.bbox[1]))
    return tall > wide


def _upside_down(engine: OcrEngine, arr: np.ndarray, lines: list[TextLine]) -> bool:
    """Ask the line-orientation classifier about the widest lines; a clear majority decides.
    When it is unsure, compare recognition confidence of the lines as-is and turned 180°."""
    widest = sorted(lines, key=lambda ln: ln.bbox[2] - ln.bbox[0], reverse=True)
    crops = [crop_line(arr, ln.quad) for ln in widest[:ORIENTATION_SAMPLES]]
    if not crops:
        return False
    votes = engine.line_angles(crops)
    flipped_votes = sum(1 for angle, score in votes if angle == 180 and score >= 0.9)
    upright_votes = sum(1 for angle, score in votes if angle == 0 and score >= 0.9)
    log.debug("orientation votes upright=%d flipped=%d", upright_votes, flipped_votes)
    if upright_votes >= 2 * flipped_votes + 2:
        return False
    if flipped_votes >= 2 * upright_votes + 2:
        return True
    upright = engine.recognize(crops)
    flipped = engine.recognize([np.ascontiguousarray(np.rot90(c, 2)) for c in crops])
    score_up = sum(s for _, s in upright) / len(crops)
    score_flip = sum(s for _, s in flipped) / len(crops)
    log.debug("orientation scores upright=%.3f flipped=%.3f", score_up, score_flip)
    return score_flip > score_up + 0.05


def read_image(
    engine: OcrEngine, image: Image.Image, rotation_hint: int | None = None
) -> PageReading:
    """Read a page. ``rotation_hint`` (0/90/180/270, counter-clockwise turn that makes the page
    upright, e.g. from the QR code) skips orientation detection."""
    image = _soften_bilevel(image.convert("RGB"))
    if max(image.size) < SMALL_PAGE:
        factor = 2 if max(image.size) * 2 <= 2 * SMALL_PAGE else 1.5
        image = image.resize(
            (round(image.width * factor), round(image.height * factor)), Image.Resampling.BICUBIC
        )
    rotation = 0
    if rotation_hint:
        image = image.rotate(rotation_hint, expand=True)
        rotation = rotation_hint
    arr = np.asarray(image)
    lines = _detect(engine, arr)
    if rotation_hint is None:
        if _is_sideways(lines):
            image = image.rotate(90, expand=True)
            rotation = 90
            arr = np.asarray(image)
            lines = _detect(engine, arr)
        if _upside_down(engine, arr, lines):
            image = image.rotate(180, expand=True)
            rotation = (rotation + 180) % 360
            arr = np.asarray(image)
            lines = _detect(engine, arr)
    image, lines = _magnify_small_text(engine, image, lines)
    arr = np.asarray(image)
    crops = [crop_line(arr, ln.quad) for ln in lines]
    results = engine.recognize(crops)
    skew = _skew_degrees(lines)
    if abs(skew) > MIN_SKEW:
        # lay the page straight so rows line up; crops were already cut straight
        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor="white")
        lines = _rotate_lines(lines, skew, image.size)
    boxes = []
    for line, (text, score) in zip(lines, results, strict=False):
        text = text.strip().translate(_simplified())
        if text:
            x0, y0, x1, y1 = line.bbox
            boxes.append(TextBox(text, x0, y0, x1, y1, score))
    return PageReading(_drop_doubled(boxes), image, rotation)


def region_reader(
    engine: OcrEngine, image: Image.Image
) -> Callable[[tuple[float, float, float, float]], tuple[str, float]]:
    """Read one region of a page (read by :func:`read_image`, in its pixels) on its own: an
    extractor's second look where the layout says a value must be."""
    pixels = functools.cache(lambda: np.asarray(image.convert("RGB")))  # only when asked

    def reread(region: tuple[float, float, float, float]) -> tuple[str, float]:
        arr = pixels()
        x0, y0 = max(0, int(region[0])), max(0, int(region[1]))
        x1, y1 = min(arr.shape[1], int(region[2] + 0.5)), min(arr.shape[0], int(region[3] + 0.5))
        if x1 - x0 < 4 or y1 - y0 < 4:
            return "", 0.0
        ((text, score),) = engine.recognize([arr[y0:y1, x0:x1]])
        return text.strip().translate(_simplified()), float(score)

    return reread


def _drop_doubled(boxes: list[TextBox]) -> list[TextBox]:
    """Without a second reading of the same words: the detector sometimes finds a line twice,
    once in a box of its own and once inside a taller box around it (a shop's name in a big
    font on a fax). The box that lies mostly inside the other and shares most of its
    characters with it goes, the less confident reading of the two."""
    dropped: set[int] = set()
    by_top = sorted(range(len(boxes)), key=lambda k: boxes[k].y0)
    for i, small in enumerate(boxes):
        for j in by_top:
            big = boxes[j]
            if big.y0 >= small.y1:
                break  # this box and every later one start below the small one
            if big.y1 <= small.y0 or big.x1 <= small.x0 or big.x0 >= small.x1:
                continue
            if i == j or j in dropped or small.width * small.height > big.width * big.height:
                continue
            inside = max(0.0, min(small.x1, big.x1) - max(small.x0, big.x0)) * max(
                0.0, min(small.y1, big.y1) - max(small.y0, big.y0)
            )
            if inside < DOUBLED_INSIDE * small.width * small.height:
                continue
            shared = sum(min(small.text.count(ch), big.text.count(ch)) for ch in set(small.text))
            if shared >= DOUBLED_SHARED * len(small.text) and len(small.text) >= 2:
                # a big box that holds more words than the small one keeps them
                holds_more = len(big.text) > 1.5 * len(small.text)
                dropped.add(i if holds_more or small.confidence <= big.confidence else j)
                break
    return [b for k, b in enumerate(boxes) if k not in dropped]
