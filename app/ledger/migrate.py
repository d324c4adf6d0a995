"""Schema migrations with Alembic, run from code: ``upgrade(engine)`` brings any ledger to
the newest schema; new revisions: ``python -m app.ledger.migrate revision "what changed"``."""

from __future__ import annotations

import sys
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine

MIGRATION_LOCK = 0x7A66_0001  # PostgreSQL advisory lock key: one migrating process at a time


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("app.ledger") / "migrations"))
    return config


def head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            # Python's sqlite3 runs DDL outside any transaction unless one is begun by hand:
            # a process killed while creating the schema left half of it behind. IMMEDIATE:
            # two first opens at once — the second waits for the first, then finds it done
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def main(argv: list[str]) -> int:  # pragma: no cover - a developer's tool
    if len(argv) != 3 or argv[1] != "revision":
        print('usage: python -m app.ledger.migrate revision "message"', file=sys.stderr)
        return 2
    engine = create_engine("sqlite://")
    upgrade(engine)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=argv[2], autogenerate=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv))
