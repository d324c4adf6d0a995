"""The use cases, written once: capture into the ledger, run a bot and keep the run, submit
records and retry what is due. The command line, the desktop app and the demo call these."""
