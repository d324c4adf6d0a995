"""Smoke test of the Linux archive, as a clerk would meet it: unpack, install.sh, use, uninstall.

    python3 installer/linux/smoke.py [dist/zhangfang-<version>-linux-<arch>.tar.gz|.tar.xz]

Everything runs in a throw-away home folder with a bare environment (PATH=/usr/bin:/bin, no
virtual environment, no PYTHONPATH), so the program can only use what the archive brought.
It checks: install.sh puts the program, menu entry, icons and start-at-login entry in place;
`zhangfang --version`; a capture of sample documents that ship inside the bundle (a scan
through OCR and a PDF's text layer); the demo, which captures all samples and files a claim
in the demo OA with the demo bot in a headless browser; the PostgreSQL driver; the desktop
app starting (offscreen) in Chinese; uninstall.sh removing the program but keeping the user's
records. Prints figures.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# what the two sample documents say (resources/samples; testkit/generator made them)
EXPECTED = {
    "03-vat_invoice-scan.png": ("80457178", "12852.08"),
    "01-vat_invoice-text.pdf": ("24317536455681518844", "7190.56"),
}


class SmokeFailure(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailure(what)
    print(f"  ok  {what}")


def bare_env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TMPDIR": str(home / "tmp"),
    }


def run(cmd: list[str], env: dict[str, str], timeout: float = 300) -> tuple[str, float]:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        said = f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        raise SmokeFailure(f"{' '.join(cmd)} exited {done.returncode}\n{said}")
    return done.stdout + done.stderr, seconds


def gui_starts(program: Path, env: dict[str, str]) -> tuple[float, str]:
    """Start the desktop app offscreen in Chinese: seconds until its window is shown, and
    the window's title."""
    gui_env = {**env, "QT_QPA_PLATFORM": "offscreen", "ZHANGFANG_REPORT_STARTUP": "1"}
    settings = Path(env["HOME"]) / ".config" / "zhangfang" / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('[app]\nlanguage = "zh_CN"\n', encoding="utf-8")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(program), "gui", "--show", "--no-tray"],
        env=gui_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in proc.stdout:
            event = json.loads(line) if line.startswith("{") else {}
            if event.get("event") == "window-shown":
                return time.perf_counter() - started, event.get("title", "")
        raise SmokeFailure(
            f"the desktop app ended before showing its window:\n{proc.stderr.read()}"
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if proc.returncode not in (0, -15):
            print(f"      (the app exited {proc.returncode} when terminated)")


def smoke(archive: Path, work: Path) -> None:
    home = work / "home"
    (home / "tmp").mkdir(parents=True)
    env = bare_env(home)
    print(f"archive {archive.name}: {archive.stat().st_size / 1e6:.0f} MB")
    with tarfile.open(archive) as tar:
        tar.extractall(work / "unpacked", filter="tar")
    (unpacked,) = (work / "unpacked").iterdir()

    print("install.sh --autostart")
    out, seconds = run(["bash", str(unpacked / "install.sh"), "--autostart"], env)
    prefix = home / ".local" / "opt" / "zhangfang"
    program = prefix / "zhangfang"
    check(program.is_file() and os.access(program, os.X_OK), f"program installed at {program}")
    files = [p for p in prefix.rglob("*") if p.is_file() and not p.is_symlink()]
    installed_mb = sum(p.stat().st_size for p in files) / 1e6
    print(f"      installed size {installed_mb:.0f} MB, install.sh took {seconds:.1f} s")
    entry = home / ".local" / "share" / "applications" / "zhangfang.desktop"
    check(entry.is_file() and f'Exec="{program}" gui --show' in entry.read_text(), "menu entry")
    icon = home / ".local" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "zhangfang.png"
    check(icon.is_file(), "icon in the hicolor theme")
    autostart = home / ".config" / "autostart" / "zhangfang.desktop"
    check(
        autostart.is_file() and f"Exec={program}" in autostart.read_text(),
        "start-at-login entry runs the installed program",
    )
    check((home / ".local" / "bin" / "zhangfang").resolve() == program, "zhangfang command")
    check("Bots:" in out or "none was found" in out, "install.sh says which browser bots use")

    print("zhangfang --version")
    out, seconds = run([str(program), "--version"], env)
    check(re.fullmatch(r"zhangfang \d+\.\d+\.\d+\s*", out) is not None, out.strip())
    print(f"      {seconds:.2f} s")

    print("capture two samples shipped in the bundle")
    samples = prefix / "_internal" / "resources" / "samples"
    out, seconds = run(
        [str(program), "capture", *(str(samples / n) for n in EXPECTED), "--json", "-q"], env
    )
    records = {Path(r["source"]).name: r for r in json.loads(out[: out.rindex("]") + 1])}
    for name, (number, total) in EXPECTED.items():
        got = records.get(name, {})
        check(
            (got.get("invoice_number"), got.get("total")) == (number, total),
            f"{name}: invoice {number}, total {total}",
        )
    print(f"      {seconds:.1f} s for both, models loaded from the bundle")

    print("zhangfang demo (all samples, then the demo bot in a headless browser)")
    out, seconds = run([str(program), "demo"], env, timeout=600)
    check("10 records" in out, "the demo captured the ten samples")
    claim = re.search(r"Claim filed: (BX\S+)", out)
    check(claim is not None, f"the demo bot filed a claim in the demo OA ({claim and claim[1]})")
    print(f"      {seconds:.1f} s")

    print("team ledger on PostgreSQL (no server here: the driver must get as far as connecting)")
    settings = home / ".config" / "zhangfang" / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('[ledger]\nurl = "postgresql+psycopg://zh@127.0.0.1:9/none"\n')
    done = subprocess.run(
        [str(program), "records", "list"], env=env, capture_output=True, text=True, timeout=60
    )
    check(
        done.returncode == 2 and "Connection refused" in done.stderr,
        "psycopg and SQLAlchemy's PostgreSQL dialect are bundled",
    )

    print("desktop app (offscreen, Chinese)")
    seconds, title = gui_starts(program, env)
    check("账房" in title, f"main window shown {seconds:.2f} s after start, titled {title}")

    print("uninstall.sh")
    data = home / ".local" / "share" / "zhangfang"
    run(["bash", str(prefix / "uninstall.sh")], env)
    check(not prefix.exists() and not entry.exists(), "program and menu entry removed")
    check(not autostart.exists(), "start-at-login entry removed")
    check(data.is_dir(), f"the user's data kept ({data})")


def main(argv: list[str]) -> int:
    if argv:
        archive = Path(argv[0])
    else:
        found = sorted((ROOT / "dist").glob("zhangfang-*-linux-*.tar.*"), key=os.path.getmtime)
        if not found:
            print("no archive in dist/: run `make bundle` first", file=sys.stderr)
            return 2
        archive = found[-1]
    work = Path(tempfile.mkdtemp(prefix="zhangfang-smoke-"))
    try:
        smoke(archive.resolve(), work)
    except SmokeFailure as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
