"""Exactly once: each (record, target) has one submission with a stable idempotency key.

Before calling the target the attempt is written down (``in_flight``); afterwards the
outcome. Whenever an earlier attempt's outcome is not known — it timed out, or the process
died between the two writes — the target is asked first (``lookup``) and only a record it
does not have is sent again. Technical failures are retried with backoff; business
rejections never are: they are shown. ``resume`` finishes whatever a crash left behind.

When the quick retries of one call are used up, the submission is put off: it waits in
``retry`` (or ``unknown``, looked up first) with ``next_attempt_at`` set, the running app
takes it up again then (``due``; ``app.services.submission.retry_due``), up to
``len(later_s)`` times; after that it has ``gave_up`` and waits for a person.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final, Literal

from app.ledger import Ledger, lifecycle
from app.ledger.errors import LedgerError
from app.ledger.lifecycle import SubmissionState
from app.submit.base import Connector, Payload, idempotency_key
from app.submit.errors import OutcomeUnknown, Rejected, TargetConfigError, Unavailable

log = logging.getLogger(__name__)
OutcomeState = Literal["succeeded", "rejected", "gave_up", "skipped"]
PENDING: Final = "pending"
IN_FLIGHT: Final = "in_flight"
RETRY: Final = "retry"
UNKNOWN: Final = "unknown"
SUCCEEDED: Final = "succeeded"
REJECTED: Final = "rejected"
GAVE_UP: Final = "gave_up"
OPEN_STATES = (PENDING, IN_FLIGHT, RETRY, UNKNOWN, GAVE_UP)
DUE_STATES = (RETRY, UNKNOWN)  # put off until next_attempt_at
CLAIM_S = 900.0  # a claim lapses after this (a machine that died); a dead local process at once
BACKOFF_S = (1.0, 4.0, 15.0)  # between the quick retries of one call
LATER_S = (60.0, 600.0, 3600.0)  # then: put off this long, once each, before giving up


@dataclass
class Outcome:
    record_id: int
    target: str
    state: OutcomeState
    external_ref: str | None = None
    error: str | None = None
    attempts: int = 0
    already: bool = False  # the target had it before this call (found by lookup)
    retry_at: datetime | None = None  # gave up for now: the running app tries again then

    def to_dict(self) -> dict[str, object]:
        return {
            "record": self.record_id,
            "target": self.target,
            "state": self.state,
            "external_ref": self.external_ref,
            "error": self.error,
            "attempts": self.attempts,
            "retry_at": self.retry_at.isoformat(timespec="seconds") if self.retry_at else None,
        }


@dataclass
class Submitter:
    ledger: Ledger
    connector: Connector
    retries: int = 3
    backoff_s: Sequence[float] = BACKOFF_S
    later_s: Sequence[float] = LATER_S
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], datetime] = datetime.now
    holder: str = field(default_factory=lambda: _holder())  # who claims submissions

    @property
    def target(self) -> str:
        return self.connector.name

    def submit_many(self, record_ids: Sequence[int]) -> list[Outcome]:
        return [self.submit(record_id) for record_id in record_ids]

    def submit(self, record_id: int) -> Outcome:
        """Send one record, exactly once: the submission is claimed in the ledger first, so
        a second process (another clerk, the app's retry timer) cannot send it meanwhile."""
        stored = self.ledger.get(record_id)
        key = idempotency_key(self.target, stored.record.fingerprint, record_id)
        sub = self.ledger.submission(record_id, self.target, key)
        now = self.now()
        if not self.ledger.claim_submission(
            sub.id, self.holder, until=now + timedelta(seconds=CLAIM_S), now=now
        ):
            return Outcome(
                record_id, self.target, "skipped",
                error="another Zhangfang is sending this record right now; see its outcome "
                "in a moment (zhangfang records show)",
            )  # fmt: skip
        try:
            return self._submit_claimed(record_id, key)
        finally:
            self.ledger.release_submission(sub.id, self.holder)

    def _submit_claimed(self, record_id: int, key: str) -> Outcome:
        stored = self.ledger.get(record_id)  # read again: what the last holder did is in
        sub = self.ledger.submission(record_id, self.target, key)
        if sub.state == SUCCEEDED:
            return Outcome(
                record_id,
                self.target,
                SUCCEEDED,
                sub.external_ref,
                attempts=sub.attempts,
                already=True,
            )
        if stored.state not in (lifecycle.REVIEWED, lifecycle.SUBMITTED, lifecycle.FAILED):
            return Outcome(
                record_id,
                self.target,
                "skipped",
                error=f"record is {stored.state}; approve it first",
            )
        if sub.state == REJECTED and stored.state != lifecycle.REVIEWED:
            # shown to a person; sent again only after they correct and approve it again
            return Outcome(
                record_id, self.target, REJECTED, error=sub.last_error, attempts=sub.attempts
            )
        payload = Payload(record_id, key, stored.record, stored.document, sub.id)
        doubtful = sub.state in (IN_FLIGHT, UNKNOWN, GAVE_UP)
        error: str | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self._delay(attempt - 1))
            if doubtful and not can_look_up(self.connector):
                message = (
                    f"whether the last attempt reached {self.target} is not known, and "
                    f"{self.target} cannot be asked (it has no lookup); look there, then "
                    f"`zhangfang submit --target {self.target} --record {record_id} --found REF` "
                    "(it is there) or `--not-there` (send it again)"
                )
                self._record(sub.id, UNKNOWN, record_state=lifecycle.FAILED, error=message)
                return Outcome(record_id, self.target, GAVE_UP, error=message)
            if doubtful:
                try:
                    found = self.connector.lookup(payload)
                except (Unavailable, OutcomeUnknown) as exc:
                    error = f"could not check the target first: {exc}"
                    self._record(sub.id, UNKNOWN, error=error)
                    continue
                except TargetConfigError as exc:  # e.g. its credential is missing: nothing sent
                    self._record(sub.id, GAVE_UP, record_state=lifecycle.FAILED, error=exc.message)
                    return Outcome(record_id, self.target, GAVE_UP, error=exc.message)
                if found:
                    log.info("record %s is already in %s as %s", record_id, self.target, found)
                    self._succeeded(sub.id, found)
                    return Outcome(
                        record_id,
                        self.target,
                        SUCCEEDED,
                        found,
                        attempts=sub.attempts,
                        already=True,
                    )
            self._record(sub.id, IN_FLIGHT, record_state=lifecycle.SUBMITTED, attempt=True)
            try:
                ref = self.connector.submit(payload)
            except Rejected as exc:
                self._record(sub.id, REJECTED, record_state=lifecycle.FAILED, error=exc.message)
                return Outcome(
                    record_id, self.target, REJECTED, error=exc.message, attempts=attempt + 1
                )
            except TargetConfigError as exc:  # raised before anything was sent
                self._record(sub.id, GAVE_UP, record_state=lifecycle.FAILED, error=exc.message)
                return Outcome(
                    record_id, self.target, GAVE_UP, error=exc.message, attempts=attempt + 1
                )
            except Unavailable as exc:
                error, doubtful = exc.message, False
                self._record(sub.id, RETRY, error=error, retry_in=self._delay(attempt))
                continue
            except Exception as exc:  # OutcomeUnknown, or anything unexpected: look first
                error, doubtful = f"{exc.__class__.__name__}: {exc}", True
                self._record(sub.id, UNKNOWN, error=error, retry_in=self._delay(attempt))
                continue
            self._succeeded(sub.id, ref)
            return Outcome(record_id, self.target, SUCCEEDED, ref, attempts=attempt + 1)
        if sub.rounds < len(self.later_s):  # put off: the running app takes it up again
            retry_at = self.now() + timedelta(seconds=self.later_s[sub.rounds])
            state = UNKNOWN if doubtful else RETRY
            self.ledger.update_submission(
                sub.id, state=state, record_state=lifecycle.FAILED, error=error,
                next_attempt_at=retry_at, put_off=True,
            )  # fmt: skip
            return Outcome(
                record_id, self.target, GAVE_UP, error=error, attempts=self.retries + 1,
                retry_at=retry_at,
            )  # fmt: skip
        self._record(sub.id, GAVE_UP, record_state=lifecycle.FAILED, error=error)
        return Outcome(record_id, self.target, GAVE_UP, error=error, attempts=self.retries + 1)

    def settle(self, record_id: int, found: str | None) -> Outcome:
        """A person looked in the target: the record is there as ``found``, or (None) it is
        not, and may be sent again. Only for a submission whose outcome is not known."""
        stored = self.ledger.get(record_id)
        key = idempotency_key(self.target, stored.record.fingerprint, record_id)
        sub = self.ledger.submission(record_id, self.target, key)
        if sub.state not in (IN_FLIGHT, UNKNOWN, GAVE_UP):
            return Outcome(
                record_id, self.target, "skipped",
                error=f"its submission to {self.target} is {sub.state}, not in doubt",
            )  # fmt: skip
        if found:
            self._succeeded(sub.id, found)
            return Outcome(record_id, self.target, SUCCEEDED, found, already=True)
        self._record(sub.id, PENDING, error="a person found it is not in the target")
        return self.submit(record_id)

    def _delay(self, attempt: int) -> float:
        return self.backoff_s[min(attempt, len(self.backoff_s) - 1)]

    def _record(
        self,
        submission_id: int,
        state: SubmissionState,
        *,
        record_state: str | None = None,
        error: str | None = None,
        attempt: bool = False,
        retry_in: float | None = None,
    ) -> None:
        when = self.now() + timedelta(seconds=retry_in) if retry_in is not None else None
        self.ledger.update_submission(
            submission_id, state=state, record_state=record_state, error=error,
            attempt=attempt, next_attempt_at=when,
        )  # fmt: skip

    def _succeeded(self, submission_id: int, ref: str) -> None:
        self.ledger.update_submission(
            submission_id, state=SUCCEEDED, record_state=lifecycle.CONFIRMED, external_ref=ref
        )

    def resume(self) -> list[Outcome]:
        """Finish every submission to this target that a crash or an outage left open."""
        return self._again(self.ledger.submissions(target=self.target, states=OPEN_STATES))

    def due(self) -> list[Outcome]:
        """Take up the submissions to this target that were put off and whose time has come."""
        return self._again(
            self.ledger.submissions(target=self.target, states=DUE_STATES, due_by=self.now())
        )

    def _again(self, subs: Sequence) -> list[Outcome]:
        outcomes = []
        for sub in subs:
            if sub.record_id is None:
                continue
            try:
                outcomes.append(self.submit(sub.record_id))
            except LedgerError as exc:
                outcomes.append(Outcome(sub.record_id, self.target, "skipped", error=exc.message))
        return outcomes


def _holder() -> str:
    """This process, as a claim names it: host, pid and a token (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def can_look_up(connector: Connector) -> bool:
    """Whether the target can be asked if it has a record (``Connector.can_look_up``)."""
    return bool(getattr(connector, "can_look_up", True))
