"""Real-world layouts, several per document type, beside the "classic" ones in ``render.py``.

Each layout is a truth maker (``layout_truth.py``) and a drawing function. Pre-printed forms
(``paper``) can be drawn "dotmatrix": the values a printer put on the form are shifted a few
mm off their labels and drawn in a lighter, dotted stroke, as an impact printer leaves them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from testkit.generator import layout_truth as lt
from testkit.generator.render import FONT, FONT_PATHS, Sheet, _register_font, cn_date, qr_payload

RED = (0.78, 0.1, 0.1)
BROWN = (0.55, 0.25, 0.1)
BLUE = (0.1, 0.25, 0.6)
GREEN = (0.1, 0.4, 0.3)
BLACK = (0, 0, 0)


class FormSheet(Sheet):
    """A sheet that tells pre-printed labels (``text``) from printed values (``val``)."""

    def __init__(
        self, canvas: Canvas, w: float, h: float, dot: tuple[float, float] | None = None
    ) -> None:
        super().__init__(canvas, w, h)
        self.dot = dot

    def ink(self, rgb: tuple[float, float, float]) -> None:
        self.c.setFillColorRGB(*rgb)
        self.c.setStrokeColorRGB(*rgb)

    def val(self, x: float, y: float, s: str, size: float = 9, anchor: str = "left") -> None:
        """A value printed onto the form (black; dotted and off its label when dotmatrix)."""
        c = self.c
        c.saveState()
        c.setFillColorRGB(0, 0, 0)
        c.setStrokeColorRGB(0, 0, 0)
        if not self.dot:
            self.text(x, y, s, size, anchor)
            c.restoreState()
            return
        dx, dy = self.dot
        width = stringWidth(s, FONT, size) / mm
        x0 = x + dx - (width if anchor == "right" else width / 2 if anchor == "center" else 0)
        c.setStrokeColorRGB(0.25, 0.25, 0.3)
        c.setLineWidth(0.5)
        c.setLineCap(1)
        c.setDash([0.01, 0.7])
        obj = c.beginText(x0 * mm, (self.h - y - dy) * mm)
        obj.setFont(FONT, size)
        obj.setTextRenderMode(1)
        obj.textOut(s)
        c.drawText(obj)
        c.restoreState()

    def spaced(self, x: float, y: float, label: str, size: float = 9) -> None:
        """A letter-spaced label, as old forms print 纳 税 人 识 别 号."""
        self.text(x, y, " ".join(label), size)

    def fill(self, x: float, y: float, w: float, h: float, rgb: tuple[float, float, float]) -> None:
        c = self.c
        c.saveState()
        c.setFillColorRGB(*rgb)
        c.rect(x * mm, (self.h - y - h) * mm, w * mm, h * mm, stroke=0, fill=1)
        c.restoreState()

    def image(self, x: float, y: float, w: float, h: float, img: Image.Image) -> None:
        buf = BytesIO()
        img.save(buf, "PNG")
        buf.seek(0)
        self.c.drawImage(
            ImageReader(buf), x * mm, (self.h - y - h) * mm, w * mm, h * mm, mask="auto"
        )

    def seal(self, cx: float, cy: float, ring: str, middle: str, bottom: str, oval=True) -> None:
        """A red stamp, drawn as a semi-transparent image so it is not in the text layer."""
        w, h = (40, 28) if oval else (38, 38)
        self.image(cx - w / 2, cy - h / 2, w, h, seal_image(ring, middle, bottom, oval))


@cache
def _pil_font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    raise RuntimeError("no CJK font")


def seal_image(ring: str, middle: str, bottom: str, oval: bool = True) -> Image.Image:
    import math

    scale = 12  # px per mm
    w, h = (40, 28) if oval else (38, 38)
    W, H = w * scale, h * scale
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (215, 30, 35, 165)
    d.ellipse((6, 6, W - 6, H - 6), outline=red, width=12)
    fsize = int(H * 0.14)
    font = _pil_font(fsize)
    n = len(ring)
    span = math.radians(220)
    a0 = math.radians(90) + span / 2  # measured counter-clockwise from +x, text left→right
    rx, ry = W / 2 - 12 - fsize * 0.7, H / 2 - 12 - fsize * 0.7
    for i, ch in enumerate(ring):
        a = a0 - span * (i + 0.5) / n
        px, py = W / 2 + rx * math.cos(a), H / 2 - ry * math.sin(a)
        glyph = Image.new("RGBA", (fsize + 8, fsize + 8), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((4, 4), ch, font=font, fill=red)
        glyph = glyph.rotate(math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        img.alpha_composite(glyph, (int(px - glyph.width / 2), int(py - glyph.height / 2)))
    small = _pil_font(int(H * 0.085))
    d.text((W / 2, H * 0.53), middle, font=small, fill=red, anchor="mm")
    d.text((W / 2, H * 0.74), bottom, font=_pil_font(int(H * 0.12)), fill=red, anchor="mm")
    if not oval:
        d.text((W / 2, H * 0.38), "★", font=_pil_font(int(H * 0.2)), fill=red, anchor="mm")
    return img


def _money_cn(v: str) -> str:
    return f"¥{v}"


# ---------------------------------------------------------------- VAT invoices


def _wrap(s: str, width_mm: float, size: float) -> list[str]:
    lines, cur = [], ""
    for ch in s:
        if stringWidth(cur + ch, FONT, size) / mm > width_mm:
            lines.append(cur)
            cur = ""
        cur += ch
    return [*lines, cur]


def _digital_items(s: FormSheet, t: dict[str, Any], top: float, bottom: float) -> None:
    cols = [8, 62, 90, 104, 122, 150, 178, 198, 232]  # column edges
    headers = ["项目名称", "规格型号", "单位", "数量", "单价", "金额", "税率/征收率", "税额"]
    s.ink(BROWN)
    for x, h in zip(cols, headers, strict=False):
        s.text(x + 2, top + 4.5, h, 8)
    for x in cols[1:-1]:
        s.vline(x, top, top + 6.5)
    s.ink(BLACK)
    y = top + 11
    for item in t["items"]:
        lines = _wrap(item["name"], cols[1] - cols[0] - 3, 8)
        for i, line in enumerate(lines):
            s.text(cols[0] + 2, y + i * 4, line, 8)
        if item.get("spec"):
            s.text(cols[1] + 2, y, item["spec"], 8)
        s.text(cols[2] + 2, y, item["unit"] or "", 8)
        s.text(cols[4] - 2, y, item["quantity"], 8, "right")
        s.text(cols[5] - 2, y, item["unit_price"], 8, "right")
        s.text(cols[6] - 2, y, item["amount"], 8, "right")
        s.text(cols[6] + 6, y, item["tax_rate"], 8)
        s.text(cols[8] - 2, y, item["tax"], 8, "right")
        y += 4 * len(lines) + 1.5
    s.ink(BROWN)
    s.text(16, bottom - 2, "合　　计", 8.5)
    s.ink(BLACK)
    s.text(cols[6] - 2, bottom - 2, f"¥{t['amount']}", 8.5, "right")
    s.text(cols[8] - 2, bottom - 2, f"¥{t['tax']}", 8.5, "right")


def draw_vat_digital2024(s: FormSheet, t: dict[str, Any]) -> None:
    special = t["invoice_kind"] == "special"
    title = "电子发票（增值税专用发票）" if special else "电子发票（普通发票）"
    s.qr(10, 6, 20, qr_payload(t))
    s.ink(BROWN)
    s.text(120, 15, title, 16, "center")
    s.hline(78, 162, 18)
    s.hline(78, 162, 19)
    s.text(168, 12, "发票号码：", 9)
    s.text(168, 19, "开票日期：", 9)
    s.ink(BLACK)
    s.text(186, 12, t["invoice_number"], 9)
    s.text(186, 19, cn_date(t["issue_date"]), 9)
    s.ink(BROWN)
    s.c.setLineWidth(0.8)
    s.rect(8, 30, 224, 92)
    s.c.setLineWidth(0.5)
    s.vline(14, 30, 54)
    s.vline(120, 30, 54)
    s.vline(126, 30, 54)
    s.hline(8, 232, 54)
    s.vertical(10, 34, "购买方信息", 8.5)
    s.vertical(122, 34, "销售方信息", 8.5)
    s.text(16, 39, "名称：", 9)
    s.text(16, 48, "统一社会信用代码/纳税人识别号：", 8.5)
    s.text(128, 39, "名称：", 9)
    s.text(128, 48, "统一社会信用代码/纳税人识别号：", 8.5)
    s.ink(BLACK)
    s.text(26, 39, t["buyer_name"], 9)
    s.text(66, 48, t["buyer_tax_id"], 9)
    s.text(138, 39, t["seller_name"], 9)
    s.text(178, 48, t["seller_tax_id"], 9)
    if t["doc_type"] == "toll_receipt":
        _toll_items(s, t, 54, 96)
    else:
        _digital_items(s, t, 54, 96)
    s.ink(BROWN)
    s.hline(8, 232, 96)
    s.text(12, 102, "价税合计（大写）", 9)
    s.text(160, 102, "（小写）", 9)
    s.hline(8, 232, 105)
    s.vertical(10, 108, "备注", 8.5)
    s.vline(14, 105, 122)
    s.ink(BLACK)
    s.text(45, 102, f"ⓧ{t['total_in_words']}", 9)
    s.text(174, 102, f"¥{t['total']}", 9)
    if t.get("_remark"):
        s.text(18, 111, t["_remark"], 8.5)
    if t["doc_type"] == "toll_receipt":
        s.text(18, 111, f"车牌号：{t['plate']}", 8.5)
    s.ink(BROWN)
    s.text(14, 129, "开票人：", 9)
    s.ink(BLACK)
    s.text(28, 129, rng_name(t), 9)
    if t.get("_seal_at"):
        cx, cy = (178, 44) if t["_seal_at"] == "seller" else (182, 100)
        s.seal(cx, cy, t["seller_name"], t["seller_tax_id"], "发票专用章")


def rng_name(t: dict[str, Any]) -> str:
    """A drawer's name that depends only on the truth (so drawing stays deterministic)."""
    names = ["刘会计", "陈晓", "王丽", "张敏"]
    return names[sum(map(ord, t["invoice_number"])) % len(names)]


