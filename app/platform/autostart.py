"""Start the tray at login: an XDG autostart entry (Linux), a LaunchAgent (macOS), or a
command file in the Startup folder (Windows). The installer may add its own; this is the
switch in Settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

NAME = "zhangfang"


def command() -> list[str]:
    """How to start the tray: the installed program, or this Python with ``-m app``."""
    if getattr(sys, "frozen", False):
        program = Path(sys.executable)
        # Windows installs a console twin, zhangfang-cli.exe; the tray is zhangfang.exe
        desktop = program.with_name(program.name.replace("-cli", ""))
        return [str(desktop if desktop.exists() else program)]
    return [sys.executable, "-m", "app"]


def entry_path() -> Path:
    home = Path.home()
    if sys.platform == "win32":
        startup = Path(os.environ.get("APPDATA", home / "AppData" / "Roaming"))
        return (
            startup
            / "Microsoft"
            / "Windows"
            / "Start Menu"
            / "Programs"
            / "Startup"
            / f"{NAME}.cmd"
        )
    if sys.platform == "darwin":
        return home / "Library" / "LaunchAgents" / f"com.{NAME}.tray.plist"
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return config / "autostart" / f"{NAME}.desktop"


def is_enabled() -> bool:
    return entry_path().exists()


def enable() -> Path:
    path = entry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    argv = command()
    if sys.platform == "win32":
        text = '@echo off\r\nstart "" ' + " ".join(f'"{a}"' for a in argv) + "\r\n"
    elif sys.platform == "darwin":
        args = "".join(f"<string>{a}</string>" for a in argv)
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>'
            f"<key>Label</key><string>com.{NAME}.tray</string>"
            f"<key>ProgramArguments</key><array>{args}</array>"
            "<key>RunAtLoad</key><true/></dict></plist>\n"
        )
    else:
        text = (
            "[Desktop Entry]\nType=Application\nName=Zhangfang\nName[zh_CN]=账房\n"
            f"Exec={desktop_exec(argv)}\nIcon={NAME}\nX-GNOME-Autostart-enabled=true\n"
            "Comment=Zhangfang in the tray\n"
        )
    path.write_text(text, encoding="utf-8")
    return path


def desktop_exec(argv: list[str]) -> str:
    """An Exec= line as the desktop entry spec wants it: arguments with spaces or reserved
    characters in double quotes, with ", `, $ and \\ escaped (not shell quoting)."""
    out = []
    for arg in argv:
        if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
            out.append(arg.replace("%", "%%"))
        else:
            escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg).replace("%", "%%")
            out.append(f'"{escaped}"')
    return " ".join(out)


def disable() -> None:
    entry_path().unlink(missing_ok=True)
