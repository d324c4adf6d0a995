"""What happened in a run (kept apart from the bot: what was to be done)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


@dataclass
class StepResult:
    path: str  # "3", "5.2" inside a repeat, "5.2#1" for its first row
    action: str
    status: str = "pending"  # passed | failed | skipped | warning
    locator: str | None = None  # the locator that found the element
    healed: bool = False
    ms: int = 0
    error: str | None = None
    title: str | None = None
    healed_locator: dict[str, str] | None = None  # what `bot heal` writes back
    fingerprint: dict | None = None  # learned when the target had none (`bot heal` saves it)


@dataclass
class RunResult:
    bot: str
    status: str = "running"  # passed | failed
    steps: list[StepResult] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    artifacts: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    started: str | None = None
    seconds: float = 0.0
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def healed_steps(self) -> list[StepResult]:
        return [s for s in self.steps if s.healed]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def save(self, path: Path) -> Path:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), "utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> RunResult:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        steps = [StepResult(**s) for s in data.pop("steps", [])]
        return cls(**data, steps=steps)


class RunListener(Protocol):
    """Progress goes to listeners: the CLI's live step list, the tray, the log."""

    def step_started(self, path: str, description: str) -> None: ...

    def step_finished(self, result: StepResult) -> None: ...

    def run_finished(self, result: RunResult) -> None: ...
