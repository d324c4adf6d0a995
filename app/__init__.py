"""Zhangfang application layer: settings, CLI, exports (and later ledger, submission, GUI)."""

__version__ = "0.1.0"
