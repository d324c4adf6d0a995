"""Damaged, hostile and odd files: each gives a record that says what happened, costs a
bounded amount, and never stops the rest of the batch (issue 14; bench/fuzz_capture.py
measures the same over hundreds of files)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import psutil
import pytest

import ocr.budget
from ocr.budget import Budget
from ocr.capture import CaptureOptions, capture_file
from ocr.load import MAX_RENDER_PIXELS, load_pdf, sniff
from ocr.readers import iter_capture

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"
XML = SAMPLES / "02-vat_invoice-xml.xml"
OFD = SAMPLES / "09-toll_receipt-ofd-new.ofd"
TEXT_PDF = SAMPLES / "01-vat_invoice-text.pdf"
BUG = "please report this"

sys.path.insert(0, str(ROOT / "bench"))
import fuzz_capture as fuzz  # noqa: E402  the benchmark's file builders


def _one(path: Path, **kwargs) -> tuple[str, str, list[str]]:
    (rec,) = capture_file(path, **kwargs)
    return rec.doc_type, rec.status, [f"{p.code}: {p.message}" for p in rec.problems]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---- OFD / zip damage --------------------------------------------------------------------
def _patched(fn) -> bytes:
    return fuzz.patch_local_headers(OFD.read_bytes(), fn)


def _flag_encrypted(buf: bytearray, at: int) -> None:
    buf[at + (6 if buf[at + 2] == 3 else 8)] |= 1


def _method_99(buf: bytearray, at: int) -> None:
    off = 8 if buf[at + 2] == 3 else 10
    buf[at + off : at + off + 2] = (99).to_bytes(2, "little")


def _bad_crc(buf: bytearray, at: int) -> None:
    buf[at + (14 if buf[at + 2] == 3 else 16)] ^= 0xFF


@pytest.mark.parametrize(
    ("damage", "make", "says"),
    [
        ("bad CRC", lambda: _patched(_bad_crc), "damaged"),
        ("encrypted member", lambda: _patched(_flag_encrypted), "encrypted"),
        ("unknown compression", lambda: _patched(_method_99), "damaged"),
        (
            "attachment inflating to 1 GiB while its header says 2 KB",
            lambda: fuzz.zip_with_raw_member(
                "Doc_0/Attachs/original_invoice.xml", fuzz.deflated_zeros(1 << 30), 2048, 0
            ),
            "damaged",  # read only as far as its header said: 2 KB, whose checksum fails
        ),
        (
            "attachment inflating to 1 GiB, header honest",
            lambda: fuzz.zip_with_raw_member(
                "Doc_0/Attachs/original_invoice.xml", fuzz.deflated_zeros(1 << 30), 1 << 30, 0
            ),
            "check that this is an invoice",
        ),
    ],
)
def test_a_damaged_ofd_is_a_clear_record_not_a_bug_report(tmp_path, damage, make, says):
    path = _write(tmp_path, "invoice.ofd", make())
    before = psutil.Process().memory_info().rss
    doc_type, status, problems = _one(path)
    assert (doc_type, status) == ("unknown", "review"), damage
    assert says in problems[0] and BUG not in problems[0], problems
    # the bomb was not inflated: far less than its gibibyte was ever held
    assert psutil.Process().memory_info().rss - before < 300 * 1024 * 1024


# ---- text encodings and numbers ------------------------------------------------------------
def _reencoded(encoding: str, bom: bytes = b"", declare: str | None = None) -> bytes:
    body = XML.read_text("utf-8").split("?>", 1)[1]
    return bom + f'<?xml version="1.0" encoding="{declare or encoding}"?>{body}'.encode(encoding)


@pytest.mark.parametrize(
    ("what", "data"),
    [
        ("declared GBK", lambda: _reencoded("gbk", declare="GBK")),
        ("declared GB18030", lambda: _reencoded("gb18030", declare="GB18030")),
        ("UTF-16 with BOM", lambda: _reencoded("utf-16", declare="UTF-16")),
        ("UTF-16 big-endian with BOM", lambda: _reencoded("utf-16-be", b"\xfe\xff", "UTF-16")),
        ("declared UTF-8, written GBK", lambda: _reencoded("gbk", declare="UTF-8")),
    ],
)
def test_an_invoice_xml_in_any_chinese_pc_encoding_reads_the_same(tmp_path, what, data):
    (expected,) = capture_file(XML)
    path = _write(tmp_path, "invoice.xml", data())
    assert sniff(path.read_bytes()) == "xml", what
    (rec,) = capture_file(path)
    assert rec.status == "ok", (what, rec.problems)
    for name in ("invoice_number", "seller_name", "buyer_name", "total", "tax", "issue_date"):
        assert getattr(rec, name) == getattr(expected, name), (what, name)


@pytest.mark.parametrize("value", ["sNaN", "NaN", "Infinity", "1e999999", "9" * 5000, "0x10"])
def test_a_number_that_is_no_amount_is_named_for_the_clerk(tmp_path, value):
    text = XML.read_text("utf-8")
    (expected,) = capture_file(XML)
    total = f"{expected.total:.2f}"
    path = _write(tmp_path, "invoice.xml", text.replace(f">{total}<", f">{value}<").encode())
    (rec,) = capture_file(path)
    assert rec.total is None and rec.status == "review"
    bad = [p for p in rec.problems if p.code == "bad_value"]
    assert bad and bad[0].field == "total" and "not an amount" in bad[0].message
    assert not any(BUG in p.message for p in rec.problems)


def test_ofd_tags_with_impossible_numbers_do_not_break_the_record(tmp_path):
    import re

    members = fuzz.zip_members(OFD.read_bytes())
    changed = [(n, re.sub(rb">(-?\d+\.\d{2})<", b">sNaN<", b)) for n, b in members]
    path = _write(tmp_path, "toll.ofd", fuzz.rezip(changed))
    (rec,) = capture_file(path)
    assert rec.doc_type == "toll_receipt" and rec.status == "review"
    assert not any(BUG in p.message for p in rec.problems)


# ---- PDFs ---------------------------------------------------------------------------------
def test_a_pdf_with_junk_before_its_header_is_read(tmp_path):
    path = _write(tmp_path, "mail.pdf", b"\0" * 1000 + TEXT_PDF.read_bytes())
    doc_type, status, _ = _one(path)
    assert (doc_type, status) == ("vat_invoice", "ok")


def test_a_page_tree_cycle_names_the_damaged_pages(tmp_path):
    path = _write(tmp_path, "loop.pdf", fuzz.page_tree_cycle())
    records = capture_file(path)
    assert records and all(r.status == "review" for r in records)
    assert all("damaged" in r.problems[0].message for r in records)
    assert not any(BUG in p.message for r in records for p in r.problems)


def test_a_huge_page_is_rendered_within_the_pixel_budget():
    (page,) = load_pdf(fuzz.pdf_pages(1, 5000, 5000), "poster.pdf")
    width, height = page.image.size
    assert width * height <= MAX_RENDER_PIXELS * 1.01 and min(width, height) > 1000


def test_a_page_with_more_text_than_any_invoice_is_refused_by_name(tmp_path):
    path = _write(tmp_path, "book.pdf", fuzz.pdf_pages(1, content=fuzz.words_stream(40_000)))
    doc_type, status, problems = _one(path)
    assert (doc_type, status) == ("unknown", "review")
    assert "40,000 pieces of text" in problems[0]


def test_a_dense_page_reads_the_same_words_in_one_pass(monkeypatch):
    """The one-pass reading of dense pages gives the per-run reading's words."""
    import ocr.textlayer

    data = TEXT_PDF.read_bytes()
    slow = load_pdf(data, "a.pdf")[0].words
    monkeypatch.setattr(ocr.textlayer, "DENSE_RUNS", 0)
    fast = load_pdf(data, "a.pdf")[0].words
    assert slow and [w.text for w in fast] == [w.text for w in slow]


