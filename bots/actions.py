"""What each step's action does, one function per action. The runner finds the element (with
healing), renders the step's value and calls the function; ``ELEMENT_ACTIONS`` work on that
element, ``PAGE_ACTIONS`` on the page. ``RUNNER_ACTIONS`` (control flow, dialogs, windows)
stay in the runner because they shape the run itself. A test checks that together they are
exactly the actions the bot schema allows.
"""

from __future__ import annotations

import fnmatch
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bots.errors import StepFailed
from bots.model import Step, web_url
from bots.result import StepResult

log = logging.getLogger(__name__)
RUNNER_ACTIONS = ("repeat", "if_exists", "dialog", "popup")


@dataclass
class Act:
    """One action about to happen: the step, its rendered value, and the running bot (its
    page, ``render``, ``find``, ``outputs``, ``screenshot`` and options)."""

    run: Any  # bots.runner._Run
    step: Step
    value: str | None
    scope: dict[str, Any]
    timeout_ms: int
    result: StepResult
    el: Any = None  # the element, for ELEMENT_ACTIONS

    @property
    def page(self) -> Any:
        return self.run.page

    def rendered(self, text: str | None) -> str:
        value, _ = self.run.render(text, self.scope)
        return value or ""


# ---- on the page ---------------------------------------------------------------------------
def goto(act: Act) -> None:
    act.page.goto(web_url(act.rendered(act.step.url)), wait_until="domcontentloaded")


def wait(act: Act) -> None:
    """For a URL (a glob), an element to show, and/or a text to appear — all that are given."""
    step, timeout_ms = act.step, act.timeout_ms
    if step.url:
        url = act.rendered(step.url)
        deadline = time.monotonic() + timeout_ms / 1000
        while not fnmatch.fnmatch(act.page.url, url):
            if time.monotonic() > deadline:
                raise StepFailed(f"the page did not reach {url} (it is at {act.page.url})")
            act.page.wait_for_timeout(100)
    if step.target is not None:
        found = act.run.find(step.target, act.scope, timeout_ms / 1000)
        found.locator.wait_for(state="visible", timeout=timeout_ms)
        act.result.locator = found.used
    if step.text:
        page_shows(act.page, act.rendered(step.text), timeout_ms)


def screenshot(act: Act) -> None:
    act.run.screenshot(act.step.name or f"step-{act.result.path}")


def assert_page(act: Act) -> None:
    page_shows(act.page, act.rendered(act.step.text), act.timeout_ms)


def page_shows(page: Any, text: str, timeout_ms: int) -> None:
    """Wait until ``text`` is in some frame's body; a StepFailed when it never comes."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        for frame in page.frames:
            try:
                if text in frame.inner_text("body", timeout=1000):
                    return
            except Exception:
                continue
        if time.monotonic() > deadline:
            raise StepFailed(f"the text {text!r} did not appear on the page")
        page.wait_for_timeout(150)


# ---- on the element the runner found ------------------------------------------------------
def click(act: Act) -> None:
    try:
        act.el.click(timeout=act.timeout_ms)
    except Exception:
        if not act.page.is_closed():
            raise
        log.debug("the click closed its window (a picker popup); that was its job")


def fill(act: Act) -> None:
    if act.el.evaluate("e => !!e.readOnly"):
        # readonly fields (calendar pickers): set the value as the picker would
        act.el.evaluate(
            "(e, v) => { e.value = v; e.dispatchEvent(new Event('input', {bubbles: true}));"
            " e.dispatchEvent(new Event('change', {bubbles: true})); }",
            act.value,
        )
    else:
        act.el.fill(act.value or "", timeout=act.timeout_ms)


def select(act: Act) -> None:
    try:
        act.el.select_option(label=act.value, timeout=act.timeout_ms)
    except Exception:
        act.el.select_option(value=act.value, timeout=act.timeout_ms)


def check(act: Act) -> None:
    act.el.check(timeout=act.timeout_ms)


def uncheck(act: Act) -> None:
    act.el.uncheck(timeout=act.timeout_ms)


def press(act: Act) -> None:
    act.el.press(act.value or "Enter", timeout=act.timeout_ms)


def upload(act: Act) -> None:
    path = Path(act.value or "")
    if not path.is_file():
        raise StepFailed(f"file to upload {path} does not exist")
    act.el.set_input_files(str(path), timeout=act.timeout_ms)


def extract(act: Act) -> None:
    """Read the element into an output: by OCR (an image), an attribute, or its text."""
    step, el = act.step, act.el
    if step.ocr:
        reader = act.run.options.ocr
        if reader is None:
            raise StepFailed("this step reads an image by OCR, but no OCR engine is set up")
        text = reader(el.screenshot()).strip()
    elif step.attribute:
        text = el.get_attribute(step.attribute) or ""
    elif el.evaluate("e => e.tagName.toLowerCase()") in ("input", "textarea", "select"):
        text = el.input_value()
    else:
        text = el.inner_text().strip()
    act.run.outputs[step.into or "value"] = text


def assert_element(act: Act) -> None:
    text = act.rendered(act.step.text)
    if text and text not in act.el.inner_text(timeout=act.timeout_ms):
        raise StepFailed(f"expected text {text!r} is not in the element")


Action = Callable[[Act], None]
PAGE_ACTIONS: dict[str, Action] = {
    "goto": goto,
    "wait": wait,
    "screenshot": screenshot,
    "assert": assert_page,  # without a target: the text anywhere on the page
}
ELEMENT_ACTIONS: dict[str, Action] = {
    "click": click,
    "fill": fill,
    "select": select,
    "check": check,
    "uncheck": uncheck,
    "press": press,
    "upload": upload,
    "extract": extract,
    "assert": assert_element,  # with a target: the text in that element
}


def page_action(step: Step) -> Action | None:
    """The page-level function for ``step``, or None when it acts on an element."""
    if step.action == "assert" and step.target is not None:
        return None
    return PAGE_ACTIONS.get(step.action)
