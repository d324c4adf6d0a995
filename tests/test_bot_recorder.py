"""Record the demo flow through the Python API, save, reload, replay: same claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.demo.oa_server import DEMO_USERS, DemoOA
from app.services.bots import ocr_reader
from bots.model import Bot
from bots.recorder import record
from bots.runner import RunOptions, run_bot
from testkit.support import captcha_on_screen, file_claim_by_hand

pytestmark = pytest.mark.slow  # a real browser, server or killed processes: not in test-fast

ROOT = Path(__file__).resolve().parents[1]
ATTACHMENT = ROOT / "resources" / "samples" / "01-vat_invoice-text.pdf"
PASSWORD = DEMO_USERS["zhangsan"]


def _record_a_claim() -> tuple[Bot, dict, list]:
    """A person files a claim through every feature of the OA while the recorder watches."""
    saved_as_we_go: list[Bot] = []
    with DemoOA(captcha=True) as oa:
        with record(
            oa.url,
            headless=True,
            name="录制的报销",
            secret_service="demo-oa",
            on_change=saved_as_we_go.append,
        ) as session:
            file_claim_by_hand(
                session.page,
                PASSWORD,
                captcha=captcha_on_screen(oa),
                invoice_no="12345678",
                amount="123.45",
                reason="客户拜访打车",
                approver="李总监",
                line=("出租车", "123.45"),
                attachment=ATTACHMENT,
            )
        (recorded,) = oa.claims
    assert session.bot is not None and saved_as_we_go, "the bot is written as you go"
    return session.bot, recorded, saved_as_we_go


def test_record_save_reload_replay_stores_the_same_claim(tmp_path) -> None:
    bot, recorded, _ = _record_a_claim()
    actions = [s.action for s in bot.steps]
    assert actions[:6] == ["goto", "fill", "fill", "extract", "fill", "click"]
    # the captcha a person typed became an OCR read of its image, then a fill with it
    assert bot.steps[3].ocr and bot.steps[3].into == "captcha"
    assert bot.steps[4].value == "{{ captcha }}"
    # the password became a secret reference; its value is nowhere in the file
    assert bot.steps[2].value == "{{ secret.password }}"
    assert bot.secrets[0].service == "demo-oa" and bot.secrets[0].username == "zhangsan"
    # the popup: opened by a click, a choice made in it, and back when it closed itself
    i = actions.index("popup")
    assert [s.popup for s in bot.steps if s.action == "popup"] == ["switch", "back"]
    assert bot.steps[i + 1].action == "click" and bot.steps[i + 2].popup == "back"
    assert bot.steps[i + 1].target.frame == []  # the popup's own page, not a frame
    # select in a frame; upload in an iframe inside it; the upload file is a parameter
    select = next(s for s in bot.steps if s.action == "select")
    assert [f.name for f in select.target.frame] == ["main"]
    upload = next(s for s in bot.steps if s.action == "upload")
    assert [f.name for f in upload.target.frame] == ["main", "upload"]
    assert upload.value == "{{ file }}"
    assert bot.parameters[0].type == "file" and ATTACHMENT.name in bot.parameters[0].label
    assert actions[-2:] == ["click", "dialog"] and bot.steps[-1].accept
    assert "确认提交报销单" in bot.steps[-1].title

    path = bot.save(tmp_path / "recorded.bot.yaml")
    assert PASSWORD not in path.read_text(encoding="utf-8")
    replay = Bot.load(path)
    with DemoOA(captcha=True) as oa:
        replay.start_url = oa.url
        result = run_bot(
            replay,
            {"file": str(ATTACHMENT)},
            RunOptions(secret_source=lambda ref: PASSWORD, ocr=ocr_reader(), trace=False),
        )
        assert result.status == "passed", result.error
        (claim,) = oa.claims
    for key in ("department", "claim_type", "claim_date", "invoice_no", "amount", "reason"):
        assert claim[key] == recorded[key], key
    assert claim["approver"] == recorded["approver"] == "李总监"
    assert claim["lines"] == recorded["lines"] == [{"item": "出租车", "amount": "123.45"}]
    assert claim["attachment"] == recorded["attachment"] == ATTACHMENT.name


def test_a_dialog_answered_no_while_recording_is_replayed_as_no() -> None:
    with DemoOA(captcha=False) as oa:
        with record(oa.url, headless=True, on_dialog=lambda kind, msg, default: (False, None)) as s:
            page = s.page
            page.get_by_label("用户名").fill("zhangsan")
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.frame_locator('frame[name="menu"]').get_by_text("报销申请").click()
            main = page.frame_locator('frame[name="main"]')
            main.get_by_label("部门").select_option("技术部")
            main.get_by_role("button", name="日历").click()
            main.locator("#calendar td.day", has_text="15").first.click()
            main.get_by_role("button", name="提交").click()
            page.wait_for_timeout(300)
        assert oa.claims == [], "the person said no to 确认提交报销单？"
    dialog = s.bot.steps[-1]
    assert dialog.action == "dialog" and dialog.accept is False


def test_bot_record_command_writes_the_file_as_you_go(tmp_path, monkeypatch, capsys) -> None:
    """`zhangfang bot record URL --out FILE`: the person works in the window and closes it."""
    from contextlib import contextmanager

    import bots.recorder
    from app.cli import main

    real_record = bots.recorder.record
    out = tmp_path / "claim.bot.yaml"
    sizes = []

    @contextmanager
    def person_at_the_keyboard(url, **options):
        assert options["headless"] is False  # the command opens a window for a person
        options["headless"] = True
        saving = options["on_change"]
        options["on_change"] = lambda bot: (saving(bot), sizes.append(out.stat().st_size))
        with real_record(url, **options) as session:
            file_claim_by_hand(session.page, PASSWORD, invoice_no="87654321", amount="9.90")
            session.page.close()  # the person closes the window
            yield session

    monkeypatch.setattr(bots.recorder, "record", person_at_the_keyboard)
    with DemoOA(captcha=False) as oa:
        assert main(["bot", "record", oa.url, "--out", str(out)]) == 0
        assert len(oa.claims) == 1
    printed = capsys.readouterr().out
    assert "zhangfang secret set zhangfang-127.0.0.1 zhangsan" in printed
    assert f"steps written to {out}" in printed
    assert len(sizes) > 10 and sizes == sorted(sizes), "the file grows step by step"
    bot = Bot.load(out)
    assert bot.name == "claim" and bot.steps[-1].action == "dialog"
    assert PASSWORD not in out.read_text(encoding="utf-8")
