"""The whole desktop flow: import two documents, correct a field, approve, submit to the demo
OA by bot from the Records screen, and read the claim number in the table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.demo.oa_server import DEMO_USERS, DemoOA
from app.demo.walkthrough import DEMO_TARGET
from app.gui.main_window import MainWindow

pytestmark = pytest.mark.slow  # a real browser, server or killed processes: not in test-fast

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def test_import_review_approve_submit_and_see_the_claim_number(
    qtbot, gui_ctx, tmp_path, memory_keyring
):
    memory_keyring.set_password("zhangfang-demo-oa", "zhangsan", DEMO_USERS["zhangsan"])
    window = MainWindow(gui_ctx)
    qtbot.addWidget(window)
    window.show()
    inbox = tmp_path / "scans"
    inbox.mkdir()
    for name in ("01-vat_invoice-text.pdf", "03-vat_invoice-scan.png"):
        shutil.copy(SAMPLES / name, inbox / name)

    window.show_page("inbox")
    with qtbot.waitSignal(window.inbox.importFinished, timeout=120_000):
        window.inbox.import_paths([inbox])
    assert gui_ctx.ledger.count("captured") == 2

    window.show_page("review")
    review = window.review
    qtbot.waitUntil(
        lambda: review.current is not None and bool(review.view.field_boxes), timeout=60_000
    )
    first = review.current
    assert first.original_name == "01-vat_invoice-text.pdf"
    review.category.setCurrentText("办公费")  # the clerk corrects one field
    qtbot.keyClick(review, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(  # saved and approved in the background; the next one opens
        lambda: review.current is not None and review.current.id != first.id, timeout=10_000
    )
    assert gui_ctx.ledger.get(first.id).state == "reviewed"

    with DemoOA(port=0) as oa:
        gui_ctx.settings.targets = {"demo-oa": {**DEMO_TARGET, "url": oa.url}}
        gui_ctx.settingsChanged.emit()
        window.show_page("records")
        records = window.records
        assert records.target.currentText() == "demo-oa"
        qtbot.waitUntil(
            lambda: records.model.row_of(first.id) is not None and not records.model.loading
        )
        records.select_ids([first.id])
        assert records.submit_button.isEnabled()
        records.submit_button.click()
        qtbot.waitUntil(lambda: not records._submitting, timeout=180_000)
        (claim,) = oa.claims
    qtbot.waitUntil(
        lambda: not records.model.loading and records.model.row_of(first.id) is not None
    )
    row = records.model.row_of(first.id)
    column = records.model.COLUMNS.index("submission")
    assert records.model.index(row, column).data() == claim["claim_no"]
    assert claim["invoice_no"] == first.record.invoice_number and claim["reason"].endswith("办公费")
    assert gui_ctx.ledger.get(first.id).state == "confirmed"
    window.show_page("runs")
    qtbot.waitUntil(lambda: window.runs.model.rowCount() >= 1)  # the filing run, kept and shown
