"""Finding a step's element: locator candidates in rank order, then relocation by fingerprint.

A candidate counts only when it matches exactly one element. When none does, the element
is looked for by similarity to its recorded fingerprint (tag, attributes, text, label,
position); the result is used only when one element clearly stands out.
"""

from __future__ import annotations

import difflib
import fnmatch
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from bots.errors import StepFailed
from bots.model import Fingerprint, FrameRef, Locator, Target

# robustness rank: what survives vendor upgrades best comes first
RANK = {"testid": 0, "role": 1, "label": 2, "placeholder": 3, "name": 4, "id": 5, "text": 6,
        "css": 7, "xpath": 8}  # fmt: skip
WEIGHTS = {"id": 1.5, "name": 1.5, "class": 0.5, "type": 1.0, "placeholder": 1.0, "value": 0.5,
           "href": 0.5, "title": 0.5, "aria-label": 1.0, "data-testid": 2.0}  # fmt: skip
TEXT_WEIGHT, LABEL_WEIGHT, POSITION_WEIGHT = 1.5, 2.0, 0.75
MIN_SCORE, MIN_MARGIN = 0.45, 0.12


@cache
def fingerprint_js() -> str:
    return resources.files("bots").joinpath("fingerprint.js").read_text("utf-8")


def describe(loc: Locator) -> str:
    return f"{loc.kind}={loc.value}" + (f" [{loc.name}]" if loc.name else "")


def ranked(locators: list[Locator]) -> list[Locator]:
    return sorted(locators, key=lambda loc: (not loc.preferred, RANK.get(loc.kind, 99)))


def playwright_locator(frame: Any, loc: Locator) -> Any:
    """The Playwright locator for one candidate, in a Frame."""
    kind, value = loc.kind, loc.value
    if kind == "testid":
        return frame.get_by_test_id(value)
    if kind == "role":
        return (
            frame.get_by_role(value, name=loc.name, exact=False)
            if loc.name
            else (frame.get_by_role(value))
        )
    if kind == "label":
        return frame.get_by_label(value, exact=False)
    if kind == "placeholder":
        return frame.get_by_placeholder(value, exact=False)
    if kind == "name":
        return frame.locator(f'[name="{_quote(value)}"]')
    if kind == "id":
        return frame.locator(f'[id="{_quote(value)}"]')
    if kind == "text":
        return frame.get_by_text(value, exact=True)
    if kind == "xpath":
        return frame.locator(f"xpath={value}")
    return frame.locator(value)


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


# ---- frames -----------------------------------------------------------------------------------
def resolve_frame(page: Any, path: list[FrameRef], timeout_s: float) -> Any:
    frame = page.main_frame
    for depth, ref in enumerate(path):
        deadline = time.monotonic() + timeout_s
        while True:
            found = _child(frame, ref)
            if found is not None:
                frame = found
                break
            if time.monotonic() > deadline:
                raise StepFailed(
                    f"frame {_frame_text(ref)} (level {depth + 1}) did not appear within "
                    f"{timeout_s:.0f} s; the page layout may have changed"
                )
            page.wait_for_timeout(50)  # not time.sleep: Playwright must pump its events
    return frame


def _child(frame: Any, ref: FrameRef) -> Any:
    children = frame.child_frames
    if ref.name:
        named = [f for f in children if f.name == ref.name]
        if named:
            return named[0]
    if ref.url:
        matching = [f for f in children if fnmatch.fnmatch(f.url, ref.url)]
        if matching:
            return matching[0]
    if ref.index is not None and ref.index < len(children) and not ref.name and not ref.url:
        return children[ref.index]
    return None


def _frame_text(ref: FrameRef) -> str:
    parts = [
        f"name={ref.name}" if ref.name else "",
        f"url={ref.url}" if ref.url else "",
        f"index={ref.index}" if ref.index is not None else "",
    ]
    return "(" + ", ".join(p for p in parts if p) + ")"


# ---- elements ---------------------------------------------------------------------------------
@dataclass
class Found:
    locator: Any  # Playwright Locator
    used: str  # how it was found, e.g. "label=金额" or "healed: name=f_amount_v2"
    healed: bool = False
    healed_locator: Locator | None = None


def try_candidates(frame: Any, target: Target) -> Found | None:
    for loc in ranked(target.locators):
        try:
            candidate = playwright_locator(frame, loc)
            if candidate.count() == 1:
                return Found(candidate, describe(loc))
        except Exception:  # an invalid selector on this page: try the next one
            continue
    return None


