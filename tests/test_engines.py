from __future__ import annotations

import os
import random

import pytest
import yaml

from ocr.capture import CaptureOptions, capture_file
from ocr.engines import get_engine
from ocr.errors import EngineUnavailable
from tests.generator.corpus import make_case
from tests.generator.scoring import key_fields, mismatches
from tests.generator.truth import make_truth


def test_rapidocr_never_downloads(monkeypatch) -> None:
    """Explicit model paths: even with the download function broken, the engine works."""
    from rapidocr.utils import download_file

    def refuse(*args, **kwargs):
        raise AssertionError("RapidOCR tried to download something")

    monkeypatch.setattr(download_file.DownloadFile, "run", refuse)
    from ocr.engines.rapid import RapidOcrEngine

    engine = RapidOcrEngine(threads=1)
    import numpy as np

    blank = np.full((64, 256, 3), 255, np.uint8)
    assert engine.detect(blank) == []


def test_unknown_engine_names_the_choices() -> None:
    with pytest.raises(EngineUnavailable, match="rapidocr, paddle"):
        get_engine("tesseract")


def _paddle_or_skip() -> None:
    from ocr.engines import paddle

    if not paddle.is_available():
        if os.environ.get("ZHANGFANG_REQUIRE_PADDLE"):
            pytest.fail("ZHANGFANG_REQUIRE_PADDLE is set but PaddleOCR is not installed")
        pytest.skip("PaddleOCR not installed (pip install 'zhangfang[paddle]')")


def test_setup_paddle_builds_offline_model_folders(tmp_path) -> None:
    _paddle_or_skip()
    from ocr.engines.paddle import DET_NAME, REC_NAME, setup_paddle_models

    root = setup_paddle_models(tmp_path / "models")
    for name in (DET_NAME, REC_NAME):
        meta = yaml.safe_load((root / name / "inference.yml").read_text(encoding="utf-8"))
        assert meta["Global"]["model_name"] == name
        assert (root / name / "inference.onnx").stat().st_size > 1_000_000
    rec = yaml.safe_load((root / REC_NAME / "inference.yml").read_text(encoding="utf-8"))
    assert len(rec["PostProcess"]["character_dict"]) > 10_000
    assert "发" in rec["PostProcess"]["character_dict"]


def test_paddle_engine_reads_a_scanned_invoice(tmp_path) -> None:
    _paddle_or_skip()
    rng = random.Random(12)
    truth = make_truth("vat_invoice", rng, "paper-special")
    case = make_case(tmp_path, "p", truth, "scan", rng)
    (rec,) = capture_file(case.path, CaptureOptions(engine="paddle"))
    assert rec.engine == "paddle"
    wanted = tuple(f for f in key_fields("vat_invoice") if f in truth)
    assert mismatches(rec.to_dict(), truth, wanted) == {}
