"""`make demo`: capture the sample documents, then file one as a claim in the demo OA by bot."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from app.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
DEMO_BOT = ROOT / "resources" / "bots" / "demo_claim.bot.yaml"


def file_claim_by_bot(invoice: Path) -> int:
    """Capture ``invoice`` and let the demo bot file it in the demo OA; print the claim number."""
    from app.bot_ocr import ocr_reader
    from app.demo.oa_server import DEMO_USERS, DemoOA
    from bots.model import Bot
    from bots.runner import RunOptions, run_bot
    from ocr import capture_file

    (record,) = capture_file(invoice)
    params = {
        "invoice_no": record.invoice_number,
        "amount": f"{record.total:.2f}",
        "claim_date": record.issue_date.isoformat(),
        "reason": f"{record.seller_name} {record.category}",
        "attachment": str(invoice),
        "lines": [
            {"item": item.name, "amount": f"{item.amount + (item.tax or 0):.2f}"}
            for item in record.items
        ],
    }
    bot = Bot.load(DEMO_BOT)
    with DemoOA(port=0) as oa:
        bot.start_url = oa.url
        print(
            f"\nDemo OA at {oa.url}; the bot files invoice {record.invoice_number} "
            f"({params['amount']} 元) …",
            flush=True,
        )
        # the demo OA's password is public; real bots read theirs from the OS keyring
        options = RunOptions(
            ocr=ocr_reader(), trace=False, secret_source=lambda ref: DEMO_USERS[ref.username]
        )
        result = run_bot(bot, params, options)
    if result.status != "passed":
        print(f"the bot failed: {result.error}", file=sys.stderr)
        return 1
    print(
        f"Claim filed: {result.outputs['claim_no']} ({len(result.steps)} steps, "
        f"{result.seconds:.1f} s)"
    )
    return 0


def main() -> int:
    out = Path(tempfile.gettempdir()) / "zhangfang-demo" / "samples.xlsx"
    print(f"Capturing the sample documents in {SAMPLES} …\n", flush=True)
    code = cli_main(["capture", str(SAMPLES), "--xlsx", str(out)])
    print(f"\nThe workbook is at {out}")
    return code or file_claim_by_bot(SAMPLES / "01-vat_invoice-text.pdf")


if __name__ == "__main__":
    sys.exit(main())
