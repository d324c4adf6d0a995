"""Records and claims: a filterable table with totals; group into a claim, export to Excel,
submit to a target with the status updating row by row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui import labels
from app.gui.context import AppContext
from app.gui.models import RecordsModel
from app.gui.operations import RECORDS
from app.gui.style import icon
from app.ledger import RecordFilter
from app.ledger.lifecycle import STATES
from ocr.amounts import format_money
from ocr.records import DOC_TYPES


class RecordsPage(QWidget):
    openRecord = Signal(int)  # double-click: review this record

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RecordsModel(ctx, self)
        self.model.loaded.connect(self._show_totals)
        self._submitting = False
        self._build()
        ctx.recordsChanged.connect(self.reload)
        ctx.settingsChanged.connect(self._fill_targets)
        self.apply_filter()

    def _build(self) -> None:
        title = QLabel(self.tr("Records and claims"))
        title.setObjectName("title")
        self.state = QComboBox()
        self.state.addItem(self.tr("All states"), None)
        for state in STATES:
            self.state.addItem(labels.state(state), state)
        self.doc_type = QComboBox()
        self.doc_type.addItem(self.tr("All types"), None)
        for code in DOC_TYPES:
            self.doc_type.addItem(labels.doc_type(code), code)
        self.seller = QLineEdit()
        self.seller.setPlaceholderText(self.tr("Seller contains…"))
        self.use_dates = QCheckBox(self.tr("Dated"))
        today = QDate.currentDate()
        self.since = QDateEdit(QDate(today.year(), 1, 1))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.since.setEnabled)
        self.use_dates.toggled.connect(self.until.setEnabled)
        for signal in (
            self.state.currentIndexChanged,
            self.doc_type.currentIndexChanged,
            self.seller.textChanged,
            self.use_dates.toggled,
            self.since.dateChanged,
            self.until.dateChanged,
        ):
            signal.connect(self.apply_filter)
        filters = QHBoxLayout()
        for widget in (self.state, self.doc_type, self.seller, self.use_dates, self.since):
            filters.addWidget(widget)
        filters.addWidget(QLabel("–"))
        filters.addWidget(self.until)
        filters.addStretch()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in {"id": 50, "seller_name": 220, "invoice_number": 170}.items():
            self.table.setColumnWidth(RecordsModel.COLUMNS.index(column), width)
        self.table.doubleClicked.connect(
            lambda index: self.openRecord.emit(self.model.record_at(index.row()).id)
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.totals = QLabel()
        self.totals.setObjectName("hint")
        self.claim_button = QPushButton(icon("claim"), self.tr("Group into claim…"))
        self.claim_button.clicked.connect(self.group_into_claim)
        self.export_button = QPushButton(icon("export"), self.tr("Export to Excel…"))
        self.export_button.clicked.connect(self.export)
        self.target = QComboBox()
        self.submit_button = QPushButton(icon("submit"), self.tr("Submit"))
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self.submit)
        self.status = QLabel()
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.totals, 1)
        actions.addWidget(self.claim_button)
        actions.addWidget(self.export_button)
        actions.addWidget(QLabel(self.tr("Target:")))
        actions.addWidget(self.target)
        actions.addWidget(self.submit_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self._fill_targets()
        self._selection_changed()

    def _fill_targets(self) -> None:
        current = self.target.currentText()
        self.target.clear()
        names = sorted(self.ctx.settings.targets)
        self.target.addItems(names)
        if current in names:
            self.target.setCurrentText(current)
        self.target.setToolTip("" if names else self.tr("Add a target in Settings"))
        self._selection_changed()

    # ---- filtering ----------------------------------------------------------------------------
    def current_filter(self) -> RecordFilter:
        dated = self.use_dates.isChecked()
        return RecordFilter(
            state=self.state.currentData(),
            doc_type=self.doc_type.currentData(),
            seller=self.seller.text().strip() or None,
            since=_day(self.since.date()) if dated else None,
            until=_day(self.until.date()) if dated else None,
        )

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())  # the totals follow when it has loaded

    def reload(self) -> None:
        if not self._submitting:  # live rows stay put while a submission runs
            self.model.reload()

    def _show_totals(self) -> None:
        self.totals.setText(
            self.tr("{0} records · total ¥{1}").format(
                self.model.matching, format_money(self.model.total_amount)
            )
        )

    # ---- selection ----------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.record_at(r).id for r in rows]

    def select_ids(self, ids: list[int]) -> None:
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for record_id in ids:
            row = self.model.row_of(record_id)
            if row is not None:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def _selection_changed(self, *_args: object) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.claim_button.setEnabled(chosen)
        self.submit_button.setEnabled(chosen and self.target.count() > 0 and not self._submitting)

    # ---- actions ------------------------------------------------------------------------------
    def group_into_claim(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        title, ok = QInputDialog.getText(
            self,
            self.tr("Group into claim"),
            self.tr("Claim title:"),
            text=self.tr("Expense claim"),
        )
        if not ok or not title.strip():
            return
        self.make_claim(title.strip(), ids)

    def make_claim(self, title: str, ids: list[int]) -> None:
        """Group the records into a claim (in the background); the status line says which."""
        self.ctx.op(
            lambda ledger: ledger.create_claim(title, ids),
            changes={RECORDS},
            done=lambda claim_id: self.status.setText(
                self.tr("Claim {0} holds {1} records").format(claim_id, len(ids))
            ),
            failed=self.status.setText,
            owner=self,
        )

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to Excel"), "claim.xlsx", self.tr("Excel workbook") + " (*.xlsx)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """The selected records, or every record that matches the filter."""
        from app.exports.claims import write_claim_workbook

        ids, wanted, ledger = set(self.selected_ids()), self.current_filter(), self.ctx.ledger

        def work(_control: object) -> Path:
            chosen = ledger.page(wanted, limit=None)
            if ids:
                chosen = [r for r in chosen if r.id in ids]
            return write_claim_workbook(chosen, path, applicant=ledger.actor)

        self.ctx.run(
            work,
            lambda out: self.status.setText(self.tr("Written: {0}").format(out)),
            lambda message: self.status.setText(self.tr("Export failed: {0}").format(message)),
        )

    def submit(self) -> None:
        ids = self.selected_ids()
        target = self.target.currentText()
        if not ids or not target:
            return
        self._submitting = True
        self._selection_changed()
        for record_id in ids:
            self.model.set_live(record_id, labels.submission("pending"))
        self.status.setText(self.tr("Submitting {0} records to {1}…").format(len(ids), target))

        def report(event: object) -> None:
            kind, payload = event  # type: ignore[misc]
            if kind == "sending":
                self.model.set_live(payload, labels.submission("in_flight"))
            else:
                text = payload.external_ref or labels.submission(payload.state)
                self.model.set_live(payload.record_id, text)

        def finished(outcomes: list) -> None:
            self._submitting = False
            self.model.live.clear()
            ok = sum(o.state == "succeeded" for o in outcomes)
            lines = [self.tr("{0} of {1} records are in {2}").format(ok, len(outcomes), target)]
            lines += [
                f"{o.record_id}: {labels.submission(o.state)} {o.error or ''}".strip()
                for o in outcomes
                if o.state != "succeeded"
            ]
            self.status.setText("\n".join(lines))
            self.reload()
            self._selection_changed()

        def failed(message: str) -> None:
            self._submitting = False
            self.model.live.clear()
            self.status.setText(message)
            self.reload()
            self._selection_changed()

        self.ctx.submit(ids, target, done=finished, report=report, failed=failed)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
