"""Feed `zhangfang capture --save --json` hundreds of damaged, hostile and odd files made from
the shipped samples, and count what a clerk must never see:

    python bench/fuzz_capture.py                 # 440 files, seed 2026
    python bench/fuzz_capture.py --seed 7 --per-family 4 --keep /tmp/fuzz

Files are made by families (truncation, byte flips, OFD/zip damage, text encodings, numbers,
bombs, odd PDFs, file names, wrong types); each family draws its cases from the seed. They are
read in batches by the real command line, each batch in its own process with its own ledger;
its peak memory is the process tree's (``wait4``). A batch over the memory limit is read again
file by file so the file to blame is named.

Counted, each should be 0:
  traceback   a record whose message asks to report a bug, or "Traceback" on stderr
  crash       the command died (a signal, or an exit code other than 0/1), or a reader crashed
  slow        a file read for more than --max-seconds (30)
  memory      a file (or batch) whose process tree went over --max-gb (1.5)
  dropped     a file with no record in the JSON or no document in the ledger
Prints a table by family and the worst cases; exits 1 when any count is not 0.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"
REPORT_MARK = "please report this"


@dataclass
class Case:
    family: str
    name: bytes  # file name as bytes: some are not valid UTF-8
    data: bytes
    what: str


# ---- small builders ------------------------------------------------------------------------
def raw_pdf(objects: list[bytes], root: int = 1, junk: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object i+1 = objects[i]) with a correct xref."""
    out = io.BytesIO()
    out.write(junk + b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def pdf_pages(count: int, width: float = 595, height: float = 842, content: bytes = b"") -> bytes:
    """``count`` pages sharing one content stream (blank when ``content`` is empty)."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        stream,
        font,
    ]
    for _ in range(count):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>" % (width, height)
        )
    return raw_pdf(objects)


def words_stream(words: int) -> bytes:
    lines = [b"BT /F1 4 Tf"]
    for i in range(words):
        x, y = 10 + (i % 60) * 9.5, 830 - (i // 60) % 200 * 4
        lines.append(b"1 0 0 1 %d %d Tm (w%d) Tj" % (x, y, i))
    lines.append(b"ET")
    return b"\n".join(lines)


def png(width: int, height: int, idat: bytes | None = None, color: int = 0) -> bytes:
    """A greyscale PNG header for any size; ``idat`` may lie about how much follows."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return len(body).to_bytes(4, "big") + kind + body + crc.to_bytes(4, "big")

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, color, 0, 0, 0])
    if idat is None:
        row = b"\x00" + b"\xff" * width * (3 if color == 2 else 1)
        comp = zlib.compressobj(9)
        body = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    else:
        body = idat
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def zip_members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def rezip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, body in members:
            z.writestr(name, body)
    return out.getvalue()


def patch_local_headers(data: bytes, fn: Callable[[bytearray, int], None]) -> bytes:
    """Apply ``fn(buffer, offset)`` to every local file header and central directory entry."""
    buf = bytearray(data)
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while (at := buf.find(sig, start)) >= 0:
            fn(buf, at)
            start = at + 4
    return bytes(buf)


