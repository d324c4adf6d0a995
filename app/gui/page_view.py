"""The document page with a box over each field: zoom (Ctrl+wheel, buttons), pan (drag),
rotate; clicking a word offers its text, clicking a field box selects that field."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
)

from ocr.pageview import Word

FIELD_PEN = QColor("#1f6f8b")
ACTIVE_PEN = QColor("#e67e22")
CLICK_SLOP = 4  # pixels a press may move and still be a click, not a pan


def to_qimage(image: Image.Image) -> QImage:
    rgb = image.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()


class _WordItem(QGraphicsRectItem):
    def __init__(self, word: Word, rect: QRectF, parent: QGraphicsItem) -> None:
        super().__init__(rect, parent)
        self.word = word
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(word.text)

    def hoverEnterEvent(self, event) -> None:
        self.setBrush(QBrush(QColor(31, 111, 139, 40)))
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        super().hoverLeaveEvent(event)


class _FieldItem(QGraphicsRectItem):
    def __init__(self, name: str, rect: QRectF, parent: QGraphicsItem) -> None:
        super().__init__(rect, parent)
        self.name = name
        self.set_active(False)

    def set_active(self, active: bool) -> None:
        pen = QPen(ACTIVE_PEN if active else FIELD_PEN, 4 if active else 2)
        pen.setCosmetic(True)
        self.setPen(pen)
        colour = QColor(ACTIVE_PEN if active else FIELD_PEN)
        colour.setAlpha(55 if active else 18)
        self.setBrush(QBrush(colour))
        self.setZValue(3 if active else 2)


class PageView(QGraphicsView):
    wordClicked = Signal(str)  # the word's value (caption stripped)
    fieldClicked = Signal(str)  # the field whose box was clicked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#dfe4ea"))
        self._page: QGraphicsPixmapItem | None = None
        self._fields: dict[str, _FieldItem] = {}
        self._words: list[_WordItem] = []
        self._press: QPoint | None = None
        self._fit = True
        self.rotation = 0

    # ---- content --------------------------------------------------------------------------
    def clear_page(self, message: str = "") -> None:
        self.scene().clear()
        self._page, self._fields, self._words = None, {}, []
        if message:
            text = self.scene().addSimpleText(message)
            text.setBrush(QColor("#5d6d7e"))
        self.resetTransform()

    def show_page(
        self,
        image: Image.Image,
        words: list[Word],
        boxes: dict[str, tuple[float, float, float, float]],
    ) -> None:
        """``boxes``: field name → (x0, y0, x1, y1) in page fractions."""
        self.scene().clear()
        pixmap = QPixmap.fromImage(to_qimage(image))
        self._page = self.scene().addPixmap(pixmap)
        self._page.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        w, h = pixmap.width(), pixmap.height()
        self._page.setTransformOriginPoint(w / 2, h / 2)
        self._page.setRotation(self.rotation)
        self._words = [
            _WordItem(
                word,
                QRectF(word.x0 * w, word.y0 * h, (word.x1 - word.x0) * w, (word.y1 - word.y0) * h),
                self._page,
            )
            for word in words
        ]
        self._fields = {}
        for name, (x0, y0, x1, y1) in boxes.items():
            pad = 0.004
            rect = QRectF(
                (x0 - pad) * w, (y0 - pad) * h, (x1 - x0 + 2 * pad) * w, (y1 - y0 + 2 * pad) * h
            )
            self._fields[name] = _FieldItem(name, rect, self._page)
        self.scene().setSceneRect(self._page.sceneBoundingRect())
        if self._fit:
            self.fit()

    @property
    def field_boxes(self) -> dict[str, QRectF]:
        return {name: item.rect() for name, item in self._fields.items()}

    @property
    def words(self) -> list[Word]:
        return [item.word for item in self._words]

    def highlight(self, name: str | None) -> None:
        for field_name, item in self._fields.items():
            item.set_active(field_name == name)
        item = self._fields.get(name or "")
        if item is not None:
            self.ensureVisible(item.sceneBoundingRect(), 40, 40)

    @property
    def highlighted(self) -> str | None:
        return next((n for n, i in self._fields.items() if i.zValue() == 3), None)

    # ---- zoom, pan, rotation --------------------------------------------------------------
    def zoom(self, factor: float) -> None:
        self._fit = False
        current = self.transform().m11() ** 2 + self.transform().m12() ** 2
        if (factor > 1 and current > 64) or (factor < 1 and current < 0.004):
            return
        self.scale(factor, factor)

    def fit(self) -> None:
        self._fit = True
        if self._page is not None:
            self.fitInView(self._page.sceneBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def rotate_page(self, degrees: int = 90) -> None:
        self.rotation = (self.rotation + degrees) % 360
        if self._page is not None:
            self._page.setRotation(self.rotation)
            self.scene().setSceneRect(self._page.sceneBoundingRect())
            self.fit()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.fit()

    # ---- clicks (a press that did not pan) ----------------------------------------------------
    def mousePressEvent(self, event) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        start, self._press = self._press, None
        here = event.position().toPoint()
        if start is None or (here - start).manhattanLength() > CLICK_SLOP:
            return
        self.click_at(here)

    def click_at(self, point: QPoint) -> None:
        items = self.items(point)
        word = next((i for i in items if isinstance(i, _WordItem)), None)
        field = next((i for i in items if isinstance(i, _FieldItem)), None)
        if word is not None:
            self.wordClicked.emit(word.word.value)
        elif field is not None:
            self.fieldClicked.emit(field.name)

    def scene_point(self, fx: float, fy: float) -> QPoint:
        """The view position of a point given in page fractions (tests click with this)."""
        assert self._page is not None
        rect = self._page.boundingRect()
        scene = self._page.mapToScene(fx * rect.width(), fy * rect.height())
        return self.mapFromScene(scene)
