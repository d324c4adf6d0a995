"""Record the demo flow through the Python API, save, reload, replay: same claim."""

from __future__ import annotations

from app.demo.oa_server import DEMO_USERS, DemoOA
from bots.model import Bot
from bots.recorder import record
from bots.runner import RunOptions, run_bot


def test_record_save_reload_replay_stores_the_same_claim(tmp_path) -> None:
    saved_as_we_go = []
    with DemoOA(captcha=False) as oa:
        with record(
            oa.url,
            headless=True,
            name="录制的报销",
            secret_service="demo-oa",
            on_change=saved_as_we_go.append,
        ) as session:
            page = session.page
            page.get_by_label("用户名").fill("zhangsan")
            page.get_by_label("密码").fill(DEMO_USERS["zhangsan"])
            page.get_by_role("button", name="登录").click()
            page.frame_locator('frame[name="menu"]').get_by_text("报销申请").click()
            main = page.frame_locator('frame[name="main"]')
            main.get_by_label("部门").select_option("技术部")
            main.get_by_label("交通费").check()
            main.get_by_role("button", name="日历").click()
            main.locator("#calendar td.day", has_text="15").first.click()
            main.get_by_label("发票号码").fill("12345678")
            main.get_by_label("金额").fill("123.45")
            main.get_by_role("button", name="提交").click()
            main.locator("#claim_no").wait_for()
        recorded = oa.claims[0]
    bot = session.bot
    assert bot is not None and saved_as_we_go, "the bot is written as you go"
    actions = [s.action for s in bot.steps]
    assert actions[:4] == ["goto", "fill", "fill", "click"]
    assert actions[-2:] == ["click", "dialog"]
    assert [f.name for f in bot.steps[5].target.frame] == ["main"]  # the select, in a frame
    # the password became a secret reference; its value is nowhere in the file
    assert bot.steps[2].value == "{{ secret.password }}"
    assert bot.secrets[0].service == "demo-oa" and bot.secrets[0].username == "zhangsan"
    path = bot.save(tmp_path / "recorded.bot.yaml")
    assert DEMO_USERS["zhangsan"] not in path.read_text(encoding="utf-8")

    replay = Bot.load(path)
    with DemoOA(captcha=False) as oa:
        replay.start_url = oa.url
        result = run_bot(
            replay, {}, RunOptions(secret_source=lambda ref: DEMO_USERS[ref.username], trace=False)
        )
        assert result.status == "passed", result.error
        (claim,) = oa.claims
    for key in ("department", "claim_type", "claim_date", "invoice_no", "amount"):
        assert claim[key] == recorded[key], key
