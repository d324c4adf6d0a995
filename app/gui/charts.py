"""Small charts drawn with QPainter (no QtCharts: it is not in PySide6-Essentials)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

PALETTE = ["#1f6f8b", "#f39c12", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"]


class _Chart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setMinimumSize(320, 220)

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    def _frame(self, painter: QPainter) -> QRectF:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QPen(QColor("#d5dbe1")))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#22313f"))
        painter.drawText(
            QRectF(12, 8, self.width() - 24, 22), Qt.AlignmentFlag.AlignLeft, self.title
        )
        painter.setFont(self.font())
        return QRectF(12, 38, self.width() - 24, self.height() - 50)

    def _empty(self, painter: QPainter, area: QRectF, text: str) -> None:
        painter.setPen(QColor("#95a5a6"))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, text)


class BarList(_Chart):
    """Horizontal bars with labels and values: spending by category."""

    def __init__(self, title: str, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.empty = empty
        self.items: list[tuple[str, float, str]] = []  # label, value, value text

    def set_items(self, items: list[tuple[str, float, str]]) -> None:
        self.items = items
        self.update()

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        if not self.items:
            self._empty(painter, area, self.empty)
            return
        top = max(v for _, v, _ in self.items) or 1
        rows = self.items[:8]
        height = min(28.0, area.height() / len(rows))
        label_w = 90.0
        value_w = 100.0
        for i, (label, value, text) in enumerate(rows):
            y = area.top() + i * height
            painter.setPen(QColor("#22313f"))
            painter.drawText(
                QRectF(area.left(), y, label_w, height), Qt.AlignmentFlag.AlignVCenter, label
            )
            width = (area.width() - label_w - value_w) * value / top
            painter.fillRect(
                QRectF(area.left() + label_w, y + 5, max(width, 2), height - 10),
                QColor(PALETTE[i % len(PALETTE)]),
            )
            painter.drawText(
                QRectF(area.left() + label_w + width + 6, y, value_w, height),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )


class Columns(_Chart):
    """Vertical columns over time (spending by month); optional line 0–100 % on top."""

    def __init__(self, title: str, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.empty = empty
        self.labels: list[str] = []
        self.values: list[float] = []
        self.line: list[float | None] = []  # percentages, drawn as a line (bot success)
        self.colour = QColor(PALETTE[0])

    def set_data(
        self, labels: list[str], values: list[float], line: list[float | None] | None = None
    ) -> None:
        self.labels, self.values, self.line = labels, values, line or []
        self.update()

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        if not any(self.values) and not any(v is not None for v in self.line):
            self._empty(painter, area, self.empty)
            return
        plot = area.adjusted(0, 0, 0, -18)
        n = max(len(self.labels), 1)
        slot = plot.width() / n
        top = max(self.values or [0]) or 1
        painter.setPen(QColor("#5d6d7e"))
        for i, label in enumerate(self.labels):
            x = plot.left() + i * slot
            h = plot.height() * (self.values[i] / top if i < len(self.values) else 0)
            painter.fillRect(
                QRectF(x + slot * 0.18, plot.bottom() - h, slot * 0.64, h), self.colour
            )
            if n <= 12 or i % 2 == 0:
                painter.drawText(
                    QRectF(x, plot.bottom() + 2, slot, 16), Qt.AlignmentFlag.AlignHCenter, label
                )
        points = [
            QPointF(plot.left() + (i + 0.5) * slot, plot.bottom() - plot.height() * v / 100)
            for i, v in enumerate(self.line)
            if v is not None
        ]
        if points:
            painter.setPen(QPen(QColor(PALETTE[1]), 2.5))
            for a, b in itertools.pairwise(points):
                painter.drawLine(a, b)
            for p in points:
                painter.drawEllipse(p, 3, 3)
