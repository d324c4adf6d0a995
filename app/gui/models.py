"""Table models over the ledger. Records page in (200 at a time) as the view scrolls, so a
ledger of tens of thousands of records opens as fast as one of ten. Every read runs in the
background (``ctx.op``); ``loaded`` fires when the rows are in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from app.gui import labels
from app.gui.style import STATE_COLOURS
from app.ledger import Ledger, RecordFilter, StoredRecord
from ocr.amounts import format_money

PAGE = 200
_INDEX = QModelIndex()


class _Table(QAbstractTableModel):
    """Rows of ``self._items`` under translated column headers."""

    loaded = Signal()  # a (re)load or a further page arrived
    COLUMNS: tuple[str, ...] = ()
    _items: list[Any]

    def rowCount(self, parent: QModelIndex = _INDEX) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex = _INDEX) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return labels.column(self.COLUMNS[section])
        return None


class RecordsModel(_Table):
    COLUMNS = ("id", "state", "doc_type", "issue_date", "seller_name", "invoice_number",
               "total", "category", "claim", "submission")  # fmt: skip
    RecordRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter = RecordFilter()
        self._items: list[StoredRecord] = []
        self._submissions: dict[int, tuple[str, str | None, str | None]] = {}
        self._total_rows = 0
        self.total_amount = Decimal(0)
        self.live: dict[int, str] = {}  # record id → status shown while a submission runs
        self.loading = False
        self._generation = 0  # a reload makes the answers to earlier reads stale

    # ---- loading (in the background) -------------------------------------------------------
    def set_filter(self, wanted: RecordFilter) -> None:
        self.filter = wanted
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation, wanted = self._generation, self.filter
        self.loading = True

        def read(ledger: Ledger) -> tuple[Any, ...]:
            count, amount = ledger.totals(wanted)
            return (count, amount, *_page(ledger, wanted, 0))

        def show(answer: tuple[Any, ...]) -> None:
            if generation != self._generation:
                return
            self.beginResetModel()
            self._total_rows, self.total_amount, rows, subs = answer
            self._items, self._submissions = list(rows), dict(subs)
            self.endResetModel()
            self.loading = False
            self.loaded.emit()

        self.ctx.op(read, done=show, failed=self._failed, owner=self)

    def _failed(self, message: str) -> None:
        self.loading = False
        self.ctx.error.emit(message)

    def canFetchMore(self, parent: QModelIndex = _INDEX) -> bool:
        return not parent.isValid() and not self.loading and len(self._items) < self._total_rows

    def fetchMore(self, parent: QModelIndex = _INDEX) -> None:
        if not self.canFetchMore(parent):
            return
        generation, wanted, start = self._generation, self.filter, len(self._items)
        self.loading = True

        def show(answer: tuple[list[StoredRecord], dict[int, Any]]) -> None:
            self.loading = False
            if generation != self._generation:
                return
            rows, subs = answer
            rows = rows[: max(0, self._total_rows - start)]  # the ledger grew meanwhile
            if rows:
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self._items.extend(rows)
                self._submissions.update(subs)
                self.endInsertRows()
            self.loaded.emit()

        self.ctx.op(
            lambda ledger: _page(ledger, wanted, start), done=show, failed=self._failed, owner=self
        )

    # ---- Qt --------------------------------------------------------------------------------

    @property
    def matching(self) -> int:
        return self._total_rows

    def record_at(self, row: int) -> StoredRecord:
        return self._items[row]

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, r in enumerate(self._items) if r.id == record_id), None)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        stored = self._items[index.row()]
        column = self.COLUMNS[index.column()]
        if role == self.RecordRole:
            return stored
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(stored, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("total", "id"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == "state":
            return QColor(STATE_COLOURS.get(stored.state, "#1c2833"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "submission" and stored.id in self._submissions:
                return self._submissions[stored.id][2]
            problems = [p.message for p in stored.record.problems]
            return "\n".join(problems) or None
        return None

    def _text(self, stored: StoredRecord, column: str) -> str:
        rec = stored.record
        if column == "id":
            return str(stored.id)
        if column == "state":
            return labels.state(stored.state)
        if column == "doc_type":
            return labels.doc_type(rec.doc_type)
        if column == "issue_date":
            day = rec.issue_date or rec.travel_date
            return day.isoformat() if day else ""
        if column == "total":
            return format_money(rec.total) if rec.total is not None else ""
        if column == "claim":
            return str(stored.claim_id or "")
        if column == "submission":
            if stored.id in self.live:
                return self.live[stored.id]
            state, ref, _error = self._submissions.get(stored.id, ("", None, None))
            return ref or labels.submission(state)
        value = getattr(rec, column, None)
        return "" if value is None else str(value)

    def set_live(self, record_id: int, text: str) -> None:
        self.live[record_id] = text
        row = self.row_of(record_id)
        if row is not None:
            column = self.COLUMNS.index("submission")
            self.dataChanged.emit(self.index(row, column), self.index(row, column))


def _page(
    ledger: Ledger, wanted: RecordFilter, offset: int
) -> tuple[list[StoredRecord], dict[int, tuple[str, str | None, str | None]]]:
    """One page of records and the state of their submissions (run in a worker)."""
    rows = ledger.page(wanted, offset=offset, limit=PAGE)
    subs = {
        sub.record_id: (sub.state, sub.external_ref, sub.last_error)
        for sub in ledger.submissions(record_ids=[r.id for r in rows])
        if sub.record_id is not None
    }
    return rows, subs


class RunsModel(_Table):
    COLUMNS = ("id", "bot", "status", "started", "seconds", "steps")

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._items: list[Any] = []

    def reload(self, limit: int = 500) -> None:
        def show(runs: list[Any]) -> None:
            self.beginResetModel()
            self._items = runs
            self.endResetModel()
            self.loaded.emit()

        self.ctx.op(lambda ledger: ledger.bot_runs(limit=limit), done=show, owner=self)

    def run_at(self, row: int) -> Any:
        return self._items[row]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        run = self._items[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and column == "status":
            return QColor(STATE_COLOURS.get(run.status, "#c0392b"))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        steps = run.result.get("steps", [])
        return {
            "id": str(run.id),
            "bot": run.bot,
            "status": labels.state(run.status),
            "started": run.started_at.strftime("%Y-%m-%d %H:%M:%S"),
            "seconds": f"{run.seconds or 0:.1f} s",
            "steps": f"{sum(s.get('status') == 'passed' for s in steps)}/{len(steps)}",
        }[column]
