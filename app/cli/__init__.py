"""`zhangfang`: the command line. ``main`` builds the parser from the command modules and maps
every error to one exit code (see ``app.cli.output``)."""

from app.cli.main import main

__all__ = ["main"]
