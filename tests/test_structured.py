import io
import random
import zipfile
import zlib

import pytest

from ocr.capture import capture_file
from ocr.errors import CorruptDocument, UnsupportedFileType
from ocr.structured import read_ofd, read_xml
from testkit.generator.corpus import make_case
from testkit.generator.scoring import item_mismatches, mismatches
from testkit.generator.truth import make_truth


@pytest.mark.parametrize(
    ("doc_type", "sub", "variant"),
    [
        ("vat_invoice", "digital-special", "xml"),
        ("vat_invoice", "digital-general", "ofd-new"),
        ("vat_invoice", "electronic-general", "ofd-old"),
        ("toll_receipt", None, "xml"),
        ("toll_receipt", None, "ofd-new"),
    ],
)
def test_structured_invoices_are_read_exactly(tmp_path, doc_type, sub, variant) -> None:
    rng = random.Random(zlib.crc32(f"{doc_type}{variant}".encode()))
    truth = make_truth(doc_type, rng, sub)
    case = make_case(tmp_path, "s", truth, variant, rng)
    truth = case.truth[0]  # what this form carries (the old OFD schema has no 大写)
    (rec,) = capture_file(case.path)
    got = rec.to_dict()
    assert mismatches(got, truth) == {}
    assert item_mismatches(got, truth) == []
    assert rec.status == "ok", rec.problems
    assert rec.engine in ("xml", "ofd")


def test_xml_with_entities_is_refused() -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
    <EInvoice><Header>&e;</Header></EInvoice>"""
    with pytest.raises(CorruptDocument, match="entities"):
        read_xml(evil, "evil.xml")


def test_other_xml_is_not_taken_for_an_invoice() -> None:
    with pytest.raises(UnsupportedFileType, match="not a 数电票"):
        read_xml(b"<?xml version='1.0'?><rss><channel/></rss>", "feed.xml")


def test_ofd_without_invoice_data_says_so() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        z.writestr("Doc_0/Document.xml", "<ofd:Document xmlns:ofd='http://www.ofdspec.org/2016'/>")
    with pytest.raises(UnsupportedFileType, match="without invoice data"):
        read_ofd(buf.getvalue(), "contract.ofd")


def test_plain_zip_is_not_an_ofd() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hi")
    with pytest.raises(UnsupportedFileType, match="not an OFD"):
        read_ofd(buf.getvalue(), "bundle.zip")
