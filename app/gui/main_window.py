"""The main window: a navigation list and one page per screen. Pages talk to the core through
the shared AppContext; the window only switches between them and shows notifications."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.gui.context import AppContext
from app.gui.screens.bots_page import BotsPage
from app.gui.screens.dashboard import DashboardPage
from app.gui.screens.inbox import InboxPage
from app.gui.screens.records import RecordsPage
from app.gui.screens.review import ReviewPage
from app.gui.screens.runs import RunsPage
from app.gui.screens.settings_page import SettingsPage
from app.gui.style import icon


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, quit_on_close: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.quit_on_close = quit_on_close  # no tray: closing the window ends the app
        self.setWindowTitle(self.tr("Zhangfang {0}").format(__version__))
        self.setWindowIcon(icon("app"))
        self.resize(1280, 800)

        self.inbox = InboxPage(ctx)
        self.review = ReviewPage(ctx)
        self.records = RecordsPage(ctx)
        self.bots = BotsPage(ctx)
        self.runs = RunsPage(ctx)
        self.dashboard = DashboardPage(ctx)
        self.settings = SettingsPage(ctx)
        self.pages: dict[str, QWidget] = {
            "inbox": self.inbox,
            "review": self.review,
            "records": self.records,
            "bots": self.bots,
            "runs": self.runs,
            "dashboard": self.dashboard,
            "settings": self.settings,
        }
        names = {
            "inbox": self.tr("Inbox"),
            "review": self.tr("Review"),
            "records": self.tr("Records"),
            "bots": self.tr("Bots"),
            "runs": self.tr("Runs"),
            "dashboard": self.tr("Dashboard"),
            "settings": self.tr("Settings"),
        }
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget()
        for key, page in self.pages.items():
            item = QListWidgetItem(icon(key), names[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        for n, key in enumerate(self.pages, 1):
            QShortcut(QKeySequence(f"Alt+{n}"), self, lambda key=key: self.show_page(key))

        self.records.openRecord.connect(self.review_record)
        self.inbox.importFinished.connect(lambda _s: self._after_import())
        ctx.notify.connect(self._notified)
        ctx.error.connect(lambda message: self.statusBar().showMessage(message, 15000))
        ctx.recordsChanged.connect(lambda: self._update_badges())
        self.review.refresh_queue()
        self.show_page("inbox")
        self._update_badges(opening=True)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(key))

    @property
    def page(self) -> str:
        return list(self.pages)[self.nav.currentRow()]

    def review_record(self, record_id: int) -> None:
        self.show_page("review")
        self.review.open_record(record_id)

    def show_run(self, run_id: int | None) -> None:
        self.show_page("runs")
        if run_id is not None:
            self.runs.select_run(run_id)
        self.bring_to_front()

    def bring_to_front(self) -> None:
        self.show()
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.raise_()
        self.activateWindow()

    def _after_import(self) -> None:
        self.review.refresh_queue()

    def _update_badges(self, opening: bool = False) -> None:
        """How many records wait for review, on the Review entry (counted in the background);
        at start, the window opens on Review when some wait."""

        def show(waiting: int) -> None:
            item = self.nav.item(list(self.pages).index("review"))
            base = self.tr("Review")
            item.setText(f"{base} ({waiting})" if waiting else base)
            if opening and waiting and self.page == "inbox":
                self.show_page("review")

        self.ctx.op(lambda ledger: ledger.count("captured"), done=show, owner=self)

    def _notified(self, title: str, message: str, _kind: str, _run: object) -> None:
        self.statusBar().showMessage(f"{title}: {message}", 15000)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.quit_on_close:
            event.accept()
            from PySide6.QtWidgets import QApplication

            QApplication.quit()
            return
        event.ignore()  # the tray keeps running; Quit is in its menu
        self.hide()
