"""The tray in a real X server: Xvfb with the trayer panel, clicked with xdotool; and the
fallback to a window when there is no tray."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.config import Settings, save_settings

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("Xvfb", "trayer", "xdotool")),
    reason="needs Xvfb, trayer and xdotool (scripts/bootstrap.sh installs them)",
)


@pytest.fixture
def display():
    for number in range(91, 120):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            break
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(10)


class App:
    """`python -m app gui` in a subprocess, reporting milestones as JSON lines."""

    def __init__(self, display: str, home: Path, *args: str) -> None:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "ZHANGFANG_HOME": str(home),
            "ZHANGFANG_REPORT_STARTUP": "1",
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", "gui", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.events: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith("{"):
                self.events.put(json.loads(line))

    def wait_for(self, event: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"the app never reported {event!r}")
            try:
                got = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if got["event"] == event:
                return got

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(20)
        self.reader.join(10)  # the pipe reached its end
        self.proc.stdout.close()


def _xdotool(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True)


def test_tray_icon_opens_the_window_and_its_menu_quits(display, tmp_path):
    panel = subprocess.Popen(
        ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "28"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.environ["ZHANGFANG_HOME"] = str(tmp_path)
    save_settings(Settings())  # not the first run: the app starts in the tray only
    try:
        # the menu: the bots to launch, Import, Open, Quit — and Quit quits
        app = App(display, tmp_path)
        try:
            placed = app.wait_for("tray-placed")
            x, y = str(placed["x"]), str(placed["y"])
            _xdotool(display, "mousemove", x, y, "click", "3")
            entries = app.wait_for("menu-shown")["entries"]
            assert {"Import documents…", "Open Zhangfang", "Last runs", "Quit"} <= set(entries)
            assert any(name.startswith("示例OA") for name in entries)  # the bots, to launch
            qx, qy = map(str, entries["Quit"])
            _xdotool(display, "mousemove", qx, qy, "click", "1")
            app.wait_for("quit")
            assert app.proc.wait(20) == 0
        finally:
            app.stop()
        # a click on the icon opens the main window (no window manager here: it covers the
        # panel, so this comes last)
        app = App(display, tmp_path)
        try:
            placed = app.wait_for("tray-placed")
            _xdotool(display, "mousemove", str(placed["x"]), str(placed["y"]), "click", "1")
            app.wait_for("window-shown")
        finally:
            app.stop()
    finally:
        panel.terminate()
        panel.wait(10)


def test_without_a_tray_the_app_runs_as_a_window(display, tmp_path):
    os.environ["ZHANGFANG_HOME"] = str(tmp_path)
    save_settings(Settings())
    app = App(display, tmp_path)
    try:
        app.wait_for("window-shown")
        with pytest.raises(AssertionError):
            app.wait_for("tray-shown", timeout=1)
    finally:
        app.stop()
