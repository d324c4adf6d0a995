"""The use cases the command line, the desktop app and the demo share (``app.services``):
what each keeps in the ledger, tried against the real demo OA in Chromium and a real HTTP API.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app.config import Settings
from app.demo.oa_server import DEMO_USERS, DemoOA
from app.demo.walkthrough import DEMO_BOT, DEMO_TARGET
from app.services.capture import capture_into_ledger
from app.services.submission import connector, retry_due
from app.submit.engine import Submitter
from ocr.capture import CaptureOptions
from ocr.records import ExpenseRecord
from testkit.expense_api import TOKEN, ExpenseAPI

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def _reviewed(ledger, tmp_path: Path, number: str) -> int:
    rec = ExpenseRecord(
        source=f"{number}.pdf", doc_type="vat_invoice", invoice_number=number,
        issue_date=date(2026, 10, 8), seller_name="上海示例餐饮有限公司",
        seller_tax_id="91310000MA1FL4CT3U", amount=Decimal(100), tax=Decimal(6),
        total=Decimal(106), status="ok",
    )  # fmt: skip
    rec.fingerprint = rec.compute_fingerprint()
    path = tmp_path / f"{number}.pdf"
    path.write_bytes((SAMPLES / "01-vat_invoice-text.pdf").read_bytes() + number.encode())
    (rid,) = ledger.add_capture(path, [rec]).added
    ledger.approve(rid)
    return rid


@pytest.mark.slow
@pytest.mark.parametrize("ledger_url", ["sqlite"], indirect=True)
def test_a_failed_submission_run_keeps_screenshot_and_trace_linked_to_its_submission(
    ledger, tmp_path, memory_keyring
) -> None:
    memory_keyring.set_password("zhangfang-demo-oa", "zhangsan", DEMO_USERS["zhangsan"])
    broken = tmp_path / "demo_claim.bot.yaml"  # the upload never shows as done
    broken.write_text(
        DEMO_BOT.read_text(encoding="utf-8").replace("value: uploaded", "value: never-there"),
        encoding="utf-8",
    )
    rid = _reviewed(ledger, tmp_path, "31000001")
    with DemoOA() as oa:
        target = {**DEMO_TARGET, "bot": str(broken), "url": oa.url, "timeout_ms": 3000}
        settings = Settings(targets={"oa": target})
        submitter = Submitter(
            ledger, connector("oa", settings, ledger), retries=0, sleep=lambda s: None
        )
        outcome = submitter.submit(rid)
    assert outcome.state == "gave_up" and "never-there" in (outcome.error or "")
    (sub,) = ledger.submissions(record_ids=[rid])
    (run,) = ledger.bot_runs(submission_id=sub.id)
    assert run.status == "failed"
    folder = Path(run.artifacts_dir)
    assert list(folder.glob("*.png")), "the failed step's screenshot"
    assert list(folder.glob("trace-*.zip")), "the Playwright trace"
    assert DEMO_USERS["zhangsan"] not in (folder / "result.json").read_text(encoding="utf-8")


@pytest.fixture
def api(memory_keyring):
    memory_keyring.set_password("expense-api", "zhangfang", TOKEN)
    with ExpenseAPI() as server:
        yield server


def _api_settings(api: ExpenseAPI) -> Settings:
    return Settings(
        targets={
            "api": {
                "type": "rest", "url": api.url, "lookup_url": api.url + "?key={{ key }}",
                "id_field": "data.id", "timeout_s": 5,
                "body": {"invoice_no": "{{ invoice_number }}", "total": "{{ total }}"},
                "secret": {"service": "expense-api", "username": "zhangfang"},
            }
        }
    )  # fmt: skip


def test_a_submission_put_off_is_taken_up_when_due_and_only_then(ledger, tmp_path, api) -> None:
    rid = _reviewed(ledger, tmp_path, "32000001")
    settings = _api_settings(api)
    api.faults = ["503", "503"]  # the target is down for a while
    start = datetime(2026, 12, 2, 9, 0)
    submitter = Submitter(
        ledger, connector("api", settings, ledger), retries=0, sleep=lambda s: None,
        now=lambda: start,
    )  # fmt: skip
    outcome = submitter.submit(rid)
    assert outcome.state == "gave_up" and outcome.retry_at == start + timedelta(seconds=60)
    (sub,) = ledger.submissions(record_ids=[rid])
    # a 503 may come after the API stored it: "unknown", looked up before it is sent again
    assert (sub.state, sub.next_attempt_at, sub.rounds) == ("unknown", outcome.retry_at, 1)
    assert ledger.get(rid).state == "failed"

    assert (
        retry_due(ledger, settings, retries=0, now=lambda: start + timedelta(seconds=30)).outcomes
        == []
    )
    second = retry_due(ledger, settings, retries=0, now=lambda: start + timedelta(seconds=61))
    assert [o.state for o in second.outcomes] == ["gave_up"]  # still down: put off longer
    (sub,) = ledger.submissions(record_ids=[rid])
    assert sub.rounds == 2 and sub.next_attempt_at == start + timedelta(seconds=661)
    third = retry_due(ledger, settings, retries=0, now=lambda: start + timedelta(hours=1))
    assert [o.state for o in third.outcomes] == ["succeeded"] and len(api.stored) == 1
    assert ledger.get(rid).state == "confirmed"
    (sub,) = ledger.submissions(record_ids=[rid])
    assert sub.next_attempt_at is None
    assert (
        retry_due(ledger, settings, retries=0, now=lambda: start + timedelta(days=1)).outcomes == []
    )


def test_a_submission_is_put_off_only_so_often_then_waits_for_a_person(
    ledger, tmp_path, api
) -> None:
    rid = _reviewed(ledger, tmp_path, "33000001")
    settings = _api_settings(api)
    api.faults = ["503"] * 10
    clock = [datetime(2026, 12, 2, 9, 0)]
    submitter = Submitter(
        ledger, connector("api", settings, ledger), retries=0, sleep=lambda s: None,
        later_s=(60.0, 600.0), now=lambda: clock[0],
    )  # fmt: skip
    assert submitter.submit(rid).retry_at is not None
    clock[0] += timedelta(hours=1)
    assert submitter.due()[0].retry_at is not None
    clock[0] += timedelta(hours=1)
    (last,) = submitter.due()
    assert last.state == "gave_up" and last.retry_at is None
    (sub,) = ledger.submissions(record_ids=[rid])
    assert sub.state == "gave_up" and sub.next_attempt_at is None
    clock[0] += timedelta(days=1)
    assert submitter.due() == [], "a person decides now (zhangfang submit --resume)"


@pytest.mark.parametrize("ledger_url", ["sqlite"], indirect=True)
def test_capture_into_the_ledger_stores_each_file_and_skips_what_it_holds(ledger, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("01-vat_invoice-text.pdf", "02-vat_invoice-xml.xml"):
        (inbox / name).write_bytes((SAMPLES / name).read_bytes())
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    files = sorted(inbox.iterdir())
    seen: list[tuple[int, int, str]] = []
    summary = capture_into_ledger(
        ledger, files, CaptureOptions(), progress=lambda d, t, f: seen.append((d, t, f.name))
    )
    assert (summary.files, summary.added, summary.skipped) == (3, 3, 0)
    assert [s[0] for s in seen] == [1, 2, 3]
    assert [u.split(":")[0] for u in summary.unreadable] == ["broken.pdf"]
    again = capture_into_ledger(ledger, files, CaptureOptions())
    assert (again.added, again.skipped, again.records) == (0, 3, [])
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    for n, new in enumerate((first, second)):
        new.write_bytes((SAMPLES / "02-vat_invoice-xml.xml").read_bytes() + b"\n" * (n + 1))
    stopped = capture_into_ledger(ledger, [first, second], CaptureOptions(), cancelled=lambda: True)
    assert stopped.cancelled and ledger.known_file(first) and not ledger.known_file(second)


def test_the_running_app_retries_a_submission_when_it_is_due(qtbot, gui_ctx, tmp_path, api):
    rid = _reviewed(gui_ctx.ledger, tmp_path, "34000001")
    gui_ctx.settings = _api_settings(api)
    api.faults = ["503"]  # down when the clerk submitted, five minutes ago
    earlier = datetime.now() - timedelta(minutes=5)
    submitter = Submitter(
        gui_ctx.ledger, connector("api", gui_ctx.settings, gui_ctx.ledger), retries=0,
        now=lambda: earlier,
    )  # fmt: skip
    assert submitter.submit(rid).retry_at < datetime.now()
    with qtbot.waitSignal(gui_ctx.recordsChanged, timeout=20_000):
        gui_ctx.start_retrying(interval_ms=100)  # nobody clicks anything
    assert gui_ctx.ledger.get(rid).state == "confirmed" and len(api.stored) == 1
