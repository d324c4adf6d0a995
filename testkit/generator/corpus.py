"""Build a corpus of synthetic documents with ground truth files beside them.

Each case is ``<name>.<ext>`` plus ``<name>.json`` holding a list of expected records (one per
invoice in the file, in page order).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import Image

from testkit.generator.degrade import JPEG_VARIANTS, VARIANTS, degrade
from testkit.generator.layouts import (
    LAYOUT_GROUPS,
    LAYOUT_NAMES,
    Layout,
    layouts_for,
    render_layout_pdf,
)
from testkit.generator.render import render_pdf
from testkit.generator.structured import einvoice_xml, write_ofd
from testkit.generator.truth import DOC_TYPES, make_truth

RASTER_DPI = 200
VAT_FORMS = ("digital-special", "digital-general", "electronic-general", "paper-special")


@dataclass(frozen=True)
class CorpusCase:
    path: Path
    doc_type: str
    variant: str
    truth: list[dict[str, Any]]
    layout: str = "classic"


def rasterize(pdf_path: Path, dpi: int = RASTER_DPI) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in pdf]
    finally:
        pdf.close()


def public(truth: dict[str, Any]) -> dict[str, Any]:
    """The truth as written: without the ``_``-prefixed keys only the drawing uses."""
    return {k: v for k, v in truth.items() if not k.startswith("_")}


def parse_case_name(name: str) -> tuple[str, int, str, str]:
    """``vat_invoice-03-digital2024-scan`` → (doc_type, n, layout, variant); names without a
    layout (``vat_invoice-03-scan``) are "classic"."""
    doc_type, n, rest = Path(name).stem.split("-", 2)
    layout, _, variant = rest.partition("-")
    if layout not in LAYOUT_NAMES or not variant:
        layout, variant = "classic", rest
    return doc_type, int(n), layout, variant


def _write_truth(path: Path, truths: list[dict[str, Any]]) -> None:
    truths = [public(t) for t in truths]
    path.with_suffix(".json").write_text(
        json.dumps(truths, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def make_case(
    out: Path,
    name: str,
    truth: dict[str, Any],
    variant: str,
    rng: random.Random,
    layout: Layout | None = None,
) -> CorpusCase:
    """Write one document of ``variant`` ("text", "xml", "ofd-new", "ofd-old", "scanpdf" or a
    raster variant from ``degrade.VARIANTS``), drawn in ``layout`` (None: the classic one).
    "dotmatrix" draws the printed values off their labels (new layouts only), then scans."""
    out.mkdir(parents=True, exist_ok=True)
    base = out / f"{name}-{variant}"
    if variant == "xml":
        path = base.with_suffix(".xml")
        path.write_text(einvoice_xml(truth), encoding="utf-8")
    elif variant.startswith("ofd-"):
        path = base.with_suffix(".ofd")
        write_ofd(truth, path, schema=variant[4:])
        if variant == "ofd-old":  # the old schema carries no 大写
            truth = {k: v for k, v in truth.items() if k != "total_in_words"}
    else:
        pdf_path = base.with_suffix(".pdf")
        if layout is None:
            render_pdf([truth], pdf_path)
        else:
            dotmatrix = variant == "dotmatrix"
            render_layout_pdf(
                truth, pdf_path, layout, dotmatrix=dotmatrix, seed=rng.randrange(1 << 30)
            )
        if variant == "text":
            path = pdf_path
        else:
            image = degrade(
                rasterize(pdf_path)[0], "scan" if variant == "scanpdf" else variant, rng
            )
            pdf_path.unlink()
            if variant == "scanpdf":
                path = pdf_path
                image.save(path, "PDF", resolution=RASTER_DPI)
            elif variant in JPEG_VARIANTS:
                path = base.with_suffix(".jpg")
                image.save(path, "JPEG", quality=88 if variant == "photo" else 95)
            elif variant == "fax":  # as fax servers deliver it: TIFF-F, Group 4, its dpi
                path = base.with_suffix(".tif")
                image.save(path, "TIFF", compression="group4", dpi=image.info["dpi"])
            else:
                path = base.with_suffix(".png")
                image.save(path, dpi=(RASTER_DPI, RASTER_DPI))
    _write_truth(path, [truth])
    return CorpusCase(
        path, truth["doc_type"], variant, [public(truth)], layout.name if layout else "classic"
    )


def build_corpus(
    out: Path,
    *,
    per_type: int = 3,
    variants: Iterable[str] = ("text", "scan", "skew", "blur", "jpeg", "noise", "lowres", "photo"),
    doc_types: Iterable[str] | None = None,
    seed: int = 20261122,
    layouts: str = "classic",
) -> list[CorpusCase]:
    """``layouts``: "classic" (the original drawings, unchanged), "new" (the real-world
    layouts of ``layouts.py``, ``per_type`` documents of each) or "all" (both)."""
    if layouts not in ("classic", "new", "all"):
        raise ValueError(f"layouts must be classic, new or all, not {layouts!r}")
    rng = random.Random(seed)
    cases: list[CorpusCase] = []
    variants = list(variants)
    wanted_types = list(doc_types) if doc_types is not None else None
    if layouts != "new":
        classic_types = [d for d in wanted_types or DOC_TYPES if d != "not_invoice"]
        # "dotmatrix" needs a layout that tells labels from values: the classic ones don't
        classic_variants = [v for v in variants if v != "dotmatrix"]
        cases += _classic_cases(out, per_type, classic_variants, classic_types, rng)
    if layouts != "classic":
        for group in wanted_types or LAYOUT_GROUPS:
            for layout in layouts_for(group):
                for n in range(per_type):
                    truth = layout.make(rng)
                    for variant in variants:
                        if variant == "dotmatrix" and not layout.paper(truth):
                            continue  # only pre-printed forms get values printed onto them
                        name = f"{group}-{n:02d}-{layout.name}"
                        cases.append(make_case(out, name, truth, variant, rng, layout))
    return cases


def _classic_cases(
    out: Path, per_type: int, variants: list[str], doc_types: list[str], rng: random.Random
) -> list[CorpusCase]:
    cases = []
    for doc_type in doc_types:
        for n in range(per_type):
            sub = VAT_FORMS[n % len(VAT_FORMS)] if doc_type == "vat_invoice" else None
            truth = make_truth(doc_type, rng, sub)
            wanted = list(variants)
            if truth.get("invoice_form") == "digital" and doc_type in (
                "vat_invoice",
                "toll_receipt",
            ):
                wanted += ["xml", "ofd-new"]
            if truth.get("invoice_form") == "electronic":
                wanted += ["ofd-old"]
            for variant in wanted:
                cases.append(make_case(out, f"{doc_type}-{n:02d}", truth, variant, rng))
    return cases


def make_multi_invoice_pdf(out: Path, count: int = 2, seed: int = 7) -> CorpusCase:
    rng = random.Random(seed)
    truths = [make_truth("vat_invoice", rng, VAT_FORMS[i % 2]) for i in range(count)]
    path = out / "multi-invoice.pdf"
    render_pdf(truths, path)
    _write_truth(path, truths)
    return CorpusCase(path, "vat_invoice", "multi", truths)


def make_samples(out: Path, truth_dir: Path) -> list[Path]:
    """The small sample set shipped in resources/samples (used by `make demo`); their ground
    truth goes to ``truth_dir`` so the samples folder holds documents only."""
    rng = random.Random(2026)
    plan = [
        ("vat_invoice", "digital-special", "text"),
        ("vat_invoice", "digital-general", "xml"),
        ("vat_invoice", "electronic-general", "scan"),
        ("vat_invoice", "paper-special", "photo"),
        ("train_ticket", None, "text"),
        ("flight_itinerary", None, "scan"),
        ("taxi_receipt", None, "photo"),
        ("quota_invoice", None, "scan"),
        ("toll_receipt", None, "ofd-new"),
        ("receipt", None, "scan"),
    ]
    paths = []
    for i, (doc_type, sub, variant) in enumerate(plan):
        truth = make_truth(doc_type, rng, sub)
        case = make_case(out, f"{i + 1:02d}-{doc_type}", truth, variant, rng)
        # shrink the raster samples so the repository stays small
        if case.path.suffix in (".png", ".jpg"):
            img = Image.open(case.path)
            img.thumbnail((1400, 1400))
            if case.path.suffix == ".png":
                img.convert("L").save(case.path, optimize=True)
            else:
                img.save(case.path, "JPEG", quality=80)
        truth_dir.mkdir(parents=True, exist_ok=True)
        case.path.with_suffix(".json").replace(truth_dir / case.path.with_suffix(".json").name)
        paths.append(case.path)
    return paths


__all__ = [
    "VARIANTS",
    "CorpusCase",
    "build_corpus",
    "make_case",
    "make_samples",
    "parse_case_name",
    "rasterize",
]
