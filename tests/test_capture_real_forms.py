"""The forms and faults seen on real documents, each on a generated document that shows it.

Real documents carry personal data and are not committed (bench/real rebuilds them); these
tests pin each class of failure that the real corpus showed, on documents drawn by
``testkit.generator``'s real-world layouts or built here byte by byte.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ocr.capture import capture_file
from ocr.doctypes import MODULES
from ocr.qr import parse_payload
from ocr.readers import capture_path
from ocr.records import ExpenseRecord
from ocr.validate import apply_qr, validate
from testkit.generator.corpus import build_corpus
from testkit.generator.scoring import key_fields, mismatches

SEEDS = (5, 11)


@pytest.fixture(scope="module", params=SEEDS)
def new_layouts(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"new-layouts-{request.param}")
    return build_corpus(out, per_type=1, variants=["text"], layouts="new", seed=request.param)


def _case(cases, name: str):
    return next(c for c in cases if name in c.path.stem)


def test_every_real_world_layout_is_read_exactly_from_its_text_layer(new_layouts) -> None:
    """Spaced labels (纳 税 人 识 别 号), values under their headers (the itinerary's 票价 …
    合计 row), tax printed *** (免税), seals, 数电票 side-by-side parties, receipts paid after
    a discount, code and number printed without labels: all read exactly, and ok."""
    failures = {}
    for case in new_layouts:
        truth = case.truth[0]
        if truth["doc_type"] == "not_invoice":
            continue
        records = capture_file(case.path)
        got = records[0].to_dict()
        wrong = mismatches(got, truth, ("doc_type", *key_fields(truth["doc_type"])))
        if wrong or got["status"] != "ok":
            failures[case.path.name] = (wrong, [p["code"] for p in got["problems"]])
    assert failures == {}


def test_a_ride_hailing_invoice_is_an_invoice_not_a_taxi_receipt(new_layouts) -> None:
    rec = capture_file(_case(new_layouts, "ridehailing").path)[0]
    assert rec.doc_type == "vat_invoice"


def test_tax_printed_as_stars_is_exempt_not_missing(new_layouts) -> None:
    case = _case(new_layouts, "provincial")
    rec = capture_file(case.path)[0]
    assert rec.tax == Decimal("0.00")
    assert rec.amount == rec.total
    assert rec.status == "ok"


def test_a_bank_receipt_is_named_for_what_it_is_and_never_ok(new_layouts) -> None:
    (rec,) = capture_file(_case(new_layouts, "bankreceipt").path)
    assert rec.doc_type == "unknown"
    assert rec.status == "review"
    assert rec.problems[0].code == "not_an_invoice"
    assert "bank receipt" in rec.problems[0].message


def test_a_trip_list_supports_the_invoice_of_the_same_total(tmp_path: Path, new_layouts) -> None:
    trip = _case(new_layouts, "triplist")
    invoice = _case(new_layouts, "ridehailing")
    # the trip list of this invoice: same total (the generator draws them apart)
    folder = tmp_path / "claim"
    folder.mkdir()
    (folder / "trips.pdf").write_bytes(trip.path.read_bytes())
    (folder / "invoice.pdf").write_bytes(invoice.path.read_bytes())
    records = capture_path(folder)
    trips = [r for r in records if r.doc_type == "trip_list"]
    assert len(trips) == 1
    assert trips[0].status == "review"  # a supporting document is never claimed on its own
    assert trips[0].total == Decimal(trip.truth[0]["total"])
    assert trips[0].issue_date == date.fromisoformat(trip.truth[0]["issue_date"])
    assert "supporting_document" in [p.code for p in trips[0].problems]
    inv = next(r for r in records if r.doc_type == "vat_invoice")
    trips[0].total = inv.total  # …and when the totals agree, it names its invoice
    from ocr.capture import link_supporting

    link_supporting([trips[0], inv])
    assert any(p.code == "supports" and inv.invoice_number in p.message for p in trips[0].problems)


def _strip_unicode_maps(pdf: bytes) -> bytes:
    """What real issuers' PDFs look like when their fonts have no Unicode map: the same
    glyphs, but the text layer reads as control characters."""
    return re.sub(rb"/ToUnicode\s+\d+\s+0\s+R", b"", pdf)


def test_a_text_layer_without_unicode_maps_is_read_by_ocr(tmp_path: Path, new_layouts) -> None:
    case = _case(new_layouts, "vat_invoice-00-digital2024")
    garbled = tmp_path / "garbled.pdf"
    garbled.write_bytes(_strip_unicode_maps(case.path.read_bytes()))
    (rec,) = capture_file(garbled)
    assert rec.engine != "text-layer"
    assert "text_layer_unreadable" in [p.code for p in rec.problems]
    truth = case.truth[0]
    assert rec.invoice_number == truth["invoice_number"]
    assert str(rec.total) == truth["total"]


# ---- OFD without an attachment ------------------------------------------------------------
OFD_NS = "http://www.ofdspec.org/2016"


def _text(obj_id: int, x: float, y: float, text: str, size: float = 3.2) -> str:
    width = size * len(text)
    return (
        f'<ofd:TextObject ID="{obj_id}" Boundary="{x} {y} {width} 5" Font="1" Size="{size}">'
        f'<ofd:TextCode X="0" Y="3.6" DeltaX="g {len(text) - 1} {size}">{text}</ofd:TextCode>'
        "</ofd:TextObject>"
    )


def _page(objects: str) -> str:
    return (
        f'<ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Area><ofd:PhysicalBox>0 0 210 140'
        '</ofd:PhysicalBox></ofd:Area><ofd:Template TemplateID="1"/>'
        f'<ofd:Content><ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def tags_only_ofd() -> bytes:
    """A 数电票 OFD as many issuers write them: labels on the template page, values as page
    text objects, and CustomTag.xml binding fields to those objects — no original_invoice.xml."""
    labels = "".join(
        _text(100 + i, x, y, t)
        for i, (x, y, t) in enumerate(
            [
                (60, 8, "电子发票（增值税专用发票）"),
                (145, 10, "发票号码："),
                (145, 16, "开票日期："),
                (8, 34, "名称："),
                (108, 34, "名称："),
                (8, 43, "统一社会信用代码/纳税人识别号："),
                (108, 43, "统一社会信用代码/纳税人识别号："),
                (8, 70, "合计"),
                (8, 80, "价税合计（大写）"),
                (140, 80, "（小写）"),
            ]
        )
    )
    values = "".join(
        [
            _text(11, 170, 10, "24122000000021651285"),
            _text(12, 170, 16, "2024年04月22日"),
            _text(13, 20, 34, "天津中通鼎兴钢管有限公司"),
            _text(14, 60, 43, "91120112578348556H"),
            _text(15, 120, 34, "天津市合盛钢管有限公司"),
            _text(16, 160, 43, "91120223727492229X"),
            _text(17, 120, 70, "¥"),
            _text(18, 125, 70, "12800.10"),
            _text(19, 170, 70, "¥1664.01"),
            _text(20, 60, 80, "壹万肆仟肆佰陆拾肆圆壹角壹分"),
            _text(21, 165, 80, "¥14464.11"),
        ]
    )
    tags = (
        f'<ofd:root xmlns:ofd="{OFD_NS}">'
        '<ofd:InvoiceNo><ofd:ObjectRef PageRef="61">11</ofd:ObjectRef></ofd:InvoiceNo>'
        '<ofd:IssueDate><ofd:ObjectRef PageRef="61">12</ofd:ObjectRef></ofd:IssueDate>'
        '<ofd:Buyer><ofd:BuyerName><ofd:ObjectRef PageRef="61">13</ofd:ObjectRef>'
        "</ofd:BuyerName></ofd:Buyer>"
        '<ofd:TaxExclusiveTotalAmount><ofd:ObjectRef PageRef="61">17</ofd:ObjectRef>'
        '<ofd:ObjectRef PageRef="61">18</ofd:ObjectRef></ofd:TaxExclusiveTotalAmount>'
        "</ofd:root>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "OFD.xml",
            f'<ofd:OFD xmlns:ofd="{OFD_NS}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
            "</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        z.writestr(
            "Doc_0/Document.xml",
            f'<ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
            '<ofd:TemplatePage ID="1" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
            '<ofd:Pages><ofd:Page ID="61" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>'
            "<ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags></ofd:Document>",
        )
        z.writestr("Doc_0/Tpls/Tpl_0/Content.xml", _page(labels))
        z.writestr("Doc_0/Pages/Page_0/Content.xml", _page(values))
        z.writestr(
            "Doc_0/Tags/CustomTags.xml",
            f'<ofd:CustomTags xmlns:ofd="{OFD_NS}"><ofd:CustomTag TypeID="root">'
            "<ofd:FileLoc>CustomTag.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>",
        )
        z.writestr("Doc_0/Tags/CustomTag.xml", tags)
    return buf.getvalue()


def test_an_ofd_without_attachment_is_read_from_its_tags_and_page_text(tmp_path: Path) -> None:
    path = tmp_path / "invoice.ofd"
    path.write_bytes(tags_only_ofd())
    (rec,) = capture_file(path)
    assert rec.engine == "ofd"
    assert rec.doc_type == "vat_invoice"
    assert rec.invoice_form == "digital" and rec.invoice_kind == "special"
    assert rec.invoice_number == "24122000000021651285"  # tagged
    assert rec.issue_date == date(2024, 4, 22)
    assert rec.buyer_name == "天津中通鼎兴钢管有限公司"
    assert rec.seller_name == "天津市合盛钢管有限公司"  # untagged: read from the page's layout
    assert rec.seller_tax_id == "91120223727492229X"
    assert (rec.amount, rec.tax, rec.total) == (
        Decimal("12800.10"),
        Decimal("1664.01"),
        Decimal("14464.11"),
    )
    assert rec.status == "ok", rec.problems


# ---- QR codes, 免税 in structured data, and the ok promise --------------------------------
def test_a_digital_invoice_qr_carries_the_total_not_the_amount() -> None:
    qr = parse_payload("01,32,,24312000000123456789,113.00,20240512,,A1B2,")
    rec = ExpenseRecord(source="x", doc_type="vat_invoice", amount=Decimal("100.00"))
    confirmed = apply_qr(rec, qr, exact_text=False)
    assert rec.total == Decimal("113.00")
    assert "total" in confirmed
    assert rec.amount == Decimal("100.00")
    old = parse_payload("01,04,3100201130,12345678,100.00,20200512,12345678901234567890,A1,")
    rec = ExpenseRecord(source="x", doc_type="vat_invoice")
    apply_qr(rec, old, exact_text=False)
    assert rec.amount == Decimal("100.00") and rec.total is None


def test_a_qr_date_written_with_dashes_is_read() -> None:
    qr = parse_payload("01,32,,24312000000123456789,113.00,2024-10-23,,A1B2")
    assert qr is not None and qr.issue_date == date(2024, 10, 23)


def test_ok_needs_every_key_field_the_form_prints() -> None:
    base = dict(
        source="x",
        doc_type="train_ticket",
        invoice_form="paper",
        invoice_number="Z122M044877",
        travel_date=date(2020, 9, 8),
        train_or_flight_number="G343",
        departure="杭州东",
        arrival="三门县",
        total=Decimal("180.00"),
    )
    rec = ExpenseRecord(**base)
    validate(rec, MODULES["train_ticket"], exact=True)
    assert rec.status == "review"  # no passenger: a ticket without its traveller is not ok
    assert [p.field for p in rec.problems] == ["passenger_name"]
    rec = ExpenseRecord(**base, passenger_name="冯宁前")
    validate(rec, MODULES["train_ticket"], exact=True)
    assert rec.status == "ok", rec.problems
    # a 数电票 prints no 发票代码 and no 校验码: not missing
    vat = _digital_vat(invoice_kind="general", buyer_name="华东精密制造股份有限公司")
    validate(vat, MODULES["vat_invoice"], exact=True)
    # …but it does print the buyer's tax ID: without it the record is not ok
    assert [(p.field, p.code) for p in vat.problems] == [("buyer_tax_id", "missing")]
    vat.buyer_tax_id, vat.problems = "91120112578348556H", []
    validate(vat, MODULES["vat_invoice"], exact=True)
    assert vat.status == "ok", vat.problems


def _digital_vat(**fields) -> ExpenseRecord:
    """A 数电票 typed in full but for its buyer (the test names kind and buyer)."""
    return ExpenseRecord(
        source="x",
        doc_type="vat_invoice",
        invoice_form="digital",
        invoice_number="24312000000123456789",
        issue_date=date(2024, 5, 12),
        amount=Decimal("100.00"),
        tax=Decimal("13.00"),
        total=Decimal("113.00"),
        total_in_words="壹佰壹拾叁圆整",
        seller_name="上海明远信息技术有限公司",
        seller_tax_id="91120223727492229X",
        **fields,
    )


def test_a_general_invoice_to_a_private_person_needs_no_buyer_tax_id() -> None:
    for buyer in ("个人", "耿也"):
        rec = _digital_vat(invoice_kind="general", buyer_name=buyer)
        validate(rec, MODULES["vat_invoice"], exact=True)
        assert rec.status == "ok", (buyer, rec.problems)
    # an organisation prints its tax ID, and a 专票 always names the buyer's
    for kind, buyer in (("general", "北京示例科技有限公司"), ("special", "耿也")):
        rec = _digital_vat(invoice_kind=kind, buyer_name=buyer)
        validate(rec, MODULES["vat_invoice"], exact=True)
        assert [(p.field, p.code) for p in rec.problems] == [("buyer_tax_id", "missing")]


def _ocr_page(rows: list[tuple], width: int = 2000, height: int = 1200):
    """An OCR page (confidence below 1: not a text layer) from (x, y, text) boxes, 28 px a
    character, or (x, y, text, box width)."""
    from ocr.doctypes.base import PageContext
    from ocr.layout import PageText, TextBox

    boxes = [
        TextBox(t, x, y, x + (w[0] if w else 28 * len(t)), y + 30, 0.97) for x, y, t, *w in rows
    ]
    return PageContext(PageText(boxes, width, height), 1, "fax.tif")


def test_a_fax_whose_labels_were_lost_is_read_by_value_shapes_and_flagged() -> None:
    """A faxed old-form 专票: the light label ink is gone, the values came through. Code,
    number, date, sums, names and tax IDs are found by their shapes and places, each
    flagged for a person; the record is never ok."""
    from ocr.taxid import make_uscc

    buyer_id, seller_id = make_uscc("91320583KBBKE4YJF"), make_uscc("91320583UC5L49X7T")
    ctx = _ocr_page(
        [
            (760, 80, "上海增值税专用发票"),
            (230, 95, "3328367916"),
            (1420, 85, "3328367916"),
            (1420, 130, "01,108436"),
            (1280, 170, "元点日：2023年05月02日"),
            (410, 290, "账房科技（上海）有限公司"),
            (410, 330, buyer_id),
            (410, 370, "上海市徐汇区漕溪北路88号021-64871234"),
            (80, 530, "*会议服务*会议费"),
            (1090, 530, "1400.00"),
            (1780, 530, "84.00"),
            (1090, 640, "¥1525.47"),
            (1780, 640, "¥83.99"),
            (1420, 700, "¥1609.46"),
            (410, 780, "深圳市前海云帆科技有限公司"),
            (410, 820, seller_id),
        ]
    )
    rec = MODULES["vat_invoice"].extract(ctx)
    got = {f: str(getattr(rec, f)) for f in ("invoice_code", "invoice_number", "issue_date")}
    assert got == {
        "invoice_code": "3328367916",
        "invoice_number": "01108436",
        "issue_date": "2023-05-02",
    }
    assert (str(rec.amount), str(rec.tax), str(rec.total)) == ("1525.47", "83.99", "1609.46")
    assert (rec.buyer_name, rec.buyer_tax_id) == ("账房科技（上海）有限公司", buyer_id)
    assert (rec.seller_name, rec.seller_tax_id) == ("深圳市前海云帆科技有限公司", seller_id)
    flagged = {p.field for p in rec.problems if p.code == "unlabelled"}
    assert {"invoice_code", "invoice_number", "issue_date", "amount", "seller_tax_id"} <= flagged
    validate(rec, MODULES["vat_invoice"], exact=False)
    assert rec.status == "review"


def test_a_total_read_in_the_amounts_place_is_moved_where_the_sums_put_it() -> None:
    """Only 价税合计's figure had a readable label, but it stood beside 金额: the amount,
    tax and total that add up decide the places."""
    from ocr.doctypes import shapes
    from ocr.doctypes.base import Extraction

    ctx = _ocr_page([(1320, 640, "¥7116.92"), (1780, 640, "¥807.13"), (1420, 700, "¥7924.05")])
    ex = Extraction(ctx, "vat_invoice")
    ex.set("amount", Decimal("7924.05"), None, 0.93)
    shapes.sums_by_shape(ex)
    rec = ex.record
    assert (str(rec.amount), str(rec.tax), str(rec.total)) == ("7116.92", "807.13", "7924.05")
    assert {p.field for p in rec.problems if p.code == "unlabelled"} >= {"amount", "total"}


def test_item_taxes_and_their_sum_are_not_taken_for_amount_tax_and_total() -> None:
    from ocr.doctypes import shapes
    from ocr.doctypes.base import Extraction

    # two item taxes and the tax column's sum add up, but 162.48 is 40 % of 401.04: no VAT
    # rate is that high, so they are not an amount, its tax and the total
    ctx = _ocr_page([(1780, 530, "¥162.48"), (1780, 570, "¥401.04"), (1780, 640, "¥563.52")])
    ex = Extraction(ctx, "vat_invoice")
    shapes.sums_by_shape(ex)
    assert ex.record.amount is None and ex.record.total is None


def test_one_misread_digit_in_the_sums_is_mended_when_only_one_mend_fits() -> None:
    """A screenshot's small print: 税额 7.61 read as 7.01, so nothing adds up. Only one
    digit of one sum changed makes amount + tax = total: that mend is set and flagged."""
    from ocr.doctypes import shapes
    from ocr.doctypes.base import Extraction

    ctx = _ocr_page([(1320, 640, "¥253.64"), (1780, 640, "¥7.01"), (1420, 700, "¥261.25")])
    ex = Extraction(ctx, "toll_receipt")
    ex.set("total", Decimal("261.25"), None, 0.84)
    shapes.sums_by_shape(ex)
    rec = ex.record
    assert (str(rec.amount), str(rec.tax), str(rec.total)) == ("253.64", "7.61", "261.25")
    assert {"amount", "tax"} <= {p.field for p in rec.problems if p.code == "unlabelled"}
    # two digits off: no mend is a guess worth making
    ctx = _ocr_page([(1320, 640, "¥253.64"), (1780, 640, "¥1.01"), (1420, 700, "¥261.25")])
    ex = Extraction(ctx, "toll_receipt")
    ex.set("total", Decimal("261.25"), None, 0.84)
    shapes.sums_by_shape(ex)
    assert ex.record.tax is None


def test_a_sum_under_a_seal_is_mended_from_the_items_and_the_other_sums() -> None:
    """The seal hides 金额's first digits (06.22 for 4806.22): the items add up to 4806.22
    and 价税合计 − 税额 says the same, so that is the amount — flagged, never ok. Header
    labels misread (金福, 税根) still find their columns beside the ones read whole."""
    ctx = _ocr_page(
        [
            (700, 290, "名称：北京远景咨询有限公司"),
            (671, 383, "项目名称"),
            (925, 383, "规格型号"),
            (1058, 383, "单位"),
            (1206, 383, "单价"),
            (1339, 383, "金福"),
            (1471, 383, "税率"),
            (1564, 383, "税根"),
            (672, 412, "*信息技术服务*软件服务费"),
            (1339, 412, "243.61"),
            (1471, 412, "6%"),
            (1564, 412, "14.62"),
            (672, 452, "*纸制品*复印纸"),
            (1290, 452, "3096.12"),
            (1471, 452, "13%"),
            (1564, 452, "402.50"),
            (698, 546, "合计"),
            (1339, 541, "06.22"),
            (1564, 549, "¥416.12"),
            (679, 583, "价税合计（大写）"),
            (1403, 586, "（小写）¥3755.85"),
        ],
        width=1800,
    )
    rec = MODULES["vat_invoice"].extract(ctx)
    assert [i.amount for i in rec.items] == [Decimal("243.61"), Decimal("3096.12")]
    assert (str(rec.amount), str(rec.tax), str(rec.total)) == ("3339.73", "416.12", "3755.85")
    assert [p.code for p in rec.problems if p.field == "amount"] == ["mended"]
    validate(rec, MODULES["vat_invoice"], exact=False)
    assert rec.status == "review"


def test_both_sums_lost_are_taken_from_item_columns_that_add_up_to_the_total() -> None:
    """A faxed 数电票: the seal blots 金额 (928.81 left of 4926.81) and 合计 reads 台计, so
    neither sum has its label; the seller's name under the seal is lost, and the item line
    below 项目名称 is no seller. The item columns add up to the 价税合计 read from its
    words: both sums are set from them, flagged, never ok."""
    ctx = _ocr_page(
        [
            (128, 320, "名称：华东精密制造股份有限公司"),
            (71, 476, "项日名称"),
            (502, 476, "规格型号"),
            (843, 476, "数樂"),
            (989, 476, "单价"),
            (1209, 474, "金锁"),
            (1440, 481, "税率/征收率", 142),
            (1597, 478, "税禎"),
            (73, 532, "*信息技术服务*软件服务费"),
            (942, 534, "3", 16),
            (1093, 532, "1171.45", 112),
            (1319, 532, "3514.35", 112),
            (1468, 534, "6%", 52),
            (1769, 532, "210.86", 96),
            (75, 575, "*运输服务*客运服务费"),
            (944, 580, "1", 16),
            (1106, 573, "392.63", 96),
            (1334, 575, "392.63", 96),
            (1455, 575, "3%", 52),
            (1780, 575, "11.78", 80),
            (73, 619, "餐饮服务*餐费"),
            (944, 623, "1", 16),
            (1095, 621, "1019.83", 112),
            (1319, 621, "1019.83", 112),
            (1472, 623, "6%", 52),
            (1778, 619, "61.19", 80),
            (119, 761, "台计"),
            (1295, 750, "928.81", 96),
            (1746, 765, "￥283.83"),
            (88, 825, "价税合计（大写)"),
            (356, 825, "伍仟贰佰壹拾元陆角肆分"),
            (1375, 825, "¥5216.84"),
        ]
    )
    rec = MODULES["vat_invoice"].extract(ctx)
    assert (str(rec.amount), str(rec.tax), str(rec.total)) == ("4926.81", "283.83", "5210.64")
    assert {p.field for p in rec.problems if p.code == "mended"} >= {"amount", "tax"}
    assert rec.seller_name is None
    validate(rec, MODULES["vat_invoice"], exact=False)
    assert rec.status == "review"


def test_a_daikai_invoice_keeps_the_seller_block_and_not_the_business_in_its_remarks() -> None:
    """代开: the tax office issued it and prints its own name and code in the seller block;
    备注 names the business (代开企业税号:91440300MA5FA9471N). Seller name and tax ID come from
    one place, the block, never one from each."""
    ctx = _ocr_page(
        [
            (20, 20, "代开"),
            (400, 20, "深圳增值税电子普通发票"),
            (60, 200, "名 称：哈尔滨工业大学（深圳）"),
            (60, 250, "纳税人识别号：12440300MB2C762027"),
            (60, 700, "名 称：国家税务总局深圳市税务局(代开电子发票)"),
            (1000, 700, "(代开机关)"),
            (1200, 700, "备"),
            (1260, 700, "代开企业税号:91440300MA5FA9471N;代开企业名称:深圳"),
            (60, 750, "纳税人识别号：44030400DK02243"),
            (700, 750, "(代开机关)"),
        ]
    )
    rec = MODULES["vat_invoice"].extract(ctx)
    assert rec.seller_name is not None and rec.seller_name.startswith("国家税务总局深圳市税务局")
    assert rec.seller_tax_id == "44030400DK02243"
    assert rec.buyer_tax_id == "12440300MB2C762027"


def test_a_paper_ticket_whose_train_number_ran_into_a_station_is_read_whole() -> None:
    """A ticket photographed in a plastic album: OCR read "G3177西安北站" as one box, and the
    masked ID's last digits as 80.35 (for 8035), which is neither the fare nor in the way
    of the passenger's name."""
    rows = [
        (688, 591, "040T050038"),
        (922, 736, "郑州东站"),
        (1842, 726, "G3177西安北站", 560),
        (834, 1068, "2023年02月16日12:29开"),
        (853, 1231, "￥179.5元"),
        (817, 1523, "仅供报销使用"),
        (805, 1696, "4114222002****80.35周帅康"),
        (1285, 2020, "中国铁路祝您旅途愉快"),
    ]
    rec = MODULES["train_ticket"].extract(_ocr_page(rows, width=4080, height=3060))
    assert (rec.train_or_flight_number, rec.departure, rec.arrival) == ("G3177", "郑州东", "西安北")
    assert (str(rec.total), rec.passenger_name) == ("179.50", "周帅康")


