"""OFD (GB/T 33190) read as pages: the text objects of each page and its template, the
semantic tags that bind invoice fields to those objects, and the embedded images.

Real invoice OFDs come in several forms: with an ``original_invoice.xml`` attachment (read by
:mod:`ocr.structured`), with only ``CustomTag.xml`` tags pointing at page text objects (many
数电票), with ``CustomData`` entries in ``OFD.xml``, or with nothing but the page. Here every
form becomes what a text-layer PDF gives — words with their boxes — so the same extraction
reads it, and the tagged values (exact: the issuer bound them to the fields) override what
the layout found.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath
from xml.etree.ElementTree import Element

from PIL import Image, UnidentifiedImageError

from ocr.amounts import plain_money
from ocr.dates import parse_date
from ocr.errors import CorruptDocument, UnsupportedFileType
from ocr.layout import TextBox
from ocr.load import RENDER_DPI, Page
from ocr.package import OfdPackage
from ocr.records import ExpenseRecord
from ocr.structured import parse_xml

log = logging.getLogger(__name__)

PX_PER_MM = RENDER_DPI / 25.4
MAX_OBJECTS = 200_000

# tag element (local name) → record field; old (fp:) and 数电 (ofd:) tags share these names
TAG_FIELDS = {
    "InvoiceCode": "invoice_code",
    "InvoiceNo": "invoice_number",
    "IssueDate": "issue_date",
    "InvoiceCheckCode": "check_code",
    "BuyerName": "buyer_name",
    "BuyerTaxID": "buyer_tax_id",
    "SellerName": "seller_name",
    "SellerTaxID": "seller_tax_id",
    "TaxExclusiveTotalAmount": "amount",
    "TaxTotalAmount": "tax",
    "TaxInclusiveTotalAmount": "total",
}
# OFD.xml CustomData names (Chinese) → record field
CUSTOM_DATA_FIELDS = {
    "发票代码": "invoice_code",
    "发票号码": "invoice_number",
    "开票日期": "issue_date",
    "校验码": "check_code",
    "购买方纳税人识别号": "buyer_tax_id",
    "购买方纳税人识别码": "buyer_tax_id",
    "销售方纳税人识别号": "seller_tax_id",
    "销售方纳税人识别码": "seller_tax_id",
    "合计金额": "amount",
    "合计税额": "tax",
    "价税合计": "total",
}


@dataclass
class OfdDocument:
    pages: list[Page]
    tags: dict[str, str] = field(default_factory=dict)  # record field → text as printed
    images: list[Image.Image] = field(default_factory=list)  # embedded pictures (QR, scans)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def _children(node: Element, name: str) -> list[Element]:
    return [c for c in node.iter() if _local(c.tag) == name]


def _first(node: Element, name: str) -> Element | None:
    found = _children(node, name)
    return found[0] if found else None


def _physical_box(node: Element) -> list[float]:
    """The first PhysicalBox under ``node`` (x y width height, mm); empty when there is none."""
    box = _first(node, "PhysicalBox")
    return _floats(box.text) if box is not None else []


def _floats(value: str | None) -> list[float]:
    if not value:
        return []
    try:
        return [float(v) for v in value.split()]
    except ValueError:
        return []


def _xml(pkg: OfdPackage, name: str) -> Element | None:
    data = pkg.read(name)
    return parse_xml(data, pkg.source) if data is not None else None


def _resolve(base: str, loc: str) -> str:
    """A location inside the package: absolute (``/Doc_0/…``) or relative to ``base``'s folder."""
    loc = loc.strip()
    if loc.startswith("/"):
        return loc.lstrip("/")
    parts: list[str] = []
    for part in (PurePosixPath(base).parent / loc).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


