"""Desktop app startup: time from process start to tray icon shown and to main window shown,
and idle memory (RSS). Targets: tray ≤ 1.5 s, idle RSS ≤ 300 MB (OCR models load lazily).

    .venv/bin/python bench/startup.py [--runs 5]

Starts its own Xvfb and trayer panel (Debian: xvfb, trayer) so a real tray is there.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DISPLAY = ":87"


def _launch(home: Path, *args: str) -> tuple[subprocess.Popen, float]:
    env = {
        **os.environ,
        "DISPLAY": DISPLAY,
        "QT_QPA_PLATFORM": "xcb",
        "ZHANGFANG_HOME": str(home),
        "ZHANGFANG_REPORT_STARTUP": "1",
    }
    started = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "gui", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    return proc, started


def _until(proc: subprocess.Popen, event: str) -> float:
    for line in proc.stdout:
        if line.startswith("{"):
            got = json.loads(line)
            if got["event"] == event:
                return got["t"]
    raise RuntimeError(f"the app ended before {event}")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    screen = ["-screen", "0", "1280x800x24", "-nolisten", "tcp"]
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, *screen], stderr=subprocess.DEVNULL)
    time.sleep(1)
    panel = subprocess.Popen(
        ["trayer", "--edge", "top", "--align", "right"],
        env={**os.environ, "DISPLAY": DISPLAY},
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)
    home = Path(tempfile.mkdtemp(prefix="zhangfang-startup-"))
    tray_s, window_s, rss = [], [], []
    try:
        proc, _ = _launch(home)  # first start: creates the ledger and bots folder
        _until(proc, "ready")
        proc.terminate()
        proc.wait()
        for _ in range(args.runs):
            proc, started = _launch(home)
            tray_s.append(_until(proc, "tray-shown") - started)
            time.sleep(3)  # idle
            rss.append(_rss_mb(proc.pid))
            proc.terminate()
            proc.wait()
            proc, started = _launch(home, "--show")
            window_s.append(_until(proc, "window-shown") - started)
            proc.terminate()
            proc.wait()
    finally:
        panel.terminate()
        xvfb.terminate()
    print(f"runs: {args.runs} (Xvfb + trayer, {os.cpu_count()} cores)")
    med = statistics.median
    print(
        f"start → tray icon shown:   median {med(tray_s):.2f} s, max {max(tray_s):.2f} s (≤ 1.5 s)"
    )
    print(f"start → main window shown: median {med(window_s):.2f} s, max {max(window_s):.2f} s")
    print(f"idle RSS with the tray:    median {med(rss):.0f} MB, max {max(rss):.0f} MB (≤ 300 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
