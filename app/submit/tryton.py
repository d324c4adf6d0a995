"""Tryton over JSON-RPC: a record becomes a draft supplier invoice (``account.invoice``, type
``in``) with its lines; the supplier party is found by tax ID or created; the invoice number
is the reference and our idempotency key the description, so a lookup finds it again."""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.submit.base import Payload, secret_value
from app.submit.errors import Rejected, SubmitError, TargetConfigError, Unavailable
from app.submit.http import request_json

log = logging.getLogger(__name__)


@dataclass
class TrytonConnector:
    name: str
    url: str  # the server, e.g. http://127.0.0.1:8000
    database: str
    username: str
    secret_service: str
    expense_account: str  # account code for the invoice lines, e.g. "5.1.3"
    timeout_s: float = 30.0
    _session: str | None = None
    _context: dict[str, Any] | None = None

    @classmethod
    def from_settings(cls, name: str, options: dict[str, Any]) -> TrytonConnector:
        missing = [
            k for k in ("url", "database", "username", "expense_account") if not options.get(k)
        ]
        if missing:
            raise TargetConfigError(
                f"[targets.{name}] (tryton) needs {', '.join(missing)}; the password lives in "
                f"the keyring: zhangfang secret set {options.get('secret_service', 'tryton')} "
                f"{options.get('username', 'USER')}"
            )
        return cls(
            name=name,
            url=str(options["url"]).rstrip("/"),
            database=str(options["database"]),
            username=str(options["username"]),
            secret_service=str(options.get("secret_service", "tryton")),
            expense_account=str(options["expense_account"]),
            timeout_s=float(options.get("timeout_s", 30)),
        )

    # ---- JSON-RPC -------------------------------------------------------------------------
    @property
    def endpoint(self) -> str:
        return f"{self.url}/{self.database}/rpc/"  # Tryton 8.0 serves RPC here

    def _call(self, method: str, *params: Any, authenticated: bool = True) -> Any:
        headers = {}
        if authenticated:
            self._login()
            headers["Authorization"] = (
                "Session " + base64.b64encode((self._session or "").encode()).decode()
            )
            params = (*params, self._context or {})
        try:
            _, answer = request_json(
                "POST", self.endpoint, {"id": 1, "method": method, "params": list(params)},
                headers, self.timeout_s,
            )  # fmt: skip
        except Rejected as exc:
            if authenticated and ("(401)" in exc.message or "(403)" in exc.message):
                self._session = None  # expired: log in again on the next try
                raise Unavailable("the Tryton session expired") from exc
            raise
        if not isinstance(answer, dict):
            raise Unavailable(f"{self.endpoint} did not answer JSON-RPC")
        if "error" in answer:
            error = answer["error"]
            kind, detail = (error[0], error[1]) if isinstance(error, list) else ("Error", error)
            text = detail[0] if isinstance(detail, list) and detail else detail
            if kind in ("UserError", "UserWarning", "AccessError"):
                raise Rejected(f"Tryton refused it: {text}")
            if kind == "NotLogged" or "403" in str(kind):
                self._session = None
                raise Unavailable("the Tryton session expired; it will log in again")
            raise SubmitError(f"Tryton error {kind}: {str(text)[:300]}")
        return answer.get("result")

    def _login(self) -> None:
        if self._session:
            return
        password = secret_value(self.secret_service, self.username)
        try:
            result = self._call(
                "common.db.login", self.username, {"password": password}, "en",
                authenticated=False,
            )  # fmt: skip
        except Rejected:  # Tryton answers a bad password with 401/403
            result = None
        if not result:
            raise TargetConfigError(
                f"Tryton at {self.url} refused the login of {self.username!r}; check the "
                f"password: zhangfang secret set {self.secret_service} {self.username}"
            )
        user_id, key = result[0], result[1]
        self._session = f"{self.username}:{user_id}:{key}"
        self._context = self._call("model.res.user.get_preferences", True)

    # ---- the connector ----------------------------------------------------------------------
    def health(self) -> str:
        self._login()
        company = (self._context or {}).get("company")
        return f"Tryton at {self.url}, database {self.database}, company {company}"

    can_look_up = True  # by our key in the description, else by number and seller

    def lookup(self, payload: Payload) -> str | None:
        found = self._call(
            "model.account.invoice.search_read",
            [["type", "=", "in"], ["description", "=", payload.key]],
            0, 1, None, ["id"],
        )  # fmt: skip
        if not found and payload.business_key and payload.record.seller_tax_id:
            found = self._call(
                "model.account.invoice.search_read",
                [
                    ["type", "=", "in"],
                    ["reference", "=", payload.business_key],
                    ["party.identifiers.code", "=", payload.record.seller_tax_id],
                    ["state", "!=", "cancelled"],
                ],
                0, 1, None, ["id"],
            )  # fmt: skip
        return str(found[0]["id"]) if found else None

    def state(self, reference: str) -> str | None:
        rows = self._call("model.account.invoice.read", [int(reference)], ["state"])
        return rows[0]["state"] if rows else None

    def submit(self, payload: Payload) -> str:
        rec = payload.record
        if rec.total is None or rec.issue_date is None:
            raise Rejected("the record has no total or date; correct it before posting to Tryton")
        party = self._party(rec.seller_name or "未知供应商", rec.seller_tax_id)
        company = (self._context or {}).get("company")
        journal = self._one(
            "model.account.journal.search", [["type", "=", "expense"]], "an expense journal"
        )
        expense = self._one("model.account.account.search", [["code", "=", self.expense_account]],
                            f"account {self.expense_account}")  # fmt: skip
        config = self._call("model.account.configuration.read", [1], ["default_account_payable"])
        payable = config[0]["default_account_payable"] if config else None
        if not payable:
            raise TargetConfigError(
                "Tryton has no default payable account; set up accounting first"
            )
        address = self._call("model.party.party.read", [party], ["addresses"])[0]["addresses"]
        currency = self._currency()

        def line(description: str, amount: Decimal) -> dict[str, Any]:
            return {
                "type": "line", "description": description, "quantity": 1.0,
                "unit_price": _decimal(amount), "account": expense, "currency": currency,
                "company": company, "invoice_type": "in", "party": party,
            }  # fmt: skip

        lines = [
            line(item.name or "费用", (item.amount or Decimal(0)) + (item.tax or Decimal(0)))
            for item in rec.items
            if item.amount is not None
        ]
        if not lines or sum((i.amount or 0) + (i.tax or 0) for i in rec.items) != rec.total:
            lines = [line(rec.category or rec.doc_type, rec.total)]
        created = self._call(
            "model.account.invoice.create",
            [
                {
                    "type": "in", "party": party, "invoice_address": address[0],
                    "account": payable, "journal": journal, "company": company,
                    "currency": currency, "invoice_date": _date(rec.issue_date),
                    "reference": rec.invoice_number or "", "description": payload.key,
                    "lines": [["create", lines]],
                }
            ],
        )  # fmt: skip
        return str(created[0])

    def _one(self, method: str, domain: list, what: str) -> int:
        found = self._call(method, domain, 0, 1, None)
        if not found:
            raise TargetConfigError(f"Tryton has no {what}; set it up or fix the target settings")
        return found[0]

    def _currency(self) -> int:
        return self._one("model.currency.currency.search", [["code", "=", "CNY"]], "currency CNY")

    def _party(self, name: str, tax_id: str | None) -> int:
        if tax_id:
            found = self._call(
                "model.party.party.search", [["identifiers.code", "=", tax_id]], 0, 1, None
            )
            if found:
                return found[0]
        identifiers = [["create", [{"code": tax_id}]]] if tax_id else []
        created = self._call(
            "model.party.party.create",
            [{"name": name, "identifiers": identifiers, "addresses": [["create", [{}]]]}],
        )
        log.info("created Tryton party %s (%s)", name, tax_id)
        return created[0]


def _decimal(value: Decimal) -> dict[str, str]:
    return {"__class__": "Decimal", "decimal": str(value)}


def _date(value: date) -> dict[str, Any]:
    return {"__class__": "date", "year": value.year, "month": value.month, "day": value.day}
