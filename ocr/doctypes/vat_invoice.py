"""VAT invoices: 数电票 (digital), old electronic invoices with a code, and paper invoices.

Long module: the three forms share one set of field rules (data) and one reading of the
money block; splitting them by form would repeat both."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ocr.amounts import mend_capital_units, parse_capital, parse_money
from ocr.doctypes import shapes
from ocr.doctypes.base import MONEY, Extraction, PageContext, consistent_money
from ocr.doctypes.items import VAT_COLUMNS, read_items
from ocr.fields import Candidate, FieldReader, FieldRule
from ocr.layout import Match, PageText, share_row
from ocr.records import ExpenseRecord
from ocr.taxid import check_tax_id

DOC_TYPE = "vat_invoice"
KEYWORDS = (
    ("增值税专用发票", 3),
    ("增值税普通发票", 3),
    ("电子发票", 2),
    ("通用机打发票", 6),
    ("通用发票", 4),
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

# fields a form does not print (the rest of KEY_FIELDS must all be read for ok)
ABSENT_BY_FORM = {
    "digital": ("invoice_code", "check_code"),  # 数电票: a 20-digit number only
    "paper-special": ("check_code",),  # paper 专票 have no 校验码
}
# a general invoice issued to a private person (个人, 耿也) prints no buyer tax ID; a buyer
# whose name has one of these words is an organisation
ABSENT_FOR_PERSONS = ("buyer_tax_id",)
ORGANISATION_WORDS = (
    "公司",
    "有限",
    "集团",
    "局",
    "院",
    "校",
    "中心",
    "委员会",
    "厂",
    "店",
    "部",
    "所",
    "银行",
    "协会",
    "大学",
    "政府",
    "事务",
    "合作社",
    "工会",
    "酒店",
    "医院",
    "商行",
    "经营",
)

EXEMPT_MARK = r"免税|不征税|[*＊]{3}|[*＊大★☆米]{3}"
# on the 合计 row after the amount: ***, or a lone * (telecom bills print one star)
ROW_EXEMPT = r"[*＊]{2,}|(?:^|\s)[*＊](?=\s|$)|免税|不征税"

# the totals row label; OCR sometimes reads a stray mark between the characters ("合”计")
TOTALS_LABEL = r"(?<!税)合\s*\W?\s*计"
CAPITALS = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正"
# the 大写 words, with at most one stray character inside (a unit misread: 贰值壹拾)
CAPITAL_WORDS = r"([" + CAPITALS + r"]{2,}(?:[^" + CAPITALS + r"\s(（¥￥][" + CAPITALS + r"]{2,})?)"

# labels as real invoices print them (数电票, old paper and e-invoices, 通用机打发票)
NUMBER = FieldRule("invoice_number", ("发票号码", "发票号", "票据号码"), "digits", lengths=(8, 20))
CODE = FieldRule("invoice_code", ("发票代码", "票据代码"), "digits", lengths=(10, 12))
ISSUED = FieldRule("issue_date", ("开票日期", "开具日期", "填开日期", "开票时间"), "date")
CHECK = FieldRule("check_code", ("校验码", "检验码"), "digits", lengths=(20,))
# 区块链发票 (Shenzhen) print a 5-character check code: e9052
CHECK_SHORT = replace(CHECK, kind="text", pattern=r"([0-9a-f]{5})(?![0-9a-z])", where=("right",))
NAME_LABELS = ("名称", "名 称", "单位名称")
TAX_ID_LABELS = (
    "统一社会信用代码/纳税人识别号",
    "纳税人识别号",
    "统一社会信用代码",
    "纳税人识别码",
    "识别号",
    "税号",
)
BUYER_WORDS = ("购买方", "购方", "买方", "购货单位", "付款方", "付款单位", "受票方", "顾客", "客户")
SELLER_WORDS = ("销售方", "销方", "卖方", "销货单位", "收款方", "收款单位", "开票方", "开票单位")
PARTY_NAME = FieldRule("party_name", NAME_LABELS, "name")
PARTY_TAX_ID = FieldRule("party_tax_id", TAX_ID_LABELS, "tax_id")
TOTAL = FieldRule(
    "total", ("(小写)", "小写", "价税合计(小写)", "合计金额(小写)", "价税合计"), "money"
)
AMOUNT_SUM = FieldRule("amount", ("金额合计", "合计金额", "不含税金额"), "money")
TAX_SUM = FieldRule("tax", ("税额合计", "合计税额"), "money", exempt_zero=True)
STOP_LABELS = (
    "开户行及账号",
    "开户银行",
    "银行账号",
    "地址、电话",
    "地址电话",
    "密码区",
    "备注",
    "项目名称",
    "货物或应税劳务、服务名称",
    "货物或应税劳务名称",
    "服务名称",
    "货物名称",
    "规格型号",
    "单位",
    "数量",
    "单价",
    "金额",
    "税率",
    "税额",
    "购买方信息",
    "销售方信息",
    # a 代开 invoice names the business it was issued for in 备注: its 税号 is not the
    # seller block's (the tax office that issued it prints its own code there)
    "代开企业税号",
    "代开企业名称",
    "价税合计(大写)",  # never a misread 价税合计(小写): 大 and 小 are what tells them apart
    *BUYER_WORDS,
    *SELLER_WORDS,
)
RULES = (NUMBER, CODE, ISSUED, CHECK, PARTY_NAME, PARTY_TAX_ID, TOTAL, AMOUNT_SUM, TAX_SUM)


def _party_rules(base: FieldRule) -> tuple[FieldRule, FieldRule]:
    """``购买方名称``-style labels name their party themselves."""
    core = [lb for lb in base.labels if len(lb.replace(" ", "")) >= 2]
    buyer = tuple(w + lb for w in BUYER_WORDS for lb in core)
    seller = tuple(w + lb for w in SELLER_WORDS for lb in core)
    return replace(base, labels=buyer, section="buyer"), replace(
        base, labels=seller, section="seller"
    )


def _parties(
    ex: Extraction, reader: FieldReader, base: FieldRule, buyer_field: str, seller_field: str
) -> None:
    """Buyer and seller print the same labels: in two boxes side by side (数电票), one above the
    other (paper), or with the party in the label (购买方名称)."""
    chosen: dict[str, Candidate] = {}
    buyer_rule, seller_rule = _party_rules(base)
    for field_name, rule in ((buyer_field, buyer_rule), (seller_field, seller_rule)):
        found = reader.candidates(rule)
        if found:
            chosen[field_name] = found[0]
    explicit = {c.label.line_index for c in chosen.values() if c.label}
    plain = [c for c in reader.candidates(base) if c.label and c.label.line_index not in explicit]
    plain = _one_per_label(plain)
    open_fields = [f for f in (buyer_field, seller_field) if f not in chosen]
    if len(plain) >= 2 and len(open_fields) == 2:
        first, second = sorted(plain[:2], key=lambda c: (c.label.line_index, c.label.start))
        if _side_by_side(first.match, second.match):  # 数电票: buyer left, seller right
            buyer, seller = sorted((first, second), key=lambda c: c.match.bbox[0])
        else:  # paper layout: buyer above, seller below
            buyer, seller = sorted((first, second), key=lambda c: c.match.bbox[1])
        chosen[buyer_field], chosen[seller_field] = buyer, seller
    elif plain and open_fields:
        for cand in plain:
            side = _party_side(ex, cand.match) or _section_of(ex, cand.match)
            is_seller = side == "seller"
            name = seller_field if is_seller else buyer_field
            if name in open_fields and name not in chosen:
                chosen[name] = cand
                break
    for name, cand in chosen.items():
        ex.set(
            name, cand.value, cand.match, min(cand.confidence, 1.0) * min(1.0, cand.score + 0.01)
        )


def _one_per_label(cands: list[Candidate]) -> list[Candidate]:
    """The best candidate of each label hit, in reading order."""
    best: dict[tuple[int, int], Candidate] = {}
    for c in cands:
        key = (c.label.line_index, c.label.start)
        if key not in best or c.score > best[key].score:
            best[key] = c
    return sorted(best.values(), key=lambda c: (c.score <= 0.5, c.label.line_index, c.label.start))


def _section_of(ex: Extraction, m: Match) -> str:
    """The party block a lone label sits in: the nearest section word above or left of it."""
    seller_anchor = ex.ctx.text.find(r"(销\s*售\s*方|销)")
    buyer_anchor = ex.ctx.text.find(r"(购\s*买\s*方|购)")
    is_seller = seller_anchor is not None and (
        buyer_anchor is None or _closer(m, seller_anchor, buyer_anchor)
    )
    return "seller" if is_seller else "buyer"


def _row_text(text: PageText, row: Match) -> str:
    _, y0, _, y1 = row.bbox
    return " ".join(b.text for b in text.boxes if share_row((b.y0, b.y1), (y0, y1)))


def _same_row(a: Match, b: Match) -> bool:
    """``a`` stands on ``b``'s printed row (whatever line grouping made of them)."""
    return a.line_index == b.line_index or _side_by_side(a, b)


