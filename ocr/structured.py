"""Structured e-invoices: the 数电票 XML and OFD (new ``EInvoice`` and old ``fp:`` schemas).

These are exact: values are copied, never recognised. XML from outside is parsed with
defusedxml (no entities, no network).
"""

from __future__ import annotations

import codecs
import re
from decimal import Decimal
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ocr.amounts import plain_decimal, plain_money
from ocr.dates import parse_date
from ocr.errors import CorruptDocument, NoStructuredData, UnsupportedFileType
from ocr.package import OfdPackage
from ocr.records import ExpenseRecord, LineItem

MAX_XML_BYTES = 20 * 1024 * 1024


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def _find(root: Element, path: str) -> Element | None:
    """Find by local names (``A/B/C``), ignoring namespaces and prefixes."""
    nodes = [root]
    for part in path.split("/"):
        nxt = []
        for node in nodes:
            nxt.extend(
                child for child in node.iter() if child is not node and _local(child.tag) == part
            )
        if not nxt:
            return None
        nodes = nxt[:1]
    return nodes[0]


def _text(root: Element, path: str) -> str | None:
    node = _find(root, path)
    if node is None or node.text is None:
        return None
    value = node.text.strip()
    return value or None


def _all(root: Element, name: str) -> list[Element]:
    return [el for el in root.iter() if _local(el.tag) == name]


def _rate(value: str | None) -> str | None:
    if not value:
        return None
    number = plain_decimal(value)
    if number is None:
        return value[:20]
    if number < 1:
        number *= 100
    return f"{number.normalize():f}%"


def _money(rec: ExpenseRecord, name: str, text: str | None) -> None:
    """Set money field ``name`` from the data's text; a value that is not a plain number is
    left empty with a problem naming it (the issuer's data is wrong, or the file damaged)."""
    value = plain_money(text)
    setattr(rec, name, value)
    if value is None and text and text.strip():
        shown = text.strip()[:30] + ("…" if len(text.strip()) > 30 else "")
        rec.add_problem(
            name,
            "bad_value",
            f"the invoice data gives {name} as {shown!r}, which is not an amount; "
            "check it on the invoice image",
        )


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def as_utf8(data: bytes, name: str) -> bytes:
    """XML text as UTF-8 with its declaration saying so, whatever it was written in: a BOM
    (UTF-8/16/32) decides, else the declared encoding (GBK, GB18030 … which the XML parser
    cannot read itself); undeclared bytes that are not UTF-8 but are GB18030 are read as such."""
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _decode(data[len(bom) :], encoding, name)
            break
    else:
        declared = _DECLARED.match(data[:200])
        encoding = declared.group(1).decode().lower() if declared else "utf-8"
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise CorruptDocument(
                f"{name} says it is written in {encoding!r}, an encoding that does not exist; "
                "export the invoice XML again"
            ) from None
        if codecs.lookup(encoding).name in ("utf-8", "ascii"):
            try:
                data.decode("utf-8")
                return data.lstrip()  # a blank line before the declaration is harmless
            except UnicodeDecodeError:
                encoding = "gb18030"  # a Chinese PC's file that claims (or assumes) UTF-8
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = _decode(data, "utf-8", name)  # declared wrongly, written in UTF-8
    text = re.sub(r"""^\s*<\?xml[^>]*\?>""", "", text, count=1)
    return b'<?xml version="1.0" encoding="UTF-8"?>' + text.encode("utf-8")


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CorruptDocument(
            f"{name} is not valid {encoding.upper()} text (byte {exc.start}); "
            "export the invoice XML again"
        ) from exc


def parse_xml(data: bytes, name: str) -> Element:
    if len(data) > MAX_XML_BYTES:
        raise CorruptDocument(f"{name}: XML larger than 20 MB is not an invoice")
    data = as_utf8(data, name)
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise CorruptDocument(
            f"{name} uses XML entities or DTDs, which invoices never do; refusing to read it"
        ) from exc
    except SafeET.ParseError as exc:
        raise CorruptDocument(f"{name} is not well-formed XML ({exc}); download it again") from exc


