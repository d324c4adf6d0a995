"""Record the demo flow through the Python API, save, reload, replay: same claim."""

from __future__ import annotations

from app.demo.oa_server import DEMO_USERS, DemoOA
from bots.model import Bot
from bots.recorder import record
from bots.runner import RunOptions, run_bot
from tests.support import file_claim_by_hand


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
            file_claim_by_hand(
                session.page, DEMO_USERS["zhangsan"], invoice_no="12345678", amount="123.45"
            )
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
