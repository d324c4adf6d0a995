"""Personal names read by OCR: does a name look like one?

A name has no checksum, but a Chinese name begins with a surname, and surnames are a closed
set (the 百家姓 and a few hundred more cover all but a sliver of people). A misread
character in front of the given name almost always makes a name whose first character is
no surname (薛虎 under a ticket's 签 stamp read as 辞虎): such a name goes to a person.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources


@functools.cache
def _surnames() -> tuple[frozenset[str], tuple[str, ...]]:
    data = json.loads(resources.files("ocr.data").joinpath("surnames.json").read_text("utf-8"))
    return frozenset(data["single"]), tuple(data["compound"])


def has_known_surname(name: str) -> bool:
    """True when ``name`` begins with a known surname, and for names this cannot judge:
    minority names written with ·, names in Latin letters, anything not 2–4 Han characters."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        return True
    single, compound = _surnames()
    return name[0] in single or name.startswith(compound)
