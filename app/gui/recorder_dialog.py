"""The recorder window: the steps appear as a bot is recorded in a browser; when the browser
closes, the bot opens in the editor (``app.gui.bot_dialogs.BotEditor``)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.gui.bot_dialogs import StepTable
from bots.model import Bot


# ---- parameters ------------------------------------------------------------------------------
class RecorderDialog(QDialog):
    """Shows the steps while a bot is recorded in a browser window; when the browser closes,
    the bot opens in the editor to turn values into parameters or secrets."""

    def __init__(self, ctx: Any, url: str, out: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.out = out
        self.bot: Bot | None = None
        self.setWindowTitle(self.tr("Recording {0}").format(out.name))
        self.resize(820, 480)
        self.status = QLabel(self.tr("Do the task in the browser window, then close it."))
        self.status.setWordWrap(True)
        self.table = StepTable()
        self.stop_hint = QLabel(self.tr("Closing the browser window ends the recording."))
        self.stop_hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.stop_hint)
        self.task = ctx.run(
            self._record(url), self._done, self._failed, report=self._steps, serial=True
        )

    def _record(self, url: str):
        from bots.recorder import record

        name = self.out.name.split(".")[0]
        browser = self.ctx.settings.browser

        def work(control: Any) -> Bot | None:
            with record(
                url,
                headless=False,
                browser_executable=browser,
                name=name,
                on_change=lambda bot: (bot.save(self.out), control.report(copy.deepcopy(bot))),
            ) as session:
                session.wait_until_closed()
            if session.bot is not None:
                session.bot.save(self.out)
            return session.bot

        return work

    def _steps(self, bot: object) -> None:
        if isinstance(bot, Bot):
            self.table.show_bot(bot)
            self.table.scrollToBottom()
            self.status.setText(self.tr("{0} steps recorded").format(len(bot.walk())))

    def _done(self, bot: Bot | None) -> None:
        self.bot = bot
        if bot is None:
            self.status.setText(self.tr("Nothing was recorded."))
            return
        self.status.setText(self.tr("{0} steps written to {1}").format(len(bot.walk()), self.out))
        self.ctx.botsChanged.emit()
        self.accept()

    def _failed(self, message: str) -> None:
        self.status.setText(self.tr("Recording stopped: {0}").format(message))