def relocate(
    frame: Any, fingerprint: Fingerprint, must_show: list[str] | tuple[str, ...] = ()
) -> tuple[Found | None, str]:
    """Find the element most like the fingerprint; (None, why) when none stands out.

    ``must_show``: values the element has to carry in its text, label or an attribute (the
    parameter values its locators were written with)."""
    frame.evaluate(fingerprint_js())
    candidates = frame.evaluate("tag => window.__zfCandidates(tag)", fingerprint.tag)
    scored = sorted(
        (
            (similarity(fingerprint, c), i)
            for i, c in enumerate(candidates)
            if (c["visible"] or c["attributes"].get("type") == "file") and _shows(c, must_show)
        ),
        reverse=True,
    )
    if not scored:
        if must_show:
            return None, f"no <{fingerprint.tag}> element shows {' / '.join(must_show)!r}"
        return None, f"no <{fingerprint.tag}> element on the page"
    best, index = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best < MIN_SCORE:
        return None, f"nothing on the page looks like it (best match {best:.2f})"
    if best - second < MIN_MARGIN:
        return None, f"two elements look alike ({best:.2f} and {second:.2f}); not guessing"
    element = candidates[index]
    new_locator = _stable_locator(element)
    locator = frame.locator(fingerprint.tag).nth(index)
    return Found(
        locator, f"healed: {describe(new_locator)} (similarity {best:.2f})", True, new_locator
    ), ""


def _shows(candidate: dict[str, Any], values: list[str] | tuple[str, ...]) -> bool:
    texts = [
        candidate.get("text", ""),
        candidate.get("label", ""),
        *candidate["attributes"].values(),
    ]
    return all(any(value in text for text in texts) for value in values)


def similarity(fp: Fingerprint, candidate: dict[str, Any]) -> float:
    if candidate["tag"] != fp.tag:
        return 0.0
    total = score = 0.0
    attrs = candidate["attributes"]
    for name, weight in WEIGHTS.items():
        if name in fp.attributes:
            total += weight
            score += weight * _text_similarity(fp.attributes[name], attrs.get(name, ""))
    if fp.text:
        total += TEXT_WEIGHT
        score += TEXT_WEIGHT * _text_similarity(fp.text, candidate.get("text", ""))
    if fp.label:
        total += LABEL_WEIGHT
        score += LABEL_WEIGHT * _text_similarity(fp.label, candidate.get("label", ""))
    if fp.position and candidate.get("position"):
        (x0, y0, *_), (x1, y1, *_) = fp.position, candidate["position"]
        distance = ((x0 - x1) ** 2 + (y0 - y1) ** 2) ** 0.5
        total += POSITION_WEIGHT
        score += POSITION_WEIGHT * max(0.0, 1 - distance / 400)
    if "type" in fp.attributes and attrs.get("type", "text") != fp.attributes["type"]:
        return 0.0  # a checkbox is never a text field, however alike they look
    return score / total if total else 0.0


def _text_similarity(a: str, b: str) -> float:
    a, b = a.strip(), b.strip()
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a in b or b in a:
        return 0.8 * min(len(a), len(b)) / max(len(a), len(b)) + 0.2
    return difflib.SequenceMatcher(None, a, b).ratio()


def _stable_locator(element: dict[str, Any]) -> Locator:
    attrs = element["attributes"]
    if attrs.get("data-testid"):
        return Locator("testid", attrs["data-testid"])
    if element.get("label") and element["tag"] in ("input", "select", "textarea"):
        return Locator("label", element["label"])
    if attrs.get("name"):
        return Locator("name", attrs["name"])
    if attrs.get("id"):
        return Locator("id", attrs["id"])
    if element.get("text"):
        return Locator("text", element["text"])
    return Locator("css", element["tag"])


def learn_fingerprint(el: Any) -> dict[str, Any] | None:
    """Describe a found element the way the recorder does, so a later run can heal."""
    try:
        el.evaluate("(e, js) => { if (!window.__zfDescribe) (0, eval)(js); }", fingerprint_js())
        data = el.evaluate("e => window.__zfDescribe(e)")
    except Exception:  # a detached element: nothing to learn, nothing lost
        return None
    data.pop("visible", None)
    return {k: v for k, v in data.items() if v not in ("", None, {})}
