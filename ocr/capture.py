"""The capture pipeline: a file in, one expense record per document found out.

Order of reading: structured data (XML/OFD) → PDF text layer → QR code → OCR. A file that
cannot be read yields one record with ``doc_type: unknown``, ``status: review`` and a problem
that says what happened; the batch goes on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ocr import doctypes, structured
from ocr.budget import DEFAULT_BUDGET, Beat, Budget, allow_pages, checkpoint, reading
from ocr.category import guess_category
from ocr.doctypes.base import PageContext
from ocr.doctypes.other_documents import score_other
from ocr.engines import DEFAULT_ENGINE, get_engine
from ocr.errors import (
    CaptureError,
    DocumentTooLarge,
    NoInvoice,
    NoStructuredData,
    TooSlow,
    UnsupportedFileType,
)
from ocr.filenames import readable, readable_name
from ocr.layout import PageText, drop_app_chrome, drop_transmission_header
from ocr.load import SUPPORTED, Page, file_hash, load_image, load_pdf, read_bytes, sniff
from ocr.ofd import apply_tags, load_ofd
from ocr.qr import InvoiceQR, find_invoice_qr
from ocr.read import read_image, region_reader
from ocr.records import READ_FIELDS, ExpenseRecord
from ocr.validate import apply_qr, validate

log = logging.getLogger(__name__)

Progress = Callable[[int, int, Path], None]
OTHER_MIN_SCORE = 6.0  # keyword score that makes a page a known non-expense document


@dataclass(frozen=True)
class CaptureOptions:
    engine: str = DEFAULT_ENGINE
    workers: int = 1


def error_record(path: Path, error: CaptureError, page: int | None = None) -> ExpenseRecord:
    """The one record of a file (or of the rest of one) that could not be read."""
    rec = ExpenseRecord(source=readable(path), page=page, doc_type="unknown", currency=None)
    rec.add_problem(None, error.code, error.message)
    rec.status = "review"
    return rec


def capture_file(
    path: Path | str,
    options: CaptureOptions | None = None,
    *,
    budget: Budget = DEFAULT_BUDGET,
    beat: Beat | None = None,
) -> list[ExpenseRecord]:
    """Every document in one file, read in this process within ``budget``'s time (``beat``
    is told of each stage). Never raises for a bad file: the problem is in the record."""
    path = Path(path)
    options = options or CaptureOptions()
    started = time.perf_counter()
    name = readable_name(path)
    try:
        with reading(name, budget, beat):
            records = _capture(path, options)
    except CaptureError as exc:
        log.warning("%s: %s", readable(path), exc.message)
        records = [error_record(path, exc)]
    except Exception as exc:  # a bug must not lose the rest of the batch
        log.exception("unexpected failure reading %s", readable(path))
        err = CaptureError(
            f"Zhangfang could not read {name} ({type(exc).__name__}: {str(exc)[:200]}); "
            "please report this with the file"
        )
        records = [error_record(path, err)]
    elapsed = time.perf_counter() - started
    for rec in records:
        rec.seconds = elapsed / len(records)
    return link_supporting(records)


def _capture(path: Path, options: CaptureOptions) -> list[ExpenseRecord]:
    data = read_bytes(path)
    kind = sniff(data)
    digest = file_hash(data)
    if kind == "ofd":
        try:
            rec = structured.read_ofd(data, readable(path))
        except NoStructuredData:
            return _capture_ofd_pages(path, data, options, digest)
        return [_structured(rec, kind, digest)]
    if kind == "xml":
        return [_structured(structured.read_xml(data, readable(path)), kind, digest)]
    if kind == "pdf":
        pages = load_pdf(data, readable_name(path))
    elif kind == "image":
        pages = load_image(data, readable_name(path))
    else:
        name = readable_name(path)
        raise UnsupportedFileType(f"{name} is not a document Zhangfang reads; use {SUPPORTED}")

    allow_pages(len(pages))
    records: list[ExpenseRecord] = []
    for page in pages:
        try:
            checkpoint(f"page {page.number} of {len(pages)}")
            rec = _capture_page(path, page, options, digest, multi=len(pages) > 1)
        except TooSlow as exc:
            if not records:
                raise
            # the pages read so far are kept; the rest is for a person
            records.append(error_record(path, exc, page=page.number))
            break
        finally:
            page.release()  # a long scan's pages are not all held in memory at once
        if rec is None:
            continue
        if records and rec.doc_type == "trip_list" == records[-1].doc_type:
            _continue_trip_list(records[-1], rec)  # page 2 of the trips
            continue
        records.append(rec)
    return _some(records, path, len(pages))


def _continue_trip_list(first: ExpenseRecord, more: ExpenseRecord) -> None:
    for name in ("issue_date", "total"):
        if getattr(first, name) is None and getattr(more, name) is not None:
            setattr(first, name, getattr(more, name))
            first.confidence[name] = more.confidence.get(name, 0.0)
            if name in more.boxes:
                first.boxes[name] = more.boxes[name]
    first.problems = [
        p
        for p in first.problems
        if not (p.code == "missing" and getattr(first, p.field or "", None) is not None)
    ]


def _structured(rec: ExpenseRecord, kind: str, digest: str) -> ExpenseRecord:
    """A record copied from structured data (XML, an OFD attachment): exact."""
    rec.engine = kind
    _finish(
        rec, doctypes.MODULES.get(rec.doc_type), exact=True, confirmed=set(), content_hash=digest
    )
    return rec


def _some(records: list[ExpenseRecord], path: Path, pages: int) -> list[ExpenseRecord]:
    if not records:
        raise NoInvoice(
            f"{readable_name(path)}: no invoice or receipt was found on "
            f"{'any of its ' + str(pages) + ' pages' if pages > 1 else 'the page'}; "
            "check that this is the right file, or enter the record by hand"
        )
    return records


def _capture_ofd_pages(
    path: Path, data: bytes, options: CaptureOptions, digest: str
) -> list[ExpenseRecord]:
    """An OFD without an attachment: its pages' text objects read like a PDF's text layer,
    the values the issuer tagged taking precedence; an OFD of pictures only is read by OCR."""
    doc = load_ofd(data, readable_name(path))
    qr = None
    for image in doc.images:
        qr, _found = find_invoice_qr(image)
        if qr:
            break
    pages = [p for p in doc.pages if p.has_text_layer]
    if not pages and doc.images:
        largest = max(doc.images, key=lambda im: im.width * im.height)
        pages = [Page(1, largest.width, largest.height, _image=largest)]
    records = []
    for page in pages:
        rec = _capture_page(path, page, options, digest, multi=len(pages) > 1, qr=qr, tags=doc.tags)
        if rec is not None:
            rec.engine = "ofd" if page.has_text_layer else rec.engine
            records.append(rec)
            qr, doc.tags = None, {}  # the QR code and the tags belong to the first invoice
    return _some(records, path, len(doc.pages))


_FIND_QR = object()


def _capture_page(
    path: Path,
    page: Page,
    options: CaptureOptions,
    digest: str,
    *,
    multi: bool,
    qr: InvoiceQR | object | None = _FIND_QR,
    tags: dict[str, str] | None = None,
) -> ExpenseRecord | None:
    exact = page.has_text_layer
    content_hash = f"{digest}:{page.number}" if multi else digest
    if page.refused:
        rec = error_record(path, DocumentTooLarge(page.refused), page=page.number)
        rec.fingerprint = rec.compute_fingerprint(content_hash)
        return rec
    if not exact and page.looks_blank():
        log.info("%s page %d is blank", readable(path), page.number)
        return None
    found = None
    if qr is _FIND_QR:
        qr, found = find_invoice_qr(page.image)
    reread = None
    if exact:
        text = PageText(page.words or [], page.width, page.height)
        engine_name = "text-layer"
    else:
        hint = rotation_from_qr(found.orientation) if found else None
        checkpoint(f"page {page.number}'s OCR")
        engine = get_engine(options.engine)
        reading = read_image(engine, page.image, hint)
        page.set_image(reading.image)
        boxes = drop_transmission_header(reading.boxes, reading.image.height)
        boxes = drop_app_chrome(boxes, reading.image.width, reading.image.height)
        text = PageText(boxes, reading.image.width, reading.image.height)
        engine_name = options.engine
        reread = region_reader(engine, reading.image)
    doc_type, score = doctypes.classify(text.compact, qr, fuzzy=not exact)
    # OCR slips are forgiven only when the page is not already clearly an invoice
    fuzzy_other = not exact and score < doctypes.CLEAR_SCORE
    other, other_score = score_other(text.compact, doctypes.fuzzy_contains if fuzzy_other else None)
    if other is not None and other_score >= OTHER_MIN_SCORE and other_score >= score:
        log.info("%s page %d: %s, not an expense document", readable(path), page.number, other.what)
        rec = ExpenseRecord(
            source=readable(path), page=page.number, doc_type="unknown", engine=engine_name
        )
        rec.add_problem(None, "not_an_invoice", f"{readable_name(path)}: this is {other.message}")
        rec.status = "review"
        rec.fingerprint = rec.compute_fingerprint(content_hash)
        return rec
    if doc_type == "unknown":
        log.info("%s page %d: no invoice recognised", readable(path), page.number)
        return None
    module = doctypes.MODULES[doc_type]
    ctx = PageContext(
        text=text, page_number=page.number, source=readable(path), qr=qr, reread=reread
    )
    rec = module.extract(ctx)
    rec.engine = engine_name
    for note in page.notes:
        rec.add_problem(None, "text_layer_unreadable", note, "warning")
    if tags:
        apply_tags(rec, tags)
    confirmed = apply_qr(rec, qr, exact_text=exact) if qr else set()
    _finish(
        rec,
        module,
        exact=exact,
        confirmed=confirmed,
        content_hash=content_hash,
    )
    return rec


def rotation_from_qr(orientation: int) -> int:
    """zxing reports how far the symbol is turned clockwise; undo it (PIL rotates anticlockwise)."""
    return round(orientation / 90) % 4 * 90


def _finish(
    rec: ExpenseRecord, module, *, exact: bool, confirmed: set[str], content_hash: str
) -> None:
    if exact:
        for name in READ_FIELDS:
            if getattr(rec, name) not in (None, ""):
                rec.confidence[name] = 1.0
    validate(rec, module, exact=exact, confirmed=confirmed)
    rec.category = guess_category(rec)
    rec.fingerprint = rec.compute_fingerprint(content_hash)


def link_supporting(records: list[ExpenseRecord]) -> list[ExpenseRecord]:
    """Name, on each trip list, the invoice it supports: the one with the same total."""
    invoices = [r for r in records if r.doc_type in ("vat_invoice", "taxi_receipt")]
    for rec in records:
        if rec.doc_type != "trip_list" or rec.total is None:
            continue
        same = [r for r in invoices if r.total == rec.total]
        if len(same) == 1:
            inv = same[0]
            rec.add_problem(
                None,
                "supports",
                f"supports invoice {inv.invoice_number or '?'} ({Path(inv.source).name}, "
                f"total {inv.total}); attach it to that claim",
                "warning",
            )
    return records
