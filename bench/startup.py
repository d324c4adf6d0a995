"""Desktop app startup: time from process start to tray icon shown and to main window shown,
and idle memory (RSS). Targets: tray ≤ 1.5 s, idle RSS ≤ 300 MB (OCR models load lazily).

    .venv/bin/python bench/startup.py [--runs 5] [--program dist/zhangfang/zhangfang] [--cold]

--program times an installed (bundled) program instead of this source tree; --cold empties
the page cache before each start (root only), as after a reboot or a fresh install.

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


PROGRAM: list[str] = [sys.executable, "-m", "app"]
COLD = False


def _drop_caches() -> bool:
    """Empty the page cache so the next start reads every file from disk."""
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def _launch(home: Path, *args: str) -> tuple[subprocess.Popen, float]:
    env = {
        **os.environ,
        "DISPLAY": DISPLAY,
        "QT_QPA_PLATFORM": "xcb",
        "ZHANGFANG_HOME": str(home),
        "ZHANGFANG_REPORT_STARTUP": "1",
    }
    if COLD and not _drop_caches():
        raise SystemExit("--cold needs root (it writes /proc/sys/vm/drop_caches)")
    started = time.time()
    proc = subprocess.Popen(
        [*PROGRAM, "gui", *args],
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
    parser.add_argument("--program", help="an installed zhangfang program to time")
    parser.add_argument("--cold", action="store_true", help="empty the page cache each start")
    args = parser.parse_args()
    global PROGRAM, COLD
    if args.program:
        PROGRAM = [str(Path(args.program).resolve())]
    COLD = args.cold
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
    what = " ".join(PROGRAM) + (", page cache emptied before each start" if COLD else "")
    print(f"runs: {args.runs} of {what} (Xvfb + trayer, {os.cpu_count()} cores)")
    med = statistics.median
    print(
        f"start → tray icon shown:   median {med(tray_s):.2f} s, max {max(tray_s):.2f} s (≤ 1.5 s)"
    )
    print(f"start → main window shown: median {med(window_s):.2f} s, max {max(window_s):.2f} s")
    print(f"idle RSS with the tray:    median {med(rss):.0f} MB, max {max(rss):.0f} MB (≤ 300 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