def record_from_einvoice(root: Element, source: str) -> ExpenseRecord:
    """The 数电票 ``EInvoice`` schema."""
    rec = ExpenseRecord(source=source, page=1, invoice_form="digital", engine="xml")
    rec.invoice_number = _text(root, "TaxSupervisionInfo/InvoiceNumber") or _text(root, "EIid")
    rec.issue_date = parse_date(_text(root, "TaxSupervisionInfo/IssueTime"))
    rec.seller_name = _text(root, "SellerInformation/SellerName")
    rec.seller_tax_id = _text(root, "SellerInformation/SellerIdNum")
    rec.buyer_name = _text(root, "BuyerInformation/BuyerName")
    rec.buyer_tax_id = _text(root, "BuyerInformation/BuyerIdNum")
    _money(rec, "amount", _text(root, "BasicInformation/TotalAmWithoutTax"))
    _money(rec, "tax", _text(root, "BasicInformation/TotalTaxAm"))
    _money(rec, "total", _text(root, "BasicInformation/TotalTax-includedAmount"))
    rec.total_in_words = _text(root, "BasicInformation/TotalTax-includedAmountInChinese")
    label = _text(root, "GeneralOrSpecialVAT/LabelCode")
    rec.invoice_kind = {"01": "special", "02": "general"}.get(label or "")
    for item in _all(root, "IssuItemInformation"):
        rec.items.append(
            LineItem(
                name=_text(item, "ItemName"),
                spec=_text(item, "SpecMod"),
                unit=_text(item, "MeaUnits"),
                quantity=plain_decimal(_text(item, "Quantity")),
                unit_price=plain_decimal(_text(item, "UnPrice")),
                amount=plain_money(_text(item, "Amount")),
                tax_rate=_rate(_text(item, "TaxRate")),
                tax=plain_money(_text(item, "ComTaxAm")),
            )
        )
    toll = _find(root, "SpecificInformation/Toll")
    rec.doc_type = "toll_receipt" if toll is not None else "vat_invoice"
    return rec


def record_from_old_ofd(root: Element, source: str) -> ExpenseRecord:
    """The pre-数电票 OFD e-invoice data (``fp:`` elements)."""
    rec = ExpenseRecord(source=source, page=1, invoice_form="electronic", engine="ofd")
    rec.invoice_code = _text(root, "InvoiceCode")
    rec.invoice_number = _text(root, "InvoiceNo")
    rec.issue_date = parse_date(_text(root, "IssueDate"))
    check = _text(root, "InvoiceCheckCode")
    rec.check_code = re.sub(r"\s", "", check) if check else None
    rec.buyer_name = _text(root, "Buyer/BuyerName")
    rec.buyer_tax_id = _text(root, "Buyer/BuyerTaxID")
    rec.seller_name = _text(root, "Seller/SellerName")
    rec.seller_tax_id = _text(root, "Seller/SellerTaxID")
    _money(rec, "amount", _text(root, "TaxExclusiveTotalAmount"))
    tax = _text(root, "TaxTotalAmount")
    if tax and set(tax) <= {"*"}:  # *** is 免税
        rec.tax = Decimal("0.00")
    else:
        _money(rec, "tax", tax)
    _money(rec, "total", _text(root, "TaxInclusiveTotalAmount"))
    rec.invoice_kind = "general"
    names = []
    for goods in _all(root, "GoodsInfo"):
        item = LineItem(
            name=_text(goods, "Item"),
            spec=_text(goods, "Specification"),
            unit=_text(goods, "MeasurementDimension"),
            quantity=plain_decimal(_text(goods, "Quantity")),
            unit_price=plain_decimal(_text(goods, "Price")),
            amount=plain_money(_text(goods, "Amount")),
            tax_rate=_text(goods, "TaxScheme"),
            tax=plain_money(_text(goods, "TaxAmount")),
        )
        rec.items.append(item)
        names.append(item.name or "")
    rec.doc_type = "toll_receipt" if any("通行费" in n for n in names) else "vat_invoice"
    return rec


def read_xml(data: bytes, source: str) -> ExpenseRecord:
    root = parse_xml(data, source)
    if _local(root.tag) == "EInvoice":
        return record_from_einvoice(root, source)
    if _local(root.tag) == "InvoiceData" or _find(root, "InvoiceNo") is not None:
        return record_from_old_ofd(root, source)
    raise UnsupportedFileType(
        f"{source} is XML but not a 数电票 (no EInvoice root); export the invoice XML again"
    )


def read_ofd(data: bytes, source: str) -> ExpenseRecord:
    """Read the structured invoice an OFD carries as an attachment (new or old schema)."""
    with OfdPackage(data, source) as pkg:
        names = list(pkg.names)
        candidates = _attachment_paths(pkg) + [
            n for n in names if n.lower().endswith(".xml") and "attach" in n.lower()
        ]
        for member in dict.fromkeys(candidates):
            if member not in pkg.names or member.endswith("Attachments.xml"):
                continue
            root = parse_xml(pkg.read(member) or b"", source)
            if _local(root.tag) == "EInvoice":
                return record_from_einvoice(root, source)
            if _find(root, "InvoiceNo") is not None:
                return record_from_old_ofd(root, source)
    raise NoStructuredData(
        f"{source} is an OFD without invoice data attached (no original_invoice.xml or fp: data)"
    )


def _attachment_paths(pkg: OfdPackage) -> list[str]:
    out = []
    for name in pkg.names:
        if name.endswith("Attachments.xml"):
            root = parse_xml(pkg.read(name) or b"", pkg.source)
            base = name.rsplit("/", 1)[0]
            for loc in _all(root, "FileLoc"):
                if loc.text:
                    target = loc.text.strip().lstrip("/")
                    out.append(target if "/" in target else f"{base}/{target}")
    return out
