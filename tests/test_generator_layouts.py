"""The generator's real-world layouts and degradations (testkit/generator/layouts.py, degrade.py).

The classic layouts must stay byte-for-byte what they were: the golden tests depend on them.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from testkit.generator.corpus import build_corpus, make_multi_invoice_pdf, parse_case_name
from testkit.generator.degrade import VARIANTS, degrade
from testkit.generator.layouts import LAYOUT_GROUPS, NEW_LAYOUTS, layouts_for, render_layout_pdf
from testkit.generator.truth import DOC_TYPES

NEW_VARIANTS = ("fax", "screenshot", "dotmatrix", "photo2")

# fingerprints of the classic corpus, taken with the generator as it was before the new layouts
# (the text one again once 数电票 QR codes carried the total, as real ones do)
CLASSIC_TEXT = "fa8256a76d1019a6e93887b1ecccd023207fe449fafd10f9141b0525b41ec6ac"
CLASSIC_RASTER = "74ae7c9a27e3b439a038f7f7037ca6bff021267f7760bb80fc78c676bd4bcf20"


def fingerprint(folder: Path) -> str:
    """A hash of every file: PDFs without their dates and ID, OFD zips by member contents (zip
    entries carry the time they were written), images by pixels."""
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode())
        if p.suffix == ".ofd":
            with zipfile.ZipFile(p) as z:
                for name in sorted(z.namelist()):
                    h.update(name.encode())
                    h.update(z.read(name))
            continue
        if p.suffix in (".png", ".jpg"):
            with Image.open(p) as im:
                h.update(im.mode.encode())
                h.update(repr(im.size).encode())
                h.update(im.tobytes())
            continue
        data = p.read_bytes()
        if p.suffix == ".pdf":
            data = re.sub(rb"/(CreationDate|ModDate) *\(D:[^)]*\)", b"", data)
            data = re.sub(rb"/ID *\[[^\]]*\]", b"", data)
        h.update(data)
    return h.hexdigest()


def test_classic_layouts_are_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", 1)  # no timestamps in the PDFs
    build_corpus(tmp_path / "t", per_type=4, variants=("text",), seed=5, layouts="classic")
    make_multi_invoice_pdf(tmp_path / "t")
    build_corpus(
        tmp_path / "r",
        per_type=1,
        variants=("scan", "lowres", "noise"),
        doc_types=("receipt", "quota_invoice"),
        seed=5,
    )
    assert fingerprint(tmp_path / "t") == CLASSIC_TEXT
    assert fingerprint(tmp_path / "r") == CLASSIC_RASTER


def _text_layer(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    return "".join(text.split())


def _money_forms(value: str) -> set[str]:
    forms = {value}
    if "." in value:
        forms.add(value.rstrip("0").rstrip("."))  # paper tickets print ¥123.5元, quotas 10元
    return forms


def _date_forms(value: str) -> set[str]:
    d = date.fromisoformat(value)
    return {
        value,
        value.replace("-", "."),
        f"{d:%Y%m%d}",
        f"{d.year}年{d.month:02d}月{d.day:02d}日",
    }


TEXT_FIELDS = (
    "invoice_code",
    "invoice_number",
    "check_code",
    "buyer_name",
    "buyer_tax_id",
    "seller_name",
    "seller_tax_id",
    "total_in_words",
    "passenger_name",
    "departure",
    "arrival",
    "train_or_flight_number",
    "seat_class",
    "ticket_number",
    "plate",
)


def _expected(truth: dict) -> dict[str, set[str]]:
    out = {}
    for name in TEXT_FIELDS:
        if truth.get(name):
            out[name] = {"".join(truth[name].split())}
    for name in ("total", "amount"):
        if truth.get(name):
            out[name] = _money_forms(truth[name])
    for name in ("issue_date", "travel_date"):
        if truth.get(name):
            out[name] = _date_forms(truth[name])
    for i, item in enumerate(truth.get("items") or []):
        out[f"item {i + 1} name"] = {item["name"].replace(" ", "")}
        out[f"item {i + 1} amount"] = {item["amount"]}
    return out


PAPER = [
    (layout, dot)
    for layout in NEW_LAYOUTS
    for dot in (False, True)
    if not dot or layout.paper(layout.make(random.Random(3)))
]


@pytest.mark.parametrize(
    ("layout", "dotmatrix"),
    PAPER,
    ids=[f"{lay.doc_type}-{lay.name}{'-dotmatrix' if dot else ''}" for lay, dot in PAPER],
)
def test_layout_text_layer_holds_the_truth(tmp_path: Path, layout, dotmatrix: bool) -> None:
    for seed in (3, 4):
        truth = layout.make(random.Random(seed))
        path = tmp_path / f"{seed}.pdf"
        render_layout_pdf(truth, path, layout, dotmatrix=dotmatrix, seed=seed)
        text = _text_layer(path)
        missing = {
            name: forms
            for name, forms in _expected(truth).items()
            if not any(f in text for f in forms)
        }
        assert not missing, f"not printed: {missing}\n{text}"
        if truth["doc_type"] == "not_invoice":
            assert truth["what"] in ("trip_list", "bank_receipt")
            if truth["what"] == "bank_receipt":
                for word in ("电子回单", "付款人", "收款人", "金额(大写)", "交易流水号"):
                    assert word in text
            else:
                assert "行程单" in text and "申请日期" in text and "笔行程" in text


def test_every_type_has_three_layouts_as_they_occur_in_reality() -> None:
    for doc_type in DOC_TYPES:
        assert layouts_for(doc_type), doc_type
    # the classic drawing counts as one of the three
    for doc_type in DOC_TYPES:
        if doc_type != "not_invoice":
            assert 1 + len(layouts_for(doc_type)) >= 3, doc_type
    assert len(layouts_for("vat_invoice")) >= 3
    assert {lay.name for lay in layouts_for("not_invoice")} == {"triplist", "bankreceipt"}
    assert set(NEW_VARIANTS) <= set(VARIANTS)


MONEY = re.compile(r"^-?\d+\.\d\d$")
DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


def test_new_corpus_truth_files_parse(tmp_path: Path) -> None:
    cases = build_corpus(tmp_path, per_type=1, variants=("text",), layouts="new")
    cases += build_corpus(
        tmp_path, per_type=1, variants=("dotmatrix",), doc_types=("taxi_receipt",), layouts="new"
    )
    assert {c.variant for c in cases if c.layout == "shanghai"} == {"text", "dotmatrix"}
    assert {c.layout for c in cases} == {lay.name for lay in NEW_LAYOUTS}
    groups = {parse_case_name(c.path.name)[0] for c in cases}
    assert groups == set(LAYOUT_GROUPS)
    for case in cases:
        doc_type, _n, layout, variant = parse_case_name(case.path.name)
        assert (layout, variant) == (case.layout, case.variant)
        if variant == "dotmatrix":
            assert case.path.suffix == ".png"
        truths = json.loads(case.path.with_suffix(".json").read_text(encoding="utf-8"))
        assert isinstance(truths, list) and len(truths) == 1
        truth = truths[0]
        assert truth == case.truth[0]
        assert truth["doc_type"] == (doc_type if doc_type != "not_invoice" else "not_invoice")
        assert not [k for k in truth if k.startswith("_")]
        for key in ("amount", "tax", "total"):
            if truth.get(key) is not None:
                assert MONEY.match(truth[key]), (case.path.name, key, truth[key])
        for key in ("issue_date", "travel_date"):
            if truth.get(key) is not None:
                assert DAY.match(truth[key]), (case.path.name, key, truth[key])
        for item in truth.get("items") or []:
            assert MONEY.match(item["amount"])
    trip = next(c.truth[0] for c in cases if c.layout == "triplist")
    assert set(trip) == {"doc_type", "what", "total", "issue_date"}
    bank = next(c.truth[0] for c in cases if c.layout == "bankreceipt")
    assert bank == {"doc_type": "not_invoice", "what": "bank_receipt"}


def _page(w: int = 900, h: int = 600) -> Image.Image:
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    d.rectangle((40, 40, w - 40, h - 40), outline="black", width=3)
    for y in range(80, h - 60, 40):
        d.text((60, y), "INVOICE 12345678 TOTAL 123.45", fill="black")
    return img


@pytest.mark.parametrize("variant", NEW_VARIANTS)
def test_new_degradations(variant: str) -> None:
    page = _page()
    out = degrade(page, variant, random.Random(7))
    assert isinstance(out, Image.Image)
    w, h = out.size
    if variant == "fax":
        assert out.mode == "1"
        x_dpi, y_dpi = out.info["dpi"]
        assert x_dpi == 204 and y_dpi in (98, 196)
        assert 1.0 * 900 < w < 1.06 * 900
        assert 0.95 * 600 * y_dpi / 200 < h < 600 * y_dpi / 200 + 20
        ink = 1 - np.asarray(out.convert("L"), dtype=float).mean() / 255
        assert 0.01 < ink < 0.6
    elif variant == "dotmatrix":
        assert out.mode == "RGB" and out.size == page.size
    elif variant == "screenshot":
        assert out.mode == "RGB"
        assert (w, h) != page.size and 400 < max(w, h) < 2340
    else:
        assert out.mode == "RGB" and w > 900 * 0.8 and h > 600 * 0.8
    assert degrade(page, variant, random.Random(7)).tobytes() == out.tobytes()  # seeded
