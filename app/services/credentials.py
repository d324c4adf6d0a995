"""The credentials Zhangfang uses: keyring entries named by bots, targets and the person.
Only names are listed here; a stored value is never read back for display."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import keyring
import keyring.errors

from app.config import Settings
from app.services.bots import BotEntry


@dataclass
class Credential:
    service: str
    username: str
    used_by: list[str] = field(default_factory=list)


def known(settings: Settings, bots: Iterable[BotEntry]) -> list[Credential]:
    found: dict[tuple[str, str], Credential] = {}

    def add(service: str, username: str, user: str) -> None:
        entry = found.setdefault((service, username), Credential(service, username))
        if user and user not in entry.used_by:
            entry.used_by.append(user)

    for entry in bots:
        for secret in entry.bot.secrets if entry.bot else []:
            add(secret.service, secret.username, entry.name)
    for name, options in settings.targets.items():
        if options.get("type") == "tryton":
            add(
                str(options.get("secret_service", "tryton")), str(options.get("username", "")), name
            )
        table = options.get("secret") or {}
        if table.get("service"):
            add(str(table["service"]), str(table.get("username", "")), name)
    for listed in settings.credentials:
        add(listed["service"], listed["username"], "")
    return sorted(found.values(), key=lambda c: (c.service, c.username))


def is_stored(service: str, username: str) -> bool | None:
    """Whether the keyring holds a value (None: the keyring cannot be read)."""
    try:
        return keyring.get_password(service, username) is not None
    except keyring.errors.KeyringError:
        return None


def store(service: str, username: str, value: str) -> None:
    if not value:
        raise ValueError("an empty value is not stored")
    keyring.set_password(service, username, value)


def delete(service: str, username: str) -> None:
    with contextlib.suppress(keyring.errors.PasswordDeleteError):  # nothing stored: done
        keyring.delete_password(service, username)


def remember(settings: Settings, service: str, username: str) -> None:
    """List an entry the person added by hand (its name only) in the settings."""
    if {"service": service, "username": username} not in settings.credentials:
        settings.credentials.append({"service": service, "username": username})