def _toll_items(s: FormSheet, t: dict[str, Any], top: float, bottom: float) -> None:
    cols = [8, 60, 86, 102, 126, 150, 176, 200, 232]
    headers = ["项目名称", "车牌号", "类型", "通行日期起", "通行日期止", "金额", "税率", "税额"]
    s.ink(BROWN)
    for x, h in zip(cols, headers, strict=False):
        s.text(x + 2, top + 4.5, h, 8)
    s.ink(BLACK)
    y = top + 11
    for item, (start, end) in zip(t["items"], t["_passes"], strict=True):
        s.text(cols[0] + 2, y, item["name"], 8)
        s.text(cols[1] + 2, y, item["spec"], 8)
        s.text(cols[2] + 2, y, "客车", 8)
        s.text(cols[3] + 2, y, start, 8)
        s.text(cols[4] + 2, y, end, 8)
        s.text(cols[6] - 2, y, item["amount"], 8, "right")
        s.text(cols[6] + 6, y, item["tax_rate"], 8)
        s.text(cols[8] - 2, y, item["tax"], 8, "right")
        y += 5.5
    s.ink(BROWN)
    s.text(16, bottom - 2, "合　　计", 8.5)
    s.ink(BLACK)
    s.text(cols[6] - 2, bottom - 2, f"¥{t['amount']}", 8.5, "right")
    s.text(cols[8] - 2, bottom - 2, f"¥{t['tax']}", 8.5, "right")


def _old_title(t: dict[str, Any], province: str) -> str:
    if t["invoice_form"] == "electronic":
        return f"{province}增值税电子普通发票"
    return f"{province}增值税{'专用' if t['invoice_kind'] == 'special' else '普通'}发票"


def _old_party(s: FormSheet, y: float, who: str, name: str, tax_id: str, addr: str) -> None:
    s.ink(BROWN)
    s.vertical(10, y + 2, who, 9)
    s.text(16, y + 5, "名" + "\u3000" * 4 + "称：", 8.5)
    s.spaced(16, y + 10.5, "纳税人识别号", 8.5)
    s.text(16, y + 16, "地 址 、电 话：", 8.5)
    s.spaced(16, y + 21.5, "开户行及账号", 8.5)
    s.val(52, y + 5, name, 9)
    s.val(52, y + 10.5, tax_id, 9)
    s.val(52, y + 16, addr, 8)
    s.val(52, y + 21.5, "招商银行上海分行营业部 121909876510201", 8)


