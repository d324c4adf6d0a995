"""Settings: OCR engine, watched folder, ledger location, bots folder, submission targets,
credentials in the OS keyring (values never shown), language."""

from __future__ import annotations

import copy
from pathlib import Path

import tomlkit
import tomlkit.exceptions
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import Settings
from app.gui.context import AppContext
from app.gui.style import icon
from app.platform import autostart
from app.services import credentials
from app.submit.targets import TYPES


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._build()
        self.load()

    def _build(self) -> None:
        title = QLabel(self.tr("Settings"))
        title.setObjectName("title")

        self.engine = QComboBox()
        from ocr.engines import available_engines

        for name, installed in available_engines().items():
            label = {
                "rapidocr": self.tr("RapidOCR (PP-OCR models, built in)"),
                "paddle": self.tr("PaddleOCR (paddle extra)"),
            }.get(name, name)
            if not installed:
                label = self.tr("{0} — not installed").format(label)
            self.engine.addItem(label, name)
            self.engine.model().item(self.engine.count() - 1).setEnabled(installed)
        self.watched = QLineEdit()
        self.watched.setPlaceholderText(self.tr("none"))
        self.ledger_url = QLineEdit()
        self.ledger_url.setPlaceholderText(self.tr("SQLite in the data folder (default)"))
        self.bots_folder = QLineEdit()
        self.browser = QLineEdit()
        self.browser.setPlaceholderText(self.tr("found by itself: Edge, Chrome or Chromium"))
        self.language = QComboBox()
        self.language.addItem(self.tr("Follow the system"), "system")
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        general = QFormLayout()
        general.addRow(self.tr("OCR engine"), self.engine)
        general.addRow(self.tr("Watched folder"), self._with_browse(self.watched))
        general.addRow(self.tr("Ledger (SQLite file or PostgreSQL URL)"), self._ledger_row())
        general.addRow(self.tr("Bots folder"), self._with_browse(self.bots_folder))
        general.addRow(self.tr("Browser for bots"), self._browser_row())
        general.addRow(self.tr("Language"), self.language)
        self.autostart = QCheckBox(self.tr("Start Zhangfang in the tray when I log in"))
        general.addRow("", self.autostart)
        general_box = QGroupBox(self.tr("General"))
        general_box.setLayout(general)

        self.targets = QPlainTextEdit()
        self.targets.setPlaceholderText('[targets.oa]\ntype = "bot"\nbot = "…/claim.bot.yaml"')
        self.targets.setMinimumHeight(150)
        targets_box = QGroupBox(self.tr("Submission targets (TOML: one [targets.NAME] table each)"))
        box = QVBoxLayout(targets_box)
        box.addWidget(self.targets)

        self.credentials = QTableWidget(0, 3)
        self.credentials.setHorizontalHeaderLabels(
            [self.tr("Service"), self.tr("User"), self.tr("Stored")]
        )
        self.credentials.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.credentials.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.credentials.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.credentials.verticalHeader().setVisible(False)
        cred_buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Add…"), self.add_credential),
            (self.tr("Set or replace…"), self.replace_credential),
            (self.tr("Delete"), self.delete_credential),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            cred_buttons.addWidget(button)
        cred_buttons.addStretch()
        cred_box = QGroupBox(
            self.tr("Credentials (in the OS keyring; stored passwords are never shown)")
        )
        cbox = QVBoxLayout(cred_box)
        cbox.addWidget(self.credentials)
        cbox.addLayout(cred_buttons)

        self.message = QLabel()
        self.message.setWordWrap(True)
        save = QPushButton(icon("check"), self.tr("Save settings"))
        save.setObjectName("primary")
        save.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(save)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        layout.addWidget(general_box)
        layout.addWidget(targets_box)
        layout.addWidget(cred_box)
        layout.addLayout(row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @staticmethod
    def _row(field: QWidget, *buttons: QPushButton) -> QWidget:
        """A field that takes the width, with its buttons after it."""
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        for button in buttons:
            row.addWidget(button)
        return holder

    @staticmethod
    def _button(text: str, tip: str, action, icon_name: str | None = None) -> QPushButton:
        button = QPushButton(icon(icon_name), text) if icon_name else QPushButton(text)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(action)
        return button

    def _with_browse(self, edit: QLineEdit) -> QWidget:
        choose = lambda: self._choose_folder(edit)  # noqa: E731
        return self._row(edit, self._button("", self.tr("Choose a folder"), choose, "folder"))

    def _ledger_row(self) -> QWidget:
        return self._row(self.ledger_url, self._button(self.tr("Test"), "", self.test_ledger))

    def _browser_row(self) -> QWidget:
        return self._row(
            self.browser,
            self._button("", self.tr("Choose the browser program"), self._choose_browser, "folder"),
            self._button(
                self.tr("Check"),
                self.tr("Start the browser bots will use, without a window"),
                self.check_browser,
            ),
        )

    def _choose_browser(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the browser program"), self.browser.text()
        )
        if path:
            self.browser.setText(path)

    def check_browser(self) -> None:
        from bots.browser import check

        chosen = self.browser.text().strip() or None

        def work(_c: object) -> str:
            return self.tr("Bots use {0}").format(check(chosen))

        self.message.setText(self.tr("Starting the browser…"))
        self.ctx.run(work, self.message.setText, self.message.setText, serial=True)

    def _choose_folder(self, edit: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), edit.text())
        if folder:
            edit.setText(folder)

    # ---- load and save ------------------------------------------------------------------------
    def load(self) -> None:
        s = self.ctx.settings
        self.engine.setCurrentIndex(max(0, self.engine.findData(s.ocr_engine)))
        self.watched.setText(s.watched_folder or "")
        self.ledger_url.setText(s.ledger_url or "")
        self.bots_folder.setText(s.bots_folder or "")
        self.browser.setText(s.browser or "")
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.autostart.setChecked(autostart.is_enabled())
        self.targets.setPlainText(tomlkit.dumps({"targets": s.targets}) if s.targets else "")
        self.load_credentials()

    def settings_from_form(self) -> Settings:
        """The settings as the form shows them; raises ValueError naming what is wrong."""
        s = copy.deepcopy(self.ctx.settings)
        s.ocr_engine = self.engine.currentData()
        s.watched_folder = self.watched.text().strip() or None
        s.ledger_url = self.ledger_location()
        s.language = self.language.currentData()
        chosen_browser = self.browser.text().strip()
        if chosen_browser and not Path(chosen_browser).expanduser().is_file():
            raise ValueError(
                self.tr("The browser program {0} does not exist").format(chosen_browser)
            )
        s.bots_folder = self.bots_folder.text().strip() or None
        s.browser = chosen_browser or None
        text = self.targets.toPlainText().strip()
        try:
            parsed = tomlkit.parse(text).unwrap() if text else {}
        except tomlkit.exceptions.TOMLKitError as exc:
            raise ValueError(self.tr("The targets are not valid TOML: {0}").format(exc)) from exc
        targets = parsed.get("targets", {})
        for name, options in targets.items():
            if not isinstance(options, dict) or options.get("type") not in TYPES:
                raise ValueError(
                    self.tr("Target {0} needs type = one of {1}").format(name, ", ".join(TYPES))
                )
        s.targets = targets
        return s

    def ledger_location(self) -> str | None:
        """The ledger URL typed; a plain path means a SQLite file there."""
        url = self.ledger_url.text().strip()
        if url and "://" not in url:
            url = f"sqlite:///{url}"
        return url or None

    def save(self) -> None:
        try:
            settings = self.settings_from_form()
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        restart = (
            settings.ledger_url != self.ctx.settings.ledger_url
            or settings.language != self.ctx.settings.language
        )
        self.ctx.save_settings(settings)
        try:
            autostart.enable() if self.autostart.isChecked() else autostart.disable()
        except OSError as exc:
            self.message.setText(self.tr("The login start could not be changed: {0}").format(exc))
            return
        self.load_credentials()
        self.message.setText(
            self.tr("Saved. The ledger and language change when Zhangfang starts again.")
            if restart
            else self.tr("Saved.")
        )

    def test_ledger(self) -> None:
        from app.ledger import Ledger

        url = self.ledger_location()

        def work(_c: object) -> str:
            ledger = Ledger.open(url or None)
            try:
                return self.tr("The ledger works: {0} records").format(ledger.count())
            finally:
                ledger.close()

        def failed(message: str) -> None:
            self.message.setText(message)

        self.message.setText(self.tr("Connecting…"))
        self.ctx.run(work, self.message.setText, failed)

    # ---- credentials ----------------------------------------------------------------------------
    def load_credentials(self) -> None:
        entries = credentials.known(self.ctx.settings, self.ctx.bot_entries())
        self.entries = entries
        self.credentials.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            stored = credentials.is_stored(entry.service, entry.username)
            state = {
                True: self.tr("stored"),
                False: self.tr("missing"),
                None: self.tr("keyring unavailable"),
            }[stored]
            for column, text in enumerate((entry.service, entry.username, state)):
                item = QTableWidgetItem(text)
                if entry.used_by:
                    item.setToolTip(self.tr("used by {0}").format(", ".join(entry.used_by)))
                self.credentials.setItem(row, column, item)

    def _selected_entry(self) -> credentials.Credential | None:
        row = self.credentials.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def add_credential(self) -> None:
        service, ok = QInputDialog.getText(self, self.tr("Add a credential"), self.tr("Service:"))
        if not ok or not service.strip():
            return
        user, ok = QInputDialog.getText(self, self.tr("Add a credential"), self.tr("User name:"))
        if not ok or not user.strip():
            return
        if self._ask_and_store(service.strip(), user.strip()):
            credentials.remember(self.ctx.settings, service.strip(), user.strip())
            self.ctx.save_settings(self.ctx.settings)
            self.load_credentials()

    def replace_credential(self) -> None:
        entry = self._selected_entry()
        if entry is not None and self._ask_and_store(entry.service, entry.username):
            self.load_credentials()

    def _ask_and_store(self, service: str, user: str) -> bool:
        value, ok = QInputDialog.getText(
            self,
            self.tr("Password"),
            self.tr("Password for {0} / {1}:").format(service, user),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not value:
            return False
        return self.store_credential(service, user, value)

    def store_credential(self, service: str, user: str, value: str) -> bool:
        try:
            credentials.store(service, user, value)
        except Exception as exc:  # the keyring's own errors name no secret
            self.message.setText(
                self.tr("The keyring refused the value: {0}").format(type(exc).__name__)
            )
            return False
        self.message.setText(self.tr("Stored {0} / {1} in the keyring").format(service, user))
        return True

    def delete_credential(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return
        credentials.delete(entry.service, entry.username)
        self.message.setText(
            self.tr("Deleted {0} / {1} from the keyring").format(entry.service, entry.username)
        )
        self.load_credentials()
