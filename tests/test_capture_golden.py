"""Golden tests: generated documents of every type against their ground truth."""

from __future__ import annotations

import json

import pytest

from ocr.capture import capture_file
from ocr.records import DOC_TYPES
from testkit.generator.scoring import item_mismatches, key_fields_right, mismatches
from tests.conftest import RESOURCES, SAMPLES

CONTRACT_KEYS = {
    "source",
    "page",
    "doc_type",
    "invoice_kind",
    "invoice_form",
    "invoice_code",
    "invoice_number",
    "issue_date",
    "check_code",
    "buyer_name",
    "buyer_tax_id",
    "seller_name",
    "seller_tax_id",
    "amount",
    "tax",
    "total",
    "total_in_words",
    "currency",
    "items",
    "passenger_name",
    "departure",
    "arrival",
    "travel_date",
    "train_or_flight_number",
    "seat_class",
    "category",
    "fingerprint",
    "status",
    "problems",
    "confidence",
    "engine",
    "seconds",
}


def test_text_layer_documents_are_read_exactly(text_corpus) -> None:
    failures = {}
    for case in text_corpus:
        records = capture_file(case.path)
        assert len(records) == len(case.truth), case.path.name
        for rec, truth in zip(records, case.truth, strict=True):
            got = rec.to_dict()
            wrong = mismatches(got, truth)
            items = item_mismatches(got, truth)
            if wrong or items or rec.status != "ok":
                failures[f"{case.path.name}#{rec.page}"] = (wrong, items, rec.problems)
    assert failures == {}


def test_a_pdf_with_several_invoices_gives_one_record_per_invoice(text_corpus) -> None:
    multi = next(c for c in text_corpus if c.variant == "multi")
    records = capture_file(multi.path)
    assert [r.page for r in records] == [1, 2, 3]
    assert [r.invoice_number for r in records] == [t["invoice_number"] for t in multi.truth]
    assert len({r.fingerprint for r in records}) == 3


def test_record_json_has_the_contract_keys_and_formats(text_corpus) -> None:
    case = next(c for c in text_corpus if c.doc_type == "vat_invoice" and c.variant == "text")
    (rec,) = capture_file(case.path)
    data = json.loads(rec.to_json())
    assert set(data) >= CONTRACT_KEYS
    assert data["amount"].count(".") == 1 and len(data["amount"].split(".")[1]) == 2
    assert len(data["issue_date"]) == 10 and data["issue_date"][4] == "-"
    assert (
        data["fingerprint"] == f"vat_invoice:{data['invoice_code'] or ''}:{data['invoice_number']}"
    )
    assert data["doc_type"] in DOC_TYPES
    assert data["status"] == "ok" and data["problems"] == []
    assert data["engine"] == "text-layer"
    assert set(data["items"][0]) == {
        "name",
        "spec",
        "unit",
        "quantity",
        "unit_price",
        "amount",
        "tax_rate",
        "tax",
    }


def _raster_cases(scan_corpus, variant):
    return [c for c in scan_corpus if c.variant == variant]


@pytest.mark.parametrize("variant", ["scan", "photo"])
def test_scans_and_photos_of_every_type(scan_corpus, variant) -> None:
    """OCR: key fields right for every type; any record marked ok is entirely right."""
    wrong_ok = {}
    wrong_keys = {}
    for case in _raster_cases(scan_corpus, variant):
        (rec,) = capture_file(case.path)
        got, truth = rec.to_dict(), case.truth[0]
        if not key_fields_right(got, truth):
            wrong_keys[case.path.name] = mismatches(got, truth)
            if rec.status == "ok":
                wrong_ok[case.path.name] = mismatches(got, truth)
    assert wrong_ok == {}, "records marked ok with a wrong key field"
    assert wrong_keys == {}


@pytest.mark.parametrize("rotation", ["rot90", "rot180", "rot270"])
def test_pages_fed_sideways_or_upside_down(tmp_path, rotation) -> None:
    import random

    from testkit.generator.corpus import make_case
    from testkit.generator.truth import make_truth

    rng = random.Random(41)
    truth = make_truth("taxi_receipt", rng)  # no QR code: orientation comes from the text
    case = make_case(tmp_path, "rot", truth, rotation, rng)
    (rec,) = capture_file(case.path)
    assert mismatches(rec.to_dict(), truth) == {}


def test_bundled_samples_match_their_ground_truth() -> None:
    for truth_file in sorted((RESOURCES / "samples").glob("*.json")):
        doc = next(SAMPLES.glob(truth_file.stem + ".*"))
        truth = json.loads(truth_file.read_text(encoding="utf-8"))[0]
        (rec,) = capture_file(doc)
        got = rec.to_dict()
        assert key_fields_right(got, truth) or rec.status == "review", doc.name
        if rec.status == "ok":
            assert key_fields_right(got, truth), (doc.name, mismatches(got, truth))


def test_scanned_pdf_is_read_by_ocr(tmp_path) -> None:
    import random

    from testkit.generator.corpus import make_case
    from testkit.generator.truth import make_truth

    rng = random.Random(77)
    truth = make_truth("vat_invoice", rng, "paper-special")
    case = make_case(tmp_path, "scanned", truth, "scanpdf", rng)
    (rec,) = capture_file(case.path)
    assert rec.engine == "rapidocr"
    assert key_fields_right(rec.to_dict(), truth), mismatches(rec.to_dict(), truth)


def test_a_scanners_hidden_ocr_layer_is_not_trusted(tmp_path) -> None:
    """A scan with an invisible (and here wrong) text layer is read from its image."""
    import io
    import random

    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from testkit.generator.corpus import make_case
    from testkit.generator.truth import make_truth

    rng = random.Random(78)
    truth = make_truth("taxi_receipt", rng)
    png = make_case(tmp_path, "taxi", truth, "scan", rng).path
    path = tmp_path / "scanner-output.pdf"
    canvas = Canvas(str(path), pagesize=(80 * mm, 110 * mm))
    canvas.drawImage(ImageReader(io.BytesIO(png.read_bytes())), 0, 0, 80 * mm, 110 * mm)
    hidden = canvas.beginText(10, 200)
    hidden.setTextRenderMode(3)  # invisible, as scanners write their OCR text
    hidden.textLine("发票代码 999999999999 发票号码 00000000 金额 9999.99元 出租汽车")
    canvas.drawText(hidden)
    canvas.save()
    (rec,) = capture_file(path)
    assert rec.engine == "rapidocr"
    assert rec.invoice_number == truth["invoice_number"]
    assert str(rec.total) == truth["total"]
