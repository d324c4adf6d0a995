"""A Playwright trace of a run that never holds a secret: the trace is cut into chunks, paused
while a page shows a typed secret (its snapshots would show the field's value) and resumed
once that page is left. Chunks are kept, scrubbed, only when the run failed."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from bots.result import RunResult
from bots.secrets import Redactor

log = logging.getLogger(__name__)


class SecretSafeTrace:
    def __init__(self, context: Any, folder: Path | None, enabled: bool) -> None:
        self.context = context
        self.folder = folder if enabled else None
        self.chunks: list[Path] = []
        self.paused = False
        self.resume_after_url = ""  # the page that held a secret when tracing paused

    def start(self) -> None:
        if self.folder is not None:
            self.context.tracing.start(screenshots=True, snapshots=True, sources=False)
            self.context.tracing.start_chunk()

    def _next_chunk(self) -> Path:
        assert self.folder is not None
        path = self.folder / f"trace-{len(self.chunks) + 1}.zip"
        self.context.tracing.stop_chunk(path=str(path))
        self.chunks.append(path)
        return path

    def pause(self, page_url: str) -> None:
        """A secret is about to be typed on the page at ``page_url``."""
        if self.folder is not None and not self.paused:
            self._next_chunk()
            self.paused = True
            self.resume_after_url = page_url

    def resume_if_left(self, page_url: str) -> None:
        if self.paused and page_url != self.resume_after_url:
            self.context.tracing.start_chunk()
            self.paused = False

    def close(self, result: RunResult, redact: Redactor) -> None:
        """Stop tracing; a passed run's chunks are deleted, a failed run's scrubbed and kept."""
        if self.folder is None:
            return
        try:
            if not self.paused:
                self._next_chunk()
            self.context.tracing.stop()
        except Exception as exc:
            log.warning("could not save the trace: %s", str(exc).strip().splitlines()[:1])
        if result.status == "passed":
            for path in self.chunks:
                path.unlink(missing_ok=True)  # traces are for failures; keep the folder small
            return
        for n, path in enumerate(self.chunks, 1):
            if path.exists():
                redact.scrub_file(path)
                result.artifacts[f"trace-{n}"] = str(path)