def _side_by_side(a: Match, b: Match) -> bool:
    """The two matches share most of their height: they stand on one row."""
    _, ay0, _, ay1 = a.bbox
    _, by0, _, by1 = b.bbox
    return share_row((ay0, ay1), (by0, by1))


def _closer(m: Match, a: Match, b: Match) -> bool:
    def dist(anchor: Match) -> float:
        ax0, ay0, _, _ = anchor.bbox
        mx0, my0, _, _ = m.bbox
        if ax0 > mx0 + 10 or ay0 > my0 + 10:
            return float("inf")
        return (mx0 - ax0) + (my0 - ay0)

    return dist(a) <= dist(b)


def _set_best(ex: Extraction, reader: FieldReader, *rules: FieldRule) -> Candidate | None:
    """The best candidate of one field, over one or more rules for it."""
    found = sorted((c for rule in rules for c in reader.candidates(rule)), key=lambda c: -c.score)
    if not found:
        return None
    ex.take(rules[0].name, found[0])
    return found[0]


def _money(ex: Extraction, reader: FieldReader) -> None:
    """金额, 税额 and 价税合计: candidates from the totals row (合计 ¥amount ¥tax, or *** for
    免税), from labelled sums and from 小写; the set that adds up wins."""
    text = ex.ctx.text
    amounts: list[Candidate] = list(reader.candidates(AMOUNT_SUM))
    taxes: list[Candidate] = list(reader.candidates(TAX_SUM))
    totals: list[Candidate] = list(reader.candidates(TOTAL))
    for row in text.find_all(r"(" + TOTALS_LABEL + r".*)"):
        line = text.lines[row.line_index]
        if re.search(r"价\s*税", line.text[: line.text.find("计") + 1]):
            continue
        on_line = sorted(
            (a for a in text.find_all(MONEY) if _same_row(a, row)), key=lambda a: a.bbox[0]
        )
        if not on_line:
            continue
        first = on_line[0]
        amounts.append(Candidate(parse_money(first.value), 0.95, first.confidence, "row", first))
        if len(on_line) > 1:
            last = on_line[-1]
            taxes.append(Candidate(parse_money(last.value), 0.95, last.confidence, "row", last))
        elif re.search(ROW_EXEMPT, line.text + " " + _row_text(text, row)):
            taxes.append(Candidate(Decimal("0.00"), 0.9, first.confidence, "row", first))
    amounts.sort(key=lambda c: c.score, reverse=True)
    taxes.sort(key=lambda c: c.score, reverse=True)
    totals.sort(key=lambda c: c.score, reverse=True)
    amount, tax, total = consistent_money(amounts, taxes, totals)
    for name, cand in (("amount", amount), ("tax", tax), ("total", total)):
        if cand is not None:
            ex.set(name, cand.value, cand.match, cand.confidence)
    rec = ex.record
    if (
        rec.tax is None
        and amount is not None
        and total is not None
        and rec.amount == rec.total
        and re.search(EXEMPT_MARK, text.compact)
    ):
        # 免税: the tax is printed *** (OCR reads 大大大 or ★); amount = total says it is nil
        ex.set("tax", Decimal("0.00"), None, min(amount.confidence, total.confidence))


