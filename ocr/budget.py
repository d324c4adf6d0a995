"""How much one file may cost: time, memory, pixels.

Inside a file's reading, :func:`checkpoint` is called between stages (each page, before OCR,
after rendering). It raises :class:`~ocr.errors.TooSlow` once the file's time is up — so a
document that would take minutes ends with a clear record instead — and tells whoever watches
the reader (see :mod:`ocr.readers`) that it is still alive. What cannot stop cooperatively
(a hang inside a C library, memory running away) the watcher stops from outside.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ocr.errors import TooSlow


@dataclass(frozen=True)
class Budget:
    file_seconds: float = 30.0  # one file, before its pages
    page_seconds: float = 15.0  # added for each page read (a 40-page scan gets 10 minutes)
    silent_seconds: float = 60.0  # the watcher stops a reader that says nothing for this long
    memory_bytes: int = 1_500_000_000  # the watcher stops a reader process above this


DEFAULT_BUDGET = Budget()
Beat = Callable[[str], None]


@dataclass
class _Clock:
    name: str
    budget: Budget
    started: float
    allowed: float
    beat: Beat | None


_current: contextvars.ContextVar[_Clock | None] = contextvars.ContextVar("budget", default=None)


@contextmanager
def reading(name: str, budget: Budget = DEFAULT_BUDGET, beat: Beat | None = None) -> Iterator[None]:
    """Time ``name``'s reading against ``budget``; ``beat(stage)`` at each checkpoint."""
    now = time.monotonic()
    token = _current.set(_Clock(name, budget, now, budget.file_seconds, beat))
    try:
        yield
    finally:
        _current.reset(token)


def allow_pages(count: int) -> None:
    """The file has ``count`` pages to read: give it their time too."""
    clock = _current.get()
    if clock is not None:
        clock.allowed = clock.budget.file_seconds + clock.budget.page_seconds * count


def checkpoint(stage: str) -> None:
    """Raise :class:`TooSlow` if the file's time is up; otherwise say we are alive."""
    clock = _current.get()
    if clock is None:
        return
    spent = time.monotonic() - clock.started
    if spent > clock.allowed:
        raise TooSlow(
            f"{clock.name}: reading stopped after {spent:.0f} s (at {stage}); no invoice takes "
            "this long — check that this is the right file, or split it and import the parts"
        )
    if clock.beat is not None:
        clock.beat(stage)
