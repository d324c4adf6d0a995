"""What every screen shares: settings, the ledger, background workers, and the few signals
views listen to ("records changed", "runs changed", a notification). Operations here are
thin: each calls the same core function the command line calls, in a worker."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.bot_library import BotEntry, bots_folder, ensure_folder, list_bots, run_and_keep
from app.config import Settings, load_settings, save_settings
from app.gui.workers import Task, TaskControl, Workers
from app.ledger import Ledger

log = logging.getLogger(__name__)


@dataclass
class ImportSummary:
    files: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0  # files imported before
    unreadable: list[str] = field(default_factory=list)  # messages, one per unreadable file
    cancelled: bool = False


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

    def __init__(self, ledger: Ledger, settings: Settings | None = None) -> None:
        super().__init__()
        self.ledger = ledger
        self.settings = settings or load_settings()
        self.workers = Workers(self)
        self._capture: Task | None = None

    # ---- settings ----------------------------------------------------------------------------
    def save_settings(self, settings: Settings) -> None:
        save_settings(settings)
        self.settings = settings
        self.settingsChanged.emit()
        self.botsChanged.emit()

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
        done: Callable[[ImportSummary], None] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> Task | None:
        """Capture files and folders into the ledger in the background (one at a time, each its
        own transaction: a cancel or a crash keeps every file finished before it)."""
        from ocr.capture import CaptureOptions, capture_file, iter_files

        files = list(iter_files([Path(p) for p in paths]))
        if not files:
            return None
        options = CaptureOptions(engine=self.settings.ocr_engine)

        def work(control: TaskControl) -> ImportSummary:
            summary = ImportSummary(files=len(files))
            for n, file in enumerate(files):
                if control.cancelled:
                    summary.cancelled = True
                    break
                control.progress(n, len(files), file.name)
                result = self.ledger.import_file(file, lambda p: capture_file(p, options))
                if result.already_imported:
                    summary.skipped += 1
                summary.added += len(result.added)
                summary.duplicates += len(result.duplicates)
                for record_id in result.added:
                    record = self.ledger.get(record_id).record
                    if record.doc_type == "unknown":  # kept for a person, but nothing was read
                        reason = record.problems[0].message if record.problems else ""
                        summary.unreadable.append(f"{file.name}: {reason}")
                control.progress(n + 1, len(files), file.name)
            return summary

        def finished(summary: ImportSummary) -> None:
            self._capture = None
            self.recordsChanged.emit()
            self.notify.emit(
                self.tr("Capture finished"), self.describe_import(summary), "info", None
            )
            if done:
                done(summary)

        def stopped(message: str) -> None:
            self._capture = None
            self.recordsChanged.emit()
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
        return list_bots(ensure_folder(bots_folder(self.settings)))

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

        def work(control: TaskControl) -> Any:
            return run_and_keep(
                entry.path,
                params,
                ledger=self.ledger,
                listeners=[_StepsToGui(control)],
                headless=headless,
                ocr_engine=self.settings.ocr_engine,
            )

        def finished(outcome: tuple[Any, int | None]) -> None:
            result, run_id = outcome
            self.botRunning.emit("")
            self.runsChanged.emit()
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
            self.runsChanged.emit()
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
        from app.submit.engine import Submitter
        from app.submit.targets import connector_for

        ids = list(record_ids)

        def work(control: TaskControl) -> list[Any]:
            connector = connector_for(target, self.settings.extra)
            if getattr(connector, "on_run", "absent") is None:  # keep bot runs in the ledger
                connector.on_run = lambda name, result: self.ledger.add_bot_run(
                    name, result.to_dict()
                )
            submitter = Submitter(self.ledger, connector)
            outcomes = []
            for n, record_id in enumerate(ids):
                control.progress(n, len(ids), str(record_id))
                control.report(("sending", record_id))
                outcome = submitter.submit(record_id)
                outcomes.append(outcome)
                control.report(("outcome", outcome))
            return outcomes

        def finished(outcomes: list[Any]) -> None:
            self.recordsChanged.emit()
            self.runsChanged.emit()
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
            self.recordsChanged.emit()
            self.notify.emit(self.tr("Submission stopped"), message, "error", None)
            if failed:
                failed(message)

        return self.run(work, finished, stopped, report=report, serial=True)

    def describe_import(self, summary: ImportSummary) -> str:
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

    def shutdown(self) -> None:
        self.cancel_import()
        self.workers.wait(60_000)
        self.ledger.close()
