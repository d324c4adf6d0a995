"""The ledger's tables (SQLAlchemy 2.x declarative). Changes need an Alembic revision too:
``tests/test_ledger.py`` fails when the models and the migrations disagree."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Money = Numeric(14, 2, asdecimal=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Document(Base):
    """An original file, copied into managed storage under its content hash."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(500))
    stored_path: Mapped[str] = mapped_column(String(500))  # relative to the storage folder
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(100))
    records: Mapped[list[Record]] = relationship(back_populates="document")


class Claim(Base):
    """Records filed together (one 报销单)."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    records: Mapped[list[Record]] = relationship(back_populates="claim")


class Record(Base):
    """One expense record: the capture contract's fields plus its life in the ledger."""

    __tablename__ = "records"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    page: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), index=True)
    capture_status: Mapped[str] = mapped_column(String(10))  # "ok" | "review" from capture
    fingerprint: Mapped[str | None] = mapped_column(String(200), index=True)
    # the fingerprint again while the record is claimable; NULL for duplicates. Unique, so
    # two claimable records of one invoice cannot exist, whoever writes them.
    claimable_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("records.id"))
    near_duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("records.id"))
    doc_type: Mapped[str] = mapped_column(String(30), index=True)
    invoice_kind: Mapped[str | None] = mapped_column(String(60))
    invoice_code: Mapped[str | None] = mapped_column(String(20))
    invoice_number: Mapped[str | None] = mapped_column(String(30), index=True)
    issue_date: Mapped[date | None] = mapped_column(Date, index=True)
    buyer_name: Mapped[str | None] = mapped_column(String(200))
    buyer_tax_id: Mapped[str | None] = mapped_column(String(30))
    seller_name: Mapped[str | None] = mapped_column(String(200), index=True)
    seller_tax_id: Mapped[str | None] = mapped_column(String(30))
    amount: Mapped[Decimal | None] = mapped_column(Money)
    tax: Mapped[Decimal | None] = mapped_column(Money)
    total: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(String(3))
    category: Mapped[str | None] = mapped_column(String(30))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the full capture record (JSON form)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    document: Mapped[Document | None] = relationship(back_populates="records")
    claim: Mapped[Claim | None] = relationship(back_populates="records")
    items: Mapped[list[LineItemRow]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="LineItemRow.position"
    )
    __table_args__ = (Index("ix_records_near", "seller_name", "total", "issue_date"),)


class LineItemRow(Base):
    __tablename__ = "line_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(200))
    spec: Mapped[str | None] = mapped_column(String(100))
    unit: Mapped[str | None] = mapped_column(String(20))
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(18, 6))
    unit_price: Mapped[Decimal | None] = mapped_column(Numeric(18, 6))
    amount: Mapped[Decimal | None] = mapped_column(Money)
    tax_rate: Mapped[str | None] = mapped_column(String(20))
    tax: Mapped[Decimal | None] = mapped_column(Money)
    record: Mapped[Record] = relationship(back_populates="items")


class Submission(Base):
    """One record (or claim) going to one target, exactly once: the idempotency key is
    derived from the invoice's identity and the target, so it survives re-imports."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    target: Mapped[str] = mapped_column(String(100))
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    external_ref: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)  # a retry due
    rounds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # put off so often
    claimed_by: Mapped[str | None] = mapped_column(String(200))  # host:pid:token sending it now
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)  # the claim lapses then
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class BotRun(Base):
    __tablename__ = "bot_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    bot: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    seconds: Mapped[float | None] = mapped_column(Numeric(10, 3, asdecimal=False))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)  # the run's result (no secrets)
    artifacts_dir: Mapped[str | None] = mapped_column(String(500))


class AuditEntry(Base):
    """Append-only: database triggers refuse UPDATE and DELETE on this table."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)
