"""The tray icon: bots to launch (grouped, with the parameter dialog), Import documents…,
Open Zhangfang, the last runs, Quit. It shows when a bot runs and tells how a run or a
capture batch ended."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.gui import labels
from app.gui.bot_dialogs import ask_parameters
from app.gui.context import AppContext
from app.gui.style import icon
from app.services.bots import BotEntry


class TrayController(QObject):
    openRequested = Signal()
    importRequested = Signal()
    runRequested = Signal(object)  # run id: show its details
    quitRequested = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tray = QSystemTrayIcon(icon("app"), self)
        self.tray.setToolTip(self.tr("Zhangfang"))
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.tray.setContextMenu(self.menu)
        self.tray.activated.connect(self._activated)
        self.tray.messageClicked.connect(self._message_clicked)
        self._last_run: object = None
        self.running: str = ""
        self.last_runs: list = []  # read in the background whenever runs change
        ctx.botRunning.connect(self._bot_running)
        ctx.notify.connect(self._notify)
        ctx.runsChanged.connect(self._read_last_runs)
        self.rebuild_menu()
        self._read_last_runs()

    def _read_last_runs(self) -> None:
        def keep(runs: list) -> None:
            self.last_runs = runs
            self.rebuild_menu()

        self.ctx.op(lambda ledger: ledger.bot_runs(limit=5), done=keep, owner=self)

    def show(self) -> None:
        self.tray.show()

    # ---- the menu -------------------------------------------------------------------------------
    def rebuild_menu(self) -> None:
        menu = self.menu
        menu.clear()
        entries = self.ctx.bot_entries()
        if entries:
            header = menu.addAction(self.tr("Run a bot"))
            header.setEnabled(False)
        groups: dict[str, QMenu] = {}
        for entry in entries:
            target = menu
            if entry.group:
                if entry.group not in groups:
                    groups[entry.group] = menu.addMenu(entry.group)
                target = groups[entry.group]
            action = target.addAction(icon("play"), entry.name)
            action.setToolTip(entry.error or entry.description)
            action.setEnabled(entry.bot is not None and not self.running)
            action.triggered.connect(self._runner(entry))
        menu.addSeparator()
        menu.addAction(icon("import"), self.tr("Import documents…"), self.importRequested.emit)
        menu.addAction(icon("app"), self.tr("Open Zhangfang"), self.openRequested.emit)
        runs = menu.addMenu(icon("runs"), self.tr("Last runs"))
        last = self.last_runs
        if not last:
            runs.addAction(self.tr("No runs yet")).setEnabled(False)
        for run in last:
            text = f"{run.bot} — {labels.state(run.status)} · {run.started_at:%m-%d %H:%M}"
            action = runs.addAction(icon("check" if run.status == "passed" else "stop"), text)
            action.triggered.connect(lambda _=False, run_id=run.id: self.runRequested.emit(run_id))
        menu.addSeparator()
        menu.addAction(self.tr("Quit"), self.quitRequested.emit)

    def _runner(self, entry: BotEntry) -> Callable[[], None]:
        def run() -> None:
            self.run_bot(entry)

        return run

    def run_bot(self, entry: BotEntry) -> None:
        if entry.bot is None:
            return
        params = ask_parameters(entry.bot)
        if params is None:
            return
        self.ctx.run_bot(entry, params)

    def action(self, text: str) -> QAction | None:
        """A menu entry by its text (submenus included)."""

        def find(menu: QMenu) -> QAction | None:
            for act in menu.actions():
                if act.text() == text:
                    return act
                if act.menu():
                    found = find(act.menu())
                    if found:
                        return found
            return None

        return find(self.menu)

    # ---- state and notifications -------------------------------------------------------------
    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.openRequested.emit()

    def _bot_running(self, name: str) -> None:
        self.running = name
        if name:
            self.tray.setIcon(icon("app-running"))
            self.tray.setToolTip(self.tr("Zhangfang — {0} is running").format(name))
        else:
            self.tray.setToolTip(self.tr("Zhangfang"))

    def _notify(self, title: str, message: str, kind: str, run_id: object) -> None:
        if run_id is not None:
            self.tray.setIcon(icon("app-failed" if kind == "error" else "app"))
        self._last_run = run_id
        level = (
            QSystemTrayIcon.MessageIcon.Critical
            if kind == "error"
            else QSystemTrayIcon.MessageIcon.Information
        )
        if run_id is not None and kind == "error":
            message += "\n" + self.tr("Click for the run's details.")
        self.tray.showMessage(title, message, level, 8000)

    def _message_clicked(self) -> None:
        if self._last_run is not None:
            self.runRequested.emit(self._last_run)
        else:
            self.openRequested.emit()
