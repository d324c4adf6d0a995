"""Inbox: import by button, drop and watched folder; capture in the background with progress
and cancel; bad files are named and nothing else is lost; the window keeps responding."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent

from app.gui.screens.inbox import InboxPage
from app.services.watch import DropFolder

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def _copy(tmp_path: Path, *names: str) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    return [Path(shutil.copy(SAMPLES / n, folder / n)) for n in names]


def test_import_runs_in_the_background_and_the_window_keeps_responding(
    qtbot, gui_ctx, tmp_path, monkeypatch
):
    import app.services.capture

    real_reading = app.services.capture.iter_capture
    runs: list[tuple[bool, float, float]] = []  # (waited on the GUI thread, started, ended)

    def watched_reading(*args, **kwargs):
        reading = real_reading(*args, **kwargs)
        while True:
            started = time.perf_counter()
            try:
                item = next(reading)
            except StopIteration:
                return
            on_gui = threading.current_thread() is threading.main_thread()
            runs.append((on_gui, started, time.perf_counter()))
            yield item

    monkeypatch.setattr(app.services.capture, "iter_capture", watched_reading)
    page = InboxPage(gui_ctx)
    qtbot.addWidget(page)
    page.show()
    files = _copy(tmp_path, "03-vat_invoice-scan.png", "06-flight_itinerary-scan.png")
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    with qtbot.waitSignal(page.importFinished, timeout=120_000) as finished:
        page.import_paths(files)
        assert page.progress.isVisible() and page.cancel_button.isVisible()
    timer.stop()
    summary = finished.args[0]
    assert (summary.files, summary.added, summary.cancelled) == (2, 2, False)
    assert gui_ctx.ledger.count() == 2
    assert not page.progress.isVisible()
    assert "2" in page.results.item(0).text()
    # capture ran off the GUI thread, and the GUI thread's event loop ran while it did
    # (no timing threshold: a busy machine makes gaps longer, never a blocked thread shorter)
    assert len(runs) == 2 and not any(on_gui for on_gui, _, _ in runs)
    assert all(any(started < t < ended for t in ticks) for _, started, ended in runs)


def test_cancel_stops_after_the_current_file_and_keeps_what_was_read(qtbot, gui_ctx, tmp_path):
    page = InboxPage(gui_ctx)
    qtbot.addWidget(page)
    files = _copy(
        tmp_path,
        "03-vat_invoice-scan.png",
        "06-flight_itinerary-scan.png",
        "08-quota_invoice-scan.png",
        "10-receipt-scan.png",
    )
    with qtbot.waitSignal(page.importFinished, timeout=120_000) as finished:
        page.import_paths(files)
        qtbot.waitUntil(lambda: page.progress.maximum() == 4, timeout=30_000)
        page.cancel()
    summary = finished.args[0]
    assert summary.cancelled
    assert 1 <= summary.added < 4
    assert gui_ctx.ledger.count() == summary.added  # every file read before the cancel is kept


def test_dropped_files_with_a_bad_one_name_it_and_keep_the_rest(qtbot, gui_ctx, tmp_path):
    page = InboxPage(gui_ctx)
    qtbot.addWidget(page)
    (good,) = _copy(tmp_path, "01-vat_invoice-text.pdf")
    broken = tmp_path / "in" / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n this is not a pdf")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(broken))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(page.importFinished, timeout=60_000) as finished:
        page.dropEvent(event)
    summary = finished.args[0]
    assert summary.files == 2
    assert len(summary.unreadable) == 1 and summary.unreadable[0].startswith("broken.pdf")
    texts = [page.results.item(i).text() for i in range(page.results.count())]
    assert any("broken.pdf" in t and "PDF" in t for t in texts)
    stored = gui_ctx.ledger.records()
    assert {r.original_name for r in stored} == {"01-vat_invoice-text.pdf", "broken.pdf"}
    assert any(r.record.doc_type == "vat_invoice" for r in stored)


def test_watched_folder_imports_a_scan_once_it_has_finished_writing(qtbot, gui_ctx, tmp_path):
    drop = tmp_path / "scanner"
    drop.mkdir()
    gui_ctx.settings.watched_folder = str(drop)
    page = InboxPage(gui_ctx)
    qtbot.addWidget(page)
    assert page.watch_timer.isActive() and str(drop) in page.watch_label.text()
    target = drop / "scan.pdf"
    target.write_bytes((SAMPLES / "01-vat_invoice-text.pdf").read_bytes())
    page.poll_watched_folder()  # first sight: may still be written
    assert gui_ctx.ledger.count() == 0
    with qtbot.waitSignal(page.importFinished, timeout=60_000):
        page.poll_watched_folder()  # unchanged since: import it
    assert gui_ctx.ledger.count() == 1
    page.poll_watched_folder()
    page.poll_watched_folder()
    assert not gui_ctx.capturing and gui_ctx.ledger.count() == 1  # once only


def test_drop_folder_waits_for_a_file_that_is_still_growing(tmp_path):
    folder = DropFolder(tmp_path)
    growing = tmp_path / "a.png"
    growing.write_bytes(b"1")
    assert folder.poll() == []
    growing.write_bytes(b"12")  # the scanner is still writing
    assert folder.poll() == []
    assert folder.poll() == [growing]
    assert folder.poll() == []
