"""Playwright: the Python package talks to its driver (a Node.js program in
``playwright/driver``) over a pipe, so the driver is collected as data. No browser is
bundled: Zhangfang uses the system's Edge, Chrome or Chromium (bots/browser.py)."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("playwright", includes=["driver/**"])
