"""Shared set-up for the bot benchmarks: an in-memory keyring and the demo bot's inputs."""

from __future__ import annotations

from pathlib import Path

import keyring

from app.demo.oa_server import DEMO_USERS
from testkit.support import MemoryKeyring

ROOT = Path(__file__).resolve().parents[1]

BOT = ROOT / "resources" / "bots" / "demo_claim.bot.yaml"
ATTACHMENT = ROOT / "resources" / "samples" / "01-vat_invoice-text.pdf"


def install_keyring() -> None:
    keyring.set_keyring(MemoryKeyring())
    keyring.set_password("zhangfang-demo-oa", "zhangsan", DEMO_USERS["zhangsan"])


def params(invoice_no: str) -> dict:
    return {
        "claim_date": "2026-11-03",
        "invoice_no": invoice_no,
        "amount": "88.50",
        "attachment": str(ATTACHMENT),
        "lines": [{"item": "出租车", "amount": "40.00"}, {"item": "地铁", "amount": "48.50"}],
    }
