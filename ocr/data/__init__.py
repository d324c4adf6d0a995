"""Reference tables used by extraction (data, not code)."""
