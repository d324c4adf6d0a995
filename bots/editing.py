"""Edits a person makes to a recorded bot: values into parameters or keyring references,
steps moved or deleted, the locator to try first. The bot file stays the data; these change
it in memory and ``Bot.save`` writes it."""

from __future__ import annotations

import re

from bots.errors import BotFileError
from bots.model import TEMPLATE_RE, Bot, Parameter, SecretRef, Step, Target, describe_step


def parametrize(
    bot: Bot, step_ref: str, name: str, *, required: bool = False, label: str | None = None
) -> Parameter:
    """Turn a step's recorded value into a parameter (``{{ name }}``). The recorded value
    becomes the default unless ``required``. ``step_ref`` is a step path ("12", "14.2") or id."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise BotFileError(f"{name!r} is not a parameter name (letters, digits, _)")
    steps = dict(bot.walk())
    step = steps.get(step_ref) or next((s for _, s in bot.walk() if s.id == step_ref), None)
    if step is None:
        raise BotFileError(f"bot {bot.name!r} has no step {step_ref!r}")
    path = next(p for p, s in bot.walk() if s is step)
    if step.value is None or TEMPLATE_RE.fullmatch(step.value.strip()):
        raise BotFileError(
            f"{describe_step(path, step)} has no recorded value to turn into a parameter"
        )
    if bot.parameter(name) is not None:
        raise BotFileError(f"bot {bot.name!r} already has a parameter {name!r}")
    label = (
        label
        or step.title
        or (step.target.fingerprint.label if step.target and step.target.fingerprint else None)
    )
    parameter = Parameter(
        name=name, label=label, default=None if required else step.value, required=required
    )
    bot.parameters.append(parameter)
    step.value = "{{ " + name + " }}"
    return parameter


def make_secret(bot: Bot, step_ref: str, name: str, service: str, username: str) -> SecretRef:
    """Turn a step's typed value into a keyring reference (``{{ secret.name }}``); the value
    leaves the bot. Store it first with ``bots.secrets.set_secret`` if it is the real one."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise BotFileError(f"{name!r} is not a secret name (letters, digits, _)")
    step = find_step(bot, step_ref)
    if step.action != "fill" or step.value is None:
        raise BotFileError(f"step {step_ref} types nothing; only a typed value can be a secret")
    if bot.secret(name) is None:
        bot.secrets.append(SecretRef(name=name, service=service, username=username))
    step.value = "{{ secret." + name + " }}"
    return bot.secret(name)  # type: ignore[return-value]


def find_step(bot: Bot, step_ref: str) -> Step:
    """A step by path ("12", "14.2") or id."""
    for path, step in bot.walk():
        if step_ref in (path, step.id):
            return step
    raise BotFileError(f"bot {bot.name!r} has no step {step_ref!r}")


def siblings(bot: Bot, step: Step) -> list[Step]:
    """The list that holds ``step`` (the bot's steps, or a repeat's or branch's)."""
    lists = [bot.steps]
    for _, s in bot.walk():
        lists += [s.steps, s.otherwise]
    for candidates in lists:
        if any(c is step for c in candidates):
            return candidates
    raise BotFileError(f"step {step.action} is not in bot {bot.name!r}")


def move_step(bot: Bot, step: Step, offset: int) -> bool:
    """Move a step up (-1) or down (+1) among its siblings; False at either end."""
    steps = siblings(bot, step)
    i = next(n for n, s in enumerate(steps) if s is step)
    j = i + offset
    if not 0 <= j < len(steps):
        return False
    steps[i], steps[j] = steps[j], steps[i]
    return True


def delete_step(bot: Bot, step: Step) -> None:
    steps = siblings(bot, step)
    steps[:] = [s for s in steps if s is not step]


def prefer_locator(target: Target, index: int) -> None:
    """A person says which locator wins: it is tried first from now on."""
    for n, loc in enumerate(target.locators):
        loc.preferred = n == index
