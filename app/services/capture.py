"""Capture into the ledger, the one way the command line, the desktop app and the demo do it:
files one at a time, each in its own transaction (a cancel or a crash keeps every file
finished before it), a file stored before skipped before it is read."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.ledger import ImportResult, Ledger
from ocr.capture import CaptureOptions, link_supporting
from ocr.readers import iter_capture, iter_files
from ocr.records import ExpenseRecord

log = logging.getLogger(__name__)


@dataclass
class CaptureSummary:
    files: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0  # files imported before
    unreadable: list[str] = field(default_factory=list)  # one message per unreadable file
    cancelled: bool = False
    records: list[ExpenseRecord] = field(default_factory=list)  # as captured, file by file
    results: list[ImportResult] = field(default_factory=list)


def files_in(paths: Sequence[Path | str]) -> list[Path]:
    """The documents under ``paths`` (folders recurse), in a stable order."""
    return list(iter_files([Path(p) for p in paths]))


def capture_into_ledger(
    ledger: Ledger,
    files: Sequence[Path],
    options: CaptureOptions,
    *,
    progress: Callable[[int, int, Path], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> CaptureSummary:
    """Read each file (in ``options.workers`` processes) and store it with its records as
        soon as it is read. A file the ledger holds already is not read again. A trip list is
        linked to an invoice read before it in the same batch. ``progress(done, total, file)``
        after each file; ``cancelled()`` is asked between files: a cancel stops after the file
    being read, which is kept."""
    summary = CaptureSummary(files=len(files))
    new = []
    for file in files:
        if ledger.known_file(file):
            summary.skipped += 1
            summary.results.append(ImportResult(str(file), already_imported=True))
        else:
            new.append(file)
    invoices: list[ExpenseRecord] = []
    done = summary.skipped
    if progress is not None and done:
        progress(done, len(files), files[0])
    reading = iter_capture(new, options)
    try:
        for file, captured in reading:
            _store(ledger, file, captured, invoices, summary)
            done += 1
            if progress is not None:
                progress(done, len(files), file)
            if done < len(files) and cancelled():
                summary.cancelled = True
                break
    finally:
        reading.close()  # a cancel: the files still queued are not read
    return summary


def _store(
    ledger: Ledger,
    file: Path,
    captured: list[ExpenseRecord],
    invoices: list[ExpenseRecord],
    summary: CaptureSummary,
) -> None:
    link_supporting([*invoices, *captured])
    invoices.extend(r for r in captured if r.doc_type != "trip_list")
    result = ledger.add_capture(file, captured)
    summary.results.append(result)
    summary.records += captured
    if result.already_imported:
        summary.skipped += 1
    summary.added += len(result.added)
    summary.duplicates += len(result.duplicates)
    for record in captured:
        if record.doc_type == "unknown":  # kept for a person, but nothing was read
            reason = record.problems[0].message if record.problems else ""
            summary.unreadable.append(f"{file.name}: {reason}")
