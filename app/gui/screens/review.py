"""Review station: the page on the left with a box over each field, the fields on the right
coloured by how sure capture was. Tab walks the fields; Ctrl+Enter saves, approves and opens
the next record; clicking a word on the page fills the focused field.

Long module: one screen whose page view, field form and queue answer each other's signals
(a click on the page fills a field, a saved field moves the box); the field rules it shows
are in ``app.services.review_fields`` and the page drawing in ``app.gui.page_view``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui import labels
from app.gui.context import AppContext
from app.gui.operations import RECORDS
from app.gui.page_view import PageView
from app.gui.style import LEVEL_COLOURS, icon
from app.ledger import RecordFilter, StoredRecord
from app.ledger.lifecycle import CAPTURED, FAILED
from app.services.review_fields import CATEGORIES, field_level, fields_for
from ocr.pageview import PageView as PageData
from ocr.pageview import view_page
from ocr.records import DOC_TYPES

QUEUE_STATES = (CAPTURED, FAILED)  # what waits for a person


class ReviewPage(QWidget):
    approved = Signal(int)  # record id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: StoredRecord | None = None
        self._opening: int | None = None  # the record asked for last (reads are background)
        self.edits: dict[str, QLineEdit] = {}
        self._page_number = 1
        self._pages: dict[tuple[str, int], PageData] = {}  # loaded pages, by (file, page)
        self._loading: set[tuple[str, int]] = set()
        self._focused: str | None = None
        self._confirm_problems = False  # Ctrl+Enter twice approves despite problems
        self._build()
        ctx.recordsChanged.connect(self.refresh_queue)

    # ---- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.queue = QListWidget()
        self.queue.setObjectName("queue")
        self.queue.currentItemChanged.connect(self._queue_changed)

        self.view = PageView()
        self.view.wordClicked.connect(self.fill_focused)
        self.view.fieldClicked.connect(self.focus_field)
        tools = QHBoxLayout()
        self.prev_page = self._tool("prev", self.tr("Previous page"), lambda: self.turn(-1))
        self.page_label = QLabel()
        self.next_page = self._tool("next", self.tr("Next page"), lambda: self.turn(1))
        tools.addWidget(self.prev_page)
        tools.addWidget(self.page_label)
        tools.addWidget(self.next_page)
        tools.addStretch()
        tools.addWidget(
            self._tool("zoom-out", self.tr("Zoom out"), lambda: self.view.zoom(1 / 1.25))
        )
        tools.addWidget(self._tool("zoom-in", self.tr("Zoom in"), lambda: self.view.zoom(1.25)))
        tools.addWidget(self._tool("zoom-fit", self.tr("Fit the page"), self.view.fit))
        tools.addWidget(self._tool("rotate", self.tr("Rotate"), self.view.rotate_page))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.view, 1)

        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.doc_type = QComboBox()
        for code in DOC_TYPES:
            self.doc_type.addItem(labels.doc_type(code), code)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(CATEGORIES)
        self.form = QFormLayout()
        self.form.addRow(labels.field("doc_type"), self.doc_type)
        self.form.addRow(labels.field("category"), self.category)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(lambda: self.save())
        self.approve_button = QPushButton(icon("approve"), self.tr("Approve && next  (Ctrl+Enter)"))
        self.approve_button.setObjectName("primary")
        self.approve_button.clicked.connect(self.approve_and_next)
        self.skip_button = QPushButton(self.tr("Skip"))
        self.skip_button.clicked.connect(self.next_record)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.approve_button)

        fields = QWidget()
        form_box = QVBoxLayout(fields)
        form_box.addWidget(self.title)
        form_box.addLayout(self.form)
        form_box.addWidget(self.problems)
        form_box.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(scroll, 1)
        right_layout.addWidget(self.message)
        right_layout.addLayout(buttons)

        splitter = QSplitter()
        splitter.addWidget(self.queue)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([180, 700, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.approve_and_next)
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.save())
        self._show_nothing()

    def _tool(self, name: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon(name))
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # ---- the queue ------------------------------------------------------------------------
    def refresh_queue(self) -> None:
        """Load what waits for review (in the background), keeping the open record open."""
        self.ctx.op(
            lambda ledger: ledger.page(RecordFilter(state=QUEUE_STATES), limit=500),
            done=self._fill_queue,
            failed=self.message.setText,
            owner=self,
        )

    def _fill_queue(self, waiting: list[StoredRecord]) -> None:
        keep = self.current.id if self.current else self._opening
        self.queue.blockSignals(True)
        self.queue.clear()
        for stored in waiting:
            rec = stored.record
            text = f"{stored.id}  {labels.doc_type(rec.doc_type)}\n{stored.original_name or ''}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, stored.id)
            item.setToolTip(stored.original_name or "")
            if any(p.severity == "error" for p in rec.problems):
                item.setForeground(Qt.GlobalColor.darkRed)
            self.queue.addItem(item)
        self.queue.blockSignals(False)
        row = next(
            (
                i
                for i in range(self.queue.count())
                if self.queue.item(i).data(Qt.ItemDataRole.UserRole) == keep
            ),
            None,
        )
        if row is not None:
            self.queue.setCurrentRow(row)
        elif self.queue.count() and self.current is None:
            self.queue.setCurrentRow(0)
        elif not self.queue.count() and self.current is None:
            self._show_nothing()

    def _queue_changed(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is not None:
            self.open_record(int(item.data(Qt.ItemDataRole.UserRole)))

    def next_record(self) -> None:
        row = self.queue.currentRow()
        if row + 1 < self.queue.count():
            self.queue.setCurrentRow(row + 1)
        elif self.queue.count() and row != 0:
            self.queue.setCurrentRow(0)

    # ---- one record -----------------------------------------------------------------------
    def open_record(self, record_id: int) -> None:
        """Read the record in the background and show it (the last one asked for wins)."""
        self._opening = record_id
        self.ctx.op(
            lambda ledger: ledger.get(record_id),
            done=self._opened,
            failed=self.message.setText,
            owner=self,
        )

    def _opened(self, stored: StoredRecord) -> None:
        if stored.id != self._opening:  # another record was asked for meanwhile
            return
        self.current = stored
        self._confirm_problems = False
        self._page_number = stored.record.page or 1
        self._fill_form(stored)
        self._show_page()
        self._prefetch_next()

    def _show_nothing(self) -> None:
        self.current = None
        self.title.setText(self.tr("Nothing waits for review"))
        self.view.clear_page(
            self.tr("Import documents in the Inbox; they appear here to be checked.")
        )
        for widget in (self.save_button, self.approve_button, self.skip_button):
            widget.setEnabled(False)

    def _fill_form(self, stored: StoredRecord) -> None:
        rec = stored.record
        for edit in self.edits.values():
            self.form.removeRow(edit)
        self.edits = {}
        self.title.setText(
            self.tr("Record {0} · {1} · {2}").format(
                stored.id, stored.original_name or "", labels.state(stored.state)
            )
        )
        self.doc_type.setCurrentIndex(max(0, self.doc_type.findData(rec.doc_type)))
        self.category.setCurrentText(rec.category or "")
        for name in fields_for(rec):
            edit = QLineEdit(self._display(getattr(rec, name)))
            edit.setObjectName(f"field-{name}")
            edit.setProperty("field", name)
            edit.installEventFilter(self)
            self._colour(edit, field_level(rec, name), rec.confidence.get(name))
            self.form.addRow(labels.field(name), edit)
            self.edits[name] = edit
        QWidget.setTabOrder(self.doc_type, self.category)
        previous: QWidget = self.category
        for edit in self.edits.values():
            QWidget.setTabOrder(previous, edit)
            previous = edit
        self._show_problems(stored)
        for widget in (self.save_button, self.approve_button, self.skip_button):
            widget.setEnabled(stored.state in QUEUE_STATES or stored.state == "reviewed")
        self.message.setText("")
        first = next(
            (e for n, e in self.edits.items() if field_level(rec, n) in ("problem", "doubtful")),
            next(iter(self.edits.values()), None),
        )
        if first is not None:
            self.focus_field(first.property("field"))

    def _show_problems(self, stored: StoredRecord) -> None:
        lines = []
        for problem in stored.record.problems:
            where = f"{labels.field(problem.field)}: " if problem.field else ""
            mark = "⚠" if problem.severity == "warning" else "✗"
            lines.append(f"{mark} {where}{problem.message}")
        if stored.duplicate_of:
            lines.append("✗ " + self.tr("repeats record {0}").format(stored.duplicate_of))
        if stored.near_duplicate_of:
            lines.append(
                "⚠ "
                + self.tr("looks like record {0} (same seller, amount and date)").format(
                    stored.near_duplicate_of
                )
            )
        self.problems.setText("\n".join(lines))

    @staticmethod
    def _display(value: Any) -> str:
        if value is None:
            return ""
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if hasattr(value, "quantize"):
            return f"{value:.2f}"
        return str(value)

    def _colour(self, edit: QLineEdit, level: str, confidence: float | None) -> None:
        edit.setProperty("level", level)
        edit.setStyleSheet(f"QLineEdit {{ background: {LEVEL_COLOURS[level]}; }}")
        sure = f"{confidence:.0%}" if confidence is not None else "—"
        edit.setToolTip(self.tr("confidence {0}").format(sure))

    # ---- the page -------------------------------------------------------------------------
    def _show_page(self) -> None:
        stored = self.current
        if stored is None:
            return
        if not stored.document:
            self.view.clear_page(
                self.tr("This record has no document (entered from a spreadsheet).")
            )
            self._update_page_tools(0)
            return
        key = (stored.document, self._page_number)
        if key in self._pages:
            self._display_page(stored, self._pages[key])
            return
        self.view.clear_page(self.tr("Loading the page…"))
        self._load(key)

    def _load(self, key: tuple[str, int]) -> None:
        if key in self._loading:
            return
        self._loading.add(key)
        engine = self.ctx.settings.ocr_engine

        def loaded(page: PageData) -> None:
            self._loading.discard(key)
            self._pages[key] = page
            if len(self._pages) > 12:
                self._pages.pop(next(iter(self._pages)))
            if self.current and (self.current.document, self._page_number) == key:
                self._display_page(self.current, page)

        def failed(message: str) -> None:
            self._loading.discard(key)
            if self.current and (self.current.document, self._page_number) == key:
                self.view.clear_page(self.tr("The page cannot be shown: {0}").format(message))

        self.ctx.run(lambda _c: view_page(key[0], key[1], engine=engine), loaded, failed)

    def _display_page(self, stored: StoredRecord, page: PageData) -> None:
        self._update_page_tools(page.page_count)
        if page.image is None:
            self.view.clear_page(
                self.tr(
                    "An electronic invoice (XML/OFD): its values were read exactly; there is no page image."  # noqa: E501
                )
            )
            return
        boxes = {
            name: (box.x0, box.y0, box.x1, box.y1)
            for name, box in stored.record.boxes.items()
            if box.page == self._page_number
        }
        self.view.show_page(page.image, page.words, boxes)
        self.view.highlight(self._focused)

    def _update_page_tools(self, count: int) -> None:
        self.page_label.setText(
            self.tr("page {0} of {1}").format(self._page_number, count) if count else ""
        )
        self.prev_page.setEnabled(self._page_number > 1)
        self.next_page.setEnabled(self._page_number < count)

    def turn(self, step: int) -> None:
        self._page_number = max(1, self._page_number + step)
        self._show_page()

    def _prefetch_next(self) -> None:
        row = self.queue.currentRow() + 1
        if row >= self.queue.count():
            return
        record_id = int(self.queue.item(row).data(Qt.ItemDataRole.UserRole))
        self.ctx.op(
            lambda ledger: ledger.get(record_id),
            done=self._prefetch,
            failed=lambda _m: None,
            owner=self,
        )

    def _prefetch(self, upcoming: StoredRecord) -> None:
        if upcoming.document:
            key = (upcoming.document, upcoming.record.page or 1)
            if key not in self._pages:
                self._load(key)

    # ---- fields ↔ page --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            self._focused = watched.property("field")
            self.view.highlight(self._focused)
        return super().eventFilter(watched, event)

    @property
    def focused_field(self) -> str | None:
        return self._focused

    def focus_field(self, name: str) -> None:
        edit = self.edits.get(name)
        if edit is not None:
            edit.setFocus()
            edit.selectAll()
            self._focused = name
            self.view.highlight(name)

    def fill_focused(self, text: str) -> None:
        edit = self.edits.get(self._focused or "")
        if edit is not None:
            edit.setText(text)
            edit.setFocus()

    # ---- saving ---------------------------------------------------------------------------
    def changes(self) -> dict[str, str]:
        if self.current is None:
            return {}
        rec = self.current.record
        out = {
            name: edit.text().strip()
            for name, edit in self.edits.items()
            if edit.text().strip() != self._display(getattr(rec, name))
        }
        if self.doc_type.currentData() != rec.doc_type:
            out["doc_type"] = self.doc_type.currentData()
        if self.category.currentText().strip() != (rec.category or ""):
            out["category"] = self.category.currentText().strip()
        return out

    def save(self, then: Callable[[StoredRecord], None] | None = None) -> None:
        """Save corrections in the background (validated again, with the audit trail); then
        ``then(stored)``. A refused value leaves the message and changes nothing."""
        if self.current is None:
            return
        changes = self.changes()
        if not changes:
            if then is not None:
                then(self.current)
            return
        record_id = self.current.id

        def saved(stored: StoredRecord) -> None:
            if self.current is not None and self.current.id == record_id:
                self.current = stored
                self._fill_form(stored)
                self._show_page()
                self.message.setText(
                    self.tr("Saved: {0}").format(", ".join(labels.field(n) for n in changes))
                )
            if then is not None:
                then(stored)

        self.ctx.op(
            lambda ledger: ledger.correct(record_id, changes),
            changes={RECORDS},
            done=saved,
            failed=self.message.setText,
            owner=self,
        )

    def approve_and_next(self) -> None:
        if self.current is None or not self.approve_button.isEnabled():
            return
        self.save(then=self._approve_saved)

    def _approve_saved(self, stored: StoredRecord) -> None:
        errors = [p for p in stored.record.problems if p.severity == "error"]
        if errors and not self._confirm_problems:
            self._confirm_problems = True
            self.message.setText(
                self.tr(
                    "{0} problems remain. Correct them, or press Ctrl+Enter again to approve anyway."  # noqa: E501
                ).format(len(errors))
            )
            return
        if stored.state == "reviewed":
            self._approved(stored)
            return
        self.ctx.op(  # captured, or failed and corrected
            lambda ledger: ledger.approve(stored.id),
            changes={RECORDS},  # refreshes the queue: the approved record leaves it
            done=self._approved,
            failed=self.message.setText,
            owner=self,
        )

    def _approved(self, stored: StoredRecord) -> None:
        row = self.queue.currentRow()
        self.current = None
        self._opening = None
        self.approved.emit(stored.id)
        if 0 <= row < self.queue.count():
            self.queue.takeItem(row)  # it left the queue (the refresh that follows agrees)
        if self.queue.count():
            self.queue.setCurrentRow(min(row, self.queue.count() - 1))
        else:
            self._show_nothing()
