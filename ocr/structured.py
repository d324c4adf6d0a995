"""Structured e-invoices: the 数电票 XML and OFD (new ``EInvoice`` and old ``fp:`` schemas).

These are exact: values are copied, never recognised. XML from outside is parsed with
defusedxml (no entities, no network).
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ocr.amounts import parse_money
from ocr.dates import parse_date
from ocr.errors import CorruptDocument, NoStructuredData, UnsupportedFileType
from ocr.records import ExpenseRecord, LineItem

MAX_XML_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBER = 50 * 1024 * 1024


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
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    if number < 1:
        number *= 100
    return f"{number.normalize():f}%"


def _decimal(value: str | None) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def parse_xml(data: bytes, name: str) -> Element:
    if len(data) > MAX_XML_BYTES:
        raise CorruptDocument(f"{name}: XML larger than 20 MB is not an invoice")
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
    rec.amount = parse_money(_text(root, "BasicInformation/TotalAmWithoutTax"))
    rec.tax = parse_money(_text(root, "BasicInformation/TotalTaxAm"))
    rec.total = parse_money(_text(root, "BasicInformation/TotalTax-includedAmount"))
    rec.total_in_words = _text(root, "BasicInformation/TotalTax-includedAmountInChinese")
    label = _text(root, "GeneralOrSpecialVAT/LabelCode")
    rec.invoice_kind = {"01": "special", "02": "general"}.get(label or "")
    for item in _all(root, "IssuItemInformation"):
        rec.items.append(
            LineItem(
                name=_text(item, "ItemName"),
                spec=_text(item, "SpecMod"),
                unit=_text(item, "MeaUnits"),
                quantity=_decimal(_text(item, "Quantity")),
                unit_price=_decimal(_text(item, "UnPrice")),
                amount=parse_money(_text(item, "Amount")),
                tax_rate=_rate(_text(item, "TaxRate")),
                tax=parse_money(_text(item, "ComTaxAm")),
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
    rec.amount = parse_money(_text(root, "TaxExclusiveTotalAmount"))
    tax = _text(root, "TaxTotalAmount")
    rec.tax = Decimal("0.00") if tax and set(tax) <= {"*"} else parse_money(tax)  # *** is 免税
    rec.total = parse_money(_text(root, "TaxInclusiveTotalAmount"))
    rec.invoice_kind = "general"
    names = []
    for goods in _all(root, "GoodsInfo"):
        item = LineItem(
            name=_text(goods, "Item"),
            spec=_text(goods, "Specification"),
            unit=_text(goods, "MeasurementDimension"),
            quantity=_decimal(_text(goods, "Quantity")),
            unit_price=_decimal(_text(goods, "Price")),
            amount=parse_money(_text(goods, "Amount")),
            tax_rate=_text(goods, "TaxScheme"),
            tax=parse_money(_text(goods, "TaxAmount")),
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
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptDocument(f"{source} is a damaged OFD/zip file; download it again") from exc
    with z:
        names = z.namelist()
        if "OFD.xml" not in names:
            raise UnsupportedFileType(f"{source} is a zip archive, not an OFD; unpack it first")
        candidates = _attachment_paths(z, source) + [
            n for n in names if n.lower().endswith(".xml") and "attach" in n.lower()
        ]
        for member in dict.fromkeys(candidates):
            if member not in names or member.endswith("Attachments.xml"):
                continue
            info = z.getinfo(member)
            if info.file_size > MAX_ZIP_MEMBER:
                raise CorruptDocument(f"{source}: attachment {member} is implausibly large")
            root = parse_xml(z.read(member), source)
            if _local(root.tag) == "EInvoice":
                return record_from_einvoice(root, source)
            if _find(root, "InvoiceNo") is not None:
                return record_from_old_ofd(root, source)
    raise NoStructuredData(
        f"{source} is an OFD without invoice data attached (no original_invoice.xml or fp: data)"
    )


def _attachment_paths(z: zipfile.ZipFile, source: str) -> list[str]:
    out = []
    for name in z.namelist():
        if name.endswith("Attachments.xml"):
            root = parse_xml(z.read(name), source)
            base = name.rsplit("/", 1)[0]
            for loc in _all(root, "FileLoc"):
                if loc.text:
                    target = loc.text.strip().lstrip("/")
                    out.append(target if "/" in target else f"{base}/{target}")
    return out
