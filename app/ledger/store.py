"""The ledger's operations. Every public method is one transaction: it happens whole or not
at all, with its audit entries in the same transaction."""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Select, create_engine, event, func, select
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from app.ledger import lifecycle, migrate
from app.ledger.errors import DuplicateError, IllegalTransition, LedgerError, NotFound
from app.ledger.models import (
    AuditEntry,
    BotRun,
    Claim,
    Document,
    LineItemRow,
    Record,
    Submission,
)
from ocr.records import DATE_FIELDS, MONEY_FIELDS, READ_FIELDS, ExpenseRecord

log = logging.getLogger(__name__)
COLUMNS = (
    "doc_type", "invoice_kind", "invoice_code", "invoice_number", "issue_date", "buyer_name",
    "buyer_tax_id", "seller_name", "seller_tax_id", "amount", "tax", "total", "currency",
    "category",
)  # fmt: skip
EDITABLE_FIELDS = frozenset(READ_FIELDS) | {"category", "doc_type", "currency"}


@dataclass
class StoredRecord:
    """A record as the ledger holds it: the capture record plus its life here."""

    id: int
    state: str
    record: ExpenseRecord
    document: str | None  # the stored file's path
    original_name: str | None
    claim_id: int | None = None
    duplicate_of: int | None = None
    near_duplicate_of: int | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    created_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "document": self.document,
            "original_name": self.original_name,
            "claim_id": self.claim_id,
            "duplicate_of": self.duplicate_of,
            "near_duplicate_of": self.near_duplicate_of,
            "reviewed_by": self.reviewed_by,
            "reviewed_at": self.reviewed_at.isoformat(timespec="seconds")
            if self.reviewed_at
            else None,
            "record": self.record.to_dict(),
        }


@dataclass
class ImportResult:
    """What one file's import did."""

    path: str
    added: list[int] = field(default_factory=list)  # claimable records
    duplicates: list[int] = field(default_factory=list)  # stored, marked as repeats
    near_duplicates: list[int] = field(default_factory=list)  # added, flagged for review
    already_imported: bool = False  # the same file (by content) was imported before


@dataclass(frozen=True)
class RecordFilter:
    """Which records: every condition given must hold."""

    state: str | Sequence[str] | None = None
    doc_type: str | None = None
    seller: str | None = None  # part of the seller's name
    since: date | None = None
    until: date | None = None
    claim_id: int | None = None

    def apply(self, query: Select) -> Select:
        if self.state:
            states = [self.state] if isinstance(self.state, str) else list(self.state)
            query = query.where(Record.state.in_(states))
        if self.doc_type:
            query = query.where(Record.doc_type == self.doc_type)
        if self.seller:
            query = query.where(Record.seller_name.contains(self.seller))
        if self.since:
            query = query.where(Record.issue_date >= self.since)
        if self.until:
            query = query.where(Record.issue_date <= self.until)
        if self.claim_id is not None:
            query = query.where(Record.claim_id == self.claim_id)
        return query


def default_url() -> str:
    from app.config import paths

    data = paths().data_dir
    data.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data / 'ledger.sqlite3'}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")  # a committed record survives power loss
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


