"""Bots as data: a YAML file with a schema version, parameters, secret references and steps.

A bot file is safe to load (a YAML safe loader: no tags, no code), diffs well (one key per
line, stable order) and round-trips: ``Bot.load(path).save(path)`` writes the same text.
It is validated against ``bots/schema/bot.schema.json`` with messages naming the step.
Reading the text is bounded (``bots.yaml_text``): every way a file can be wrong, hostile ones
included, is a :class:`BotFileError`.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from bots import yaml_text
from bots.errors import BotFileError, StepFailed
from bots.yaml_text import short

SCHEMA_VERSION = "zhangfang.bot/1"
ACTIONS = (
    "goto", "click", "fill", "select", "check", "uncheck", "press", "upload", "wait",
    "dialog", "popup", "extract", "assert", "screenshot", "if_exists", "repeat",
)  # fmt: skip
TARGETED = {"click", "fill", "select", "check", "uncheck", "press", "upload", "extract"}
PARAMETER_TYPES = ("text", "number", "money", "date", "file", "bool", "list")
LOCATOR_KINDS = ("testid", "role", "label", "placeholder", "name", "id", "text", "css", "xpath")
TEMPLATE_RE = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*\}\}")
ARTIFACT_NAME_RE = re.compile(r"[^/\\:*?\"<>|\x00-\x1f]{1,100}")


@dataclass
class Locator:
    """One way to find an element. ``name`` is the accessible name for ``role`` locators."""

    kind: str
    value: str
    name: str | None = None
    preferred: bool = False  # a person chose it in the editor: tried first


@dataclass
class FrameRef:
    """One hop into a frame: by name, URL pattern (glob) and position among siblings."""

    name: str | None = None
    url: str | None = None
    index: int | None = None


@dataclass
class Fingerprint:
    """What the element looked like when recorded; used to relocate it when locators fail."""

    tag: str
    attributes: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    label: str | None = None  # the text of its label or the nearest text to its left
    position: list[float] | None = None  # x, y, width, height in CSS pixels


@dataclass
class Target:
    locators: list[Locator]
    frame: list[FrameRef] = field(default_factory=list)
    fingerprint: Fingerprint | None = None
    description: str | None = None


@dataclass
class Parameter:
    name: str
    type: str = "text"
    label: str | None = None
    default: Any = None
    required: bool = True
    columns: list[str] | None = None  # for list parameters: the keys of each row


@dataclass
class SecretRef:
    """A keyring entry the bot uses; the value is fetched at run time, never stored."""

    name: str
    service: str
    username: str


@dataclass
class Step:
    action: str
    id: str | None = None
    title: str | None = None
    target: Target | None = None
    url: str | None = None  # goto; wait for URL (glob)
    value: str | None = None  # fill/select value, press key, upload path, prompt text
    text: str | None = None  # wait/assert for text
    accept: bool | None = None  # dialog
    popup: str | None = None  # popup: "switch" | "back"
    into: str | None = None  # extract: output name
    attribute: str | None = None  # extract an attribute instead of the text
    ocr: bool | None = None  # extract: read an image element by OCR
    name: str | None = None  # screenshot name
    for_each: str | None = None  # repeat: list parameter
    as_name: str | None = None  # repeat: the row variable
    steps: list[Step] = field(default_factory=list)  # repeat body, if_exists "then"
    otherwise: list[Step] = field(default_factory=list)  # if_exists "else"
    timeout_ms: int | None = None
    retries: int | None = None
    optional: bool = False  # a failure is recorded but the run goes on


@dataclass
class Bot:
    name: str
    steps: list[Step]
    description: str | None = None
    start_url: str | None = None
    parameters: list[Parameter] = field(default_factory=list)
    secrets: list[SecretRef] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    schema: str = SCHEMA_VERSION

    # ---- files -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str) -> Bot:
        return cls.from_yaml(yaml_text.read(Path(path)), source=str(path))

    @classmethod
    def from_yaml(cls, text: str, source: str = "<bot>") -> Bot:
        data = yaml_text.parse(text, source)
        if not isinstance(data, dict):
            raise BotFileError(f"{source} is not a bot file (expected a mapping at the top)")
        validate_data(data, source)
        return _bot_from_data(data)

    def to_yaml(self) -> str:
        return yaml_text.dump(_clean(self.to_data()))

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.to_yaml(), encoding="utf-8")
        tmp.replace(path)
        return path

    def to_data(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        order = ("schema", "name", "description", "start_url", "parameters", "secrets",
                 "outputs", "steps")  # fmt: skip
        return {key: data[key] for key in order}

    # ---- queries -----------------------------------------------------------------------
    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def secret(self, name: str) -> SecretRef | None:
        return next((s for s in self.secrets if s.name == name), None)

    def walk(self) -> list[tuple[str, Step]]:
        """Every step with its path ("3", "5.2" for the 2nd step inside step 5), depth first."""
        out: list[tuple[str, Step]] = []

        def visit(steps: list[Step], prefix: str) -> None:
            for i, step in enumerate(steps, 1):
                path = f"{prefix}{i}"
                out.append((path, step))
                visit(step.steps, path + ".")
                visit(step.otherwise, path + ".else.")

        visit(self.steps, "")
        return out


_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{prefix}{i}" for prefix in ("COM", "LPT") for i in range(10)
}


def is_artifact_name(name: str) -> bool:
    """A name a run may give a file in its run folder: one plain component, nothing that
    climbs out (``..``, ``/``, ``\\``, ``C:``), no control characters, nothing Windows refuses."""
    if not ARTIFACT_NAME_RE.fullmatch(name) or name.strip(" .") == "":
        return False
    return name.rstrip(" .") == name and name.split(".")[0].upper() not in _RESERVED_NAMES


def is_web_url(url: str) -> bool:
    """A page a bot may open: an OA/ERP web page (http, https) or ``about:blank`` — never a
    local file, ``javascript:``, ``data:`` or the browser's own pages, which a bot file from
    someone else could use to read this computer."""
    scheme, sep, rest = url.strip().partition(":")
    if not sep:
        return False
    scheme = scheme.lower()
    return (scheme in ("http", "https") and rest.startswith("//") and len(rest) > 2) or (
        scheme == "about" and rest == "blank"
    )


def not_web_url(url: str) -> str:
    """What is wrong with a ``url`` a bot may not open (see :func:`is_web_url`)."""
    return (
        f"{short(url, 80)!r} is not a web address (http:// or https://): a bot opens OA/ERP "
        "pages only, never local files or browser pages"
    )


def web_url(url: str) -> str:
    """``url`` when a bot may open it, else :class:`StepFailed` saying what is wrong."""
    if not is_web_url(url):
        raise StepFailed(f"{not_web_url(url)}; fix the goto step or start_url")
    return url


def artifact_path(folder: Path, name: str, suffix: str) -> Path:
    """Where a run writes its file ``name``: checked again here, not only when the bot was
    loaded, so a bot built in code or edited after its check cannot write outside either."""
    path = folder / f"{name}{suffix}"
    if not is_artifact_name(name) or path.resolve().parent != folder.resolve():
        raise StepFailed(
            f"screenshot name {short(name, 80)!r} is not a plain file name: a screenshot is "
            "written only inside the run folder; rename it in the bot file"
        )
    return path


def describe_step(path: str, step: Step) -> str:
    label = step.title or step.id
    return f"step {path} ({step.action}{': ' + label if label else ''})"


def _clean(value: Any) -> Any:
    """Drop empty and default-valued keys so files stay short and diffs small."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = _clean(v)
            if v is None or v == [] or v == {} or (k in ("optional", "preferred") and v is False):
                continue
            if k == "required" and v is True:
                continue
            if k == "type" and v == "text":
                continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _bot_from_data(data: dict[str, Any]) -> Bot:
    return Bot(
        schema=data["schema"],
        name=data["name"],
        description=data.get("description"),
        start_url=data.get("start_url"),
        parameters=[Parameter(**p) for p in data.get("parameters", [])],
        secrets=[SecretRef(**s) for s in data.get("secrets", [])],
        outputs=list(data.get("outputs", [])),
        steps=[_step(s) for s in data["steps"]],
    )


