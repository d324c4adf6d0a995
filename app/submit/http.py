"""Small JSON-over-HTTP helper for connectors: errors sorted by what they mean for a retry."""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from typing import Any

from app.submit.errors import OutcomeUnknown, Rejected, Unavailable

RETRYABLE_STATUS = {408, 425, 429}


def request_json(
    method: str,
    url: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    timeout_s: float = 30.0,
    *,
    redact: str | None = None,
) -> tuple[int, Any]:
    """(status, decoded JSON or None). 404 is returned, not raised (lookups use it)."""
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json; charset=utf-8")
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    idempotent = method in ("GET", "HEAD")  # changes nothing: every failure is retryable
    try:
        with urllib.request.urlopen(req, timeout=timeout_s) as response:
            return response.status, _decode(response.read())
    except urllib.error.HTTPError as exc:
        detail = _scrub(exc.read().decode("utf-8", "replace")[:300], redact)
        if exc.code == 404:
            return 404, None
        if exc.code in RETRYABLE_STATUS or (exc.code >= 500 and idempotent):
            raise Unavailable(f"{url} answered {exc.code}: {detail}") from exc
        if exc.code >= 500:
            raise OutcomeUnknown(
                f"{url} answered {exc.code} (it may have stored it): {detail}"
            ) from exc
        raise Rejected(f"{url} refused it ({exc.code}): {detail}") from exc
    except TimeoutError as exc:
        if idempotent:
            raise Unavailable(f"{url} did not answer in {timeout_s:g} s") from exc
        raise OutcomeUnknown(f"{url} did not answer in {timeout_s:g} s") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)) and not idempotent:
            raise OutcomeUnknown(f"{url} did not answer in {timeout_s:g} s") from exc
        if isinstance(reason, ConnectionRefusedError | socket.gaierror) or idempotent:
            raise Unavailable(f"cannot reach {url}: {reason}") from exc
        raise OutcomeUnknown(f"{url}: connection lost ({reason})") from exc
    except (ConnectionError, http.client.HTTPException) as exc:  # lost while reading the answer
        if idempotent:
            raise Unavailable(f"{url}: {exc}") from exc
        raise OutcomeUnknown(f"{url}: connection lost ({exc})") from exc


def _decode(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, "******") if secret else text


def dig_all(data: Any, path: str) -> list[Any]:
    """Every object at ``path`` (a list there gives all its elements, not the first)."""
    for part in path.split(".") if path else []:
        if isinstance(data, list):
            data = data[0] if data else None
        if not isinstance(data, dict):
            return []
        data = data.get(part)
    if data is None:
        return []
    return list(data) if isinstance(data, list) else [data]


def dig(data: Any, path: str) -> Any:
    """``dig({"data": {"id": 7}}, "data.id") == 7``; lists take their first element."""
    for part in path.split(".") if path else []:
        if isinstance(data, list):
            data = data[0] if data else None
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    if isinstance(data, list):
        data = data[0] if data else None
    return data
