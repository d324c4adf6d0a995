"""The desktop app (PySide6): tray launcher, inbox, review station, records, bots, runs,
dashboard and settings. The only package that imports Qt; everything it does goes through the
same core the command line uses."""
