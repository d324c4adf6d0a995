"""Shop receipts (购物小票, POS slips, 结账单): not tax invoices, but claimable with approval."""

from __future__ import annotations

import re

from ocr.doctypes.base import ISO_DATE, Extraction, PageContext, company_name
from ocr.doctypes.items import RECEIPT_COLUMNS, read_items
from ocr.fields import FieldRule
from ocr.records import ExpenseRecord

DOC_TYPE = "receipt"
KEYWORDS = (
    ("小票", 4),
    ("收银", 3),
    ("结账单", 4),
    ("谢谢惠顾", 3),
    ("谢谢光临", 3),
    ("欢迎再次光临", 2),
    ("支付方式", 2),
    ("实收", 2),
    ("找零", 2),
    ("应付", 2),
    ("单号", 1),
    ("流水号", 1),
    ("品名", 1),
    ("营业时间", 1),
    ("营业员", 2),  # a pharmacy's or a department store's slip names its clerk
    ("销售日期", 1),
    ("扫码开票", 2),  # a till slip whose QR code lets the buyer ask for the invoice
)
KEY_FIELDS = ("seller_name", "issue_date", "total")
REQUIRED = ("seller_name", "issue_date", "total")

# what was paid, in order of preference: after a discount 应付/实付 is the claimable sum, not
# 消费合计; 实收 is the cash handed over (实收 − 找零 = 应收), so it comes last
TOTAL = FieldRule(
    "total",
    (
        "应付金额",
        "实付金额",
        "应付",
        "实付",
        "应收",
        "合计金额",
        "合计",
        "总计",
        "消费合计",
        "金额合计",
        "实收",
    ),
    "money",
    where=("right",),
    ranked=True,
)
DATE = FieldRule(
    "issue_date",
    ("销售日期", "交易日期", "交易时间", "结账时间", "消费时间", "开单时间", "日期", "时间"),
    "date",
    where=("right",),
)
# a till slip printed by an invoicing platform (云票, 百旺) puts its own brand on top and the
# shop under a label: a labelled name wins over the first line
SELLER = FieldRule(
    "seller_name",
    ("商户名称", "商户", "店名", "门店名称", "公司：", "销售方"),
    "name",
    where=("right",),
)
RULES = (TOTAL, DATE)  # after SELLER, which the first line only stands in for
# (the item table's labels among them: 商品名称 is one character from 商户名称, and is not it)
STOP_LABELS = (
    "优惠", "折扣", "找零", "件数", "支付方式", "收银员", "机号", "流水号", "单号",
    "商品名称", "品名", "数量", "单价", "成交价",
)  # fmt: skip
# a line that is not the shop's name: fax headers, app chrome, times, receipt titles
NOT_A_NAME = re.compile(r"FROM|PDF|\d{1,2}:\d{2}|^[\W\d]+$|小票|结账单|收银|欢迎")
# 欢迎光临永辉超市: the greeting goes, the shop stays
GREETING = re.compile(r"^(?:欢迎您?光临|欢迎惠顾|欢迎)")
# the item table's column labels: a line with two of them is its header, and the shop's name
# is never at or below it
COLUMN_LABEL = re.compile("|".join((*RECEIPT_COLUMNS.values(), "成交价", "规格", "条码", "折扣")))


def extract(ctx: PageContext) -> ExpenseRecord:
    ex = Extraction(ctx, DOC_TYPE)
    rec = ex.record
    rec.invoice_form = None
    rec.currency = "CNY"
    ex.fields((SELLER, *RULES), STOP_LABELS)
    lines = ctx.text.lines[:4] if rec.seller_name is None else []
    for i, line in enumerate(lines):  # no labelled name: the shop's name heads the slip
        text = GREETING.sub("", re.sub(r"\s+", "", line.text))
        if len(COLUMN_LABEL.findall(text)) >= 2:
            break  # the item table has begun: no name above it
        if len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2 and not NOT_A_NAME.search(text):
            m = ex.find(r"^(.+)$")
            matches = ctx.text.find_all(r"^(.+)$")
            m = next((x for x in matches if x.line_index == i), m)
            ex.set("seller_name", company_name(text), m)
            break
    if rec.issue_date is None:
        ex.date("issue_date", ISO_DATE)  # a bare date-time line under the header
    items, confidence = read_items(
        ctx.text,
        RECEIPT_COLUMNS,
        r"商品|品名|菜品|药品名称",
        r"合计|应收|应付|实付|总计|件数|优惠",
        name_first=True,
    )
    rec.items = items
    if items:
        rec.confidence["items"] = round(confidence, 3)
    return rec
