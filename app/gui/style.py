"""The look: Fusion with a calm palette, SVG icons, a little stylesheet."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from app.platform.resources import ICONS

ACCENT = "#1f6f8b"
LEVEL_COLOURS = {  # review form backgrounds by how much a person should look
    "problem": "#fde2e1",
    "doubtful": "#fde2e1",
    "unsure": "#fff4d6",
    "sure": "#e6f4ea",
    "empty": "#ffffff",
}
STATE_COLOURS = {
    "captured": "#b26a00",
    "reviewed": "#1f6f8b",
    "submitted": "#6c5ce7",
    "confirmed": "#1e8449",
    "failed": "#c0392b",
    "duplicate": "#7f8c8d",
    "passed": "#1e8449",
    "running": "#6c5ce7",
}

STYLESHEET = f"""
QListWidget#nav {{ background: #22313f; color: #dfe6ec; border: none; font-size: 14px; }}
QListWidget#nav::item {{ padding: 10px 14px; }}
QListWidget#nav::item:selected {{ background: {ACCENT}; color: white; }}
QLabel#title {{ font-size: 18px; font-weight: 600; color: #22313f; }}
QLabel#hint {{ color: #5d6d7e; }}
QLabel#problems {{ color: #922b21; }}
QLabel#card {{ background: white; border: 1px solid #d5dbe1; border-radius: 6px; padding: 10px; }}
QPushButton {{ padding: 5px 12px; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border-radius: 4px; }}
QPushButton#primary:disabled {{ background: #9fb8c3; }}
QFrame#dropzone {{ border: 2px dashed #9fb8c3; border-radius: 10px; background: #f7fafc; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f4f6f8"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f0f3f6"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#e9edf1"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1c2833"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1c2833"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)
    app.setWindowIcon(icon("app"))


@cache
def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons (an empty icon if it is missing, never a crash)."""
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()
