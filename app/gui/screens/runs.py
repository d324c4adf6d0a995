"""Runs: every bot run with status, duration and steps; the failure screenshot, the trace."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.context import AppContext
from app.gui.models import RunsModel
from app.gui.style import icon


class RunsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RunsModel(ctx, self)
        self.model.loaded.connect(self._loaded)
        self.current = None
        self.viewer: subprocess.Popen | None = None  # the trace viewer, while it serves
        self._build()
        ctx.runsChanged.connect(self.reload)
        QCoreApplication.instance().aboutToQuit.connect(self.stop_trace_viewer)
        self.reload()

    def _build(self) -> None:
        title = QLabel(self.tr("Runs"))
        title.setObjectName("title")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.show_run(cur.row())
        )
        self.steps = QListWidget()
        self.error = QLabel()
        self.error.setObjectName("problems")
        self.error.setWordWrap(True)
        self.screenshot = QLabel()
        self.screenshot.setMinimumHeight(160)
        self.trace_button = QPushButton(icon("trace"), self.tr("Open trace"))
        self.trace_button.clicked.connect(self.open_trace)
        self.folder_button = QPushButton(icon("folder"), self.tr("Open run folder"))
        self.folder_button.clicked.connect(self.open_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.trace_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch()
        details = QWidget()
        box = QVBoxLayout(details)
        box.addWidget(self.error)
        box.addWidget(self.steps, 1)
        box.addWidget(self.screenshot)
        box.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        splitter.setSizes([560, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(splitter, 1)
        self.show_run(-1)

    def reload(self) -> None:
        self.model.reload()  # _loaded follows

    def _loaded(self) -> None:
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.show_run(-1)

    def select_run(self, run_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.run_at(row).id == run_id:
                self.table.selectRow(row)

    def show_run(self, row: int) -> None:
        self.steps.clear()
        self.screenshot.clear()
        if row < 0 or row >= self.model.rowCount():
            self.current = None
            self.error.setText(self.tr("No runs yet: run a bot from the tray or the Bots screen."))
            self.trace_button.setEnabled(False)
            self.folder_button.setEnabled(False)
            return
        run = self.current = self.model.run_at(row)
        result = run.result
        self.error.setText(result.get("error") or "")
        for step in result.get("steps", []):
            mark = {"passed": "✓", "failed": "✗", "warning": "!"}.get(step.get("status"), "·")
            title = step.get("title") or ""
            line = f"{mark} {step.get('path')} {step.get('action')} {title} {step.get('ms', 0)} ms"
            if step.get("healed"):
                line += self.tr(" (healed)")
            self.steps.addItem(line + (f"\n    {step['error']}" if step.get("error") else ""))
        artifacts = result.get("artifacts", {})
        shot = next(
            (v for k, v in artifacts.items() if k.startswith("failure") and v.endswith(".png")),
            None,
        )
        if shot and Path(shot).exists():
            pixmap = QPixmap(shot)
            self.screenshot.setPixmap(pixmap.scaledToWidth(min(480, pixmap.width())))
        self.trace_button.setEnabled(bool(self.trace_files()))
        self.folder_button.setEnabled(bool(run.artifacts_dir))

    def trace_files(self) -> list[str]:
        if self.current is None:
            return []
        artifacts = self.current.result.get("artifacts", {})
        return [
            v for k, v in sorted(artifacts.items()) if k.startswith("trace") and Path(v).exists()
        ]

    def open_trace(self) -> None:
        """Playwright's trace viewer, served on localhost and opened in the default browser;
        one at a time, stopped when the app quits."""
        from bots.errors import BotError
        from bots.trace_viewer import open_viewer

        traces = self.trace_files()
        if not traces:
            return
        self.stop_trace_viewer()
        try:
            self.viewer = open_viewer(Path(traces[-1]))
        except (OSError, BotError):  # no driver, or the file went: the folder still helps
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(traces[-1]).parent)))

    def stop_trace_viewer(self) -> None:
        if self.viewer is not None:
            self.viewer.terminate()
            self.viewer.communicate()
            self.viewer = None

    def open_folder(self) -> None:
        if self.current is not None and self.current.artifacts_dir:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.current.artifacts_dir))
