"""What every part of the ledger stands on: the engine, one session per operation, the
audit entry written in the same transaction, and the record lifecycle's moves."""

from __future__ import annotations

import getpass
import hashlib
import logging
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.ledger import lifecycle
from app.ledger.errors import NotFound
from app.ledger.models import (
    AuditEntry,
    Record,
)

log = logging.getLogger(__name__)


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


class LedgerCore:
    """The engine, storage folder and acting person; the parts below add the operations."""

    def __init__(self, engine: Engine, storage: Path, actor: str | None = None) -> None:
        self.engine = engine
        self.storage = storage
        self.actor = actor or _whoami()
        self._sessions = sessionmaker(engine, expire_on_commit=False)

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

    def _row(self, s: Session, record_id: int) -> Record:
        row = s.get(Record, record_id)
        if row is None:
            raise NotFound(f"there is no record {record_id}; see zhangfang records list")
        return row

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


def _whoami() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
