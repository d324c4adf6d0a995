"""RapidOCR: its configuration files, the three PP-OCR models Zhangfang loads (nothing else
from its models folder) and the ONNX Runtime inference engine only — no torch, paddle,
openvino or mnn."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

from ocr.engines.rapid import CLS_MODEL, DET_MODEL, REC_MODEL

ENGINES_LEFT_OUT = ("mnn", "openvino", "paddle", "pytorch", "tensorrt")

datas = collect_data_files(
    "rapidocr", excludes=["models/**", "inference_engine/pytorch/**", "**/*.pyi"]
)
datas += collect_data_files(
    "rapidocr", includes=[f"models/{name}" for name in (DET_MODEL, REC_MODEL, CLS_MODEL)]
)
hiddenimports = collect_submodules(
    "rapidocr",
    filter=lambda name: not any(f".inference_engine.{e}" in name for e in ENGINES_LEFT_OUT),
)
excludedimports = [f"rapidocr.inference_engine.{e}" for e in ENGINES_LEFT_OUT]
