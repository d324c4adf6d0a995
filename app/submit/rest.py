"""A configurable JSON/HTTP target: a body template, an auth header from the keyring, where
the new id is in the answer, and how to look a record up by its key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.submit.base import Payload, secret_value
from app.submit.errors import OutcomeUnknown, TargetConfigError
from app.submit.http import dig, dig_all, request_json
from app.submit.templates import fill


@dataclass
class RestConnector:
    name: str
    url: str
    body: dict[str, Any]
    id_field: str = "id"
    lookup_url: str | None = None  # e.g. "https://erp/api/expenses?key={{ key }}"
    auth_header: str = "Authorization"
    auth_scheme: str = "Bearer"
    secret_service: str | None = None
    secret_username: str | None = None
    timeout_s: float = 30.0
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, name: str, options: dict[str, Any]) -> RestConnector:
        if not options.get("url") or not isinstance(options.get("body"), dict):
            raise TargetConfigError(
                f"[targets.{name}] needs url and a [targets.{name}.body] table mapping the "
                'body\'s keys to record fields, e.g. invoice_no = "{{ invoice_number }}"'
            )
        secret = options.get("secret") or {}
        return cls(
            name=name,
            url=options["url"],
            body=options["body"],
            id_field=options.get("id_field", "id"),
            lookup_url=options.get("lookup_url"),
            auth_header=options.get("auth_header", "Authorization"),
            auth_scheme=options.get("auth_scheme", "Bearer"),
            secret_service=secret.get("service"),
            secret_username=secret.get("username"),
            timeout_s=float(options.get("timeout_s", 30)),
            headers=dict(options.get("headers", {})),
        )

    def _headers(self, key: str | None = None) -> tuple[dict[str, str], str | None]:
        headers = dict(self.headers)
        token = None
        if self.secret_service:
            token = secret_value(self.secret_service, self.secret_username or "")
            headers[self.auth_header] = f"{self.auth_scheme} {token}".strip()
        if key:
            headers["Idempotency-Key"] = key
        return headers, token

    @property
    def can_look_up(self) -> bool:
        return bool(self.lookup_url)

    def submit(self, payload: Payload) -> str:
        headers, token = self._headers(payload.key)
        body = fill(self.body, payload.fields())
        _, answer = request_json("POST", self.url, body, headers, self.timeout_s, redact=token)
        ref = dig(answer, self.id_field)
        if ref in (None, ""):  # it may well have stored it: not a rejection
            raise OutcomeUnknown(
                f"{self.url} accepted the request but its answer has no {self.id_field!r}"
            )
        return str(ref)

    def lookup(self, payload: Payload) -> str | None:
        """The target's reference for this record. An entry counts only when it names this
        record — its idempotency key or its invoice number — so a lookup that ignores the
        key and answers with some other record is never taken for a yes."""
        if not self.lookup_url:
            raise OutcomeUnknown(f"target {self.name} has no lookup_url")
        headers, token = self._headers()
        url = fill(self.lookup_url, payload.fields())
        status, answer = request_json("GET", url, None, headers, self.timeout_s, redact=token)
        if status == 404:
            return None
        parent, _, leaf = self.id_field.rpartition(".")
        container = dig_all(answer, parent)
        entries = [e for e in container if isinstance(e, dict) and e.get(leaf) not in (None, "")]
        mine = [e for e in entries if _names(e, payload)]
        if mine:
            return str(mine[0][leaf])
        if entries:
            raise OutcomeUnknown(
                f"the lookup at {url.split('?')[0]} answered with entries that are not this "
                "record (neither its key nor its invoice number): it may ignore the key"
            )
        return None

    def health(self) -> str:
        headers, token = self._headers()
        status, _ = request_json("GET", self.url, None, headers, self.timeout_s, redact=token)
        return f"{self.url} answers ({status})"


def _names(entry: dict[str, Any], payload: Payload) -> bool:
    """Whether any value in ``entry`` (nested too) is this record's key or invoice number."""
    wanted = {payload.key, payload.business_key} - {None, ""}
    stack: list[Any] = [entry]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif str(item) in wanted:
            return True
    return False
