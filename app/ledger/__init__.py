"""The ledger: every document, record, claim, submission and bot run, with an audit trail.

SQLAlchemy 2.x over SQLite (default, in the user's data folder) or PostgreSQL (a URL in
settings); the schema is managed by Alembic migrations. Open it with ``Ledger.open()``.
"""

from app.ledger.errors import (
    DuplicateError,
    IllegalTransition,
    LedgerError,
    NotFound,
)
from app.ledger.store import ImportResult, Ledger, RecordFilter, StoredRecord

__all__ = [
    "DuplicateError",
    "IllegalTransition",
    "ImportResult",
    "Ledger",
    "LedgerError",
    "NotFound",
    "RecordFilter",
    "StoredRecord",
]
