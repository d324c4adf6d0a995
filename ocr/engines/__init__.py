"""OCR engines behind one small interface. Pick one with :func:`get_engine`.

- ``rapidocr`` (default): RapidOCR 3.x with the PP-OCR ONNX models inside its wheel, given by
  explicit path so no setting can make it download anything.
- ``paddle``: PaddleOCR 3.x from local model folders (``pip install 'zhangfang[paddle]'`` and
  ``zhangfang ocr setup-paddle``).
"""

from __future__ import annotations

import threading

from ocr.engines.base import OcrEngine, TextLine
from ocr.errors import EngineUnavailable

ENGINE_NAMES = ("rapidocr", "paddle")
DEFAULT_ENGINE = "rapidocr"

_cache: dict[str, OcrEngine] = {}
_lock = threading.Lock()


def available_engines() -> dict[str, bool]:
    from ocr.engines import paddle, rapid

    return {"rapidocr": rapid.is_available(), "paddle": paddle.is_available()}


def get_engine(name: str | None = None) -> OcrEngine:
    """The engine called ``name`` (loaded once per process). Raises EngineUnavailable."""
    name = name or DEFAULT_ENGINE
    with _lock:
        if name in _cache:
            return _cache[name]
        if name == "rapidocr":
            from ocr.engines.rapid import RapidOcrEngine

            engine: OcrEngine = RapidOcrEngine()
        elif name == "paddle":
            from ocr.engines.paddle import PaddleOcrEngine

            engine = PaddleOcrEngine()
        else:
            raise EngineUnavailable(
                f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}"
            )
        _cache[name] = engine
        return engine


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINE_NAMES",
    "OcrEngine",
    "TextLine",
    "available_engines",
    "get_engine",
]
