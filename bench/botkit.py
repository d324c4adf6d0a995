"""Shared set-up for the bot benchmarks: an in-memory keyring and the demo bot's inputs."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from app.demo.oa_server import DEMO_USERS  # noqa: E402

BOT = ROOT / "resources" / "bots" / "demo_claim.bot.yaml"
ATTACHMENT = ROOT / "resources" / "samples" / "01-vat_invoice-text.pdf"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


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