def draw_vat_oldform(s: FormSheet, t: dict[str, Any], province: str = "上海") -> None:
    paper = t["invoice_form"] == "paper"
    exempt = all(i["tax_rate"] == "免税" for i in t["items"])
    if not paper:
        s.qr(10, 5, 20, qr_payload(t))
    s.ink(BROWN)
    s.text(120, 13, _old_title(t, province), 15, "center")
    s.text(120, 20, "发　票　联" if paper else "", 9, "center")
    s.c.ellipse(108 * mm, (s.h - 30) * mm, 132 * mm, (s.h - 21) * mm)  # the 监制 stamp
    s.text(120, 26.5, "全国统一发票监制章", 5, "center")
    s.text(160, 10, "发票代码：", 8.5)
    s.text(160, 16, "发票号码：", 8.5)
    s.text(160, 22, "开票日期：", 8.5)
    if t.get("check_code"):
        s.spaced(160, 28, "校验码", 8)
    s.text(12, 28, "机器编号：", 8)
    s.ink(RED)
    if paper:
        s.text(30, 12, t["invoice_code"], 12)
        s.text(200, 4.5, f"No {t['invoice_number']}", 11, "center")
    s.ink(BLACK)
    s.val(178, 10, t["invoice_code"], 9)
    s.val(178, 16, t["invoice_number"], 9)
    s.val(178, 22, cn_date(t["issue_date"]), 9)
    if t.get("check_code"):
        cc = t["check_code"]
        s.val(178, 28, f"{cc[:5]} {cc[5:10]} {cc[10:15]} {cc[15:]}", 8.5)
    s.val(30, 28, t["_machine_no"], 8)
    s.ink(BROWN)
    s.c.setLineWidth(0.7)
    s.rect(8, 31, 224, 103)
    s.c.setLineWidth(0.4)
    s.vline(14, 31, 57)
    s.vline(148, 31, 57)
    s.vline(154, 31, 57)
    s.hline(8, 232, 57)
    s.vertical(150, 36, "密码区", 8.5)
    _old_party(
        s, 31, "购买方", t["buyer_name"], t["buyer_tax_id"], "上海市徐汇区漕溪北路88号 021-64871234"
    )
    if t.get("_cipher"):
        for i, line in enumerate(t["_cipher"]):
            s.val(157, 37 + i * 5.5, line, 8.5)
    # the item table
    cols = [8, 64, 90, 104, 122, 148, 176, 196, 232]
    headers = [
        "货物或应税劳务、服务名称",
        "规格型号",
        "单位",
        "数量",
        "单价",
        "金额",
        "税率",
        "税额",
    ]
    s.ink(BROWN)
    for x0, x1, h in zip(cols, cols[1:], headers, strict=False):
        s.text((x0 + x1) / 2, 61.5, h, 7.5, "center")
    for x in cols[1:-1]:
        s.vline(x, 57, 95)
    below = bool(t.get("_province"))  # provincial forms print each value on a line below
    y = 68
    for item in t["items"]:
        s.val(cols[0] + 2, y, item["name"], 8)
        yv = y + 4.5 if below else y
        if item.get("spec"):
            s.val(cols[1] + 2, yv, item["spec"], 8)
        s.val(cols[2] + 2, yv, item["unit"] or "", 8)
        s.val(cols[4] - 2, yv, item["quantity"], 8, "right")
        s.val(cols[5] - 2, yv, item["unit_price"], 8, "right")
        s.val(cols[6] - 2, yv, item["amount"], 8, "right")
        s.val(cols[6] + 3, yv, item["tax_rate"], 8)
        s.val(cols[8] - 2, yv, "***" if item["tax_rate"] == "免税" else item["tax"], 8, "right")
        y += 10 if below else 5.5
    s.ink(BROWN)
    s.text(30, 93, "合　　　计", 8.5, "center")
    s.val(cols[6] - 2, 93, f"¥{t['amount']}", 8.5, "right")
    s.val(cols[8] - 2, 93, "***" if exempt else f"¥{t['tax']}", 8.5, "right")
    s.ink(BROWN)
    s.hline(8, 232, 95)
    s.text(12, 101, "价税合计（大写）", 8.5)
    s.text(165, 101, "（小写）", 8.5)
    s.val(48, 101, f"⊗{t['total_in_words']}", 9)
    s.val(180, 101, f"¥{t['total']}", 9)
    s.ink(BROWN)
    s.hline(8, 232, 104)
    s.vline(14, 104, 134)
    s.vline(148, 104, 134)
    s.vline(154, 104, 134)
    s.vertical(150, 112, "备注", 9)
    _old_party(
        s,
        106,
        "销售方",
        t["seller_name"],
        t["seller_tax_id"],
        "杭州市西湖区文三路199号 0571-88990011",
    )
    s.ink(BROWN)
    s.text(12, 139, "收款人：", 8)
    s.text(62, 139, "复核：", 8)
    s.text(110, 139, "开票人：", 8)
    s.text(165, 139, "销售方：（章）", 8)
    s.val(26, 139, "王出纳", 8)
    s.val(72, 139, "李复核", 8)
    s.val(124, 139, rng_name(t), 8)
    if paper:
        s.vertical(235, 50, "第二联：发票联　购买方记账凭证", 7)
    s.ink(BLACK)


def draw_vat_provincial(s: FormSheet, t: dict[str, Any]) -> None:
    draw_vat_oldform(s, t, t["_province"])


def draw_vat_sealed(s: FormSheet, t: dict[str, Any]) -> None:
    draw_vat_digital2024(s, t)


# ---------------------------------------------------------------- train tickets