def _delta_x(spec: str | None, count: int, size: float) -> list[float]:
    """Advances between characters; ``g N d`` repeats ``d`` N times (GB/T 33190 §11.3)."""
    tokens = (spec or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < count - 1:
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                n, d = int(tokens[i + 1]), float(tokens[i + 2])
            except ValueError:
                break
            out.extend([d] * n)
            i += 3
        else:
            try:
                out.append(float(tokens[i]))
            except ValueError:
                break
            i += 1
    while len(out) < count - 1:
        out.append(out[-1] if out else size)
    return out[: max(0, count - 1)]


def _text_objects(root: Element) -> list[tuple[str, list[TextBox]]]:
    """(object ID, one box per TextCode) for every text object of a page, in mm."""
    out = []
    for obj in _children(root, "TextObject"):
        boundary = _floats(obj.get("Boundary"))
        if len(boundary) < 4:
            continue
        bx, by = boundary[0], boundary[1]
        size = float(obj.get("Size") or 3.0)
        ctm = _floats(obj.get("CTM"))
        scale_x = ctm[0] if len(ctm) == 6 and ctm[0] > 0 else 1.0
        scale_y = ctm[3] if len(ctm) == 6 and ctm[3] > 0 else 1.0
        boxes = []
        x = y = 0.0
        for code in _children(obj, "TextCode"):
            text = (code.text or "").strip("\r\n")
            if not text.strip():
                continue
            x = float(code.get("X") or x)
            y = float(code.get("Y") or y)
            advances = _delta_x(code.get("DeltaX"), len(text), size)
            width = (sum(advances) + size * 0.9) * scale_x
            height = size * scale_y
            baseline = by + y * scale_y
            x0 = bx + x * scale_x
            boxes.append(
                TextBox(
                    text.strip(), x0, baseline - 0.85 * height, x0 + width, baseline + 0.2 * height
                )
            )
        out.append((obj.get("ID") or "", boxes))
    return out


def _px(box: TextBox) -> TextBox:
    return TextBox(
        box.text, box.x0 * PX_PER_MM, box.y0 * PX_PER_MM, box.x1 * PX_PER_MM, box.y1 * PX_PER_MM
    )


def load_ofd(data: bytes, source: str) -> OfdDocument:
    """Pages (as text-layer words), tagged field values and embedded images of an OFD."""
    with OfdPackage(data, source) as pkg:
        ofd = _xml(pkg, "OFD.xml")
        if ofd is None:
            raise UnsupportedFileType(f"{source} is not an OFD (no OFD.xml)")
        root_loc = _first(ofd, "DocRoot")
        if root_loc is None or not (root_loc.text or "").strip():
            raise CorruptDocument(f"{source}: OFD.xml names no document; download it again")
        doc_path = _resolve("OFD.xml", root_loc.text or "")
        document = _xml(pkg, doc_path)
        if document is None:
            raise CorruptDocument(f"{source}: its document {doc_path} is missing")
        default_box = _physical_box(document)
        templates = {
            t.get("ID") or "": _resolve(doc_path, t.get("BaseLoc") or "")
            for t in _children(document, "TemplatePage")
        }
        objects: dict[tuple[str, str], str] = {}  # (page ID, object ID) → text
        pages: list[Page] = []
        count = 0
        for number, page_el in enumerate(_children(document, "Page"), start=1):
            page_id = page_el.get("ID") or str(number)
            page_path = _resolve(doc_path, page_el.get("BaseLoc") or "")
            content = _xml(pkg, page_path)
            if content is None:
                continue
            box = _physical_box(content) or default_box or [0, 0, 210, 140]
            layers = []
            for tpl in _children(content, "Template"):
                tpl_root = _xml(pkg, templates.get(tpl.get("TemplateID") or "", ""))
                if tpl_root is not None:
                    layers.append(tpl_root)
            layers.append(content)
            words: list[TextBox] = []
            for layer in layers:
                for obj_id, boxes in _text_objects(layer):
                    count += 1
                    if count > MAX_OBJECTS:
                        raise CorruptDocument(f"{source} has implausibly many text objects")
                    if layer is content and obj_id:
                        objects[(page_id, obj_id)] = "".join(b.text for b in boxes)
                    words.extend(_px(b) for b in boxes)
            pages.append(
                Page(
                    number=number,
                    width=round(box[2] * PX_PER_MM),
                    height=round(box[3] * PX_PER_MM),
                    words=words or None,
                )
            )
        tags = _custom_data(ofd)
        tags.update(_custom_tags(pkg, doc_path, document, objects))
        images = _images(pkg)
    if not pages:
        raise CorruptDocument(f"{source}: the OFD has no pages")
    return OfdDocument(pages, tags, images)


def _custom_data(ofd: Element) -> dict[str, str]:
    out = {}
    for item in _children(ofd, "CustomData"):
        name = (item.get("Name") or "").strip()
        if name in CUSTOM_DATA_FIELDS and (item.text or "").strip():
            out[CUSTOM_DATA_FIELDS[name]] = item.text.strip()
    return out


def _custom_tags(
    pkg: OfdPackage, doc_path: str, document: Element, objects: dict[tuple[str, str], str]
) -> dict[str, str]:
    """Field values from the tag files: each field element lists ObjectRefs (page ID, object
    ID) whose text, joined, is the value."""
    out: dict[str, str] = {}
    index_el = _first(document, "CustomTags")
    if index_el is None or not (index_el.text or "").strip():
        return out
    index_path = _resolve(doc_path, index_el.text or "")
    index = _xml(pkg, index_path)
    if index is None:
        return out
    for loc in _children(index, "FileLoc"):
        tag_root = _xml(pkg, _resolve(index_path, loc.text or ""))
        if tag_root is None:
            continue
        for el in tag_root.iter():
            name = TAG_FIELDS.get(_local(el.tag))
            if name is None or name in out:
                continue
            refs = [r for r in el if _local(r.tag) == "ObjectRef"]
            text = "".join(
                objects.get((r.get("PageRef") or "", (r.text or "").strip()), "") for r in refs
            )
            if text.strip():
                out[name] = text.strip()
    return out


def _images(pkg: OfdPackage) -> list[Image.Image]:
    out = []
    for name in pkg.names:
        if re.search(r"\.(png|jpe?g|bmp|tiff?)$", name, re.IGNORECASE):
            data = pkg.read(name)
            if not data:
                continue
            try:
                with Image.open(io.BytesIO(data)) as probe:
                    if probe.width * probe.height > 40_000_000:
                        continue
                    out.append(probe.convert("RGB"))
            except (UnidentifiedImageError, OSError, ValueError):
                log.info("%s: embedded image %s is unreadable; skipped", pkg.source, name)
    return out


def tagged_value(name: str, text: str) -> object | None:
    """A tagged value in the record's type (``¥1,234.50`` → Decimal, ``2020年08月05日`` → date)."""
    if name in ("amount", "tax", "total"):
        if re.fullmatch(r"\s*[¥￥]?\s*\*+\s*", text):
            return Decimal("0.00")  # *** is 免税
        return plain_money(re.sub(r"[¥￥,\s]", "", text))
    if name == "issue_date":
        return parse_date(text)
    if name in ("invoice_code", "invoice_number", "check_code"):
        value = re.sub(r"\D", "", text)
        return value or None
    if name in ("buyer_tax_id", "seller_tax_id"):
        return re.sub(r"\s", "", text).upper() or None
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）") or None


def apply_tags(rec: ExpenseRecord, tags: dict[str, str]) -> None:
    """The issuer's tags are exact: they replace what the layout read for the same field."""
    for name, text in tags.items():
        value = tagged_value(name, text)
        if value is None:
            continue
        if getattr(rec, name) not in (None, value):
            log.info(
                "%s: %s tagged as %s, layout read %s", rec.source, name, value, getattr(rec, name)
            )
        setattr(rec, name, value)
        rec.confidence[name] = 1.0
    if rec.invoice_number and len(rec.invoice_number) == 20 and not rec.invoice_code:
        rec.invoice_form = "digital"


__all__ = ["OfdDocument", "apply_tags", "load_ofd", "tagged_value"]
