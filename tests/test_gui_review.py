"""Review station: the page with field boxes, fields coloured by confidence, click a word to
fill the focused field, Tab through fields, Ctrl+Enter saves, approves and opens the next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.gui.screens.review import ReviewPage
from app.services.review_fields import field_level
from ocr.capture import capture_file

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def _review(qtbot, ctx, *names: str) -> ReviewPage:
    for name in names:
        ctx.ledger.import_file(SAMPLES / name, capture_file)
    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.refresh_queue()
    qtbot.waitUntil(lambda: bool(page.view.field_boxes), timeout=60_000)
    return page


def test_fields_show_their_boxes_and_colours_and_a_word_fills_the_focused_field(qtbot, gui_ctx):
    page = _review(qtbot, gui_ctx, "01-vat_invoice-text.pdf")
    rec = page.current.record
    assert page.queue.count() == 1
    # every field that was read has its box on the page; text-layer values are "sure"
    assert {"invoice_number", "total", "seller_name"} <= set(page.view.field_boxes)
    assert page.edits["invoice_number"].property("level") == "sure"
    assert page.edits["check_code"].property("level") == field_level(rec, "check_code") == "empty"
    # focusing a field highlights its box
    page.focus_field("total")
    assert page.view.highlighted == "total"
    # clicking the seller's name on the page fills the focused field with it (caption dropped)
    page.focus_field("buyer_name")
    word = next(w for w in page.view.words if rec.seller_name in w.text)
    point = page.view.scene_point((word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert page.edits["buyer_name"].text() == rec.seller_name
    # clicking a field's box focuses that field
    box = page.view.field_boxes["total"]
    page.view.fieldClicked.emit("total")
    assert page.focused_field == "total" and box.width() > 0


def test_zoom_rotate_and_pages(qtbot, gui_ctx):
    page = _review(qtbot, gui_ctx, "01-vat_invoice-text.pdf")
    before = page.view.transform().m11()
    page.view.zoom(2.0)
    assert page.view.transform().m11() == before * 2.0
    page.view.rotate_page(90)
    assert page.view.rotation == 90
    assert page.page_label.text().endswith("1")  # "page 1 of 1"
    assert not page.next_page.isEnabled() and not page.prev_page.isEnabled()


def test_ctrl_enter_saves_the_correction_approves_and_opens_the_next(qtbot, gui_ctx):
    page = _review(qtbot, gui_ctx, "01-vat_invoice-text.pdf", "05-train_ticket-text.pdf")
    first = page.current.id
    page.category.setCurrentText("办公费")
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id != first, timeout=10_000)
    stored = gui_ctx.ledger.get(first)
    assert stored.state == "reviewed" and stored.record.category == "办公费"
    trail = gui_ctx.ledger.audit_trail("record", first)
    correction = next(a for a in trail if a.action == "correct")
    assert correction.before == {"category": "会议费"} and correction.after == {
        "category": "办公费"
    }
    # the next record opened by itself, and the approved one left the queue
    qtbot.waitUntil(lambda: page.queue.count() == 1, timeout=10_000)


def test_a_wrong_value_is_refused_with_a_message_and_nothing_changes(qtbot, gui_ctx):
    page = _review(qtbot, gui_ctx, "01-vat_invoice-text.pdf")
    record_id = page.current.id
    page.edits["total"].setText("12,3x")
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "nothing was changed" in page.message.text(), timeout=10_000)
    stored = gui_ctx.ledger.get(record_id)
    assert stored.state == "captured" and f"{stored.record.total:.2f}" == "7190.56"


def test_problems_are_listed_in_words_and_need_a_second_ctrl_enter(qtbot, gui_ctx):
    page = _review(qtbot, gui_ctx, "01-vat_invoice-text.pdf")
    page.edits["total"].setText("7190.00")  # no longer amount + tax
    record_id = page.current.id
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Ctrl+Enter" in page.message.text(), timeout=10_000)
    assert gui_ctx.ledger.get(record_id).state == "captured"
    assert page.problems.text() and page.edits["total"].property("level") == "problem"
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: gui_ctx.ledger.get(record_id).state == "reviewed", timeout=10_000)


def test_tab_walks_the_fields_in_form_order(qtbot, gui_ctx):
    page = _review(qtbot, gui_ctx, "01-vat_invoice-text.pdf")
    names = list(page.edits)
    page.focus_field(names[0])
    qtbot.keyClick(page.edits[names[0]], Qt.Key.Key_Tab)
    assert page.focused_field == names[1]
