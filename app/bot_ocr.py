"""The app plugs its OCR engine into bots (``bots`` never imports ``ocr``)."""

from __future__ import annotations

import io

from PIL import Image


def ocr_reader(engine_name: str | None = None):
    """A function that reads the text in a PNG (a captcha, a number shown as an image)."""
    from ocr.engines import get_engine
    from ocr.read import read_image

    def read(png: bytes) -> str:
        image = Image.open(io.BytesIO(png)).convert("RGB")
        reading = read_image(get_engine(engine_name), image, rotation_hint=0)
        ordered = sorted(reading.boxes, key=lambda b: (round(b.cy / 20), b.x0))
        return "".join(b.text for b in ordered).replace(" ", "")

    return read