def draw_train_digital2024(s: FormSheet, t: dict[str, Any]) -> None:
    s.ink(BLUE)
    s.text(105, 13, "电子发票（铁路电子客票）", 15, "center")
    s.hline(70, 140, 16)
    s.qr(183, 4, 20, qr_payload(t))
    s.text(10, 10, "发票号码:", 9)
    s.text(10, 16, "开票日期:", 9)
    s.ink(BLACK)
    s.text(27, 10, t["invoice_number"], 9)
    s.text(27, 16, cn_date(t["issue_date"]), 9)
    s.c.setDash([2, 1.5])
    s.ink(BLUE)
    s.rect(8, 26, 194, 70)
    s.c.setDash([])
    s.ink(BLACK)
    s.text(45, 38, f"{t['departure']}站", 15, "center")
    s.text(105, 37, t["train_or_flight_number"], 14, "center")
    s.c.line(88 * mm, (s.h - 40) * mm, 122 * mm, (s.h - 40) * mm)
    s.c.line(118 * mm, (s.h - 39) * mm, 122 * mm, (s.h - 40) * mm)
    s.text(165, 38, f"{t['arrival']}站", 15, "center")
    s.text(45, 44, t["departure_pinyin"], 8, "center")
    s.text(165, 44, t["arrival_pinyin"], 8, "center")
    s.text(20, 54, f"{cn_date(t['travel_date'])} {t['departure_time']}开", 10)
    s.text(100, 54, t["car_seat"], 10)
    s.text(150, 54, t["seat_class"], 10)
    s.text(20, 62, "票价:", 10)
    s.text(32, 62, f"￥{t['total']}", 11)
    s.text(150, 62, f"检票:{t['_gate']}", 9)
    s.text(20, 70, f"{t['_id']} {t['passenger_name']}", 10)
    s.text(20, 78, f"电子客票号:{t['ticket_number']}", 9)
    s.text(120, 78, "仅供报销使用", 9)
    s.text(20, 86, f"购买方名称:{t['buyer_name']}", 8.5)
    s.text(110, 86, f"统一社会信用代码:{t['buyer_tax_id']}", 8.5)
    s.ink(BLUE)
    s.text(20, 102, "买票请到12306 发货请到95306", 7)


def draw_train_paper(s: FormSheet, t: dict[str, Any]) -> None:
    s.fill(0, 0, s.w, s.h, (0.82, 0.9, 0.97))  # the blue security paper
    s.ink((0.65, 0.78, 0.9))
    for i in range(0, int(s.w), 3):  # its guilloche, roughly
        s.c.line(i * mm, 0, (i + 8) * mm, s.h * mm)
    s.ink(RED)
    s.text(5, 7, t["ticket_number"], 11)
    s.ink(BLACK)
    s.val(66, 7, f"检票:{t['_gate']}", 8)
    s.val(18, 17, f"{t['departure']} 站", 11, "center")
    s.val(43, 16, t["train_or_flight_number"], 11, "center")
    s.c.line(34 * mm, (s.h - 18) * mm, 52 * mm, (s.h - 18) * mm)
    s.val(68, 17, f"{t['arrival']} 站", 11, "center")
    s.val(18, 21.5, t["departure_pinyin"], 6, "center")
    s.val(68, 21.5, t["arrival_pinyin"], 6, "center")
    d = date.fromisoformat(t["travel_date"])
    s.val(5, 28, f"{d.year}年{d.month:02d}月{d.day:02d}日 {t['departure_time']}开", 8.5)
    s.val(56, 28, t["car_seat"], 8.5)
    s.val(5, 34, f"¥{float(t['total']):.1f}元", 9)  # paper tickets price in jiao: ¥123.5元
    s.val(56, 34, t["seat_class"], 8.5)
    s.val(5, 39, "限乘当日当次车", 7)
    s.val(5, 45, f"{t['_id']} {t['passenger_name']}", 8)
    s.ink(BLUE)
    s.text(5, 51, "买票请到12306 发货请到95306", 5.5)
    s.text(48, 51, "中国铁路祝您旅途愉快", 5.5)
    s.ink(BLACK)
    s.val(5, 54.5, f"{t['_serial']} {t['departure']}售", 5.5)


# ---------------------------------------------------------------- flight itineraries


def draw_flight_itinerary(s: FormSheet, t: dict[str, Any]) -> None:
    s.fill(0, 0, s.w, s.h, (0.96, 0.93, 0.88))
    s.ink(GREEN)
    s.text(120, 10, "航空运输电子客票行程单", 14, "center")
    s.text(120, 15, "ITINERARY/RECEIPT OF E-TICKET FOR AIR TRANSPORTATION", 7, "center")
    s.text(170, 10, "印刷序号：", 8)
    s.ink(RED)
    s.text(186, 10, t["_serial"], 10)
    s.ink(GREEN)
    s.c.setLineWidth(0.4)
    s.rect(6, 19, 228, 88)
    rows = [19, 29, 53, 67, 81, 95, 107]
    for y in rows[1:-1]:
        s.hline(6, 234, y)
    s.text(8, 23, "旅客姓名 NAME OF PASSENGER", 6.5)
    s.text(70, 23, "有效身份证件号码 ID.NO.", 6.5)
    s.text(150, 23, "签注 ENDORSEMENTS/RESTRICTIONS", 6.5)
    s.val(10, 28, t["passenger_name"], 9)
    s.val(72, 28, t["_id"], 9)
    s.val(152, 28, "不得签转/变更退票收费", 8)
    heads = [
        (8, "", ""),
        (52, "承运人", "CARRIER"),
        (70, "航班号", "FLIGHT"),
        (90, "座位等级", "CLASS"),
        (108, "日期", "DATE"),
        (130, "时间", "TIME"),
        (146, "客票级别/客票类别", "FARE BASIS"),
        (180, "客票生效日期", "NOT VALID BEFORE"),
        (208, "免费行李", "ALLOW"),
    ]
    for x, cn, en in heads:
        s.text(x, 33, cn, 6.5)
        s.text(x, 36, en, 5)
    s.text(8, 43, "自 FROM", 7)
    s.text(8, 50, "至 TO", 7)
    s.val(20, 43, f"{t['departure']} {t['departure_code']}", 8.5)
    s.val(20, 50, f"{t['arrival']} {t['arrival_code']}", 8.5)
    s.val(54, 43, t["train_or_flight_number"][:2], 8.5)
    s.val(70, 43, t["train_or_flight_number"][2:], 8.5)
    s.val(92, 43, t["seat_class"], 8.5)
    s.val(108, 43, t["travel_date"], 8.5)
    s.val(130, 43, t["_time"], 8.5)
    s.val(146, 43, t["seat_class"] + "OW", 8.5)
    s.val(208, 43, "20K", 8.5)
    s.val(20, 57, "VOID", 8)
    # the fare line: labels in one row, values in the row BELOW, each with CNY
    fares = [
        (8, "票价 FARE", t["fare"]),
        (50, "燃油附加费 FUEL SURCHARGE", t["fuel"]),
        (100, "民航发展基金 CAAC DEVELOPMENT FUND", t["fund"]),
        (160, "其他税费 OTHER TAXES", "0.00"),
        (200, "合计 TOTAL", t["total"]),
    ]
    for x, label, value in fares:
        s.text(x, 58 + 14, label, 6.5)
        s.val(x + 2, 58 + 20, f"CNY {value}", 9)
    s.text(8, 85, "电子客票号码 E-TICKET NO.", 6.5)
    s.text(80, 85, "验证码 CK.", 6.5)
    s.text(130, 85, "提示信息 INFORMATION", 6.5)
    s.text(200, 85, "保险费 INSURANCE", 6.5)
    s.val(10, 91, t["ticket_number"], 9)
    s.val(82, 91, t["_check"], 9)
    s.val(132, 91, "仅供报销使用", 8)
    s.val(202, 91, "XXX", 8)
    s.text(8, 99, "销售单位代号 AGENT CODE", 6.5)
    s.text(80, 99, "填开单位 ISSUED BY", 6.5)
    s.text(170, 99, "填开日期 DATE OF ISSUE", 6.5)
    s.val(10, 105, "SHA" + t["_serial"][:6], 8)
    s.val(82, 105, "中国东方航空股份有限公司", 8)
    s.val(172, 105, t["issue_date"], 9)
    s.ink(BLACK)


