"""Where a record may go from each state. Anything else is an ``IllegalTransition``."""

from __future__ import annotations

from app.ledger.errors import IllegalTransition

CAPTURED, REVIEWED, SUBMITTED, CONFIRMED, FAILED = (
    "captured", "reviewed", "submitted", "confirmed", "failed",
)  # fmt: skip
DUPLICATE = "duplicate"  # the same invoice is already claimable: kept for the record, never filed
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
