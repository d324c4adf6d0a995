"""Submission exactly once, against a real HTTP expense API that misbehaves on purpose."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest

from app.ledger import Ledger
from app.submit.engine import Submitter
from app.submit.rest import RestConnector
from ocr.records import ExpenseRecord
from testkit.expense_api import TOKEN, ExpenseAPI

BODY = {
    "invoice_no": "{{ invoice_number }}",
    "seller": "{{ seller_name }}",
    "total": "{{ total }}",
    "date": "{{ issue_date }}",
    "ref": "zhangfang {{ record_id }}",
}


def _reviewed(ledger: Ledger, tmp_path, number: str, total: str = "106.00") -> int:
    rec = ExpenseRecord(
        source=f"{number}.pdf", doc_type="vat_invoice", invoice_number=number,
        issue_date=date(2026, 10, 8), seller_name="上海示例餐饮有限公司",
        seller_tax_id="91310000MA1FL4CT3U", amount=Decimal(total) - 6, tax=Decimal(6),
        total=Decimal(total), status="ok",
    )  # fmt: skip
    rec.fingerprint = rec.compute_fingerprint()
    path = tmp_path / f"{number}.pdf"
    path.write_bytes(number.encode())
    (rid,) = ledger.add_capture(path, [rec]).added
    ledger.approve(rid)
    return rid


@pytest.fixture
def api(memory_keyring):
    memory_keyring.set_password("expense-api", "zhangfang", TOKEN)
    with ExpenseAPI() as server:
        yield server


def _submitter(ledger, api, **options) -> tuple[Submitter, list[float]]:
    connector = RestConnector.from_settings(
        "erp-api",
        {
            "url": api.url,
            "lookup_url": api.url + "?key={{ key }}",
            "id_field": "data.id",
            "body": BODY,
            "secret": {"service": "expense-api", "username": "zhangfang"},
            "timeout_s": 5,
        },
    )
    slept: list[float] = []
    return Submitter(ledger, connector, sleep=slept.append, **options), slept


def test_reviewed_records_are_posted_once_and_confirmed(ledger, tmp_path, api) -> None:
    ids = [_reviewed(ledger, tmp_path, n) for n in ("10000001", "10000002")]
    submitter, _ = _submitter(ledger, api)
    outcomes = submitter.submit_many(ids)
    assert [o.state for o in outcomes] == ["succeeded", "succeeded"]
    assert [o.external_ref for o in outcomes] == ["EXP-00001", "EXP-00002"]
    assert api.stored[0]["invoice_no"] == "10000001" and api.stored[0]["total"] == "106.00"
    assert api.stored[0]["key"].startswith("zf-")
    assert [ledger.get(i).state for i in ids] == ["confirmed", "confirmed"]
    again = submitter.submit_many(ids)  # a second click, a second batch: nothing new is sent
    assert all(o.already for o in again) and len(api.stored) == 2
    assert ledger.check() == []


def test_a_lost_answer_is_looked_up_not_sent_again(ledger, tmp_path, api) -> None:
    rid = _reviewed(ledger, tmp_path, "20000001")
    api.faults = ["drop_after_store"]  # stored, then the connection dies before the answer
    submitter, slept = _submitter(ledger, api)
    outcome = submitter.submit(rid)
    assert outcome.state == "succeeded" and outcome.already
    assert outcome.external_ref == "EXP-00001"
    assert len(api.stored) == 1, "the lookup found it; it was not posted twice"
    assert slept == [1.0]
    trail = [e.action for e in ledger.audit_trail("submission", 1)]
    assert trail == ["submission", "submit:in_flight", "submit:unknown", "submit:succeeded"]


def test_technical_failures_are_retried_with_backoff(ledger, tmp_path, api) -> None:
    rid = _reviewed(ledger, tmp_path, "30000001")
    api.faults = ["503", "503"]
    submitter, slept = _submitter(ledger, api)
    outcome = submitter.submit(rid)
    assert outcome.state == "succeeded" and outcome.attempts == 3
    assert slept == [1.0, 4.0] and len(api.stored) == 1


def test_a_business_rejection_is_shown_and_never_retried(ledger, tmp_path, api) -> None:
    rid = _reviewed(ledger, tmp_path, "40000001")
    api.faults = ["422"]
    submitter, slept = _submitter(ledger, api)
    outcome = submitter.submit(rid)
    assert outcome.state == "rejected" and "期间已关账" in outcome.error
    assert slept == [] and ledger.get(rid).state == "failed"
    assert submitter.submit(rid).state == "rejected", "not sent again by itself"
    assert submitter.resume() == [], "rejections wait for a person"
    # a person corrects and approves it again: now it goes
    ledger.correct(rid, {"seller_name": "上海示例餐饮有限公司"})
    ledger.approve(rid)
    assert submitter.submit(rid).state == "succeeded"
    assert len(api.stored) == 1


def test_an_unreachable_target_gives_up_and_resume_finishes(ledger, tmp_path, api) -> None:
    rid = _reviewed(ledger, tmp_path, "50000001")
    submitter, slept = _submitter(ledger, api, retries=2)
    submitter.connector.url = "http://127.0.0.1:1/api/expenses"  # nothing listens there
    outcome = submitter.submit(rid)
    assert outcome.state == "gave_up" and "cannot reach" in outcome.error
    assert ledger.get(rid).state == "failed" and slept == [1.0, 4.0]
    fixed, _ = _submitter(ledger, api)
    (resumed,) = fixed.resume()
    assert resumed.state == "succeeded" and len(api.stored) == 1
    assert ledger.get(rid).state == "confirmed"


def test_a_missing_credential_sends_nothing_and_names_the_fix(
    ledger, tmp_path, api, memory_keyring
) -> None:
    rid = _reviewed(ledger, tmp_path, "60000001")
    memory_keyring.delete_password("expense-api", "zhangfang")
    submitter, _ = _submitter(ledger, api)
    outcome = submitter.submit(rid)
    assert outcome.state == "gave_up"
    assert "zhangfang secret set expense-api zhangfang" in outcome.error
    assert api.stored == []


def test_records_not_yet_approved_are_skipped(ledger, tmp_path, api) -> None:
    rid = _reviewed(ledger, tmp_path, "70000001")
    ledger.set_state(rid, "captured")
    submitter, _ = _submitter(ledger, api)
    outcome = submitter.submit(rid)
    assert outcome.state == "skipped" and "approve it first" in outcome.error
    assert api.stored == []


def test_a_missing_credential_on_resume_is_an_outcome_not_a_crash(
    ledger, tmp_path, api, memory_keyring
) -> None:
    rid = _reviewed(ledger, tmp_path, "80000001")
    api.faults = ["drop_after_store"]
    submitter, _ = _submitter(ledger, api, retries=0)
    assert submitter.submit(rid).state == "gave_up"  # in doubt: stored, answer lost
    memory_keyring.delete_password("expense-api", "zhangfang")
    (outcome,) = submitter.resume()  # the lookup needs the credential too
    assert outcome.state == "gave_up"
    assert "zhangfang secret set expense-api zhangfang" in outcome.error
    memory_keyring.set_password("expense-api", "zhangfang", TOKEN)
    (outcome,) = submitter.resume()
    assert outcome.state == "succeeded" and outcome.already and len(api.stored) == 1


# ---- exactly once when two processes send, and when the target lies (issue 14) -------------
def test_two_senders_at_once_post_each_invoice_once(ledger, tmp_path, api) -> None:
    import threading

    ids = [_reviewed(ledger, tmp_path, f"9100000{n}") for n in range(4)]
    api.delay_s = 0.3  # each answer is slow: both senders are inside the call together
    outcomes: list = []

    def clerk() -> None:
        submitter, _ = _submitter(ledger, api)
        outcomes.extend(submitter.submit_many(ids))

    clerks = [threading.Thread(target=clerk) for _ in range(2)]
    for thread in clerks:
        thread.start()
    for thread in clerks:
        thread.join(60)
    assert sorted(e["invoice_no"] for e in api.stored) == [f"9100000{n}" for n in range(4)]
    assert {o.state for o in outcomes} <= {"succeeded", "skipped"}
    assert [ledger.get(i).state for i in ids] == ["confirmed"] * 4
    assert ledger.check() == []


def test_a_claim_left_by_a_killed_process_is_taken_over(ledger, tmp_path, api) -> None:
    import socket
    import subprocess
    import sys
    from datetime import datetime, timedelta

    rid = _reviewed(ledger, tmp_path, "92000001")
    sub = ledger.submission(rid, "erp-api", "zf-key")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    later = datetime.now() + timedelta(hours=1)
    live = f"{socket.gethostname()}:{os.getpid()}:other"
    assert ledger.claim_submission(sub.id, live, until=later, now=datetime.now())
    assert not ledger.claim_submission(sub.id, "me", until=later, now=datetime.now())
    ledger.release_submission(sub.id, live)
    assert ledger.claim_submission(
        sub.id, f"{socket.gethostname()}:{dead}:x", until=later, now=datetime.now()
    )
    assert ledger.claim_submission(sub.id, "me", until=later, now=datetime.now())  # it is gone


def test_a_submission_another_process_holds_is_not_sent(ledger, tmp_path, api) -> None:
    import socket
    from datetime import datetime, timedelta

    from app.submit.base import idempotency_key

    rid = _reviewed(ledger, tmp_path, "93000001")
    key = idempotency_key("erp-api", ledger.get(rid).record.fingerprint, rid)
    sub = ledger.submission(rid, "erp-api", key)
    other = f"{socket.gethostname()}:{os.getpid()}:another-clerk"  # alive: this very process
    later = datetime.now() + timedelta(minutes=5)
    assert ledger.claim_submission(sub.id, other, until=later, now=datetime.now())
    submitter, _ = _submitter(ledger, api)
    outcome = submitter.submit(rid)
    assert outcome.state == "skipped" and "another Zhangfang is sending" in outcome.error
    assert api.stored == []


def test_a_lookup_that_ignores_the_key_is_never_taken_for_a_yes(ledger, tmp_path, api) -> None:
    first = _reviewed(ledger, tmp_path, "94000001")
    second = _reviewed(ledger, tmp_path, "94000002")
    submitter, _ = _submitter(ledger, api, retries=1)
    assert submitter.submit(first).state == "succeeded"
    api.lookup_ignores_key = True  # answers with record 1's entry whatever it is asked
    api.faults = ["503"]  # the second's first attempt: outcome unknown, so look it up first
    outcome = submitter.submit(second)
    assert outcome.state != "succeeded" and outcome.external_ref is None
    assert "may ignore the key" in outcome.error
    assert len(api.stored) == 1, "not sent blindly either"
    assert ledger.get(second).state == "failed"
    assert ledger.check() == []


def test_an_answer_without_its_id_after_storing_is_looked_up_not_rejected(
    ledger, tmp_path, api
) -> None:
    rid = _reviewed(ledger, tmp_path, "95000001")
    api.faults = ["no_id_after_store"]
    submitter, _ = _submitter(ledger, api)
    outcome = submitter.submit(rid)
    assert outcome.state == "succeeded" and outcome.already
    assert outcome.external_ref == "EXP-00001" and len(api.stored) == 1


def test_a_target_without_lookup_never_resends_a_lost_answer(ledger, tmp_path, api) -> None:
    rid = _reviewed(ledger, tmp_path, "96000001")
    submitter, _ = _submitter(ledger, api)
    submitter.connector.lookup_url = None
    api.faults = ["drop_after_store"]
    outcome = submitter.submit(rid)
    assert outcome.state == "gave_up" and "--found REF" in outcome.error and not outcome.retry_at
    assert submitter.resume()[0].state == "gave_up" and len(api.stored) == 1  # still waits
    settled = submitter.settle(rid, "EXP-00001")  # a person looked in the target
    assert settled.state == "succeeded" and ledger.get(rid).state == "confirmed"
    other = _reviewed(ledger, tmp_path, "96000002")
    api.faults = ["drop_after_store"]
    submitter.submit(other)
    api.stored.clear()  # the target lost it after all: the person says it is not there
    assert submitter.settle(other, None).state == "succeeded" and len(api.stored) == 1
