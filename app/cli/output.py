"""What every command shares: the exit codes, the one error that carries one, opening the
ledger, tables that line up with Chinese text, and the progress bar."""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.config import Settings
    from app.ledger import Ledger

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2  # failed: nothing read, a run or submission failed
EXIT_INTERRUPTED = 130


class CommandError(Exception):
    """A command cannot go on; ``main`` prints the message and exits with ``code``."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def safe_streams() -> None:
    """Text the terminal cannot show comes out escaped instead of ending the command: a
    C locale, a pipe into an ASCII-only program, a name with bytes that are not UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def print_json(value: object) -> None:
    """``value`` as JSON on stdout, in UTF-8 whatever the locale (JSON is UTF-8 by its
    standard); a character UTF-8 cannot hold is written as a JSON escape."""
    text = json.dumps(value, ensure_ascii=False, indent=1) + "\n"
    data = text.encode("utf-8", "backslashreplace")
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a test's or an IDE's text-only stdout
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()


def open_ledger(settings: Settings) -> Ledger:
    """The ledger the settings name; a ledger that cannot be opened is a usage error."""
    from app.ledger import Ledger, LedgerError

    try:
        return Ledger.open(settings.ledger_url)
    except LedgerError as exc:
        raise CommandError(exc.message) from exc


def width(text: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(rows: Sequence[Sequence[str]], *, last_free: bool = False) -> None:
    """Rows (the first is the header) in aligned columns; ``last_free``: the last column is
    not padded (long messages)."""
    fixed = len(rows[0]) - 1 if last_free else len(rows[0])
    widths = [max(width(row[i]) for row in rows) for i in range(fixed)]
    for row in rows:
        cells = [row[i] + " " * (widths[i] - width(row[i])) for i in range(fixed)]
        print("  ".join([*cells, *row[fixed:]]).rstrip())


def progress_bar(done: int, total: int, path: Path) -> None:
    bar = 30
    filled = bar * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (bar - filled)}] {done}/{total} {path.name[:40]:40}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def warn(message: str) -> None:
    print(f"zhangfang: {message}", file=sys.stderr)
