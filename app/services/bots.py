"""The user's bots: where they live, which there are, and running one so the run is kept.

Bots are ``*.bot.yaml`` files in the bots folder (``[bots] folder`` in the settings, else
``bots`` in the data folder); a subfolder is a group in the tray's menu. Every run — from the
tray, ``zhangfang bot run`` (each row of ``--rows`` too), or a submission — goes through
``run_and_keep``: a folder of its own under ``runs`` (result, trace, screenshots) and a row in
the ledger's Runs, linked to its submission when a submission started it.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.config import Settings, paths
from app.platform.resources import EXAMPLE_BOTS
from bots.errors import BotFileError
from bots.model import Bot
from bots.result import RunListener, RunResult
from bots.runner import RunOptions, run_bot

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


@dataclass(frozen=True)
class KeptRun:
    """A run that happened: its result, its folder, and its row in the ledger (if kept)."""

    result: RunResult
    folder: Path
    run_id: int | None


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


def new_run_folder(bot_file: Path | str, suffix: str = "") -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]
    name = Path(bot_file).name.split(".")[0]
    folder = paths().data_dir / "runs" / f"{stamp}-{name}{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def last_run_folder(bot_file: Path | str) -> Path | None:
    """The newest run folder of this bot file that holds a result."""
    stem = Path(bot_file).name.split(".")[0]
    runs = paths().data_dir / "runs"
    patterns = (f"*-{stem}/result.json", f"*-{stem}-row*/result.json")
    candidates = sorted(f for p in patterns for f in runs.glob(p)) if runs.exists() else []
    return candidates[-1].parent if candidates else None


def ocr_reader(engine_name: str | None = None) -> Callable[[bytes], str]:
    """How a bot reads the text in a PNG (a captcha, a number shown as an image): the app
    plugs its OCR engine into bots (``bots`` never imports ``ocr``)."""
    from PIL import Image

    from ocr.engines import get_engine
    from ocr.read import read_image

    def read(png: bytes) -> str:
        image = Image.open(io.BytesIO(png)).convert("RGB")
        reading = read_image(get_engine(engine_name), image, rotation_hint=0)
        ordered = sorted(reading.boxes, key=lambda b: (round(b.cy / 20), b.x0))
        return "".join(b.text for b in ordered).replace(" ", "")

    return read


def run_options(settings: Settings, **overrides: Any) -> RunOptions:
    """Run options as the settings say (browser, OCR engine), with ``overrides`` on top."""
    options = RunOptions(browser_executable=settings.browser, ocr=ocr_reader(settings.ocr_engine))
    for name, value in overrides.items():
        setattr(options, name, value)
    return options


def run_and_keep(
    bot_file: Path | str,
    params: dict[str, Any],
    *,
    settings: Settings,
    ledger: Any = None,
    bot: Bot | None = None,
    options: RunOptions | None = None,
    submission_id: int | None = None,
    listeners: Sequence[RunListener] = (),
    folder_suffix: str = "",
) -> KeptRun:
    """Run a bot once and keep the run: result, trace and screenshots in a new run folder
    and, given a ledger, a row in Runs (with its submission, if one started it). Keeping the
    row must never hide the run: a ledger error is logged and the result returned."""
    bot = bot or Bot.load(bot_file)
    options = options or run_options(settings)
    options.artifacts_dir = new_run_folder(bot_file, folder_suffix)
    options.trace = True
    options.listeners = [*options.listeners, *listeners]
    result = run_bot(bot, params, options)  # writes result.json into the run folder
    run_id = None
    if ledger is not None:
        try:
            run_id = ledger.add_bot_run(
                bot.name,
                {**result.to_dict(), "artifacts_dir": str(options.artifacts_dir)},
                submission_id=submission_id,
            )
        except Exception:  # the run happened; not keeping its row must not hide that
            log.exception("could not keep the run of %s in the ledger", bot.name)
    return KeptRun(result, options.artifacts_dir, run_id)


def run_rows(
    bot_file: Path | str,
    bot: Bot,
    params: dict[str, Any],
    rows: Sequence[dict[str, Any]],
    *,
    settings: Settings,
    ledger: Any = None,
    headless: bool = True,
    listeners: Sequence[RunListener] = (),
    before_row: Callable[[int, int], None] | None = None,
) -> list[KeptRun]:
    """One kept run per row (the row's columns are parameters over ``params``)."""
    kept = []
    for n, row in enumerate(rows, 1):
        if before_row is not None:
            before_row(n, len(rows))
        options = run_options(settings, headless=headless)
        run = run_and_keep(
            bot_file, {**params, **row}, settings=settings, ledger=ledger, bot=bot,
            options=options, listeners=listeners, folder_suffix=f"-row{n:04d}",
        )  # fmt: skip
        kept.append(run)
    return kept
