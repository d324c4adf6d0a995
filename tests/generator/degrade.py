"""Make a clean raster look like a real scan or a phone photo."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image, ImageFilter

VARIANTS = ("scan", "skew", "blur", "jpeg", "noise", "lowres", "photo", "rot90", "rot180", "rot270")
DEGRADED = ("skew", "blur", "jpeg", "noise", "photo")


def _paper(img: Image.Image, rng: random.Random) -> Image.Image:
    """A clean scan: slight grey paper tone and faint sensor noise."""
    arr = np.asarray(img.convert("RGB")).astype(np.float32)
    arr = arr * 0.96 + 6
    arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 3, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def degrade(img: Image.Image, variant: str, rng: random.Random) -> Image.Image:
    img = _paper(img, rng)
    np_rng = np.random.default_rng(rng.randrange(1 << 30))
    if variant == "scan":
        return img
    if variant == "skew":
        angle = rng.choice([-1, 1]) * rng.uniform(1.5, 3.5)
        return img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white")
    if variant == "blur":
        return img.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 1.4)))
    if variant == "jpeg":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(18, 28))
        return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    if variant == "noise":
        arr = np.asarray(img).astype(np.float32)
        arr += np_rng.normal(0, 22, arr.shape)
        salt = np_rng.random(arr.shape[:2]) < 0.004
        arr[salt] = 0
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if variant == "lowres":
        w, h = img.size
        small = img.resize((int(w * 0.5), int(h * 0.5)), Image.Resampling.BILINEAR)
        return small
    if variant == "photo":
        return _phone_photo(img, rng, np_rng)
    if variant.startswith("rot"):
        angle = int(variant[3:])
        return img.rotate(angle, expand=True)
    raise ValueError(f"unknown variant {variant!r}")


def _phone_photo(img: Image.Image, rng: random.Random, np_rng: np.random.Generator) -> Image.Image:
    arr = np.asarray(img.convert("RGB"))
    h, w = arr.shape[:2]
    pad = int(0.06 * max(w, h))
    canvas = np.full((h + 2 * pad, w + 2 * pad, 3), (92, 84, 70), np.uint8)  # a desk
    canvas[pad : pad + h, pad : pad + w] = arr
    H, W = canvas.shape[:2]
    src = np.float32([[pad, pad], [pad + w, pad], [pad + w, pad + h], [pad, pad + h]])
    jitter = 0.035 * min(w, h)
    dst = src + np_rng.uniform(-jitter, jitter, src.shape).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(canvas, matrix, (W, H), borderValue=(92, 84, 70))
    # uneven lighting: a soft gradient from one corner
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    cx, cy = rng.choice([(0, 0), (W, 0), (0, H), (W, H)])
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / np.sqrt(W**2 + H**2)
    shade = 0.72 + 0.28 * dist
    out = warped.astype(np.float32) * shade[..., None]
    out = cv2.GaussianBlur(out, (3, 3), 0.8)
    out += np_rng.normal(0, 4, out.shape)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
