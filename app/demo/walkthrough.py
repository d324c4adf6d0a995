"""`make demo` and `zhangfang demo`: capture the sample documents, store them in a demo
ledger, approve one and file it in the demo OA by bot — exactly once — and, when a Tryton
target is configured, post it there as a supplier invoice."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from app.config import Settings
from app.platform.resources import EXAMPLE_BOTS

DEMO_BOT = EXAMPLE_BOTS / "demo_claim.bot.yaml"

# the [targets.NAME] table that files ledger records in the demo OA by bot
DEMO_TARGET = {
    "type": "bot",
    "bot": str(DEMO_BOT),
    "lookup_bot": str(EXAMPLE_BOTS / "demo_claim_lookup.bot.yaml"),
    "reference": "claim_no",
    "params": {
        "invoice_no": "{{ invoice_number }}",
        "amount": "{{ total }}",
        "claim_date": "{{ issue_date }}",
        "reason": "{{ seller_name }} {{ category }}",
        "attachment": "{{ document }}",
        "lines": "{{ lines }}",
    },
}


def fresh_demo_home(work: Path) -> None:
    """A fresh demo ledger each time, not yours (unless ZHANGFANG_HOME names one)."""
    if "ZHANGFANG_HOME" not in os.environ:
        shutil.rmtree(work / "home", ignore_errors=True)
        os.environ["ZHANGFANG_HOME"] = str(work / "home")


def file_claim_by_bot(invoice: Path, settings: Settings) -> int:
    """Store ``invoice`` in the ledger, approve it, and let the demo bot file it in the demo OA
    through the submission service (the bot's run is kept in Runs); print the claim number."""
    from app.demo.oa_server import DEMO_USERS, DemoOA
    from app.ledger import Ledger
    from app.services.submission import keep_bot_runs
    from app.submit.bot import BotConnector
    from app.submit.engine import Submitter

    ledger = Ledger.open(settings.ledger_url)
    try:
        imported = ledger.import_file(invoice)
        ids = imported.added or [
            r.id
            for r in ledger.records()
            if r.original_name == invoice.name and r.state != "duplicate"
        ]
        record_id = ids[0]
        if ledger.get(record_id).state == "captured":
            ledger.approve(record_id, actor="demo")
        with DemoOA(port=0) as oa:
            connector = BotConnector.from_settings("demo-oa", {**DEMO_TARGET, "url": oa.url})
            # the demo OA's password is public; real bots read theirs from the OS keyring
            connector.secret_source = lambda ref: DEMO_USERS[ref.username]
            keep_bot_runs(connector, settings, ledger)
            stored = ledger.get(record_id).record
            print(
                f"\nDemo OA at {oa.url}; the bot files invoice {stored.invoice_number} "
                f"({stored.total:.2f} 元) …",
                flush=True,
            )
            outcome = Submitter(ledger, connector).submit(record_id)
        if outcome.state != "succeeded":
            print(f"the submission {outcome.state}: {outcome.error}", file=sys.stderr)
            return 1
        print(f"Claim filed: {outcome.external_ref} (ledger record {record_id} is confirmed)")
        _tryton_too(ledger, settings, record_id)
        return 0
    finally:
        ledger.close()


def _tryton_too(ledger, settings: Settings, record_id: int) -> None:
    from app.services.submission import submit_records

    for name, options in settings.targets.items():
        if options.get("type") == "tryton":
            (outcome,) = submit_records(ledger, settings, name, [record_id])
            print(f"Tryton ({name}): {outcome.state} {outcome.external_ref or outcome.error}")
