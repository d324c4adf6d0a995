"""Browser bots: record, store as data, replay robustly (built in a later issue)."""
