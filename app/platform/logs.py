"""Logging: a rotating file in the user's log folder plus stderr."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.config import paths

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(verbosity: int = 0, log_dir: Path | None = None) -> Path | None:
    """Warnings (or more with -v) to stderr, everything from INFO up to the log file."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbosity > 1 else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_zhangfang", False):
            root.removeHandler(handler)
            handler.close()
    console = logging.StreamHandler()
    console.setLevel([logging.WARNING, logging.INFO, logging.DEBUG][min(verbosity, 2)])
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    console._zhangfang = True  # type: ignore[attr-defined]
    root.addHandler(console)
    log_dir = log_dir or paths().log_dir
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            log_dir / "zhangfang.log",
            maxBytes=2_000_000,
            backupCount=5,
            encoding="utf-8",
            errors="backslashreplace",  # a log line is never lost to one odd character
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write the log file in %s: %s", log_dir, exc)
        return None
    file_handler.setLevel(logging.DEBUG if verbosity > 1 else logging.INFO)
    file_handler.setFormatter(logging.Formatter(FORMAT))
    file_handler._zhangfang = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    for noisy in ("pdfminer", "PIL", "RapidOCR", "omegaconf"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return log_dir / "zhangfang.log"
