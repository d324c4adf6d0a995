"""数电票 XML and OFD files (new and old OFD schemas) for the same ground truth."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape


def _el(tag: str, value: Any) -> str:
    return f"<{tag}>{escape(str(value))}</{tag}>" if value not in (None, "") else f"<{tag}/>"


def _rate_fraction(rate: str | None) -> str:
    if not rate or not rate.endswith("%"):
        return rate or ""
    return str(int(rate[:-1]) / 100)


def einvoice_xml(t: dict[str, Any]) -> str:
    """The 数电票 XML (root ``EInvoice``) for a digital VAT invoice."""
    items = "".join(
        "<IssuItemInformation>"
        + _el("ItemName", i["name"])
        + _el("SpecMod", i.get("spec"))
        + _el("MeaUnits", i.get("unit"))
        + _el("Quantity", i["quantity"])
        + _el("UnPrice", i["unit_price"])
        + _el("Amount", i["amount"])
        + _el("TaxRate", _rate_fraction(i["tax_rate"]))
        + _el("ComTaxAm", i["tax"])
        + "</IssuItemInformation>"
        for i in t["items"]
    )
    label = "01" if t["invoice_kind"] == "special" else "02"
    specific = ""
    if t["doc_type"] == "toll_receipt":
        specific = (
            "<SpecificInformation><Toll>"
            + _el("PlateNumber", t["plate"])
            + _el("VehicleType", "客车")
            + _el("StartDatesOfPassage", t["issue_date"])
            + _el("EndDatesOfPassage", t["issue_date"])
            + "</Toll></SpecificInformation>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<EInvoice>'
        "<Header><EIid>" + t["invoice_number"] + "</EIid>"
        "<EInvoiceTag>SWEI3100</EInvoiceTag><Version>0.1</Version>"
        "<InherentLabel><GeneralOrSpecialVAT>"
        + _el("LabelCode", label)
        + "</GeneralOrSpecialVAT></InherentLabel></Header>"
        "<EInvoiceData>"
        "<SellerInformation>"
        + _el("SellerIdNum", t["seller_tax_id"])
        + _el("SellerName", t["seller_name"])
        + "</SellerInformation>"
        "<BuyerInformation>"
        + _el("BuyerIdNum", t["buyer_tax_id"])
        + _el("BuyerName", t["buyer_name"])
        + "</BuyerInformation>"
        "<BasicInformation>"
        + _el("TotalAmWithoutTax", t["amount"])
        + _el("TotalTaxAm", t["tax"])
        + _el("TotalTax-includedAmount", t["total"])
        + _el("TotalTax-includedAmountInChinese", t["total_in_words"])
        + _el("Drawer", "刘会计")
        + "</BasicInformation>"
        + items
        + specific
        + "</EInvoiceData>"
        "<TaxSupervisionInfo>"
        + _el("InvoiceNumber", t["invoice_number"])
        + _el("IssueTime", t["issue_date"] + " 10:21:33")
        + _el("TaxBureauCode", "13100000000")
        + "</TaxSupervisionInfo></EInvoice>"
    )


def old_ofd_invoice_xml(t: dict[str, Any]) -> str:
    """The pre-数电票 OFD e-invoice data file (``fp:``-prefixed elements)."""
    goods = "".join(
        "<fp:GoodsInfo>"
        + _el("fp:Item", i["name"])
        + _el("fp:Specification", i.get("spec"))
        + _el("fp:MeasurementDimension", i.get("unit"))
        + _el("fp:Quantity", i["quantity"])
        + _el("fp:Price", i["unit_price"])
        + _el("fp:Amount", i["amount"])
        + _el("fp:TaxScheme", i["tax_rate"])
        + _el("fp:TaxAmount", i["tax"])
        + "</fp:GoodsInfo>"
        for i in t["items"]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<fp:InvoiceData xmlns:fp="http://www.edrm.org.cn/schema/e-invoice/2019">'
        + _el("fp:InvoiceCode", t["invoice_code"])
        + _el("fp:InvoiceNo", t["invoice_number"])
        + _el("fp:IssueDate", t["issue_date"].replace("-", "年", 1).replace("-", "月", 1) + "日")
        + _el("fp:InvoiceCheckCode", t.get("check_code"))
        + "<fp:Buyer>"
        + _el("fp:BuyerName", t["buyer_name"])
        + _el("fp:BuyerTaxID", t["buyer_tax_id"])
        + "</fp:Buyer>"
        + "<fp:Seller>"
        + _el("fp:SellerName", t["seller_name"])
        + _el("fp:SellerTaxID", t["seller_tax_id"])
        + "</fp:Seller>"
        + _el("fp:TaxExclusiveTotalAmount", t["amount"])
        + _el("fp:TaxTotalAmount", t["tax"])
        + _el("fp:TaxInclusiveTotalAmount", t["total"])
        + "<fp:GoodsInfos>"
        + goods
        + "</fp:GoodsInfos>"
        + "</fp:InvoiceData>"
    )


_OFD_ROOT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.1" DocType="OFD">'
    "<ofd:DocBody><ofd:DocInfo><ofd:DocID>zf-synthetic</ofd:DocID></ofd:DocInfo>"
    "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
)


def write_ofd(t: dict[str, Any], path: Path, *, schema: str) -> None:
    """An OFD zip whose attachment carries the structured invoice (``new`` or ``old`` schema)."""
    if schema == "new":
        data, name = einvoice_xml(t), "original_invoice.xml"
    else:
        data, name = old_ofd_invoice_xml(t), "invoice_data.xml"
    attachments = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ofd:Attachments xmlns:ofd="http://www.ofdspec.org/2016">'
        f'<ofd:Attachment ID="1" Name="{name}" Format="xml" Visible="false">'
        f"<ofd:FileLoc>{name}</ofd:FileLoc></ofd:Attachment></ofd:Attachments>"
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData>'
        "<ofd:PageArea><ofd:PhysicalBox>0 0 240 140</ofd:PhysicalBox></ofd:PageArea>"
        '</ofd:CommonData><ofd:Pages><ofd:Page ID="2" BaseLoc="Pages/Page_0/Content.xml"/>'
        "</ofd:Pages><ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments></ofd:Document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", _OFD_ROOT)
        z.writestr("Doc_0/Document.xml", document)
        z.writestr("Doc_0/Attachs/Attachments.xml", attachments)
        z.writestr(f"Doc_0/Attachs/{name}", data)
        z.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content/></ofd:Page>',
        )
