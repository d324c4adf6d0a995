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


def test_a_sloping_row_in_a_photo_stays_one_line() -> None:
    # 合计 on the left, two amounts further right and lower, all on one sloping baseline
    slope = 0.0125
    boxes = [
        TextBox("合计", 231, 900, 290, 944, slope=slope),
        TextBox("¥7122.58", 1202, 919, 1300, 960, slope=slope),
        TextBox("¥427.35", 1820, 931, 1940, 969, slope=slope),
        TextBox("价税合计", 169, 965, 400, 1012, slope=slope),
    ]
    lines = group_lines(boxes)
    assert [ln.text for ln in lines] == ["合计 ¥7122.58 ¥427.35", "价税合计"]


def test_a_short_box_with_a_noisy_slope_does_not_split_a_row() -> None:
    boxes = [
        TextBox("¥135.82", 1694, 793, 1770, 841, slope=0.031),
        TextBox("合计", 143, 793, 210, 843),
        TextBox("¥1044.79", 1122, 801, 1215, 836),
    ]
    assert [ln.text for ln in group_lines(boxes)] == ["合计 ¥1044.79 ¥135.82"]
