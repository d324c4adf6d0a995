"""PaddleOCR 3.x as the ``paddle`` engine, running offline from local model folders.

PaddleOCR with default arguments tries to download its models. Here it gets local folders
built from the PP-OCR ONNX models inside the RapidOCR wheel (``zhangfang ocr setup-paddle``,
or automatically on first use): each holds ``inference.onnx`` and an ``inference.yml`` whose
``Global.model_name`` names the model; the recognition yml also carries the character list,
which the ONNX model keeps in its metadata. Inference runs on ONNX Runtime.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import sys
from pathlib import Path

import numpy as np

from ocr.engines.base import TextLine
from ocr.engines.rapid import bundled_models
from ocr.errors import EngineUnavailable

log = logging.getLogger(__name__)

INSTALL_HINT = (
    # the installed program ships RapidOCR with the same PP-OCR models, not PaddlePaddle
    "the installed program reads with the rapidocr engine (the same PP-OCR models); "
    "PaddleOCR needs a Python install: pip install 'zhangfang[paddle]'"
    if getattr(sys, "frozen", False)
    else "install it with: pip install 'zhangfang[paddle]' && zhangfang ocr setup-paddle"
)
DET_NAME = "PP-OCRv6_small_det"
REC_NAME = "PP-OCRv6_small_rec"
DET_MIN_SIDE = 480


def is_available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("paddleocr", "paddlex"))


def default_model_root() -> Path:
    home = os.environ.get("ZHANGFANG_HOME")
    if home:
        return Path(home) / "data" / "paddle-models"
    import platformdirs

    return Path(platformdirs.user_data_dir("zhangfang", appauthor=False)) / "paddle-models"


def _folder_ready(folder: Path, name: str) -> bool:
    yml = folder / "inference.yml"
    return (
        (folder / "inference.onnx").exists()
        and yml.exists()
        and name in yml.read_text(encoding="utf-8")
    )


def setup_paddle_models(target: Path | None = None, *, force: bool = False) -> Path:
    """Build the detection and recognition model folders PaddleOCR loads offline."""
    if not is_available():
        raise EngineUnavailable(f"the paddle engine is not installed; {INSTALL_HINT}")
    import onnxruntime as ort
    import yaml
    from paddlex.modules.base.utils.pdparams2safetensors.inference_meta import (
        build_inference_meta,
    )

    root = target or default_model_root()
    models = bundled_models()
    for name, source in ((DET_NAME, models["det"]), (REC_NAME, models["rec"])):
        folder = root / name
        if _folder_ready(folder, name) and not force:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        try:
            meta = dict(build_inference_meta(name))
        except ValueError as exc:
            raise EngineUnavailable(
                f"this paddlex version does not know {name} ({exc}); "
                "upgrade it: pip install -U 'zhangfang[paddle]'"
            ) from exc
        meta["Global"] = {"model_name": name}
        if name == REC_NAME:
            session = ort.InferenceSession(str(source), providers=["CPUExecutionProvider"])
            characters = session.get_modelmeta().custom_metadata_map["character"].splitlines()
            meta["PostProcess"] = {**meta["PostProcess"], "character_dict": characters}
        shutil.copyfile(source, folder / "inference.onnx")
        tmp = folder / "inference.yml.tmp"
        tmp.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        tmp.replace(folder / "inference.yml")
        log.info("PaddleOCR model folder ready: %s", folder)
    return root


class PaddleOcrEngine:
    name = "paddle"

    def __init__(self, model_root: Path | None = None) -> None:
        if not is_available():
            raise EngineUnavailable(f"the paddle engine is not installed; {INSTALL_HINT}")
        root = setup_paddle_models(model_root)
        os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
        from paddleocr import TextDetection, TextRecognition

        common = {"engine": "onnxruntime", "device": "cpu"}
        try:
            self._det = TextDetection(
                model_name=DET_NAME,
                model_dir=str(root / DET_NAME),
                limit_side_len=DET_MIN_SIDE,
                limit_type="min",
                **common,
            )
            self._rec = TextRecognition(
                model_name=REC_NAME, model_dir=str(root / REC_NAME), **common
            )
        except Exception as exc:  # paddlex raises many kinds; all mean "not usable here"
            raise EngineUnavailable(
                f"PaddleOCR could not load its models from {root} ({exc}); "
                "rebuild them with: zhangfang ocr setup-paddle --force"
            ) from exc

    def detect(self, image: np.ndarray) -> list[TextLine]:
        bgr = np.ascontiguousarray(image[:, :, ::-1])
        (result,) = self._det.predict(bgr, batch_size=1)
        return [TextLine(np.asarray(poly, dtype=np.float32)) for poly in result["dt_polys"]]

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        if not crops:
            return []
        bgr = [np.ascontiguousarray(c[:, :, ::-1]) for c in crops]
        results = self._rec.predict(bgr, batch_size=1)
        return [(r["rec_text"], float(r["rec_score"])) for r in results]

    def line_angles(self, crops: list[np.ndarray]) -> list[tuple[int, float]]:
        # no line-orientation model ships offline; read.py falls back on recognition scores
        return []
