"""VAT invoices: 数电票 (digital), old electronic invoices with a code, and paper invoices."""

from __future__ import annotations

import re

from ocr.amounts import parse_capital
from ocr.doctypes.base import (
    COLON,
    MONEY,
    Extraction,
    PageContext,
    company_name,
    digits,
    tax_id,
)
from ocr.doctypes.items import VAT_COLUMNS, read_items
from ocr.layout import Match
from ocr.records import ExpenseRecord

DOC_TYPE = "vat_invoice"
KEYWORDS = (
    ("增值税专用发票", 3),
    ("增值税普通发票", 3),
    ("电子发票", 2),
    ("价税合计", 2),
    ("销售方", 1),
    ("购买方", 1),
    ("纳税人识别号", 1),
)
KEY_FIELDS = (
    "invoice_code",
    "invoice_number",
    "issue_date",
    "amount",
    "tax",
    "total",
    "check_code",
    "seller_name",
    "seller_tax_id",
    "buyer_name",
    "buyer_tax_id",
)
REQUIRED = (
    "invoice_number",
    "issue_date",
    "amount",
    "tax",
    "total",
    "seller_name",
    "seller_tax_id",
)

# the totals row label; OCR sometimes reads a stray mark between the characters ("合”计")
TOTALS_LABEL = r"(?<!税)合\s*\W?\s*计"
CAPITALS = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正"


def _parties(ex: Extraction, pattern: str, field_buyer: str, field_seller: str, clean) -> None:
    """Buyer and seller labels come in pairs: side by side (数电票) or top and bottom (paper)."""
    matches = ex.ctx.text.find_all(pattern)
    if not matches:
        return
    if len(matches) == 1:
        # one party only: decide by the nearest section label above or left of it
        m = matches[0]
        seller_anchor = ex.ctx.text.find(r"(销\s*售\s*方|销)")
        buyer_anchor = ex.ctx.text.find(r"(购\s*买\s*方|购)")
        is_seller = seller_anchor is not None and (
            buyer_anchor is None or _closer(m, seller_anchor, buyer_anchor)
        )
        ex.set(field_seller if is_seller else field_buyer, clean(m.value), m)
        return
    first, second = matches[0], matches[1]
    if _side_by_side(first, second):  # 数电票: buyer left, seller right
        buyer, seller = sorted((first, second), key=lambda m: m.bbox[0])
    else:  # paper layout: buyer above, seller below
        buyer, seller = sorted((first, second), key=lambda m: m.bbox[1])
    ex.set(field_buyer, clean(buyer.value), buyer)
    ex.set(field_seller, clean(seller.value), seller)


def _side_by_side(a: Match, b: Match) -> bool:
    """The two matches share most of their height: they stand on one row."""
    _, ay0, _, ay1 = a.bbox
    _, by0, _, by1 = b.bbox
    overlap = min(ay1, by1) - max(ay0, by0)
    return overlap > 0.5 * min(ay1 - ay0, by1 - by0)


def _closer(m: Match, a: Match, b: Match) -> bool:
    def dist(anchor: Match) -> float:
        ax0, ay0, _, _ = anchor.bbox
        mx0, my0, _, _ = m.bbox
        if ax0 > mx0 + 10 or ay0 > my0 + 10:
            return float("inf")
        return (mx0 - ax0) + (my0 - ay0)

    return dist(a) <= dist(b)


def extract_vat(ctx: PageContext, doc_type: str = DOC_TYPE) -> ExpenseRecord:
    ex = Extraction(ctx, doc_type)
    rec = ex.record
    compact = ctx.text.compact
    rec.invoice_kind = "special" if "专用发票" in compact else "general"

    ex.header_number_and_date((8, 20))
    ex.digits("invoice_code", r"发票代码" + COLON + r"([0-9OoIlD]{10,12})", (10, 12))
    m = ex.find(r"校\s*验\s*码" + COLON + r"([0-9OoIlD ]{20,32})")
    if m:
        ex.set("check_code", digits(m.value), m)

    if rec.invoice_number and len(rec.invoice_number) == 20 and not rec.invoice_code:
        rec.invoice_form = "digital"
    elif re.search(r"电子(普通|专用)发票", compact):
        rec.invoice_form = "electronic"
    elif "电子发票(" in compact.replace("（", "(") or "电子发票" in compact[:40]:
        rec.invoice_form = "digital"
    else:
        rec.invoice_form = "paper"

    _parties(
        ex, r"(?<![目物务品])名\s*称" + COLON + r"(\S+)", "buyer_name", "seller_name", company_name
    )
    _parties(
        ex,
        r"(?:纳税人识别号|统一社会信用代码)[^:：\s]*" + COLON + r"([0-9A-Za-z]{15,20})",
        "buyer_tax_id",
        "seller_tax_id",
        tax_id,
    )

    totals_line = ex.find(r"(" + TOTALS_LABEL + r".*)")
    if totals_line:
        line = ctx.text.lines[totals_line.line_index]
        amounts = ctx.text.find_all(MONEY)
        on_line = [a for a in amounts if a.line_index == totals_line.line_index]
        if on_line:
            from ocr.amounts import parse_money

            ex.set("amount", parse_money(on_line[0].value), on_line[0])
            if len(on_line) > 1:
                ex.set("tax", parse_money(on_line[-1].value), on_line[-1])
            elif re.search(r"\*{2,}|免税|不征税", line.text):
                from decimal import Decimal

                ex.set("tax", Decimal("0.00"), None, confidence=on_line[0].confidence)
    ex.money("total", r"小\s*写\s*[)）]?\s*" + MONEY)
    m = ex.find(r"[ⓧ⊗Ⓧ⊕]\s*([" + CAPITALS + r"]{2,})") or ex.find(
        r"大\s*写\s*[)）]\s*[^" + CAPITALS + r"\s]?\s*([" + CAPITALS + r"]{2,})"
    )
    if m:
        ex.set("total_in_words", re.sub(r"\s+", "", m.value), m)

    items, confidence = read_items(ctx.text, VAT_COLUMNS, r"金\s*额", TOTALS_LABEL + r"|价税合计")
    rec.items = items
    if items:
        rec.confidence["items"] = round(confidence, 3)
    if rec.total is None and rec.total_in_words:
        rec.total = parse_capital(rec.total_in_words)
        if rec.total is not None:
            rec.confidence["total"] = rec.confidence.get("total_in_words", 0.5)
    return rec


extract = extract_vat