def test_a_label_inside_a_sentence_names_no_shop() -> None:
    rows = [
        (731, 14, "多元软件"),
        (497, 426, "时间：2014-09-23 08:56:14"),
        (500, 900, "合计：103.00"),
        (654, 2266, "店名、字体、打印机等"),
    ]
    rec = MODULES["receipt"].extract(_ocr_page(rows, height=2560))
    assert rec.seller_name == "多元软件"


def test_words_cut_short_by_two_misread_characters_give_no_total() -> None:
    """伍仟贰借管拾元陆角肆分 (佰壹 misread): the words stop at 伍仟贰, which is no amount
    of this invoice (5002.00); the total is not taken from them."""
    ctx = _ocr_page([(71, 850, "价税合计（大写）"), (215, 850, "⑧伍仟贰借管拾元陆角肆分")])
    rec = MODULES["vat_invoice"].extract(ctx)
    assert rec.total is None and rec.total_in_words is None


def test_a_lone_star_for_the_tax_on_the_totals_row_is_a_nil_tax() -> None:
    """Telecom bills print one * (not ***) for 税率 and 税额: tax 0.00, not missing."""
    ctx = _ocr_page(
        [
            (60, 470, "货物或应税劳务、服务名称"),
            (1300, 470, "金额"),
            (1500, 470, "税率"),
            (1700, 470, "税额"),
            (20, 520, "*电信服务*通信服务费"),
            (1300, 520, "239.00"),
            (1500, 520, "*"),
            (1700, 520, "*"),
            (100, 640, "合 计"),
            (1290, 640, "￥239.00"),
            (1700, 640, "*"),
            (100, 700, "价税合计（大写）"),
            (500, 700, "贰佰叁拾玖元整"),
            (1300, 700, "（小写）￥239.00"),
        ]
    )
    rec = MODULES["vat_invoice"].extract(ctx)
    assert (str(rec.amount), str(rec.tax), str(rec.total)) == ("239.00", "0.00", "239.00")


