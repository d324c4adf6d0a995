"""File names as people read them.

A name that is not valid UTF-8 — a GBK name from a zip made on a Chinese Windows PC, unpacked
on Linux — reaches Python with surrogate escapes, which cannot be printed, logged, written to
JSON or stored in the ledger. Every name shown or stored goes through :func:`readable` first;
the path itself is kept as it is to open the file.
"""

from __future__ import annotations

import os
from pathlib import PurePath

FALLBACK_ENCODINGS = ("gb18030",)  # what Chinese Windows writes; a superset of GBK and GB2312


def readable(name: str | PurePath) -> str:
    """``name`` with any undecodable bytes read as GB18030 where they are valid GB18030, else
    shown as U+FFFD; a name that is valid UTF-8 comes back unchanged."""
    text = os.fspath(name)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(text)
    for encoding in FALLBACK_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def readable_name(path: str | PurePath) -> str:
    """The last part of ``path``, readable."""
    return readable(PurePath(path).name)
