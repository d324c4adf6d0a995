"""Batches of files read in watched reader processes.

Reading a file runs code nobody here wrote — PDFium, image decoders, the OCR runtime — on
files anybody may have made. So files are read in separate processes, never in the caller's:
a reader that crashes, goes silent or grows past its memory budget is stopped, its file gets
one ``review`` record saying what happened, a fresh reader takes the next file, and the
caller (the desktop app, ``zhangfang capture``) goes on. Results come back in file order, as
soon as each file is read.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

import psutil

from ocr.budget import DEFAULT_BUDGET, Budget
from ocr.capture import CaptureOptions, capture_file, error_record, link_supporting
from ocr.errors import CaptureError, ReaderCrashed, ReadersUnavailable, TooMuchMemory, TooSlow
from ocr.filenames import readable_name
from ocr.records import ExpenseRecord

log = logging.getLogger(__name__)

HIDDEN_PREFIXES = (".", "~$")
POLL_S = 0.1  # how often a busy reader's memory and silence are looked at
BEAT_EVERY_S = 0.5
Progress = Callable[[int, int, Path], None]


def iter_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files named, and files under folders named (recursively, sorted, hidden ones skipped)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not any(
                    part.startswith(HIDDEN_PREFIXES) for part in child.relative_to(p).parts
                ):
                    yield child
        else:
            yield p


def capture_path(
    paths: Iterable[Path | str] | Path | str,
    options: CaptureOptions | None = None,
    progress: Progress | None = None,
) -> list[ExpenseRecord]:
    """Capture files and folders; records come back in file order."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files = list(iter_files(paths))
    records: list[ExpenseRecord] = []
    for i, (f, recs) in enumerate(iter_capture(files, options)):
        records.extend(recs)
        if progress:
            progress(i + 1, len(files), f)
    return link_supporting(records)


def iter_capture(
    files: Sequence[Path], options: CaptureOptions | None = None, budget: Budget = DEFAULT_BUDGET
) -> Generator[tuple[Path, list[ExpenseRecord]], None, None]:
    """Each file with its records, in file order, as soon as it is read, by
    ``options.workers`` reader processes. Closing the generator early stops the readers:
    files not yet read are not read."""
    options = options or CaptureOptions()
    if not files:
        return
    readers = _Readers(options, budget, min(max(1, options.workers), len(files)))
    try:
        yield from readers.read(files)
    finally:
        readers.stop()


