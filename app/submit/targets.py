"""Targets from settings: each ``[targets.NAME]`` table has a ``type`` and its options."""

from __future__ import annotations

from typing import Any

from app.submit.base import Connector
from app.submit.errors import TargetConfigError

TYPES = ("tryton", "rest", "bot")


def connector_for(name: str, targets: dict[str, dict[str, Any]]) -> Connector:
    """The connector of ``[targets.NAME]`` (``Settings.targets``)."""
    if name not in targets:
        known = ", ".join(sorted(targets)) or "none yet"
        raise TargetConfigError(
            f"no target {name!r} in the settings (known: {known}); add a [targets.{name}] table "
            "to the file that `zhangfang config path` prints"
        )
    options = targets[name]
    kind = options.get("type")
    if kind == "tryton":
        from app.submit.tryton import TrytonConnector

        return TrytonConnector.from_settings(name, options)
    if kind == "rest":
        from app.submit.rest import RestConnector

        return RestConnector.from_settings(name, options)
    if kind == "bot":
        from app.submit.bot import BotConnector

        return BotConnector.from_settings(name, options)
    raise TargetConfigError(
        f"[targets.{name}] type must be one of {', '.join(TYPES)}, not {kind!r}"
    )
