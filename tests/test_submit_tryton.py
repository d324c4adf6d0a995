"""The Tryton connector against a real trytond 8.0 server: draft supplier invoices, exactly once."""

from __future__ import annotations

import pytest

from app.ledger import Ledger
from app.submit.engine import IN_FLIGHT, Submitter
from app.submit.tryton import TrytonConnector
from testkit.tryton_server import ADMIN_PASSWORD, TrytonServer
from tests.test_submit import _reviewed

pytestmark = pytest.mark.slow  # a real browser, server or killed processes: not in test-fast


@pytest.fixture
def tryton(tmp_path, memory_keyring):
    memory_keyring.set_password("tryton", "admin", ADMIN_PASSWORD)
    server = TrytonServer.start(tmp_path / "tryton")
    yield server
    server.stop()


@pytest.fixture
def sqlite_ledger(tmp_path):
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'l.sqlite3'}", storage=tmp_path / "docs")
    yield ledger
    ledger.close()


def _connector(server: TrytonServer) -> TrytonConnector:
    return TrytonConnector.from_settings(
        "erp",
        {"url": server.url, "database": server.database, "username": "admin",
         "expense_account": "5.1.3"},
    )  # fmt: skip


def _invoices(connector: TrytonConnector) -> list[dict]:
    return connector._call(
        "model.account.invoice.search_read", [["type", "=", "in"]], 0, None, None,
        ["reference", "description", "state", "total_amount", "party.name",
         "party.identifiers.code"],
    )  # fmt: skip


def test_a_record_becomes_one_draft_supplier_invoice(sqlite_ledger, tmp_path, tryton) -> None:
    connector = _connector(tryton)
    assert "database erp" in connector.health()
    first = _reviewed(sqlite_ledger, tmp_path, "10000001", total="106.00")
    second = _reviewed(sqlite_ledger, tmp_path, "10000002", total="53.00")
    submitter = Submitter(sqlite_ledger, connector, sleep=lambda s: None)
    outcomes = submitter.submit_many([first, second])
    assert [o.state for o in outcomes] == ["succeeded", "succeeded"]
    invoices = _invoices(connector)
    assert len(invoices) == 2
    inv = next(i for i in invoices if i["reference"] == "10000001")
    assert inv["state"] == "draft"
    assert inv["total_amount"] == {"__class__": "Decimal", "decimal": "106.00"}
    assert inv["party."]["name"] == "上海示例餐饮有限公司"
    assert str(inv["id"]) == outcomes[0].external_ref
    assert connector.state(outcomes[0].external_ref) == "draft"
    # one supplier party for both invoices, found by its tax ID the second time
    parties = connector._call(
        "model.party.party.search", [["identifiers.code", "=", "91310000MA1FL4CT3U"]], 0, None, None
    )
    assert len(parties) == 1
    # again: nothing new
    assert all(o.already for o in submitter.submit_many([first, second]))
    assert len(_invoices(connector)) == 2
    assert sqlite_ledger.get(first).state == "confirmed"


def test_a_crash_after_tryton_stored_it_is_resumed_without_a_duplicate(
    sqlite_ledger, tmp_path, tryton
) -> None:
    connector = _connector(tryton)
    rid = _reviewed(sqlite_ledger, tmp_path, "20000001")
    submitter = Submitter(sqlite_ledger, connector, sleep=lambda s: None)
    # what a crash leaves: the attempt written down, Tryton has the invoice, no answer saved
    from app.submit.base import Payload, idempotency_key

    stored = sqlite_ledger.get(rid)
    key = idempotency_key("erp", stored.record.fingerprint, rid)
    sub = sqlite_ledger.submission(rid, "erp", key)
    sqlite_ledger.update_submission(sub.id, state=IN_FLIGHT, record_state="submitted", attempt=True)
    ref = connector.submit(Payload(rid, key, stored.record, stored.document))
    (outcome,) = Submitter(sqlite_ledger, _connector(tryton), sleep=lambda s: None).resume()
    assert outcome.state == "succeeded" and outcome.already and outcome.external_ref == ref
    assert len(_invoices(connector)) == 1
    assert submitter.submit(rid).already


def test_tryton_refusals_are_business_rejections(sqlite_ledger, tmp_path, tryton) -> None:
    connector = TrytonConnector.from_settings(
        "erp", {"url": tryton.url, "database": tryton.database, "username": "admin",
                "expense_account": "9.9.9"},
    )  # fmt: skip
    rid = _reviewed(sqlite_ledger, tmp_path, "30000001")
    outcome = Submitter(sqlite_ledger, connector, sleep=lambda s: None).submit(rid)
    assert outcome.state == "gave_up" and "no account 9.9.9" in outcome.error
    assert _invoices(_connector(tryton)) == []


def test_a_wrong_password_is_named(sqlite_ledger, tmp_path, tryton, memory_keyring) -> None:
    memory_keyring.set_password("tryton", "admin", "wrong")
    rid = _reviewed(sqlite_ledger, tmp_path, "40000001")
    outcome = Submitter(sqlite_ledger, _connector(tryton), sleep=lambda s: None).submit(rid)
    assert outcome.state == "gave_up"
    assert "refused the login of 'admin'" in outcome.error
