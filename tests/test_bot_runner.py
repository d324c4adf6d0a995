"""Replaying the demo bot against the demo OA in real Chromium."""

from __future__ import annotations

import functools
import logging
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.demo.oa_server import DEMO_USERS, DemoOA
from app.services.bots import ocr_reader
from bots.model import Bot
from bots.runner import RunOptions, run_bot

pytestmark = pytest.mark.slow  # a real browser, server or killed processes: not in test-fast

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "resources" / "bots" / "demo_claim.bot.yaml"
ATTACHMENT = ROOT / "resources" / "samples" / "01-vat_invoice-text.pdf"
PASSWORD = DEMO_USERS["zhangsan"]


def _params(**changes):
    params = {
        "claim_date": "2026-11-03",
        "invoice_no": "24318844",
        "amount": "88.50",
        "attachment": str(ATTACHMENT),
        "lines": [{"item": "出租车", "amount": "40.00"}, {"item": "地铁", "amount": "48.50"}],
    }
    params.update(changes)
    return params


@pytest.fixture
def password(memory_keyring):
    memory_keyring.set_password("zhangfang-demo-oa", "zhangsan", PASSWORD)
    return PASSWORD


def _run(oa: DemoOA, tmp_path: Path, **params):
    bot = Bot.load(BOT)
    bot.start_url = oa.url
    return run_bot(
        bot,
        _params(**params),
        RunOptions(artifacts_dir=tmp_path / "run", ocr=ocr_reader(), timeout_ms=5000),
    )


def _claim_matches(claim: dict, params: dict) -> None:
    assert claim["claim_date"] == params["claim_date"]
    assert claim["invoice_no"] == params["invoice_no"]
    assert claim["amount"] == params["amount"]
    assert claim["department"] == "财务部" and claim["claim_type"] == "交通费"
    assert claim["lines"] == params["lines"]
    assert claim["attachment"] == ATTACHMENT.name
    assert claim["approver"] == "王经理"  # picked in a window.open popup that closes itself


@pytest.mark.parametrize(
    "variant", ["base", "renamed", "classes", "wrapped", "reworded", "reordered", "iframe"]
)
def test_the_demo_bot_files_a_claim(tmp_path, password, variant) -> None:
    with DemoOA(variant=variant) as oa:
        result = _run(oa, tmp_path)
    assert result.status == "passed", result.error
    (claim,) = oa.claims
    _claim_matches(claim, _params())
    assert result.outputs["claim_no"] == claim["claim_no"]
    assert all(s.status == "passed" for s in result.steps)


def test_a_missing_parameter_is_named_and_nothing_is_submitted(tmp_path, password) -> None:
    with DemoOA() as oa:
        bot = Bot.load(BOT)
        bot.start_url = oa.url
        result = run_bot(bot, {"claim_date": "2026-11-03"}, RunOptions(ocr=ocr_reader()))
    assert result.status == "failed"
    assert "needs parameter 'invoice_no' (发票号码)" in result.error
    assert oa.claims == []


def test_a_missing_secret_names_the_step_and_the_fix(tmp_path, memory_keyring) -> None:
    with DemoOA() as oa:
        result = _run(oa, tmp_path)
    assert result.status == "failed"
    assert result.error.startswith("step 3 (fill)")
    assert "zhangfang secret set zhangfang-demo-oa zhangsan" in result.error
    assert oa.claims == []


def test_a_vendor_upgrade_is_healed_and_the_claim_is_right(tmp_path, password, capsys) -> None:
    """Renamed ids, reworded labels, wrappers and new classes at once: locators fail, the
    fingerprints find the fields, and the claim stored is exactly the one asked for."""
    from app.cli import main

    bot_file = tmp_path / "claim.bot.yaml"
    bot_file.write_text(BOT.read_text(encoding="utf-8"), encoding="utf-8")
    with DemoOA(variant="combined") as oa:
        bot = Bot.load(bot_file)
        bot.start_url = oa.url
        options = RunOptions(artifacts_dir=tmp_path / "run", ocr=ocr_reader(), timeout_ms=5000)
        result = run_bot(bot, _params(), options)
        assert result.status == "passed", result.error
        assert result.healed_steps, "the combined variant needs healing"
        (claim,) = oa.claims
        _claim_matches(claim, _params())
        # write the healed locators back; the next run needs no healing
        assert main(["bot", "heal", str(bot_file), "--from", str(tmp_path / "run")]) == 0
        assert "now tried first" in capsys.readouterr().out
        again = Bot.load(bot_file)
        again.start_url = oa.url
        second = run_bot(again, _params(invoice_no="24318845"), RunOptions(ocr=ocr_reader()))
    assert second.status == "passed"
    assert second.healed_steps == []
    assert len(oa.claims) == 2


