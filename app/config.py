"""Settings (a TOML file in the user's config folder) and the platform folders we use.

Settings are loaded once, at start (``load_settings``), and handed down as a typed object;
nothing below the command line and the desktop app reads the file again. ``save_settings``
edits the file in place with ``tomlkit``: the comments and order an admin wrote survive, and
only the values that changed are rewritten.

``ZHANGFANG_HOME`` puts config, data and logs under one folder (tests and portable installs).
"""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import tomlkit
import tomlkit.exceptions
from tomlkit.container import Container
from tomlkit.items import Table

log = logging.getLogger(__name__)
APP_NAME = "zhangfang"
OWNED = ("ocr", "capture", "ledger", "app", "bots", "targets", "credentials")  # typed sections


class ConfigError(Exception):
    """The settings file cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "settings.toml"


def paths() -> Paths:
    home = os.environ.get("ZHANGFANG_HOME")
    if home:
        base = Path(home)
        return Paths(base / "config", base / "data", base / "logs")
    return Paths(
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


@dataclass
class Settings:
    ocr_engine: str = "rapidocr"  # [ocr] engine
    capture_workers: int = 1  # [ocr] workers
    watched_folder: str | None = None  # [capture] watched_folder
    ledger_url: str | None = None  # [ledger] url — SQLAlchemy URL; None: SQLite in the data folder
    language: str = "system"  # [app] language: "system" | "zh_CN" | "en" (the desktop app)
    bots_folder: str | None = None  # [bots] folder; None: "bots" in the data folder
    browser: str | None = None  # [bots] browser — the program bots drive; None: bots find one
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)  # [targets.NAME] tables
    credentials: list[dict[str, str]] = field(default_factory=list)  # [[credentials.entries]]
    extra: dict[str, Any] = field(default_factory=dict)  # sections other parts own, kept as read

    def bots_dir(self) -> Path:
        if self.bots_folder:
            return Path(self.bots_folder).expanduser()
        return paths().data_dir / "bots"

    def to_toml(self) -> dict[str, Any]:
        """The file's content: a section or key at its default is left out."""
        out: dict[str, Any] = {"ocr": {"engine": self.ocr_engine, "workers": self.capture_workers}}
        if self.watched_folder:
            out["capture"] = {"watched_folder": self.watched_folder}
        if self.ledger_url:
            out["ledger"] = {"url": self.ledger_url}
        if self.language != "system":
            out["app"] = {"language": self.language}
        bots = {k: v for k, v in (("folder", self.bots_folder), ("browser", self.browser)) if v}
        if bots:
            out["bots"] = bots
        if self.targets:
            out["targets"] = copy.deepcopy(self.targets)
        if self.credentials:
            out["credentials"] = {"entries": [dict(e) for e in self.credentials]}
        out.update(copy.deepcopy(self.extra))
        return out


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths().config_file
    if not path.exists():
        return Settings()
    try:
        data = tomlkit.parse(path.read_text(encoding="utf-8")).unwrap()
    except (tomlkit.exceptions.TOMLKitError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"settings file {path} is not valid TOML ({exc}); fix or delete it"
        ) from exc
    sections = {name: data.pop(name, {}) for name in OWNED}
    for name, section in sections.items():
        if not isinstance(section, dict):
            raise ConfigError(f"settings file {path}: [{name}] must be a table, not {section!r}")
    ocr, capture, ledger, app, bots = (sections[n] for n in OWNED[:5])
    targets = {k: v for k, v in sections["targets"].items() if isinstance(v, dict)}
    entries = sections["credentials"].get("entries", [])
    try:
        return Settings(
            ocr_engine=str(ocr.get("engine", "rapidocr")),
            capture_workers=int(ocr.get("workers", 1)),
            watched_folder=capture.get("watched_folder") or None,
            ledger_url=ledger.get("url") or None,
            language=str(app.get("language", "system")),
            bots_folder=str(bots["folder"]) if bots.get("folder") else None,
            browser=str(bots["browser"]) if bots.get("browser") else None,
            targets=targets,
            credentials=[
                {"service": str(e.get("service", "")), "username": str(e.get("username", ""))}
                for e in entries
                if isinstance(e, dict)
            ],
            extra=data,
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"settings file {path}: {exc}") from exc


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings into the file, keeping its comments, order and unknown sections."""
    path = path or paths().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    document = tomlkit.document()
    if path.exists():
        try:
            document = tomlkit.parse(path.read_text(encoding="utf-8"))
        except (tomlkit.exceptions.TOMLKitError, UnicodeDecodeError):
            log.warning("settings file %s was not valid TOML; it is written anew", path)
    _merge(document, settings.to_toml())
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomlkit.dumps(document), encoding="utf-8")
    tmp.replace(path)
    return path


def _merge(into: Container | Table, wanted: dict[str, Any]) -> None:
    """Make ``into`` hold ``wanted``: tables merged key by key (so the comments beside
    unchanged keys stay), keys no longer wanted removed, changed values replaced."""
    for key in [k for k in into if k not in wanted]:
        del into[key]
    for key, value in wanted.items():
        current = into.get(key)
        if isinstance(value, dict) and isinstance(current, Table | Container | dict) and value:
            if not isinstance(current, Table):  # an inline table: replaced whole
                into[key] = value
            else:
                _merge(current, value)
        elif key not in into or _plain(current) != value:
            into[key] = value


def _plain(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item
