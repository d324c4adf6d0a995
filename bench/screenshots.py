"""Screenshots of every screen, so anyone can look at the app without running it.

    xvfb-run -a .venv/bin/python bench/screenshots.py [--out docs/screenshots] [--lang en]

Builds a throwaway ledger from the sample documents (real capture), files one record in the
demo OA by bot (a real run in Chromium), then saves one PNG per screen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SAMPLES = ROOT / "resources" / "samples"
CHOSEN = (
    "01-vat_invoice-text.pdf",
    "03-vat_invoice-scan.png",
    "05-train_ticket-text.pdf",
    "07-taxi_receipt-photo.jpg",
    "10-receipt-scan.png",
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="zhangfang-shots-"))
    os.environ["ZHANGFANG_HOME"] = str(home)

    from PySide6.QtWidgets import QApplication

    from app.config import Settings
    from app.demo.__main__ import DEMO_TARGET
    from app.demo.oa_server import DEMO_USERS, DemoOA
    from app.gui import i18n
    from app.gui.context import AppContext
    from app.gui.main_window import MainWindow
    from app.gui.style import apply_style
    from app.ledger import Ledger
    from ocr.capture import capture_file

    app = QApplication.instance() or QApplication(sys.argv[:1])
    translator = i18n.install(app, args.lang)  # noqa: F841
    apply_style(app)
    ledger = Ledger.open(actor="clerk")
    for name in CHOSEN:
        ledger.import_file(SAMPLES / name, capture_file)
    ids = [r.id for r in ledger.records()]
    for record_id in ids[1:3]:
        ledger.approve(record_id)

    with DemoOA(port=0) as oa:
        import keyring

        from testkit.support import MemoryKeyring

        keyring.set_keyring(MemoryKeyring())
        keyring.set_password("zhangfang-demo-oa", "zhangsan", DEMO_USERS["zhangsan"])
        settings = Settings(language=args.lang, targets={"demo-oa": {**DEMO_TARGET, "url": oa.url}})
        ctx = AppContext(ledger, settings)
        window = MainWindow(ctx)
        window.resize(1360, 820)
        window.show()
        _wait(app, 0.5)
        outcomes = []
        ctx.submit([ids[1]], "demo-oa", done=outcomes.extend)
        _until(app, lambda: outcomes, 120)
        _wait(app, 0.5)

        for key in window.pages:
            window.show_page(key)
            if key == "review":
                window.review.refresh_queue()
                window.review.queue.setCurrentRow(0)
                _until(app, lambda: window.review.view.field_boxes, 60)
                window.review.focus_field("total")
            if key == "bots":
                window.bots.table.selectRow(0)
            _wait(app, 1.0)
            path = out / f"{key}.png"
            window.grab().save(str(path))
            print(f"saved {path}")
    ctx.workers.wait()
    ledger.close()
    return 0


def _wait(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _until(app, condition, timeout: float) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    raise SystemExit(main())