# ---- the reader processes ----------------------------------------------------------------
def _serve(conn: Connection, options: CaptureOptions, budget: Budget, threads: int) -> None:
    """A reader: read each path sent, answer with its records; beats while reading."""
    os.environ["ZHANGFANG_OCR_THREADS"] = str(threads)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the caller's to handle
    conn.send(("ready", -1, None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, path = job
        last = 0.0

        def beat(stage: str, index: int = index) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= BEAT_EVERY_S:
                conn.send(("beat", index, stage))
                last = now

        records = capture_file(path, options, budget=budget, beat=beat)
        conn.send(("done", index, records))


@dataclass
class _Reader:
    process: BaseProcess
    conn: Connection
    job: int | None = None
    stage: str = "starting"
    heard: float = field(default_factory=time.monotonic)
    started: float = field(default_factory=time.monotonic)
    watch: psutil.Process | None = None
    ready: bool = False

    def rss(self) -> int:
        try:
            if self.watch is None:
                self.watch = psutil.Process(self.process.pid)
            return int(self.watch.memory_info().rss)
        except (psutil.Error, ValueError):
            return 0

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class _Readers:
    def __init__(self, options: CaptureOptions, budget: Budget, count: int) -> None:
        self.options = options
        self.budget = budget
        self.count = count
        self.threads = max(1, (os.cpu_count() or 1) // count)
        self.idle: list[_Reader] = []
        self.busy: list[_Reader] = []

    def _start(self) -> _Reader:
        ctx = get_context("spawn")
        ours, theirs = ctx.Pipe()
        process = ctx.Process(
            target=_serve,
            args=(theirs, self.options, self.budget, self.threads),
            name="zhangfang-reader",
            daemon=True,
        )
        process.start()
        theirs.close()
        return _Reader(process, ours)

    def read(self, files: Sequence[Path]) -> Iterator[tuple[Path, list[ExpenseRecord]]]:
        queue = deque(range(len(files)))
        done: dict[int, list[ExpenseRecord]] = {}
        next_out = 0
        while next_out < len(files):
            while queue and len(self.busy) < self.count:
                self._give(queue.popleft(), files)
            self._listen(files, done)
            while next_out in done:
                yield files[next_out], done.pop(next_out)
                next_out += 1

    def _give(self, index: int, files: Sequence[Path]) -> None:
        reader = self.idle.pop() if self.idle else self._start()
        try:
            reader.conn.send((index, files[index]))
        except OSError:  # it died while idle: a fresh one takes the file
            reader.kill()
            reader = self._start()
            reader.conn.send((index, files[index]))
        reader.job, reader.stage = index, "starting"
        reader.heard = reader.started = time.monotonic()
        self.busy.append(reader)

    def _listen(self, files: Sequence[Path], done: dict[int, list[ExpenseRecord]]) -> None:
        waiting = [r.conn for r in self.busy] + [r.process.sentinel for r in self.busy]
        wait(waiting, timeout=POLL_S)
        now = time.monotonic()
        for reader in list(self.busy):
            assert reader.job is not None
            path = files[reader.job]
            try:
                while reader.conn.poll():
                    kind, index, payload = reader.conn.recv()
                    reader.heard = now
                    if kind == "ready":
                        reader.ready = True
                    elif kind == "beat":
                        reader.stage = payload
                    elif kind == "done" and index == reader.job:
                        done[index] = payload
                        self.busy.remove(reader)
                        self.idle.append(reader)
                        reader.job = None
                        break
            except (EOFError, OSError):
                pass  # it died: found below
            if reader.job is None:
                continue
            failure = self._failure(reader, path, now)
            if failure is not None:
                log.warning("%s", failure.message)
                reader.kill()
                self.busy.remove(reader)
                done[reader.job] = [error_record(path, failure)]

    def _failure(self, reader: _Reader, path: Path, now: float) -> CaptureError | None:
        name = readable_name(path)
        if not reader.process.is_alive():
            code = reader.process.exitcode
            if not reader.ready:
                raise ReadersUnavailable(
                    f"the reader process could not start (exit code {code}); nothing was read. "
                    "Reinstall Zhangfang, or see the log (zhangfang -v) for why"
                )
            how = (
                f"signal {signal.Signals(-code).name}"
                if code is not None and code < 0 and -code in signal.Signals._value2member_map_
                else f"exit code {code}"
            )
            return ReaderCrashed(
                f"{name}: the reader crashed on this file ({how}, at {reader.stage}); the other "
                "files are read. Enter this record by hand, and keep the file for support"
            )
        if now - reader.heard > self.budget.silent_seconds:
            return TooSlow(
                f"{name}: reading stopped after {now - reader.started:.0f} s (stuck at "
                f"{reader.stage}); check that this is the right file, or scan it again"
            )
        rss = reader.rss()
        if rss > self.budget.memory_bytes:
            return TooMuchMemory(
                f"{name}: reading stopped at {reader.stage}: it needed more than "
                f"{self.budget.memory_bytes / 1e9:.1f} GB of memory (possibly a decompression "
                "bomb); scan or export it again at a normal size"
            )
        return None

    def stop(self) -> None:
        """End every reader: idle ones are asked, busy ones are killed."""
        for reader in self.idle:
            with contextlib.suppress(OSError):
                reader.conn.send(None)
        for reader in self.idle:
            reader.process.join(2)
            reader.kill()
        for reader in self.busy:
            reader.kill()
        self.idle, self.busy = [], []
