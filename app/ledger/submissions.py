"""Submissions: one per (record, target), moved with their record in one transaction."""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from app.ledger import lifecycle
from app.ledger.core import LedgerCore, _now
from app.ledger.errors import NotFound
from app.ledger.models import (
    Submission,
)
from app.ledger.views import SubmissionView

log = logging.getLogger(__name__)


class Submissions(LedgerCore):
    def submission(self, record_id: int, target: str, key: str) -> SubmissionView:
        """The submission of this record to this target, created on first use."""
        with self.session() as s, s.begin():
            existing = s.scalar(select(Submission).where(Submission.idempotency_key == key))
            if existing is not None:
                return SubmissionView.of(existing)
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
            return SubmissionView.of(sub)

    def claim_submission(
        self, submission_id: int, holder: str, *, until: datetime, now: datetime
    ) -> bool:
        """Take the right to send this submission, in one UPDATE (atomic on SQLite and
        PostgreSQL alike): only one process at a time holds it. A claim lapses at ``until``,
        or at once when its holder is a process of this machine that is no longer running
        (a killed ``zhangfang submit``). False: someone else is sending it."""
        with self.session() as s, s.begin():
            taken = s.execute(
                update(Submission)
                .where(Submission.id == submission_id)
                .where(
                    or_(
                        Submission.claimed_until.is_(None),
                        Submission.claimed_until < now,
                        Submission.claimed_by == holder,
                    )
                )
                .values(claimed_by=holder, claimed_until=until)
            ).rowcount  # type: ignore[attr-defined]
            if taken:
                return True
            current = s.scalar(select(Submission.claimed_by).where(Submission.id == submission_id))
            if current is None or not _dead_here(current):
                return False
            stolen = s.execute(
                update(Submission)
                .where(Submission.id == submission_id, Submission.claimed_by == current)
                .values(claimed_by=holder, claimed_until=until)
            ).rowcount  # type: ignore[attr-defined]
            if stolen:
                log.info("submission %s: took over the claim of %s (gone)", submission_id, current)
            return bool(stolen)

    def release_submission(self, submission_id: int, holder: str) -> None:
        with self.session() as s, s.begin():
            s.execute(
                update(Submission)
                .where(Submission.id == submission_id, Submission.claimed_by == holder)
                .values(claimed_by=None, claimed_until=None)
            )

    def submission_by_key(self, key: str) -> SubmissionView:
        with self.session() as s:
            sub = s.scalar(select(Submission).where(Submission.idempotency_key == key))
            if sub is None:
                raise NotFound(f"no submission with key {key}")
            return SubmissionView.of(sub)

    def submissions(
        self,
        *,
        target: str | None = None,
        states: Sequence[str] | None = None,
        record_ids: Sequence[int] | None = None,
        due_by: datetime | None = None,
    ) -> list[SubmissionView]:
        """Submissions oldest first; ``due_by``: only those put off until then or earlier."""
        query = select(Submission).order_by(Submission.id)
        if due_by is not None:
            query = query.where(Submission.next_attempt_at <= due_by)
        if record_ids is not None:
            query = query.where(Submission.record_id.in_(list(record_ids)))
        if target:
            query = query.where(Submission.target == target)
        if states:
            query = query.where(Submission.state.in_(list(states)))
        with self.session() as s:
            return [SubmissionView.of(row) for row in s.scalars(query)]

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
        put_off: bool = False,
    ) -> SubmissionView:
        """Move a submission (and its record) in one transaction; ``put_off``: one more round
        of waiting for ``next_attempt_at``."""
        with self.session() as s, s.begin():
            sub = s.get(Submission, submission_id)
            if sub is None:
                raise NotFound(f"no submission {submission_id}")
            before = {"state": sub.state, "attempts": sub.attempts}
            sub.state = state
            if attempt:
                sub.attempts += 1
            if put_off:
                sub.rounds += 1
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
            if next_attempt_at is not None:
                after["retry_at"] = next_attempt_at.isoformat(timespec="seconds")
            self._audit(s, "submit:" + state, "submission", sub.id, before, after)
            if record_state and sub.record_id is not None:
                row = self._row(s, sub.record_id)
                if record_state == lifecycle.CONFIRMED and row.state != lifecycle.SUBMITTED:
                    self._move(s, row, lifecycle.SUBMITTED, note=sub.target)  # one transaction
                if row.state != record_state:
                    self._move(
                        s, row, record_state, note=f"{sub.target}: {external_ref or error or state}"
                    )
            s.flush()
            return SubmissionView.of(sub)


def _dead_here(holder: str) -> bool:
    """Whether ``holder`` (host:pid:token) is a process of this machine that has ended."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if sys.platform == "win32" or host != socket.gethostname() or not pid_text.isdigit():
        return False  # (on Windows os.kill would end the process; the claim lapses in time)
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):
        return False
    return False