def test_blank_pages_are_skipped_without_holding_every_page(tmp_path):
    path = _write(tmp_path, "blank.pdf", fuzz.pdf_pages(200))
    before = psutil.Process().memory_info().rss
    doc_type, _, problems = _one(path)
    assert doc_type == "unknown" and "any of its 200 pages" in problems[0]
    assert psutil.Process().memory_info().rss - before < 200 * 1024 * 1024


@pytest.mark.parametrize("size", [(1, 4000), (4000, 1), (3, 20000), (10, 10)])
def test_an_image_too_thin_to_hold_a_document_says_so(tmp_path, size):
    import numpy as np
    from PIL import Image

    noise = (np.random.default_rng(1).random((size[1], size[0])) * 255).astype("uint8")
    path = tmp_path / "strip.png"
    Image.fromarray(noise).save(path)
    doc_type, _, problems = _one(path)
    assert doc_type == "unknown" and "too small or too narrow" in problems[0]


def test_xml_with_a_utf16_byte_order_mark_is_recognised():
    data = "\ufeff<?xml version='1.0'?><EInvoice/>".encode("utf-16-le")
    assert sniff(data) == "xml"


# ---- the file's time budget ----------------------------------------------------------------
def test_a_file_over_its_time_keeps_the_invoices_read_and_says_where_it_stopped(
    tmp_path, monkeypatch
):
    from testkit.generator.corpus import make_multi_invoice_pdf

    multi = make_multi_invoice_pdf(tmp_path, count=3).path
    clock = iter(range(0, 10_000, 20))  # every look at the clock: 20 s later
    monkeypatch.setattr(ocr.budget.time, "monotonic", lambda: float(next(clock)))
    # 3 pages' text (20, 40, 60 s), page 1 at 80 s, page 2 at 100 s, page 3 at 120 s: over
    records = capture_file(multi, budget=Budget(file_seconds=100, page_seconds=0))
    assert [r.doc_type for r in records] == ["vat_invoice", "vat_invoice", "unknown"]
    stopped = records[-1]
    assert stopped.doc_type == "unknown" and stopped.problems[0].code == "too_slow"
    assert "reading stopped after" in stopped.problems[0].message
    assert "split it" in stopped.problems[0].message


