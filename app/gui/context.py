"""What every screen shares: settings, the ledger, background workers, and the few signals
views listen to ("records changed", "runs changed", a notification). Operations here are
thin: each calls the same core function the command line calls, in a worker."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.config import Settings, load_settings, save_settings
from app.gui.operations import BOTS, RECORDS, RUNS, SETTINGS, run_op
from app.gui.workers import Task, TaskControl, Workers
from app.ledger import Ledger
from app.services.bots import BotEntry, KeptRun, ensure_folder, list_bots, run_and_keep, run_options
from app.services.capture import CaptureSummary, capture_into_ledger, files_in

log = logging.getLogger(__name__)
RETRY_EVERY_MS = 60_000  # how often the running app looks for submissions due for a retry


class _StepsToGui:
    """A run listener that forwards steps to the GUI thread."""

    def __init__(self, control: TaskControl) -> None:
        self.control = control

    def step_started(self, path: str, description: str) -> None:
        self.control.report(("started", path, description))

    def step_finished(self, result: Any) -> None:
        self.control.report(("finished", result))

    def run_finished(self, result: Any) -> None:
        pass


class AppContext(QObject):
    recordsChanged = Signal()
    runsChanged = Signal()
    botsChanged = Signal()
    settingsChanged = Signal()
    botRunning = Signal(str)  # the bot's name; "" when no bot runs
    botStep = Signal(object)  # ("started", path, text) | ("finished", StepResult)
    notify = Signal(str, str, str, object)  # title, message, "info" | "error", run id or None
    error = Signal(str)  # a background task failed: the message for the person
    changed = Signal(object)  # frozenset of app.gui.operations kinds: what to refresh

    def __init__(self, ledger: Ledger, settings: Settings | None = None) -> None:
        super().__init__()
        self.ledger = ledger
        self.settings = settings or load_settings()
        self.workers = Workers(self)
        self._capture: Task | None = None
        self._retrying = False
        self.retry_timer = QTimer(self)  # takes up put-off submissions (start_retrying)
        self.retry_timer.timeout.connect(self.retry_due)
        self.changed.connect(self._announce)

    def _announce(self, kinds: frozenset[str]) -> None:
        """The per-kind signals screens listen to, from the one ``changed``."""
        for kind, signal in (
            (RECORDS, self.recordsChanged),
            (RUNS, self.runsChanged),
            (BOTS, self.botsChanged),
            (SETTINGS, self.settingsChanged),
        ):
            if kind in kinds:
                signal.emit()

    def op(
        self,
        fn: Callable[[Ledger], Any],
        *,
        changes: Sequence[str] | set[str] = (),
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Ledger work in the background, ending in one ``changed`` (app.gui.operations)."""
        return run_op(self, fn, changes=changes, done=done, failed=failed, owner=owner)

    # ---- settings ----------------------------------------------------------------------------
    def save_settings(self, settings: Settings) -> None:
        save_settings(settings)
        self.settings = settings
        self.changed.emit(frozenset({SETTINGS, BOTS}))

    def run(
        self,
        fn: Callable[[TaskControl], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
        **kwargs: Any,
    ) -> Task:
        """Run ``fn`` in the background; a failure nobody handles becomes ``error``."""
        return self.workers.start(fn, done, failed or self.error.emit, **kwargs)

    # ---- documents ---------------------------------------------------------------------------
    @property
    def capturing(self) -> bool:
        return self._capture is not None

    def import_files(
        self,
        paths: Sequence[Path | str],
        done: Callable[[CaptureSummary], None] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> Task | None:
        """Capture files and folders into the ledger in the background (one at a time, each its
        own transaction: a cancel or a crash keeps every file finished before it)."""
        from ocr.capture import CaptureOptions

        files = files_in(paths)
        if not files:
            return None
        options = CaptureOptions(
            engine=self.settings.ocr_engine, workers=self.settings.capture_workers
        )

        def work(control: TaskControl) -> CaptureSummary:
            control.progress(0, len(files), files[0].name)
            return capture_into_ledger(
                self.ledger,
                files,
                options,
                progress=lambda done, total, file: control.progress(done, total, file.name),
                cancelled=lambda: control.cancelled,
            )

        def finished(summary: CaptureSummary) -> None:
            self._capture = None
            self.changed.emit(frozenset({RECORDS}))
            self.notify.emit(
                self.tr("Capture finished"), self.describe_import(summary), "info", None
            )
            if done:
                done(summary)

        def stopped(message: str) -> None:
            self._capture = None
            self.changed.emit(frozenset({RECORDS}))
            self.notify.emit(self.tr("Capture stopped"), message, "error", None)
            if failed:
                failed(message)

        self._capture = self.run(work, finished, stopped, progress=progress)
        return self._capture

    def cancel_import(self) -> None:
        if self._capture is not None:
            self._capture.cancel()

    # ---- bots ----------------------------------------------------------------------------------
    def bot_entries(self) -> list[BotEntry]:
        return list_bots(ensure_folder(self.settings.bots_dir()))

    def run_bot(
        self,
        entry: BotEntry,
        params: dict[str, Any],
        *,
        headless: bool = True,
        done: Callable[[Any], None] | None = None,
    ) -> Task:
        """Run a bot in the background (one at a time); steps arrive as ``botStep``."""
        name = entry.name

        def work(control: TaskControl) -> KeptRun:
            return run_and_keep(
                entry.path,
                params,
                settings=self.settings,
                ledger=self.ledger,
                options=run_options(self.settings, headless=headless),
                listeners=[_StepsToGui(control)],
            )

        def finished(kept: KeptRun) -> None:
            result, run_id = kept.result, kept.run_id
            self.botRunning.emit("")
            self.changed.emit(frozenset({RUNS}))
            if result.status == "passed":
                outputs = ", ".join(f"{k}: {v}" for k, v in result.outputs.items())
                message = self.tr("{0} finished in {1:.1f} s").format(name, result.seconds)
                self.notify.emit(
                    self.tr("Bot finished"),
                    message + (f" — {outputs}" if outputs else ""),
                    "info",
                    run_id,
                )
            else:
                failed_step = next((s for s in result.steps if s.status == "failed"), None)
                where = (
                    self.tr("step {0} ({1})").format(failed_step.path, failed_step.action)
                    if failed_step
                    else self.tr("before the first step")
                )
                self.notify.emit(
                    self.tr("Bot failed"),
                    self.tr("{0} failed at {1}: {2}").format(name, where, result.error or ""),
                    "error",
                    run_id,
                )
            if done:
                done(result)

        def failed(message: str) -> None:
            self.botRunning.emit("")
            self.changed.emit(frozenset({RUNS}))
            self.notify.emit(self.tr("Bot failed"), f"{name}: {message}", "error", None)

        self.botRunning.emit(name)
        return self.run(work, finished, failed, report=self.botStep.emit, serial=True)

    # ---- submission ------------------------------------------------------------------------------
    def submit(
        self,
        record_ids: Sequence[int],
        target: str,
        done: Callable[[list[Any]], None] | None = None,
        report: Callable[[object], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> Task:
        """File records with a target through the exactly-once engine; one outcome at a time
        arrives through ``report`` so the table shows live status."""
        from app.services.submission import submit_records

        ids = list(record_ids)

        def work(control: TaskControl) -> list[Any]:
            def before_each(n: int, total: int, record_id: int) -> None:
                control.progress(n, total, str(record_id))
                control.report(("sending", record_id))

            return submit_records(
                self.ledger, self.settings, target, ids,
                before_each=before_each,
                after_each=lambda outcome: control.report(("outcome", outcome)),
            )  # fmt: skip

        def finished(outcomes: list[Any]) -> None:
            self.changed.emit(frozenset({RECORDS, RUNS}))
            ok = sum(o.state == "succeeded" for o in outcomes)
            self.notify.emit(
                self.tr("Submission finished"),
                self.tr("{0} of {1} records are in {2}").format(ok, len(outcomes), target),
                "info" if ok == len(outcomes) else "error",
                None,
            )
            if done:
                done(outcomes)

        def stopped(message: str) -> None:
            self.changed.emit(frozenset({RECORDS}))
            self.notify.emit(self.tr("Submission stopped"), message, "error", None)
            if failed:
                failed(message)

        return self.run(work, finished, stopped, report=report, serial=True)

    def describe_import(self, summary: CaptureSummary) -> str:
        parts = [self.tr("{0} records from {1} files").format(summary.added, summary.files)]
        if summary.duplicates:
            parts.append(self.tr("{0} duplicates kept aside").format(summary.duplicates))
        if summary.skipped:
            parts.append(self.tr("{0} files imported before").format(summary.skipped))
        if summary.unreadable:
            parts.append(self.tr("{0} could not be read").format(len(summary.unreadable)))
        if summary.cancelled:
            parts.append(self.tr("cancelled"))
        return "; ".join(parts)

    # ---- retries that are due ----------------------------------------------------------------
    def start_retrying(self, interval_ms: int = RETRY_EVERY_MS) -> None:
        """Look for put-off submissions now and then every ``interval_ms``, while the app runs
        (in the tray too): a target that was down gets its records without anyone clicking."""
        self.retry_timer.start(interval_ms)
        self.retry_due()

    def retry_due(self) -> Task | None:
        """Submit, in the background, every submission whose retry time has come."""
        from app.services.submission import retry_due

        if self._retrying:
            return None
        self._retrying = True

        def finished(report: Any) -> None:
            self._retrying = False
            if report.outcomes:
                self.changed.emit(frozenset({RECORDS, RUNS}))
                ok = sum(o.state == "succeeded" for o in report.outcomes)
                self.notify.emit(
                    self.tr("Retried submissions"),
                    self.tr("{0} of {1} records that were waiting are now in their target").format(
                        ok, len(report.outcomes)
                    ),
                    "info" if ok == len(report.outcomes) else "error",
                    None,
                )
            for message in report.errors:
                log.warning("retrying submissions: %s", message)

        def stopped(message: str) -> None:
            self._retrying = False
            log.warning("retrying submissions failed: %s", message)

        return self.run(
            lambda control: retry_due(self.ledger, self.settings), finished, stopped, serial=True
        )

    def shutdown(self) -> None:
        self.retry_timer.stop()
        self.cancel_import()
        self.workers.wait(60_000)
        self.ledger.close()
