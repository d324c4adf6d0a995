"""Zhangfang's application: settings and platform, the ledger, submission targets, exports,
the shared use cases (``services``), and the fronts (``cli``, ``gui``, ``demo``).
See docs/architecture.md for the layers."""

__version__ = "0.1.0"