# ---- the watched reader processes ------------------------------------------------------------
def _readers() -> list[psutil.Process]:
    return [
        p
        for p in psutil.Process().children(recursive=True)
        if "spawn_main" in " ".join(p.cmdline()) and "resource_tracker" not in " ".join(p.cmdline())
    ]


@pytest.mark.slow
def test_a_reader_that_crashes_loses_only_its_own_file(tmp_path):
    scan = SAMPLES / "03-vat_invoice-scan.png"
    files = [TEXT_PDF, scan, SAMPLES / "05-train_ticket-text.pdf"]
    reading = iter_capture(files, CaptureOptions(workers=1))
    first = next(reading)
    assert first[1][0].doc_type == "vat_invoice"
    # the scan is being read now (OCR takes seconds): crash its reader as a library would
    deadline = time.monotonic() + 30
    while not _readers() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    for reader in _readers():
        reader.kill()
    rest = list(reading)
    assert [f for f, _ in rest] == files[1:]
    crashed = rest[0][1][0]
    assert crashed.doc_type == "unknown" and crashed.problems[0].code == "reader_crashed"
    assert "SIGKILL" in crashed.problems[0].message and "by hand" in crashed.problems[0].message
    assert rest[1][1][0].doc_type == "train_ticket"  # a fresh reader read the next file


@pytest.mark.slow
def test_a_reader_over_its_memory_or_silent_too_long_is_stopped():
    scan = SAMPLES / "03-vat_invoice-scan.png"
    tight = Budget(memory_bytes=60 * 1024 * 1024)
    ((_, (rec,)),) = list(iter_capture([scan], CaptureOptions(), tight))
    assert rec.problems[0].code == "too_much_memory"
    assert "more than 0.1 GB of memory" in rec.problems[0].message
    quiet = Budget(silent_seconds=0.3)
    ((_, (rec,)),) = list(iter_capture([scan], CaptureOptions(), quiet))
    assert rec.problems[0].code == "too_slow" and "stuck at" in rec.problems[0].message


# ---- names, output and concurrent imports --------------------------------------------------
def _cli(home: Path, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", *args],
        cwd=ROOT,
        env={**os.environ, "ZHANGFANG_HOME": str(home), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_a_gbk_file_name_is_stored_readable_and_the_batch_goes_on(tmp_path, monkeypatch):
    folder = tmp_path / "unzipped"
    folder.mkdir()
    gbk = os.fsdecode(bytes(folder) + b"/" + "发票-滴滴出行.pdf".encode("gbk"))
    Path(gbk).write_bytes(TEXT_PDF.read_bytes())
    (folder / "z-after.xml").write_bytes(XML.read_bytes())
    strict = {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict", "PYTHONUTF8": "0"}
    proc = _cli(tmp_path / "home", "capture", "--save", "--json", "-q", str(folder), **strict)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    records = json.loads(out)
    assert sorted(Path(r["source"]).name for r in records) == ["z-after.xml", "发票-滴滴出行.pdf"]
    assert b"Traceback" not in err
    from app.ledger import Ledger

    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path / "home"))
    ledger = Ledger.open()
    try:
        assert ledger.count() == 2
    finally:
        ledger.close()


@pytest.mark.slow
def test_two_imports_of_one_folder_at_once_store_each_file_once(tmp_path, monkeypatch):
    folder = tmp_path / "scanner"
    folder.mkdir()
    for name in ("01-vat_invoice-text.pdf", "02-vat_invoice-xml.xml", "05-train_ticket-text.pdf"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    (folder / "09-toll.ofd").write_bytes(OFD.read_bytes())
    home = tmp_path / "home"  # a ledger nobody opened yet: both create it at once
    procs = [_cli(home, "capture", "--save", "-q", str(folder)) for _ in range(2)]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e.decode()[-800:] for _, e in results]
    from app.ledger import Ledger

    monkeypatch.setenv("ZHANGFANG_HOME", str(home))
    ledger = Ledger.open()
    try:
        with ledger.session() as s:
            from sqlalchemy import func, select

            from app.ledger.models import Document

            assert s.scalar(select(func.count(Document.id))) == 4
        assert ledger.count() == 4  # every record once: none stored by both
        assert ledger.check() == []
    finally:
        ledger.close()


def test_json_escapes_what_utf8_cannot_hold(capsys):
    from app.cli.output import print_json

    print_json({"source": "bad-\udcb7.pdf", "name": "发票"})
    out = capsys.readouterr().out
    assert json.loads(out) == {"source": "bad-\udcb7.pdf", "name": "发票"}


def test_zip_damage_is_one_error_type():
    from ocr.errors import CorruptDocument
    from ocr.package import OfdPackage

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("x.txt", "not an OFD")
    with pytest.raises(Exception) as caught:
        OfdPackage(data.getvalue(), "a.ofd")
    assert "not an OFD" in str(caught.value)
    with pytest.raises(CorruptDocument):
        OfdPackage(b"PK\x03\x04garbage", "b.ofd")
