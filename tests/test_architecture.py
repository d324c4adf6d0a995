"""The layers, as ``docs/architecture.md`` draws them, hold in the code:

    gui | cli | demo → services → ledger | submit | exports → config | platform → ocr, bots

Imports point down (or sideways within a layer) and never up; no two packages import each
other; only app/gui imports Qt; no module grows past ~400 lines without saying why at its top.
Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("ocr", "bots", "app")
LAYERS: tuple[tuple[str, ...], ...] = (  # lowest first
    ("ocr", "bots"),
    ("app", "app.config", "app.platform"),  # "app": the package itself (its version)
    ("app.ledger", "app.submit", "app.exports"),
    ("app.services",),
    ("app.cli", "app.gui", "app.demo"),
)
ENTRY_POINTS = {"app.__main__", "app.cli.__main__", "app.demo.__main__"}  # start the program
LONG_LINES = 400
LONG_REASON = "Long module:"  # the docstring's sentence that says why a module is long


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for pkg in SOURCES for p in (ROOT / pkg).rglob("*.py") if p.is_file()}


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function; ``from a import b``
    counts as ``a.b`` when b is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                names.add(sub if sub in MODULES else node.module)
    return names


def _own(name: str) -> bool:
    return name.split(".")[0] in SOURCES


def _layer_unit(module: str) -> str:
    """The layer entry a module belongs to: the longest listed prefix."""
    units = [u for layer in LAYERS for u in layer]
    matching = [u for u in units if module == u or module.startswith(u + ".")]
    return max(matching, key=len)


def _layer_of(module: str) -> int:
    unit = _layer_unit(module)
    return next(i for i, layer in enumerate(LAYERS) if unit in layer)


def _package(module: str) -> str:
    """The unit cycles are counted between: app.X, or ocr / bots."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "app" and len(parts) > 1 else parts[0]


def _qt(names: set[str]) -> list[str]:
    return sorted(n for n in names if n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6"))


def test_only_the_gui_imports_qt() -> None:
    offenders = {
        name: _qt(_imports(path))
        for name, path in MODULES.items()
        if not name.startswith("app.gui")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_ocr_and_bots_do_not_import_each_other_or_app() -> None:
    for name, path in MODULES.items():
        top = name.split(".")[0]
        if top in ("ocr", "bots"):
            forbidden = {"ocr": ("bots", "app"), "bots": ("ocr", "app")}[top]
            bad = [n for n in _imports(path) if n.split(".")[0] in forbidden]
            assert bad == [], f"{name} imports {bad}"


def test_imports_point_down_the_layers() -> None:
    upward = []
    for name, path in MODULES.items():
        if name in ENTRY_POINTS:
            continue
        mine = _layer_of(name)
        for imported in sorted(filter(_own, _imports(path))):
            if _layer_of(imported) > mine:
                upward.append(f"{name} imports {imported}")
    assert upward == []


def test_no_two_packages_import_each_other() -> None:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        if name in ENTRY_POINTS:
            continue
        here = _package(name)
        for imported in filter(_own, _imports(path)):
            there = _package(imported)
            if there != here and there != "app":
                graph.setdefault(here, set()).add(there)
    cycles = sorted(
        f"{a} ↔ {b}" for a in graph for b in graph[a] if a < b and a in graph.get(b, set())
    )
    assert cycles == []
    assert _cycle(graph) is None


def test_no_module_imports_itself_round_a_loop() -> None:
    graph = {
        name: {i for i in _imports(path) if i in MODULES and i != name}
        for name, path in MODULES.items()
    }
    assert _cycle(graph) is None


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle in ``graph`` (as a path), or None."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_a_long_module_says_why_at_its_top() -> None:
    unexplained = []
    for path in MODULES.values():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > LONG_LINES and LONG_REASON not in (ast.get_docstring(ast.parse(text)) or ""):
            unexplained.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert unexplained == [], (
        f"split these by concern, or say in the docstring why not ({LONG_REASON} …)"
    )


def test_the_product_never_imports_the_test_kit() -> None:
    offenders = {n for n, p in MODULES.items() if any(i.startswith("testkit") for i in _imports(p))}
    assert offenders == set()


def test_every_document_type_module_provides_what_capture_reads() -> None:
    from ocr.doctypes import MODULES, DocType

    assert all(isinstance(module, DocType) for module in MODULES.values())
    assert all(name == module.DOC_TYPE for name, module in MODULES.items())
