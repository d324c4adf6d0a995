"""The demo: what `make demo` shows a newcomer."""
