"""Run a bot with Playwright: locate robustly, wait automatically, handle dialogs and popups,
keep secrets out of everything, and report what happened step by step.

    result = run_bot(bot, {"amount": "12.00"}, RunOptions(artifacts_dir=Path("runs/1")))
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bots import browser as browsers
from bots.errors import BotError, ParameterError, StepFailed
from bots.locate import Found, fingerprint_js, relocate, resolve_frame, try_candidates
from bots.model import TEMPLATE_RE, Bot, Step, Target, describe_step
from bots.report import RunListener, RunResult, StepResult
from bots.secrets import Redactor, get_secret

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
        self.trace_paused = False
        self.resume_after_url = ""  # the page that held a secret when tracing paused
        self.trace_chunks: list[Path] = []
        self.context: Any = None

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

    # ---- tracing without secrets ---------------------------------------------------------
    def pause_trace(self) -> None:
        if self.options.trace and not self.trace_paused and self.options.artifacts_dir:
            path = self.options.artifacts_dir / f"trace-{len(self.trace_chunks) + 1}.zip"
            self.context.tracing.stop_chunk(path=str(path))
            self.trace_chunks.append(path)
            self.trace_paused = True
            self.resume_after_url = self.page.url

    def maybe_resume_trace(self) -> None:
        """Resume once the page holding a secret has been left (snapshots show field values)."""
        if self.trace_paused and self.page.url != self.resume_after_url:
            self.context.tracing.start_chunk()
            self.trace_paused = False

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
        heal_at = time.monotonic() + min(HEAL_AFTER_S, timeout_s / 2)
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
                    except Exception as exc:  # Playwright timeouts and errors: retry
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
            self.maybe_resume_trace()

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
        if secret:
            self.pause_trace()
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
        action = step.action
        if action == "goto":
            url, _ = self.render(step.url, scope)
            self.page.goto(url, wait_until="domcontentloaded")
            return
        if action == "wait":
            self.wait(step, scope, timeout_ms, result)
            return
        if action == "screenshot":
            self.screenshot(step.name or f"step-{result.path}")
            return
        if action == "assert" and step.target is None:
            text, _ = self.render(step.text, scope)
            self.assert_text(text or "", timeout_ms)
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
        el = found.locator
        if step.target.fingerprint is None and not found.healed:
            result.fingerprint = learn_fingerprint(el)
        if action == "click":
            try:
                el.click(timeout=timeout_ms)
            except Exception:
                if not self.page.is_closed():
                    raise
                log.debug("the click closed its window (a picker popup); that was its job")
        elif action == "fill":
            if el.evaluate("e => !!e.readOnly"):
                # readonly fields (calendar pickers): set the value as the picker would
                el.evaluate(
                    "(e, v) => { e.value = v; e.dispatchEvent(new Event('input', "
                    "{bubbles: true})); e.dispatchEvent(new Event('change', "
                    "{bubbles: true})); }",
                    value,
                )
            else:
                el.fill(value or "", timeout=timeout_ms)
        elif action == "select":
            try:
                el.select_option(label=value, timeout=timeout_ms)
            except Exception:
                el.select_option(value=value, timeout=timeout_ms)
        elif action == "check":
            el.check(timeout=timeout_ms)
        elif action == "uncheck":
            el.uncheck(timeout=timeout_ms)
        elif action == "press":
            el.press(value or "Enter", timeout=timeout_ms)
        elif action == "upload":
            path = Path(value or "")
            if not path.is_file():
                raise StepFailed(f"file to upload {path} does not exist")
            el.set_input_files(str(path), timeout=timeout_ms)
        elif action == "extract":
            self.outputs[step.into or "value"] = self.extract(step, el)
        elif action == "assert":
            text, _ = self.render(step.text, scope)
            if text and text not in el.inner_text(timeout=timeout_ms):
                raise StepFailed(f"expected text {text!r} is not in the element")
        else:  # pragma: no cover - the schema lists every action
            raise StepFailed(f"unknown action {action!r}")

    def extract(self, step: Step, el: Any) -> str:
        if step.ocr:
            if self.options.ocr is None:
                raise StepFailed("this step reads an image by OCR, but no OCR engine is set up")
            return self.options.ocr(el.screenshot()).strip()
        if step.attribute:
            return el.get_attribute(step.attribute) or ""
        tag = el.evaluate("e => e.tagName.toLowerCase()")
        if tag in ("input", "textarea", "select"):
            return el.input_value()
        return el.inner_text().strip()

    def wait(self, step: Step, scope: dict[str, Any], timeout_ms: int, result: StepResult) -> None:
        if step.url:
            url, _ = self.render(step.url, scope)
            deadline = time.monotonic() + timeout_ms / 1000
            while not fnmatch.fnmatch(self.page.url, url or ""):
                if time.monotonic() > deadline:
                    raise StepFailed(f"the page did not reach {url} (it is at {self.page.url})")
                self.page.wait_for_timeout(100)
        if step.target is not None:
            found = self.find(step.target, scope, timeout_ms / 1000)
            found.locator.wait_for(state="visible", timeout=timeout_ms)
            result.locator = found.used
        if step.text:
            text, _ = self.render(step.text, scope)
            self.assert_text(text or "", timeout_ms)

    def assert_text(self, text: str, timeout_ms: int) -> None:
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            for frame in self.page.frames:
                try:
                    if text in frame.inner_text("body", timeout=1000):
                        return
                except Exception:
                    continue
            if time.monotonic() > deadline:
                raise StepFailed(f"the text {text!r} did not appear on the page")
            self.page.wait_for_timeout(150)

    def screenshot(self, name: str) -> Path | None:
        if not self.options.artifacts_dir:
            return None
        path = self.options.artifacts_dir / f"{name}.png"
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


def learn_fingerprint(el: Any) -> dict[str, Any] | None:
    """Describe a found element the way the recorder does, so a later run can heal."""
    try:
        el.evaluate("(e, js) => { if (!window.__zfDescribe) (0, eval)(js); }", fingerprint_js())
        data = el.evaluate("e => window.__zfDescribe(e)")
    except Exception:  # a detached element: nothing to learn, nothing lost
        return None
    data.pop("visible", None)
    return {k: v for k, v in data.items() if v not in ("", None, {})}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def check_parameters(bot: Bot, params: dict[str, Any]) -> dict[str, Any]:
    """Defaults filled in; a missing required parameter is an error naming it."""
    out = dict(params)
    for p in bot.parameters:
        if p.name not in out or out[p.name] in (None, ""):
            if p.default is not None:
                out[p.name] = p.default
            elif p.type == "list" and not p.required:
                out[p.name] = []  # an optional list: no rows
            elif p.required:
                raise ParameterError(
                    f"bot {bot.name!r} needs parameter {p.name!r}"
                    + (f" ({p.label})" if p.label else "")
                    + f": pass --param {p.name}=…"
                )
        if p.type == "list" and p.name in out and isinstance(out[p.name], str):
            raise ParameterError(f"parameter {p.name!r} is a list: pass rows, not text")
    return out


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
                if options.trace and options.artifacts_dir:
                    run.context.tracing.start(screenshots=True, snapshots=True, sources=False)
                    run.context.tracing.start_chunk()
                run.watch(run.context.new_page())
                if bot.start_url and not (bot.steps and bot.steps[0].action == "goto"):
                    run.page.goto(bot.start_url, wait_until="domcontentloaded")
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
                _close_trace(run)
                browser.close()
    except BotError as exc:  # no browser
        run.result.status = "failed"
        run.result.error = exc.message
    run.result.outputs = {k: run.redact(v) for k, v in run.outputs.items()}
    _finish(run.result, options, started)
    return run.result


def _close_trace(run: _Run) -> None:
    options = run.options
    if not (options.trace and options.artifacts_dir and run.context):
        return
    try:
        if not run.trace_paused:
            path = options.artifacts_dir / f"trace-{len(run.trace_chunks) + 1}.zip"
            run.context.tracing.stop_chunk(path=str(path))
            run.trace_chunks.append(path)
        run.context.tracing.stop()
    except Exception as exc:
        log.warning("could not save the trace: %s", _first_line(exc))
    if run.result.status == "passed":
        for path in run.trace_chunks:
            path.unlink(missing_ok=True)  # traces are for failures; keep the folder small
    else:
        for n, path in enumerate(run.trace_chunks, 1):
            if path.exists():
                run.redact.scrub_file(path)
                run.result.artifacts[f"trace-{n}"] = str(path)


def _finish(result: RunResult, options: RunOptions, started: float) -> None:
    result.seconds = round(time.perf_counter() - started, 3)
    if options.artifacts_dir:
        options.artifacts_dir.mkdir(parents=True, exist_ok=True)
        result.artifacts["result"] = str(result.save(options.artifacts_dir / "result.json"))
    for listener in options.listeners:
        listener.run_finished(result)