def test_tax_is_zero_when_every_item_is_exempt_and_its_stars_are_unreadable() -> None:
    ctx = _ocr_page(
        [
            (157, 478, "货物或应税劳务、服务名称"),
            (1063, 476, "单价"),
            (1285, 476, "金额"),
            (1478, 476, "税率"),
            (1704, 476, "税额"),
            (74, 524, "*图书*会计实务"),
            (1285, 561, "555.78"),
            (1444, 561, "免税"),
            (1820, 561, "本本本"),
            (176, 720, "合计"),
            (1285, 720, "￥555.78"),
            (1818, 717, "米米來"),
            (91, 781, "价税合计（大写）"),
            (1346, 781, "(小写)"),
            (1450, 778, "¥555.78"),
        ]
    )
    rec = MODULES["vat_invoice"].extract(ctx)
    assert (str(rec.amount), str(rec.tax), str(rec.total)) == ("555.78", "0.00", "555.78")


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("销售日期：2024年01.月16日", "2024-01-16"), ("202402-29 13:15:11", "2024-02-29")],
)
def test_dates_with_an_ocr_slip_in_their_separators_are_read(printed: str, expected: str) -> None:
    ctx = _ocr_page(
        [(40, 100, "永辉超市（五角场店）"), (40, 200, printed), (40, 300, "合计：77.95")]
    )
    rec = MODULES["receipt"].extract(ctx)
    assert str(rec.issue_date) == expected


