"""Run a bot with Playwright: locate robustly, wait automatically, handle dialogs and popups,
keep secrets out of everything, and report what happened step by step.

    result = run_bot(bot, {"amount": "12.00"}, RunOptions(artifacts_dir=Path("runs/1")))
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from bots import browser as browsers
from bots.actions import ELEMENT_ACTIONS, Act, page_action
from bots.errors import BotError, ParameterError, StepFailed
from bots.locate import Found, learn_fingerprint, relocate, resolve_frame, try_candidates
from bots.model import TEMPLATE_RE, Bot, Step, Target, artifact_path, describe_step, web_url
from bots.params import check_parameters
from bots.result import RunListener, RunResult, StepResult
from bots.secrets import Redactor, get_secret
from bots.tracing import SecretSafeTrace

log = logging.getLogger(__name__)

OcrReader = Callable[[bytes], str]
HEAL_AFTER_S = 1.5  # try the recorded locators this long before relocating by fingerprint


@dataclass
class RunOptions:
    headless: bool = True
    browser_executable: str | None = None
    timeout_ms: int = 10_000  # per step, unless the step says otherwise
    retries: int = 1  # extra tries for a step that failed for a technical reason
    artifacts_dir: Path | None = None
    trace: bool = True  # record a Playwright trace (kept on failure)
    heal_after_s: float = HEAL_AFTER_S  # tests shorten it; a real OA page may be slow
    listeners: list[RunListener] = field(default_factory=list)
    ocr: OcrReader | None = None  # how `extract ... ocr: true` reads an image
    secret_source: Callable[[Any], str] = get_secret
    slow_mo_ms: int = 0


class _Run:
    def __init__(self, bot: Bot, params: dict[str, Any], options: RunOptions) -> None:
        self.bot = bot
        self.params = params
        self.options = options
        self.redact = Redactor()
        self.outputs: dict[str, str] = {}
        now = dt.datetime.now().isoformat(timespec="seconds")
        self.result = RunResult(bot=bot.name, started=now, parameters=dict(params))
        self.pages: list[Any] = []
        self.dialog_plan: list[tuple[bool, str | None]] = []
        self.dialogs_seen: list[str] = []
        self.context: Any = None
        self.trace: SecretSafeTrace | None = None

    @property
    def page(self) -> Any:
        return self.pages[-1]

    # ---- values ---------------------------------------------------------------------------
    def render(self, text: str | None, scope: dict[str, Any]) -> tuple[str | None, bool]:
        """Fill in {{ }} references; the flag says whether a secret went in."""
        if text is None:
            return None, False
        used_secret = False

        def value(match: Any) -> str:
            nonlocal used_secret
            ref = match.group(1)
            head, _, rest = ref.partition(".")
            if head == "secret":
                used_secret = True
                secret = self.bot.secret(rest)
                if secret is None:
                    raise ParameterError(f"{{{{ {ref} }}}} names no secret of this bot")
                plain = self.options.secret_source(secret)
                self.redact.add(plain)
                return plain
            if head in scope:
                item = scope[head]
                if rest:
                    if not isinstance(item, dict) or rest not in item:
                        raise ParameterError(f"{{{{ {ref} }}}}: the row has no column {rest!r}")
                    return str(item[rest])
                return str(item)
            if head in self.outputs:
                return self.outputs[head]
            if head == "start_url" and self.bot.start_url:
                return self.bot.start_url
            raise ParameterError(f"{{{{ {ref} }}}} has no value: pass --param {head}=…")

        return TEMPLATE_RE.sub(value, text), used_secret

    # ---- dialogs and popups ----------------------------------------------------------------
    def on_dialog(self, dialog: Any) -> None:
        message = self.redact(dialog.message)
        self.dialogs_seen.append(message)
        if self.dialog_plan:
            accept, prompt = self.dialog_plan.pop(0)
        else:
            # not in the bot: acknowledge alerts, refuse confirmations (never agree blindly)
            accept, prompt = dialog.type == "alert", None
            log.warning(
                "unexpected %s: %s (%s)",
                dialog.type,
                message,
                "accepted" if accept else "dismissed",
            )
        if accept:
            dialog.accept(prompt) if prompt is not None else dialog.accept()
        else:
            dialog.dismiss()

    def watch(self, page: Any) -> None:
        page.on("dialog", self.on_dialog)
        page.set_default_timeout(self.options.timeout_ms)
        self.pages.append(page)

    # ---- locating ----------------------------------------------------------------------------
    def with_values(self, target: Target, scope: dict[str, Any]) -> tuple[Target, list[str]]:
        """Locators may hold {{ }} too: "the radio button labelled {{ claim_type }}".

        Returns the target with values filled in and the values that came from templates:
        an element relocated by fingerprint must show them (the fingerprint was recorded
        for one value; "交通费" must never stand in for "办公费")."""
        if not any("{{" in loc.value + (loc.name or "") for loc in target.locators):
            return target, []
        locators, must_show = [], []
        for loc in target.locators:
            value, name = self.render(loc.value, scope)[0] or "", self.render(loc.name, scope)[0]
            for ref in TEMPLATE_RE.findall(loc.value + (loc.name or "")):
                shown, secret = self.render("{{ " + ref + " }}", scope)
                if shown and not secret:
                    must_show.append(shown)
            locators.append(dataclasses.replace(loc, value=value, name=name))
        return dataclasses.replace(target, locators=locators), sorted(set(must_show))

    def find(self, raw_target: Target, scope: dict[str, Any], timeout_s: float) -> Found:
        target, must_show = self.with_values(raw_target, scope)
        frame = resolve_frame(self.page, target.frame, timeout_s)
        deadline = time.monotonic() + timeout_s
        heal_at = time.monotonic() + min(self.options.heal_after_s, timeout_s / 2)
        why = "no locator matched exactly one element"
        tried_healing = False
        while True:
            found = try_candidates(frame, target)
            if found:
                return found
            if not tried_healing and time.monotonic() >= heal_at and target.fingerprint:
                tried_healing = True
                healed, why_not = relocate(frame, target.fingerprint, must_show)
                if healed:
                    return healed
                why = why_not
            if time.monotonic() >= deadline:
                tried = ", ".join(f"{loc.kind}={loc.value}" for loc in target.locators[:4])
                what = (
                    target.description
                    or (target.fingerprint.label if target.fingerprint else None)
                    or tried
                )
                raise StepFailed(f"could not find {what!r} ({why}; tried {tried})")
            self.page.wait_for_timeout(100)

    # ---- steps --------------------------------------------------------------------------------
    def run_steps(self, steps: list[Step], prefix: str, scope: dict[str, Any]) -> None:
        for i, step in enumerate(steps):
            path = f"{prefix}{i + 1}"
            upcoming = steps[i + 1] if i + 1 < len(steps) else None
            self.run_step(step, path, scope, upcoming)

    def run_step(self, step: Step, path: str, scope: dict[str, Any], upcoming: Step | None) -> None:
        description = describe_step(path, step)
        result = StepResult(path=path, action=step.action, title=step.title or step.id)
        for listener in self.options.listeners:
            listener.step_started(path, description)
        started = time.perf_counter()
        attempts = 1 + (step.retries if step.retries is not None else self.options.retries)
        try:
            if step.action in ("repeat", "if_exists"):
                self.control(step, path, scope, result)
            else:
                for attempt in range(attempts):
                    try:
                        self.act(step, scope, upcoming, result)
                        break
                    except BotError:  # a step that cannot succeed: no retry
                        raise
                    except PlaywrightError as exc:  # timeouts, detached elements: retry
                        if attempt + 1 >= attempts:
                            raise StepFailed(self.redact(_first_line(exc))) from exc
                        log.info("%s: retrying after %s", description, _first_line(exc))
            result.status = "warning" if result.status == "warning" else "passed"
        except BotError as exc:
            result.error = self.redact(f"{description}: {exc.message}")
            if step.optional:
                result.status = "warning"
            else:
                result.status = "failed"
                raise StepFailed(result.error) from exc
        finally:
            result.ms = round((time.perf_counter() - started) * 1000)
            self.result.steps.append(result)
            for listener in self.options.listeners:
                listener.step_finished(result)
            if self.trace is not None:
                self.trace.resume_if_left(self.page.url)

    def control(self, step: Step, path: str, scope: dict[str, Any], result: StepResult) -> None:
        if step.action == "repeat":
            rows = scope.get(step.for_each or "")
            if not isinstance(rows, list):
                raise ParameterError(f"parameter {step.for_each!r} must be a list of rows")
            for n, row in enumerate(rows, 1):
                self.run_steps(step.steps, f"{path}#{n}.", {**scope, step.as_name or "row": row})
            return
        timeout = (step.timeout_ms or 2000) / 1000
        assert step.target is not None  # the schema requires it
        try:
            self.find(step.target, scope, timeout)
            exists = True
        except StepFailed:
            exists = False
        result.locator = "exists" if exists else "absent"
        self.run_steps(step.steps if exists else step.otherwise, f"{path}.", scope)

    def act(
        self, step: Step, scope: dict[str, Any], upcoming: Step | None, result: StepResult
    ) -> None:
        timeout_ms = step.timeout_ms or self.options.timeout_ms
        value, secret = self.render(step.value, scope)
        if secret and self.trace is not None:
            self.trace.pause(self.page.url)
        if upcoming is not None and upcoming.action == "dialog":
            prompt, _ = self.render(upcoming.value, scope)
            self.dialog_plan.append((bool(upcoming.accept), prompt))
        if step.action == "dialog":
            self.expect_dialog_handled(step, timeout_ms)
            return
        if step.action == "popup":
            if step.popup == "back":
                if len(self.pages) < 2:
                    raise StepFailed("there is no earlier window to go back to")
                self.pages.pop()
                self.page.bring_to_front()
            return  # "switch" happened while the step before it ran
        opens_popup = (
            upcoming is not None and upcoming.action == "popup" and (upcoming.popup == "switch")
        )
        if opens_popup:
            with self.page.context.expect_page(timeout=timeout_ms) as new_page:
                self.perform(step, value, scope, timeout_ms, result)
            page = new_page.value
            page.wait_for_load_state("domcontentloaded")
            self.watch(page)
        else:
            self.perform(step, value, scope, timeout_ms, result)

    def expect_dialog_handled(self, step: Step, timeout_ms: int) -> None:
        deadline = time.monotonic() + timeout_ms / 1000
        while self.dialog_plan and time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
        if self.dialog_plan:
            self.dialog_plan.clear()
            raise StepFailed("the expected dialog did not appear")

    def perform(
        self,
        step: Step,
        value: str | None,
        scope: dict[str, Any],
        timeout_ms: int,
        result: StepResult,
    ) -> None:
        """Do the step's action (``bots.actions``), finding its element first if it has one."""
        act = Act(self, step, value, scope, timeout_ms, result)
        on_page = page_action(step)
        if on_page is not None:
            on_page(act)
            return
        assert step.target is not None  # the schema requires one for the rest
        found = self.find(step.target, scope, timeout_ms / 1000)
        result.locator = found.used
        if found.healed:
            result.healed = True
            if found.healed_locator:
                result.healed_locator = {
                    "kind": found.healed_locator.kind,
                    "value": found.healed_locator.value,
                }
        act.el = found.locator
        if step.target.fingerprint is None and not found.healed:
            result.fingerprint = learn_fingerprint(act.el)
        ELEMENT_ACTIONS[step.action](act)

    def screenshot(self, name: str) -> Path | None:
        if not self.options.artifacts_dir:
            return None
        path = artifact_path(self.options.artifacts_dir, name, ".png")
        self.page.screenshot(path=str(path), full_page=True)
        self.result.artifacts[name] = str(path)
        return path

    def save_failure_artifacts(self) -> None:
        directory = self.options.artifacts_dir
        if not directory or not self.pages:
            return
        try:
            self.screenshot("failure")
            html = [
                f"<!-- frame {f.name or '(main)'} {f.url} -->\n{f.content()}"
                for f in self.page.frames
            ]
            path = directory / "page.html"
            path.write_text("\n".join(html), encoding="utf-8")
            self.redact.scrub_file(path)
            self.result.artifacts["html"] = str(path)
        except Exception as exc:  # the page may be gone; the result still matters more
            log.warning("could not save the page after the failure: %s", _first_line(exc))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def run_bot(
    bot: Bot, params: dict[str, Any] | None = None, options: RunOptions | None = None
) -> RunResult:
    """Run ``bot`` once. Never raises for a failed step: the result says what happened."""
    from playwright.sync_api import sync_playwright

    options = options or RunOptions()
    started = time.perf_counter()
    try:
        params = check_parameters(bot, params or {})
    except ParameterError as exc:
        result = RunResult(bot=bot.name, status="failed", error=exc.message)
        _finish(result, options, started)
        return result
    run = _Run(bot, params, options)
    if options.artifacts_dir:
        options.artifacts_dir.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = browsers.launch(
                playwright, headless=options.headless, executable=options.browser_executable
            )
            try:
                run.context = browser.new_context(accept_downloads=True)
                run.trace = SecretSafeTrace(
                    run.context,
                    options.artifacts_dir,
                    options.trace and bool(options.artifacts_dir),
                )
                run.trace.start()
                run.watch(run.context.new_page())
                if bot.start_url and not (bot.steps and bot.steps[0].action == "goto"):
                    run.page.goto(web_url(bot.start_url), wait_until="domcontentloaded")
                run.run_steps(bot.steps, "", dict(params))
                run.result.status = "passed"
            except BotError as exc:
                run.result.status = "failed"
                run.result.error = run.redact(exc.message)
                run.save_failure_artifacts()
            except Exception as exc:  # the browser or server went away mid-run
                run.result.status = "failed"
                run.result.error = run.redact(f"the run stopped: {_first_line(exc)}")
                run.save_failure_artifacts()
            finally:
                if run.trace is not None:
                    run.trace.close(run.result, run.redact)
                browser.close()
    except BotError as exc:  # no browser
        run.result.status = "failed"
        run.result.error = exc.message
    run.result.outputs = {k: run.redact(v) for k, v in run.outputs.items()}
    _finish(run.result, options, started)
    return run.result


def _finish(result: RunResult, options: RunOptions, started: float) -> None:
    result.seconds = round(time.perf_counter() - started, 3)
    if options.artifacts_dir:
        options.artifacts_dir.mkdir(parents=True, exist_ok=True)
        result.artifacts["result"] = str(result.save(options.artifacts_dir / "result.json"))
    for listener in options.listeners:
        listener.run_finished(result)
