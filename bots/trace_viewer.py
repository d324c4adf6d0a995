"""Playwright's trace viewer for a run's trace.zip, served on localhost and opened in the
user's own browser — Playwright's driver ships with the app (installed or not), its Chromium
does not."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bots.errors import BotError


def command(trace: Path) -> list[str]:
    from playwright._impl._driver import compute_driver_executable

    driver = compute_driver_executable()
    program = [str(p) for p in driver] if isinstance(driver, tuple) else [str(driver)]
    # --host/--port: serve the viewer and open it in a tab of the default browser
    return [*program, "show-trace", "--host", "127.0.0.1", "--port", "0", str(trace)]


def open_viewer(trace: Path, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start the viewer; stop it with ``terminate()`` (it serves until then)."""
    from playwright._impl._driver import get_driver_env

    if not trace.is_file():
        raise BotError(f"the trace {trace} is gone; run the bot again to record a new one")
    return subprocess.Popen(
        command(trace),
        env={**get_driver_env(), **(extra_env or {})},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
