"""Feed `zhangfang bot check` and the desktop's bot list hundreds of damaged, hostile and odd
bot files made from the shipped bots, and count what a clerk must never see:

    python bench/fuzz_bots.py                    # 459 files, seed 2026
    python bench/fuzz_bots.py --seed 7 --per-family 5 --keep /tmp/fuzz-bots

Files are made by families (truncation, byte damage, encodings, YAML tricks, nesting, numbers,
huge files, wrong types, missing/unknown keys, hostile values); each family draws its cases
from the seed and the real bots in ``resources/bots`` (and ``bots/examples`` if there is one).
Each case is a file ``NNNN-family.bot.yaml``. They are read twice, in batches, each batch in a
process of its own with a fresh ``ZHANGFANG_HOME`` and ``QT_QPA_PLATFORM=offscreen``:

  check   ``python -m app.cli bot check FILE...`` (the real command line; stdout and stderr are
          read as one stream, so each file's answer is the text from its name to the next's)
  load    ``app.services.bots.list_bots(folder)`` over a copy of the batch, as the desktop
          lists the bots folder; ``Bot.load`` is wrapped only to note when each file starts
          and ends, so a hang names its file and each file has its own time

A child is killed with its whole process group when it goes --max-seconds without answering
(a hanging file), over --max-seconds × batch size in all, or over --max-gb; its peak memory is
the process tree's (``wait4``). When a batch ends badly (a traceback, a crash, a kill), the
first file without an answer is run again alone to name it and the rest go on as a batch; a
batch over the memory limit is run again file by file.

Counted, each should be 0:
  traceback   "Traceback" on stderr, or a message asking to report a bug ("please report")
  crash       a signal, an exit code other than 0/1, or killed for taking too long
  slow        a file that took more than --max-seconds (30) to check or to load
  memory      a file (or a batch) whose process tree went over --max-gb (1.5)
  dropped     the bot list has no entry (or more than one) for a file
  escaped     a screenshot step whose name climbs out of the run folder (a path separator,
              "..", an absolute path or a drive letter) that `bot check` accepted as ok
Prints a table by family, the slowest files, the biggest memory, each distinct traceback's
exception (with how many files raised it) and the wall time; exits 1 when any count is not 0.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import functools
import json
import ntpath
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE_GLOBS = ("resources/bots/*.bot.yaml", "bots/examples/*.bot.yaml")
SCHEMA_FILE = ROOT / "bots" / "schema" / "bot.schema.json"
SCHEMA_VERSION = json.loads(SCHEMA_FILE.read_text("utf-8"))["properties"]["schema"]["const"]
REPORT_MARK = "please report"
GRACE = 5.0  # seconds for a fresh interpreter to start, on top of --max-seconds per file
MB = 1 << 20
KINDS = ("traceback", "crash", "slow", "memory", "dropped", "escaped")


@dataclass
class Case:
    family: str
    data: bytes
    what: str
    shot_name: str | None = None  # a screenshot step's name: must not climb out if accepted


Maker = tuple[str, Callable[[], bytes]]


# ---- small builders ------------------------------------------------------------------------
def dump(data: Any) -> bytes:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8", "surrogatepass")


def raw_bot(
    steps: str = "- action: goto\n  url: http://oa/x\n", top: str = "", name: str = "fuzz"
) -> bytes:
    """A bot file from raw YAML pieces: ``name`` and ``steps`` as written, ``top`` before steps."""
    return f"schema: {SCHEMA_VERSION}\nname: {name}\n{top}steps:\n{steps}".encode()


def target(value: str = "x", kind: str = "id") -> dict[str, Any]:
    return {"locators": [{"kind": kind, "value": value}]}


def base_bot() -> dict[str, Any]:
    """A valid bot using every field the schema knows."""
    full_target = {
        "locators": [
            {"kind": "id", "value": "amount"},
            {"kind": "role", "value": "button", "name": "OK", "preferred": True},
        ],
        "frame": [{"name": "main", "url": "*", "index": 0}],
        "fingerprint": {
            "tag": "input",
            "attributes": {"id": "amount"},
            "text": "t",
            "label": "l",
            "position": [1, 2, 3, 4],
        },
        "description": "the amount box",
    }
    return {
        "schema": SCHEMA_VERSION,
        "name": "fuzz",
        "description": "a bot for the fuzz benchmark",
        "start_url": "http://127.0.0.1:8765/",
        "parameters": [
            {"name": "lines", "type": "list", "label": "L", "required": False, "columns": ["item"]},
            {"name": "amount", "type": "money", "default": "1.00"},
            {"name": "attachment", "type": "file"},
        ],
        "secrets": [{"name": "pw", "service": "svc", "username": "u"}],
        "outputs": ["claim_no"],
        "steps": [
            {"action": "goto", "url": "{{ start_url }}", "timeout_ms": 5000, "retries": 1},
            {
                "action": "fill",
                "id": "f1",
                "title": "amount",
                "target": full_target,
                "value": "{{ amount }}",
                "optional": False,
            },
            {
                "action": "repeat",
                "for_each": "lines",
                "as_name": "line",
                "steps": [
                    {"action": "fill", "target": target("input", "css"), "value": "{{ line.item }}"}
                ],
            },
            {
                "action": "if_exists",
                "target": target("popup"),
                "steps": [{"action": "click", "target": target("close")}],
                "otherwise": [{"action": "wait", "text": "ready"}],
            },
            {"action": "fill", "target": target("pw"), "value": "{{ secret.pw }}"},
            {"action": "upload", "target": target("file"), "value": "{{ attachment }}"},
            {"action": "dialog", "accept": True},
            {"action": "popup", "popup": "switch"},
            {"action": "extract", "target": target("no"), "into": "claim_no", "attribute": "value",
             "ocr": False},
            {"action": "assert", "text": "{{ claim_no }}"},
            {"action": "screenshot", "name": "done"},
        ],
    }  # fmt: skip


def set_at(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of ``data`` with the value at ``path`` replaced (``DELETE`` removes the key)."""
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


DELETE = object()


def shuffled(rng: random.Random, makers: list[Any], n: int) -> list[Any]:
    """``n`` makers: all of them in a seeded order, then round again."""
    order = makers[:]
    rng.shuffle(order)
    return [order[i % len(order)] for i in range(n)]


def escapes(name: str) -> bool:
    """Would a file of this name leave the run folder? A separator, a ".." (a name that is
    only dots and spaces, as Windows reads it), an absolute path or a drive letter."""
    return (
        "/" in name
        or "\\" in name
        or (name.strip(" .") == "" and ".." in name)
        or os.path.isabs(name)
        or ntpath.isabs(name)
        or bool(ntpath.splitdrive(name)[0])
        or re.match(r"[A-Za-z]:", name) is not None
    )


# ---- families ------------------------------------------------------------------------------
def sources() -> dict[str, bytes]:
    files = sorted({p for pattern in SOURCE_GLOBS for p in ROOT.glob(pattern)})
    if not files:
        raise SystemExit("no bot files in " + ", ".join(SOURCE_GLOBS))
    return {p.name: p.read_bytes() for p in files}


