"""A real Tryton 8.0 server on 127.0.0.1 with SQLite, for the ERP connector's tests.

The database (modules company, party, currency, product, account, account_invoice; a company
in CNY, fiscal years, a chart of accounts) takes ~20 s to create, so it is built once and kept
as a template in ~/.cache; each test server starts from a copy (~1.5 s).

Run as a script (``python tests/tryton_server.py CONFIG DB``) it does the accounting set-up
through proteus and the modules' own test helpers.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ADMIN_PASSWORD = "tryton-admin-pass"
MODULES = "account_invoice"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "zhangfang-tests"
BIN = Path(sys.executable).parent


def _config(folder: Path, port: int) -> Path:
    path = folder / "trytond.conf"
    path.write_text(
        f"[database]\nuri = sqlite://\npath = {folder}\n[web]\nlisten = 127.0.0.1:{port}\n"
        "[session]\nmax_age = 86400\n",
        encoding="utf-8",
    )
    return path


def _template() -> Path:
    import trytond

    key = hashlib.sha256(f"{trytond.__version__}|{MODULES}|v1".encode()).hexdigest()[:12]
    template = CACHE / f"tryton-{trytond.__version__}-{key}.sqlite"
    if template.exists():
        return template
    CACHE.mkdir(parents=True, exist_ok=True)
    work = CACHE / f"build-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        (work / "erp.sqlite").touch()
        config = _config(work, 0)
        password = work / "admin-password"
        password.write_text(ADMIN_PASSWORD, encoding="utf-8")
        env = {**os.environ, "TRYTONPASSFILE": str(password)}
        subprocess.run(
            [str(BIN / "trytond-admin"), "-c", str(config), "-d", "erp", "--all",
             "--activate-dependencies", "-u", MODULES, "--email", "admin@example.com"],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        subprocess.run(
            [sys.executable, __file__, str(config), "erp"], check=True, capture_output=True
        )
        (work / "erp.sqlite").replace(template)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return template


@dataclass
class TrytonServer:
    url: str
    database: str
    folder: Path
    process: subprocess.Popen

    @classmethod
    def start(cls, folder: Path) -> TrytonServer:
        from testkit.support import free_port  # not at the top: this file also runs as a script

        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_template(), folder / "erp.sqlite")
        port = free_port()
        config = _config(folder, port)
        log = (folder / "server.log").open("wb")
        process = subprocess.Popen(
            [str(BIN / "trytond"), "-c", str(config), "-d", "erp"], stdout=log, stderr=log
        )
        log.close()  # the child holds its own handle
        server = cls(f"http://127.0.0.1:{port}", "erp", folder, process)
        server._wait_ready()
        return server

    def _wait_ready(self, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        body = json.dumps({"id": 0, "method": "common.server.version", "params": []}).encode()
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.folder / "server.log").read_text(errors="replace"))
            try:
                req = urllib.request.Request(f"{self.url}/{self.database}/rpc/", data=body)
                req.add_header("Content-Type", "application/json")
                with urllib.request.urlopen(req, timeout=2):
                    return
            except urllib.error.HTTPError:  # it answers (401 before a login): it is up
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the Tryton server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _set_up_accounting(config_file: str, database: str) -> None:
    import datetime

    from proteus import Model, config
    from trytond.modules.account.tests.tools import create_chart, create_fiscalyear
    from trytond.modules.account_invoice.tests.tools import set_fiscalyear_invoice_sequences
    from trytond.modules.company.tests.tools import create_company, get_company
    from trytond.modules.currency.tests.tools import get_currency

    config.set_trytond(database, config_file=config_file)
    party = Model.get("party.party")(name="账房示例公司")
    party.save()
    create_company(party=party, currency=get_currency("CNY"))
    company = get_company()
    this_year = datetime.date.today().year
    for year in range(this_year - 3, this_year + 2):
        fiscalyear = set_fiscalyear_invoice_sequences(
            create_fiscalyear(company, today=datetime.date(year, 6, 1))
        )
        fiscalyear.click("create_period")
    create_chart(company)


if __name__ == "__main__":
    _set_up_accounting(sys.argv[1], sys.argv[2])
