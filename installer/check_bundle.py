"""Check a built bundle (dist/zhangfang): what must be in it is, what must not be is not, and
where its size goes.

    python installer/check_bundle.py dist/zhangfang

Exit 1 with a list of problems; otherwise print the size table.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

# PySide6's wheels keep Qt in PySide6/Qt on Linux and macOS, in PySide6 itself on Windows
QT = "PySide6" if sys.platform == "win32" else "PySide6/Qt"
# (what, glob under _internal) — the program does not work without these
REQUIRED = [
    ("the OCR detection model", "rapidocr/models/PP-OCRv6_det_small.onnx"),
    ("the OCR recognition model", "rapidocr/models/PP-OCRv6_rec_small.onnx"),
    ("the OCR orientation model", "rapidocr/models/ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
    ("RapidOCR's configuration", "rapidocr/config.yaml"),
    ("ONNX Runtime", "onnxruntime/capi/*onnxruntime*"),
    ("Playwright's driver", "playwright/driver/package/cli.js"),
    ("the Chinese translation", "resources/translations/zhangfang_zh_CN.qm"),
    ("Qt's Chinese translation", f"{QT}/translations/qtbase_zh_CN.qm"),
    ("the app icon", "resources/icons/app.svg"),
    ("the sample documents", "resources/samples/01-vat_invoice-text.pdf"),
    ("the example bots", "resources/bots/demo_claim.bot.yaml"),
    ("the ledger migrations", "app/ledger/migrations/versions/0001_initial_schema.py"),
    ("the bot schema", "bots/schema/bot.schema.json"),
    ("the recorder script", "bots/recorder.js"),
    ("Qt's SVG icon engine", f"{QT}/plugins/iconengines/*qsvgicon*"),
]
LINUX_REQUIRED = [
    ("Qt's X11 platform plugin", f"{QT}/plugins/platforms/libqxcb.so"),
    ("Qt's Wayland platform plugin", f"{QT}/plugins/platforms/libqwayland*.so"),
    ("PDFium", "pypdfium2_raw/libpdfium.so"),
]
# packages the app never imports; their presence means the build environment was not clean
FORBIDDEN = ["paddle", "paddleocr", "paddlex", "torch", "pytest", "trytond", "reportlab", "tkinter"]


def _opencv_copies(internal: Path) -> list[Path]:
    """Each OpenCV Python module in the bundle (cv2*.so / cv2*.pyd): there must be one."""
    return [p for p in internal.rglob("cv2*") if p.suffix in (".so", ".pyd") and p.is_file()]


def problems(bundle: Path) -> list[str]:
    internal = bundle / "_internal"
    found = []
    if not internal.is_dir():
        return [f"{bundle} is not a PyInstaller one-folder bundle (no _internal folder)"]
    required = REQUIRED + (LINUX_REQUIRED if sys.platform.startswith("linux") else [])
    for what, pattern in required:
        if not any(internal.glob(pattern)):
            found.append(f"missing {what} ({pattern})")
    for name in FORBIDDEN:
        if (internal / name).exists() or any(internal.glob(f"{name}-*.dist-info")):
            found.append(f"{name} is in the bundle: build from an environment without it")
    copies = _opencv_copies(internal)
    if len(copies) != 1:
        found.append(f"{len(copies)} OpenCV modules instead of one: {[str(p) for p in copies]}")
    libs = sorted(p.name for p in internal.glob("opencv*libs"))
    if len(libs) > 1:
        found.append(f"more than one OpenCV library folder: {libs}")
    return found


def sizes(bundle: Path) -> Counter[str]:
    """Bytes per part: each top-level entry, and each folder inside ``_internal``."""
    by_part: Counter[str] = Counter()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            parts = path.relative_to(bundle).parts
            key = "/".join(parts[:2]) if parts[0] == "_internal" and len(parts) > 2 else parts[0]
            by_part[key] += path.stat().st_size
    return by_part


def main(argv: list[str]) -> int:
    bundle = Path(argv[0] if argv else "dist/zhangfang")
    found = problems(bundle)
    for line in found:
        print(f"bundle check: {line}", file=sys.stderr)
    by_part = sizes(bundle)
    print(f"{bundle}: {by_part.total() / 1e6:.0f} MB")
    for part, size in by_part.most_common(12):
        print(f"  {size / 1e6:7.1f} MB  {part}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
