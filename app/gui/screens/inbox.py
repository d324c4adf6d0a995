"""Inbox: drop files or folders, "Import…", and the watched folder; capture runs in the
background with a progress bar and a cancel button."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.context import AppContext
from app.gui.style import icon
from app.services.capture import CaptureSummary
from app.services.watch import DropFolder

log = logging.getLogger(__name__)
WATCH_INTERVAL_MS = 3000
PATTERNS = "(*.pdf *.ofd *.xml *.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)"


class InboxPage(QWidget):
    importFinished = Signal(object)  # CaptureSummary

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAcceptDrops(True)
        self._queue: list[Path] = []  # dropped while a capture runs: taken next
        self._drop_folder: DropFolder | None = None
        self._build()
        self.watch_timer = QTimer(self)
        self.watch_timer.timeout.connect(self.poll_watched_folder)
        ctx.settingsChanged.connect(self.apply_settings)
        self.apply_settings()

    def _build(self) -> None:
        title = QLabel(self.tr("Inbox"))
        title.setObjectName("title")
        self.drop_zone = QFrame()
        self.drop_zone.setObjectName("dropzone")
        self.drop_zone.setMinimumHeight(180)
        zone = QVBoxLayout(self.drop_zone)
        hint = QLabel(
            self.tr(
                "Drop invoices, receipts, tickets or whole folders here\nPDF · OFD · XML · scans · photos"  # noqa: E501
            )
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setObjectName("hint")
        zone.addWidget(hint)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(icon("import"), self.tr("Import files…"))
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton(icon("folder"), self.tr("Import a folder…"))
        self.folder_button.clicked.connect(self.choose_folder)
        buttons.addStretch()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch()
        zone.addLayout(buttons)

        self.watch_label = QLabel()
        self.watch_label.setObjectName("hint")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_text = QLabel()
        self.cancel_button = QPushButton(icon("stop"), self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.results = QListWidget()
        self.results.setObjectName("results")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.drop_zone)
        layout.addWidget(self.watch_label)
        layout.addLayout(row)
        layout.addWidget(self.progress_text)
        layout.addWidget(QLabel(self.tr("Recent imports")))
        layout.addWidget(self.results, 1)

    # ---- settings: the watched folder -------------------------------------------------------
    def apply_settings(self) -> None:
        folder = self.ctx.settings.watched_folder
        if folder:
            self._drop_folder = DropFolder(folder)
            self.watch_label.setText(self.tr("Watching {0} for new scans").format(folder))
            self.watch_timer.start(WATCH_INTERVAL_MS)
        else:
            self._drop_folder = None
            self.watch_label.setText(self.tr("No watched folder (Settings → Watched folder)"))
            self.watch_timer.stop()

    def poll_watched_folder(self) -> None:
        if self._drop_folder is None:
            return
        ready = self._drop_folder.poll()
        if ready:
            log.info("watched folder: %d new files", len(ready))
            self.import_paths(ready)

    # ---- importing --------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import documents"), "", self.tr("Documents") + " " + PATTERNS
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a folder"))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        if self.ctx.capturing:
            self._queue.extend(paths)
            self.progress_text.setText(self.tr("{0} more waiting").format(len(self._queue)))
            return
        task = self.ctx.import_files(
            paths, done=self._finished, progress=self._progress, failed=lambda _m: self._idle()
        )
        if task is None:
            self.results.insertItem(
                0, self.tr("Nothing to import in {0}").format(", ".join(p.name for p in paths))
            )
            return
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress_text.setText(
            self.tr("Reading {0} ({1} of {2})").format(name, min(done + 1, total), total)
        )

    def cancel(self) -> None:
        self.ctx.cancel_import()
        self._queue.clear()
        self.cancel_button.setEnabled(False)
        self.progress_text.setText(self.tr("Stopping after the current file…"))

    def _finished(self, summary: CaptureSummary) -> None:
        self._idle()
        self.results.insertItem(0, self.ctx.describe_import(summary))
        for problem in summary.unreadable:
            self.results.insertItem(1, "✗ " + problem)
        self.importFinished.emit(summary)
        if self._queue:
            waiting, self._queue = self._queue, []
            self.import_paths(waiting)

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.progress_text.setText("")

    # ---- drag and drop ----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
