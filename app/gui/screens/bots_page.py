"""Bots (admins): the bots with their last result; Record, Run, Edit, Check, Heal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui import labels
from app.gui.bot_dialogs import BotEditor, ask_parameters
from app.gui.context import AppContext
from app.gui.recorder_dialog import RecorderDialog
from app.gui.style import icon
from app.services.bots import BotEntry, last_run_folder
from bots.errors import BotError


class BotsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries: list[BotEntry] = []
        self._build()
        ctx.botsChanged.connect(self.reload)
        ctx.runsChanged.connect(self.reload)
        ctx.botStep.connect(self._step)
        ctx.botRunning.connect(self._running)
        self.reload()

    def _build(self) -> None:
        title = QLabel(self.tr("Bots"))
        title.setObjectName("title")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Bot"), self.tr("Group"), self.tr("Description"), self.tr("Last result")]
        )
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _i: self.run_selected())
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, name, text, slot in (
            ("record", "record", self.tr("Record…"), self.record),
            ("run", "play", self.tr("Run"), self.run_selected),
            ("edit", "edit", self.tr("Edit…"), self.edit_selected),
            ("check", "check", self.tr("Check"), self.check_selected),
            ("heal", "heal", self.tr("Heal"), self.heal_selected),
        ):
            button = QPushButton(icon(name), text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        self.show_browser = QCheckBox(self.tr("Show the browser"))
        buttons.addWidget(self.show_browser)
        buttons.addStretch()
        self.folder_label = QLabel()
        self.folder_label.setObjectName("hint")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.steps = QListWidget()
        self.steps.setObjectName("live-steps")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.steps)
        splitter.setSizes([400, 160])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.folder_label)

    def reload(self) -> None:
        """The bot files now; each one's last result once the runs are read (background)."""
        self._show_entries({})
        self.ctx.op(
            lambda ledger: ledger.bot_runs(limit=200), done=self._show_last_runs, owner=self
        )

    def _show_last_runs(self, runs: list) -> None:
        last = {}
        for run in reversed(runs):
            last[run.bot] = f"{labels.state(run.status)} · {run.started_at:%m-%d %H:%M}"
        self._show_entries(last, reread=False)

    def _show_entries(self, last: dict[str, str], reread: bool = True) -> None:
        keep = self.selected()
        if reread:
            self.entries = self.ctx.bot_entries()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            result = entry.error or last.get(entry.name, "—")
            for column, text in enumerate((entry.name, entry.group, entry.description, result)):
                item = QTableWidgetItem(text)
                if entry.error:
                    item.setForeground(Qt.GlobalColor.darkRed)
                    item.setToolTip(entry.error)
                self.table.setItem(row, column, item)
            if keep and entry.path == keep.path:
                self.table.selectRow(row)
        self.table.resizeColumnToContents(0)
        self.folder_label.setText(self.tr("Bot files in {0}").format(self.ctx.settings.bots_dir()))

    def selected(self) -> BotEntry | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def select(self, name: str) -> None:
        for row, entry in enumerate(self.entries):
            if entry.name == name:
                self.table.selectRow(row)

    # ---- actions --------------------------------------------------------------------------------
    def record(self) -> None:
        url, ok = QInputDialog.getText(
            self, self.tr("Record a bot"), self.tr("Start at this address:"), text="http://"
        )
        if not ok or not url.strip():
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Record a bot"), self.tr("Name of the new bot:")
        )
        if not ok or not name.strip():
            return
        out = self.ctx.settings.bots_dir() / f"{name.strip()}.bot.yaml"
        recorder = RecorderDialog(self.ctx, url.strip(), out, self)
        if recorder.exec() and recorder.bot is not None:
            BotEditor(out, recorder.bot, self).exec()
        self.reload()

    def run_selected(self, params: dict | None = None) -> None:
        entry = self.selected()
        if entry is None or entry.bot is None:
            self.message.setText(entry.error if entry else self.tr("Choose a bot first"))
            return
        if params is None:
            params = ask_parameters(entry.bot, self)
            if params is None:
                return
        self.steps.clear()
        self.ctx.run_bot(entry, params, headless=not self.show_browser.isChecked())

    def edit_selected(self) -> None:
        entry = self.selected()
        if entry is None or entry.bot is None:
            return
        if BotEditor(entry.path, entry.bot, self).exec():
            self.message.setText(self.tr("Saved {0}").format(entry.path.name))
            self.reload()

    def check_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        from bots.model import Bot

        try:
            bot = Bot.load(entry.path)
        except BotError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(
            self.tr("{0}: ok — {1} steps, {2} parameters, {3} secrets").format(
                entry.path.name, len(bot.walk()), len(bot.parameters), len(bot.secrets)
            )
        )

    def heal_selected(self) -> None:
        """Write what the last run learned (healed locators) into the bot file."""
        entry = self.selected()
        if entry is None or entry.bot is None:
            return
        from bots.heal import apply_run
        from bots.result import RunResult

        folder = last_run_folder(entry.path)
        if folder is None:
            self.message.setText(
                self.tr("Run the bot first; healing uses what its last run found.")
            )
            return
        changes = apply_run(entry.bot, RunResult.load(Path(folder) / "result.json"))
        if not changes:
            self.message.setText(
                self.tr("Nothing to heal: the last run found every element as recorded.")
            )
            return
        entry.bot.save(entry.path)
        self.message.setText("\n".join(f"{c.step}: {c.what}" for c in changes))
        self.reload()

    # ---- live run ------------------------------------------------------------------------------
    def _running(self, name: str) -> None:
        self.buttons["run"].setEnabled(not name)
        if name:
            self.message.setText(self.tr("{0} is running…").format(name))

    def _step(self, event: object) -> None:
        kind = event[0]  # type: ignore[index]
        if kind == "started":
            self.message.setText("… " + event[2])  # type: ignore[index]
            return
        result = event[1]  # type: ignore[index]
        mark = {"passed": "✓", "failed": "✗", "warning": "!"}.get(result.status, "·")
        healed = self.tr(" (healed)") if result.healed else ""
        text = f"{mark} {result.path} {result.action} {result.title or ''} {result.ms} ms{healed}"
        self.steps.addItem(text + (f"\n    {result.error}" if result.error else ""))
        self.steps.scrollToBottom()
