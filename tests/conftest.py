from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # GUI tests run without a display
from pathlib import Path

import pytest

from testkit.generator.corpus import build_corpus, make_multi_invoice_pdf

RESOURCES = Path(__file__).parent / "resources"
SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Settings, data and logs of every test live in a temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ZHANGFANG_HOME", str(home))
    monkeypatch.setenv("ZHANGFANG_OCR_THREADS", os.environ.get("ZHANGFANG_OCR_THREADS", "2"))
    return home


@pytest.fixture(scope="session")
def text_corpus(tmp_path_factory: pytest.TempPathFactory):
    """Text-layer PDFs, XML and OFD of every type: exact sources."""
    out = tmp_path_factory.mktemp("text-corpus")
    cases = build_corpus(out, per_type=4, variants=("text",), seed=11)
    return [*cases, make_multi_invoice_pdf(out, count=3)]


@pytest.fixture(scope="session")
def scan_corpus(tmp_path_factory: pytest.TempPathFactory):
    """One clean scan and one degraded copy of every type (OCR)."""
    out = tmp_path_factory.mktemp("scan-corpus")
    return build_corpus(out, per_type=1, variants=("scan", "photo"), seed=23)


@pytest.fixture(autouse=True)
def _close_log_handlers():
    """The CLI installs file handlers on the root logger; close them after each test."""
    import logging

    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_zhangfang", False):
            root.removeHandler(handler)
            handler.close()


@pytest.fixture
def memory_keyring():
    """Secrets for the duration of a test, in memory."""
    import keyring

    from testkit.support import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server for the whole run (see tests/postgres.py)."""
    from testkit.postgres import PostgresServer

    if os.environ.get("ZHANGFANG_SKIP_POSTGRES") == "1":
        pytest.skip("PostgreSQL skipped on request (ZHANGFANG_SKIP_POSTGRES=1)")
    server = PostgresServer.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path):
    """The same ledger test against SQLite and against a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def ledger(ledger_url, tmp_path):
    from app.ledger import Ledger

    opened = Ledger.open(ledger_url, storage=tmp_path / "documents", actor="clerk")
    yield opened
    opened.close()


@pytest.fixture
def gui_ctx(qtbot, tmp_path):
    """The app's shared context over a fresh SQLite ledger (real capture, real workers)."""
    from PySide6.QtWidgets import QApplication

    from app.config import Settings
    from app.gui.context import AppContext
    from app.gui.style import apply_style
    from app.gui.workers import MainThreadGarbageCollector
    from app.ledger import Ledger

    apply_style(QApplication.instance())
    collector = MainThreadGarbageCollector()  # as the app does: Qt objects die on this thread
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'ledger.sqlite3'}", storage=tmp_path / "docs")
    ctx = AppContext(ledger, Settings())
    yield ctx
    ctx.cancel_import()
    ctx.workers.wait(120_000)
    ledger.close()
    collector.stop()
