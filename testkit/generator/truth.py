"""Random but plausible ground truth for each document type (contract JSON form)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ocr.amounts import to_capital
from ocr.taxid import make_uscc

DOC_TYPES = (
    "vat_invoice",
    "train_ticket",
    "flight_itinerary",
    "taxi_receipt",
    "quota_invoice",
    "toll_receipt",
    "receipt",
)

COMPANIES = [
    "上海明远信息技术有限公司",
    "北京华通商务服务有限公司",
    "深圳市前海云帆科技有限公司",
    "杭州西溪酒店管理有限公司",
    "广州白云餐饮管理有限公司",
    "成都天府办公用品有限公司",
    "南京金陵会展服务有限公司",
    "武汉长江物流有限公司",
    "苏州工业园区启明软件有限公司",
    "天津港湾建材贸易有限公司",
]
BUYERS = [
    "账房科技（上海）有限公司",
    "华东精密制造股份有限公司",
    "北京远景咨询有限公司",
    "广州南方贸易有限公司",
]
ITEMS = [
    ("*餐饮服务*餐费", "", "次", Decimal("0.06")),
    ("*住宿服务*住宿费", "标准间", "天", Decimal("0.06")),
    ("*信息技术服务*软件服务费", "", "项", Decimal("0.06")),
    ("*纸制品*复印纸", "A4 70g", "箱", Decimal("0.13")),
    ("*计算机外部设备*无线鼠标", "M185", "个", Decimal("0.13")),
    ("*会议服务*会议费", "", "次", Decimal("0.06")),
    ("*运输服务*客运服务费", "", "次", Decimal("0.03")),
    ("*办公用品*中性笔", "0.5mm", "盒", Decimal("0.13")),
]
STATIONS = [
    ("北京南", "Beijingnan"),
    ("上海虹桥", "Shanghaihongqiao"),
    ("南京南", "Nanjingnan"),
    ("杭州东", "Hangzhoudong"),
    ("广州南", "Guangzhounan"),
    ("武汉", "Wuhan"),
    ("成都东", "Chengdudong"),
]
AIRPORTS = [
    ("PEK", "北京首都"),
    ("SHA", "上海虹桥"),
    ("CAN", "广州白云"),
    ("SZX", "深圳宝安"),
    ("TFU", "成都天府"),
    ("HGH", "杭州萧山"),
]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "周敏"]
SHOPS = [
    "全家便利店（徐家汇店）",
    "联华超市（人民广场店）",
    "得力文具旗舰店",
    "物美超市（中关村店）",
]
CITIES = ["北京市", "上海市", "广东省", "浙江省", "江苏省"]
CAPITAL_PROVINCES = ["北京", "上海", "广东", "浙江", "江苏"]

CENT = Decimal("0.01")


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> str:
    return f"{q(value):.2f}"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _tax_id(rng: random.Random) -> str:
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return make_uscc("91" + rng.choice(["110108", "310115", "440300", "330106", "320583"]) + org)


def _date(rng: random.Random) -> date:
    return date(2024, 1, 1) + timedelta(days=rng.randrange(0, 600))


def _invoice_items(rng: random.Random, count: int) -> list[dict[str, Any]]:
    items = []
    for name, spec, unit, rate in rng.sample(ITEMS, count):
        quantity = Decimal(rng.choice([1, 1, 2, 3, 5, 10]))
        unit_price = q(Decimal(rng.randrange(1500, 150000)) / 100)
        amount = q(quantity * unit_price)
        items.append(
            {
                "name": name,
                "spec": spec or None,
                "unit": unit,
                "quantity": str(quantity),
                "unit_price": money(unit_price),
                "amount": money(amount),
                "tax_rate": f"{int(rate * 100)}%",
                "tax": money(amount * rate),
            }
        )
    return items


def invoice_numbers(rng: random.Random, form: str, kind: str, issue: date) -> dict[str, Any]:
    """发票号码, 发票代码 and 校验码 as each form prints them (数电票: a 20-digit number only)."""
    if form == "digital":
        number = f"{issue.year % 100:02d}" + rng.choice(["31", "44", "11", "33"]) + _digits(rng, 16)
        return {"invoice_number": number, "invoice_code": None, "check_code": None}
    code = ("0" if form == "electronic" else "") + _digits(rng, 11 if form == "electronic" else 10)
    return {
        "invoice_code": code,
        "invoice_number": _digits(rng, 8),
        "check_code": None if kind == "special" else _digits(rng, 20),
    }


def receipt_line(name: str, qty: int, price: Decimal) -> dict[str, Any]:
    """An item of a shop receipt: name, quantity × price = amount, no tax."""
    return {
        "name": name,
        "spec": None,
        "unit": None,
        "quantity": str(qty),
        "unit_price": money(price),
        "amount": money(price * qty),
        "tax_rate": None,
        "tax": None,
    }


def _vat(rng: random.Random, form: str, kind: str, toll: bool = False) -> dict[str, Any]:
    if toll:
        plate = "沪A" + _digits(rng, 5)
        amount_each = [
            q(Decimal(rng.randrange(500, 20000)) / 100) for _ in range(rng.randint(1, 3))
        ]
        items = [
            {
                "name": "*经营租赁*通行费",
                "spec": plate,
                "unit": "次",
                "quantity": "1",
                "unit_price": money(a),
                "amount": money(a),
                "tax_rate": "3%",
                "tax": money(a * Decimal("0.03")),
            }
            for a in amount_each
        ]
    else:
        items = _invoice_items(rng, rng.randint(1, 3))
    truth = vat_from_items(rng, form, kind, items, toll=toll)
    if toll:
        truth["plate"] = plate
    return truth


def vat_from_items(
    rng: random.Random,
    form: str,
    kind: str,
    items: list[dict[str, Any]],
    *,
    toll: bool = False,
    seller: str | None = None,
    issue: date | None = None,
) -> dict[str, Any]:
    """A VAT invoice's truth around its items: sums, parties, date and numbers."""
    amount = sum(Decimal(i["amount"]) for i in items)
    tax = sum(Decimal(i["tax"]) for i in items)
    total = amount + tax
    issue = issue or _date(rng)
    truth: dict[str, Any] = {
        "doc_type": "toll_receipt" if toll else "vat_invoice",
        "invoice_kind": kind,
        "invoice_form": form,
        "issue_date": issue.isoformat(),
        "buyer_name": rng.choice(BUYERS),
        "buyer_tax_id": _tax_id(rng),
        "seller_name": seller or rng.choice(COMPANIES),
        "seller_tax_id": _tax_id(rng),
        "amount": money(amount),
        "tax": money(tax),
        "total": money(total),
        "total_in_words": to_capital(total),
        "items": items,
    }
    truth.update(invoice_numbers(rng, form, kind, issue))
    return truth


