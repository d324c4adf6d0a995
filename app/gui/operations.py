"""Ledger work off the GUI thread, in Anki's manner (its ``CollectionOp``/``QueryOp``): a
screen hands ``ctx.op`` a function of the ledger; it runs in a worker, its result comes back
to ``done`` on the GUI thread, and one ``changed(kinds)`` signal tells every screen what to
refresh. Nothing reads or writes the ledger on the GUI thread, so a team ledger on a slow
PostgreSQL link never freezes a window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from app.gui.workers import Task
    from app.ledger import Ledger

T = TypeVar("T")
RECORDS, RUNS, BOTS, SETTINGS = "records", "runs", "bots", "settings"  # what changed


def run_op(
    ctx: Any,
    fn: Callable[[Ledger], T],
    *,
    changes: Iterable[str] = (),
    done: Callable[[T], None] | None = None,
    failed: Callable[[str], None] | None = None,
    owner: QObject | None = None,
) -> Task:
    """Run ``fn(ledger)`` in the background. On success ``done(result)`` runs first, then
    ``ctx.changed`` fires once with ``changes`` (if any); a failure goes to ``failed`` (or
    becomes ``ctx.error``) and changes nothing. ``owner``: the widget the callbacks belong
    to; once it is gone (its window closed) they are not called — the change still is."""
    kinds = frozenset(changes)

    def alive() -> bool:
        return owner is None or shiboken6.isValid(owner)

    def finished(result: T) -> None:
        if done is not None and alive():
            done(result)
        if kinds:
            ctx.changed.emit(kinds)

    def stopped(message: str) -> None:
        if not alive():
            return
        (failed or ctx.error.emit)(message)

    return ctx.run(lambda _control: fn(ctx.ledger), finished, stopped)
