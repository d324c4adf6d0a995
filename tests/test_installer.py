"""The installer's parts that run here: trimming the bundle, checking it, the installed
program's start-at-login entry, and finding a browser (bots/browser.py, `zhangfang browser`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from app.cli import main as cli
from app.config import Settings, load_settings, save_settings
from app.platform import autostart
from bots import browser
from bots.errors import BrowserUnavailable

INSTALLER = Path(__file__).resolve().parents[1] / "installer"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, INSTALLER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lean = _load("lean")
check_bundle = _load("check_bundle")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pruning is for Linux")
def test_prune_drops_unused_qt_plugins_and_the_libraries_only_they_link():
    binaries = [
        ("PySide6/QtWidgets.abi3.so", "/venv/PySide6/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/venv/Qt/lib/libQt6Widgets.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/venv/Qt/lib/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "/venv/Qt/lib/libQt6Network.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/venv/qxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", "/venv/qvnc.so", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/venv/qgtk3.so", "BINARY"),
        ("libgtk-3.so.0", "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0", "BINARY"),
        ("libpdfium.so", "/venv/pypdfium2_raw/libpdfium.so", "BINARY"),  # opened by ctypes
    ]
    # direct links only, so the walk through Qt's own libraries is what finds libQt6Gui
    links = {
        "/venv/PySide6/QtWidgets.abi3.so": {"libQt6Widgets.so.6"},
        "/venv/Qt/lib/libQt6Widgets.so.6": {"libQt6Gui.so.6"},
        "/venv/qxcb.so": {"libxcb-cursor.so.0"},
        "/venv/qvnc.so": {"libQt6Network.so.6"},
        "/venv/qgtk3.so": {"libgtk-3.so.0"},
    }
    kept, dropped = lean.prune(binaries, linked=lambda path: links.get(path, set()))
    names = {name for name, _source, _kind in kept}
    assert "PySide6/Qt/plugins/platforms/libqxcb.so" in names
    assert {"PySide6/Qt/lib/libQt6Gui.so.6", "libxcb-cursor.so.0", "libpdfium.so"} <= names
    assert dropped == [
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "libgtk-3.so.0",
    ]


def _fake_bundle(root: Path, files: list[str]) -> Path:
    for name in files:
        path = root / "_internal" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    return root


def test_bundle_check_names_what_is_missing_and_what_should_not_be_there(tmp_path):
    everything = [pattern.replace("*", "x") for _what, pattern in check_bundle.REQUIRED]
    if sys.platform.startswith("linux"):
        everything += [pattern.replace("*", "x") for _w, pattern in check_bundle.LINUX_REQUIRED]
    good = _fake_bundle(tmp_path / "good", [*everything, "cv2/cv2.abi3.so"])
    assert check_bundle.problems(good) == []

    bad = _fake_bundle(
        tmp_path / "bad",
        [
            *[f for f in everything if "rapidocr/models" not in f],
            "cv2/cv2.abi3.so",
            "cv2/contrib/cv2.abi3.so",  # what opencv-contrib-python beside headless would add
            "paddle/__init__.pyc",
        ],
    )
    found = "\n".join(check_bundle.problems(bad))
    assert "missing the OCR detection model" in found
    assert "paddle is in the bundle" in found
    assert "2 OpenCV modules instead of one" in found
    assert check_bundle.problems(tmp_path / "nothing") == [
        f"{tmp_path / 'nothing'} is not a PyInstaller one-folder bundle (no _internal folder)"
    ]


def test_installed_program_starts_the_tray_at_login_with_the_desktop_twin(tmp_path, monkeypatch):
    gui = tmp_path / "zhangfang.exe"
    gui.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "zhangfang-cli.exe"))
    assert autostart.command() == [str(gui)]  # not the console program
    monkeypatch.setattr(sys, "executable", str(tmp_path / "zhangfang"))
    assert autostart.command() == [str(tmp_path / "zhangfang")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG autostart")
def test_autostart_command_switches_the_login_entry(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    entry = tmp_path / "autostart" / "zhangfang.desktop"
    assert cli(["autostart", "on"]) == 0 and entry.is_file()
    assert "Exec=" in entry.read_text() and "Icon=zhangfang" in entry.read_text()
    cli(["autostart"])
    assert "start at login: on" in capsys.readouterr().out
    assert cli(["autostart", "off"]) == 0 and not entry.exists()
    cli(["autostart", "status"])
    assert "start at login: off" in capsys.readouterr().out


def test_browser_command_names_the_browser_bots_use(capsys):
    assert cli(["browser"]) == 0
    assert "bots use" in capsys.readouterr().out


def test_no_browser_at_all_says_what_to_install(monkeypatch):
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", "/nonexistent")
    monkeypatch.delenv("ZHANGFANG_BROWSER", raising=False)
    with pytest.raises(BrowserUnavailable) as caught:
        browser.check()
    message = caught.value.message
    assert "no browser could be started" in message
    assert "Settings → Bots → Browser" in message
    if sys.platform.startswith("linux"):
        assert "apt-get install chromium" in message
    assert "Playwright's Chromium: not installed" in message  # skipped, not started


def test_the_browser_chosen_in_settings_is_the_one_bots_start(capsys):
    settings = Settings()
    settings.browser = "/opt/nowhere/chrome"
    save_settings(settings)
    assert load_settings().browser == "/opt/nowhere/chrome"
    assert cli(["browser"]) == 1
    assert "the configured browser /opt/nowhere/chrome does not exist" in capsys.readouterr().err
    settings.browser = None
    save_settings(settings)
    assert load_settings().browser is None


def test_login_entry_quotes_a_program_path_with_spaces_as_desktop_files_want(tmp_path, monkeypatch):
    program = tmp_path / "my apps" / "zhangfang"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    assert autostart.desktop_exec(autostart.command()) == f'"{program}"'  # not shell quotes
    assert autostart.desktop_exec(["/opt/z", "gui", "50%"]) == "/opt/z gui 50%%"
    assert autostart.desktop_exec(['/a$b"c']) == '"/a\\$b\\"c"'


def test_the_installed_program_does_not_tell_a_clerk_to_pip_install(monkeypatch):
    import importlib

    from ocr.engines import paddle

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    try:
        assert "installed program reads with the rapidocr engine" in (
            importlib.reload(paddle).INSTALL_HINT
        )
    finally:
        monkeypatch.delattr(sys, "frozen")
        assert importlib.reload(paddle).INSTALL_HINT.startswith("install it with: pip")
