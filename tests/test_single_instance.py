"""One desktop app per user: a second start hands its request over and ends."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.platform import single_instance

ROOT = Path(__file__).resolve().parents[1]


def test_a_second_start_hands_its_request_to_the_running_app():
    got: list[str] = []
    assert not single_instance.hand_over("show")  # nobody runs yet
    listening = single_instance.Listening(got.append)
    try:
        assert single_instance.hand_over("show")
        assert single_instance.hand_over("start")
        assert got == ["show", "start"]
    finally:
        listening.close()
    assert not single_instance.hand_over("show")


@pytest.mark.skipif(sys.platform == "win32", reason="Unix socket files")
def test_a_socket_left_by_a_killed_app_does_not_block_the_next_start():
    stale = single_instance.address()
    Path(stale).parent.mkdir(parents=True, exist_ok=True)
    orphan = socket.socket(socket.AF_UNIX)
    orphan.bind(stale)  # a socket file with nobody listening, as after a kill -9
    orphan.close()
    assert Path(stale).exists() and not single_instance.hand_over("show")
    got: list[str] = []
    listening = single_instance.Listening(got.append)
    try:
        assert single_instance.hand_over("show") and got == ["show"]
    finally:
        listening.close()


def _start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ZHANGFANG_REPORT_STARTUP": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "app", "gui", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(proc: subprocess.Popen, event: str) -> dict:
    deadline = time.monotonic() + 60
    for line in proc.stdout:
        if line.startswith("{") and json.loads(line)["event"] == event:
            return json.loads(line)
        if time.monotonic() > deadline:
            break
    raise AssertionError(f"no {event} from the app; stderr: {proc.stderr.read()[-2000:]}")


def _stop(proc: subprocess.Popen, *, kill: bool = False) -> None:
    proc.kill() if kill else proc.terminate()
    proc.communicate(timeout=30)  # waits, and closes the pipes


def test_the_menu_entry_clicked_while_the_app_runs_brings_up_its_window():
    first = _start("--no-tray")
    try:
        _wait_for(first, "ready")
        second = _start("--show")
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0
        assert "already running; its window is brought to the front" in err
        assert '"handed-over"' in out and '"ready"' not in out  # it never built a window
        assert _wait_for(first, "request")["request"] == "show"
        _wait_for(first, "window-shown")
    finally:
        _stop(first, kill=True)  # no clean-up: the next start must cope with what is left
    third = _start("--no-tray")
    try:
        _wait_for(third, "ready")
    finally:
        _stop(third)
