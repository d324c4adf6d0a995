"""One desktop app per user: a second start (the menu entry clicked while the tray already runs
from login) hands its request to the running app and ends, instead of adding a second tray
icon beside the first.

A local socket (Unix) or named pipe (Windows) named after the settings folder, so a portable
install (``ZHANGFANG_HOME``) or a test has its own; on Unix only this user can open it.

What travels is plain bytes — a short JSON object, ``{"zhangfang": 1, "request": "show"}`` —
never pickles: any local process can connect, and nothing it sends is more than a string to
compare. A connection that sends nothing, too much or something else is dropped after a few
seconds on its own thread, so it cannot keep the next start from being heard.
"""

from __future__ import annotations

import hashlib
import json
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
REPLY_TIMEOUT_S = 3.0
MAX_MESSAGE_BYTES = 1024
REQUESTS = ("show", "start")
_OK = b"ok"


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
    if request not in REQUESTS:
        raise ValueError(f"unknown request {request!r}; one of {', '.join(REQUESTS)}")
    try:
        conn = Client(address())
    except (OSError, EOFError):  # nobody listens (or a stale socket file)
        return False
    with conn:
        try:
            conn.send_bytes(encode(request))
            return conn.poll(REPLY_TIMEOUT_S) and conn.recv_bytes(MAX_MESSAGE_BYTES) == _OK
        except (OSError, EOFError):
            return False


def encode(request: str) -> bytes:
    return json.dumps({"zhangfang": 1, "request": request}).encode("utf-8")


def decode(message: bytes) -> str | None:
    """The request in a message, or None for anything that is not one of ours."""
    try:
        data = json.loads(message.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("zhangfang") != 1:
        return None
    request = data.get("request")
    return request if request in REQUESTS else None


class Listening:
    """The running app's end: calls ``on_request`` (on a background thread) for each request."""

    def __init__(self, on_request: Callable[[str], None]) -> None:
        self.on_request = on_request
        where = address()
        if sys.platform != "win32":
            Path(where).parent.mkdir(parents=True, exist_ok=True)
            Path(where).unlink(missing_ok=True)  # hand_over failed: what is there is stale
        self.listener = Listener(where)
        if sys.platform != "win32":
            os.chmod(where, 0o600)  # other users of this machine cannot reach it
        self.thread = threading.Thread(target=self._serve, name="single-instance", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn: Connection = self.listener.accept()
            except OSError:  # closed: the app is quitting
                return
            except Exception as exc:  # one that hung up at once
                log.debug("ignored a connection: %s", exc)
                continue
            threading.Thread(
                target=self._answer, args=(conn,), name="single-instance-request", daemon=True
            ).start()

    def _answer(self, conn: Connection) -> None:
        with conn:
            try:
                if not conn.poll(REPLY_TIMEOUT_S):
                    log.debug("a connection sent nothing: dropped")
                    return
                request = decode(conn.recv_bytes(MAX_MESSAGE_BYTES))
                if request is None:
                    log.debug("a connection sent something that is not a request: dropped")
                    return
                self.on_request(request)
                conn.send_bytes(_OK)
            except (OSError, EOFError) as exc:  # went away, or a message over the limit
                log.debug("a second start went away: %s", exc)

    def close(self) -> None:
        self.listener.close()
