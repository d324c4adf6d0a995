"""`python -m app` starts the desktop app; with arguments it is the `zhangfang` command.

This is also the installed program's entry point (installer/zhangfang.spec)."""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    # a frozen program re-enters here in each capture worker process (spawn)
    multiprocessing.freeze_support()
    # a windowed program (Windows) has no console: give print and logging somewhere to go
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    if len(sys.argv) > 1:
        from app.cli import main
    else:
        from app.gui.main import main

    raise SystemExit(main())