def test_english_captions_read_where_the_chinese_labels_were_lost() -> None:
    """Shanghai's taxi receipts and the old itinerary print each label in English too;
    a misread caption between 自 and the airport, or the passenger label followed by the
    next label misread, do not lose the value."""
    taxi = _ocr_page(
        [
            (1005, 127, "上海市出租汽车统一发票"),
            (951, 182, "发票代码"),
            (1100, 182, "182992217403"),
            (948, 202, "发票号码"),
            (1100, 202, "80829406"),
            (976, 244, "号TAXI NO."),
            (1105, 234, "PAB6963"),
            (976, 276, "期DATE"),
            (1104, 270, "2025.07.31"),
            (976, 374, "价 PRICE"),
            (1102, 370, "3.00"),
            (973, 470, "程 TOTAL"),
            (1105, 466, "74.33"),
        ]
    )
    rec = MODULES["taxi_receipt"].extract(taxi)
    assert (str(rec.issue_date), str(rec.total)) == ("2025-07-31", "74.33")
    flight = _ocr_page(
        [
            (426, 434, "航空运输电子客票行程单"),
            (55, 499, "WW& NAME OF PASSENGER"),
            (329, 499, "有故身持运养号码DM3"),
            (60, 530, "陈静"),
            (54, 583, "自t mOM 广州白云 CAN"),
            (54, 617, "至10 杭州萧山 HGH"),
        ]
    )
    rec = MODULES["flight_itinerary"].extract(flight)
    assert (rec.passenger_name, rec.departure, rec.arrival) == ("陈静", "广州白云", "杭州萧山")


