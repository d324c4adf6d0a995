"""Draw ground truth as a text-layer PDF that looks like the real document."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
FONT = "ZF-CJK"
_registered = False


def _register_font() -> None:
    global _registered
    if _registered:
        return
    for path in FONT_PATHS:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
            _registered = True
            return
    raise RuntimeError(
        "no embeddable CJK font found; install Debian's fonts-wqy-zenhei (make bootstrap does)"
    )


def cn_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


class Sheet:
    """A page with mm coordinates measured from the top-left corner."""

    def __init__(self, canvas: Canvas, width_mm: float, height_mm: float) -> None:
        self.c = canvas
        self.w = width_mm
        self.h = height_mm

    def text(self, x: float, y: float, s: str, size: float = 9, anchor: str = "left") -> None:
        self.c.setFont(FONT, size)
        yy = (self.h - y) * mm
        if anchor == "center":
            self.c.drawCentredString(x * mm, yy, s)
        elif anchor == "right":
            self.c.drawRightString(x * mm, yy, s)
        else:
            self.c.drawString(x * mm, yy, s)

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self.c.rect(x * mm, (self.h - y - h) * mm, w * mm, h * mm)

    def hline(self, x0: float, x1: float, y: float) -> None:
        self.c.line(x0 * mm, (self.h - y) * mm, x1 * mm, (self.h - y) * mm)

    def vline(self, x: float, y0: float, y1: float) -> None:
        self.c.line(x * mm, (self.h - y0) * mm, x * mm, (self.h - y1) * mm)

    def qr(self, x: float, y: float, size: float, payload: str) -> None:
        widget = QrCodeWidget(payload, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        d = Drawing(
            size * mm,
            size * mm,
            transform=[size * mm / (x1 - x0), 0, 0, size * mm / (y1 - y0), 0, 0],
        )
        d.add(widget)
        renderPDF.draw(d, self.c, x * mm, (self.h - y - size) * mm)

    def vertical(self, x: float, y: float, s: str, size: float = 9) -> None:
        for i, ch in enumerate(s):
            self.text(x, y + i * size * 0.42, ch, size)


def qr_payload(t: dict[str, Any]) -> str:
    type_code = {
        ("digital", "special"): "31",
        ("digital", "general"): "32",
        ("electronic", "general"): "10",
        ("electronic", "special"): "08",
        ("paper", "special"): "01",
        ("paper", "general"): "04",
    }[(t["invoice_form"], t["invoice_kind"])]
    if t["doc_type"] == "train_ticket":
        type_code = "51"
    elif t["doc_type"] == "flight_itinerary":
        type_code = "61"
    # as on real codes: 数电票 (and 数电 tickets) carry the 价税合计, older codes the pre-tax amount
    amount = t["total"] if t["invoice_form"] == "digital" else (t.get("amount") or t["total"])
    day = t["issue_date"].replace("-", "")
    return (
        f"01,{type_code},{t.get('invoice_code') or ''},{t['invoice_number']},{amount},{day},"
        f"{t.get('check_code') or ''},{'A1B2'},"
    )


def _items_table(s: Sheet, t: dict[str, Any], top: float, left: float, right: float) -> float:
    cols = [
        left + 2,
        left + 62,
        left + 88,
        left + 104,
        left + 122,
        left + 150,
        left + 178,
        right - 3,
    ]
    headers = ["项目名称", "规格型号", "单位", "数量", "单价", "金额", "税率/征收率", "税额"]
    for i, h in enumerate(headers):
        if i >= 3:
            s.text(cols[i] if i < 7 else right - 3, top + 4, h, 8.5, "right" if i != 6 else "left")
        else:
            s.text(cols[i], top + 4, h, 8.5)
    y = top + 10
    for item in t["items"]:
        s.text(cols[0], y, item["name"], 8.5)
        if item.get("spec"):
            s.text(cols[1], y, item["spec"], 8.5)
        s.text(cols[2], y, item["unit"] or "", 8.5)
        s.text(cols[3], y, item["quantity"], 8.5, "right")
        s.text(cols[4], y, item["unit_price"], 8.5, "right")
        s.text(cols[5], y, item["amount"], 8.5, "right")
        s.text(cols[6] + 4, y, item["tax_rate"], 8.5)
        s.text(right - 3, y, item["tax"], 8.5, "right")
        y += 5.5
    return cols[5]


def draw_digital_vat(s: Sheet, t: dict[str, Any]) -> None:
    toll = t["doc_type"] == "toll_receipt"
    title = (
        "电子发票（增值税专用发票）" if t["invoice_kind"] == "special" else "电子发票（普通发票）"
    )
    s.qr(12, 8, 22, qr_payload(t))
    s.text(120, 16, title, 15, "center")
    s.text(165, 14, f"发票号码：{t['invoice_number']}", 9)
    s.text(165, 20, f"开票日期：{cn_date(t['issue_date'])}", 9)
    if toll:
        s.text(120, 23, "通行费", 9, "center")
    s.rect(8, 33, 224, 96)
    s.vline(120, 33, 55)
    s.hline(8, 232, 55)
    s.vertical(10, 37, "购买方信息", 9)
    s.vertical(122, 37, "销售方信息", 9)
    s.text(16, 41, f"名称：{t['buyer_name']}", 9)
    s.text(16, 49, f"统一社会信用代码/纳税人识别号：{t['buyer_tax_id']}", 9)
    s.text(128, 41, f"名称：{t['seller_name']}", 9)
    s.text(128, 49, f"统一社会信用代码/纳税人识别号：{t['seller_tax_id']}", 9)
    amount_x = _items_table(s, t, 55, 8, 232)
    s.hline(8, 232, 100)
    s.text(20, 105, "合　　计", 9)
    s.text(amount_x, 105, f"¥{t['amount']}", 9, "right")
    s.text(229, 105, f"¥{t['tax']}", 9, "right")
    s.hline(8, 232, 108)
    s.text(12, 114, "价税合计（大写）", 9)
    s.text(50, 114, f"ⓧ{t['total_in_words']}", 9)
    s.text(170, 114, f"（小写）¥{t['total']}", 9)
    s.hline(8, 232, 118)
    s.text(12, 124, "备注", 9)
    if toll:
        s.text(30, 124, f"车牌号：{t['plate']}", 9)
    s.text(20, 136, "开票人：刘会计", 9)


def draw_old_vat(s: Sheet, t: dict[str, Any]) -> None:
    province = "上海"
    if t["invoice_form"] == "electronic":
        title = f"{province}增值税电子普通发票"
    elif t["invoice_kind"] == "special":
        title = f"{province}增值税专用发票"
    else:
        title = f"{province}增值税普通发票"
    s.qr(10, 6, 20, qr_payload(t))
    s.text(120, 14, title, 15, "center")
    s.text(165, 10, f"发票代码：{t['invoice_code']}", 9)
    s.text(165, 16, f"发票号码：{t['invoice_number']}", 9)
    s.text(165, 22, f"开票日期：{cn_date(t['issue_date'])}", 9)
    if t.get("check_code"):
        cc = t["check_code"]
        s.text(165, 28, f"校验码：{cc[:5]} {cc[5:10]} {cc[10:15]} {cc[15:]}", 9)
    s.text(34, 28, "机器编号：499099774411", 8)
    s.rect(8, 32, 224, 100)
    s.vertical(10, 34, "购买方", 9)
    s.text(16, 37, f"名　　称：{t['buyer_name']}", 9)
    s.text(16, 43, f"纳税人识别号：{t['buyer_tax_id']}", 9)
    s.text(16, 49, "地址、电话：上海市徐汇区漕溪北路88号 021-64871234", 8)
    s.text(16, 54, "开户行及账号：招商银行上海分行 121909876510201", 8)
    s.vline(150, 32, 56)
    s.text(152, 37, "密", 9)
    s.text(152, 45, "码", 9)
    s.text(160, 40, "03*+<56>8/2-1>4*+9<<7/0398", 7)
    s.text(160, 46, "-<8>+91*2/5<<3>-8*4+*/1>60", 7)
    s.hline(8, 232, 56)
    amount_x = _items_table(s, t, 56, 8, 232)
    s.hline(8, 232, 96)
    s.text(20, 101, "合　　计", 9)
    s.text(amount_x, 101, f"¥{t['amount']}", 9, "right")
    s.text(229, 101, f"¥{t['tax']}", 9, "right")
    s.hline(8, 232, 104)
    s.text(12, 110, "价税合计（大写）", 9)
    s.text(50, 110, f"ⓧ{t['total_in_words']}", 9)
    s.text(170, 110, f"（小写）¥{t['total']}", 9)
    s.hline(8, 232, 113)
    s.vertical(10, 114, "销售方", 9)
    s.text(16, 118, f"名　　称：{t['seller_name']}", 9)
    s.text(16, 124, f"纳税人识别号：{t['seller_tax_id']}", 9)
    s.text(16, 130, "地址、电话：杭州市西湖区文三路199号 0571-88990011", 8)
    s.vline(150, 113, 132)
    s.text(152, 118, "备注", 9)
    s.text(12, 137, "收款人：王出纳　　复核：李复核　　开票人：刘会计　　销售方：（章）", 8)


def draw_train(s: Sheet, t: dict[str, Any]) -> None:
    s.qr(10, 6, 20, qr_payload(t))
    s.text(105, 14, "电子发票（铁路电子客票）", 14, "center")
    s.text(150, 10, f"发票号码：{t['invoice_number']}", 8.5)
    s.text(150, 16, f"开票日期：{cn_date(t['issue_date'])}", 8.5)
    s.text(40, 36, t["departure"], 14, "center")
    s.text(105, 34, t["train_or_flight_number"], 13, "center")
    s.text(170, 36, t["arrival"], 14, "center")
    s.text(40, 42, t["departure_pinyin"], 8, "center")
    s.text(170, 42, t["arrival_pinyin"], 8, "center")
    s.text(20, 52, f"{cn_date(t['travel_date'])} {t['departure_time']}开", 10)
    s.text(95, 52, t["car_seat"], 10)
    s.text(150, 52, t["seat_class"], 10)
    s.text(20, 60, f"票价：¥{t['total']}", 10)
    s.text(20, 68, f"1101011990****1234 {t['passenger_name']}", 10)
    s.text(20, 78, f"电子客票号：{t['ticket_number']}", 8.5)
    s.text(20, 86, f"购买方名称：{t['buyer_name']}", 8.5)
    s.text(120, 86, f"统一社会信用代码：{t['buyer_tax_id']}", 8.5)
    s.text(20, 96, "仅供报销使用", 8)


def draw_flight(s: Sheet, t: dict[str, Any]) -> None:
    s.qr(10, 6, 20, qr_payload(t))
    s.text(120, 14, "电子发票（航空运输电子客票行程单）", 14, "center")
    s.text(170, 10, f"发票号码：{t['invoice_number']}", 8.5)
    s.text(170, 16, f"开票日期：{cn_date(t['issue_date'])}", 8.5)
    s.text(12, 34, f"旅客姓名：{t['passenger_name']}", 9)
    s.text(80, 34, "有效身份证件号码：110101199001011234", 9)
    s.text(170, 34, "签注：不得签转", 9)
    headers = [
        ("", 12),
        ("承运人", 60),
        ("航班号", 82),
        ("座位等级", 106),
        ("日期", 130),
        ("时间", 158),
        ("客票级别", 176),
        ("免费行李", 204),
    ]
    for h, x in headers:
        s.text(x, 44, h, 8.5)
    s.text(12, 51, f"自：{t['departure_code']} {t['departure']}", 9)
    s.text(60, 51, t["train_or_flight_number"][:2], 9)
    s.text(82, 51, t["train_or_flight_number"], 9)
    s.text(106, 51, t["seat_class"], 9)
    s.text(130, 51, t["travel_date"], 9)
    s.text(158, 51, "08:35", 9)
    s.text(176, 51, t["seat_class"], 9)
    s.text(204, 51, "20K", 9)
    s.text(12, 58, f"至：{t['arrival_code']} {t['arrival']}", 9)
    s.text(12, 72, f"票价：{t['fare']}", 9)
    s.text(60, 72, f"燃油附加费：{t['fuel']}", 9)
    s.text(110, 72, f"民航发展基金：{t['fund']}", 9)
    s.text(160, 72, f"增值税税额：{t['tax']}", 9)
    s.text(12, 80, f"合计：¥{t['total']}", 10)
    s.text(12, 90, f"电子客票号码：{t['ticket_number']}", 9)
    s.text(110, 90, "填开单位：中国国际航空股份有限公司", 9)
    s.text(12, 98, f"购买方名称：{t['buyer_name']}", 8.5)
    s.text(110, 98, f"统一社会信用代码：{t['buyer_tax_id']}", 8.5)


def draw_taxi(s: Sheet, t: dict[str, Any]) -> None:
    s.text(40, 12, f"{t['city']}出租汽车专用发票", 11, "center")
    s.text(8, 22, f"发票代码 {t['invoice_code']}", 9)
    s.text(8, 29, f"发票号码 {t['invoice_number']}", 9)
    s.text(8, 38, "电话 96106", 9)
    s.text(8, 45, f"车号 {t['plate']}", 9)
    s.text(8, 52, f"日期 {t['issue_date']}", 9)
    s.text(8, 59, f"上车 {t['start']}", 9)
    s.text(8, 66, "单价 2.30元", 9)
    s.text(8, 73, f"里程 {t['distance']}km", 9)
    s.text(8, 80, "等候 00:02:15", 9)
    s.text(8, 89, f"金额 {t['total']}元", 10)
    s.text(8, 100, "乘客须知：请索取发票", 7)


def draw_quota(s: Sheet, t: dict[str, Any]) -> None:
    s.text(45, 12, f"{t['city']}通用定额发票", 11, "center")
    s.text(45, 19, "发　票　联", 9, "center")
    s.text(6, 27, f"发票代码：{t['invoice_code']}", 8.5)
    s.text(6, 33, f"发票号码：{t['invoice_number']}", 8.5)
    s.text(45, 47, t["total_in_words"], 16, "center")
    s.text(45, 56, f"¥{int(float(t['total']))}元", 12, "center")
    s.text(6, 66, "收款单位（盖章）", 8)


def draw_receipt(s: Sheet, t: dict[str, Any]) -> None:
    s.text(36, 10, t["seller_name"], 10, "center")
    s.text(36, 16, "购物小票", 9, "center")
    s.text(4, 24, f"单号：{t['receipt_no']}", 8)
    s.text(4, 30, f"日期：{t['issue_date']} {t['time']}", 8)
    s.hline(4, 68, 33)
    s.text(4, 38, "商品", 8)
    s.text(34, 38, "数量", 8)
    s.text(46, 38, "单价", 8)
    s.text(68, 38, "金额", 8, "right")
    y = 44
    for item in t["items"]:
        s.text(4, y, item["name"], 8)
        s.text(36, y, item["quantity"], 8)
        s.text(46, y, item["unit_price"], 8)
        s.text(68, y, item["amount"], 8, "right")
        y += 6
    s.hline(4, 68, y - 2)
    s.text(4, y + 4, f"合计：¥{t['total']}", 10)
    s.text(4, y + 11, "支付方式：微信支付", 8)
    s.text(36, y + 19, "谢谢惠顾，欢迎再次光临", 8, "center")


# doc_type → (draw function, page width mm, page height mm)
LAYOUTS = {
    "digital_vat": (draw_digital_vat, 240, 140),
    "old_vat": (draw_old_vat, 240, 140),
    "train_ticket": (draw_train, 210, 105),
    "flight_itinerary": (draw_flight, 240, 110),
    "taxi_receipt": (draw_taxi, 80, 110),
    "quota_invoice": (draw_quota, 90, 75),
    "receipt": (draw_receipt, 72, 110),
}


def layout_for(t: dict[str, Any]) -> str:
    if t["doc_type"] in ("vat_invoice", "toll_receipt"):
        return "digital_vat" if t["invoice_form"] == "digital" else "old_vat"
    return t["doc_type"]


def render_pdf(truths: list[dict[str, Any]], path: Path) -> None:
    """One page per truth (several truths make a multi-invoice PDF)."""
    _register_font()
    canvas = Canvas(str(path))
    canvas.setTitle("synthetic document")
    for t in truths:
        draw, w, h = LAYOUTS[layout_for(t)]
        canvas.setPageSize((w * mm, h * mm))
        canvas.setLineWidth(0.6)
        draw(Sheet(canvas, w, h), t)
        canvas.showPage()
    canvas.save()