@functools.cache
def deflated_zeros(size: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b"\0" * (1 << 20)
    parts = [comp.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + comp.flush()


def zip_with_raw_member(name: str, raw: bytes, size: int, crc: int) -> bytes:
    """A one-member (plus OFD.xml) zip whose member is ``raw`` deflate data said to be ``size``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", OFD_XML)
    head = out.getvalue()
    with zipfile.ZipFile(io.BytesIO(head)) as z:
        first = z.infolist()[0]
    # rebuild by hand: OFD.xml's local entry, then ours, then a central directory for both
    local0 = head[: first.compress_size + 30 + len(first.filename)]
    entries = []
    name_b = name.encode()
    local1_off = len(local0)
    local1 = (
        b"PK\x03\x04"
        + (20).to_bytes(2, "little")
        + b"\0\0"
        + (8).to_bytes(2, "little")
        + b"\0\0\0\0"
        + crc.to_bytes(4, "little")
        + len(raw).to_bytes(4, "little")
        + min(size, 0xFFFFFFFF).to_bytes(4, "little")
        + len(name_b).to_bytes(2, "little")
        + b"\0\0"
        + name_b
        + raw
    )
    for offset, nb, csize, usize, c, method in (
        (0, first.filename.encode(), first.compress_size, first.file_size, first.CRC, 8),
        (local1_off, name_b, len(raw), min(size, 0xFFFFFFFF), crc, 8),
    ):
        entries.append(
            b"PK\x01\x02"
            + (20).to_bytes(2, "little") * 2
            + b"\0\0"
            + method.to_bytes(2, "little")
            + b"\0\0\0\0"
            + c.to_bytes(4, "little")
            + csize.to_bytes(4, "little")
            + usize.to_bytes(4, "little")
            + len(nb).to_bytes(2, "little")
            + b"\0" * 12
            + offset.to_bytes(4, "little")
            + nb
        )
    central = b"".join(entries)
    cd_off = len(local0) + len(local1)
    end = (
        b"PK\x05\x06\0\0\0\0"
        + (2).to_bytes(2, "little") * 2
        + len(central).to_bytes(4, "little")
        + cd_off.to_bytes(4, "little")
        + b"\0\0"
    )
    return local0 + local1 + central + end


OFD_XML = (
    '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" '
    'Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
    "</ofd:DocBody></ofd:OFD>"
)


# ---- families ------------------------------------------------------------------------------
def samples() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(SAMPLES.iterdir()) if p.is_file()}


def fam_truncate(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    names = sorted(seeds)
    for i in range(n):
        name = names[i % len(names)]
        data = seeds[name]
        cut = rng.choice([1, 8, 64, 600, len(data) // 2, len(data) * 9 // 10, len(data) - 1])
        yield Case("truncate", f"t{i}-{name}".encode(), data[:cut], f"{name} cut at {cut}")


def fam_flip(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    names = sorted(seeds)
    for i in range(n):
        name = names[i % len(names)]
        buf = bytearray(seeds[name])
        flips = rng.choice([1, 4, 32, 256])
        for _ in range(flips):
            at = rng.randrange(len(buf))
            buf[at] = rng.randrange(256)
        yield Case("flip", f"f{i}-{name}".encode(), bytes(buf), f"{name}, {flips} bytes changed")


def fam_zip(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    ofd = seeds["09-toll_receipt-ofd-new.ofd"]
    members = zip_members(ofd)

    def bad_crc(buf: bytearray, at: int) -> None:
        off = 14 if buf[at + 2] == 3 else 16
        buf[at + off] ^= 0xFF

    def lying_size(value: int) -> Callable[[bytearray, int], None]:
        def fn(buf: bytearray, at: int) -> None:
            off = 22 if buf[at + 2] == 3 else 24
            buf[at + off : at + off + 4] = value.to_bytes(4, "little")

        return fn

    def flag(bit: int) -> Callable[[bytearray, int], None]:
        def fn(buf: bytearray, at: int) -> None:
            off = 6 if buf[at + 2] == 3 else 8
            buf[at + off] |= bit

        return fn

    def method(value: int) -> Callable[[bytearray, int], None]:
        def fn(buf: bytearray, at: int) -> None:
            off = 8 if buf[at + 2] == 3 else 10
            buf[at + off : at + off + 2] = value.to_bytes(2, "little")

        return fn

    makers: list[tuple[str, Callable[[], bytes]]] = [
        ("bad CRC", lambda: patch_local_headers(ofd, bad_crc)),
        ("sizes say 1 byte", lambda: patch_local_headers(ofd, lying_size(1))),
        ("sizes say 4 GB", lambda: patch_local_headers(ofd, lying_size(0xFFFFFFF0))),
        ("encrypted flag", lambda: patch_local_headers(ofd, flag(1))),
        ("unknown method 99", lambda: patch_local_headers(ofd, method(99))),
        ("bzip2 method, deflate data", lambda: patch_local_headers(ofd, method(12))),
        ("lzma method, deflate data", lambda: patch_local_headers(ofd, method(14))),
        ("stored members", lambda: rezip(members, zipfile.ZIP_STORED)),
        ("bzip2 members", lambda: rezip(members, zipfile.ZIP_BZIP2)),
        ("OFD.xml only", lambda: rezip([("OFD.xml", OFD_XML.encode())])),
        ("no OFD.xml", lambda: rezip([m for m in members if m[0] != "OFD.xml"])),
        ("traversal member names", lambda: rezip([("../" * 8 + n, b) for n, b in members])),
        ("10,000 empty members", lambda: rezip(members + [(f"x/{k}", b"") for k in range(10000)])),
        (
            "attachment inflating to 1 GiB, honest sizes",
            lambda: zip_with_raw_member(
                "Doc_0/Attachs/original_invoice.xml", deflated_zeros(1 << 30), 1 << 30, 0
            ),
        ),
        (
            "attachment inflating to 1 GiB, says 2 KB",
            lambda: zip_with_raw_member(
                "Doc_0/Attachs/original_invoice.xml", deflated_zeros(1 << 30), 2048, 0
            ),
        ),
        (
            "page content inflating to 256 MiB",
            lambda: zip_with_raw_member(
                "Doc_0/Pages/Page_0/Content.xml", deflated_zeros(1 << 28), 1 << 28, 0
            ),
        ),
        ("a zip of the samples", lambda: rezip([(k, v) for k, v in seeds.items()])),
        ("docx-like zip", lambda: rezip([("[Content_Types].xml", b"<Types/>")])),
        ("truncated central directory", lambda: ofd[:-10]),
        ("member data cut", lambda: ofd[: len(ofd) // 3] + ofd[-200:]),
    ]
    for i in range(n):
        what, make = makers[i % len(makers)]
        yield Case("ofd-zip", f"z{i}.ofd".encode(), make(), what)


def _xml_sample(seeds: dict[str, bytes]) -> str:
    return seeds["02-vat_invoice-xml.xml"].decode("utf-8")


def fam_encoding(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    text = _xml_sample(seeds)
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text

    def declared(enc: str, codec: str | None = None, bom: bytes = b"") -> bytes:
        return bom + f'<?xml version="1.0" encoding="{enc}"?>{body}'.encode(codec or enc)

    makers: list[tuple[str, Callable[[], bytes]]] = [
        ("declared GBK", lambda: declared("GBK")),
        ("declared GB2312 (GBK bytes)", lambda: declared("GB2312", "gbk")),
        ("declared GB18030", lambda: declared("GB18030")),
        ("UTF-16 LE with BOM", lambda: declared("UTF-16", "utf-16")),
        ("UTF-16 BE with BOM", lambda: b"\xfe\xff" + declared("UTF-16", "utf-16-be")),
        ("UTF-16 LE, no declaration", lambda: b"\xff\xfe" + body.encode("utf-16-le")),
        ("UTF-8 BOM", lambda: b"\xef\xbb\xbf" + text.encode()),
        ("declared UTF-8, GBK bytes", lambda: declared("UTF-8", "gbk")),
        ("declared GBK, UTF-8 bytes", lambda: declared("GBK", "utf-8")),
        ("declared nonsense", lambda: declared("X-NOPE", "utf-8")),
        ("UTF-32 with BOM", lambda: declared("UTF-32", "utf-32")),
        ("leading blank lines", lambda: b"\n\n  " + text.encode()),
        ("NUL bytes inside", lambda: text.encode().replace(b">", b">\0", 3)),
        ("billion laughs", lambda: BILLION_LAUGHS),
        ("external entity", lambda: XXE),
        ("10,000-deep nesting", lambda: b"<a>" * 10000 + b"</a>" * 10000),
        ("20 MB of text", lambda: b"<EInvoice>" + b"x" * (20 << 20) + b"</EInvoice>"),
    ]
    for i in range(n):
        what, make = makers[i % len(makers)]
        yield Case("encoding", f"e{i}.xml".encode(), make(), what)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]><EInvoice>&lol9;</EInvoice>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b"<EInvoice>&e;</EInvoice>"
)
NUMBERS = [
    "sNaN",
    "NaN",
    "-Infinity",
    "Infinity",
    "1e999999",
    "1E-999999",
    "9" * 5000,
    "0." + "1" * 4000,
    "-0",
    "1,234.5.6",
    "１２３．４５",
    "¥100",
    "",
    " ",
    "0x10",
    "1_000",
    "—",
    "12345678901234567890.12",
]


def fam_numbers(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    import re

    text = _xml_sample(seeds)
    amounts = re.findall(r">(-?\d+\.\d+)<", text)
    for i in range(n):
        value = NUMBERS[i % len(NUMBERS)]
        target = rng.choice(amounts)
        out = text.replace(f">{target}<", f">{value}<")
        yield Case("numbers", f"n{i}.xml".encode(), out.encode(), f"{target} → {value[:20]!r}")
    ofd = seeds["09-toll_receipt-ofd-new.ofd"]
    members = zip_members(ofd)
    for i in range(n // 2):
        value = NUMBERS[(i * 7) % len(NUMBERS)]
        changed = [
            (name, re.sub(rb">(-?\d+\.\d{2})<", b">" + value.encode() + b"<", body))
            for name, body in members
        ]
        yield Case("numbers", f"n{i}.ofd".encode(), rezip(changed), f"OFD amounts → {value[:20]!r}")


def fam_bombs(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    makers: list[tuple[str, Callable[[], bytes]]] = [
        ("1×4000 PNG", lambda: png(1, 4000)),
        ("4000×1 PNG", lambda: png(4000, 1)),
        ("1×1 PNG", lambda: png(1, 1)),
        ("3×20000 PNG", lambda: png(3, 20000)),
        ("30000×30000 PNG header, 1 KB data", lambda: png(30000, 30000, b"x" * 1024)),
        ("9000×6000 white PNG (54 Mpx)", lambda: png(9000, 6000)),
        ("7000×7000 colour PNG header, empty data", lambda: png(7000, 7000, b"", 2)),
        ("65535×65535 PNG header", lambda: png(65535, 65535, b"")),
        ("200 blank pages", lambda: pdf_pages(200)),
        ("one blank 5000×5000 pt page", lambda: pdf_pages(1, 5000, 5000)),
        ("one 14000×14000 pt page", lambda: pdf_pages(1, 14000, 14000)),
        ("a 40,000-word text layer", lambda: pdf_pages(1, content=words_stream(40000))),
        ("3000 words on each of 20 pages", lambda: pdf_pages(20, content=words_stream(3000))),
        ("1×10000 pt page", lambda: pdf_pages(1, 1, 10000)),
        ("zero-size page", lambda: pdf_pages(1, 0, 0)),
        ("TIFF of 300 frames", lambda: tiff_frames(300)),
        ("GIF", lambda: gif()),
    ]
    for i in range(n):
        what, make = makers[i % len(makers)]
        ext = (
            ".png"
            if "PNG" in what
            else ".tif"
            if "TIFF" in what
            else ".gif"
            if what == "GIF"
            else ".pdf"
        )
        yield Case("bombs", f"b{i}{ext}".encode(), make(), what)


def tiff_frames(count: int) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (400, 300), 255) for _ in range(count)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return out.getvalue()


def gif() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (200, 100), 255).save(out, "GIF")
    return out.getvalue()


def fam_pdf(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    text_pdf = seeds["01-vat_invoice-text.pdf"]
    makers: list[tuple[str, Callable[[], bytes]]] = [
        ("junk before %PDF- (700 bytes)", lambda: b"J" * 700 + text_pdf),
        ("junk before %PDF- (1000 bytes)", lambda: b"\0" * 1000 + text_pdf),
        ("junk after %%EOF", lambda: text_pdf + os.urandom(4096)),
        ("page tree cycle", lambda: page_tree_cycle()),
        (
            "page tree points at itself",
            lambda: raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
                ]
            ),
        ),
        ("no xref, no trailer", lambda: text_pdf[: text_pdf.rfind(b"xref")]),
        (
            "xref offsets all wrong",
            lambda: text_pdf.replace(b" 00000 n", b" 00000 n")[::-1][::-1].replace(
                b"startxref", b"startxref\n9999999\n%", 1
            ),
        ),
        ("encrypted (empty owner password)", lambda: encrypted_pdf(text_pdf, "")),
        ("encrypted (user password)", lambda: encrypted_pdf(text_pdf, "secret")),
        (
            "1000-deep nested arrays",
            lambda: raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 1000 + b"]" * 1000 + b" >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                ]
            ),
        ),
        (
            "page count says 10^9",
            lambda: raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                ]
            ),
        ),
        ("negative MediaBox", lambda: pdf_pages(1, -595, -842)),
        (
            "huge font size text",
            lambda: pdf_pages(1, content=b"BT /F1 90000 Tf 10 10 Td (INVOICE) Tj ET"),
        ),
        ("PDF header only", lambda: b"%PDF-1.7\n"),
    ]
    for i in range(n):
        what, make = makers[i % len(makers)]
        yield Case("pdf", f"p{i}.pdf".encode(), make(), what)


def page_tree_cycle() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def encrypted_pdf(data: bytes, password: str) -> bytes:
    try:
        import pypdf  # type: ignore[import-not-found]
    except ImportError:  # pypdf is optional: use a hand-made /Encrypt dictionary instead
        return data.replace(
            b"/Root", b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >> /Root", 1
        )
    reader = pypdf.PdfReader(io.BytesIO(data))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.encrypt(password, "owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fam_names(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    text_pdf = seeds["01-vat_invoice-text.pdf"]
    xml = seeds["02-vat_invoice-xml.xml"]
    names = [
        ("GBK name", "发票-滴滴出行.pdf".encode("gbk"), text_pdf),
        ("GBK name, XML", "数电票原件.xml".encode("gbk"), xml),
        ("Latin-1 junk name", b"factura-\xe9\xe8\xff.pdf", text_pdf),
        ("name with newline", b"two\nlines.pdf", text_pdf),
        ("name with tab and CR", b"a\tb\rc.pdf", text_pdf),
        ("leading dash", b"-rf.pdf", text_pdf),
        ("255-byte name", ("发" * 80 + ".pdf").encode()[:251] + b".pdf", text_pdf),
        ("emoji name", "🧾收据.pdf".encode(), text_pdf),
        ("PDF named .jpg", b"photo.jpg", text_pdf),
        ("XML named .pdf", b"invoice.pdf", xml),
        ("no extension", b"INVOICE", text_pdf),
        ("upper-case extension", b"SCAN.PDF", text_pdf),
        ("lone surrogate-ish bytes", b"\xed\xa0\x80.pdf", text_pdf),
        ("name with quote and percent", b"it's 100%.pdf", text_pdf),
    ]
    for i in range(n):
        what, name, data = names[i % len(names)]
        yield Case("names", name if i < len(names) else b"%d-" % i + name, data, what)


def fam_types(rng: random.Random, seeds: dict[str, bytes], n: int) -> Iterator[Case]:
    makers: list[tuple[str, bytes, Callable[[], bytes]]] = [
        ("empty file", b".pdf", lambda: b""),
        ("random bytes", b".pdf", lambda: rng.randbytes(5000)),
        ("HTML page", b".pdf", lambda: b"<html><body>404 Not Found</body></html>"),
        ("Windows program", b".pdf", lambda: b"MZ\x90\0" + b"\0" * 500),
        ("plain text", b".txt", lambda: "发票号码 12345678 金额 100.00".encode()),
        ("one byte", b".png", lambda: b"\x89"),
        ("PNG signature only", b".png", lambda: b"\x89PNG\r\n\x1a\n"),
        ("JPEG markers only", b".jpg", lambda: b"\xff\xd8\xff\xd9"),
        ("BMP header lying", b".bmp", lambda: b"BM" + b"\xff" * 60),
        ("WebP header only", b".webp", lambda: b"RIFF\0\0\0\0WEBPVP8 "),
        ("SVG", b".svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
    ]
    for i in range(n):
        what, ext, make = makers[i % len(makers)]
        yield Case("types", b"w%d" % i + ext, make(), what)


FAMILIES = {
    "truncate": fam_truncate,
    "flip": fam_flip,
    "ofd-zip": fam_zip,
    "encoding": fam_encoding,
    "numbers": fam_numbers,
    "bombs": fam_bombs,
    "pdf": fam_pdf,
    "names": fam_names,
    "types": fam_types,
}
DEFAULT_COUNTS = {
    "truncate": 70,
    "flip": 90,
    "ofd-zip": 40,
    "encoding": 34,
    "numbers": 36,
    "bombs": 34,
    "pdf": 28,
    "names": 28,
    "types": 22,
}


def make_cases(seed: int, scale: float) -> list[Case]:
    rng = random.Random(seed)
    seeds = samples()
    cases: list[Case] = []
    for family, make in FAMILIES.items():
        count = max(1, round(DEFAULT_COUNTS[family] * scale))
        cases.extend(make(rng, seeds, count))
    return cases


# ---- running -------------------------------------------------------------------------------
@dataclass
class Outcome:
    case: Case
    path: Path
    seconds: float = 0.0
    records: int = 0
    problems: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)  # traceback / crash / slow / memory / dropped


def run_batch(
    paths: list[Path], home: Path, timeout: float
) -> tuple[int | None, float, float, list[dict], str]:
    """`zhangfang capture --save --json` over ``paths``: exit, seconds, peak GB, JSON, stderr."""
    env = {**os.environ, "ZHANGFANG_HOME": str(home), "PYTHONFAULTHANDLER": "1"}
    out_file, err_file = home / "out.json", home / "err.txt"
    started = time.perf_counter()
    with out_file.open("wb") as out, err_file.open("wb") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "capture",
                "--save",
                "--json",
                "-q",
                *[os.fsdecode(p) for p in paths],
            ],
            stdout=out,
            stderr=err,
            env=env,
            cwd=ROOT,
        )
        deadline = started + timeout
        status = rusage = None
        while time.perf_counter() < deadline:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        else:
            proc.kill()
            _pid, status, rusage = os.wait4(proc.pid, 0)
            status = None
    seconds = time.perf_counter() - started
    peak_gb = rusage.ru_maxrss / 1024 / 1024 if rusage else 0.0
    code = (
        None
        if status is None
        else (os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status))
    )
    try:
        records = json.loads(out_file.read_bytes() or b"[]")
    except ValueError:
        records = []
    return code, seconds, peak_gb, records, err_file.read_text("utf-8", "replace")


def ledger_sources(home: Path) -> set[str]:
    dbs = list(home.rglob("*.sqlite*")) + list(home.rglob("*.db"))
    found: set[str] = set()
    for db in dbs:
        if db.suffix not in (".sqlite", ".sqlite3", ".db"):
            continue
        with sqlite3.connect(db) as con:
            try:
                rows = con.execute("SELECT sha256 FROM documents").fetchall()
            except sqlite3.Error:
                continue
        found.update(row[0] for row in rows)
    return found


def judge(
    batch: list[Outcome],
    code: int | None,
    seconds: float,
    peak_gb: float,
    records: list[dict],
    stderr: str,
    home: Path,
    args: argparse.Namespace,
) -> None:
    by_folder: dict[str, list[dict]] = defaultdict(list)  # each file has a folder of its own
    for rec in records:
        by_folder[Path(rec.get("source", "")).parent.name].append(rec)
    stored = ledger_sources(home)
    if code is None:
        crash = f"batch killed after {seconds:.0f} s"
    elif code not in (0, 1):
        crash = f"command died (exit {code})"
    else:
        crash = ""
    traceback_seen = "Traceback" in stderr
    for o in batch:
        recs = by_folder.get(o.path.parent.name, [])
        o.records = len(recs)
        o.seconds = sum(float(r.get("seconds") or 0) for r in recs)
        for r in recs:
            for p in r.get("problems", []):
                o.problems.append(f"{p.get('code')}: {p.get('message')}")
        if crash:
            o.bad.append("crash: " + crash)
        if any(REPORT_MARK in p for p in o.problems):
            o.bad.append("traceback: " + next(p for p in o.problems if REPORT_MARK in p)[:160])
        if any(p.startswith("reader_crashed") for p in o.problems):
            o.bad.append("crash: a reader process crashed")
        if o.seconds > args.max_seconds or any(p.startswith("too_slow") for p in o.problems):
            o.bad.append(f"slow: {o.seconds:.1f} s")
        if any(p.startswith("too_much_memory") for p in o.problems):
            o.bad.append("memory: stopped by the memory budget")
        if not crash and (not recs or not _in_ledger(o.path, stored)):
            o.bad.append("dropped: " + ("no record" if not recs else "not in the ledger"))
    if traceback_seen and not crash:
        tail = stderr[stderr.find("Traceback") :][:300]
        for o in batch:
            if not o.bad:
                o.bad.append("traceback on stderr: " + tail.replace("\n", " | "))
                break
    if peak_gb > args.max_gb and len(batch) == 1:
        batch[0].bad.append(f"memory: {peak_gb:.2f} GB")


def _in_ledger(path: Path, stored: set[str]) -> bool:
    """The ledger keeps every file it was given (an empty one too), by its content hash."""
    return hashlib.sha256(path.read_bytes()).hexdigest() in stored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0, help="family sizes × this")
    parser.add_argument("--batch", type=int, default=25, help="files per command")
    parser.add_argument("--max-seconds", type=float, default=30.0)
    parser.add_argument("--max-gb", type=float, default=1.5)
    parser.add_argument("--only", help="comma-separated families")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()

    cases = make_cases(args.seed, args.scale)
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in cases if c.family in wanted]
    work = args.keep or Path(tempfile.mkdtemp(prefix="zf-fuzz-"))
    files = work / "files"
    shutil.rmtree(files, ignore_errors=True)
    outcomes: list[Outcome] = []
    for i, case in enumerate(cases):
        folder = files / f"{i:04d}"
        folder.mkdir(parents=True)
        path = Path(os.fsdecode(bytes(folder).rstrip(b"/") + b"/" + case.name))
        path.write_bytes(case.data)
        outcomes.append(Outcome(case, path))
    print(f"{len(cases)} files in {files} (seed {args.seed})", flush=True)

    started = time.perf_counter()
    peak = 0.0
    for start in range(0, len(outcomes), args.batch):
        batch = outcomes[start : start + args.batch]
        home = work / f"home-{start:04d}"
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        timeout = 60 + args.max_seconds * 2 * len(batch)
        result = run_batch([o.path for o in batch], home, timeout)
        peak = max(peak, result[2])
        if result[2] > args.max_gb or result[0] not in (0, 1):
            # find the file to blame: each alone
            for o in batch:
                solo = work / f"solo-{start:04d}"
                shutil.rmtree(solo, ignore_errors=True)
                solo.mkdir(parents=True)
                one = run_batch([o.path], solo, 60 + args.max_seconds * 2)
                judge([o], *one, solo, args)
        else:
            judge(batch, *result, home, args)
        done = start + len(batch)
        bad = sum(1 for o in outcomes[:done] if o.bad)
        print(
            f"  {done}/{len(outcomes)} files, {time.perf_counter() - started:.0f} s, "
            f"peak {result[2]:.2f} GB, {bad} bad so far",
            flush=True,
        )

    kinds = ("traceback", "crash", "slow", "memory", "dropped")
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        table[o.case.family]["files"] += 1
        for kind in kinds:
            if any(b.startswith(kind) for b in o.bad):
                table[o.case.family][kind] += 1
    print(f"\n{'family':10} {'files':>6} " + " ".join(f"{k:>9}" for k in kinds))
    total: Counter[str] = Counter()
    for family in FAMILIES:
        row = table.get(family)
        if not row:
            continue
        total.update(row)
        print(f"{family:10} {row['files']:>6} " + " ".join(f"{row[k]:>9}" for k in kinds))
    print(f"{'all':10} {total['files']:>6} " + " ".join(f"{total[k]:>9}" for k in kinds))
    slowest = max(outcomes, key=lambda o: o.seconds)
    print(
        f"\nslowest file: {slowest.seconds:.1f} s ({slowest.case.family}: {slowest.case.what}); "
        f"peak memory of a batch: {peak:.2f} GB; wall time {time.perf_counter() - started:.0f} s"
    )
    bad = [o for o in outcomes if o.bad]
    for o in bad[:40]:
        print(f"  {o.case.family:9} {o.case.what[:45]:45} {'; '.join(o.bad)[:200]}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
