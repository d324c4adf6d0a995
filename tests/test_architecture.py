"""Dependencies point one way: app.gui → app.* → ocr, bots; only app/gui imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _package_files(package: str) -> list[Path]:
    return [p for p in (ROOT / package).rglob("*.py") if "gui" not in p.relative_to(ROOT).parts]


def test_core_never_imports_qt() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(
            n for n in _imports(p) if n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")
        )
        for pkg in ("ocr", "bots", "app")
        for p in _package_files(pkg)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_ocr_and_bots_do_not_import_each_other_or_app() -> None:
    for pkg, forbidden in (("ocr", ("bots", "app")), ("bots", ("ocr", "app"))):
        for path in _package_files(pkg):
            bad = [n for n in _imports(path) if n.split(".")[0] in forbidden]
            assert bad == [], f"{path.relative_to(ROOT)} imports {bad}"