def _step(data: dict[str, Any]) -> Step:
    data = dict(data)
    target = data.pop("target", None)
    steps = [_step(s) for s in data.pop("steps", [])]
    otherwise = [_step(s) for s in data.pop("otherwise", [])]
    return Step(
        **data,
        target=_target(target) if target else None,
        steps=steps,
        otherwise=otherwise,
    )


def _target(data: dict[str, Any]) -> Target:
    fp = data.get("fingerprint")
    return Target(
        locators=[Locator(**loc) for loc in data["locators"]],
        frame=[FrameRef(**f) for f in data.get("frame", [])],
        fingerprint=Fingerprint(**fp) if fp else None,
        description=data.get("description"),
    )


# ---- validation ------------------------------------------------------------------------------
@cache
def schema() -> dict[str, Any]:
    text = resources.files("bots.schema").joinpath("bot.schema.json").read_text("utf-8")
    return json.loads(text)


def _where(data: dict[str, Any], path: list[Any]) -> str:
    """'step 3 (fill: 金额) → target.locators[0]' for a jsonschema error path."""
    parts: list[str] = []
    node: Any = data  # the innermost step reached so far
    step_path: list[str] = []
    i = 0
    while i < len(path):
        key = path[i]
        if key in ("steps", "otherwise") and i + 1 < len(path) and isinstance(path[i + 1], int):
            node = node[key][path[i + 1]]
            step_path.append(("else." if key == "otherwise" else "") + str(path[i + 1] + 1))
            parts = []
            i += 2
            continue
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
        i += 1
    field_text = "".join(parts).lstrip(".")
    if step_path:
        label = ".".join(step_path)
        action = node.get("action") if isinstance(node, dict) else None
        return (
            f"step {label}"
            + (f" ({action})" if action else "")
            + (f" → {field_text}" if field_text else "")
        )
    return field_text or "the top level"