def make_truth(doc_type: str, rng: random.Random, variant: str | None = None) -> dict[str, Any]:
    """Ground truth for one document. ``variant`` picks a sub-form (e.g. "digital-special")."""
    if doc_type == "vat_invoice":
        form, kind = (
            variant
            or rng.choice(
                ["digital-special", "digital-general", "electronic-general", "paper-special"]
            )
        ).split("-")
        return _vat(rng, form, kind)
    if doc_type == "toll_receipt":
        return _vat(rng, "digital", "general", toll=True)
    if doc_type == "train_ticket":
        (dep, dep_py), (arr, arr_py) = rng.sample(STATIONS, 2)
        travel = _date(rng)
        total = q(Decimal(rng.randrange(5000, 120000)) / 100)
        number = f"{travel.year % 100:02d}" + "11" + _digits(rng, 16)
        return {
            "doc_type": "train_ticket",
            "invoice_form": "digital",
            "invoice_kind": "general",
            "invoice_number": number,
            "issue_date": (travel - timedelta(days=rng.randint(0, 3))).isoformat(),
            "buyer_name": rng.choice(BUYERS),
            "buyer_tax_id": _tax_id(rng),
            "passenger_name": rng.choice(NAMES),
            "departure": dep,
            "arrival": arr,
            "departure_pinyin": dep_py,
            "arrival_pinyin": arr_py,
            "travel_date": travel.isoformat(),
            "train_or_flight_number": rng.choice("GDCKZ") + str(rng.randint(1, 9999)),
            "seat_class": rng.choice(["二等座", "一等座", "商务座", "硬卧"]),
            "total": money(total),
            "ticket_number": rng.choice("EG") + _digits(rng, 20),
            "departure_time": f"{rng.randint(6, 21):02d}:{rng.choice(['00', '15', '30', '45'])}",
            "car_seat": f"{rng.randint(1, 16):02d}车"
            f"{rng.randint(1, 20):02d}{rng.choice('ABCDF')}号",
        }
    if doc_type == "flight_itinerary":
        (dep_code, dep), (arr_code, arr) = rng.sample(AIRPORTS, 2)
        travel = _date(rng)
        fare = q(Decimal(rng.randrange(400, 3000)))
        fuel = q(Decimal(rng.choice([0, 20, 40, 60, 80])))
        fund = Decimal("50.00")
        vat = q((fare + fuel) * Decimal("0.09") / Decimal("1.09"))
        total = fare + fuel + fund
        carrier = rng.choice(["CA", "MU", "CZ", "HU", "ZH"])
        return {
            "doc_type": "flight_itinerary",
            "invoice_form": "digital",
            "invoice_kind": "general",
            "invoice_number": f"{travel.year % 100:02d}" + "31" + _digits(rng, 16),
            "issue_date": travel.isoformat(),
            "buyer_name": rng.choice(BUYERS),
            "buyer_tax_id": _tax_id(rng),
            "passenger_name": rng.choice(NAMES),
            "departure": dep,
            "arrival": arr,
            "departure_code": dep_code,
            "arrival_code": arr_code,
            "travel_date": travel.isoformat(),
            "train_or_flight_number": carrier + str(rng.randint(1000, 9999)),
            "seat_class": rng.choice(["Y", "Y", "C", "F"]),
            "fare": money(fare),
            "fuel": money(fuel),
            "fund": money(fund),
            "tax": money(vat),
            "total": money(total),
            "ticket_number": _digits(rng, 3) + "-" + _digits(rng, 10),
        }
    if doc_type == "taxi_receipt":
        day = _date(rng)
        total = q(Decimal(rng.randrange(1400, 15000)) / 100)
        city = rng.choice(CITIES)
        return {
            "doc_type": "taxi_receipt",
            "invoice_form": "paper",
            "invoice_kind": "general",
            "invoice_code": "1" + _digits(rng, 11),
            "invoice_number": _digits(rng, 8),
            "issue_date": day.isoformat(),
            "travel_date": day.isoformat(),
            "total": money(total),
            "city": city,
            "plate": "京B" + _digits(rng, 4) + rng.choice("ABCDE"),
            "distance": f"{rng.uniform(2, 40):.1f}",
            "start": f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}",
        }
    if doc_type == "quota_invoice":
        total = Decimal(rng.choice([1, 2, 5, 10, 20, 50, 100]))
        return {
            "doc_type": "quota_invoice",
            "invoice_form": "paper",
            "invoice_kind": "general",
            "invoice_code": "1" + _digits(rng, 11),
            "invoice_number": _digits(rng, 8),
            "total": money(total),
            "total_in_words": to_capital(total).replace("元整", "元"),
            "city": rng.choice(CITIES),
        }
    if doc_type == "receipt":
        day = _date(rng)
        lines = []
        for name in rng.sample(
            ["矿泉水", "A4打印纸", "签字笔", "笔记本", "咖啡", "面包", "订书机"], 3
        ):
            qty = rng.randint(1, 4)
            price = q(Decimal(rng.randrange(150, 5000)) / 100)
            lines.append(receipt_line(name, qty, price))
        total = sum(Decimal(i["amount"]) for i in lines)
        return {
            "doc_type": "receipt",
            "seller_name": rng.choice(SHOPS),
            "issue_date": day.isoformat(),
            "total": money(total),
            "items": lines,
            "time": f"{rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}",
            "receipt_no": _digits(rng, 12),
        }
    raise ValueError(f"unknown document type {doc_type!r}")
