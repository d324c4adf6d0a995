"""Dialogs around bots: the parameter dialog (tray and Bots screen) and the step editor."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.style import icon
from bots.editing import delete_step, make_secret, move_step, parametrize, prefer_locator
from bots.errors import BotError
from bots.locate import describe
from bots.model import TEMPLATE_RE, Bot, Parameter, Step


# ---- parameters ------------------------------------------------------------------------------
class ParamsDialog(QDialog):
    """One input per bot parameter; list parameters get a small table."""

    def __init__(self, bot: Bot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bot = bot
        self.setWindowTitle(self.tr("Run {0}").format(bot.name))
        self.inputs: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        if bot.description:
            about = QLabel(bot.description)
            about.setWordWrap(True)
            about.setObjectName("hint")
            layout.addWidget(about)
        form = QFormLayout()
        for parameter in bot.parameters:
            widget = self._input(parameter)
            self.inputs[parameter.name] = widget
            label = parameter.label or parameter.name
            form.addRow(label + (" *" if parameter.required else ""), widget)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("problems")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Run"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _input(self, parameter: Parameter) -> QWidget:
        default = parameter.default
        if parameter.type == "bool":
            box = QCheckBox()
            box.setChecked(bool(default))
            return box
        if parameter.type == "date":
            edit = QDateEdit(
                QDate.fromString(str(default), "yyyy-MM-dd") if default else QDate.currentDate()
            )
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            return edit
        if parameter.type == "list":
            columns = parameter.columns or ["value"]
            table = QTableWidget(3, len(columns))
            table.setHorizontalHeaderLabels(columns)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            for r, row in enumerate(default or []):
                if r >= table.rowCount():
                    table.insertRow(r)
                for c, column in enumerate(columns):
                    table.setItem(r, c, QTableWidgetItem(str(row.get(column, ""))))
            return table
        edit = QLineEdit("" if default is None else str(default))
        if parameter.type == "file":
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            browse = QPushButton(self.tr("Choose…"))
            browse.clicked.connect(lambda: self._choose_file(edit))
            row.addWidget(edit, 1)
            row.addWidget(browse)
            holder.setProperty("edit", edit)
            return holder
        return edit

    def _choose_file(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file"))
        if path:
            edit.setText(path)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for parameter in self.bot.parameters:
            widget = self.inputs[parameter.name]
            if isinstance(widget, QCheckBox):
                out[parameter.name] = "true" if widget.isChecked() else "false"
            elif isinstance(widget, QDateEdit):
                out[parameter.name] = widget.date().toString("yyyy-MM-dd")
            elif isinstance(widget, QTableWidget):
                out[parameter.name] = _table_rows(widget)
            else:
                edit = widget.property("edit") or widget
                out[parameter.name] = edit.text().strip()
        return out

    def accept(self) -> None:
        values = self.values()
        missing = [
            p.label or p.name
            for p in self.bot.parameters
            if p.required and p.default is None and values.get(p.name) in ("", [], None)
        ]
        if missing:
            self.error.setText(self.tr("Please fill in: {0}").format(", ".join(missing)))
            return
        super().accept()


def _table_rows(table: QTableWidget) -> list[dict[str, str]]:
    columns = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    rows = []
    for r in range(table.rowCount()):
        row = {
            columns[c]: (table.item(r, c).text().strip() if table.item(r, c) else "")
            for c in range(len(columns))
        }
        if any(row.values()):
            rows.append(row)
    return rows


def ask_parameters(bot: Bot, parent: QWidget | None = None) -> dict[str, Any] | None:
    """The parameter values for a run; {} at once when the bot needs none; None if cancelled."""
    if not bot.parameters:
        return {}
    dialog = ParamsDialog(bot, parent)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


# ---- the step list (editor and recorder share it) -------------------------------------------
class StepTable(QTableWidget):
    COLUMNS = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, self.COLUMNS, parent)
        self.setHorizontalHeaderLabels(
            [
                self.tr("Step"),
                self.tr("Action"),
                self.tr("Title"),
                self.tr("Value"),
                self.tr("Target"),
            ]
        )
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.steps: list[tuple[str, Step]] = []

    def show_bot(self, bot: Bot, keep: Step | None = None) -> None:
        self.blockSignals(True)
        self.steps = bot.walk()
        self.setRowCount(len(self.steps))
        for row, (path, step) in enumerate(self.steps):
            target = ""
            if step.target and step.target.locators:
                winner = sorted(step.target.locators, key=lambda loc: not loc.preferred)[0]
                target = describe(winner)
            cells = (path, step.action, step.title or "", step.value or step.url or "", target)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                editable = column in (2, 3) and (column == 2 or step.value is not None)
                flags = item.flags()
                item.setFlags(
                    flags | Qt.ItemFlag.ItemIsEditable
                    if editable
                    else flags & ~Qt.ItemFlag.ItemIsEditable
                )
                self.setItem(row, column, item)
        self.resizeColumnsToContents()
        self.blockSignals(False)
        if keep is not None:
            row = next((r for r, (_, s) in enumerate(self.steps) if s is keep), None)
            if row is not None:
                self.selectRow(row)

    def current_step(self) -> tuple[str, Step] | None:
        row = self.currentRow()
        return self.steps[row] if 0 <= row < len(self.steps) else None


class BotEditor(QDialog):
    """Reorder, delete, rename, change a value, pick the winning locator, make a parameter or
    a secret. Saves the file only on Save."""

    def __init__(self, path: Path, bot: Bot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.bot = copy.deepcopy(bot)
        self.setWindowTitle(self.tr("Edit {0}").format(bot.name))
        self.resize(980, 560)
        self.table = StepTable()
        self.table.itemChanged.connect(self._cell_edited)
        self.table.itemSelectionChanged.connect(self._selected)
        self.locator = QComboBox()
        self.locator.activated.connect(self._prefer)
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)

        tools = QHBoxLayout()
        for name, text, slot in (
            ("up", self.tr("Up"), lambda: self._move(-1)),
            ("down", self.tr("Down"), lambda: self._move(1)),
            ("delete", self.tr("Delete"), self._delete),
        ):
            button = QPushButton(icon(name), text)
            button.clicked.connect(slot)
            tools.addWidget(button)
        self.param_button = QPushButton(self.tr("Make parameter…"))
        self.param_button.clicked.connect(self.make_parameter)
        self.secret_button = QPushButton(icon("key"), self.tr("Make secret…"))
        self.secret_button.clicked.connect(self.make_secret)
        tools.addWidget(self.param_button)
        tools.addWidget(self.secret_button)
        tools.addStretch()
        tools.addWidget(QLabel(self.tr("Locator that wins:")))
        tools.addWidget(self.locator, 1)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.table.show_bot(self.bot)

    def _refresh(self, keep: Step | None = None) -> None:
        self.table.show_bot(self.bot, keep)
        self._selected()

    def _selected(self) -> None:
        current = self.table.current_step()
        self.locator.clear()
        if current is None or current[1].target is None:
            self.locator.setEnabled(False)
            return
        self.locator.setEnabled(True)
        locators = current[1].target.locators
        for loc in locators:
            self.locator.addItem(describe(loc))
        preferred = next((i for i, loc in enumerate(locators) if loc.preferred), 0)
        self.locator.setCurrentIndex(preferred)

    def _prefer(self, index: int) -> None:
        current = self.table.current_step()
        if current and current[1].target:
            prefer_locator(current[1].target, index)
            self._refresh(current[1])

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        _path, step = self.table.steps[item.row()]
        text = item.text().strip()
        if item.column() == 2:
            step.title = text or None
        elif item.column() == 3 and step.value is not None:
            step.value = text

    def _move(self, offset: int) -> None:
        current = self.table.current_step()
        if current and move_step(self.bot, current[1], offset):
            self._refresh(current[1])

    def _delete(self) -> None:
        current = self.table.current_step()
        if current:
            delete_step(self.bot, current[1])
            self._refresh()

    def make_parameter(self) -> None:
        current = self.table.current_step()
        if current is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Make parameter"), self.tr("Parameter name:"))
        if ok and name.strip():
            self.parameter(current[0], name.strip())

    def parameter(self, step_path: str, name: str) -> None:
        try:
            parametrize(self.bot, step_path, name)
        except BotError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(self.tr("Step {0} now uses {{{{ {1} }}}}").format(step_path, name))
        self._refresh()

    def make_secret(self) -> None:
        current = self.table.current_step()
        if current is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Make secret"), self.tr("Secret name:"), text="password"
        )
        if ok and name.strip():
            self.secret(current[0], name.strip())

    def secret(self, step_path: str, name: str) -> None:
        """The typed value goes into the OS keyring (when it is not a template) and leaves the
        bot; the step reads it from the keyring at run time."""
        from bots.secrets import set_secret

        step = dict(self.bot.walk())[step_path]
        typed = step.value or ""
        service = f"zhangfang-{self.bot.name}"
        try:
            if typed and not TEMPLATE_RE.fullmatch(typed.strip()):
                set_secret(service, name, typed)
            make_secret(self.bot, step_path, name, service, name)
        except BotError as exc:
            self.message.setText(exc.message)
            return
        except Exception as exc:  # no keyring: say so, change nothing
            self.message.setText(self.tr("The keyring refused the value: {0}").format(exc))
            return
        self.message.setText(
            self.tr("Step {0} reads secret {1} from the keyring").format(step_path, name)
        )
        self._refresh()

    def save(self) -> None:
        try:
            Bot.from_yaml(self.bot.to_yaml(), source=str(self.path))  # refuse a broken bot
            self.bot.save(self.path)
        except BotError as exc:
            self.message.setText(exc.message)
            return
        self.accept()


# ---- recording ---------------------------------------------------------------------------------
