"""`python -m app.cli …`: the command line without the desktop app's entry point."""

import sys

from app.cli import main

sys.exit(main())
