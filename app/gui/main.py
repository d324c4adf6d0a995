"""`zhangfang gui` / `python -m app`: the tray icon and, on first run or when asked, the main
window. Without a system tray the app says so and runs as a window."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)
STARTED = time.time()


def _report(event: str, **details: object) -> None:
    """Milestones for bench/startup.py and the tray tests (only when they ask)."""
    if os.environ.get("ZHANGFANG_REPORT_STARTUP"):
        print(json.dumps({"event": event, "t": time.time(), **details}), flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhangfang gui", description="the Zhangfang desktop app")
    parser.add_argument("--show", action="store_true", help="open the main window at start")
    parser.add_argument(
        "--no-tray", action="store_true", help="run as a window, without a tray icon"
    )
    args = parser.parse_args(list(argv) if argv is not None else [])

    from app.platform import single_instance

    if single_instance.hand_over("show" if args.show else "start"):
        shown = "; its window is brought to the front" if args.show else ""
        print(f"Zhangfang is already running{shown}", file=sys.stderr)
        _report("handed-over")
        return 0

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QSystemTrayIcon

    from app.config import ConfigError, load_settings, paths
    from app.gui import i18n
    from app.gui.style import apply_style
    from app.platform.logs import setup_logging

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Zhangfang")
    app.setOrganizationName("Zhangfang")
    app.setQuitOnLastWindowClosed(False)
    from app.gui.workers import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector(app)
    app.aboutToQuit.connect(collector.stop)
    setup_logging()
    first_run = not paths().config_file.exists()
    try:
        settings = load_settings()
    except ConfigError as exc:
        QMessageBox.critical(None, "Zhangfang", str(exc))
        return 2
    translator = i18n.install(app, settings.language)  # noqa: F841 (kept alive with the app)
    apply_style(app)

    from app.gui.context import AppContext
    from app.ledger import Ledger, LedgerError

    try:
        ledger = Ledger.open(settings.ledger_url)
    except LedgerError as exc:
        QMessageBox.critical(
            None, app.translate("main", "Zhangfang cannot open its ledger"), exc.message
        )
        return 2
    ctx = AppContext(ledger, settings)
    ctx.start_retrying()
    app.aboutToQuit.connect(ctx.shutdown)

    window = None

    def main_window():
        nonlocal window
        if window is None:
            from app.gui.main_window import MainWindow

            window = MainWindow(ctx, quit_on_close=tray is None)
        return window

    def open_window() -> None:
        main_window().bring_to_front()
        _report("window-shown", title=main_window().windowTitle())

    tray = None
    if not args.no_tray and QSystemTrayIcon.isSystemTrayAvailable():
        from app.gui.tray import TrayController

        tray = TrayController(ctx)
        tray.openRequested.connect(open_window)
        tray.quitRequested.connect(app.quit)
        tray.runRequested.connect(lambda run_id: main_window().show_run(run_id))

        def import_documents() -> None:
            files, _ = QFileDialog.getOpenFileNames(None, app.translate("main", "Import documents"))
            if files:
                main_window().inbox.import_paths([Path(f) for f in files])

        tray.importRequested.connect(import_documents)
        tray.show()
        _report("tray-shown")
        app._zhangfang_tray = tray  # kept alive
        if os.environ.get("ZHANGFANG_REPORT_STARTUP"):
            _report_when_placed(tray)
    if tray is None or args.show or first_run:
        open_window()
        if tray is None and not args.no_tray:
            main_window().statusBar().showMessage(
                app.translate(
                    "main",
                    "No system tray was found: Zhangfang runs as a window; closing it quits.",
                ),
                0,
            )
    _listen_for_second_starts(app, open_window)
    QTimer.singleShot(0, lambda: _report("ready"))
    app.aboutToQuit.connect(lambda: _report("quit"))
    return app.exec()


def _listen_for_second_starts(app, open_window) -> None:
    """A second start of the app hands its request here: "show" opens the window."""
    from PySide6.QtCore import QObject, Signal, Slot

    from app.platform import single_instance

    class Requests(QObject):
        arrived = Signal(str)  # emitted on the listener's thread, handled on the GUI thread

        @Slot(str)
        def handle(self, request: str) -> None:
            _report("request", request=request)
            if request == "show":
                open_window()

    requests = Requests(app)
    requests.arrived.connect(requests.handle)
    try:
        listening = single_instance.Listening(requests.arrived.emit)
    except OSError as exc:  # the app still works; a second start would add a second icon
        log.warning("cannot listen for a second start: %s", exc)
        return
    app.aboutToQuit.connect(listening.close)
    app._zhangfang_requests = requests  # kept alive


def _report_when_placed(tray) -> None:
    """Where the panel put the icon (tests click it there with xdotool)."""
    from PySide6.QtCore import QTimer

    seen: list[tuple[int, int]] = []

    def check() -> None:  # the panel moves the icon once it embeds it: wait until it stays
        rect = tray.tray.geometry()
        seen.append((rect.center().x(), rect.center().y()))
        if rect.width() > 0 and len(seen) >= 5 and len(set(seen[-5:])) == 1 and seen[-1] != seen[0]:
            _report("tray-placed", x=seen[-1][0], y=seen[-1][1])
        elif len(seen) < 400:
            QTimer.singleShot(50, check)

    def menu_shown() -> None:  # where each entry is, once the menu is on screen
        menu = tray.menu
        entries = {}
        for action in menu.actions():
            if action.text():
                centre = menu.mapToGlobal(menu.actionGeometry(action).center())
                entries[action.text()] = [centre.x(), centre.y()]
        _report("menu-shown", entries=entries)

    tray.menu.aboutToShow.connect(lambda: QTimer.singleShot(300, menu_shown))
    check()
