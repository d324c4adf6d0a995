"""Record a bot by doing the task once in a browser.

    with record("http://oa.example/") as session:
        session.page.get_by_label("金额").fill("12.00")   # or a person clicks and types
    session.bot.save("claim.bot.yaml")

An init script in every frame reports clicks, typing (one fill per field), selects, checks,
uploads and Enter presses with several locator candidates, the frame path and a fingerprint
of the element. Dialogs and popups become steps. Password fields become secret references:
the typed value is never kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlparse

from bots import browser as browsers
from bots.locate import fingerprint_js
from bots.model import Bot, Fingerprint, FrameRef, Locator, SecretRef, Step, Target

log = logging.getLogger(__name__)


@cache
def recorder_js() -> str:
    return resources.files("bots").joinpath("recorder.js").read_text("utf-8")


@dataclass
class RecordingSession:
    url: str
    name: str
    secret_service: str
    page: Any = None
    steps: list[Step] = field(default_factory=list)
    secrets: list[SecretRef] = field(default_factory=list)
    bot: Bot | None = None
    last_text: str = "user"  # what was typed last: usually the user name before a password
    on_change: Any = None  # called with the bot so far after each recorded step

    def add(self, payload: dict[str, Any]) -> None:
        target = _target(payload["target"])
        action = payload["action"]
        value = payload.get("value")
        last = self.steps[-1] if self.steps else None
        if action == "fill" and last is not None and last.action == "fill" and _same(last, target):
            # typing continues in the same field: one fill with the final text
            if not payload.get("secret"):
                last.value = value
                self.last_text = value or self.last_text
            return
        if action == "fill" and payload.get("secret"):
            value = "{{ secret." + self._secret_for(target) + " }}"
        elif action == "fill":
            self.last_text = value or self.last_text
        self.steps.append(Step(action=action, target=target, value=value))
        if self.on_change:
            self.on_change(self.finish())

    def _secret_for(self, target: Target) -> str:
        name = f"password{len(self.secrets) + 1}" if self.secrets else "password"
        self.secrets.append(
            SecretRef(name=name, service=self.secret_service, username=self.last_text)
        )
        return name

    def finish(self) -> Bot:
        self.bot = Bot(
            name=self.name,
            description=f"recorded at {self.url}",
            start_url=self.url,
            secrets=self.secrets,
            steps=[Step("goto", url="{{ start_url }}"), *self.steps],
        )
        return self.bot


def _same(step: Step, target: Target) -> bool:
    return (
        step.target is not None
        and step.target.frame == target.frame
        and (
            step.target.fingerprint == target.fingerprint
            or step.target.locators[-1] == target.locators[-1]
        )
    )


def _target(data: dict[str, Any]) -> Target:
    fp = data["fingerprint"]
    return Target(
        locators=[Locator(**loc) for loc in data["locators"]],
        frame=[
            FrameRef(name=f.get("name"), url=f.get("url"), index=f.get("index"))
            for f in data["frame"]
        ],
        fingerprint=Fingerprint(
            tag=fp["tag"],
            attributes=fp.get("attributes", {}),
            text=fp.get("text") or None,
            label=fp.get("label") or None,
            position=fp.get("position"),
        ),
    )


@contextmanager
def record(
    url: str,
    *,
    headless: bool = False,
    name: str | None = None,
    secret_service: str | None = None,
    browser_executable: str | None = None,
    on_change: Any = None,
) -> Iterator[RecordingSession]:
    """Open a browser at ``url`` and record; ``session.bot`` holds the bot after the block."""
    from playwright.sync_api import sync_playwright

    host = urlparse(url).hostname or "site"
    session = RecordingSession(
        url=url,
        name=name or f"recorded {host}",
        secret_service=secret_service or f"zhangfang-{host}",
        on_change=on_change,
    )
    with sync_playwright() as playwright:
        browser = browsers.launch(playwright, headless=headless, executable=browser_executable)
        try:
            context = browser.new_context()
            context.expose_binding("__zfRecord", lambda source, payload: session.add(payload))
            context.add_init_script(fingerprint_js() + "\n" + recorder_js())

            def on_dialog(dialog: Any) -> None:
                session.steps.append(Step("dialog", accept=True))
                dialog.accept()

            def on_page(page: Any) -> None:
                page.on("dialog", on_dialog)
                if session.page is not None and page is not session.page:
                    session.steps.append(Step("popup", popup="switch"))

            context.on("page", on_page)
            session.page = context.new_page()
            session.page.goto(url)
            yield session
            session.page.wait_for_timeout(200)  # let the last events arrive
        finally:
            browser.close()
    session.finish()