class Ledger:
    """``Ledger.open()`` for the user's ledger; ``Ledger.open(url, storage=…)`` elsewhere."""

    def __init__(self, engine: Engine, storage: Path, actor: str | None = None) -> None:
        self.engine = engine
        self.storage = storage
        self.actor = actor or _whoami()
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(
        cls, url: str | None = None, *, storage: Path | None = None, actor: str | None = None
    ) -> Ledger:
        from app.config import paths

        url = url or _configured_url() or default_url()
        try:
            engine = make_engine(url)
        except (ImportError, ArgumentError, NoSuchModuleError) as exc:
            scheme = url.split("://", 1)[0] if "://" in url else url
            raise LedgerError(
                f"the ledger URL {scheme}://… is not one Zhangfang can use ({exc}); use a "
                "SQLite file (sqlite:///path/ledger.db) or PostgreSQL "
                "(postgresql+psycopg://user@host/database), in [ledger] url of the settings"
            ) from exc
        try:
            migrate.upgrade(engine)
        except Exception as exc:
            raise LedgerError(
                f"cannot open the ledger at {engine.url.render_as_string(hide_password=True)}: "
                f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}; check [ledger] url "
                "in the settings (zhangfang config path) and that the database is reachable"
            ) from exc
        storage = storage or paths().data_dir / "documents"
        storage.mkdir(parents=True, exist_ok=True)
        return cls(engine, storage, actor)

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return self._sessions()

    # ---- audit ---------------------------------------------------------------------------
    def _audit(
        self,
        s: Session,
        action: str,
        entity: str,
        entity_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        actor: str | None = None,
    ) -> None:
        s.add(
            AuditEntry(
                at=_now(),
                actor=actor or self.actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                before=before,
                after=after,
            )
        )

    def audit_trail(self, entity: str, entity_id: int) -> list[AuditEntry]:
        with self.session() as s:
            return list(
                s.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
                    .order_by(AuditEntry.id)
                )
            )

    # ---- import --------------------------------------------------------------------------
    def known_file(self, path: Path) -> bool:
        with self.session() as s:
            return _has_document(s, file_sha256(path))

    def import_file(
        self, path: Path | str, capture: Callable[[Path], list[ExpenseRecord]] | None = None
    ) -> ImportResult:
        """Store a file and its records. A file imported before is skipped before capture."""
        path = Path(path)
        digest = file_sha256(path)
        with self.session() as s:
            if _has_document(s, digest):
                return ImportResult(str(path), already_imported=True)
        if capture is None:
            from ocr.capture import capture_file

            capture = capture_file
        return self.add_capture(path, capture(path), digest=digest)

    def add_capture(
        self, path: Path | str, records: Sequence[ExpenseRecord], *, digest: str | None = None
    ) -> ImportResult:
        path = Path(path)
        digest = digest or file_sha256(path)
        result = ImportResult(str(path))
        stored = self._store_file(path, digest)
        with self.session() as s, s.begin():
            if _has_document(s, digest):
                result.already_imported = True
                return result
            document = Document(
                sha256=digest,
                original_name=path.name,
                stored_path=str(stored.relative_to(self.storage)),
                size=path.stat().st_size,
                pages=max((r.page or 1 for r in records), default=None),
                imported_at=_now(),
                imported_by=self.actor,
            )
            s.add(document)
            s.flush()
            self._audit(s, "import", "document", document.id, after={"file": path.name})
            self._add_rows(s, records, document, result, "capture")
        return result

    def _store_file(self, path: Path, digest: str) -> Path:
        """Copy into storage under the content hash (atomic: a crash leaves no half file)."""
        target = self.storage / digest[:2] / f"{digest}{path.suffix.lower()}"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
            shutil.copyfile(path, tmp)
            with tmp.open("rb") as f:
                os.fsync(f.fileno())
            tmp.replace(target)
        return target

    def _new_row(
        self,
        s: Session,
        rec: ExpenseRecord,
        document: Document | None,
        seen_here: dict[str, int],
    ) -> Record:
        now = _now()
        row = Record(
            document_id=document.id if document is not None else None,
            page=rec.page,
            state=lifecycle.CAPTURED,
            fingerprint=rec.fingerprint,
            created_at=now,
            updated_at=now,
        )
        _copy_fields(row, rec)
        key = rec.fingerprint
        earlier = key and (
            seen_here.get(key) or s.scalar(select(Record.id).where(Record.claimable_key == key))
        )
        if earlier:
            row.state = lifecycle.DUPLICATE
            row.duplicate_of = earlier
            rec.add_problem(
                None,
                "duplicate",
                f"this invoice is already in the ledger as record {earlier}; it will not be "
                "claimed twice",
            )
        else:
            row.claimable_key = key
            row.near_duplicate_of = self._near_duplicate(s, rec)
            if row.near_duplicate_of:
                rec.add_problem(
                    None,
                    "near_duplicate",
                    f"record {row.near_duplicate_of} has the same seller, amount and date; "
                    "check that this is not the same expense twice",
                )
                rec.status = "review"
        row.capture_status = rec.status
        row.data = rec.to_dict()  # once, with the problems found here
        return row

    def _near_duplicate(self, s: Session, rec: ExpenseRecord) -> int | None:
        if not (rec.seller_name and rec.total is not None and rec.issue_date):
            return None
        return s.scalar(
            select(Record.id)
            .where(
                Record.seller_name == rec.seller_name,
                Record.total == rec.total,
                Record.issue_date == rec.issue_date,
                Record.claimable_key.is_not(None),
            )
            .limit(1)
        )

    def add_records(self, records: Iterable[ExpenseRecord], source: str = "import") -> ImportResult:
        """Records without a document file (e.g. from a spreadsheet)."""
        result = ImportResult(source)
        with self.session() as s, s.begin():
            self._add_rows(s, records, None, result, source)
        return result

    def _add_rows(
        self,
        s: Session,
        records: Iterable[ExpenseRecord],
        document: Document | None,
        result: ImportResult,
        action: str,
    ) -> None:
        seen_here: dict[str, int] = {}  # the same invoice twice in one file or sheet
        for rec in records:
            row = self._new_row(s, rec, document, seen_here)
            s.add(row)
            s.flush()
            if row.state == lifecycle.DUPLICATE:
                result.duplicates.append(row.id)
            else:  # claimable; an unreadable page (no fingerprint) waits for a person too
                if row.claimable_key:
                    seen_here[row.claimable_key] = row.id
                result.added.append(row.id)
                if row.near_duplicate_of:
                    result.near_duplicates.append(row.id)
            self._audit(s, action, "record", row.id, after=_summary(row))

    # ---- reading ---------------------------------------------------------------------------
    def get(self, record_id: int) -> StoredRecord:
        with self.session() as s:
            return self._view(self._row(s, record_id))

    def records(
        self,
        *,
        state: str | Sequence[str] | None = None,
        doc_type: str | None = None,
        seller: str | None = None,
        since: date | None = None,
        until: date | None = None,
        claim_id: int | None = None,
    ) -> list[StoredRecord]:
        wanted = RecordFilter(state, doc_type, seller, since, until, claim_id)
        return self.page(wanted, offset=0, limit=None)

    def page(
        self, wanted: RecordFilter | None = None, *, offset: int = 0, limit: int | None = 200
    ) -> list[StoredRecord]:
        """One page of the records that match, oldest first (the GUI's table pages through)."""
        query = (wanted or RecordFilter()).apply(select(Record))
        query = query.options(selectinload(Record.document)).order_by(Record.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.session() as s:
            return [self._view(row) for row in s.scalars(query)]

    def totals(self, wanted: RecordFilter | None = None) -> tuple[int, Decimal]:
        """How many records match and the sum of their totals."""
        query = (wanted or RecordFilter()).apply(
            select(func.count(Record.id), func.coalesce(func.sum(Record.total), 0))
        )
        with self.session() as s:
            count, total = s.execute(query).one()
        return int(count), Decimal(str(total)).quantize(Decimal("0.01"))

    def count(self, state: str | None = None) -> int:
        query = select(func.count(Record.id))
        if state:
            query = query.where(Record.state == state)
        with self.session() as s:
            return int(s.scalar(query) or 0)

    def _row(self, s: Session, record_id: int) -> Record:
        row = s.get(Record, record_id)
        if row is None:
            raise NotFound(f"there is no record {record_id}; see zhangfang records list")
        return row

    def _view(self, row: Record) -> StoredRecord:
        document = row.document
        return StoredRecord(
            id=row.id,
            state=row.state,
            record=ExpenseRecord.from_dict(row.data),
            document=str(self.storage / document.stored_path) if document else None,
            original_name=document.original_name if document else None,
            claim_id=row.claim_id,
            duplicate_of=row.duplicate_of,
            near_duplicate_of=row.near_duplicate_of,
            reviewed_by=row.reviewed_by,
            reviewed_at=row.reviewed_at,
            created_at=row.created_at,
        )

    # ---- review and lifecycle ----------------------------------------------------------------
    def correct(
        self, record_id: int, changes: dict[str, Any], actor: str | None = None
    ) -> StoredRecord:
        """A person corrects fields; validation runs again and the audit keeps before/after."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise LedgerError(
                f"cannot set {', '.join(sorted(unknown))}; fields that can be corrected: "
                + ", ".join(sorted(EDITABLE_FIELDS))
            )
        changes = _typed(record_id, changes)
        with self.session() as s, s.begin():
            row = self._row(s, record_id)
            if row.state not in lifecycle.EDITABLE:
                raise IllegalTransition(
                    f"record {record_id} is {row.state} and can no longer be changed"
                )
            before = {k: row.data.get(k) for k in changes}
            data = dict(row.data)
            data.update({k: (None if v in ("", None) else str(v)) for k, v in changes.items()})
            try:
                rec = ExpenseRecord.from_dict(data)
            except (ValueError, ArithmeticError) as exc:
                raise LedgerError(f"record {record_id}: {exc}; nothing was changed") from exc
            _revalidate(rec, set(changes))
            rec.fingerprint = rec.compute_fingerprint(_content_hash(row))
            if rec.fingerprint != row.fingerprint and row.claimable_key:
                clash = s.scalar(
                    select(Record.id).where(
                        Record.claimable_key == rec.fingerprint, Record.id != row.id
                    )
                )
                if clash:
                    raise DuplicateError(
                        f"with these values record {record_id} is the same invoice as record "
                        f"{clash}; nothing was changed"
                    )
                row.claimable_key = rec.fingerprint
            row.fingerprint = rec.fingerprint
            row.data = rec.to_dict()
            row.capture_status = rec.status
            _copy_fields(row, rec)
            row.updated_at = _now()
            after = {k: row.data.get(k) for k in changes}
            self._audit(s, "correct", "record", row.id, before, after, actor)
            return self._view(row)

    def approve(self, record_id: int, actor: str | None = None) -> StoredRecord:
        with self.session() as s, s.begin():
            row = self._row(s, record_id)
            self._move(s, row, lifecycle.REVIEWED, actor)
            row.reviewed_by = actor or self.actor
            row.reviewed_at = _now()
            return self._view(row)

    def set_state(
        self, record_id: int, state: str, actor: str | None = None, note: str | None = None
    ) -> StoredRecord:
        with self.session() as s, s.begin():
            row = self._row(s, record_id)
            self._move(s, row, state, actor, note)
            return self._view(row)

    def _move(
        self, s: Session, row: Record, state: str, actor: str | None = None, note: str | None = None
    ) -> None:
        lifecycle.check_transition(row.id, row.state, state)
        before = {"state": row.state}
        row.state = state
        row.updated_at = _now()
        after: dict[str, Any] = {"state": state}
        if note:
            after["note"] = note
        self._audit(
            s,
            state if state != lifecycle.CAPTURED else "reopen",
            "record",
            row.id,
            before,
            after,
            actor,
        )

    # ---- claims ------------------------------------------------------------------------------
    def create_claim(self, title: str, record_ids: Sequence[int], actor: str | None = None) -> int:
        with self.session() as s, s.begin():
            claim = Claim(title=title, created_at=_now(), created_by=actor or self.actor)
            s.add(claim)
            s.flush()
            for record_id in record_ids:
                row = self._row(s, record_id)
                if row.state == lifecycle.DUPLICATE:
                    raise IllegalTransition(
                        f"record {record_id} repeats record {row.duplicate_of}; "
                        "it cannot be claimed"
                    )
                if row.claim_id is not None:
                    raise IllegalTransition(
                        f"record {record_id} already belongs to claim {row.claim_id}"
                    )
                row.claim_id = claim.id
            self._audit(
                s,
                "claim",
                "claim",
                claim.id,
                after={"title": title, "records": list(record_ids)},
                actor=actor,
            )
            return claim.id

    # ---- submissions -----------------------------------------------------------------------
    def submission(self, record_id: int, target: str, key: str) -> Submission:
        """The submission of this record to this target, created on first use."""
        with self.session() as s, s.begin():
            existing = s.scalar(select(Submission).where(Submission.idempotency_key == key))
            if existing is not None:
                return existing
            now = _now()
            sub = Submission(
                record_id=record_id,
                target=target,
                idempotency_key=key,
                state="pending",
                attempts=0,
                created_at=now,
                updated_at=now,
            )
            s.add(sub)
            try:
                s.flush()
            except IntegrityError:  # another process created it at the same moment
                s.rollback()
                return self.submission_by_key(key)
            self._audit(
                s,
                "submission",
                "submission",
                sub.id,
                after={"record": record_id, "target": target, "key": key},
            )
            return sub

    def submission_by_key(self, key: str) -> Submission:
        with self.session() as s:
            sub = s.scalar(select(Submission).where(Submission.idempotency_key == key))
            if sub is None:
                raise NotFound(f"no submission with key {key}")
            return sub

    def submissions(
        self,
        *,
        target: str | None = None,
        states: Sequence[str] | None = None,
        record_ids: Sequence[int] | None = None,
    ) -> list[Submission]:
        query = select(Submission).order_by(Submission.id)
        if record_ids is not None:
            query = query.where(Submission.record_id.in_(list(record_ids)))
        if target:
            query = query.where(Submission.target == target)
        if states:
            query = query.where(Submission.state.in_(list(states)))
        with self.session() as s:
            return list(s.scalars(query))

    def update_submission(
        self,
        submission_id: int,
        *,
        state: str,
        record_state: str | None = None,
        external_ref: str | None = None,
        error: str | None = None,
        attempt: bool = False,
        next_attempt_at: datetime | None = None,
    ) -> Submission:
        """Move a submission (and its record) in one transaction."""
        with self.session() as s, s.begin():
            sub = s.get(Submission, submission_id)
            if sub is None:
                raise NotFound(f"no submission {submission_id}")
            before = {"state": sub.state, "attempts": sub.attempts}
            sub.state = state
            if attempt:
                sub.attempts += 1
            if external_ref is not None:
                sub.external_ref = external_ref
            sub.last_error = error
            sub.next_attempt_at = next_attempt_at
            sub.updated_at = _now()
            after: dict[str, Any] = {"state": state, "attempts": sub.attempts}
            if external_ref:
                after["external_ref"] = external_ref
            if error:
                after["error"] = error[:500]
            self._audit(s, "submit:" + state, "submission", sub.id, before, after)
            if record_state and sub.record_id is not None:
                row = self._row(s, sub.record_id)
                if record_state == lifecycle.CONFIRMED and row.state != lifecycle.SUBMITTED:
                    self._move(s, row, lifecycle.SUBMITTED, note=sub.target)  # one transaction
                if row.state != record_state:
                    self._move(
                        s, row, record_state, note=f"{sub.target}: {external_ref or error or state}"
                    )
            return sub

    # ---- bot runs ----------------------------------------------------------------------------
    def add_bot_run(
        self, bot: str, result: dict[str, Any], *, submission_id: int | None = None
    ) -> int:
        with self.session() as s, s.begin():
            run = BotRun(
                bot=bot,
                status=str(result.get("status")),
                started_at=_now(),
                seconds=result.get("seconds"),
                submission_id=submission_id,
                result=result,
                artifacts_dir=result.get("artifacts_dir"),
            )
            s.add(run)
            s.flush()
            self._audit(s, "bot_run", "bot_run", run.id, after={"bot": bot, "status": run.status})
            return run.id

    def bot_runs(self, limit: int = 50) -> list[BotRun]:
        with self.session() as s:
            return list(s.scalars(select(BotRun).order_by(BotRun.id.desc()).limit(limit)))

    # ---- integrity ---------------------------------------------------------------------------
    def check(self) -> list[str]:
        """What is inconsistent; an empty list means the ledger is sound."""
        problems: list[str] = []
        with self.session() as s:
            if s.bind.dialect.name == "sqlite":
                verdict = s.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
                if verdict != "ok":
                    problems.append(f"SQLite integrity check: {verdict}")
                for row in s.connection().exec_driver_sql("PRAGMA foreign_key_check"):
                    problems.append(f"broken reference in {row[0]} row {row[1]}")
            for row in s.scalars(select(Record).options(selectinload(Record.document))):
                if row.state not in lifecycle.STATES:
                    problems.append(f"record {row.id} has unknown state {row.state}")
                if row.state == lifecycle.DUPLICATE and (row.claimable_key or not row.duplicate_of):
                    problems.append(f"record {row.id} is a duplicate but claimable")
                if (
                    row.state != lifecycle.DUPLICATE
                    and row.fingerprint
                    and row.claimable_key != row.fingerprint
                ):
                    problems.append(f"record {row.id} is not registered as claimable")
                if (
                    row.document is not None
                    and not (self.storage / row.document.stored_path).exists()
                ):
                    problems.append(f"record {row.id}: its document file is missing from storage")
            confirmed = s.execute(
                select(Submission.record_id, Submission.target, func.count())
                .where(Submission.state == "succeeded")
                .group_by(Submission.record_id, Submission.target)
                .having(func.count() > 1)
            ).all()
            for record_id, target, n in confirmed:
                problems.append(f"record {record_id} was submitted to {target} {n} times")
        return problems


# ---- helpers ---------------------------------------------------------------------------------
def _typed(record_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """Amounts and dates as a person types them ("1,234.50", "¥88"); a value that is neither
    is refused, never stored as empty."""
    out = dict(changes)
    for name, value in changes.items():
        if value in ("", None):
            continue
        text = str(value).strip()
        if name in MONEY_FIELDS:
            text = text.replace(",", "").replace("，", "").lstrip("¥￥").strip()
            try:
                out[name] = str(Decimal(text))
            except ArithmeticError:
                raise LedgerError(
                    f"record {record_id}: {name} {text!r} is not an amount (write e.g. 1234.50); "
                    "nothing was changed"
                ) from None
        elif name in DATE_FIELDS:
            try:
                date.fromisoformat(text)
            except ValueError:
                raise LedgerError(
                    f"record {record_id}: {name} {text!r} is not a date (write YYYY-MM-DD); "
                    "nothing was changed"
                ) from None
    return out


def _has_document(s: Session, digest: str) -> bool:
    return s.scalar(select(Document.id).where(Document.sha256 == digest)) is not None


def _copy_fields(row: Record, rec: ExpenseRecord) -> None:
    for name in COLUMNS:
        setattr(row, name, getattr(rec, name))
    row.items = [
        LineItemRow(
            position=i,
            name=item.name,
            spec=item.spec,
            unit=item.unit,
            quantity=item.quantity,
            unit_price=item.unit_price,
            amount=item.amount,
            tax_rate=item.tax_rate,
            tax=item.tax,
        )
        for i, item in enumerate(rec.items, 1)
    ]


def _summary(row: Record) -> dict[str, Any]:
    return {
        "state": row.state,
        "doc_type": row.doc_type,
        "invoice_number": row.invoice_number,
        "seller_name": row.seller_name,
        "total": _plain(row.total),
        "issue_date": _plain(row.issue_date),
    }


def _revalidate(rec: ExpenseRecord, corrected: set[str]) -> None:
    from ocr.doctypes import MODULES
    from ocr.validate import validate

    kept = [p for p in rec.problems if p.code in ("duplicate", "near_duplicate")]
    rec.problems = []
    for name in corrected:
        rec.confidence[name] = 1.0  # a person typed it
    validate(rec, MODULES.get(rec.doc_type), exact=False, confirmed=corrected)
    for problem in kept:
        rec.add_problem(problem.field, problem.code, problem.message, problem.severity)


def _content_hash(row: Record) -> str | None:
    return row.document.sha256 if row.document else None


def _configured_url() -> str | None:
    from app.config import load_settings

    return load_settings().ledger_url


def _whoami() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
