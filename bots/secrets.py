"""Secrets from the OS keyring, fetched when a step needs them, and kept out of every text."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

import keyring
import keyring.errors

from bots.errors import SecretMissing
from bots.model import SecretRef

log = logging.getLogger(__name__)
MASK = "******"


def get_secret(ref: SecretRef) -> str:
    try:
        value = keyring.get_password(ref.service, ref.username)
    except keyring.errors.KeyringError as exc:
        raise SecretMissing(
            f"the OS keyring cannot be read ({type(exc).__name__}); on Linux start a Secret "
            "Service (e.g. gnome-keyring) and unlock it"
        ) from exc
    if value is None:
        raise SecretMissing(
            f"secret {ref.name!r} is not in the keyring (service {ref.service!r}, user "
            f"{ref.username!r}); store it with: zhangfang secret set {ref.service} {ref.username}"
        )
    return value


def set_secret(service: str, username: str, value: str) -> None:
    keyring.set_password(service, username, value)


class Redactor:
    """Replaces every secret value seen so far with a mask, in any text or file."""

    def __init__(self) -> None:
        self._values: set[str] = set()

    def add(self, value: str) -> None:
        if value:
            self._values.add(value)

    def __bool__(self) -> bool:
        return bool(self._values)

    def __call__(self, text: str) -> str:
        for value in sorted(self._values, key=len, reverse=True):
            text = text.replace(value, MASK)
        return text

    def _forms(self) -> list[bytes]:
        """Each secret as it can appear in bytes: plain, URL-encoded (UTF-8 and GBK)."""
        forms: set[bytes] = set()
        for value in self._values:
            forms.add(value.encode("utf-8"))
            for encoding in ("utf-8", "gbk"):
                try:
                    forms.add(quote(value, safe="", encoding=encoding).encode())
                    forms.add(quote_plus(value, safe="", encoding=encoding).encode())
                except UnicodeEncodeError:
                    continue
        return sorted(forms, key=len, reverse=True)

    def scrub_bytes(self, data: bytes) -> bytes:
        for form in self._forms():
            data = data.replace(form, MASK.encode())
        return data

    def scrub_file(self, path: Path) -> None:
        """Rewrite a saved page or a trace zip without the secrets (traces record form posts)."""
        if not self or not path.is_file():
            return
        if zipfile.is_zipfile(path):
            tmp = path.with_name(path.name + ".scrub")
            with (
                zipfile.ZipFile(path) as src,
                zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst,
            ):
                for info in src.infolist():
                    dst.writestr(info, self.scrub_bytes(src.read(info)))
            tmp.replace(path)
        elif path.suffix in (".html", ".json", ".txt", ".log"):
            path.write_bytes(self.scrub_bytes(path.read_bytes()))
