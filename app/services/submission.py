"""Submitting records to a target, the one way the command line, the desktop app and the demo
do it: the connector from the settings, every bot run it makes kept (folder, trace, a row in
Runs linked to its submission), and the put-off submissions taken up again when they are due.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.config import Settings
from app.ledger import Ledger
from app.ledger.errors import LedgerError
from app.services.bots import ocr_reader, run_and_keep
from app.submit.base import Connector
from app.submit.bot import BotConnector
from app.submit.engine import DUE_STATES, Outcome, Submitter
from app.submit.errors import SubmitError
from app.submit.targets import connector_for

log = logging.getLogger(__name__)


def connector(target: str, settings: Settings, ledger: Ledger | None) -> Connector:
    """The target's connector; a bot target keeps each run it makes in ``ledger``."""
    made = connector_for(target, settings.targets)
    if isinstance(made, BotConnector):
        keep_bot_runs(made, settings, ledger)
    return made


def keep_bot_runs(bot_connector: BotConnector, settings: Settings, ledger: Ledger | None) -> None:
    """Make ``bot_connector`` run its bots through ``run_and_keep``: a failed submission run
    leaves its screenshot and trace, and Runs shows which submission it belonged to."""

    def run(path: Path, bot: Any, params: dict[str, Any], options: Any, submission_id: Any):
        options.browser_executable = options.browser_executable or settings.browser
        options.ocr = options.ocr or ocr_reader(settings.ocr_engine)
        kept = run_and_keep(
            path, params, settings=settings, ledger=ledger, bot=bot, options=options,
            submission_id=submission_id,
        )  # fmt: skip
        return kept.result

    bot_connector.run = run


def submit_records(
    ledger: Ledger,
    settings: Settings,
    target: str,
    record_ids: Sequence[int],
    *,
    resume: bool = False,
    before_each: Callable[[int, int, int], None] | None = None,
    after_each: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """File records with ``target`` exactly once. ``resume`` first finishes what an
    interruption left open; ``before_each(n, total, record id)`` and ``after_each(outcome)``
    let a caller show live progress."""
    submitter = Submitter(ledger, connector(target, settings, ledger))
    outcomes = submitter.resume() if resume else []
    done = {o.record_id for o in outcomes}
    ids = [i for i in dict.fromkeys(record_ids) if i not in done]
    for n, record_id in enumerate(ids):
        if before_each is not None:
            before_each(n, len(ids), record_id)
        outcome = submitter.submit(record_id)
        outcomes.append(outcome)
        if after_each is not None:
            after_each(outcome)
    return outcomes


def settle_records(
    ledger: Ledger,
    settings: Settings,
    target: str,
    record_ids: Sequence[int],
    *,
    found: str | None,
) -> list[Outcome]:
    """A person looked in the target for records whose submission is in doubt: there as
    ``found`` (one record), or not there (None: they are sent again)."""
    submitter = Submitter(ledger, connector(target, settings, ledger))
    return [submitter.settle(record_id, found) for record_id in record_ids]


@dataclass
class RetryReport:
    """What one look at the put-off submissions did."""

    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # a target that could not be set up


def retry_due(
    ledger: Ledger,
    settings: Settings,
    now: Callable[[], datetime] = datetime.now,
    **submitter_options: Any,
) -> RetryReport:
    """Take up every submission put off until now (``next_attempt_at`` passed), target by
    target; the desktop app calls this on a timer, so nothing waits for a person to click.
    ``submitter_options`` go to each ``Submitter`` (retries, backoff)."""
    report = RetryReport()
    due = ledger.submissions(states=DUE_STATES, due_by=now())
    for target in sorted({s.target for s in due}):
        try:
            made = connector(target, settings, ledger)
        except SubmitError as exc:
            report.errors.append(f"{target}: {exc.message}")
            continue
        submitter = Submitter(ledger, made, now=now, **submitter_options)
        try:
            report.outcomes += submitter.due()
        except LedgerError as exc:
            report.errors.append(f"{target}: {exc.message}")
    return report
