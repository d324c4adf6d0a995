"""The user's bots: where they live, which there are, and running one so the run is kept.

Bots are ``*.bot.yaml`` files in the bots folder (``[bots] folder`` in the settings, else
``bots`` in the data folder); a subfolder is a group in the tray's menu. Every run gets a
folder of its own under ``runs`` (result, trace, screenshots) and a row in the ledger.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.config import Settings, load_settings, paths
from app.resources import EXAMPLE_BOTS
from bots.errors import BotFileError
from bots.model import Bot
from bots.report import RunListener, RunResult

log = logging.getLogger(__name__)
PATTERNS = ("*.bot.yaml", "*.bot.yml")


@dataclass
class BotEntry:
    path: Path
    group: str  # the subfolder, "" at the top
    bot: Bot | None  # None when the file cannot be used
    error: str | None = None

    @property
    def name(self) -> str:
        return self.bot.name if self.bot else self.path.name.split(".")[0]

    @property
    def description(self) -> str:
        return (self.bot.description or "") if self.bot else ""


def bots_folder(settings: Settings) -> Path:
    configured = (settings.extra.get("bots") or {}).get("folder")
    return Path(configured).expanduser() if configured else paths().data_dir / "bots"


def configured_browser(settings: Settings | None = None) -> str | None:
    """The browser program chosen in Settings (``[bots] browser``); None: bots find one."""
    chosen = ((settings or load_settings()).extra.get("bots") or {}).get("browser")
    return str(chosen) if chosen else None


def ensure_folder(folder: Path) -> Path:
    """Create the bots folder; a new one starts with the example bots."""
    if not folder.exists():
        folder.mkdir(parents=True)
        for example in sorted(EXAMPLE_BOTS.glob("*.bot.yaml")):
            shutil.copyfile(example, folder / example.name)
    return folder


def list_bots(folder: Path) -> list[BotEntry]:
    """Every bot file under ``folder`` (one level of groups), sorted by group and name."""
    entries: list[BotEntry] = []
    files = sorted({f for pattern in PATTERNS for f in folder.rglob(pattern)})
    for file in files:
        relative = file.relative_to(folder)
        group = relative.parts[0] if len(relative.parts) > 1 else ""
        try:
            entries.append(BotEntry(file, group, Bot.load(file)))
        except BotFileError as exc:
            entries.append(BotEntry(file, group, None, exc.message))
    return sorted(entries, key=lambda e: (e.group, e.name.lower()))


def new_run_folder(bot_file: Path | str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]
    folder = paths().data_dir / "runs" / f"{stamp}-{Path(bot_file).name.split('.')[0]}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_and_keep(
    bot_file: Path | str,
    params: dict[str, Any],
    *,
    ledger: Any = None,
    listeners: Sequence[RunListener] = (),
    headless: bool = True,
    ocr_engine: str | None = None,
    bot: Bot | None = None,
) -> tuple[RunResult, int | None]:
    """Run a bot file once; the result goes into its run folder and, given one, the ledger.
    Returns the result and the run's id in the ledger (None without one)."""
    from app.bot_ocr import ocr_reader
    from bots.runner import RunOptions, run_bot

    bot = bot or Bot.load(bot_file)
    artifacts = new_run_folder(bot_file)
    options = RunOptions(
        headless=headless,
        browser_executable=configured_browser(),
        artifacts_dir=artifacts,
        ocr=ocr_reader(ocr_engine),
        listeners=list(listeners),
    )
    result = run_bot(bot, params, options)  # writes result.json into the run folder
    run_id = None
    if ledger is not None:
        try:
            run_id = ledger.add_bot_run(
                bot.name, {**result.to_dict(), "artifacts_dir": str(artifacts)}
            )
        except Exception:  # the run happened; not keeping its row must not hide that
            log.exception("could not keep the run of %s in the ledger", bot.name)
    return result, run_id


def last_run_folder(bot_file: Path | str) -> Path | None:
    """The newest run folder of this bot file that holds a result."""
    stem = Path(bot_file).name.split(".")[0]
    runs = paths().data_dir / "runs"
    candidates = sorted(runs.glob(f"*-{stem}/result.json")) if runs.exists() else []
    return candidates[-1].parent if candidates else None