def test_an_airport_lost_its_label_is_the_other_known_airport_on_the_page() -> None:
    flight = _ocr_page(
        [
            (426, 434, "航空运输电子客票行程单"),
            (58, 553, "HHOM 深圳宝安 SZX"),
            (58, 600, "至 TO 北京首都 PEK"),
        ]
    )
    rec = MODULES["flight_itinerary"].extract(flight)
    assert (rec.departure, rec.arrival) == ("深圳宝安", "北京首都")
    assert [p.code for p in rec.problems if p.field == "departure"] == ["unlabelled"]


def test_a_flight_total_whose_label_was_misread_is_the_sum_of_its_fare_row() -> None:
    """合计 read 合让 on a fax: the fare row's last value is the sum of the others without
    the VAT (included in the fare), so it is the total — flagged, never ok. A row whose last
    value is no such sum gives none."""
    header = [
        (620, 90, "电子发票（航空运输电子客票行程单）"),
        (56, 224, "旅客姓名：刘洋"),
        (56, 465, "荣价"),
        (312, 465, "燃浦附加券"),
        (594, 465, "增伯税税率"),
        (835, 465, "增值税税额"),
        (1117, 465, "比航发展基金"),
        (1401, 465, "其他税费"),
        (1640, 465, "合让"),
    ]
    row = ["CNY 1242.00", "CNY 80.00", "9%", "CNY 109.16", "CNY 50.00", "CNY 0.00"]
    xs = [56, 312, 594, 835, 1117, 1397, 1640]
    for last, expected in (("CNY 1372.00", "1372.00"), ("CNY 1375.00", None)):
        values = [(x, 512, t) for x, t in zip(xs, [*row, last], strict=True)]
        rec = MODULES["flight_itinerary"].extract(_ocr_page([*header, *values]))
        assert (str(rec.total) if rec.total is not None else None) == expected
        flagged = [p.code for p in rec.problems if p.field == "total"]
        assert flagged == (["unlabelled"] if expected else [])