def draw_flight_digital2024(s: FormSheet, t: dict[str, Any]) -> None:
    s.ink(BROWN)
    s.text(120, 12, "电子发票（航空运输电子客票行程单）", 14, "center")
    s.qr(8, 3, 18, qr_payload(t))
    s.text(168, 9, "发票号码：", 8.5)
    s.text(168, 15, "开票日期：", 8.5)
    s.ink(BLACK)
    s.text(184, 9, t["invoice_number"], 8.5)
    s.text(184, 15, cn_date(t["issue_date"]), 8.5)
    s.ink(BROWN)
    s.rect(6, 22, 228, 84)
    for y in (30, 52, 66, 76, 86, 96):
        s.hline(6, 234, y)
    s.text(8, 27, "旅客姓名：", 8)
    s.text(64, 27, "有效身份证件号码：", 8)
    s.text(150, 27, "签注：", 8)
    s.ink(BLACK)
    s.text(24, 27, t["passenger_name"], 8.5)
    s.text(92, 27, t["_id"], 8.5)
    s.text(160, 27, "不得签转", 8)
    s.ink(BROWN)
    heads = [
        (8, ""),
        (48, "承运人"),
        (66, "航班号"),
        (86, "座位等级"),
        (104, "日期"),
        (128, "时间"),
        (142, "客票级别/客票类别"),
        (176, "客票生效日期"),
        (200, "有效截止日期"),
        (222, "免费行李"),
    ]
    for x, h in heads:
        s.text(x, 35, h, 6.5)
    s.text(8, 42, "自：", 8)
    s.text(8, 49, "至：", 8)
    s.ink(BLACK)
    s.text(14, 42, f"{t['departure_code']} {t['departure']}", 8.5)
    s.text(14, 49, f"{t['arrival_code']} {t['arrival']}", 8.5)
    s.text(48, 42, "国航" if t["train_or_flight_number"].startswith("CA") else "航空", 8)
    s.text(66, 42, t["train_or_flight_number"], 8.5)
    s.text(90, 42, t["seat_class"], 8.5)
    s.text(104, 42, t["travel_date"], 8.5)
    s.text(128, 42, "08:35", 8.5)
    s.text(142, 42, t["seat_class"], 8.5)
    s.text(222, 42, "20K", 8.5)
    s.ink(BROWN)
    fares = [
        (8, "票价", t["fare"]),
        (40, "燃油附加费", t["fuel"]),
        (75, "增值税税率", "9%"),
        (105, "增值税税额", t["tax"]),
        (140, "民航发展基金", t["fund"]),
        (175, "其他税费", "0.00"),
        (205, "合计", t["total"]),
    ]
    for x, label, _v in fares:
        s.text(x, 57, label, 7.5)
    s.ink(BLACK)
    for x, _label, v in fares:
        s.text(x, 63, v if v.endswith("%") else f"CNY {v}", 8.5)
    s.ink(BROWN)
    s.text(8, 72, "电子客票号码：", 7.5)
    s.text(80, 72, "验证码：", 7.5)
    s.text(120, 72, "提示信息：", 7.5)
    s.text(190, 72, "保险费：", 7.5)
    s.text(8, 82, "销售网点代号：", 7.5)
    s.text(120, 82, "填开单位：", 7.5)
    s.text(8, 92, "购买方名称：", 7.5)
    s.text(120, 92, "统一社会信用代码：", 7.5)
    s.ink(BLACK)
    s.text(30, 72, t["ticket_number"], 8.5)
    s.text(93, 72, t["_check"], 8.5)
    s.text(136, 72, "仅供报销使用", 8)
    s.text(203, 72, "0.00", 8)
    s.text(30, 82, "08300011", 8.5)
    s.text(136, 82, "中国国际航空股份有限公司", 8)
    s.text(28, 92, t["buyer_name"], 8.5)
    s.text(148, 92, t["buyer_tax_id"], 8.5)


# ---------------------------------------------------------------- taxi receipts


def draw_taxi_beijing(s: FormSheet, t: dict[str, Any]) -> None:
    s.ink(BLUE)
    s.text(s.w / 2, 9, "北京市出租汽车专用发票", 11, "center")
    s.text(6, 17, "发票代码", 8.5)
    s.text(6, 23, "发票号码", 8.5)
    s.ink(RED)
    s.text(24, 17, t["invoice_code"], 9)
    s.text(24, 23, t["invoice_number"], 10)
    s.ink(BLUE)
    s.hline(4, s.w - 4, 26)
    s.ink(BLACK)
    lines = [
        ("车号", t["plate"]),
        ("证号", t["_cert"]),
        ("日期", t["issue_date"]),
        ("上车", t["start"]),
        ("下车", t["end"]),
        ("单价", f"{t['_price']}元"),
        ("里程", f"{t['distance']}km"),
        ("等候", t["_wait"]),
        ("金额", f"{t['total']}元"),
    ]
    for i, (label, value) in enumerate(lines):
        s.val(8, 33 + i * 6.5, f"{label}：{value}", 9.5)
    s.ink(BLUE)
    s.text(6, 96, "监督电话：96106", 7)
    s.text(6, 101, "北京市税务局监制", 6.5)


