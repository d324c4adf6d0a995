"""`python -m app.demo`: the walkthrough `make demo` shows a newcomer (`zhangfang demo`)."""

import sys

from app.cli import main

sys.exit(main(["demo"]))
