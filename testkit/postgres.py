"""A throwaway PostgreSQL server from the installed binaries, for the ledger tests.

Run as root (CI), the server runs as the ``postgres`` user: PostgreSQL refuses root. Set
``ZHANGFANG_SKIP_POSTGRES=1`` to skip PostgreSQL on purpose; otherwise a missing install is
an error, never a silent skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from testkit.support import free_port


class PostgresUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresUnavailable(
        "PostgreSQL binaries not found: run scripts/bootstrap.sh (installs Debian's postgresql) "
        "or set ZHANGFANG_SKIP_POSTGRES=1 to skip the PostgreSQL half of the ledger tests"
    )


def _version(path: str) -> int:
    try:
        return int(Path(path).parents[1].name)
    except ValueError:
        return 0


@dataclass
class PostgresServer:
    datadir: Path
    port: int
    bindir: Path
    as_user: list[str]
    created: int = 0

    @classmethod
    def start(cls) -> PostgresServer:
        bindir = _bindir()
        datadir = Path(tempfile.mkdtemp(prefix="zf-pg-"))
        as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(datadir, user.pw_uid, user.pw_gid)
            as_user = ["runuser", "-u", "postgres", "--"]
        server = cls(datadir, free_port(), bindir, as_user)
        server._run("initdb", "-D", str(datadir), "-U", "zf", "-A", "trust", "-E", "UTF8",
                    "--locale=C.UTF-8")  # fmt: skip
        server._run(
            "pg_ctl", "-D", str(datadir), "-w", "-l", str(datadir / "server.log"), "-o",
            f"-p {server.port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip
        return server

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, str(self.bindir / tool), *args], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise PostgresUnavailable(f"{tool} failed: {done.stderr.strip() or done.stdout}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://zf@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        self.created += 1
        name = f"test_{self.created}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=zf dbname=postgres",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.datadir, ignore_errors=True)
