"""The ledger against real SQLite and a real PostgreSQL: storage, duplicates, lifecycle,
corrections with their audit trail, and the schema's migrations."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from app.ledger import DuplicateError, IllegalTransition, Ledger, NotFound
from ocr.records import ExpenseRecord

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def _invoice(number: str, *, total: str = "106.00", seller: str = "上海示例餐饮有限公司",
             day: date = date(2026, 10, 8)) -> ExpenseRecord:  # fmt: skip
    rec = ExpenseRecord(
        source=f"{number}.pdf",
        page=1,
        doc_type="vat_invoice",
        invoice_number=number,
        issue_date=day,
        seller_name=seller,
        seller_tax_id="91310000MA1FL4CT3U",
        amount=Decimal(total) - Decimal("6.00"),
        tax=Decimal("6.00"),
        total=Decimal(total),
        status="ok",
    )
    rec.fingerprint = rec.compute_fingerprint()
    return rec


def _file(tmp_path: Path, name: str, content: bytes = b"%PDF-1.4 demo") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_importing_a_folder_twice_stores_each_document_once(ledger: Ledger, tmp_path) -> None:
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".xml", ".ofd"))[:3]
    first = [ledger.import_file(p) for p in files]
    assert all(r.added and not r.already_imported for r in first)
    stored = ledger.records()
    assert len(stored) == sum(len(r.added) for r in first)
    for item in stored:
        assert Path(item.document).read_bytes() == (SAMPLES / item.original_name).read_bytes()
        assert item.state == "captured"
    again = [ledger.import_file(p) for p in files]
    assert all(r.already_imported and not r.added for r in again)
    assert len(ledger.records()) == len(stored)
    assert ledger.check() == []


def test_the_same_invoice_from_another_file_is_kept_but_never_claimable(ledger, tmp_path) -> None:
    first = ledger.add_capture(_file(tmp_path, "a.pdf", b"scan one"), [_invoice("12345678")])
    second = ledger.add_capture(_file(tmp_path, "b.jpg", b"photo of it"), [_invoice("12345678")])
    assert first.added and not second.added
    (dup_id,) = second.duplicates
    dup = ledger.get(dup_id)
    assert dup.state == "duplicate" and dup.duplicate_of == first.added[0]
    assert any(p.code == "duplicate" for p in dup.record.problems)
    with pytest.raises(IllegalTransition, match="cannot become reviewed"):
        ledger.approve(dup_id)
    with pytest.raises(IllegalTransition, match="cannot be claimed"):
        ledger.create_claim("十月差旅", [first.added[0], dup_id])
    # the database itself refuses a second claimable copy, whoever writes it
    with ledger.engine.begin() as conn, pytest.raises(Exception, match=r"(?i)unique"):
        conn.execute(
            text("UPDATE records SET claimable_key = :k WHERE id = :i"),
            {"k": dup.record.fingerprint, "i": dup_id},
        )
    assert ledger.check() == []


def test_a_near_duplicate_is_flagged_for_review(ledger, tmp_path) -> None:
    ledger.add_capture(_file(tmp_path, "a.pdf", b"1"), [_invoice("11111111")])
    near = ledger.add_capture(_file(tmp_path, "b.pdf", b"2"), [_invoice("22222222")])
    other = ledger.add_capture(
        _file(tmp_path, "c.pdf", b"3"), [_invoice("33333333", total="99.00")]
    )
    assert near.near_duplicates == near.added and not other.near_duplicates
    flagged = ledger.get(near.added[0])
    assert flagged.record.status == "review"
    assert any("same seller, amount and date" in p.message for p in flagged.record.problems)


def test_lifecycle_moves_only_along_its_arrows(ledger, tmp_path) -> None:
    (rid,) = ledger.add_capture(_file(tmp_path, "a.pdf"), [_invoice("12345678")]).added
    with pytest.raises(IllegalTransition, match="approve it first"):
        ledger.set_state(rid, "submitted")
    ledger.approve(rid)
    ledger.set_state(rid, "submitted")
    with pytest.raises(IllegalTransition, match="can no longer be changed"):
        ledger.correct(rid, {"total": "1.00"})
    ledger.set_state(rid, "failed", note="rejected by the ERP")
    ledger.correct(rid, {"seller_name": "上海示例餐饮有限公司（更正）"})
    ledger.approve(rid)
    ledger.set_state(rid, "submitted")
    ledger.set_state(rid, "confirmed")
    with pytest.raises(IllegalTransition, match="already in the target system"):
        ledger.set_state(rid, "failed")
    trail = [(e.action, e.before, e.after) for e in ledger.audit_trail("record", rid)]
    assert [a for a, _, _ in trail] == [
        "capture", "reviewed", "submitted", "failed", "correct", "reviewed", "submitted",
        "confirmed",
    ]  # fmt: skip
    assert trail[3][2]["note"] == "rejected by the ERP"
    with pytest.raises(NotFound, match="no record 999"):
        ledger.get(999)


def test_a_correction_is_validated_and_audited(ledger, tmp_path) -> None:
    (rid,) = ledger.add_capture(_file(tmp_path, "a.pdf", b"1"), [_invoice("12345678")]).added
    (other,) = ledger.add_capture(
        _file(tmp_path, "b.pdf", b"2"), [_invoice("87654321", total="50.00")]
    ).added
    fixed = ledger.correct(rid, {"total": "107.00"}, actor="王会计")
    assert fixed.record.total == Decimal("107.00")
    assert fixed.record.status == "review"  # 100.00 + 6.00 ≠ 107.00
    assert any(p.field == "total" for p in fixed.record.problems)
    (entry,) = [e for e in ledger.audit_trail("record", rid) if e.action == "correct"]
    assert entry.actor == "王会计"
    assert entry.before == {"total": "106.00"} and entry.after == {"total": "107.00"}
    with pytest.raises(DuplicateError, match=f"same invoice as record {other}"):
        ledger.correct(rid, {"invoice_number": "87654321"})
    assert ledger.get(rid).record.invoice_number == "12345678", "nothing was changed"
    with pytest.raises(Exception, match="cannot set password"):
        ledger.correct(rid, {"password": "x"})


def test_the_audit_log_is_append_only(ledger, tmp_path) -> None:
    ledger.add_capture(_file(tmp_path, "a.pdf"), [_invoice("12345678")])
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with ledger.engine.begin() as conn, pytest.raises(Exception, match="append-only"):
            conn.execute(text(statement))
    assert ledger.audit_trail("record", 1)[0].actor == "clerk"


def test_claims_group_records(ledger, tmp_path) -> None:
    ids = [
        ledger.add_capture(_file(tmp_path, f"{n}.pdf", n.encode()), [_invoice(n, total=t)]).added[0]
        for n, t in (("10000001", "20.00"), ("10000002", "30.00"))
    ]
    claim = ledger.create_claim("十月差旅", ids, actor="张三")
    assert [r.id for r in ledger.records(claim_id=claim)] == ids
    with pytest.raises(IllegalTransition, match=f"already belongs to claim {claim}"):
        ledger.create_claim("again", ids[:1])


def test_check_notices_a_missing_document_file(ledger, tmp_path) -> None:
    ledger.import_file(SAMPLES / "01-vat_invoice-text.pdf")
    Path(ledger.get(1).document).unlink()
    assert ledger.check() == ["record 1: its document file is missing from storage"]


def test_models_and_migrations_agree(ledger) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.ledger import migrate
    from app.ledger.models import Base

    with ledger.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], "add an Alembic revision: python -m app.ledger.migrate revision '…'"
    assert migrate.current(ledger.engine) == migrate.head()


def test_a_bad_database_url_is_a_clear_error(tmp_path) -> None:
    from app.ledger import LedgerError

    with pytest.raises(LedgerError, match=r"cannot open the ledger .*\[ledger\] url"):
        Ledger.open("postgresql+psycopg://nobody@127.0.0.1:1/none", storage=tmp_path)
    # a database without a driver here, a typo, or no URL form at all: the same kind of message
    for url in ("mysql://x@127.0.0.1/none", "postgres-ql://x@host/db", "ledger.db"):
        with pytest.raises(LedgerError, match=r"use a SQLite file .* or PostgreSQL"):
            Ledger.open(url, storage=tmp_path)
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_an_unreadable_file_is_added_for_a_person_not_called_a_duplicate(tmp_path) -> None:
    from app.ledger import Ledger
    from ocr.capture import capture_file

    ledger = Ledger.open(f"sqlite:///{tmp_path / 'l.db'}", storage=tmp_path / "docs")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n not a pdf")
    result = ledger.import_file(broken, capture_file)
    assert result.duplicates == [] and len(result.added) == 1
    stored = ledger.get(result.added[0])
    assert stored.state == "captured" and "not a readable PDF" in stored.record.problems[0].message
    ledger.close()


def test_a_correction_that_is_not_an_amount_or_a_date_is_refused(tmp_path) -> None:
    from app.ledger import Ledger, LedgerError
    from ocr.capture import capture_file

    ledger = Ledger.open(f"sqlite:///{tmp_path / 'l.db'}", storage=tmp_path / "docs")
    (record_id,) = ledger.import_file(SAMPLES / "01-vat_invoice-text.pdf", capture_file).added
    for field, typed in (("total", "12,3x"), ("issue_date", "2024-13-45")):
        with pytest.raises(LedgerError, match="nothing was changed"):
            ledger.correct(record_id, {field: typed})
    assert f"{ledger.get(record_id).record.total:.2f}" == "7190.56"
    ledger.correct(record_id, {"total": "¥7,190.56"})  # typed as people write it
    assert f"{ledger.get(record_id).record.total:.2f}" == "7190.56"
    ledger.close()
