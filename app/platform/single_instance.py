"""One desktop app per user: a second start (the menu entry clicked while the tray already runs
from login) hands its request to the running app and ends, instead of adding a second tray
icon beside the first.

A local socket (Unix) or named pipe (Windows) named after the settings folder, so a portable
install (``ZHANGFANG_HOME``) or a test has its own.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

from app.config import paths

log = logging.getLogger(__name__)
AUTHKEY = b"zhangfang-desktop"  # not a secret: it keeps stray connections out, nothing more
REPLY_TIMEOUT_S = 3.0


def address() -> str:
    tag = hashlib.sha256(str(paths().config_file.parent).encode()).hexdigest()[:12]
    if sys.platform == "win32":
        return rf"\\.\pipe\zhangfang-{os.environ.get('USERNAME', 'user')}-{tag}"
    folder = os.environ.get("XDG_RUNTIME_DIR") or str(paths().data_dir)
    path = Path(folder) / f"zhangfang-{tag}.sock"
    if len(str(path)) > 100:  # Unix socket paths are limited to ~108 bytes
        path = Path(tempfile.gettempdir()) / f"zhangfang-{os.getuid()}-{tag}.sock"
    return str(path)


def hand_over(request: str) -> bool:
    """Give ``request`` to a running app; True when one took it (this start should end)."""
    try:
        conn = Client(address(), authkey=AUTHKEY)
    except (OSError, EOFError):  # nobody listens (or a stale socket file)
        return False
    with conn:
        try:
            conn.send(request)
            return conn.poll(REPLY_TIMEOUT_S) and conn.recv() == "ok"
        except (OSError, EOFError):
            return False


class Listening:
    """The running app's end: calls ``on_request`` (on a background thread) for each request."""

    def __init__(self, on_request: Callable[[str], None]) -> None:
        self.on_request = on_request
        where = address()
        if sys.platform != "win32":
            Path(where).parent.mkdir(parents=True, exist_ok=True)
            Path(where).unlink(missing_ok=True)  # hand_over failed: what is there is stale
        self.listener = Listener(where, authkey=AUTHKEY)
        self.thread = threading.Thread(target=self._serve, name="single-instance", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn: Connection = self.listener.accept()
            except OSError:  # closed: the app is quitting
                return
            except Exception as exc:  # a stranger without the key, or one that hung up
                log.debug("ignored a connection: %s", exc)
                continue
            with conn:
                try:
                    request = conn.recv()
                    self.on_request(str(request))
                    conn.send("ok")
                except (OSError, EOFError) as exc:
                    log.debug("a second start went away: %s", exc)

    def close(self) -> None:
        self.listener.close()
