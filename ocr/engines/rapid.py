"""RapidOCR 3.x (ONNX Runtime) with the PP-OCR models shipped inside the wheel."""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

import numpy as np

from ocr.engines.base import TextLine
from ocr.errors import EngineUnavailable

log = logging.getLogger(__name__)

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
DET_MIN_SIDE = 480


def is_available() -> bool:
    return importlib.util.find_spec("rapidocr") is not None and (
        importlib.util.find_spec("onnxruntime") is not None
    )


def model_dir() -> Path:
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or spec.origin is None:
        raise EngineUnavailable("RapidOCR is not installed; run: pip install 'rapidocr==3.10.*'")
    return Path(spec.origin).parent / "models"


def bundled_models() -> dict[str, Path]:
    folder = model_dir()
    models = {"det": folder / DET_MODEL, "rec": folder / REC_MODEL, "cls": folder / CLS_MODEL}
    missing = [str(p) for p in models.values() if not p.exists()]
    if missing:
        raise EngineUnavailable(
            f"RapidOCR's bundled models are missing ({', '.join(missing)}); "
            "reinstall it: pip install --force-reinstall 'rapidocr==3.10.*'"
        )
    return models


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self, threads: int | None = None) -> None:
        if not is_available():
            raise EngineUnavailable(
                "the rapidocr engine needs rapidocr and onnxruntime: "
                "pip install 'rapidocr==3.10.*' onnxruntime"
            )
        from rapidocr import RapidOCR

        models = bundled_models()
        threads = (
            threads
            or int(os.environ.get("ZHANGFANG_OCR_THREADS", "0"))
            or min(4, os.cpu_count() or 1)
        )
        params = {
            "Global.log_level": "error",
            "Global.use_cls": False,
            "Det.model_path": str(models["det"]),
            "Rec.model_path": str(models["rec"]),
            "Cls.model_path": str(models["cls"]),
            # one crop per call at its own width: RapidOCR pads every batch to at least
            # 320 px, which made short cells ("次", "6%") cost as much as whole lines
            "Rec.rec_img_shape": [3, 48, 48],
            "Rec.rec_batch_num": 1,
            # read.py already scales pages for detection; don't let RapidOCR upscale again
            "Det.limit_side_len": DET_MIN_SIDE,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        self._ocr = RapidOCR(params=params)
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        log.debug("RapidOCR ready with %s (%d threads)", models["det"].parent, threads)

    def detect(self, image: np.ndarray) -> list[TextLine]:
        result = self._ocr._load_det_model()(image)
        if result.boxes is None:
            return []
        return [TextLine(np.asarray(box, dtype=np.float32)) for box in result.boxes]

    def line_angles(self, crops: list[np.ndarray]) -> list[tuple[int, float]]:
        if not crops:
            return []
        result = self._ocr._load_cls_model()(crops)
        return [(int(label), float(score)) for label, score in result.cls_res]

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        if not crops:
            return []
        from rapidocr.ch_ppocr_rec import TextRecInput

        result = self._ocr._load_rec_model()(TextRecInput(img=crops))
        texts = result.txts or ()
        scores = result.scores or ()
        return [(t, float(s)) for t, s in zip(texts, scores, strict=False)]
