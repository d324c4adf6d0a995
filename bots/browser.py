"""Finding and starting a browser: a configured executable, Playwright's own Chromium, the
system's Edge or Chrome (``channel``), or a Chromium on the PATH — in that order."""

from __future__ import annotations

import logging
import os
import shutil
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
SYSTEM_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "microsoft-edge")


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
    choices.append(BrowserChoice("Playwright's Chromium", {"args": args}))
    for channel in ("msedge", "chrome"):
        choices.append(BrowserChoice(f"system {channel}", {"channel": channel, "args": args}))
    for name in SYSTEM_CHROMIUMS:
        path = shutil.which(name)
        if path:
            choices.append(
                BrowserChoice(f"{name} at {path}", {"executable_path": path, "args": args})
            )
    return choices


def launch(playwright: Any, *, headless: bool = True, executable: str | None = None) -> Any:
    """Start the first browser that works; BrowserUnavailable lists what was tried."""
    tried = []
    for choice in find_browser(executable):
        try:
            browser = playwright.chromium.launch(headless=headless, **choice.launch_kwargs)
            log.info("browser: %s", choice.description)
            return browser
        except Exception as exc:  # Playwright raises its own Error for a missing browser
            first_line = (
                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            )
            tried.append(f"{choice.description}: {first_line[:120]}")
    raise BrowserUnavailable(
        "no browser could be started. Install Microsoft Edge or Google Chrome (Windows, macOS) "
        "or Chromium (Linux: apt-get install chromium), or set the browser path in settings.\n"
        "Tried:\n  " + "\n  ".join(tried)
    )


def temp_profile() -> str:
    return tempfile.mkdtemp(prefix="zhangfang-browser-")
