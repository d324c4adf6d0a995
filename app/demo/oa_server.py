"""The demo legacy OA: the project's own target for recording and replaying bots.

Run it with ``zhangfang demo-server`` or in tests::

    with DemoOA(variant="renamed") as oa:
        ...  # oa.url, oa.claims
"""

from __future__ import annotations

import io
import json
import logging
import random
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from PIL import Image, ImageDraw, ImageFont

from app.demo import oa_pages
from app.demo.oa_pages import Look

log = logging.getLogger(__name__)

DEMO_USERS = {"zhangsan": "demo-pass-123", "lisi": "demo-pass-456"}
PAGE_SIZE = 10
MAX_BODY_BYTES = 20 * 1024 * 1024
FONT_PATHS = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "DejaVuSans-Bold.ttf")


class _BadRequest(Exception):
    """The request cannot be answered as asked: 400 with this message."""


@dataclass
class Session:
    user: str | None = None
    captcha: str | None = None
    attachments: dict[str, str] = field(default_factory=dict)


class DemoOA:
    """A threaded HTTP server holding the demo OA's state in memory."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        variant: str = "base",
        *,
        captcha: bool = True,
        users: dict[str, str] | None = None,
    ) -> None:
        self.look = Look.of(variant)
        self.variant = variant
        self.captcha_enabled = captcha
        self.users = dict(users or DEMO_USERS)
        self.sessions: dict[str, Session] = {}
        self.claims: list[dict] = []
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def set_variant(self, variant: str) -> None:
        self.look = Look.of(variant)
        self.variant = variant

    def start(self) -> DemoOA:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        log.info("demo OA (%s) at %s", self.variant, self.url)
        return self

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() waits forever on a server never started
            self._server.shutdown()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> DemoOA:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- domain ---------------------------------------------------------------------------
    def save_claim(
        self, user: str, form: dict[str, list[str]], session: Session
    ) -> tuple[str, str]:
        """Store a claim; returns (claim_no, "") or ("", error message)."""
        look = self.look

        def one(key: str) -> str:
            return (form.get(look.id(key)) or [""])[0].strip()

        claim = {
            "applicant": user,
            "department": one("department"),
            "claim_type": one("claim_type"),
            "claim_date": one("claim_date"),
            "invoice_no": one("invoice_no"),
            "amount": one("amount"),
            "reason": one("reason"),
            "approver": one("approver"),
            "lines": [
                {"item": item, "amount": amount}
                for item, amount in zip(
                    form.get("line_item", []), form.get("line_amount", []), strict=False
                )
                if item or amount
            ],
            "attachment": session.attachments.get((form.get("attachment_id") or [""])[0]),
        }
        missing = [
            k
            for k in ("department", "claim_type", "claim_date", "invoice_no", "amount")
            if not claim[k]
        ]
        if missing:
            return "", "请填写：" + "、".join(missing)
        with self.lock:
            if any(c["invoice_no"] == claim["invoice_no"] for c in self.claims):
                return "", f"发票 {claim['invoice_no']} 已经报销过，不能重复提交"
            claim["claim_no"] = f"BX{date.today():%Y%m%d}-{len(self.claims) + 1:04d}"
            self.claims.append(claim)
        return claim["claim_no"], ""


def captcha_png(text: str) -> bytes:
    img = Image.new("RGB", (90, 32), (245, 248, 252))
    draw = ImageDraw.Draw(img)
    rng = random.Random(text)
    for _ in range(4):
        draw.line(
            [(rng.randint(0, 90), rng.randint(0, 32)), (rng.randint(0, 90), rng.randint(0, 32))],
            fill=(190, 200, 215),
            width=1,
        )
    font = None
    for path in FONT_PATHS:
        try:
            font = ImageFont.truetype(path, 22)
            break
        except OSError:
            continue
    draw.text((12, 3), text, fill=(30, 40, 90), font=font or ImageFont.load_default())
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _handler_for(oa: DemoOA) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "DemoOA/1.0"

        def log_message(self, fmt: str, *args: object) -> None:
            log.debug("demo OA: " + fmt, *args)

        # ---- plumbing ---------------------------------------------------------------------
        def _session(self) -> tuple[str, Session]:
            cookie = SimpleCookie(self.headers.get("Cookie", ""))
            sid = cookie["ZFSESSION"].value if "ZFSESSION" in cookie else ""
            with oa.lock:
                if sid not in oa.sessions:
                    sid = secrets.token_hex(8)
                    oa.sessions[sid] = Session()
                return sid, oa.sessions[sid]

        def _send(
            self,
            body: bytes,
            content_type: str,
            sid: str | None = None,
            status: HTTPStatus = HTTPStatus.OK,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            if sid:
                self.send_header("Set-Cookie", f"ZFSESSION={sid}; Path=/; HttpOnly")
            self.end_headers()
            self.wfile.write(body)

        def _html(self, html: str, sid: str | None = None) -> None:
            self._send(
                html.encode("gbk", errors="xmlcharrefreplace"), "text/html; charset=GBK", sid
            )

        def _redirect(self, location: str, sid: str | None = None) -> None:
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", location)
            if sid:
                self.send_header("Set-Cookie", f"ZFSESSION={sid}; Path=/; HttpOnly")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _body(self) -> bytes:
            text = self.headers.get("Content-Length", "0").strip()
            if not text.isascii() or not text.isdigit() or int(text) > MAX_BODY_BYTES:
                raise _BadRequest("Content-Length 不正确或超过 20 MB")
            return self.rfile.read(int(text))

        def _form(self) -> dict[str, list[str]]:
            raw = self._body()
            return parse_qs(
                raw.decode("ascii", errors="replace"), encoding="gbk", keep_blank_values=True
            )

        # ---- routes -----------------------------------------------------------------------
        def do_GET(self) -> None:
            self._answer(self._get)

        def do_POST(self) -> None:
            self._answer(self._post)

        def _answer(self, route: Callable[[], None]) -> None:
            """A bad request gets 400 and a page saying why, a bug 500: never a dropped
            connection (a bot waiting for a page would only see a timeout)."""
            try:
                route()
            except _BadRequest as exc:
                self._send(str(exc).encode("gbk"), "text/plain; charset=GBK", None,
                           HTTPStatus.BAD_REQUEST)  # fmt: skip
            except (BrokenPipeError, ConnectionResetError):
                pass
            except Exception:
                log.exception("demo OA: %s %s failed", self.command, self.path)
                self._send("服务器内部错误".encode("gbk"), "text/plain; charset=GBK", None,
                           HTTPStatus.INTERNAL_SERVER_ERROR)  # fmt: skip

        def _get(self) -> None:
            sid, session = self._session()
            url = urlparse(self.path)
            look = oa.look
            if url.path == "/captcha.png":
                session.captcha = "".join(random.choice("23456789") for _ in range(4))
                self._send(captcha_png(session.captcha), "image/png", sid)
                return
            if url.path == "/api/claims":
                body = json.dumps(oa.claims, ensure_ascii=False).encode("utf-8")
                self._send(body, "application/json; charset=utf-8", sid)
                return
            if url.path in ("/", "/login.do"):
                if session.user:
                    self._redirect("/index.do", sid)
                else:
                    self._html(oa_pages.login(look), sid)
                return
            if url.path == "/logout.do":
                session.user = None
                self._redirect("/", sid)
                return
            if not session.user:
                self._redirect("/", sid)
                return
            if url.path == "/index.do":
                self._html(oa_pages.frameset(look), sid)
            elif url.path == "/top.do":
                self._html(oa_pages.top(session.user), sid)
            elif url.path == "/menu.do":
                self._html(oa_pages.menu(look), sid)
            elif url.path == "/welcome.do":
                self._html(oa_pages.welcome(), sid)
            elif url.path == "/claim/new.do":
                self._html(oa_pages.claim_form(look, session.user), sid)
            elif url.path == "/upload.do":
                self._html(oa_pages.upload_form(look), sid)
            elif url.path == "/approver.do":
                self._html(oa_pages.approver_picker(look), sid)
            elif url.path == "/claim/list.do":
                query = parse_qs(url.query)
                q = (query.get("q") or [""])[0]
                page_text = (query.get("page") or ["1"])[0] or "1"
                if not page_text.isascii() or not page_text.isdigit() or len(page_text) > 6:
                    raise _BadRequest("页码必须是数字")
                page_no = max(1, int(page_text))
                mine = [
                    c
                    for c in oa.claims
                    if c["applicant"] == session.user
                    and (not q or q in c["claim_no"] or q in c["invoice_no"])
                ]
                pages = max(1, (len(mine) + PAGE_SIZE - 1) // PAGE_SIZE)
                shown = mine[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
                self._html(oa_pages.claim_list(shown, q, page_no, pages), sid)
            else:
                self._send(
                    "未找到该页面".encode("gbk"),
                    "text/plain; charset=GBK",
                    sid,
                    HTTPStatus.NOT_FOUND,
                )

        def _post(self) -> None:
            sid, session = self._session()
            url = urlparse(self.path)
            look = oa.look
            if url.path == "/login.do":
                form = self._form()
                user = (form.get(look.id("username")) or [""])[0]
                password = (form.get(look.id("password")) or [""])[0]
                answer = (form.get(look.id("captcha")) or [""])[0].strip()
                if oa.captcha_enabled and (not session.captcha or answer != session.captcha):
                    self._html(oa_pages.login(look, "验证码错误，请重新输入"), sid)
                elif oa.users.get(user) != password:
                    self._html(oa_pages.login(look, "用户名或密码错误"), sid)
                else:
                    session.user = user
                    self._redirect("/index.do", sid)
                session.captcha = None  # one try per captcha
                return
            if not session.user:
                self._redirect("/", sid)
                return
            if url.path == "/claim/save.do":
                claim_no, error = oa.save_claim(session.user, self._form(), session)
                if error:
                    self._html(
                        oa_pages.page("提交失败", f'<div class="box" id="error">{error}</div>'), sid
                    )
                else:
                    self._html(oa_pages.saved(claim_no), sid)
            elif url.path == "/upload.do":
                raw = self._body()
                # browsers send the file name in the page's encoding (GBK here)
                match = re.search(rb'filename="([^"]+)"', raw)
                if match:
                    name = match.group(1).decode("gbk", errors="replace")
                    attachment_id = secrets.token_hex(4)
                    session.attachments[attachment_id] = name
                    self._html(oa_pages.upload_form(look, name, attachment_id), sid)
                else:
                    self._html(oa_pages.upload_form(look), sid)
            else:
                self._send(b"", "text/plain", sid, HTTPStatus.NOT_FOUND)

    return Handler
