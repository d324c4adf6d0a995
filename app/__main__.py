"""`python -m app` starts the desktop app; with arguments it is the `zhangfang` command."""

import sys

if len(sys.argv) > 1:
    from app.cli import main
else:
    from app.gui.main import main

raise SystemExit(main())
