"""Bot files as text: read and parse with limits, write in the canonical style.

A bot file may come from someone else (a shared folder, a colleague's mail), so reading it is
bounded: its size, its nesting depth, its number of YAML nodes and the digits of its numbers
are limited, and anchors/aliases (the "billion laughs" bomb) are refused — a file Zhangfang
writes never has them. Every way the text can be wrong is a :class:`BotFileError` naming the
line. Writing: block style, one key per line, no anchors, long strings kept readable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bots.errors import BotFileError

MAX_FILE_BYTES = 4 * 1024 * 1024  # a recorded bot of 300 steps with fingerprints is ~200 KB
MAX_DEPTH = 60  # YAML nesting; a step inside 10 repeats is ~35 deep
MAX_NODES = 200_000
MAX_INT_DIGITS = 18
MAX_MESSAGE_VALUE = 120  # characters of a bad value quoted back in a message


def read(path: Path) -> str:
    """The text of a bot file, refused when it is far too big or not UTF-8."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise BotFileError(f"cannot read bot file {path}: {exc.strerror}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise BotFileError(
            f"bot file {path} is over {MAX_FILE_BYTES // (1024 * 1024)} MB, far more than a "
            "bot needs: it is not a bot file, or it holds data that belongs in a parameter"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BotFileError(
            f"bot file {path} is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from exc


def parse(text: str, source: str) -> Any:
    if len(text) > MAX_FILE_BYTES:
        raise BotFileError(f"{source} is over {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return yaml.load(text, Loader=_BoundedLoader)  # a SafeLoader with limits
    except yaml.YAMLError as exc:
        raise BotFileError(f"{source} is not valid YAML: {short(str(exc), 400)}") from exc


def dump(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
        default_flow_style=False,
    )  # fmt: skip


def short(text: str, limit: int = MAX_MESSAGE_VALUE) -> str:
    """A value quoted back in a message: never the whole of a 4 MB string."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _BoundedLoader(yaml.SafeLoader):
    """``yaml.safe_load`` with limits: no anchors or aliases, bounded depth, node count and
    integer size. Each refusal is a YAML error with the line it happened on."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None,
                "anchors and aliases (&name, *name) are not allowed in bot files: "
                "write each step out in full",
                event.start_mark,
            )  # fmt: skip
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise yaml.composer.ComposerError(
                None, None, f"more than {MAX_NODES} values: too big for a bot", event.start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None,
                    f"nested more than {MAX_DEPTH} levels deep: too deep for a bot",
                    event.start_mark,
                )  # fmt: skip
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
            # PyYAML's own constructors fail this way on values such as ``!!bool maybe``,
            # ``!!int 0x`` or ``!!timestamp 2026-02-30``
            raise yaml.constructor.ConstructorError(
                None, None,
                f"{node.tag.rsplit(':', 1)[-1]} value {short(repr(node.value))} cannot be "
                f"read ({type(exc).__name__}: {short(str(exc))}); quote it to keep it as text",
                node.start_mark,
            ) from exc  # fmt: skip

    def construct_yaml_int(self, node: yaml.Node) -> int:
        digits = str(node.value).replace("_", "").lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"a number of {len(digits)} digits: too big", node.start_mark
            )
        return super().construct_yaml_int(node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)
# A bot has no use for YAML's dates: ``default: 2026-01-31`` stays the text a date parameter
# expects, and ``2026-13-01`` is not an error of the file (``!!timestamp`` still is a date).
_BoundedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Dumper(yaml.SafeDumper):
    """Block style with long strings kept readable; no anchors (every step stands alone)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list_representer(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    flow = bool(value) and all(isinstance(v, (int, float)) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(list, _list_representer)