def draw_taxi_shanghai(s: FormSheet, t: dict[str, Any]) -> None:
    s.ink(GREEN)
    s.text(s.w / 2, 8, "上海市出租汽车统一发票", 11, "center")
    s.text(s.w / 2, 13, "SHANGHAI TAXI INVOICE", 6, "center")
    s.text(5, 19, "发票代码", 7.5)
    s.text(5, 24, "发票号码", 7.5)
    s.ink(RED)
    s.text(22, 19, t["invoice_code"], 8.5)
    s.text(22, 24, t["invoice_number"], 9.5)
    s.ink(GREEN)
    s.rect(4, 27, s.w - 8, 64)
    labels = [
        ("车　号 TAXI NO.", t["plate"]),
        ("日　期 DATE", t["issue_date"].replace("-", ".")),
        ("上　车 UP", t["start"]),
        ("下　车 DOWN", t["end"]),
        ("单　价 PRICE", t["_price"]),
        ("里　程 DISTANCE", t["distance"]),
        ("等　候 WAITING", t["_wait"]),
        ("金　额 TOTAL", t["total"]),
    ]
    # the meter's dot-matrix printer puts the values a few mm off the pre-printed labels
    dot = s.dot
    s.dot = dot or (3.0, -1.2)
    for i, (label, value) in enumerate(labels):
        y = 33 + i * 7.5
        s.ink(GREEN)
        s.text(6, y, label, 7)
        s.hline(34, s.w - 6, y + 1)
        s.val(38, y, value, 9.5)
    s.dot = dot
    s.ink(GREEN)
    s.text(6, 98, "大众出租　服务热线 96822", 7)
    s.text(6, 103, "国家税务总局上海市税务局监制", 6)


# ---------------------------------------------------------------- quota invoices


def draw_quota_small(s: FormSheet, t: dict[str, Any]) -> None:
    s.ink(BLUE)
    s.rect(2, 2, s.w - 4, s.h - 4)
    s.text(s.w / 2, 9, f"{t['city']}通用定额发票", 10, "center")
    s.text(s.w / 2, 14, "发 票 联", 7, "center")
    s.text(4, 20, "发票代码", 6.5)
    s.text(4, 25, "发票号码", 6.5)
    s.ink(RED)
    s.text(16, 20, t["invoice_code"], 8)
    s.text(16, 25, t["invoice_number"], 9)
    s.ink(BLUE)
    s.text(s.w / 2, 38, t["total_in_words"], 22, "center")
    s.text(s.w / 2, 45, f"¥{int(float(t['total']))}.00", 9, "center")
    s.text(4, 51, "收款单位（盖章）", 6)


def draw_quota_wide(s: FormSheet, t: dict[str, Any]) -> None:
    s.ink(RED)
    s.rect(3, 3, s.w - 6, s.h - 6)
    s.vertical(6, 12, "定额发票", 10)
    s.text(
        s.w / 2,
        12,
        f"{t['city']}{'服务业' if float(t['total']) < 50 else '通用'}定额发票",
        12,
        "center",
    )
    s.text(s.w / 2, 18, "发　票　联", 8, "center")
    s.text(s.w / 2 + 20, 62, "发票代码", 7)
    s.text(s.w / 2 + 20, 67, "发票号码", 7)
    s.text(s.w - 6, 62, t["invoice_code"], 9, "right")
    s.text(s.w - 6, 67, f"No {t['invoice_number']}", 10, "right")
    s.ink((0.2, 0.2, 0.2))
    s.text(s.w / 2, 38, t["total_in_words"], 28, "center")
    s.ink(RED)
    s.text(18, 52, f"金额：人民币{int(float(t['total']))}元", 9)
    s.text(18, 67, "开票日期：　　年　　月　　日", 7)


def draw_quota_parking(s: FormSheet, t: dict[str, Any]) -> None:
    s.ink(GREEN)
    s.rect(2, 2, s.w - 4, s.h - 4)
    s.text(s.w / 2, 9, f"{t['city']}", 9, "center")
    s.text(s.w / 2, 15, f"{t['_what']}定额发票", 10, "center")
    s.ink(RED)
    s.text(s.w / 2, 23, t["invoice_code"], 9, "center")
    s.ink(GREEN)
    s.hline(4, s.w - 4, 27)
    s.text(s.w / 2, 46, t["total_in_words"], 20, "center")
    s.text(s.w / 2, 56, f"（¥{t['total']}）", 9, "center")
    s.hline(4, s.w - 4, 62)
    s.text(5, 70, "发票号码", 7)
    s.ink(RED)
    s.text(s.w / 2, 78, t["invoice_number"], 13, "center")
    s.ink(GREEN)
    s.text(s.w / 2, 88, "手写无效　发票联", 6.5, "center")


# ---------------------------------------------------------------- shop receipts


def _receipt_items(s: FormSheet, t: dict[str, Any], y: float, codes: bool) -> float:
    for item in t["items"]:
        s.text(3, y, item["name"], 7.5)
        y += 4
        if codes:
            s.text(3, y, t["_codes"][item["name"]], 6.5)
        s.text(34, y, f"{item['quantity']}x{item['unit_price']}", 7.5)
        s.text(s.w - 3, y, item["amount"], 7.5, "right")
        y += 5
    return y


def _dashes(s: FormSheet, y: float) -> None:
    s.text(s.w / 2, y, "-" * 40, 7, "center")


