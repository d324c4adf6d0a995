from __future__ import annotations

from pathlib import Path

import pytest

import bots
from bots.errors import BotFileError
from bots.model import (
    Bot,
    FrameRef,
    Locator,
    Parameter,
    SecretRef,
    Step,
    Target,
    schema,
)


def _bot() -> Bot:
    amount = Target(
        [Locator("label", "金额"), Locator("css", "#amt")],
        frame=[FrameRef(name="main", url="*/claim.do", index=0)],
    )
    return Bot(
        name="报销单",
        description="在 OA 里提交一张报销单",
        start_url="http://127.0.0.1:8765/",
        parameters=[
            Parameter("amount", "money", "金额"),
            Parameter("lines", "list", "明细", columns=["item", "money"]),
        ],
        secrets=[SecretRef("oa_password", "zhangfang-oa", "zhangsan")],
        outputs=["claim_no"],
        steps=[
            Step("goto", url="{{ start_url }}"),
            Step("fill", target=Target([Locator("css", "#pw")]), value="{{ secret.oa_password }}"),
            Step("fill", id="amount", target=amount, value="{{ amount }}"),
            Step(
                "repeat",
                for_each="lines",
                as_name="line",
                steps=[
                    Step("fill", target=Target([Locator("css", "#i")]), value="{{ line.item }}")
                ],
            ),
            Step("extract", target=Target([Locator("css", "#no")]), into="claim_no"),
            Step("assert", text="{{ claim_no }}"),
        ],
    )


def test_save_load_save_gives_the_same_text(tmp_path) -> None:
    path = _bot().save(tmp_path / "claim.bot.yaml")
    text = path.read_text(encoding="utf-8")
    assert Bot.load(path).to_yaml() == text
    assert Bot.load(path) == _bot()
    # the header comes first and reads like a form
    assert text.splitlines()[:3] == [
        "schema: zhangfang.bot/1",
        "name: 报销单",
        "description: 在 OA 里提交一张报销单",
    ]
    assert "oa_password" in text and "service: zhangfang-oa" in text


def test_loading_runs_no_code(tmp_path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text("!!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(BotFileError, match="not valid YAML"):
        Bot.load(evil)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["steps"][2].pop("value"), r"step 3 \(fill\).*'value' is a required"),
        (
            lambda d: d["steps"][2]["target"]["locators"].clear(),
            r"step 3 \(fill\) → target.locators",
        ),
        (lambda d: d["steps"][1].update(action="hover"), r"step 2.*'hover' is not one of"),
        (
            lambda d: d.update(schema="zhangfang.bot/9"),
            r"schema 'zhangfang.bot/9' is not supported",
        ),
        (lambda d: d["steps"][2].update(value="{{ amonut }}"), r"step 3 \(fill: amount\).*amonut"),
        (
            lambda d: d["steps"][1].update(value="{{ secret.oa_pw }}"),
            r"step 2 \(fill\).*names no secret",
        ),
        (lambda d: d["steps"][3]["steps"][0].pop("target"), r"step 4.1 \(fill\): needs a target"),
        (lambda d: d["steps"][3].update(for_each="amount"), r"step 4 \(repeat\).*list parameter"),
    ],
)
def test_bad_files_name_the_step_and_field(tmp_path, mutate, message) -> None:
    import yaml

    data = yaml.safe_load(_bot().to_yaml())
    mutate(data)
    with pytest.raises(BotFileError, match=message):
        Bot.from_yaml(yaml.safe_dump(data, allow_unicode=True), "claim.bot.yaml")


def test_a_password_value_can_never_be_stored_in_a_secret_reference() -> None:
    secret = schema()["$defs"]["secret"]
    assert secret["additionalProperties"] is False
    assert set(secret["properties"]) == {"name", "service", "username"}


def test_the_shipped_demo_bot_round_trips() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "resources" / "bots" / "demo_claim.bot.yaml"
    text = path.read_text(encoding="utf-8")
    assert Bot.from_yaml(text).to_yaml() == text
    assert "demo-pass" not in text  # a bot file holds secret references, never values


def test_a_recorded_value_becomes_a_parameter(tmp_path, capsys) -> None:
    from app.cli import main

    path = _bot().save(tmp_path / "claim.bot.yaml")
    bot = Bot.load(path)
    bot.steps[1].value = "plain-recorded-text"  # pretend step 2 was recorded with a literal
    bot.steps[1].title = "备注"
    bot.save(path)
    assert main(["bot", "param", str(path), "2", "--name", "note"]) == 0
    assert "step 2 now uses {{ note }}" in capsys.readouterr().out
    again = Bot.load(path)
    assert again.steps[1].value == "{{ note }}"
    assert again.parameter("note").default == "plain-recorded-text"
    assert again.parameter("note").label == "备注"
    # a value that already is a parameter, or an unknown step, is refused with a reason
    assert main(["bot", "param", str(path), "2", "--name", "other"]) == 2
    assert "no recorded value" in capsys.readouterr().err
    assert main(["bot", "param", str(path), "99", "--name", "x"]) == 2
    assert "has no step '99'" in capsys.readouterr().err


def test_every_action_the_schema_allows_has_exactly_one_place_that_does_it() -> None:
    import json

    from bots.actions import ELEMENT_ACTIONS, PAGE_ACTIONS, RUNNER_ACTIONS

    schema = json.loads((Path(bots.__file__).parent / "schema" / "bot.schema.json").read_text())
    allowed = set(_find_action_enum(schema))
    done = set(ELEMENT_ACTIONS) | set(PAGE_ACTIONS) | set(RUNNER_ACTIONS)
    assert done == allowed
    assert not set(RUNNER_ACTIONS) & (set(ELEMENT_ACTIONS) | set(PAGE_ACTIONS))
    assert set(PAGE_ACTIONS) & set(ELEMENT_ACTIONS) == {"assert"}  # with or without a target


def _find_action_enum(node):
    if isinstance(node, dict):
        action = node.get("properties", {}).get("action", {})
        if "enum" in action:
            return action["enum"]
        for value in node.values():
            if (found := _find_action_enum(value)) is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            if (found := _find_action_enum(value)) is not None:
                return found
    return None
