"""The expense record: typed dataclasses and their JSON form (the capture contract).

Money is ``Decimal`` in Python and a two-decimal string in JSON; dates are ``datetime.date``
in Python and ``YYYY-MM-DD`` in JSON. Absent fields are ``None`` and never guessed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ocr.amounts import format_money, parse_money

DOC_TYPES = (
    "vat_invoice",
    "train_ticket",
    "flight_itinerary",
    "taxi_receipt",
    "quota_invoice",
    "toll_receipt",
    "receipt",
    "trip_list",  # a ride-hailing 行程单: supports an invoice, is not claimed itself
    "unknown",
)

# the values a document carries (what capture reads; the rest of the record is about it)
READ_FIELDS = (
    "invoice_code",
    "invoice_number",
    "issue_date",
    "check_code",
    "buyer_name",
    "buyer_tax_id",
    "seller_name",
    "seller_tax_id",
    "amount",
    "tax",
    "total",
    "total_in_words",
    "passenger_name",
    "departure",
    "arrival",
    "travel_date",
    "train_or_flight_number",
    "seat_class",
)
MONEY_FIELDS = frozenset({"amount", "tax", "total"})
DATE_FIELDS = frozenset({"issue_date", "travel_date"})


@dataclass(frozen=True)
class Problem:
    """Something a person should look at. ``severity`` "error" makes the record ``review``."""

    field: str | None
    code: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Box:
    """Where a field was read: page number (1-based) and a box in page fractions (0–1)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    def to_list(self) -> list[float]:
        return [
            self.page,
            round(self.x0, 4),
            round(self.y0, 4),
            round(self.x1, 4),
            round(self.y1, 4),
        ]


@dataclass
class LineItem:
    name: str | None = None
    spec: str | None = None
    unit: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    amount: Decimal | None = None
    tax_rate: str | None = None  # as printed: "13%", "免税", "不征税"
    tax: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "spec": self.spec,
            "unit": self.unit,
            "quantity": _format_plain(self.quantity),
            "unit_price": _format_plain(self.unit_price),
            "amount": format_money(self.amount),
            "tax_rate": self.tax_rate,
            "tax": format_money(self.tax),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineItem:
        return cls(
            name=data.get("name"),
            spec=data.get("spec"),
            unit=data.get("unit"),
            quantity=_decimal_or_none(data.get("quantity")),
            unit_price=_decimal_or_none(data.get("unit_price")),
            amount=parse_money(data.get("amount")),
            tax_rate=data.get("tax_rate"),
            tax=parse_money(data.get("tax")),
        )


@dataclass
class ExpenseRecord:
    source: str
    page: int | None = None
    doc_type: str = "unknown"
    invoice_kind: str | None = None
    invoice_form: str | None = None
    invoice_code: str | None = None
    invoice_number: str | None = None
    issue_date: date | None = None
    check_code: str | None = None
    buyer_name: str | None = None
    buyer_tax_id: str | None = None
    seller_name: str | None = None
    seller_tax_id: str | None = None
    amount: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal | None = None
    total_in_words: str | None = None
    currency: str | None = "CNY"
    items: list[LineItem] = field(default_factory=list)
    passenger_name: str | None = None
    departure: str | None = None
    arrival: str | None = None
    travel_date: date | None = None
    train_or_flight_number: str | None = None
    seat_class: str | None = None
    category: str | None = None
    fingerprint: str | None = None
    status: str = "review"
    problems: list[Problem] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    engine: str | None = None
    seconds: float | None = None
    boxes: dict[str, Box] = field(default_factory=dict)

    # ---- helpers used by extractors and validators -------------------------------------
    def add_problem(
        self, field_name: str | None, code: str, message: str, severity: str = "error"
    ) -> None:
        problem = Problem(field_name, code, message, severity)
        if problem not in self.problems:
            self.problems.append(problem)

    def compute_fingerprint(self, content_hash: str | None = None) -> str:
        """Stable identity: type + code + number; else a hash of the file content."""
        if self.invoice_number:
            return f"{self.doc_type}:{self.invoice_code or ''}:{self.invoice_number}"
        if content_hash:
            return f"{self.doc_type}:sha256:{content_hash}"
        basis = json.dumps(
            [self.doc_type, self.seller_name, _json_value(self.issue_date), _json_value(self.total)]
        )
        return f"{self.doc_type}:content:{hashlib.sha256(basis.encode()).hexdigest()[:32]}"

    # ---- JSON ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "items":
                out["items"] = [item.to_dict() for item in value]
            elif f.name == "problems":
                out["problems"] = [p.to_dict() for p in value]
            elif f.name == "boxes":
                out["boxes"] = {k: b.to_list() for k, b in value.items()}
            elif f.name == "confidence":
                out["confidence"] = {k: round(v, 3) for k, v in value.items()}
            elif f.name == "seconds":
                out["seconds"] = None if value is None else round(value, 3)
            else:
                out[f.name] = _json_value(value)
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExpenseRecord:
        kwargs: dict[str, Any] = {}
        names = {f.name for f in dataclasses.fields(cls)}
        for key, value in data.items():
            if key not in names:
                continue
            if key in MONEY_FIELDS:
                kwargs[key] = parse_money(value) if value is not None else None
            elif key in DATE_FIELDS:
                kwargs[key] = date.fromisoformat(value) if value else None
            elif key == "items":
                kwargs[key] = [LineItem.from_dict(i) for i in value or []]
            elif key == "problems":
                kwargs[key] = [Problem(**p) for p in value or []]
            elif key == "boxes":
                kwargs[key] = {k: Box(int(v[0]), *v[1:]) for k, v in (value or {}).items()}
            else:
                kwargs[key] = value
        return cls(**kwargs)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _format_plain(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value, "f")  # as printed: unit prices keep their own precision


def _decimal_or_none(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None