def draw_receipt_supermarket(s: FormSheet, t: dict[str, Any]) -> None:
    s.text(s.w / 2, 8, t["seller_name"], 9.5, "center")
    s.text(3, 15, f"机号：03  收银员：{1000 + int(t['receipt_no'][:3])}", 7)
    s.text(3, 19.5, f"流水号：{t['receipt_no']}", 7)
    s.text(3, 24, f"{t['issue_date']} {t['time']}", 7)
    _dashes(s, 28)
    s.text(3, 32, "品名/条码", 7)
    s.text(34, 32, "数量x单价", 7)
    s.text(s.w - 3, 32, "金额", 7, "right")
    y = _receipt_items(s, t, 37, True)
    _dashes(s, y)
    count = sum(int(i["quantity"]) for i in t["items"])
    s.text(3, y + 5, f"件数：{count}", 8)
    s.text(3, y + 10, "合计：", 8)
    s.text(s.w - 3, y + 10, t["total"], 8, "right")
    s.text(3, y + 15, "应收：", 9)
    s.text(s.w - 3, y + 15, t["total"], 9, "right")
    paid = t["_paid"]
    change = f"{float(paid) - float(t['total']):.2f}"
    s.text(3, y + 20, "实收：", 8)
    s.text(s.w - 3, y + 20, paid, 8, "right")
    s.text(3, y + 25, "找零：", 8)
    s.text(s.w - 3, y + 25, change, 8, "right")
    _dashes(s, y + 29)
    s.text(s.w / 2, y + 34, "请保留小票作为退换货凭证", 7, "center")
    s.text(s.w / 2, y + 39, "凭小票30日内开具发票", 7, "center")


def draw_receipt_restaurant(s: FormSheet, t: dict[str, Any]) -> None:
    s.text(s.w / 2, 8, t["seller_name"], 10, "center")
    s.text(s.w / 2, 14, "结 账 单", 9, "center")
    s.text(3, 21, f"桌号：{t['_table']}    人数：{2 + len(t['items']) // 2}", 7.5)
    s.text(3, 25.5, f"单号：{t['receipt_no']}", 7.5)
    s.text(3, 30, f"结账时间：{t['issue_date']} {t['time']}", 7.5)
    _dashes(s, 34)
    s.text(3, 38, "菜品", 7.5)
    s.text(34, 38, "数量x单价", 7.5)
    s.text(s.w - 3, 38, "小计", 7.5, "right")
    y = _receipt_items(s, t, 43, False)
    _dashes(s, y)
    s.text(3, y + 5, "消费合计：", 8)
    s.text(s.w - 3, y + 5, t["_subtotal"], 8, "right")
    s.text(3, y + 10, "优惠：", 8)
    s.text(s.w - 3, y + 10, f"-{t['_discount']}", 8, "right")
    s.text(3, y + 16, f"{t['_total_label']}：", 10)
    s.text(s.w - 3, y + 16, f"¥{t['total']}", 10, "right")
    s.text(3, y + 21, "支付方式：支付宝", 7.5)
    _dashes(s, y + 25)
    s.text(s.w / 2, y + 30, "谢谢光临　如需发票请扫码", 7, "center")


def draw_receipt_pharmacy(s: FormSheet, t: dict[str, Any]) -> None:
    s.text(s.w / 2, 8, t["seller_name"], 9.5, "center")
    s.text(s.w / 2, 13, "销售小票", 8, "center")
    s.text(3, 19, f"单据号：{t['receipt_no']}", 7)
    s.text(3, 23.5, f"销售日期：{t['issue_date']} {t['time']}", 7)
    s.text(3, 28, "营业员：0025　执业药师：王药师", 7)
    _dashes(s, 32)
    s.text(3, 36, "药品名称/批准文号", 7)
    s.text(s.w - 3, 36, "金额", 7, "right")
    y = _receipt_items(s, t, 41, True)
    _dashes(s, y)
    s.text(3, y + 5, f"{t['_total_label']}：", 9)
    s.text(s.w - 3, y + 5, t["total"], 9, "right")
    insured = t["_insurance"]
    s.text(3, y + 10, "医保统筹支付：", 7.5)
    s.text(s.w - 3, y + 10, insured, 7.5, "right")
    s.text(3, y + 15, "个人支付：", 7.5)
    s.text(s.w - 3, y + 15, f"{float(t['total']) - float(insured):.2f}", 7.5, "right")
    _dashes(s, y + 19)
    s.text(s.w / 2, y + 24, "药品售出，非质量问题不退换", 6.5, "center")


# ---------------------------------------------------------------- not invoices


def draw_trip_list(s: FormSheet, t: dict[str, Any]) -> None:
    s.ink((0.95, 0.45, 0.1))
    s.text(12, 16, t["_platform"].replace("有限公司", ""), 12)
    s.text(s.w - 12, 16, "行程单", 16, "right")
    s.text(s.w - 12, 21, "TRIP TABLE", 7, "right")
    s.ink(BLACK)
    trips = t["_trips"]
    start, end = trips[0]["day"], trips[-1]["day"]
    s.text(12, 32, f"申请日期：{t['issue_date']}", 8.5)
    s.text(12, 38, f"行程起止日期：{start.isoformat()} 至 {end.isoformat()}", 8.5)
    s.text(12, 44, f"行程人手机号：{t['_phone']}", 8.5)
    s.text(s.w - 12, 38, f"共{len(trips)}笔行程，合计{t['total']}元", 10, "right")
    cols = [12, 22, 38, 70, 86, 124, 164, 184]
    heads = ["序号", "车型", "上车时间", "城市", "起点", "终点", "里程[公里]", "金额[元]"]
    s.fill(10, 50, s.w - 20, 7, (0.93, 0.93, 0.93))
    for x, h in zip(cols, heads, strict=True):
        s.text(x, 55, h, 7.5)
    y = 63
    for i, r in enumerate(trips, 1):
        for x, v in zip(
            cols,
            [str(i), r["car"], r["time"], r["city"], r["from"], r["to"], r["km"], r["fare"]],
            strict=True,
        ):
            s.text(x, y, v, 7.5)
        s.hline(10, s.w - 10, y + 2.5)
        y += 7
    s.text(12, y + 8, "说明：本行程单仅供参考，不作为报销凭证", 7)


