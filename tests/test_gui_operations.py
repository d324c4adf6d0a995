"""The desktop app never reads or writes the ledger on the GUI thread (app.gui.operations):
a team ledger on a slow PostgreSQL link must never freeze a window."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt

from app.gui.main_window import MainWindow
from app.ledger import Ledger
from ocr.capture import capture_file

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
WATCHED = (
    "get", "page", "totals", "count", "records", "correct", "approve", "set_state",
    "create_claim", "submissions", "bot_runs", "audit_trail", "import_file", "add_capture",
)  # fmt: skip


def test_no_screen_touches_the_ledger_on_the_gui_thread(qtbot, gui_ctx, monkeypatch):
    for name in ("01-vat_invoice-text.pdf", "05-train_ticket-text.pdf"):
        gui_ctx.ledger.import_file(SAMPLES / name, capture_file)
    on_gui_thread: list[str] = []
    calls: list[str] = []
    for name in WATCHED:
        original = getattr(Ledger, name)

        def spy(self, *args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            if threading.current_thread() is threading.main_thread():
                on_gui_thread.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Ledger, name, spy)

    window = MainWindow(gui_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.page == "review", timeout=10_000)  # two records wait
    review = window.review
    qtbot.waitUntil(lambda: review.current is not None and bool(review.view.field_boxes))
    first = review.current.id
    review.category.setCurrentText("办公费")  # a correction, then approve: two writes
    qtbot.keyClick(review, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: review.current is not None and review.current.id != first)

    window.show_page("records")
    records = window.records
    qtbot.waitUntil(lambda: records.model.rowCount() == 2)
    records.select_ids([first])
    with qtbot.waitSignal(records.model.loaded, timeout=10_000):
        records.make_claim("差旅报销", [first])
    window.show_page("runs")
    window.runs.reload()
    qtbot.waitUntil(lambda: "bot_runs" in calls)

    assert {"correct", "approve", "create_claim", "page", "totals", "count"} <= set(calls)
    assert on_gui_thread == []
