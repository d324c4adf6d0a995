"""Records, Bots, Runs, Dashboard and Settings screens: what a person does on each."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from app.config import load_settings
from app.gui.bot_dialogs import BotEditor, ParamsDialog
from app.gui.screens.bots_page import BotsPage
from app.gui.screens.dashboard import DashboardPage
from app.gui.screens.records import RecordsPage
from app.gui.screens.runs import RunsPage
from app.gui.screens.settings_page import SettingsPage
from bots.model import Bot
from ocr.capture import capture_file
from ocr.records import ExpenseRecord

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def _many(ledger, n: int) -> None:
    ledger.add_records(
        ExpenseRecord(
            source="sheet",
            doc_type="receipt",
            seller_name="测试商店" if i % 2 else "另一家店",
            invoice_number=f"N{i:05d}",
            total=Decimal("10.00"),
            category="办公费",
        )
        for i in range(n)
    )


# ---- records ----------------------------------------------------------------------------------
def test_records_page_in_and_filter_with_totals(qtbot, gui_ctx):
    _many(gui_ctx.ledger, 450)
    page = RecordsPage(gui_ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 200)  # one page, not the whole ledger
    assert "450" in page.totals.text() and "4500.00" in page.totals.text()
    while page.model.rowCount() < 450:
        with qtbot.waitSignal(page.model.loaded):
            page.model.fetchMore()
    assert not page.model.canFetchMore()
    page.seller.setText("测试")
    qtbot.waitUntil(lambda: page.model.matching == 225 and "2250.00" in page.totals.text())
    page.state.setCurrentIndex(page.state.findData("confirmed"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not page.model.loading)


def test_group_into_claim_and_export_the_selection(qtbot, gui_ctx, tmp_path):
    for name in ("01-vat_invoice-text.pdf", "05-train_ticket-text.pdf"):
        gui_ctx.ledger.import_file(SAMPLES / name, capture_file)
    page = RecordsPage(gui_ctx)
    qtbot.addWidget(page)
    ids = [r.id for r in gui_ctx.ledger.records()]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.select_ids(ids)
    assert page.selected_ids() == ids and page.claim_button.isEnabled()
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):  # the table shows the claim
        page.make_claim("差旅报销", ids)
    assert "Claim 1 holds 2 records" in page.status.text()
    assert gui_ctx.ledger.records(claim_id=1) and page.model.record_at(0).claim_id == 1
    page.select_ids(ids[:1])
    out = tmp_path / "claim.xlsx"
    page.export_to(out)
    qtbot.waitUntil(lambda: "claim.xlsx" in page.status.text(), timeout=20_000)
    sheet = load_workbook(out)["票据"]
    assert sheet.max_row == 3  # the header, the one selected record, the totals


# ---- bots and runs ------------------------------------------------------------------------------
def test_bots_are_listed_and_checked(qtbot, gui_ctx):
    page = BotsPage(gui_ctx)
    qtbot.addWidget(page)
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert len(names) == 2  # the example bots seed a new bots folder
    page.table.selectRow(0)
    page.check_selected()
    assert "ok" in page.message.text() and "steps" in page.message.text()


def test_editor_reorders_renames_prefers_a_locator_and_makes_parameter_and_secret(
    qtbot, gui_ctx, memory_keyring
):
    folder = gui_ctx.settings.bots_dir()
    gui_ctx.bot_entries()  # seeds the folder
    path = folder / "demo_claim.bot.yaml"
    bot = Bot.load(path)
    editor = BotEditor(path, bot)
    qtbot.addWidget(editor)
    steps = [s for _, s in editor.bot.walk()]
    fill_user = next(
        p for p, s in editor.bot.walk() if s.action == "fill" and s.value == "zhangsan"
    )
    editor.parameter(fill_user, "user")
    editor.table.selectRow(1)
    first_title = editor.table.item(1, 2)
    first_title.setText("输入用户名")
    editor.table.selectRow(1)
    editor._move(1)  # down one
    assert editor.bot.steps[2].title == "输入用户名"
    target_row = next(
        r for r, (_, s) in enumerate(editor.table.steps) if s.target and len(s.target.locators) > 1
    )
    editor.table.selectRow(target_row)
    editor._prefer(1)
    # a typed value becomes a keyring secret: stored there, gone from the file
    # change a value in the table, then make that typed value a keyring secret
    row, (typed, _step) = next(
        (r, ps) for r, ps in enumerate(editor.table.steps) if ps[1].action == "fill"
    )
    editor.table.item(row, 3).setText("hunter2-typed")
    value = "hunter2-typed"
    editor.secret(typed, "typed_secret")
    assert memory_keyring.get_password(f"zhangfang-{bot.name}", "typed_secret") == value
    editor.save()
    saved = Bot.load(path)
    assert saved.parameter("user") is not None
    assert saved.steps[2].title == "输入用户名"
    preferred = saved.walk()[target_row][1].target.locators
    assert preferred[1].preferred and not preferred[0].preferred
    assert saved.secret("typed_secret") is not None
    assert value not in path.read_text(encoding="utf-8")
    assert len(saved.walk()) == len(steps)


def test_parameter_dialog_asks_for_what_is_required(qtbot):
    bot = Bot.load(
        Path(__file__).resolve().parents[1] / "resources" / "bots" / "demo_claim_lookup.bot.yaml"
    )
    dialog = ParamsDialog(bot)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() == 0 and dialog.error.text()  # nothing given: it says what is missing
    for _name, widget in dialog.inputs.items():
        (widget.property("edit") or widget).setText("12345678")
    dialog.accept()
    assert dialog.result() == 1 and set(dialog.values().values()) == {"12345678"}


def test_a_failed_run_shows_its_step_error_and_screenshot(qtbot, gui_ctx, memory_keyring):
    from app.demo.oa_server import DemoOA

    gui_ctx.bot_entries()
    page = BotsPage(gui_ctx)
    runs = RunsPage(gui_ctx)
    qtbot.addWidget(page)
    qtbot.addWidget(runs)
    entry = next(e for e in page.entries if "lookup" in e.path.name)
    with DemoOA(port=0) as oa:
        bot_file = entry.path
        text = bot_file.read_text(encoding="utf-8")
        bot_file.write_text(text.replace("http://127.0.0.1:8765", oa.url), encoding="utf-8")
        page.reload()
        page.select(entry.name)
        notes = []
        gui_ctx.notify.connect(lambda *args: notes.append(args))
        page.run_selected({"invoice_no": "does-not-exist", "no_such_field": ""})
        qtbot.waitUntil(lambda: bool(notes), timeout=120_000)
    _title, message, kind, run_id = notes[-1]
    assert page.steps.count() > 0  # the steps arrived live
    qtbot.waitUntil(lambda: runs.model.rowCount() == 1)
    assert run_id is not None
    run = runs.model.run_at(0)
    # no password in the keyring: the run fails at the login step, and says so
    assert run.status == "failed" and kind == "error"
    assert "step 3 (fill)" in message and "keyring" in message
    assert runs.error.text()
    assert runs.screenshot.pixmap() is not None and not runs.screenshot.pixmap().isNull()
    assert runs.steps.count() == len(run.result["steps"])


# ---- dashboard and settings ---------------------------------------------------------------------
def test_dashboard_counts_waiting_records_and_spending_by_category(qtbot, gui_ctx):
    for name in ("01-vat_invoice-text.pdf", "05-train_ticket-text.pdf"):
        gui_ctx.ledger.import_file(SAMPLES / name, capture_file)
    first = gui_ctx.ledger.records()[0]
    gui_ctx.ledger.approve(first.id)
    page = DashboardPage(gui_ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.insights is not None, timeout=10_000)
    assert page.insights.waiting_review == 1
    assert page.insights.by_category == [(first.record.category, first.record.total)]
    assert page.cards["captured"].text().count("1") >= 1
    assert any(v for _, v in page.insights.by_month)


def test_settings_save_validate_and_keep_credentials_out_of_sight(
    qtbot, gui_ctx, memory_keyring, tmp_path
):
    page = SettingsPage(gui_ctx)
    qtbot.addWidget(page)
    page.watched.setText(str(tmp_path / "scans"))
    page.language.setCurrentIndex(page.language.findData("en"))
    page.targets.setPlainText('[targets.erp]\ntype = "nonsense"\n')
    page.save()
    assert "erp" in page.message.text() and not (load_settings().watched_folder)  # refused whole
    page.targets.setPlainText(
        '[targets.erp]\ntype = "rest"\nurl = "http://erp.local/api"\n'
        '[targets.erp.secret]\nservice = "erp"\nusername = "bot"\n'
    )
    page.save()
    saved = load_settings()
    assert saved.watched_folder == str(tmp_path / "scans") and saved.language == "en"
    assert saved.targets["erp"]["url"] == "http://erp.local/api"
    rows = {
        page.credentials.item(r, 0).text(): page.credentials.item(r, 2).text()
        for r in range(page.credentials.rowCount())
    }
    assert rows["erp"] == "missing"
    page.credentials.selectRow(list(rows).index("erp"))
    assert page.store_credential("erp", "bot", "s3cret-value")
    page.load_credentials()
    shown = [
        page.credentials.item(r, c).text()
        for r in range(page.credentials.rowCount())
        for c in range(3)
    ]
    assert "stored" in shown and "s3cret-value" not in " ".join(shown) + page.message.text()
    assert memory_keyring.get_password("erp", "bot") == "s3cret-value"
    page.credentials.selectRow(sorted(rows).index("erp"))
    page.delete_credential()
    assert memory_keyring.get_password("erp", "bot") is None


def test_the_browser_for_bots_is_checked_and_kept_beside_the_bots_folder(qtbot, gui_ctx, tmp_path):
    page = SettingsPage(gui_ctx)
    qtbot.addWidget(page)
    page.bots_folder.setText(str(tmp_path / "bots"))
    page.browser.setText(str(tmp_path / "no-such-browser"))
    page.save()
    assert "does not exist" in page.message.text()
    assert load_settings().bots_folder is None  # refused whole
    page.browser.setText("")
    page.check_browser()  # found by itself: this machine's Chromium
    qtbot.waitUntil(lambda: page.message.text().startswith("Bots use"), timeout=20_000)
    assert "chromium" in page.message.text().lower()
    page.browser.setText(shutil.which("chromium"))
    page.save()
    saved = load_settings()
    assert (saved.bots_folder, saved.browser) == (str(tmp_path / "bots"), shutil.which("chromium"))
    page.browser.setText("")
    page.save()
    saved = load_settings()
    assert (saved.bots_folder, saved.browser) == (str(tmp_path / "bots"), None)


def test_engines_that_are_not_installed_cannot_be_chosen(qtbot, gui_ctx, monkeypatch):
    from ocr import engines

    monkeypatch.setattr(engines, "available_engines", lambda: {"rapidocr": True, "paddle": False})
    page = SettingsPage(gui_ctx)
    qtbot.addWidget(page)
    paddle = page.engine.findData("paddle")
    assert "not installed" in page.engine.itemText(paddle)
    assert not page.engine.model().item(paddle).isEnabled()
    assert page.engine.model().item(page.engine.findData("rapidocr")).isEnabled()


def test_the_login_start_switch_writes_and_removes_the_autostart_entry(
    qtbot, gui_ctx, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    page = SettingsPage(gui_ctx)
    qtbot.addWidget(page)
    assert not page.autostart.isChecked()
    page.autostart.setChecked(True)
    page.save()
    entry = tmp_path / "xdg" / "autostart" / "zhangfang.desktop"
    assert "Exec=" in entry.read_text() and "-m app" in entry.read_text()
    page.autostart.setChecked(False)
    page.save()
    assert not entry.exists()


def test_recording_shows_the_steps_live_and_writes_the_bot(qtbot, gui_ctx, tmp_path, monkeypatch):
    """Record: the person works in the browser (driven here), the dialog lists the steps as
    they come, and the bot file is written; the password became a keyring reference."""
    from contextlib import contextmanager

    import bots.recorder
    from app.demo.oa_server import DEMO_USERS, DemoOA
    from app.gui.recorder_dialog import RecorderDialog
    from testkit.support import file_claim_by_hand

    real_record = bots.recorder.record
    live_counts: list[int] = []

    @contextmanager
    def person_at_the_keyboard(url, **options):
        options["headless"] = True
        with real_record(url, **options) as session:
            file_claim_by_hand(
                session.page, DEMO_USERS["zhangsan"], invoice_no="55667788", amount="12.30"
            )
            session.page.close()
            yield session

    monkeypatch.setattr(bots.recorder, "record", person_at_the_keyboard)
    out = tmp_path / "bots" / "recorded.bot.yaml"
    with DemoOA(captcha=False) as oa:
        dialog = RecorderDialog(gui_ctx, oa.url, out)
        qtbot.addWidget(dialog)
        dialog.table.model().rowsInserted.connect(
            lambda *_: live_counts.append(dialog.table.rowCount())
        )
        qtbot.waitUntil(lambda: dialog.bot is not None, timeout=120_000)
        assert len(oa.claims) == 1
    assert dialog.table.rowCount() > 10 and live_counts  # steps appeared while recording
    saved = Bot.load(out)
    assert len(saved.walk()) == len(dialog.bot.walk())
    assert DEMO_USERS["zhangsan"] not in out.read_text(encoding="utf-8")
    assert saved.secrets and "{{ secret." in out.read_text(encoding="utf-8")