def fam_truncate(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    names = sorted(seeds)
    for i in range(n):
        name = names[i % len(names)]
        data = seeds[name]
        if i % 5 == 4:  # in the middle of a multi-byte character
            starts = [k for k, b in enumerate(data) if b >= 0xC0]
            cut = rng.choice(starts) + 1
        else:
            cut = rng.randrange(1, len(data))
        yield Case("truncate", data[:cut], f"{name} cut at byte {cut}")


SYNTAX = [b":", b"-", b"{", b"}", b"[", b"]", b"&", b"*", b"!", b"|", b">", b"'", b'"', b"#",
          b"%", b"@", b"`", b"\t", b"\n", b" ", b"? ", b"<<", b"{{", b"\\"]  # fmt: skip


def fam_bytes(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    names = sorted(seeds)
    for i in range(n):
        name = names[i % len(names)]
        buf = bytearray(seeds[name])
        op = ("flip", "insert", "syntax", "delete")[i % 4]
        count = rng.choice([1, 3, 16, 64])
        for _ in range(count):
            at = rng.randrange(len(buf))
            if op == "flip":
                buf[at] = rng.randrange(256)
            elif op == "insert":
                buf[at:at] = rng.randbytes(rng.randint(1, 4))
            elif op == "syntax":
                buf[at:at] = rng.choice(SYNTAX)
            else:
                del buf[at : at + rng.randint(1, 8)]
        yield Case("bytes", bytes(buf), f"{name}: {op} ×{count}")


def fam_encoding(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    first = seeds[sorted(seeds)[0]]
    text = first.decode("utf-8")

    def insert(junk: bytes) -> bytes:
        at = first.index(b"\nname: ") + 7
        return first[:at] + junk + first[at:]

    makers: list[Maker] = [
        ("invalid UTF-8 (0xFF) in the name", lambda: insert(b"\xff")),
        ("overlong UTF-8 '/'", lambda: insert(b"\xc0\xaf")),
        ("UTF-8-encoded lone surrogate", lambda: insert(b"\xed\xa0\x80")),
        ("cut multi-byte character at the end", lambda: first + "报".encode()[:2]),
        ("UTF-8 BOM", lambda: b"\xef\xbb\xbf" + first),
        ("two UTF-8 BOMs", lambda: b"\xef\xbb\xbf\xef\xbb\xbf" + first),
        ("BOM in the middle", lambda: insert("\ufeff".encode())),
        ("UTF-16 LE with BOM", lambda: text.encode("utf-16")),
        ("UTF-16 BE with BOM", lambda: b"\xfe\xff" + text.encode("utf-16-be")),
        ("UTF-16 LE, no BOM", lambda: text.encode("utf-16-le")),
        ("UTF-32 with BOM", lambda: text.encode("utf-32")),
        ("GBK bytes", lambda: text.encode("gbk", "replace")),
        ("a NUL byte in a value", lambda: insert(b"\0")),
        ("NUL bytes at the end", lambda: first + b"\0" * 64),
        ("every line ends in NUL", lambda: first.replace(b"\n", b"\0\n")),
        ("CRLF line ends", lambda: first.replace(b"\n", b"\r\n")),
        ("CR line ends", lambda: first.replace(b"\n", b"\r")),
        ("mixed line ends", lambda: first.replace(b"\n  ", b"\r\n  ").replace(b"\n- ", b"\r- ")),
        ("tabs for indentation", lambda: first.replace(b"\n  ", b"\n\t")),
        ("tab after a dash", lambda: first.replace(b"\n- ", b"\n-\t")),
        ("U+2028 line separators", lambda: first.replace(b"\n", "\u2028".encode())),
        ("NEL (U+0085) line ends", lambda: first.replace(b"\n", "\x85".encode())),
        ("escaped lone surrogate in the name", lambda: raw_bot(name='"\\ud800"')),
        ("escaped lone surrogate in a value",
         lambda: raw_bot("- action: goto\n  url: \"\\udfff\\ud800\"\n")),
        ("escaped lone surrogate as an output",
         lambda: raw_bot(top='outputs: ["\\ud800"]\n')),
        ("escaped control characters in the name", lambda: raw_bot(name='"\\e\\a\\b\\x7f\\0"')),
        ("empty file", lambda: b""),
        ("whitespace only", lambda: b" \n\t\n  "),
        ("a comment only", lambda: b"# nothing here\n"),
        ("document marker only", lambda: b"---\n"),
        ("null at the top", lambda: b"~\n"),
        ("a list at the top", lambda: b"- action: goto\n  url: http://oa/x\n"),
        ("a scalar at the top", lambda: b"zhangfang.bot/1\n"),
    ]  # fmt: skip
    for what, make in shuffled(rng, makers, n):
        yield Case("encoding", make(), what)


def billion_laughs(where: str) -> bytes:
    """~9 KB: an anchored 7 KB string, then 12 levels of 20 aliases each."""
    lines = ['l0: &l0 "' + "lol" * 2300 + '"']
    for k in range(1, 13):
        lines.append(f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 20) + "]")
    bomb = "bomb:\n" + "".join(f"  {line}\n" for line in lines)
    if where == "steps":
        return raw_bot(top=bomb, steps="- action: goto\n  url: http://oa/x\n  title: *l12\n")
    if where == "default":
        return raw_bot(top=bomb + "parameters:\n- name: p\n  default: *l12\n")
    return raw_bot(top=bomb)


TAGGED = [
    '!!python/object/apply:os.system ["echo pwned > /tmp/zf-pwned"]',
    '!!python/object/new:os.system ["echo pwned"]',
    "!!python/name:os.system",
    "!!python/module:os",
    "!!binary aGVsbG8=",
    '!!binary "not base64!"',
    "!!set {a, b}",
    "!!timestamp 2026-01-01",
    "!!timestamp x",
    "!!timestamp 2026-02-30",
    "!foo bar",
    "!<tag:evil.example,2026:x> y",
    '!!float ""',
    '!!int ""',
    "!!int 0x",
    "!!int abc",
    "!!float abc",
    "!!bool maybe",
    "!!str [a]",
    "!!map x",
    "!!seq x",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1]",
    "!!null x",
    "!!merge x",
    "!!value x",
    "!!float .nan",
    "!!str 5",
    "2026-02-30",
    "2026-13-01",
    "0000-01-01",
    "2026-01-01T25:00:00",
    "2026-01-01 10:00:00 +25:00",
    "2026-1-1 1:2:3.123456789123",
]
TAG_FIELDS = {
    "name": lambda v: raw_bot(name=v),
    "url": lambda v: raw_bot(f"- action: goto\n  url: {v}\n"),
    "default": lambda v: raw_bot(top=f"parameters:\n- name: p\n  default: {v}\n"),
    "timeout_ms": lambda v: raw_bot(f"- action: goto\n  url: http://oa/x\n  timeout_ms: {v}\n"),
    "title": lambda v: raw_bot(f"- action: goto\n  url: http://oa/x\n  title: {v}\n"),
}


def fam_yaml(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    goto = "- action: goto\n  url: http://oa/x\n"
    makers: list[Maker] = [
        ("billion laughs (~9 KB) under an unknown key", lambda: billion_laughs("top")),
        ("billion laughs as a step title", lambda: billion_laughs("steps")),
        ("billion laughs as a parameter default", lambda: billion_laughs("default")),
        ("recursive anchor: steps contain themselves", lambda: raw_bot("&s [*s]\n")),
        ("recursive anchor in a mapping",
         lambda: raw_bot("- &a {action: goto, url: http://oa/x, title: *a}\n")),
        ("anchor and alias for a repeated step",
         lambda: raw_bot("- &g {action: goto, url: http://oa/x}\n- *g\n")),
        ("alias to an undefined anchor", lambda: raw_bot("- *nothing\n")),
        ("merge key with a flow mapping", lambda: raw_bot("- <<: {action: goto, url: http://oa/x}\n")),
        ("merge key with a list of mappings",
         lambda: raw_bot("- <<: [{action: goto}, {url: http://oa/x}]\n  title: t\n")),
        ("merge key with a number", lambda: raw_bot("- <<: 5\n  action: goto\n  url: http://oa/x\n")),
        ("merge key with a list of numbers", lambda: raw_bot("- <<: [1, 2]\n  action: goto\n")),
        ("merge key at the top", lambda: b"<<: {schema: " + SCHEMA_VERSION.encode()
         + b", name: m}\nsteps:\n" + goto.encode()),
        ("merge key overriding the action",
         lambda: raw_bot("- action: goto\n  url: http://oa/x\n  <<: {action: eval}\n")),
        ("duplicate name key", lambda: raw_bot(top="name: second\n")),
        ("duplicate steps key", lambda: raw_bot(top="steps: 5\n")),
        ("duplicate action in a step",
         lambda: raw_bot("- action: goto\n  action: screenshot\n  url: http://oa/x\n"
                         "  name: ../../x\n")),
        ("two documents", lambda: raw_bot() + b"---\n" + raw_bot()),
        ("a document then garbage", lambda: raw_bot() + b"...\n{{{{ nope\n"),
        ("empty document first", lambda: b"---\n---\n" + raw_bot()),
        ("%YAML 1.1 directive", lambda: b"%YAML 1.1\n---\n" + raw_bot()),
        ("%YAML 2.0 directive", lambda: b"%YAML 2.0\n---\n" + raw_bot()),
        ("%TAG directive to python", lambda: b"%TAG !p! tag:yaml.org,2002:python/\n---\n"
         + raw_bot(name="!p!name:os.system")),
        ("unknown directive", lambda: b"%FOO bar\n---\n" + raw_bot()),
        ("unhashable (list) key", lambda: raw_bot(top="? [a, b]\n: c\n")),
        ("unhashable (mapping) key", lambda: raw_bot(top="? {a: 1}\n: c\n")),
        ("flow list as a key", lambda: raw_bot(top="[a]: b\n")),
        ("int, null, bool, float keys at the top",
         lambda: raw_bot(top="1: a\n~: b\nyes: c\n.inf: d\n")),
        ("int, null, bool, date keys in a step",
         lambda: raw_bot("- action: goto\n  url: http://oa/x\n  1: a\n  ~: b\n  on: c\n"
                         "  2026-01-01: d\n")),
        ("non-string keys in fingerprint attributes",
         lambda: raw_bot("- action: click\n  target:\n    locators: [{kind: id, value: x}]\n"
                         "    fingerprint:\n      tag: a\n      attributes: {1: a, ~: b, "
                         "2026-01-01: c, [x]: d}\n")),
        ("yes/no/on/off as booleans", lambda: raw_bot("- action: dialog\n  accept: yes\n"
                                                      "  optional: on\n", name="no")),
        ("block scalars with odd indentation indicators",
         lambda: raw_bot("- action: goto\n  url: |9-\n   x\n")),
        ("a value key (=)", lambda: raw_bot("- action: goto\n  url: http://oa/x\n  =: y\n")),
    ]  # fmt: skip
    for tag in TAGGED:
        for where in rng.sample(sorted(TAG_FIELDS), 2):
            makers.append((f"{where}: {tag}", lambda t=tag, w=where: TAG_FIELDS[w](t)))
    for what, make in shuffled(rng, makers, n):
        yield Case("yaml", make(), what)


def nested_steps(kind: str, depth: int) -> str:
    """``depth`` repeat/if_exists steps inside each other, flow style (no indentation cost)."""
    head = {
        "repeat": "{action: repeat, for_each: lines, steps: [",
        "if_exists": "{action: if_exists, target: {locators: [{kind: id, value: x}]}, steps: [",
    }[kind]
    return head * depth + "{action: goto, url: http://oa/x}" + "]}" * depth


def block_nested_repeat(depth: int) -> str:
    lines = []
    for k in range(depth):
        pad = "  " * (2 * k)
        lines.append(f"{pad}- action: repeat\n{pad}  for_each: lines\n{pad}  steps:\n")
    pad = "  " * (2 * depth)
    return "".join(lines) + f"{pad}- action: goto\n{pad}  url: http://oa/x\n"


LIST_PARAM = "parameters:\n- name: lines\n  type: list\n"


def fam_nesting(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    makers: list[Maker] = []
    for depth in (1000, 5000, 20000, 100000):
        makers += [
            (f"steps: [[[…]]] {depth} deep", lambda d=depth: raw_bot("[" * d + "]" * d + "\n")),
            (
                f"default: {{a: {{a: …}}}} {depth} deep",
                lambda d=depth: raw_bot(
                    top="parameters:\n- name: p\n  default: " + "{a: " * d + "1" + "}" * d + "\n"
                ),
            ),
            (f"'- - - …' block lists {depth} deep", lambda d=depth: raw_bot("- " * d + "x\n")),
        ]
    makers += [
        ("block mappings 1000 deep",
         lambda: raw_bot(top="x:\n" + "".join("  " * k + "a:\n" for k in range(1, 1000))
                         + "  " * 1000 + "1\n")),
        ("unclosed [[[ 50000 deep", lambda: raw_bot("[" * 50000 + "\n")),
        ("fingerprint attributes 5000 deep",
         lambda: raw_bot("- action: click\n  target:\n    locators: [{kind: id, value: x}]\n"
                         "    fingerprint: {tag: a, attributes: " + "{a: " * 5000 + "b"
                         + "}" * 5000 + "}\n")),
    ]  # fmt: skip
    for depth in (200, 1000, 5000):
        for kind in ("repeat", "if_exists"):
            makers.append(
                (f"{kind} inside {kind}, {depth} deep",
                 lambda k=kind, d=depth: raw_bot("- " + nested_steps(k, d) + "\n", top=LIST_PARAM))
            )  # fmt: skip
    makers += [
        ("block repeat inside repeat, 200 deep",
         lambda: raw_bot(block_nested_repeat(200), top=LIST_PARAM)),
        ("repeat inside repeat, 12 deep (should be fine)",
         lambda: raw_bot("- " + nested_steps("repeat", 12) + "\n", top=LIST_PARAM)),
        ("if_exists inside if_exists, 20 deep",
         lambda: raw_bot("- " + nested_steps("if_exists", 20) + "\n")),
        ("default nested 58 deep (near the limit)",
         lambda: raw_bot(top="parameters:\n- name: p\n  default: " + "[" * 56 + "]" * 56 + "\n")),
        ("default nested 61 deep (just over)",
         lambda: raw_bot(top="parameters:\n- name: p\n  default: " + "[" * 59 + "]" * 59 + "\n")),
    ]  # fmt: skip
    for what, make in shuffled(rng, makers, n):
        yield Case("nesting", make(), what)


NUMBERS = [
    "9" * 5000,
    "-" + "9" * 5000,
    "9" * 100000,
    "0" * 5000 + "1",
    "1" + "_" * 5000 + "1",
    "9" * 5000 + ".5",
    "1" + "0" * 5000 + ".0",
    "1e999999",
    "-1e999999",
    "1e-999999",
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    "-1",
    "-99999999999999999",
    "99999999999999999",
    "999999999999999999",
    "9999999999999999999",
    "0x7fffffffffffffff",
    "0x" + "f" * 5000,
    "0o777",
    "0777",
    "0b1010",
    "0b" + "1" * 5000,
    "1:20:30",
    "1:59:59:59:59:59",
    "1" + ":59" * 2000,
    "190:20:30.5",
    "1_000_000",
    "+5",
    "0.5",
    "1.0",
    "1e3",
    "-0",
    "true",
    "null",
    '"5000"',
]
NUMBER_FIELDS = {
    "timeout_ms": lambda v: raw_bot(f"- action: goto\n  url: http://oa/x\n  timeout_ms: {v}\n"),
    "retries": lambda v: raw_bot(f"- action: goto\n  url: http://oa/x\n  retries: {v}\n"),
    "frame index": lambda v: raw_bot(
        f"- action: click\n  target:\n    locators: [{{kind: id, value: x}}]\n"
        f"    frame:\n    - index: {v}\n"
    ),
    "fingerprint position": lambda v: raw_bot(
        "- action: click\n  target:\n    locators: [{kind: id, value: x}]\n"
        f"    fingerprint:\n      tag: a\n      position:\n      - {v}\n      - 0\n      - 1\n"
        "      - 1\n"
    ),
    "parameter default": lambda v: raw_bot(top=f"parameters:\n- name: p\n  default: {v}\n"),
    "name": lambda v: raw_bot(name=v),
    "fill value": lambda v: raw_bot(
        f"- action: fill\n  target:\n    locators: [{{kind: id, value: x}}]\n  value: {v}\n"
    ),
}


def fam_numbers(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    pairs = [(v, f) for v in NUMBERS for f in NUMBER_FIELDS]
    chosen = [(v, rng.choice(sorted(NUMBER_FIELDS))) for v in NUMBERS]  # each number once
    rest = [p for p in pairs if p not in chosen]
    rng.shuffle(rest)
    picked = (chosen + rest)[:n] if n > len(chosen) else rng.sample(chosen, n)
    for value, where in picked:
        short = value if len(value) <= 24 else f"{value[:10]}…({len(value)} chars)"
        yield Case("numbers", NUMBER_FIELDS[where](value), f"{where}: {short}")


def many_steps(count: int) -> str:
    return "- {action: goto, url: http://oa/x}\n" * count


def fam_huge(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    def big(mb: float) -> str:
        return "x" * int(mb * MB)

    quadratic = (
        "parameters:\n"
        + "".join(f"- {{name: p{k}}}\n" for k in range(11999))
        + "- {name: rows, type: list}\n"
    )
    makers: list[Maker] = [
        ("5 MB name", lambda: raw_bot(name=big(5))),
        ("20 MB step value",
         lambda: raw_bot(f"- action: fill\n  target: {{locators: [{{kind: id, value: x}}]}}\n"
                         f"  value: {big(20)}\n")),
        ("50 MB description", lambda: raw_bot(top=f"description: {big(50)}\n")),
        ("3.9 MB description (under 4 MB)", lambda: raw_bot(top=f"description: {big(3.9)}\n")),
        ("100,000 steps", lambda: raw_bot(many_steps(100000))),
        ("39,000 steps (under the node limit)", lambda: raw_bot(many_steps(39000))),
        ("100,000 locators",
         lambda: raw_bot("- action: click\n  target:\n    locators:\n"
                         + "    - {kind: css, value: a}\n" * 100000)),
        ("60,000 locators", lambda: raw_bot("- action: click\n  target:\n    locators:\n"
                                            + "    - {kind: css, value: a}\n" * 60000)),
        ("12,000 parameters and 12,000 repeats over the last one",
         lambda: raw_bot("- {action: repeat, for_each: rows, steps: [{action: goto, url: http://oa/x}]}\n"
                         * 12000, top=quadratic)),
        ("1,000,000-element flow list as a default",
         lambda: raw_bot(top="parameters:\n- name: p\n  default: [" + "1," * 1000000 + "1]\n")),
        ("3.5 MB of comments", lambda: raw_bot() + (b"#" + b"c" * 69 + b"\n") * 50000),
        ("one 3.9 MB line of flow steps",
         lambda: raw_bot("[" + "{action: goto, url: http://oa/x}," * 170000 + "]\n")),
        ("100,000 outputs", lambda: raw_bot(top="outputs:\n" + "- o\n" * 100000)),
        ("a 1 MB key", lambda: raw_bot(top=f"{big(1)}: 1\n")),
    ]  # fmt: skip
    for what, make in shuffled(rng, makers, n):
        yield Case("huge", make(), what)


WRONG = {
    "a string": "goto",
    "a list": ["a", "b"],
    "an int": 7,
    "null": None,
    "a bool": True,
    "a mapping": {"a": 1},
    "a float": 1.5,
    "a date": dt.date(2026, 1, 1),
    "an empty list": [],
    "an empty mapping": {},
    "an empty string": "",
}
FIELDS: list[tuple[Any, ...]] = [
    ("schema",), ("name",), ("description",), ("start_url",), ("parameters",), ("secrets",),
    ("outputs",), ("steps",), ("parameters", 0), ("parameters", 0, "name"),
    ("parameters", 0, "type"), ("parameters", 0, "label"), ("parameters", 0, "required"),
    ("parameters", 0, "columns"), ("parameters", 0, "columns", 0), ("secrets", 0),
    ("secrets", 0, "name"), ("secrets", 0, "service"), ("secrets", 0, "username"),
    ("outputs", 0), ("steps", 0), ("steps", 0, "action"), ("steps", 0, "url"),
    ("steps", 0, "timeout_ms"), ("steps", 0, "retries"), ("steps", 1, "id"),
    ("steps", 1, "title"), ("steps", 1, "target"), ("steps", 1, "value"),
    ("steps", 1, "optional"), ("steps", 1, "target", "locators"),
    ("steps", 1, "target", "locators", 0), ("steps", 1, "target", "locators", 0, "kind"),
    ("steps", 1, "target", "locators", 0, "value"), ("steps", 1, "target", "locators", 1, "name"),
    ("steps", 1, "target", "locators", 1, "preferred"), ("steps", 1, "target", "frame"),
    ("steps", 1, "target", "frame", 0), ("steps", 1, "target", "frame", 0, "index"),
    ("steps", 1, "target", "fingerprint"), ("steps", 1, "target", "fingerprint", "tag"),
    ("steps", 1, "target", "fingerprint", "attributes"),
    ("steps", 1, "target", "fingerprint", "attributes", "id"),
    ("steps", 1, "target", "fingerprint", "position"),
    ("steps", 1, "target", "fingerprint", "position", 0), ("steps", 1, "target", "description"),
    ("steps", 2, "for_each"), ("steps", 2, "as_name"), ("steps", 2, "steps"),
    ("steps", 2, "steps", 0), ("steps", 3, "otherwise"), ("steps", 3, "otherwise", 0, "text"),
    ("steps", 6, "accept"), ("steps", 7, "popup"), ("steps", 8, "into"),
    ("steps", 8, "attribute"), ("steps", 8, "ocr"), ("steps", 10, "name"),
]  # fmt: skip


def fam_types(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    base = base_bot()
    combos = [(f, w) for f in FIELDS for w in WRONG]
    firsts = [(f, rng.choice(sorted(WRONG))) for f in FIELDS]  # every field once
    rest = [c for c in combos if c not in firsts]
    rng.shuffle(rest)
    for path, wrong in (firsts + rest)[:n]:
        where = ".".join(str(p) for p in path)
        yield Case("types", dump(set_at(base, path, WRONG[wrong])), f"{where} is {wrong}")


def fam_keys(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    base = base_bot()
    missing = [
        ("schema",), ("name",), ("steps",), ("steps", 0, "action"), ("steps", 0, "url"),
        ("steps", 1, "value"), ("steps", 1, "target"), ("steps", 6, "accept"),
        ("steps", 7, "popup"), ("steps", 8, "into"), ("steps", 2, "for_each"),
        ("steps", 2, "steps"), ("steps", 3, "target"), ("steps", 9, "text"),
        ("steps", 1, "target", "locators", 0, "kind"),
        ("steps", 1, "target", "locators", 0, "value"),
        ("steps", 1, "target", "fingerprint", "tag"), ("secrets", 0, "username"),
        ("parameters", 0, "name"), ("steps", 1, "target", "locators"),
    ]  # fmt: skip
    makers: list[Maker] = [
        (f"missing {'.'.join(map(str, p))}", lambda p=p: dump(set_at(base, p, DELETE)))
        for p in missing
    ]
    unknown: list[tuple[tuple[Any, ...], str]] = [
        (("foo",), "top"), (("steps", 0, "foo"), "step"), (("__proto__",), "top"),
        (("$ref",), "top"), (("",), "top"),
        (("steps", 1, "target", "locators", 0, "foo"), "locator"),
        (("parameters", 0, "secret"), "parameter"), (("steps", 0, "python"), "step"),
    ]  # fmt: skip
    makers += [
        (f"unknown key {p[-1]!r} in the {w}", lambda p=p: dump(set_at(base, p, "x")))
        for p, w in unknown
    ]
    versions: list[Any] = [
        "zhangfang.bot/2", "zhangfang.bot/0", "zhangfang.bot/1 ", "ZHANGFANG.BOT/1",
        "zhangfang.bot/1.0", "zhangfang.bot/10", 1, 1.0, None, [SCHEMA_VERSION], {"v": 1}, "",
    ]  # fmt: skip
    makers += [
        (f"schema version {v!r}", lambda v=v: dump(set_at(base, ("schema",), v))) for v in versions
    ]
    meaning: list[tuple[str, tuple[Any, ...], Any]] = [
        ("empty steps", ("steps",), []),
        ("unknown action", ("steps", 0, "action"), "eval"),
        ("action in capitals", ("steps", 0, "action"), "GOTO"),
        ("unknown locator kind", ("steps", 1, "target", "locators", 0, "kind"), "jquery"),
        ("unknown parameter type", ("parameters", 1, "type"), "secret"),
        ("repeat over a money parameter", ("steps", 2, "for_each"), "amount"),
        ("repeat over no parameter", ("steps", 2, "for_each"), "nope"),
        ("as_name with a dot", ("steps", 2, "as_name"), "line.x"),
        ("duplicate step ids", ("steps", 0, "id"), "f1"),
        ("extract into a bad name", ("steps", 8, "into"), "claim-no"),
        ("output name with a space", ("outputs", 0), "claim no"),
        ("retries over the maximum", ("steps", 0, "retries"), 11),
        ("empty locators", ("steps", 1, "target", "locators"), []),
        ("empty locator value", ("steps", 1, "target", "locators", 0, "value"), ""),
    ]
    makers += [(what, lambda p=p, v=v: dump(set_at(base, p, v))) for what, p, v in meaning]
    for what, make in shuffled(rng, makers, n):
        yield Case("keys", make(), what)


SHOT_NAMES = [
    "../../x", "/tmp/evil", "..\\..\\x", "C:\\x", "C:x", "c:/windows/x", "\\\\server\\share\\x",
    "x/../../y", "..", ".", "", " ", "a\x00b", "a\nb", "x" * 10000, "CON", "nul.png", "aux",
    "trailing. ", "~/x", "%2e%2e%2fx", "..%5cx", "\u2215evil", "x\u202egnp.exe", "🧾 shot",
    "ｘ：ｙ", "file:///etc/passwd", "$(rm -rf ~)", "a|b", "*", "?", "done", "..done", "done..",
]  # fmt: skip
UPLOADS = [
    "/etc/passwd", "C:\\Windows\\system.ini", "~/.ssh/id_rsa", "../../secret", "\\\\server\\x",
    "file:///etc/passwd", "{{ attachment }}/../../x", "", "\x00", "/dev/zero", "/proc/self/mem",
]  # fmt: skip
URLS = [
    "javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>alert(1)</script>",
    "chrome://settings", "about:blank", "http://[::1", "  javascript:x", "JaVaScRiPt:x",
    "view-source:file:///etc/passwd", "vbscript:x", "\u202ehttp://x", "http://" + "a" * 100000,
    "http://user:pass@127.0.0.1:8765/", "http://127.0.0.1:99999/", "ftp://x", "",
]  # fmt: skip
TEMPLATES = [
    "{{ a.b.c }}", "{{", "{{ }}", "}}{{", "{{ secret.nope }}", "{{ secret }}", "{{ secret. }}",
    "{{ __class__ }}", "{{ 7*7 }}", "{% raw %}", "{{{{ amount }}}}", "{{ a" + "." * 5000 + "}}",
    "{{ " * 5000, "{{ start_url }}" * 10000, "{{ {{ amount }} }}", "{{ amount.__init__ }}",
    "{{ line.item }}", "{{ claim_no }}", "{{\u3000amount\u3000}}", "{{ ａmount }}",
]  # fmt: skip
UNICODE_NAMES = [
    "\u202eexe.txt", "🤖" * 1000, "\u200b", "e\u0301" * 5000, "\ufeffname", "\ud800", "a\x00b",
    "two\nlines", "x" * 10000, "\u0000", "\U0010ffff", "示例" * 3000, "ﬁ", "\x85",
]  # fmt: skip
LOCATORS = [
    ("css", ")(*&^%$"), ("css", "::-webkit-scrollbar"), ("css", "a" * 100000),
    ("css", "input[name='\n']"), ("css", "*" * 5000), ("xpath", "//*["),
    ("xpath", "(//a)[999999999999999999]"), ("xpath", "string(/)"),
    ("xpath", "//a[contains(.,'" + "'" * 1000 + "')]"), ("text", "\x00"),
    ("role", "button\u202e"), ("testid", "{{ secret.pw }}"), ("label", "{{ nope }}"),
    ("id", "x" * 10000), ("xpath", "/" * 10000),
]  # fmt: skip


def mutated(base: dict[str, Any], path: tuple[Any, ...], value: Any) -> bytes:
    return dump(set_at(base, path, value))


def fam_hostile(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    base = base_bot()
    cases: list[tuple[str, Callable[[], bytes], str | None]] = []
    for name in SHOT_NAMES:
        make = functools.partial(mutated, base, ("steps", 10, "name"), name)
        cases.append((f"screenshot name {name[:30]!r}", make, name))
    for value in UPLOADS:
        make = functools.partial(mutated, base, ("steps", 5, "value"), value)
        cases.append((f"upload value {value[:30]!r}", make, None))
    for url in URLS:
        make = functools.partial(mutated, base, ("steps", 0, "url"), url)
        cases.append((f"goto url {url[:30]!r}", make, None))
    for text in TEMPLATES:
        where = rng.choice([("steps", 0, "url"), ("steps", 1, "value"), ("steps", 9, "text"),
                            ("steps", 1, "target", "locators", 0, "value")])  # fmt: skip
        make = functools.partial(mutated, base, where, text)
        cases.append((f"template {text[:30]!r} in {w_name(where)}", make, None))
    for name in UNICODE_NAMES:
        where = rng.choice([("name",), ("description",), ("steps", 1, "title"),
                            ("parameters", 0, "label")])  # fmt: skip
        make = functools.partial(mutated, base, where, name)
        cases.append((f"{w_name(where)} {name[:20]!r} ({len(name)} chars)", make, None))
    for kind, value in LOCATORS:
        loc = {"kind": kind, "value": value}
        make = functools.partial(mutated, base, ("steps", 1, "target", "locators", 0), loc)
        cases.append((f"{kind} locator {value[:24]!r}", make, None))
    for what, make, shot in shuffled(rng, cases, n):
        yield Case("hostile", make(), what, shot)


def w_name(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path)


FAMILIES: dict[str, Callable[[random.Random, dict[str, bytes], int], Iterator[Case]]] = {
    "truncate": fam_truncate,
    "bytes": fam_bytes,
    "encoding": fam_encoding,
    "yaml": fam_yaml,
    "nesting": fam_nesting,
    "numbers": fam_numbers,
    "huge": fam_huge,
    "types": fam_types,
    "keys": fam_keys,
    "hostile": fam_hostile,
}
DEFAULT_COUNTS = {
    "truncate": 45,
    "bytes": 55,
    "encoding": 30,
    "yaml": 60,
    "nesting": 30,
    "numbers": 45,
    "huge": 14,
    "types": 70,
    "keys": 40,
    "hostile": 70,
}


def make_cases(seed: int, per_family: int | None, only: set[str] | None) -> list[Case]:
    seeds = sources()
    cases: list[Case] = []
    for family, make in FAMILIES.items():
        rng = random.Random(f"{seed}-{family}")  # a family's cases do not depend on the others
        if only and family not in only:
            continue
        cases.extend(make(rng, seeds, per_family or DEFAULT_COUNTS[family]))
    return cases


# ---- running a child -----------------------------------------------------------------------
@dataclass
class Run:
    code: int | None  # None: killed by us
    killed: str  # why we killed it ("" when it ended by itself)
    seconds: float
    peak_gb: float
    output: str  # stdout (with stderr merged in when no stderr file was given)
    stderr: str
    stamps: list[tuple[int, float]]  # (output length, seconds since start) as it grew


def rss_gb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as f:
            pages = int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / (1 << 30)


def run_child(
    argv: list[str],
    home: Path,
    timeout: float,
    stall: float,
    max_gb: float,
    merge: bool,
    progress: Path | None = None,
) -> Run:
    """Run ``argv`` in a process group of its own; kill the group when it goes ``stall``
    seconds without writing anything, ``timeout`` seconds in all, or over ``max_gb``."""
    env = {
        **os.environ,
        "ZHANGFANG_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONUNBUFFERED": "1",
        "PYTHONFAULTHANDLER": "1",
    }
    out_file, err_file = home / "out.txt", home / "err.txt"
    watched = [out_file] + ([] if merge else [err_file]) + ([progress] if progress else [])
    stamps: list[tuple[int, float]] = []
    killed = ""
    started = time.perf_counter()
    with out_file.open("wb") as out, err_file.open("wb") as err:
        proc = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT if merge else err,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        last_size, last_change = -1, started
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            now = time.perf_counter()
            size = sum(p.stat().st_size for p in watched if p.exists())
            if size != last_size:
                last_size, last_change = size, now
                stamps.append((out_file.stat().st_size, now - started))
            if pid:
                break
            if now - started > timeout:
                killed = f"killed after {now - started:.0f} s (batch timeout)"
            elif now - last_change > stall:
                killed = f"killed after {now - last_change:.0f} s without an answer"
            elif (gb := rss_gb(proc.pid)) > max_gb:
                killed = f"killed at {gb:.2f} GB"
            if killed:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)  # the whole group, children too
                _pid, status, rusage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = -1  # reaped by wait4; keep Popen from waiting again
    seconds = time.perf_counter() - started
    if os.WIFEXITED(status):
        code: int | None = os.WEXITSTATUS(status)
    else:
        code = -os.WTERMSIG(status)
    return Run(
        code=None if killed else code,
        killed=killed,
        seconds=seconds,
        peak_gb=rusage.ru_maxrss / 1024 / 1024,
        output=out_file.read_bytes().decode("utf-8", "replace"),
        stderr="" if merge else err_file.read_bytes().decode("utf-8", "replace"),
        stamps=stamps,
    )


def time_at(run: Run, position: int) -> float:
    """When the text at ``position`` had been written (seconds since the start)."""
    for length, seconds in run.stamps:
        if length > position:
            return seconds
    return run.seconds


def exception_line(text: str) -> str:
    """The exception a traceback ends with ("ValueError: …"), or a fatal error's first line."""
    if "Fatal Python error" in text:
        return text[text.find("Fatal Python error") :].splitlines()[0][:200]
    tail = text[text.find("Traceback") :]
    skip = ("Traceback", "During handling", "The above exception")
    for line in reversed(tail.splitlines()):
        if line.strip() and not line.startswith((" ", "\t", *skip)):
            return line[:200]
    return "Traceback (no exception line)"


# ---- judging -------------------------------------------------------------------------------
@dataclass
class Outcome:
    case: Case
    path: Path
    check: str = ""  # "ok", "refused" or "" (no answer)
    message: str = ""
    check_s: float = 0.0
    load: str = ""  # "ok", "refused" or "" (no entry)
    load_error: str = ""
    load_s: float = 0.0
    peak_gb: float = 0.0  # of the runs it was alone in
    bad: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, stage, detail)

    def add(self, kind: str, stage: str, detail: str) -> None:
        self.bad.append((kind, stage, detail))

    def reset(self, stage: str) -> None:
        self.bad = [b for b in self.bad if b[1] != stage]
        if stage == "check":
            self.check, self.message, self.check_s = "", "", 0.0
        else:
            self.load, self.load_error, self.load_s = "", "", 0.0


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.runs: list[tuple[float, str]] = []  # (peak GB, what) of every child
        self.startup = 0.0
        self.counter = 0

    def home(self) -> Path:
        self.counter += 1
        home = self.work / f"home-{self.counter:04d}"
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        return home

    def child(
        self, argv: list[str], n: int, home: Path, merge: bool, progress: Path | None = None
    ) -> Run:
        run = run_child(
            argv,
            home,
            timeout=GRACE + self.args.max_seconds * n,
            stall=GRACE + self.args.max_seconds,
            max_gb=self.args.max_gb,
            merge=merge,
            progress=progress,
        )
        if not self.args.keep:
            shutil.rmtree(home, ignore_errors=True)
        return run

    def failure(self, run: Run) -> list[tuple[str, str]]:
        """What went wrong with a whole run: (kind, detail)."""
        text = run.output + run.stderr
        bad = []
        if run.killed.startswith("killed at"):
            bad.append(("memory", run.killed))
        elif run.killed:
            bad += [("crash", run.killed), ("slow", run.killed)]
        elif run.code not in (0, 1):
            bad.append(("crash", f"exit {run.code}"))
        if "Traceback" in text or "Fatal Python error" in text:
            bad.append(("traceback", exception_line(text)))
        return bad

    def blame(self, o: Outcome, stage: str, run: Run, problems: list[tuple[str, str]]) -> None:
        for kind, detail in problems:
            o.add(kind, stage, detail)
        o.peak_gb = max(o.peak_gb, run.peak_gb)

    # -- bot check ---------------------------------------------------------------------------
    def check(self, batch: list[Outcome]) -> None:
        argv = [sys.executable, "-m", "app.cli", "bot", "check", *[str(o.path) for o in batch]]
        run = self.child(argv, len(batch), self.home(), merge=True)
        self.runs.append((run.peak_gb, f"check of {len(batch)} from {batch[0].path.name}"))
        text = run.output
        cut = len(text)
        for mark in ("Traceback", "Fatal Python error"):
            if (at := text.find(mark)) >= 0:
                cut = min(cut, at)
        found = []
        for o in batch:
            at = text.find(str(o.path), 0, cut)
            if at >= 0:
                found.append((text.rfind("\n", 0, at) + 1, o))
        found.sort(key=lambda f: f[0])
        previous = self.startup
        for k, (start, o) in enumerate(found):
            end = found[k + 1][0] if k + 1 < len(found) else cut
            segment = text[start:end].strip()
            o.check = "ok" if segment.startswith(f"{o.path}: ok (") else "refused"
            o.message = segment
            at = time_at(run, start)
            o.check_s = max(0.0, at - previous)
            previous = at
            if REPORT_MARK in segment.lower():
                line = next(x for x in segment.splitlines() if REPORT_MARK in x.lower())
                o.add("traceback", "check", line.strip()[:200])
            if o.check_s > self.args.max_seconds:
                o.add("slow", "check", f"{o.check_s:.1f} s")
        problems = self.failure(run)
        answered = {id(o) for _, o in found}
        rest = [o for o in batch if id(o) not in answered]
        if len(batch) == 1:
            batch[0].peak_gb = max(batch[0].peak_gb, run.peak_gb)
        if not problems:
            for o in rest:  # every file was read: an answer that does not name its file
                o.check, o.message = "refused", "(no message names this file)"
            if run.peak_gb > self.args.max_gb:
                if len(batch) == 1:
                    batch[0].add("memory", "check", f"{run.peak_gb:.2f} GB")
                else:  # which one? each alone
                    for o in batch:
                        o.reset("check")
                        self.check([o])
            return
        if len(batch) == 1 and rest:
            self.blame(batch[0], "check", run, problems)
            batch[0].check_s = max(0.0, run.seconds - self.startup)
            return
        if not rest:  # every file answered, then it went wrong: on the last one
            self.blame(batch[-1], "check", run, problems)
            return
        self.check([rest[0]])  # the first without an answer, alone: the one to blame
        if rest[1:]:
            self.check(rest[1:])

    # -- list_bots ---------------------------------------------------------------------------
    def load(self, batch: list[Outcome]) -> None:
        home = self.home()
        folder = home / "bots"
        folder.mkdir()
        for o in batch:
            shutil.copyfile(o.path, folder / o.path.name)
        progress = home / "progress.txt"
        argv = [sys.executable, "-c", LOADER, str(folder), str(progress)]
        keep = self.args.keep
        self.args.keep = True  # read the progress file before the folder goes
        try:
            run = self.child(argv, len(batch), home, merge=False, progress=progress)
        finally:
            self.args.keep = keep
        self.runs.append((run.peak_gb, f"load of {len(batch)} from {batch[0].path.name}"))
        started: dict[str, float] = {}
        ended: dict[str, float] = {}
        raised: set[str] = set()
        if progress.exists():
            for line in progress.read_text("utf-8", "replace").splitlines():
                kind, _, rest = line.partition(" ")
                stamp, _, path = rest.partition(" ")
                name = Path(path).name
                (started if kind == "S" else ended)[name] = float(stamp or 0)
                if kind == "X":
                    raised.add(name)
        if not keep:
            shutil.rmtree(home, ignore_errors=True)
        for o in batch:
            name = o.path.name
            if name in started and name in ended:
                o.load_s = ended[name] - started[name]
                if o.load_s > self.args.max_seconds:
                    o.add("slow", "load", f"{o.load_s:.1f} s")
        if len(batch) == 1:
            batch[0].peak_gb = max(batch[0].peak_gb, run.peak_gb)
        problems = self.failure(run)
        entries = None
        if not problems:
            try:
                entries = json.loads(run.output.strip().splitlines()[-1])
            except (ValueError, IndexError):
                problems.append(("crash", "printed no bot list"))
        if entries is not None:
            by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for entry in entries:
                by_name[Path(entry["path"]).name].append(entry)
            for o in batch:
                got = by_name.get(o.path.name, [])
                if len(got) != 1:
                    o.add("dropped", "load", f"{len(got)} entries in the bot list")
                    continue
                o.load = "ok" if got[0]["ok"] else "refused"
                o.load_error = got[0]["error"] or ""
                if REPORT_MARK in o.load_error.lower():
                    o.add("traceback", "load", o.load_error.splitlines()[0][:200])
            if run.peak_gb > self.args.max_gb:
                if len(batch) == 1:
                    batch[0].add("memory", "load", f"{run.peak_gb:.2f} GB")
                else:
                    for o in batch:
                        o.reset("load")
                        self.load([o])
            return
        if len(batch) == 1:
            self.blame(batch[0], "load", run, problems)
            if batch[0].path.name not in ended:
                batch[0].load_s = max(0.0, run.seconds - self.startup)
            return
        for o in batch:
            o.reset("load")  # no list came back: nobody has an entry yet
        culprits = [o for o in batch if o.path.name in raised or
                    (o.path.name in started and o.path.name not in ended)]  # fmt: skip
        if culprits:  # Bot.load raised or never came back: that one alone, the rest together
            self.load(culprits[:1])
            others = [o for o in batch if o is not culprits[0]]
            if others:
                self.load(others)
        else:  # it went wrong around the files, not in one: each alone to find it
            for o in batch:
                self.load([o])


LOADER = r"""
import json, sys, time
from pathlib import Path
import bots.model
from app.services.bots import list_bots
from bots.errors import BotFileError
progress = open(sys.argv[2], "w", buffering=1, encoding="utf-8", errors="backslashreplace")
original = bots.model.Bot.load.__func__
def load(cls, path):
    progress.write(f"S {time.perf_counter():.6f} {path}\n")
    try:
        bot = original(cls, path)
    except BotFileError:
        progress.write(f"E {time.perf_counter():.6f} {path}\n")
        raise
    except BaseException:
        progress.write(f"X {time.perf_counter():.6f} {path}\n")
        raise
    progress.write(f"E {time.perf_counter():.6f} {path}\n")
    return bot
bots.model.Bot.load = classmethod(load)
entries = list_bots(Path(sys.argv[1]))
print(json.dumps([{"path": str(e.path), "ok": e.bot is not None, "error": e.error}
                  for e in entries]))
"""


# ---- main ----------------------------------------------------------------------------------
def write_cases(cases: list[Case], files: Path) -> list[Outcome]:
    shutil.rmtree(files, ignore_errors=True)
    files.mkdir(parents=True)
    outcomes = []
    for i, case in enumerate(cases):
        path = files / f"{i:04d}-{case.family}.bot.yaml"
        path.write_bytes(case.data)
        outcomes.append(Outcome(case, path))
    (files / "index.tsv").write_text(
        "".join(f"{o.path.name}\t{o.case.what}\n" for o in outcomes), "utf-8", "backslashreplace"
    )
    return outcomes


def judge_escapes(outcomes: list[Outcome]) -> None:
    for o in outcomes:
        name = o.case.shot_name
        if name is not None and o.check == "ok" and escapes(name):
            o.add("escaped", "check", f"screenshot name {name[:40]!r} accepted")


def report(outcomes: list[Outcome], bench: Bench, wall: float) -> int:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        row = table[o.case.family]
        row["files"] += 1
        row[o.check or "no answer"] += 1
        for kind in KINDS:
            if any(b[0] == kind for b in o.bad):
                row[kind] += 1
    columns = ("files", "ok", "refused", *KINDS)
    print(f"\n{'family':9} " + " ".join(f"{c:>9}" for c in columns))
    total: Counter[str] = Counter()
    for family in FAMILIES:
        if row := table.get(family):
            total.update(row)
            print(f"{family:9} " + " ".join(f"{row[c]:>9}" for c in columns))
    print(f"{'all':9} " + " ".join(f"{total[c]:>9}" for c in columns))

    print("\nslowest files (check s / load s):")
    slowest = sorted(outcomes, key=lambda o: max(o.check_s, o.load_s), reverse=True)[:10]
    for o in slowest:
        print(f"  {o.check_s:7.2f} {o.load_s:7.2f}  {o.path.name:28} {o.case.what[:60]}")
    runs = sorted(bench.runs, reverse=True)
    print(f"\nbiggest memory: {runs[0][0]:.2f} GB ({runs[0][1]})" if runs else "")
    solo = sorted((o for o in outcomes if o.peak_gb), key=lambda o: o.peak_gb, reverse=True)
    for o in solo[:3]:
        print(f"  alone: {o.peak_gb:.2f} GB {o.path.name} {o.case.what[:60]}")

    distinct: Counter[str] = Counter()
    for o in outcomes:
        for line in dict.fromkeys(d for kind, _, d in o.bad if kind == "traceback"):
            distinct[line] += 1
    if distinct:
        print("\ndistinct tracebacks (files):")
        for line, count in distinct.most_common():
            print(f"  {count:4}  {line}")
    bad = [o for o in outcomes if o.bad]
    if bad:
        print(f"\n{len(bad)} files with problems (first 60):")
        for o in bad[:60]:
            problems = "; ".join(f"{k} ({stage}): {d}" for k, stage, d in o.bad)
            print(f"  {o.path.name:28} {o.case.what[:44]:44} {problems[:220]}")
    disagree = [o for o in outcomes if o.check and o.load and o.check != o.load]
    if disagree:
        print(f"\ncheck and the bot list disagree on {len(disagree)} files:")
        for o in disagree[:10]:
            print(f"  {o.path.name:28} check {o.check}, list {o.load}: {o.case.what[:60]}")
    accepted = [o for o in outcomes if o.case.family == "hostile" and o.check == "ok"]
    if accepted:
        print(f"\nhostile values accepted by check (not counted, for review): {len(accepted)}")
        for o in accepted:
            print(f"  {o.path.name:28} {o.case.what[:80]}")
    print(
        f"\n{len(outcomes)} files; interpreter start {bench.startup:.2f} s; "
        f"{len(bench.runs)} processes; wall time {wall:.0f} s"
    )
    return 1 if any(total[k] for k in KINDS) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--per-family", type=int, help="cases in each family (default: mixed)")
    parser.add_argument("--batch", type=int, default=25, help="files per process")
    parser.add_argument("--max-seconds", type=float, default=30.0, help="per file")
    parser.add_argument("--max-gb", type=float, default=1.5)
    parser.add_argument("--only", help="comma-separated families")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()

    only = set(args.only.split(",")) if args.only else None
    cases = make_cases(args.seed, args.per_family, only)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="zf-fuzz-bots-"))
    work.mkdir(parents=True, exist_ok=True)
    outcomes = write_cases(cases, work / "files")
    size = sum(len(c.data) for c in cases)
    print(f"{len(cases)} files ({size / MB:.0f} MB) in {work / 'files'} (seed {args.seed})")

    bench = Bench(args, work)
    started = time.perf_counter()
    home = bench.home()
    probe = home / "probe.bot.yaml"
    probe.write_bytes(dump(base_bot()))
    argv = [sys.executable, "-m", "app.cli", "bot", "check", str(probe)]
    run = bench.child(argv, 1, home, merge=True)
    if run.code != 0:
        print(f"a valid bot does not pass `bot check`:\n{run.output}", file=sys.stderr)
        return 2
    bench.startup = run.seconds
    for stage in ("check", "load"):
        for start in range(0, len(outcomes), args.batch):
            batch = outcomes[start : start + args.batch]
            getattr(bench, stage)(batch)
            done = start + len(batch)
            bad = sum(1 for o in outcomes[:done] if o.bad)
            print(
                f"  {stage} {done}/{len(outcomes)}, {time.perf_counter() - started:.0f} s, "
                f"{bad} with problems so far",
                flush=True,
            )
    judge_escapes(outcomes)
    code = report(outcomes, bench, time.perf_counter() - started)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
