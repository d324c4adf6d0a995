"""Write what a run learned back into the bot file: healed locators first in line, and
fingerprints for targets that had none."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bots.model import Bot, Fingerprint, Locator
from bots.result import RunResult


@dataclass
class HealChange:
    step: str
    what: str


def _bot_path(result_path: str) -> str:
    """Run paths carry row numbers ("14#2.3"); bot paths do not ("14.3")."""
    return re.sub(r"#\d+", "", result_path)


def apply_run(bot: Bot, result: RunResult) -> list[HealChange]:
    steps = dict(bot.walk())
    changes: list[HealChange] = []
    seen: set[str] = set()
    for step_result in result.steps:
        path = _bot_path(step_result.path)
        step = steps.get(path)
        if step is None or step.target is None or path in seen:
            continue
        seen.add(path)
        if step_result.healed_locator:
            loc = Locator(**step_result.healed_locator)
            step.target.locators = [loc] + [
                old
                for old in step.target.locators
                if (old.kind, old.value) != (loc.kind, loc.value)
            ]
            changes.append(HealChange(path, f"locator {loc.kind}={loc.value} now tried first"))
        if step_result.fingerprint and step.target.fingerprint is None:
            fp = dict(step_result.fingerprint)
            step.target.fingerprint = Fingerprint(
                tag=fp["tag"],
                attributes=fp.get("attributes", {}),
                text=fp.get("text") or None,
                label=fp.get("label") or None,
                position=fp.get("position"),
            )
            changes.append(HealChange(path, "fingerprint learned"))
    return changes
