from ocr.layout import PageText, TextBox, drop_transmission_header, group_lines


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
    boxes = [
        TextBox("合计", 231, 900, 290, 944),
        TextBox("¥7122.58", 1202, 919, 1300, 960),
        TextBox("¥427.35", 1820, 931, 1940, 969),
        TextBox("价税合计", 169, 965, 400, 1012),
    ]
    lines = group_lines(boxes)
    assert [ln.text for ln in lines] == ["合计 ¥7122.58 ¥427.35", "价税合计"]


def test_a_row_too_short_to_fit_borrows_the_slope_of_its_neighbour() -> None:
    # the items row above runs downhill to the left; the totals row does too
    boxes = [
        TextBox("*经营租赁*通行费", 198, 605, 500, 645),
        TextBox("14.25", 1105, 590, 1180, 626),
        TextBox("0.43", 1875, 569, 1940, 611),
        TextBox("¥0.43", 1849, 883, 1920, 928),
        TextBox("¥14.25", 1289, 897, 1380, 939),
        TextBox("合计", 250, 909, 330, 970),
    ]
    texts = [ln.text for ln in group_lines(boxes)]
    assert texts == ["*经营租赁*通行费 14.25 0.43", "合计 ¥14.25 ¥0.43"]


def test_a_title_beside_a_smaller_label_lends_no_slope_to_the_rows_below() -> None:
    # as OCR read a faxed 数电票: the big title and 发票号码 share a row but not a baseline,
    # a seal fragment (俏) sits above the names; the header row below must stay one line
    boxes = [
        TextBox("电子发票（普通发票）", 744, 106, 1158, 175),
        TextBox("发票号码：24446928794690007855", 1379, 101, 1771, 144),
        TextBox("俏", 975, 285, 1015, 326),
        TextBox("名称：华东精密制造股份有限公司", 128, 323, 516, 357),
        TextBox("名称：北京华通商务服务有限公司", 1029, 323, 1417, 357),
        TextBox("数量", 843, 476, 905, 519),
        TextBox("单价", 989, 476, 1055, 519),
        TextBox("项目名称", 71, 476, 183, 521),
        TextBox("规格型号", 502, 476, 614, 521),
        TextBox("金额", 1209, 474, 1281, 524),
        TextBox("税额", 1597, 478, 1661, 519),
    ]
    texts = [ln.text for ln in group_lines(boxes)]
    assert "项目名称 规格型号 数量 单价 金额 税额" in texts
    assert "名称：华东精密制造股份有限公司 名称：北京华通商务服务有限公司" in texts


def test_rows_on_a_straight_page_do_not_merge() -> None:
    boxes = [
        TextBox("合计", 145, 793, 272, 843),
        TextBox("¥9529.83", 1122, 797, 1252, 839),
        TextBox("¥1077.83", 1683, 799, 1809, 835),
        TextBox("价税合计（大写)", 86, 869, 300, 911),
        TextBox("（小写）¥10607.66", 1345, 862, 1600, 911),
    ]
    texts = [ln.text for ln in group_lines(boxes)]
    assert texts == ["合计 ¥9529.83 ¥1077.83", "价税合计（大写) （小写）¥10607.66"]


def test_vertical_labels_do_not_pull_rows_together() -> None:
    boxes = [
        TextBox("购买方信息", 193, 349, 230, 526),
        TextBox("销售方信息", 1105, 347, 1140, 521),
        TextBox("名称：成都天府办公用品有限公司", 1161, 384, 1700, 425),
        TextBox("名称：北京远景咨询有限公司", 257, 387, 700, 427),
        TextBox("统一社会信用代码/纳税人识别号：913", 250, 448, 1000, 495),
    ]
    texts = [ln.text for ln in group_lines(boxes)]
    assert "名称：北京远景咨询有限公司 名称：成都天府办公用品有限公司" in texts


def test_a_fax_header_split_by_ocr_is_dropped_whole() -> None:
    """The sending machine's line (its date is not the document's), read as FR0M and split
    into two boxes, goes entirely; the document's first row stays."""
    boxes = [
        TextBox("2023-07-18 11:45 FR0M: 0217531845", 22, 3, 600, 30),
        TextBox("TO: !", 919, 2, 980, 30),
        TextBox("联华超市（人民广场店)", 208, 65, 700, 100),
        TextBox("2024-04-03 10:54:01", 45, 199, 400, 230),
    ]
    kept = drop_transmission_header(boxes, 1500)
    assert [b.text for b in kept] == ["联华超市（人民广场店)", "2024-04-03 10:54:01"]
    assert drop_transmission_header(boxes[2:], 1500) == boxes[2:]


def test_a_phone_screenshots_status_bar_title_bar_and_buttons_are_not_the_documents() -> None:
    from ocr.layout import drop_app_chrome

    doc = [
        TextBox("粤香茶餐厅", 300, 400, 700, 440),
        TextBox("2024-03-08 12:01", 80, 480, 500, 510),
        TextBox("合计 ¥86.00", 80, 900, 500, 930),
    ]
    chrome = [
        TextBox("19:49", 40, 20, 160, 60),
        TextBox("く", 40, 130, 80, 180),
        TextBox("发票详情", 430, 130, 660, 190),
        TextBox("···", 980, 140, 1040, 180),
        TextBox("下载", 150, 2200, 260, 2250),
        TextBox("转发", 500, 2200, 610, 2250),
        TextBox("打印", 850, 2200, 960, 2250),
    ]
    assert drop_app_chrome(chrome + doc, 1080, 2340) == doc
    # a scanned receipt has no status bar: every box stays, its last row too
    plain = [*doc, TextBox("谢谢", 100, 2200, 200, 2250), TextBox("惠顾", 800, 2200, 900, 2250)]
    assert drop_app_chrome(plain, 1080, 2340) == plain
