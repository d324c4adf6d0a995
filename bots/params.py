"""A run's parameters checked against the bot's declarations before anything starts."""

from __future__ import annotations

from typing import Any

from bots.errors import ParameterError
from bots.model import Bot


def check_parameters(bot: Bot, params: dict[str, Any]) -> dict[str, Any]:
    """Defaults filled in; a missing required parameter is an error naming it."""
    out = dict(params)
    for p in bot.parameters:
        if p.name not in out or out[p.name] in (None, ""):
            if p.default is not None:
                out[p.name] = p.default
            elif p.type == "list" and not p.required:
                out[p.name] = []  # an optional list: no rows
            elif p.required:
                raise ParameterError(
                    f"bot {bot.name!r} needs parameter {p.name!r}"
                    + (f" ({p.label})" if p.label else "")
                    + f": pass --param {p.name}=…"
                )
        if p.type == "list" and p.name in out and isinstance(out[p.name], str):
            raise ParameterError(f"parameter {p.name!r} is a list: pass rows, not text")
    return out
