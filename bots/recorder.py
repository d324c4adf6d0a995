"""Record a bot by doing the task once in a browser.

    with record("http://oa.example/") as session:
        session.page.get_by_label("金额").fill("12.00")   # or a person clicks and types
    session.bot.save("claim.bot.yaml")

An init script in every frame reports clicks, typing (one fill per field), selects, checks,
uploads and Enter presses with several locator candidates, the frame path and a fingerprint
of the element. Dialogs and popups (opened, closed, gone back to) become steps. Password
fields become secret references: the typed value is never kept. A captcha typed by hand
becomes an OCR read of its image; an uploaded file becomes a file parameter (the browser
only tells its name).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlparse

from bots import browser as browsers
from bots.locate import fingerprint_js
from bots.model import (
    Bot,
    Fingerprint,
    FrameRef,
    Locator,
    Parameter,
    SecretRef,
    Step,
    Target,
)

log = logging.getLogger(__name__)
CAPTCHA_VALUE = "{{ captcha }}"


@cache
def recorder_js() -> str:
    return resources.files("bots").joinpath("recorder.js").read_text("utf-8")


DialogAnswer = Callable[[str, str, str], tuple[bool, str | None]]
"""(dialog type, message, default prompt text) → (accept?, prompt text or None)."""


def accept_dialogs(kind: str, message: str, default: str) -> tuple[bool, str | None]:
    """The default answer while recording: OK, with the prompt's suggested text."""
    return True, (default if kind == "prompt" else None)


@dataclass
class RecordingSession:
    url: str
    name: str
    secret_service: str
    page: Any = None
    steps: list[Step] = field(default_factory=list)
    secrets: list[SecretRef] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    bot: Bot | None = None
    last_text: str = "user"  # what was typed last: usually the user name before a password
    on_change: Any = None  # called with the bot so far after each recorded step
    windows: list[Any] = field(default_factory=list)  # the main page, then open popups

    def add(self, payload: dict[str, Any], page: Any = None) -> None:
        if page is not None:
            self._follow(page)
        target = _target(payload["target"])
        action = payload["action"]
        value = payload.get("value")
        last = self.steps[-1] if self.steps else None
        if action == "fill" and last is not None and last.action == "fill" and _same(last, target):
            # typing continues in the same field: one fill with the final text
            if not payload.get("secret") and last.value != CAPTCHA_VALUE:
                last.value = value
                self.last_text = value or self.last_text
            return
        if action == "fill" and payload.get("secret"):
            value = "{{ secret." + self._secret_for(target) + " }}"
        elif action == "fill" and payload.get("captcha"):
            # a person reads the captcha; the bot reads it by OCR each run
            self._append(
                Step("extract", target=_target(payload["captcha"]), ocr=True, into="captcha")
            )
            value = CAPTCHA_VALUE
        elif action == "fill":
            self.last_text = value or self.last_text
        elif action == "upload":
            value = "{{ " + self._file_parameter(target, value or "") + " }}"
        self._append(Step(action=action, target=target, value=value))

    def _append(self, step: Step) -> None:
        self.steps.append(step)
        if self.on_change:
            self.on_change(self.finish())

    # ---- windows, dialogs --------------------------------------------------------------------
    def opened(self, page: Any) -> None:
        if not self.windows:
            self.windows.append(page)
            return
        self.windows.append(page)
        self._append(Step("popup", popup="switch"))

    def closed(self, page: Any) -> None:
        if len(self.windows) > 1 and page is self.windows[-1]:
            self.windows.pop()
            self._append(Step("popup", popup="back"))

    def _follow(self, page: Any) -> None:
        """An event from an earlier window: the person went back to it."""
        if page in self.windows[:-1]:
            while self.windows[-1] is not page:
                self.windows.pop()
                self._append(Step("popup", popup="back"))

    def answered(self, kind: str, message: str, accept: bool, prompt: str | None) -> None:
        self._append(Step("dialog", title=f"{kind}: {message}"[:80], accept=accept, value=prompt))

    # ---- what the recording becomes ----------------------------------------------------------
    def _secret_for(self, target: Target) -> str:
        name = f"password{len(self.secrets) + 1}" if self.secrets else "password"
        self.secrets.append(
            SecretRef(name=name, service=self.secret_service, username=self.last_text)
        )
        return name

    def _file_parameter(self, target: Target, recorded: str) -> str:
        """The browser tells only the file's name, never its path: each run is given one."""
        used = {p.name for p in self.parameters}
        attribute = (target.fingerprint.attributes.get("name") if target.fingerprint else "") or ""
        name = attribute if attribute.isidentifier() and attribute not in used else "file"
        while name in used:
            name = f"file{len(used) + 1}"
        caption = (target.fingerprint.label if target.fingerprint else None) or "上传文件"
        label = f"{caption}（录制时选择了 {recorded}）" if recorded else caption
        self.parameters.append(Parameter(name=name, type="file", label=label))
        return name

    def finish(self) -> Bot:
        self.bot = Bot(
            name=self.name,
            description=f"recorded at {self.url}",
            start_url=self.url,
            parameters=self.parameters,
            secrets=self.secrets,
            steps=[Step("goto", url="{{ start_url }}"), *self.steps],
        )
        return self.bot

    def wait_until_closed(self) -> None:
        """Block until the person closes the recording window."""
        if not self.page.is_closed():
            self.page.wait_for_event("close", timeout=0)


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
    on_dialog: DialogAnswer | None = None,
) -> Iterator[RecordingSession]:
    """Open a browser at ``url`` and record; ``session.bot`` holds the bot after the block.

    ``on_dialog`` answers alert/confirm/prompt dialogs while recording (a browser driven by
    Playwright cannot show them to the person); the answer becomes a ``dialog`` step. By
    default every dialog is accepted."""
    from playwright.sync_api import sync_playwright

    host = urlparse(url).hostname or "site"
    answer = on_dialog or accept_dialogs
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
            context.expose_binding(
                "__zfRecord", lambda source, payload: session.add(payload, source.get("page"))
            )
            script = fingerprint_js() + "\n" + recorder_js()
            context.add_init_script(script)

            def install(page: Any) -> None:
                # a popup's first document (about:blank) keeps its window when it navigates,
                # and Chromium runs no init script for the new document: install it here
                try:
                    page.evaluate(script)
                except Exception as exc:  # closed already: nothing left to record
                    log.debug("recorder not installed in %s: %s", page.url, exc)

            def on_dialog(dialog: Any) -> None:
                accept, prompt = answer(dialog.type, dialog.message, dialog.default_value)
                session.answered(dialog.type, dialog.message, accept, prompt)
                if not accept:
                    dialog.dismiss()
                elif prompt is not None:
                    dialog.accept(prompt)
                else:
                    dialog.accept()

            def on_page(page: Any) -> None:
                page.on("dialog", on_dialog)
                page.on("close", session.closed)
                page.on("domcontentloaded", install)
                session.opened(page)

            context.on("page", on_page)
            session.page = context.new_page()
            session.page.goto(url)
            yield session
            if not session.page.is_closed():
                session.page.wait_for_timeout(200)  # let the last events arrive
        finally:
            browser.close()
    session.finish()
