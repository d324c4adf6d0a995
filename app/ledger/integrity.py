"""The ledger's self-check: what is inconsistent, in words a person can act on."""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.ledger import lifecycle
from app.ledger.core import LedgerCore
from app.ledger.models import (
    Record,
    Submission,
)

log = logging.getLogger(__name__)


class Integrity(LedgerCore):
    def check(self) -> list[str]:
        """What is inconsistent; an empty list means the ledger is sound."""
        problems: list[str] = []
        with self.session() as s:
            if self.engine.dialect.name == "sqlite":
                verdict = s.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
                if verdict != "ok":
                    problems.append(f"SQLite integrity check: {verdict}")
                for broken in s.connection().exec_driver_sql("PRAGMA foreign_key_check"):
                    problems.append(f"broken reference in {broken[0]} row {broken[1]}")
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
