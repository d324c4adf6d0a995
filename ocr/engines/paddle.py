"""PaddleOCR 3.x as the ``paddle`` engine, running offline from local model folders."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from ocr.engines.base import TextLine
from ocr.errors import EngineUnavailable

INSTALL_HINT = "install it with: pip install 'zhangfang[paddle]' && zhangfang ocr setup-paddle"


def is_available() -> bool:
    return importlib.util.find_spec("paddleocr") is not None


def setup_paddle_models(target: Path | None = None, *, force: bool = False) -> Path:
    if not is_available():
        raise EngineUnavailable(f"the paddle engine is not installed; {INSTALL_HINT}")
    raise EngineUnavailable("setup-paddle is not built yet in this version")


class PaddleOcrEngine:
    name = "paddle"

    def __init__(self) -> None:
        if not is_available():
            raise EngineUnavailable(f"the paddle engine is not installed; {INSTALL_HINT}")
        raise EngineUnavailable("the paddle engine is not built yet in this version")

    def detect(self, image: np.ndarray) -> list[TextLine]:  # pragma: no cover
        raise NotImplementedError

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:  # pragma: no cover
        raise NotImplementedError
