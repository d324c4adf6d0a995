from __future__ import annotations

import os
import random

import pytest
import yaml

from ocr.capture import CaptureOptions, capture_file
from ocr.engines import get_engine
from ocr.errors import EngineUnavailable
from testkit.generator.corpus import make_case
from testkit.generator.scoring import key_fields, mismatches
from testkit.generator.truth import make_truth


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


class _RowsEngine:
    """Detection seam: rows of a given height (in the pixels it is shown), spread down the page."""

    def __init__(self, row_px: float, width: int) -> None:
        self.row_px = row_px
        self.width = width
        self.sizes: list[tuple[int, int]] = []

    def detect(self, image):
        import numpy as np

        from ocr.engines.base import TextLine

        h, w = image.shape[:2]
        self.sizes.append((w, h))
        scale = w / self.width
        rows = []
        for k in range(12):
            y0, y1 = 40 + k * 60 * scale, 40 + k * 60 * scale + self.row_px * scale
            rows.append(TextLine(np.float32([[20, y0], [w / 2, y0], [w / 2, y1], [20, y1]])))
        return rows


def test_a_page_of_tiny_text_is_magnified_and_detected_again() -> None:
    """A chat-app screenshot prints a whole invoice in ~500 px: rows ~10 px tall. They are
    detected again on a magnified page; a scan with rows of 30 px is left as it is."""
    import numpy as np
    from PIL import Image

    from ocr.read import _detect, _magnify_small_text

    page = Image.new("RGB", (517, 1121), "white")
    tiny = _RowsEngine(10, page.width)
    image, lines = _magnify_small_text(tiny, page, _detect(tiny, np.asarray(page)))
    assert image.width >= 2.5 * page.width
    assert len(tiny.sizes) == 2 and max(tiny.sizes[1]) > max(tiny.sizes[0])
    assert lines and lines[0].bbox[2] > page.width  # boxes refer to the magnified page

    scan = Image.new("RGB", (1654, 1169), "white")
    plain = _RowsEngine(60, scan.width)
    image, _ = _magnify_small_text(plain, scan, _detect(plain, np.asarray(scan)))
    assert image is scan and len(plain.sizes) == 1


def test_a_line_read_twice_inside_a_taller_box_is_kept_once() -> None:
    """The detector found a shop's big-font name twice on a fax: in a tall box and in a
    smaller one inside it. The less confident reading goes; a box inside another that
    reads other words (a cell inside a table's frame) stays."""
    from ocr.layout import TextBox
    from ocr.read import _drop_doubled

    big = TextBox("老百姓大药房（漕宝路店）", 182, 125, 760, 243, 0.87)
    echo = TextBox("老吉姓大药历", 198, 174, 520, 225, 0.79)
    other = TextBox("销售小票", 300, 180, 420, 230, 0.95)
    assert _drop_doubled([big, echo, other]) == [big, other]


def test_only_one_bit_pages_are_softened_before_ocr() -> None:
    """A fax's pure black dots get grey strokes back; an e-invoice image, white but for
    anti-aliased text, is read as it is."""
    from PIL import Image, ImageDraw

    from ocr.read import _soften_bilevel

    fax = Image.new("1", (800, 600), 1)
    ImageDraw.Draw(fax).text((40, 40), "发票号码 12345678 " * 3, fill=0)
    fax = fax.convert("RGB")
    assert _soften_bilevel(fax) is not fax
    rendered = Image.new("RGB", (800, 600), "white")
    ImageDraw.Draw(rendered).text((40, 40), "INVOICE 12345678 " * 3, fill=(90, 90, 90))
    assert _soften_bilevel(rendered) is rendered
