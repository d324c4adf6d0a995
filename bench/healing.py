"""Survival over the demo OA's mutated variants: the full runner (ranked locators + healing)
against replaying with only each target's first-ranked locator.

    python bench/healing.py

Prints per variant: steps that passed / healed, and whether the claim was stored correctly
and once — or the run stopped with a clear error (never a wrong submission).
"""

from __future__ import annotations

import copy

from botkit import ATTACHMENT, BOT, install_keyring, params

from app.demo.oa_pages import VARIANTS
from app.demo.oa_server import DemoOA
from app.services.bots import ocr_reader
from bots.locate import ranked
from bots.model import Bot
from bots.runner import RunOptions, run_bot


def first_locator_only(bot: Bot) -> Bot:
    plain = copy.deepcopy(bot)
    for _, step in plain.walk():
        if step.target is not None:
            step.target.locators = ranked(step.target.locators)[:1]
            step.target.fingerprint = None
    return plain


def _located(result) -> int:
    """Steps that found their element and passed (a step never reached counts as lost)."""
    return sum(
        1
        for s in result.steps
        if s.status == "passed" and s.locator and s.locator not in ("exists", "absent")
    )


def _as_asked(claim: dict) -> bool:
    asked = params("24318844")
    return (
        claim["invoice_no"] == asked["invoice_no"]
        and claim["amount"] == asked["amount"]
        and claim["claim_date"] == asked["claim_date"]
        and (claim["department"], claim["claim_type"]) == ("财务部", "交通费")
        and claim["approver"] == "王经理"
        and claim["lines"] == asked["lines"]
        and claim["attachment"] == ATTACHMENT.name
    )


def _run(bot: Bot, variant: str, reader) -> tuple[object, list[dict]]:
    with DemoOA(variant=variant) as oa:
        bot.start_url = oa.url
        result = run_bot(
            bot, params("24318844"), RunOptions(ocr=reader, timeout_ms=4000, trace=False)
        )
        return result, list(oa.claims)


def main() -> None:
    install_keyring()
    reader = ocr_reader()
    bots = {"full": Bot.load(BOT), "first": first_locator_only(Bot.load(BOT))}
    baseline, _ = _run(bots["full"], "base", reader)
    expected = _located(baseline)
    totals = {name: [0, 0, 0] for name in bots}  # located, expected, runs right or clean
    print(f"{'variant':10} {'ranked locators + healing':44} first-ranked locator only")
    for variant in VARIANTS:
        cells = []
        for name, bot in bots.items():
            result, claims = _run(bot, variant, reader)
            located = _located(result)
            right = result.status == "passed" and len(claims) == 1 and _as_asked(claims[0])
            clean_stop = result.status == "failed" and not claims
            outcome = (
                "claim right"
                if right
                else ("stopped, nothing sent" if clean_stop else "WRONG SUBMISSION")
            )
            totals[name][0] += located
            totals[name][1] += expected
            totals[name][2] += right or clean_stop
            cells.append(
                f"{located:2d}/{expected} steps, {len(result.healed_steps)} healed, {outcome}"
            )
        print(f"{variant:10} {cells[0]:44} {cells[1]}")
    for name, label in (("full", "ranked locators + healing"), ("first", "first-ranked only")):
        located, total, good = totals[name]
        print(
            f"{label:26} step survival {100 * located / total:5.1f}%; runs with the claim "
            f"right or stopped cleanly: {good}/{len(VARIANTS)}"
        )


if __name__ == "__main__":
    main()
