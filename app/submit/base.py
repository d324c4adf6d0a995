"""The connector interface and what a connector is given."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Protocol

from app.submit.errors import TargetConfigError
from ocr.records import ExpenseRecord


@dataclass(frozen=True)
class Payload:
    """One record on its way to one target."""

    record_id: int
    key: str  # idempotency key: the same for every attempt of this record to this target
    record: ExpenseRecord
    document: str | None = None  # the stored original file
    submission_id: int | None = None  # the ledger's submission this attempt belongs to

    @property
    def business_key(self) -> str | None:
        """What the target knows the record by even without our key: the invoice number."""
        return self.record.invoice_number

    def fields(self) -> dict[str, Any]:
        """Values for templates: the record's JSON fields plus id, key and document."""
        data = self.record.to_dict()
        data.update(
            record_id=self.record_id,
            key=self.key,
            document=self.document,
            first_item=(self.record.items[0].name if self.record.items else None),
            lines=[  # invoice lines as a claim form wants them: item and amount with tax
                {"item": item.name or "", "amount": f"{(item.amount or 0) + (item.tax or 0):.2f}"}
                for item in self.record.items
            ],
        )
        return data


class Connector(Protocol):
    name: str

    @property
    def can_look_up(self) -> bool:
        """False when the target cannot be asked whether it has a record: an attempt whose
        outcome is unknown is then never sent again by itself (it waits for a person)."""
        ...

    def submit(self, payload: Payload) -> str:
        """Create the record in the target; returns the target's reference for it."""
        ...

    def lookup(self, payload: Payload) -> str | None:
        """The reference of this record if the target already has it (by key or business
        key), else None. Must be reliable: exactly-once rests on it."""
        ...

    def health(self) -> str:
        """A one-line description of the target when reachable; raises Unavailable."""
        ...


def idempotency_key(target: str, fingerprint: str | None, record_id: int) -> str:
    """Stable per (invoice, target): a re-imported copy of the invoice gets the same key."""
    basis = f"{target}|{fingerprint or f'record:{record_id}'}"
    return "zf-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:24]


def secret_value(service: str, username: str) -> str:
    """A credential from the OS keyring; a missing one is a settings problem, named."""
    from bots.errors import SecretMissing
    from bots.model import SecretRef
    from bots.secrets import get_secret

    try:
        return get_secret(
            SecretRef(name=f"{service}/{username}", service=service, username=username)
        )
    except SecretMissing as exc:
        raise TargetConfigError(exc.message) from exc
