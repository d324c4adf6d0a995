"""Make a clean raster look like a real scan or a phone photo."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image, ImageFilter

VARIANTS = (
    "scan",
    "skew",
    "blur",
    "jpeg",
    "noise",
    "lowres",
    "photo",
    "rot90",
    "rot180",
    "rot270",
    # seen in real submissions (see _fax, _screenshot, _phone_photo2; dotmatrix is drawn)
    "fax",
    "screenshot",
    "dotmatrix",
    "photo2",
)
JPEG_VARIANTS = ("photo", "jpeg", "screenshot", "photo2")  # saved as .jpg by the corpus
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
    if variant == "fax":
        return _fax(img, rng, np_rng)
    if variant == "screenshot":
        return _screenshot(img, rng, np_rng)
    if variant == "dotmatrix":  # the shifted, dotted values are drawn (layouts.py); then scanned
        return img
    if variant == "photo2":
        return _phone_photo2(img, rng, np_rng)
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


FAX_DPI_X = 204  # ITU-T T.4 Group 3: 8 pels/mm across the page in every mode
FAX_LINES = {"standard": 98, "fine": 196}  # 3.85 or 7.7 lines/mm down the page


def _fax(img: Image.Image, rng: random.Random, np_rng: np.random.Generator) -> Image.Image:
    """A received Group 3 fax as a fax server delivers it (TIFF-F): 204 dpi across, 98 lines
    per inch in standard mode (196 in fine), 1-bit. The scanner sets its threshold from the
    paper's white (auto contrast), so brown labels and grey print come through as black but
    thin strokes break up; noise, dropped or smeared scan lines, speckle, a slight stretch,
    and the sending machine's header line on top. ``info["dpi"]`` says the resolution."""
    from PIL import ImageDraw

    from testkit.generator.layouts import _pil_font

    mode = "standard" if rng.random() < 0.6 else "fine"
    lines_per_inch = FAX_LINES[mode]
    grey = np.asarray(img.convert("L")).astype(np.float32)
    h, w = grey.shape
    sx = FAX_DPI_X / 200 * rng.uniform(0.99, 1.03)  # from the 200 dpi raster
    sy = lines_per_inch / 200 * rng.uniform(0.98, 1.0)
    small = cv2.resize(grey, (int(w * sx), int(h * sy)), interpolation=cv2.INTER_AREA)
    small += np_rng.normal(0, 14, small.shape)
    white = float(np.percentile(small, 90))
    bits = small > white * rng.uniform(0.6, 0.72)
    H, W = bits.shape
    for _ in range(rng.randint(3, 9)):  # horizontal streaks: dropped or smeared scan lines
        y = rng.randrange(H)
        x0 = rng.randrange(W // 2)
        x1 = min(W, x0 + rng.randrange(W // 4, W))
        rows = slice(y, y + rng.randint(1, 2))
        bits[rows, x0:x1] = rng.random() < 0.5
    speckle = np_rng.random(bits.shape) < 0.002
    bits[speckle] = ~bits[speckle]
    out = Image.fromarray((bits * 255).astype(np.uint8)).convert("1")
    band = Image.new("1", (out.width, 36), 1)  # the header, printed at the line rate too
    header = (
        f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
        f"{rng.randint(8, 19):02d}:{rng.randint(0, 59):02d}  FROM: 021{rng.randrange(10**7):07d}"
        "  TO: 财务部  P.001/001"
    )
    ImageDraw.Draw(band).text((12, 4), header, fill=0, font=_pil_font(24))
    band = band.resize((band.width, round(36 * lines_per_inch / 200)), Image.Resampling.NEAREST)
    full = Image.new("1", (out.width, out.height + band.height), 1)
    full.paste(band, (0, 0))
    full.paste(out, (0, band.height))
    full.info["dpi"] = (FAX_DPI_X, lines_per_inch)
    return full


def _screenshot(img: Image.Image, rng: random.Random, np_rng: np.random.Generator) -> Image.Image:
    """The document shown at screen scale (~96 dpi) in a phone app or a desktop PDF viewer,
    captured as a screenshot, downscaled and sent as JPEG (as chat apps do)."""
    from PIL import ImageDraw

    from testkit.generator.layouts import _pil_font

    doc = img.convert("RGB")
    doc = doc.resize((int(doc.width * 96 / 200), int(doc.height * 96 / 200)), Image.LANCZOS)
    if rng.random() < 0.55:  # a phone: status bar, app title bar, buttons at the bottom
        W, H = 1080, 2340
        shot = Image.new("RGB", (W, H), (242, 242, 242))
        d = ImageDraw.Draw(shot)
        d.rectangle((0, 0, W, 90), fill=(250, 250, 250))
        d.text(
            (40, 20),
            f"{rng.randint(8, 22)}:{rng.randint(0, 59):02d}",
            fill=(0, 0, 0),
            font=_pil_font(44),
        )
        d.rectangle((W - 130, 30, W - 50, 62), outline=(0, 0, 0), width=3)
        d.rectangle((W - 126, 34, W - 126 + rng.randint(20, 72), 58), fill=(0, 0, 0))
        for i in range(4):
            d.rectangle((W - 260 + i * 22, 60 - i * 9, W - 246 + i * 22, 62), fill=(0, 0, 0))
        d.rectangle((0, 90, W, 230), fill=(255, 255, 255))
        d.text((40, 130), "〈", fill=(0, 0, 0), font=_pil_font(56))
        d.text(
            (W // 2, 160),
            rng.choice(["发票详情", "电子发票", "文件预览"]),
            fill=(0, 0, 0),
            font=_pil_font(52),
            anchor="mm",
        )
        d.text((W - 80, 160), "···", fill=(0, 0, 0), font=_pil_font(52), anchor="mm")
        width = W - 2 * 24
        doc = doc.resize((width, int(doc.height * width / doc.width)), Image.BICUBIC)
        top = 230 + rng.randint(40, 300)
        shot.paste(doc, (24, top))
        d.rectangle((0, H - 200, W, H), fill=(255, 255, 255))
        for i, label in enumerate(["下载", "转发", "打印"]):
            x = W * (i + 0.5) / 3
            d.rounded_rectangle((x - 150, H - 160, x + 150, H - 60), 40, fill=(22, 119, 255))
            d.text((x, H - 110), label, fill=(255, 255, 255), font=_pil_font(44), anchor="mm")
        scale = rng.uniform(0.45, 0.7)
    else:  # a desktop PDF viewer window
        W, H = 1920, 1080
        shot = Image.new("RGB", (W, H), (82, 86, 89))
        d = ImageDraw.Draw(shot)
        d.rectangle((0, 0, W, 36), fill=(222, 225, 230))
        d.text((16, 8), "invoice.pdf - PDF 阅读器", fill=(30, 30, 30), font=_pil_font(20))
        d.rectangle((0, 36, W, 80), fill=(50, 54, 57))
        d.text(
            (W // 2, 58),
            f"1 / 1    {rng.choice([100, 125, 90])}%",
            fill=(230, 230, 230),
            font=_pil_font(20),
            anchor="mm",
        )
        d.rectangle((0, H - 48, W, H), fill=(32, 32, 32))  # the taskbar
        if doc.height > H - 160:
            doc = doc.resize((int(doc.width * (H - 160) / doc.height), H - 160), Image.LANCZOS)
        shot.paste(doc, ((W - doc.width) // 2, 100))
        scale = rng.uniform(0.6, 0.9)
    shot = shot.resize((int(W * scale), int(H * scale)), Image.BILINEAR)
    buf = io.BytesIO()
    shot.save(buf, "JPEG", quality=rng.randint(60, 80))
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _phone_photo2(img: Image.Image, rng: random.Random, np_rng: np.random.Generator) -> Image.Image:
    """A hasty phone photo: strong perspective, uneven light, a hard shadow, a thumb on the
    edge, a textured background, sensor noise and blur."""
    arr = np.asarray(img.convert("RGB"))
    h, w = arr.shape[:2]
    pad = int(0.12 * max(w, h))
    H, W = h + 2 * pad, w + 2 * pad
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    base = np.array(rng.choice([(120, 86, 58), (70, 72, 78), (160, 150, 135)]), np.float32)
    grain = np.sin(yy / rng.uniform(6, 14) + np.sin(xx / 90.0) * 3) * 12  # a wood-ish desk
    canvas = base[None, None, :] + grain[..., None] + np_rng.normal(0, 6, (H, W, 1))
    canvas[pad : pad + h, pad : pad + w] = arr
    src = np.float32([[pad, pad], [pad + w, pad], [pad + w, pad + h], [pad, pad + h]])
    jitter = 0.09 * min(w, h)
    dst = src + np_rng.uniform(-jitter, jitter, src.shape).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(
        np.clip(canvas, 0, 255).astype(np.uint8), matrix, (W, H), borderMode=cv2.BORDER_REFLECT
    ).astype(np.float32)
    # uneven light: a bright spot and a dark falloff
    cx, cy = rng.uniform(0, W), rng.uniform(0, H)
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / np.sqrt(W**2 + H**2)
    light = 1.08 - 0.55 * dist
    # a hard shadow (the phone or a hand) across one side, soft-edged
    mask = np.zeros((H, W), np.float32)
    side = rng.choice(["left", "top", "right"])
    k = rng.uniform(0.2, 0.45)
    if side == "left":
        poly = [(0, 0), (int(W * k), 0), (int(W * k * 0.6), H), (0, H)]
    elif side == "right":
        poly = [(W, 0), (int(W * (1 - k)), 0), (int(W * (1 - k * 0.5)), H), (W, H)]
    else:
        poly = [(0, 0), (W, 0), (W, int(H * k * 0.5)), (0, int(H * k))]
    cv2.fillPoly(mask, [np.array(poly, np.int32)], 1.0)
    mask = cv2.GaussianBlur(mask, (0, 0), 0.01 * max(W, H))
    light *= 1 - 0.45 * mask
    out = warped * light[..., None]
    # a thumb holding the paper at an edge
    tx = int(rng.uniform(0.2, 0.8) * W)
    ty = H - int(rng.uniform(0.02, 0.08) * H) if rng.random() < 0.5 else int(0.05 * H)
    thumb = np.zeros((H, W), np.float32)
    cv2.ellipse(
        thumb, (tx, ty), (int(0.07 * W), int(0.11 * H)), rng.uniform(-30, 30), 0, 360, 1.0, -1
    )
    thumb = cv2.GaussianBlur(thumb, (0, 0), 0.006 * max(W, H))[..., None]
    skin = np.array(rng.choice([(224, 172, 138), (198, 140, 105), (236, 188, 160)]), np.float32)
    skin_tex = skin[None, None, :] * (0.85 + 0.15 * (yy / H))[..., None]
    out = out * (1 - thumb) + skin_tex * thumb
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.9, 1.6))
    out += np_rng.normal(0, 7, out.shape)
    img2 = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    img2 = img2.resize((int(W * 0.75), int(H * 0.75)), Image.BILINEAR)
    buf = io.BytesIO()
    img2.save(buf, "JPEG", quality=rng.randint(55, 75))
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
