"""Table models over the ledger. Records page in (200 at a time) as the view scrolls, so a
ledger of tens of thousands of records opens as fast as one of ten."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from app.gui import labels
from app.gui.style import STATE_COLOURS
from app.ledger import Ledger, RecordFilter, StoredRecord
from ocr.amounts import format_money

PAGE = 200
_INDEX = QModelIndex()


class _Table(QAbstractTableModel):
    """Rows of ``self._items`` under translated column headers."""

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

    def __init__(self, ledger: Ledger, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.filter = RecordFilter()
        self._items: list[StoredRecord] = []
        self._submissions: dict[int, tuple[str, str | None, str | None]] = {}
        self._total_rows = 0
        self.total_amount = Decimal(0)
        self.live: dict[int, str] = {}  # record id → status shown while a submission runs

    # ---- loading ---------------------------------------------------------------------------
    def set_filter(self, wanted: RecordFilter) -> None:
        self.filter = wanted
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._total_rows, self.total_amount = self.ledger.totals(self.filter)
        self._items = []
        self._submissions = {}
        self._load_more()
        self.endResetModel()

    def _load_more(self) -> list[StoredRecord]:
        rows = self.ledger.page(self.filter, offset=len(self._items), limit=PAGE)
        for sub in self.ledger.submissions(record_ids=[r.id for r in rows]):
            self._submissions[sub.record_id] = (sub.state, sub.external_ref, sub.last_error)
        self._items.extend(rows)
        return rows

    def canFetchMore(self, parent: QModelIndex = _INDEX) -> bool:
        return not parent.isValid() and len(self._items) < self._total_rows

    def fetchMore(self, parent: QModelIndex = _INDEX) -> None:
        start = len(self._items)
        remaining = min(PAGE, self._total_rows - start)
        if remaining <= 0:
            return
        self.beginInsertRows(QModelIndex(), start, start + remaining - 1)
        got = self._load_more()
        del self._items[start + len(got) :]  # the ledger changed under us: keep what exists
        self.endInsertRows()

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


class RunsModel(_Table):
    COLUMNS = ("id", "bot", "status", "started", "seconds", "steps")

    def __init__(self, ledger: Ledger, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self._items: list[Any] = []

    def reload(self, limit: int = 500) -> None:
        self.beginResetModel()
        self._items = self.ledger.bot_runs(limit=limit)
        self.endResetModel()

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