def test_an_element_that_is_really_gone_fails_clearly_with_artifacts(tmp_path, password) -> None:
    from bots.model import Fingerprint, Locator

    with DemoOA() as oa:
        bot = Bot.load(BOT)
        bot.start_url = oa.url
        reason = bot.steps[12]  # fill 事由: make it look for a field this OA does not have
        assert reason.target is not None
        reason.target.locators = [Locator("label", "项目编号"), Locator("id", "project_code")]
        reason.target.fingerprint = Fingerprint("select", {"id": "project"}, label="项目编号")
        result = run_bot(
            bot,
            _params(),
            RunOptions(artifacts_dir=tmp_path / "run", ocr=ocr_reader(), timeout_ms=3000),
        )
    assert result.status == "failed"
    assert result.error.startswith("step 13 (fill): could not find")
    assert "nothing on the page looks like it" in result.error
    assert oa.claims == [], "a run that cannot find a field must not submit"
    for name in ("failure", "html", "trace-1", "result"):
        assert Path(result.artifacts[name]).exists(), name
    _the_trace_viewer_serves(Path(result.artifacts["trace-1"]))


def _the_trace_viewer_serves(trace: Path) -> None:
    """What Runs → Open trace starts: the viewer on localhost (no Playwright browser needed);
    PATH is emptied so that it cannot open a tab on this machine."""
    import re
    import urllib.request

    from bots.trace_viewer import open_viewer

    viewer = open_viewer(trace, extra_env={"PATH": "/nonexistent"})
    try:
        said = ""
        url = None
        while url is None and len(said) < 2000:
            line = viewer.stdout.readline()
            if not line:
                break
            said += line
            url = re.search(r"http://127\.0\.0\.1:\d+\S*", line)
        assert url, f"the viewer said {said!r}"
        with urllib.request.urlopen(url[0], timeout=10) as page:
            assert page.status == 200 and b"Trace" in page.read()
    finally:
        viewer.terminate()
        viewer.communicate(timeout=10)


def test_healing_never_swaps_a_parameter_value_for_the_recorded_one(tmp_path) -> None:
    """The radio was recorded for 交通费; after the vendor renamed everything, a run for
    办公费 must pick 办公费 (or stop), never the look-alike it was recorded on."""
    from bots.model import Fingerprint, Locator, Parameter, Step, Target

    page = tmp_path / "form.html"
    page.write_text(
        "<meta charset=utf-8><form>"
        + "".join(
            f"<input type=radio name=kind_v2 value={k} id=k{i}>{k} "
            for i, k in enumerate(("差旅费", "交通费", "办公费"))
        )
        + "</form>",
        encoding="utf-8",
    )
    recorded = Fingerprint(
        "input",
        {"name": "kind", "type": "radio", "value": "交通费"},
        text="交通费",
        position=[60, 8, 13, 13],
    )
    check = Step(
        "check",
        target=Target(
            [Locator("css", 'input[name=kind][value="{{ kind }}"]')], fingerprint=recorded
        ),
    )
    read = Step(
        "extract",
        target=Target([Locator("css", "input:checked")]),
        attribute="value",
        into="picked",
    )
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{page.name}"
    bot = Bot(
        "radio",
        [Step("goto", url=url), check, read],
        parameters=[Parameter("kind")],
        outputs=["picked"],
    )
    try:
        for kind in ("办公费", "差旅费"):
            result = run_bot(bot, {"kind": kind}, RunOptions(timeout_ms=3000, trace=False))
            assert result.status == "passed", result.error
            assert result.steps[1].healed
            assert result.outputs["picked"] == kind
        gone = run_bot(bot, {"kind": "招待费"}, RunOptions(timeout_ms=3000, trace=False))
    finally:
        server.shutdown()
        server.server_close()
    assert gone.status == "failed"
    assert "shows '招待费'" in gone.error


def test_a_server_that_is_down_is_a_clear_failure(tmp_path, password) -> None:
    oa = DemoOA()
    url = oa.url
    oa.stop()  # the port is closed now
    bot = Bot.load(BOT)
    bot.start_url = url
    result = run_bot(bot, _params(), RunOptions(ocr=ocr_reader(), timeout_ms=3000))
    assert result.status == "failed"
    assert result.error.startswith("step 1 (goto)")
    assert "ERR_CONNECTION_REFUSED" in result.error


