"""``{{ field }}`` templates from target settings, filled from a payload's fields."""

from __future__ import annotations

import re
from typing import Any

from app.submit.errors import TargetConfigError

FIELD_RE = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}")


def fill(template: Any, values: dict[str, Any]) -> Any:
    """Fill strings, lists and tables; a string that is exactly one ``{{ x }}`` keeps x's type."""
    if isinstance(template, dict):
        return {k: fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [fill(v, values) for v in template]
    if not isinstance(template, str):
        return template
    whole = FIELD_RE.fullmatch(template.strip())
    if whole:
        return _value(whole.group(1), values)
    return FIELD_RE.sub(
        lambda m: "" if (v := _value(m.group(1), values)) is None else str(v), template
    )


def _value(name: str, values: dict[str, Any]) -> Any:
    if name not in values:
        raise TargetConfigError(
            f"the template uses {{{{ {name} }}}}, which is not a record field; fields: "
            + ", ".join(sorted(values))
        )
    return values[name]
