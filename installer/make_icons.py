"""Render the app icon (resources/icons/app.svg) for the installers: PNGs for Linux desktop
entries and an .ico for Windows.

    python installer/make_icons.py build/icons
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256)
SOURCE = Path(__file__).resolve().parents[1] / "resources" / "icons" / "app.svg"


def render(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        png = out / f"zhangfang-{size}.png"
        if not image.save(str(png)):
            raise SystemExit(f"cannot write {png}")
        written.append(png)
        if size == 256:
            written.append(out / "zhangfang.png")
            image.save(str(written[-1]))
            # Qt's ICO writer stores one image; Windows scales it for the smaller sizes
            ico = out / "zhangfang.ico"
            if image.save(str(ico), "ICO"):
                written.append(ico)
    return written


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")):
        print(path)
