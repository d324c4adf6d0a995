"""What the ledger hands out: plain, typed objects, never live database rows."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select

from app.ledger.lifecycle import RecordState, SubmissionState
from app.ledger.models import (
    Record,
)
from ocr.records import READ_FIELDS, ExpenseRecord

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
    state: RecordState
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


def _fields_of(cls: Any, row: Any) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(cls)}


@dataclass(frozen=True)
class SubmissionView:
    """One record's submission to one target, as it stood when read."""

    id: int
    record_id: int | None
    claim_id: int | None
    target: str
    idempotency_key: str
    state: SubmissionState
    attempts: int
    rounds: int  # how many times it was put off for a later retry
    external_ref: str | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Any) -> SubmissionView:
        return cls(**_fields_of(cls, row))


@dataclass(frozen=True)
class BotRunView:
    """One bot run: where its files are and which submission (if any) started it."""

    id: int
    bot: str
    status: str  # passed | failed | stopped
    started_at: datetime
    seconds: float | None
    submission_id: int | None
    result: dict[str, Any]
    artifacts_dir: str | None

    @classmethod
    def of(cls, row: Any) -> BotRunView:
        return cls(**_fields_of(cls, row))


@dataclass(frozen=True)
class AuditView:
    """One audit entry: who did what to which entity, with the values before and after."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def of(cls, row: Any) -> AuditView:
        return cls(**_fields_of(cls, row))
