"""The engine interface: detect text lines, recognise crops. Everything else is shared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class TextLine:
    """A detected line: a 4-point polygon in image pixels (clockwise from top-left)."""

    quad: np.ndarray  # shape (4, 2), float32

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs, ys = self.quad[:, 0], self.quad[:, 1]
        return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())


class OcrEngine(Protocol):
    name: str

    def detect(self, image: np.ndarray) -> list[TextLine]:
        """Text lines in an RGB image (H×W×3 uint8)."""
        ...

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Text and confidence for each upright line crop."""
        ...

    def line_angles(self, crops: list[np.ndarray]) -> list[tuple[int, float]]:
        """For each line crop: 0 or 180 (upside down), with the classifier's confidence."""
        ...


def crop_line(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Cut a (possibly slanted) text line out of the page and straighten it."""
    import cv2

    pts = quad.astype(np.float32)
    width = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    height = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    width, height = max(width, 1), max(height, 1)
    target = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    matrix = cv2.getPerspectiveTransform(pts, target)
    crop = cv2.warpPerspective(
        image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC
    )
    if height / width >= 1.5:
        crop = np.rot90(crop)
    return crop