def validate_data(data: dict[str, Any], source: str = "<bot>") -> None:
    import jsonschema

    version = data.get("schema")
    if version != SCHEMA_VERSION:
        raise BotFileError(
            f"{source}: schema {version!r} is not supported (this Zhangfang reads "
            f"{SCHEMA_VERSION!r}); re-record the bot or update Zhangfang"
        )
    validator = jsonschema.Draft202012Validator(schema())
    first = itertools.islice(validator.iter_errors(data), 50)  # a wrong 100k-step file: enough
    errors = sorted(first, key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        lines = [f"{_where(data, list(e.absolute_path))}: {short(e.message)}" for e in errors[:10]]
        raise BotFileError(f"{source} is not a valid bot file:\n  " + "\n  ".join(lines))
    _check_meaning(data, source)


def _check_meaning(data: dict[str, Any], source: str) -> None:
    """What a schema cannot say: references to parameters, secrets and outputs exist."""
    bot = _bot_from_data(data)
    known = {p.name for p in bot.parameters} | {"start_url"}
    secrets = {s.name for s in bot.secrets}
    problems: list[str] = []
    if bot.start_url and not is_web_url(bot.start_url):
        problems.append(f"start_url {not_web_url(bot.start_url)}")
    produced: set[str] = set()
    row_names: set[str] = set()
    ids: set[str] = set()
    for path, step in bot.walk():
        where = describe_step(path, step)
        if step.id:
            if step.id in ids:
                problems.append(f"{where}: id {step.id!r} is used twice")
            ids.add(step.id)
        if step.action in TARGETED and step.target is None:
            problems.append(f"{where}: needs a target")
        if step.action == "screenshot" and step.name and not is_artifact_name(step.name):
            problems.append(
                f"{where}: name {short(step.name)!r} must be a plain file name (no folders, "
                "'..', drive letters or control characters): screenshots stay in the run folder"
            )
        url = step.url or ""
        if step.action == "goto" and not TEMPLATE_RE.search(url) and not is_web_url(url):
            problems.append(f"{where}: url {not_web_url(url)}")
        if step.action == "repeat":
            param = bot.parameter(step.for_each or "")
            if param is None or param.type != "list":
                problems.append(f"{where}: for_each must name a list parameter")
            row_names.add(step.as_name or "row")
        locator_values = [loc.value for loc in step.target.locators] if step.target else []
        for text in (step.url, step.value, step.text, *locator_values):
            for ref in TEMPLATE_RE.findall(text or ""):
                head = ref.split(".")[0]
                if head == "secret":
                    if ref.split(".", 1)[-1] not in secrets:
                        problems.append(f"{where}: {{{{ {ref} }}}} names no secret of this bot")
                elif head not in known | produced | row_names:
                    problems.append(
                        f"{where}: {{{{ {ref} }}}} is not a parameter or an earlier output"
                    )
        if step.into:
            produced.add(step.into)
    if problems:
        raise BotFileError(f"{source} is not a valid bot file:\n  " + "\n  ".join(problems))
