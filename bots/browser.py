"""Finding and starting a browser: a configured executable, Playwright's own Chromium, the
system's Edge or Chrome (``channel``), or a Chromium on the PATH — in that order."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bots.errors import BrowserUnavailable

log = logging.getLogger(__name__)

# flags that keep Chromium quiet on locked-down and offline machines
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-features=Translate,MediaRouter",
]
SYSTEM_CHROMIUMS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
)
PLAYWRIGHT_CHROMIUM = "Playwright's Chromium"


@dataclass
class BrowserChoice:
    """How to launch: ``launch_kwargs`` go to ``playwright.chromium.launch``."""

    description: str
    launch_kwargs: dict[str, Any] = field(default_factory=dict)


def find_browser(executable: str | None = None) -> list[BrowserChoice]:
    """Candidates in order of preference; the runner tries them until one starts."""
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    choices: list[BrowserChoice] = []
    configured = executable or os.environ.get("ZHANGFANG_BROWSER")
    if configured:
        if not Path(configured).exists():
            raise BrowserUnavailable(
                f"the configured browser {configured} does not exist; fix the path in settings "
                "or remove it to let Zhangfang find one"
            )
        return [
            BrowserChoice(
                f"configured browser {configured}", {"executable_path": configured, "args": args}
            )
        ]
    choices.append(BrowserChoice(PLAYWRIGHT_CHROMIUM, {"args": args}))
    for channel in ("msedge", "chrome"):
        choices.append(BrowserChoice(f"system {channel}", {"channel": channel, "args": args}))
    for name in SYSTEM_CHROMIUMS:
        path = shutil.which(name)
        if path:
            choices.append(
                BrowserChoice(f"{name} at {path}", {"executable_path": path, "args": args})
            )
    return choices


def install_advice() -> str:
    """What to install, for this operating system."""
    if sys.platform == "win32":
        return "Install Microsoft Edge or Google Chrome"
    if sys.platform == "darwin":
        return "Install Google Chrome or Microsoft Edge"
    return (
        "Install Chromium (Debian, Ubuntu: sudo apt-get install chromium; "
        "Fedora: sudo dnf install chromium) or Google Chrome"
    )


def _playwright_browser_missing(playwright: Any) -> bool:
    """True when Playwright's own Chromium is not installed (an installed Zhangfang never has
    it): trying to start it would only cost time."""
    try:
        return not Path(playwright.chromium.executable_path).exists()
    except Exception:  # an old driver without the property: let the launch find out
        return False


def launch(playwright: Any, *, headless: bool = True, executable: str | None = None) -> Any:
    """Start the first browser that works; BrowserUnavailable lists what was tried."""
    return _start(playwright, headless, executable)[0]


def _start(playwright: Any, headless: bool, executable: str | None) -> tuple[Any, BrowserChoice]:
    tried = []
    for choice in find_browser(executable):
        if choice.description == PLAYWRIGHT_CHROMIUM and _playwright_browser_missing(playwright):
            tried.append(f"{choice.description}: not installed")
            continue
        try:
            browser = playwright.chromium.launch(headless=headless, **choice.launch_kwargs)
            log.info("browser: %s", choice.description)
            return browser, choice
        except Exception as exc:  # Playwright raises its own Error for a missing browser
            first_line = (
                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            )
            tried.append(f"{choice.description}: {first_line[:120]}")
    raise BrowserUnavailable(
        f"no browser could be started. {install_advice()}, or choose the browser program in "
        "Settings → Bots → Browser.\nTried:\n  " + "\n  ".join(tried)
    )


def check(executable: str | None = None) -> str:
    """Start the browser bots would use, headless, and say which it is and its version."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, choice = _start(playwright, True, executable)
        try:
            return f"{choice.description} (version {browser.version})"
        finally:
            browser.close()


def temp_profile() -> str:
    return tempfile.mkdtemp(prefix="zhangfang-browser-")
