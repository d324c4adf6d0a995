"""`python -m app.demo`: the walkthrough `make demo` shows a newcomer."""

import sys

from app.demo.walkthrough import main

sys.exit(main())