def test_a_taxi_code_whose_label_is_past_reading_is_the_page_s_run_of_twelve_digits() -> None:
    taxi = _ocr_page(
        [
            (273, 122, "上海市出租汽车统一发票"),
            (70, 327, "发荣代"),
            (353, 331, "141156788157"),
            (70, 405, "发票号码"),
            (351, 401, "76023667"),
            (82, 550, "车号TAXI NO.."),
        ],
        width=1282,
        height=1786,
    )
    rec = MODULES["taxi_receipt"].extract(taxi)
    assert (rec.invoice_code, rec.invoice_number) == ("141156788157", "76023667")
    assert [p.code for p in rec.problems if p.field == "invoice_code"] == ["unlabelled"]


def test_a_meter_value_printed_half_way_to_the_next_label_is_its_label_s() -> None:
    """A Shenzhen taxi receipt whose meter printed each value just under its label, almost on
    the next label's row: 金额's value is ￥14.50, not 另收附加费's 0.00 below it."""
    rows = [
        (31, 127, "深圳市出租汽车专用发票"),
        (41, 377, "发票代码144031970219"),
        (39, 447, "发票号码16971832"),
        (96, 1152, "单价："),
        (420, 1197, "2.70元"),
        (100, 1326, "金额："),
        (381, 1372, "￥14.50元"),
        (105, 1388, "另收附加费："),
        (412, 1423, "0.00元"),
    ]
    rec = MODULES["taxi_receipt"].extract(_ocr_page(rows, width=640, height=1837))
    assert str(rec.total) == "14.50"


