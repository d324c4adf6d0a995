"""The ledger: opening it (URL, migrations, storage folder) and the operations of its parts."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from app.ledger import migrate
from app.ledger.core import default_url, make_engine
from app.ledger.errors import LedgerError
from app.ledger.importing import Importing
from app.ledger.integrity import Integrity
from app.ledger.records import Records
from app.ledger.runs import Runs
from app.ledger.submissions import Submissions
from app.ledger.views import ImportResult, RecordFilter, StoredRecord

log = logging.getLogger(__name__)


class Ledger(Importing, Records, Submissions, Runs, Integrity):
    """``Ledger.open(url)`` for the ledger the settings name (``None``: the SQLite file in the
    data folder); ``Ledger.open(url, storage=…)`` elsewhere. Each concern lives in its own
    module (importing, records, submissions, runs, integrity); every public method is one
    transaction, its audit entries in it."""

    @classmethod
    def open(
        cls, url: str | None = None, *, storage: Path | None = None, actor: str | None = None
    ) -> Ledger:
        from app.config import paths

        url = url or default_url()
        try:
            engine = make_engine(url)
        except (ImportError, ArgumentError, NoSuchModuleError) as exc:
            scheme = url.split("://", 1)[0] if "://" in url else url
            raise LedgerError(
                f"the ledger URL {scheme}://… is not one Zhangfang can use ({exc}); use a "
                "SQLite file (sqlite:///path/ledger.db) or PostgreSQL "
                "(postgresql+psycopg://user@host/database), in [ledger] url of the settings"
            ) from exc
        try:
            migrate.upgrade(engine)
        except Exception as exc:
            raise LedgerError(
                f"cannot open the ledger at {engine.url.render_as_string(hide_password=True)}: "
                f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}; check [ledger] url "
                "in the settings (zhangfang config path) and that the database is reachable"
            ) from exc
        storage = storage or paths().data_dir / "documents"
        storage.mkdir(parents=True, exist_ok=True)
        return cls(engine, storage, actor)

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["ImportResult", "Ledger", "RecordFilter", "StoredRecord"]
