"""Bad input gets a clear error and loses nothing."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.lib import pdfencrypt
from reportlab.pdfgen.canvas import Canvas

from ocr import capture_path
from ocr.capture import capture_file
from ocr.errors import (
    CorruptDocument,
    DocumentTooLarge,
    EmptyFile,
    EncryptedDocument,
    UnsupportedFileType,
)
from ocr.load import load_image, load_pdf, read_bytes, sniff
from testkit.generator.corpus import make_case
from testkit.generator.truth import make_truth


def _encrypted_pdf() -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    canvas.drawString(100, 700, "invoice")
    canvas.save()
    return buf.getvalue()


def test_zero_byte_file(tmp_path) -> None:
    empty = tmp_path / "scan.pdf"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile, match="empty"):
        read_bytes(empty)


def test_corrupt_pdf_says_what_to_do() -> None:
    with pytest.raises(CorruptDocument, match=r"not a readable PDF.*again"):
        load_pdf(b"%PDF-1.7\n garbage garbage", "broken.pdf")


def test_encrypted_pdf_asks_for_an_unprotected_copy() -> None:
    with pytest.raises(EncryptedDocument, match="password-protected"):
        load_pdf(_encrypted_pdf(), "locked.pdf")


def test_truncated_image_is_reported_as_damaged() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buf, "JPEG")
    with pytest.raises(CorruptDocument, match="damaged or truncated"):
        load_image(buf.getvalue()[:200], "cut.jpg")


def test_decompression_bomb_is_refused_before_decoding() -> None:
    buf = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buf, "PNG")  # 144 Mpx in a few kB
    assert len(buf.getvalue()) < 100_000
    with pytest.raises(DocumentTooLarge, match="decompression bomb"):
        load_image(buf.getvalue(), "bomb.png")


def test_a_high_resolution_phone_photo_is_read_at_a_fraction_of_its_size() -> None:
    """A 108 MP phone camera writes 12000×9000 JPEGs; before, anything over 60 MP was refused
    as a decompression bomb. It is decoded at 1/2, 1/4 or 1/8 by the JPEG decoder itself."""
    photo = Image.new("L", (9600, 7200), 255)  # 69 MP
    ImageDraw.Draw(photo).rectangle((4800, 3600, 7200, 5400), fill=0)
    buf = io.BytesIO()
    photo.save(buf, "JPEG", quality=60)
    del photo
    (page,) = load_image(buf.getvalue(), "108mp.jpg")
    assert (page.width, page.height) == (2400, 1800)  # 1/4: within MAX_DECODED_PIXELS
    image = page.image.convert("L")
    assert image.getpixel((1500, 1100)) < 60 and image.getpixel((600, 450)) > 200


def test_a_jpeg_claiming_billions_of_pixels_is_refused() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (60000).to_bytes(2, "big") + (60000).to_bytes(2, "big")
    with pytest.raises(DocumentTooLarge, match="too large"):
        load_image(bytes(data), "claims-3.6-gigapixels.jpg")


def test_unsupported_image_format() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, "GIF")
    with pytest.raises(UnsupportedFileType, match="GIF"):
        load_image(buf.getvalue(), "anim.gif")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4 ...", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image"),
        (b"\xff\xd8\xff\xe0....", "image"),
        (b"II*\x00....", "image"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image"),
        (b"PK\x03\x04....", "ofd"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><EInvoice/>", "xml"),
        (b"hello", "unknown"),
    ],
)
def test_files_are_recognised_by_content(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_multi_page_tiff_gives_every_page() -> None:
    frames = [Image.new("RGB", (200, 100), c) for c in ("white", "gray", "black")]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    pages = load_image(buf.getvalue(), "scan.tif")
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[2].image.getpixel((5, 5)) == (0, 0, 0)


def test_a_standard_mode_fax_is_stretched_to_square_pixels() -> None:
    """TIFF-F from a fax server: 204×98 dpi, 1-bit; shown as printed, not half height."""
    fax = Image.new("1", (1728, 1100), 1)
    buf = io.BytesIO()
    fax.save(buf, "TIFF", compression="group4", dpi=(204, 98))
    page = load_image(buf.getvalue(), "fax.tif")[0]
    assert page.image.size == (1728, round(1100 * 204 / 98))
    square = io.BytesIO()
    fax.save(square, "TIFF", compression="group4", dpi=(204, 196))
    assert load_image(square.getvalue(), "fine.tif")[0].image.size == (1728, 1100)


def test_exif_orientation_is_honoured() -> None:
    img = Image.new("RGB", (300, 100), "white")
    img.putpixel((0, 0), (255, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes(), quality=100)
    page = load_image(buf.getvalue(), "phone.jpg")[0]
    assert page.image.size == (100, 300)


def test_a_bad_file_in_a_batch_loses_nothing_else(tmp_path) -> None:
    rng = random.Random(3)
    good = make_case(tmp_path, "good", make_truth("taxi_receipt", rng), "text", rng).path
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("shopping list", encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "locked.pdf").write_bytes(_encrypted_pdf())
    for truth in tmp_path.glob("*.json"):
        truth.unlink()
    records = capture_path(tmp_path)
    by_name = {r.source.rsplit("/", 1)[-1]: r for r in records}
    assert set(by_name) == {good.name, "empty.pdf", "notes.txt", "broken.pdf", "locked.pdf"}
    assert by_name[good.name].status == "ok"
    codes = {name: [p.code for p in r.problems] for name, r in by_name.items()}
    assert codes["empty.pdf"] == ["empty_file"]
    assert codes["notes.txt"] == ["unsupported_type"]
    assert codes["broken.pdf"] == ["corrupt"]
    assert codes["locked.pdf"] == ["encrypted"]
    for name in ("empty.pdf", "notes.txt", "broken.pdf", "locked.pdf"):
        assert by_name[name].status == "review"
        assert by_name[name].doc_type == "unknown"


def test_a_page_without_an_invoice_is_a_clear_problem(tmp_path) -> None:
    path = tmp_path / "letter.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 700, "Dear colleague, please find the minutes of the meeting attached.")
    canvas.drawString(72, 680, "Nothing in this letter is an invoice or a receipt of any kind.")
    canvas.save()
    (rec,) = capture_file(path)
    assert rec.status == "review"
    assert [p.code for p in rec.problems] == ["no_invoice"]
    assert "no invoice or receipt" in rec.problems[0].message


def test_pdfs_open_and_render_from_many_threads_at_once() -> None:
    """The desktop app renders a page for review while an import reads other PDFs: PDFium
    itself is not thread-safe, so ocr.load serialises every call into it."""
    from concurrent.futures import ThreadPoolExecutor

    from ocr.load import load_pdf

    samples = Path(__file__).resolve().parents[1] / "resources" / "samples"
    blobs = [
        (samples / n).read_bytes() for n in ("01-vat_invoice-text.pdf", "05-train_ticket-text.pdf")
    ]

    def read(i: int) -> tuple[int, int]:
        (page,) = load_pdf(blobs[i % 2], f"doc{i}.pdf")
        return page.image.size

    with ThreadPoolExecutor(max_workers=6) as pool:
        sizes = list(pool.map(read, range(36)))
    assert len(set(sizes)) == 2