def test_a_date_whose_dashes_a_fax_lost_is_read_when_a_time_follows() -> None:
    for printed in ("结账时间：2025 05 29 21:31:28", "结账时间：2024 030810:04:39"):
        ctx = _ocr_page(
            [(40, 100, "川味小馆（徐汇店）"), (40, 200, printed), (40, 300, "合计：77.95")]
        )
        rec = MODULES["receipt"].extract(ctx)
        assert rec.issue_date is not None and rec.issue_date.year in (2024, 2025), printed


def test_dates_run_together_are_not_a_tax_id() -> None:
    """A toll invoice's 通行日期起/止 columns read as one run (2024031520240315134)."""
    from ocr.fields import FieldRule, parse_value

    rule = FieldRule("seller_tax_id", ("纳税人识别号",), "tax_id")
    assert parse_value(rule, "202410292024103047") is None
    assert parse_value(rule, "91320583Q9YWK7QP5B") is not None


def test_a_paper_ticket_number_the_page_pass_missed_is_read_again_between_the_stations():
    """A photographed paper ticket: the number (K607, underlined over an arrow) was no text
    line at all for the whole-page pass, and 郑 came out as 共 in a piece of its own. The
    gap between the stations and the station in pieces are read again, each on its own."""
    from dataclasses import replace

    from ocr.doctypes import train_ticket
    from ocr.layout import PageText

    ctx = _ocr_page(
        [
            (140, 150, "157B089807"),
            (160, 220, "共", 80),
            (300, 220, "州站", 140),
            (740, 220, "西安站", 290),
            (110, 330, "2023年07月02日01:46开"),
            (115, 390, "¥72.0元"),
            (115, 520, "仅供报销使用"),
            (115, 580, "4114222002****8035 周帅康"),
            (300, 680, "中国铁路祝您旅途愉快"),
            (130, 760, "20750300440702B089807JM"),
        ]
    )
    boxes = [replace(b, confidence=0.32) if b.text == "共" else b for b in ctx.text.boxes]
    ctx = replace(ctx, text=PageText(boxes, 2000, 1200))  # the lone 共 was read unsure
    asked: list[tuple[float, ...]] = []

    def reread(region):
        asked.append(region)
        x0, _, x1, _ = region
        if x0 >= 440 and x1 <= 740:
            return "K607→", 0.99  # the gap between 州站 and 西安站
        if x0 <= 160 and x1 >= 440:
            return "郑州站", 0.99  # 共 + 州站 as one region
        return "", 0.0

    rec = train_ticket.extract(replace(ctx, reread=reread))
    assert (rec.train_or_flight_number, rec.departure, rec.arrival) == ("K607", "郑州", "西安")
    assert rec.confidence["departure"] == 0.99
    # without a second look (a text layer) nothing is made up: the fields stay missing
    plain = train_ticket.extract(ctx)
    assert plain.train_or_flight_number is None and plain.departure is None


