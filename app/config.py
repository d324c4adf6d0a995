"""Settings (a TOML file in the user's config folder) and the platform folders we use.

``ZHANGFANG_HOME`` puts config, data and logs under one folder (tests and portable installs).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

log = logging.getLogger(__name__)
APP_NAME = "zhangfang"


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
    ocr_engine: str = "rapidocr"
    capture_workers: int = 1
    watched_folder: str | None = None
    ledger_url: str | None = None  # SQLAlchemy URL; None: SQLite in the data folder
    language: str = "system"  # "system" | "zh_CN" | "en" (the desktop app)
    extra: dict[str, Any] = field(default_factory=dict)  # sections other parts own

    def to_toml(self) -> dict[str, Any]:
        ocr: dict[str, Any] = {"engine": self.ocr_engine, "workers": self.capture_workers}
        out: dict[str, Any] = {"ocr": ocr, **self.extra}
        if self.watched_folder:
            out["capture"] = {"watched_folder": self.watched_folder}
        if self.ledger_url:
            out["ledger"] = {"url": self.ledger_url}
        if self.language != "system":
            out["app"] = {"language": self.language}
        return out


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths().config_file
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"settings file {path} is not valid TOML ({exc}); fix or delete it"
        ) from exc
    ocr = data.pop("ocr", {})
    capture = data.pop("capture", {})
    ledger = data.pop("ledger", {})
    app = data.pop("app", {})
    try:
        return Settings(
            ocr_engine=str(ocr.get("engine", "rapidocr")),
            capture_workers=int(ocr.get("workers", 1)),
            watched_folder=capture.get("watched_folder"),
            ledger_url=ledger.get("url") or None,
            language=str(app.get("language", "system")),
            extra=data,
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"settings file {path}: {exc}") from exc


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = path or paths().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomli_w.dumps(settings.to_toml()), encoding="utf-8")
    tmp.replace(path)
    return path
