from ocr.layout import PageText, TextBox, group_lines


def test_boxes_on_one_baseline_form_one_line_left_to_right() -> None:
    boxes = [
        TextBox("¥100.00", 400, 102, 480, 120),
        TextBox("合计", 20, 100, 60, 121),
        TextBox("发票号码：12345678", 20, 10, 200, 30),
    ]
    lines = group_lines(boxes)
    assert [ln.text for ln in lines] == ["发票号码：12345678", "合计 ¥100.00"]


def test_a_match_knows_its_boxes_and_confidence() -> None:
    boxes = [TextBox("合计", 20, 100, 60, 121, 0.99), TextBox("¥100.00", 400, 102, 480, 120, 0.8)]
    page = PageText(boxes, 600, 200)
    m = page.find(r"合计\s*¥(\d+\.\d\d)")
    assert m is not None
    assert m.value == "100.00"
    assert m.boxes == (boxes[1],)
    assert m.confidence == 0.8
    assert m.bbox == (400, 102, 480, 120)


def test_find_all_returns_every_occurrence_in_reading_order() -> None:
    boxes = [TextBox("名称：甲公司", 10, 10, 100, 25), TextBox("名称：乙公司", 300, 11, 400, 26)]
    page = PageText(boxes, 500, 100)
    assert [m.value for m in page.find_all(r"名称：(\S+)")] == ["甲公司", "乙公司"]