USCC = r"(?<![0-9A-Z])([0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10})(?![0-9A-Z])"


def _party_side(ex: Extraction, m: Match) -> str | None:
    """Whose block a value stands in when no label says it: a 数电票 prints the buyer left
    and the seller right; older forms the buyer above the items and the seller below the
    sums."""
    rec, text = ex.record, ex.ctx.text
    x0, y0, x1, _ = m.bbox
    if rec.invoice_form == "digital":
        return "buyer" if (x0 + x1) / 2 < text.width / 2 else "seller"
    total = rec.boxes.get("total")
    if total is None:
        return None
    return "seller" if y0 / (text.height or 1) > total.y1 else "buyer"


def _parties_by_shape(
    ex: Extraction, found: list[tuple[str, Match]], what: str, buyer_field: str, seller_field: str
) -> None:
    """Buyer and seller values found by shape: of two, the buyer's stands left of the
    seller's (side by side) or above it; a lone one goes to the block it stands in."""
    rec = ex.record
    open_fields = [n for n in (buyer_field, seller_field) if getattr(rec, n) is None]
    if not open_fields or not found:
        return
    if len(open_fields) == 2 and len(found) == 2:
        (_, m1), (_, m2) = found
        axis = 0 if _side_by_side(m1, m2) else 1  # x0, else y0
        (v1, m1), (v2, m2) = sorted(found, key=lambda f: f[1].bbox[axis])
        ex.unlabelled(buyer_field, v1, m1, f"the first {what} on the page")
        ex.unlabelled(seller_field, v2, m2, f"the second {what}")
        return
    if len(found) != 1:
        return
    value, m = found[0]
    if len(open_fields) == 1:
        ex.unlabelled(open_fields[0], value, m, f"the other {what} on the page")
        return
    side = _party_side(ex, m)
    if side is not None:
        name = buyer_field if side == "buyer" else seller_field
        ex.unlabelled(name, value, m, f"the {what} in the {side}'s block")


