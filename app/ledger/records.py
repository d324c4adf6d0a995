"""Reading records, correcting and approving them, grouping them into claims."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.ledger import lifecycle
from app.ledger.core import LedgerCore, _now
from app.ledger.errors import DuplicateError, IllegalTransition, LedgerError
from app.ledger.importing import _copy_fields
from app.ledger.lifecycle import RecordState
from app.ledger.models import (
    AuditEntry,
    Claim,
    Record,
)
from app.ledger.views import EDITABLE_FIELDS, AuditView, RecordFilter, StoredRecord
from ocr.records import ExpenseRecord
from ocr.typed import finish_typed, typed_value

log = logging.getLogger(__name__)


class Records(LedgerCore):
    def audit_trail(self, entity: str, entity_id: int) -> list[AuditView]:
        query = (
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id)
        )
        with self.session() as s:
            return [AuditView.of(row) for row in s.scalars(query)]

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

    def _view(self, row: Record) -> StoredRecord:
        document = row.document
        return StoredRecord(
            id=row.id,
            state=cast(RecordState, row.state),  # the column holds only these (check())
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
            finish_typed(rec, set(changes), exact=False)
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


def _typed(record_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes as the record holds them (``ocr.typed``); a value that is not one is
    refused whole, never stored as empty."""
    out = dict(changes)
    for name, value in changes.items():
        if value in ("", None):
            continue
        try:
            out[name] = str(typed_value(name, value))
        except ValueError as exc:
            raise LedgerError(f"record {record_id}: {exc}; nothing was changed") from None
    return out


def _content_hash(row: Record) -> str | None:
    return row.document.sha256 if row.document else None