def test_secrets_are_absent_from_results_traces_pages_and_logs(tmp_path, password, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    with DemoOA() as oa:
        _run(oa, tmp_path / "first")
        # the same invoice again: the OA refuses it, the run fails after using the password
        result = _run(oa, tmp_path / "second")
    assert result.status == "failed"
    assert len(oa.claims) == 1, "nothing is submitted twice"
    artifacts = [Path(p) for p in result.artifacts.values()]
    assert any(p.name.startswith("trace") for p in artifacts)
    haystacks = [caplog.text]
    for path in (tmp_path / "second").rglob("*"):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                haystacks += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        elif path.is_file():
            haystacks.append(path.read_bytes().decode("utf-8", "replace"))
    assert all(PASSWORD not in text for text in haystacks)


def test_bot_run_from_the_command_line(tmp_path, password, capsys) -> None:
    import json as jsonlib

    from app.cli import main

    with DemoOA() as oa:
        args = ["bot", "run", str(BOT), "--url", oa.url, "--json"]
        for key, value in _params().items():
            value = jsonlib.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
            args += ["--param", f"{key}={value}"]
        code = main(args)
    result = jsonlib.loads(capsys.readouterr().out)
    assert code == 0
    assert result["status"] == "passed"
    assert result["outputs"]["claim_no"] == oa.claims[0]["claim_no"]
    assert {"action", "status", "locator", "healed", "ms", "error"} <= set(result["steps"][0])


def test_bot_check_names_the_broken_step(tmp_path, capsys) -> None:
    from app.cli import main

    broken = tmp_path / "broken.bot.yaml"
    broken.write_text(
        BOT.read_text(encoding="utf-8").replace("action: select", "action: choose"),
        encoding="utf-8",
    )
    assert main(["bot", "check", str(BOT)]) == 0
    assert main(["bot", "check", str(broken)]) == 1
    assert "step 8" in capsys.readouterr().err


def test_make_demo_files_a_captured_invoice_by_bot(capsys) -> None:
    from app.config import load_settings
    from app.demo.walkthrough import file_claim_by_bot
    from app.ledger import Ledger
    from app.platform.resources import SAMPLES

    assert file_claim_by_bot(SAMPLES / "01-vat_invoice-text.pdf", load_settings()) == 0
    assert "Claim filed: BX" in capsys.readouterr().out
    ledger = Ledger.open()
    try:  # the bot's run is in Runs, linked to the submission that made it
        (sub,) = ledger.submissions()
        (run,) = ledger.bot_runs(submission_id=sub.id)
        assert run.status == "passed" and run.bot
        assert (Path(run.artifacts_dir) / "result.json").exists()
    finally:
        ledger.close()


def test_data_driven_run_from_a_gbk_csv_writes_a_results_workbook(tmp_path, password) -> None:
    from openpyxl import load_workbook

    from app.cli import main

    rows = tmp_path / "claims.csv"
    rows.write_bytes(
        (
            "invoice_no,amount,claim_date,reason,attachment\n"
            f"11110001,10.00,2026-11-01,打车,{ATTACHMENT}\n"
            f"11110002,20.00,2026-11-02,地铁,{ATTACHMENT}\n"
            f"11110001,30.00,2026-11-03,重复的发票,{ATTACHMENT}\n"
        ).encode("gbk")
    )
    with DemoOA() as oa:
        code = main(["bot", "run", str(BOT), "--url", oa.url, "--rows", str(rows)])
    assert code == 1  # the third row repeats an invoice: the OA refuses it
    assert [c["reason"] for c in oa.claims] == ["打车", "地铁"]
    sheet = load_workbook(tmp_path / "claims.results.xlsx").active
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4)] == ["成功", "成功", "失败"]
    header = [c.value for c in sheet[1]]
    assert "claim_no" in header and "错误" in header
    assert sheet.cell(row=2, column=header.index("claim_no") + 1).value == oa.claims[0]["claim_no"]
    from app.ledger import Ledger

    ledger = Ledger.open()
    try:  # every row's run is in Runs with its own folder, the refused one with its screenshot
        runs = list(reversed(ledger.bot_runs()))
    finally:
        ledger.close()
    assert [r.status for r in runs] == ["passed", "passed", "failed"]
    assert len({r.artifacts_dir for r in runs}) == 3
    assert list(Path(runs[2].artifacts_dir).glob("*.png"))
