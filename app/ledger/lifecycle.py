"""Where a record may go from each state, and where a submission may stand. Anything else is
an ``IllegalTransition``. A submission's states (``app.submit.engine``) sit beside the record's:
while one is in flight its record is ``submitted``; ``succeeded`` confirms the record; a
rejection, or giving up (for now or for good), leaves it ``failed``."""

from __future__ import annotations

from typing import Final, Literal

from app.ledger.errors import IllegalTransition

RecordState = Literal["captured", "reviewed", "submitted", "confirmed", "failed", "duplicate"]
CAPTURED: Final = "captured"
REVIEWED: Final = "reviewed"
SUBMITTED: Final = "submitted"
CONFIRMED: Final = "confirmed"
FAILED: Final = "failed"
DUPLICATE: Final = "duplicate"  # the invoice is already claimable: kept, never filed
STATES = (CAPTURED, REVIEWED, SUBMITTED, CONFIRMED, FAILED, DUPLICATE)
TRANSITIONS: dict[str, frozenset[str]] = {
    CAPTURED: frozenset({REVIEWED}),
    REVIEWED: frozenset({SUBMITTED, CAPTURED}),  # back to captured: reopened for changes
    SUBMITTED: frozenset({CONFIRMED, FAILED}),
    FAILED: frozenset({REVIEWED, SUBMITTED}),  # corrected and approved again, or retried
    CONFIRMED: frozenset(),
    DUPLICATE: frozenset(),
}
EDITABLE = frozenset({CAPTURED, REVIEWED, FAILED})
SubmissionState = Literal[
    "pending", "in_flight", "retry", "unknown", "succeeded", "rejected", "gave_up"
]
HINTS = {
    CAPTURED: "approve it first (zhangfang review ID --approve)",
    CONFIRMED: "it is already in the target system; nothing more can happen to it",
    DUPLICATE: "it repeats an invoice that is already claimable; work on that record instead",
    SUBMITTED: "wait for the submission to finish (zhangfang submit --resume)",
}


def check_transition(record_id: int, current: str, wanted: str) -> None:
    if wanted not in TRANSITIONS.get(current, frozenset()):
        hint = HINTS.get(current, "")
        raise IllegalTransition(
            f"record {record_id} is {current}; it cannot become {wanted}"
            + (f": {hint}" if hint else "")
        )