def draw_bank_receipt(s: FormSheet, t: dict[str, Any]) -> None:
    s.ink(RED)
    s.text(s.w / 2, 12, f"{t['_bank']}网上银行电子回单", 13, "center")
    s.ink(BLACK)
    s.text(10, 20, f"电子回单号码：{t['_receipt_no']}", 8)
    s.rect(8, 23, s.w - 16, 70)
    mid = s.w / 2
    s.vline(mid, 23, 47)
    for y in (31, 39, 47, 55, 63, 71, 79):
        s.hline(8, s.w - 8, y)
    s.vline(18, 23, 47)
    s.vline(mid + 10, 23, 47)
    s.vertical(11, 27, "付款人", 7)
    s.vertical(mid + 3, 27, "收款人", 7)
    for x, who, acct in (
        (20, t["_payer"], t["_payer_account"]),
        (mid + 12, t["_payee"], t["_payee_account"]),
    ):
        s.text(x, 29, f"户　名：{who}", 7.5)
        s.text(x, 37, f"账　号：{acct}", 7.5)
        s.text(x, 45, f"开户银行：{t['_bank']}上海分行", 7.5)
    s.text(10, 53, f"金　额：¥{t['_amount']}元", 8.5)
    s.text(10, 61, f"金额(大写)：人民币{t['_words']}", 8.5)
    s.text(10, 69, f"摘　要：{t['_use']}", 8)
    s.text(mid, 69, "业务种类：跨行转账", 8)
    s.text(10, 77, f"交易流水号：{t['_serial']}", 8)
    s.text(mid, 77, f"时间戳：{t['_date']}-10.21.33.{t['_serial'][:6]}", 8)
    s.text(10, 87, "备注：", 8)
    s.text(10, 99, f"验证码：{t['_serial'][-10:]}　记账柜员：{t['_who']}", 7)
    s.seal(s.w - 35, 88, t["_bank"], "", "电子回单专用章", oval=False)


# ---------------------------------------------------------------- registry


@dataclass(frozen=True)
class Layout:
    doc_type: str  # the corpus group (a truth's doc_type, or "not_invoice")
    name: str
    make: Callable[[random.Random], dict[str, Any]]
    draw: Callable[[FormSheet, dict[str, Any]], None]
    size: tuple[float, float]  # mm
    paper: Callable[[dict[str, Any]], bool] = lambda t: False  # a pre-printed form?


def _paper_form(t: dict[str, Any]) -> bool:
    return t.get("invoice_form") == "paper"


def _always(t: dict[str, Any]) -> bool:
    return True


NEW_LAYOUTS: tuple[Layout, ...] = (
    Layout("vat_invoice", "digital2024", lt.vat_digital2024, draw_vat_digital2024, (240, 140)),
    Layout("vat_invoice", "oldform", lt.vat_oldform, draw_vat_oldform, (240, 145), _paper_form),
    Layout(
        "vat_invoice", "provincial", lt.vat_provincial, draw_vat_provincial, (240, 145), _paper_form
    ),
    Layout("vat_invoice", "sealed", lt.vat_sealed, draw_vat_sealed, (240, 140)),
    Layout("vat_invoice", "ridehailing", lt.vat_ridehailing, draw_vat_digital2024, (240, 140)),
    Layout("train_ticket", "digital2024", lt.train_digital2024, draw_train_digital2024, (210, 105)),
    Layout("train_ticket", "paper", lt.train_paper, draw_train_paper, (86, 57), _always),
    Layout(
        "flight_itinerary",
        "itinerary",
        lt.flight_itinerary,
        draw_flight_itinerary,
        (240, 112),
        _always,
    ),
    Layout(
        "flight_itinerary",
        "digital2024",
        lt.flight_digital2024,
        draw_flight_digital2024,
        (240, 110),
    ),
    Layout("taxi_receipt", "beijing", lt.taxi_beijing, draw_taxi_beijing, (76, 106), _always),
    Layout("taxi_receipt", "shanghai", lt.taxi_shanghai, draw_taxi_shanghai, (78, 108), _always),
    Layout("quota_invoice", "small", lt.quota_small, draw_quota_small, (70, 55)),
    Layout("quota_invoice", "wide", lt.quota_wide, draw_quota_wide, (140, 75)),
    Layout("quota_invoice", "parking", lt.quota_parking, draw_quota_parking, (60, 95)),
    Layout("receipt", "supermarket", lt.receipt_supermarket, draw_receipt_supermarket, (64, 130)),
    Layout("receipt", "restaurant", lt.receipt_restaurant, draw_receipt_restaurant, (70, 120)),
    Layout("receipt", "pharmacy", lt.receipt_pharmacy, draw_receipt_pharmacy, (66, 120)),
    Layout("toll_receipt", "digital2024", lt.toll_digital2024, draw_vat_digital2024, (240, 140)),
    Layout("toll_receipt", "oldform", lt.toll_oldform, draw_vat_oldform, (240, 145)),
    Layout("not_invoice", "triplist", lt.trip_list, draw_trip_list, (210, 148)),
    Layout("not_invoice", "bankreceipt", lt.bank_receipt, draw_bank_receipt, (200, 105)),
)
LAYOUT_GROUPS = tuple(dict.fromkeys(layout.doc_type for layout in NEW_LAYOUTS))
LAYOUT_NAMES = frozenset(layout.name for layout in NEW_LAYOUTS) | {"classic"}


def layouts_for(doc_type: str) -> list[Layout]:
    return [layout for layout in NEW_LAYOUTS if layout.doc_type == doc_type]


def get_layout(doc_type: str, name: str) -> Layout:
    for layout in NEW_LAYOUTS:
        if (layout.doc_type, layout.name) == (doc_type, name):
            return layout
    raise ValueError(f"no layout {name!r} for {doc_type!r}")


def render_layout_pdf(
    truth: dict[str, Any], path: Path, layout: Layout, *, dotmatrix: bool = False, seed: int = 0
) -> None:
    """One page in ``layout``; ``dotmatrix`` shifts the printed values off their labels."""
    _register_font()
    canvas = Canvas(str(path))
    canvas.setTitle("synthetic document")
    w, h = layout.size
    canvas.setPageSize((w * mm, h * mm))
    canvas.setLineWidth(0.6)
    dot = None
    if dotmatrix:
        r = random.Random(seed)
        dot = (r.choice([-1, 1]) * r.uniform(1.5, 4.0), r.choice([-1, 1]) * r.uniform(1.0, 2.5))
    layout.draw(FormSheet(canvas, w, h, dot), truth)
    canvas.showPage()
    canvas.save()
