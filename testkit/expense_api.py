"""A small JSON expense API on 127.0.0.1 for the REST connector's tests and the fault-injection
runs: it stores what it is sent (honouring Idempotency-Key only if asked) and can misbehave on
purpose: refuse connections, answer 503 before storing, or store and then drop the answer."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TOKEN = "api-token-5a9e"


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client killed mid-request (the fault-injection runs do that on purpose)


class ExpenseAPI:
    def __init__(self, port: int = 0, *, token: str | None = TOKEN, delay_s: float = 0.0) -> None:
        self.token = token
        self.delay_s = delay_s  # per POST, after storing: the window a crash can fall into
        self.stored: list[dict] = []
        # consumed one per POST: "503", "drop_after_store", "no_id_after_store", "422"
        self.faults: list[str] = []
        self.lookup_ignores_key = False  # a lying lookup: every entry, whatever the key
        self.every_post: str | None = None  # a fault for every POST with none queued
        self.lock = threading.Lock()
        self.server = _QuietServer(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/expenses"

    def __enter__(self) -> ExpenseAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(api: ExpenseAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _json(self, status: int, body: object) -> None:
            raw = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _authorised(self) -> bool:
            if api.token and self.headers.get("Authorization") != f"Bearer {api.token}":
                self._json(401, {"error": "bad token"})
                return False
            return True

        def do_GET(self) -> None:
            if not self._authorised():
                return
            key = (parse_qs(urlparse(self.path).query).get("key") or [""])[0]
            with api.lock:
                found = [e for e in api.stored if e["key"] == key or api.lookup_ignores_key]
            self._json(200, {"data": found})

        def do_POST(self) -> None:
            if not self._authorised():
                return
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with api.lock:
                fault = api.faults.pop(0) if api.faults else api.every_post
                if fault == "503":
                    self._json(503, {"error": "busy"})
                    return
                if fault == "422" or not body.get("invoice_no"):
                    self._json(422, {"error": "发票号码缺失或期间已关账"})
                    return
                entry = {
                    "id": f"EXP-{len(api.stored) + 1:05d}",
                    "key": self.headers.get("Idempotency-Key"),
                    **body,
                }
                api.stored.append(entry)
            if api.delay_s:  # stored; the answer is slow to leave (a busy ERP)
                time.sleep(api.delay_s)
            if fault == "drop_after_store":
                self.connection.close()  # stored, but the caller never hears so
                return
            if fault == "no_id_after_store":
                self._json(200, {"data": {"status": "ok"}})  # stored; the answer lacks its id
                return
            self._json(201, {"data": {"id": entry["id"]}})

    return Handler
