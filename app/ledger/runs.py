"""Bot runs as the Runs screen lists them, each linked to the submission that started it."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from app.ledger.core import LedgerCore, _now
from app.ledger.models import (
    BotRun,
)
from app.ledger.views import BotRunView

log = logging.getLogger(__name__)


class Runs(LedgerCore):
    def add_bot_run(
        self, bot: str, result: dict[str, Any], *, submission_id: int | None = None
    ) -> int:
        with self.session() as s, s.begin():
            run = BotRun(
                bot=bot,
                status=str(result.get("status")),
                started_at=_now(),
                seconds=result.get("seconds"),
                submission_id=submission_id,
                result=result,
                artifacts_dir=result.get("artifacts_dir"),
            )
            s.add(run)
            s.flush()
            self._audit(s, "bot_run", "bot_run", run.id, after={"bot": bot, "status": run.status})
            return run.id

    def bot_runs(self, limit: int = 50, *, submission_id: int | None = None) -> list[BotRunView]:
        """The newest runs first; given ``submission_id``, only the runs it started."""
        query = select(BotRun).order_by(BotRun.id.desc()).limit(limit)
        if submission_id is not None:
            query = query.where(BotRun.submission_id == submission_id)
        with self.session() as s:
            return [BotRunView.of(row) for row in s.scalars(query)]