def test_the_2012_paper_ticket_and_a_ticket_whose_time_is_too_faint_to_read():
    """The 2012 layout prints G6205次 above the stations (次 is not a station); a scanned
    ticket whose departure time did not come through still has its one date, the journey's."""
    from ocr.doctypes import train_ticket

    old = train_ticket.extract(
        _ocr_page(
            [
                (290, 260, "R079109"),
                (318, 409, "2012年01月06日08:00开"),
                (859, 558, "G6205次"),
                (407, 562, "广州南"),
                (1330, 567, "深圳北"),
                (311, 791, "￥75.00元"),
                (315, 885, "限乘当日当次车"),
            ]
        )
    )
    assert (old.train_or_flight_number, old.departure, old.arrival) == ("G6205", "广州南", "深圳北")
    faint = train_ticket.extract(
        _ocr_page(
            [
                (136, 359, "N021844"),
                (187, 413, "福田站"),
                (518, 426, "G6142"),
                (758, 416, "邵阳北站"),
                (155, 528, "2018年04月27日"),
                (161, 581, "￥478.5元"),
                (155, 632, "限乘当日当次车"),
            ]
        )
    )
    assert faint.travel_date == date(2018, 4, 27)


def test_a_till_slip_whose_header_was_lost_has_no_name_rather_than_its_column_labels():
    """A photographed 永辉 slip: 商品名称 is one character from the label 商户名称 and is not
    it; its header row (数量 单价 成交价) is never the shop's name; 欢迎光临永辉超市 is."""
    from ocr.doctypes import receipt

    rows = [
        (100, 140, "商品名称", 112),
        (222, 140, "数量 单价 成交价"),
        (100, 190, "农夫山泉 2 2.00 4.00"),
        (100, 240, "应付 4.00"),
        (100, 290, "2018-10-23 18:12:03"),
    ]
    lost = receipt.extract(_ocr_page([(100, 40, "欢迎光临"), *rows]))
    assert lost.seller_name is None  # before: 数量单价成交价
    assert lost.total == Decimal("4.00")
    named = receipt.extract(_ocr_page([(100, 40, "欢迎光临永辉超市"), *rows]))
    assert named.seller_name == "永辉超市"
