"""A recorded bot as a target: record fields become bot parameters, a bot output (e.g. the
OA's claim number) the external reference; a second, read-only bot looks a record up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.submit.base import Payload
from app.submit.errors import OutcomeUnknown, Rejected, TargetConfigError, Unavailable
from app.submit.templates import fill

REFUSED_MARKERS = ("不能重复提交", "已经报销过", "请填写")  # the OA said no, in its own words


@dataclass
class BotConnector:
    name: str
    bot: Path
    params: dict[str, Any]
    reference: str  # the bot output that is the external reference
    lookup_bot: Path | None = None
    lookup_params: dict[str, Any] = field(default_factory=dict)
    url: str | None = None  # overrides the bots' start_url
    headless: bool = True
    timeout_ms: int = 10_000
    secret_source: Any = None  # tests: a function SecretRef → value; default the keyring
    # runs the bot: (bot file, Bot, params, RunOptions, submission id) → RunResult. The
    # submission service gives one that keeps every run (folder, trace, ledger row linked to
    # the submission); without one the bot runs with nothing kept
    run: Callable[..., Any] | None = None

    @classmethod
    def from_settings(cls, name: str, options: dict[str, Any]) -> BotConnector:
        if not options.get("bot") or not options.get("reference"):
            raise TargetConfigError(
                f"[targets.{name}] (bot) needs bot (the bot file) and reference (the output "
                "that holds the target's number), plus a params table mapping bot parameters "
                "to record fields"
            )
        return cls(
            name=name,
            bot=Path(options["bot"]),
            params=dict(options.get("params", {})),
            reference=str(options["reference"]),
            lookup_bot=Path(options["lookup_bot"]) if options.get("lookup_bot") else None,
            lookup_params=dict(
                options.get("lookup_params", {"invoice_no": "{{ invoice_number }}"})
            ),
            url=options.get("url"),
            headless=bool(options.get("headless", True)),
            timeout_ms=int(options.get("timeout_ms", 10_000)),
        )

    def _run(self, path: Path, params: dict[str, Any], payload: Payload) -> Any:
        from bots.errors import BotError
        from bots.model import Bot
        from bots.runner import RunOptions, run_bot

        try:
            bot = Bot.load(path)
        except BotError as exc:
            raise TargetConfigError(f"target {self.name}: {exc.message}") from exc
        if self.url:
            bot.start_url = self.url
        options = RunOptions(headless=self.headless, timeout_ms=self.timeout_ms, trace=False)
        if self.secret_source is not None:
            options.secret_source = self.secret_source
        if self.run is not None:
            return self.run(path, bot, params, options, payload.submission_id)
        return run_bot(bot, params, options)

    def submit(self, payload: Payload) -> str:
        result = self._run(self.bot, fill(self.params, payload.fields()), payload)
        if result.status == "passed":
            ref = result.outputs.get(self.reference)
            if ref:
                return str(ref)
            raise OutcomeUnknown(f"the bot passed but gave no {self.reference!r}")
        error = result.error or "the bot failed"
        if any(marker in error for marker in REFUSED_MARKERS):
            raise Rejected(error)
        if "ERR_CONNECTION_REFUSED" in error or "step 1 (goto)" in error:
            raise Unavailable(error)
        raise OutcomeUnknown(error)  # it may have got as far as submitting

    @property
    def can_look_up(self) -> bool:
        return self.lookup_bot is not None

    def lookup(self, payload: Payload) -> str | None:
        if self.lookup_bot is None:
            raise OutcomeUnknown(
                f"target {self.name} has no lookup_bot, so an interrupted submission cannot be "
                "checked; look in the OA and mark the record by hand"
            )
        result = self._run(self.lookup_bot, fill(self.lookup_params, payload.fields()), payload)
        if result.status != "passed":
            raise Unavailable(f"the lookup bot failed: {result.error}")
        ref = result.outputs.get(self.reference)
        return str(ref) if ref else None

    def health(self) -> str:
        from bots.model import Bot

        bot = Bot.load(self.bot)
        return f"bot {bot.name} ({len(bot.steps)} steps) at {self.url or bot.start_url}"