def _unlabelled_values(ex: Extraction) -> None:
    """What the labels did not give, by the shape of the values: tax IDs whose checksum holds,
    organisation names, the amount, tax and total that add up, a 数电票's 20-digit number,
    an old form's code and number, the page's one date. Each is flagged for a person (the
    label that says whose it is, or which sum it is, could not be read)."""
    rec, text = ex.record, ex.ctx.text
    digital_title = re.search(r"电子发票[(（]", text.compact) is not None
    if rec.invoice_number is None and rec.invoice_code is None and digital_title:
        runs = [m for m in text.find_all(r"(?<!\d)(\d{20})(?!\d)")]
        if len(runs) == 1:
            ex.unlabelled("invoice_number", runs[0].value, runs[0], "the page's 20-digit number")
            rec.invoice_form = "digital"
    if rec.invoice_form != "digital":
        shapes.code_and_number_by_shape(ex)
    shapes.date_by_shape(ex)
    shapes.sums_by_shape(ex)
    known = {rec.buyer_tax_id, rec.seller_tax_id}
    tax_ids = [
        (m.value, m)
        for m in text.find_all(USCC)
        if check_tax_id(m.value).ok and m.value not in known
    ]
    _parties_by_shape(ex, tax_ids, "tax ID", "buyer_tax_id", "seller_tax_id")
    names = shapes.organisation_names(ex, (rec.buyer_name, rec.seller_name))
    _parties_by_shape(ex, names, "organisation name", "buyer_name", "seller_name")


def extract_vat(ctx: PageContext, doc_type: str = DOC_TYPE) -> ExpenseRecord:
    ex = Extraction(ctx, doc_type)
    rec = ex.record
    compact = ctx.text.compact
    rec.invoice_kind = "special" if "专用发票" in compact else "general"
    reader = FieldReader(ctx.text, RULES, STOP_LABELS)

    for rules in ((NUMBER,), (CODE,), (ISSUED,), (CHECK, CHECK_SHORT)):
        _set_best(ex, reader, *rules)

    if rec.invoice_number and len(rec.invoice_number) == 20 and not rec.invoice_code:
        rec.invoice_form = "digital"
    elif re.search(r"电子(普通|专用)发票", compact):
        rec.invoice_form = "electronic"
    elif "电子发票(" in compact.replace("（", "(") or "电子发票" in compact[:40]:
        rec.invoice_form = "digital"
    else:
        rec.invoice_form = "paper"

    _parties(ex, reader, PARTY_NAME, "buyer_name", "seller_name")
    _parties(ex, reader, PARTY_TAX_ID, "buyer_tax_id", "seller_tax_id")
    _money(ex, reader)
    m = ex.find(r"[ⓧ⊗Ⓧ⊕]\s*" + CAPITAL_WORDS) or ex.find(
        r"大\s*写\s*[)）]\s*[^" + CAPITALS + r"\s]?\s*" + CAPITAL_WORDS
    )
    # words cut short by a second misread character (伍仟贰 of 伍仟贰借管拾元…) would read as
    # another amount (5002.00): only words that run to their last unit count
    if m and re.search(r"[元圆角分整正]$", m.value.strip()):
        ex.set("total_in_words", mend_capital_units(re.sub(r"\s+", "", m.value)), m)

    if not ctx.text.exact:
        _unlabelled_values(ex)
    items, confidence = read_items(ctx.text, VAT_COLUMNS, r"金\s*额", TOTALS_LABEL + r"|价税合计")
    rec.items = items
    if items:
        rec.confidence["items"] = round(confidence, 3)
    if rec.total is None and rec.total_in_words:
        rec.total = parse_capital(rec.total_in_words)
        if rec.total is not None:
            rec.confidence["total"] = rec.confidence.get("total_in_words", 0.5)
    if items and not ctx.text.exact:
        shapes.tax_by_exempt_items(ex)
        shapes.sums_by_items(ex)
    return rec


extract = extract_vat
