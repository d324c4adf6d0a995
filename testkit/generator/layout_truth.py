"""Ground truth for the real-world layouts in ``layouts.py``.

Keys starting with ``_`` carry what only the drawing needs (a masked ID, a trip list, …); they
are stripped before the truth is written. Every other key is printed on the document.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ocr.amounts import to_capital
from testkit.generator.truth import (
    BUYERS,
    COMPANIES,
    NAMES,
    _date,
    _digits,
    _invoice_items,
    _vat,
    make_truth,
    money,
    q,
    receipt_line,
    vat_from_items,
)

LONG_ITEMS = [
    ("*信息技术服务*软件开发及系统集成技术支持服务费", "年度", "项", Decimal("0.06")),
    ("*现代服务*企业管理咨询及培训服务费", "", "次", Decimal("0.06")),
    ("*计算机外部设备*便携式移动固态硬盘", "1TB USB3.2", "个", Decimal("0.13")),
]
EXEMPT_ITEMS = [
    ("*蔬菜*有机青菜", "5kg", "箱"),
    ("*水果*红富士苹果", "10kg", "箱"),
    ("*图书*会计实务", "", "本"),
    ("*谷物*东北大米", "25kg", "袋"),
]
PROVINCES = ["广东", "浙江", "江苏", "北京", "四川"]
RIDE_PLATFORMS = [
    "北京快行出行科技有限公司",
    "上海飞驰网约车服务有限公司",
    "杭州曹操智行科技有限公司",
]
RIDE_CARS = ["快车", "特惠快车", "专车", "优享"]
RIDE_PLACES = [
    "虹桥火车站",
    "陆家嘴金融中心",
    "徐家汇地铁站",
    "浦东国际机场T2",
    "静安寺",
    "中山公园",
    "漕河泾开发区",
    "张江高科",
]
BANKS = ["中国工商银行", "中国建设银行", "招商银行", "中国银行"]


def vat_digital2024(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["special", "general"])
    items = _invoice_items(rng, rng.randint(1, 3))
    if rng.random() < 0.5:  # a name too long for its column wraps onto a second line
        name, spec, unit, rate = rng.choice(LONG_ITEMS)
        price = q(Decimal(rng.randrange(20000, 900000)) / 100)
        items.append(
            {
                "name": name,
                "spec": spec or None,
                "unit": unit,
                "quantity": "1",
                "unit_price": money(price),
                "amount": money(price),
                "tax_rate": f"{int(rate * 100)}%",
                "tax": money(price * rate),
            }
        )
    return vat_from_items(rng, "digital", kind, items)


def vat_oldform(rng: random.Random) -> dict[str, Any]:
    form, kind = rng.choice(["paper-special", "paper-general", "electronic-general"]).split("-")
    issue = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 1600))
    t = vat_from_items(rng, form, kind, _invoice_items(rng, rng.randint(1, 3)), issue=issue)
    t["_machine_no"] = _digits(rng, 12)
    t["_cipher"] = ["".join(rng.choice("0123456789+-*/<>") for _ in range(28)) for _ in range(4)]
    return t


def vat_provincial(rng: random.Random) -> dict[str, Any]:
    form = rng.choice(["electronic", "paper"])
    items = []
    for name, spec, unit in rng.sample(EXEMPT_ITEMS, rng.randint(1, 2)):
        quantity = Decimal(rng.choice([1, 2, 4, 10]))
        price = q(Decimal(rng.randrange(2000, 40000)) / 100)
        items.append(
            {
                "name": name,
                "spec": spec or None,
                "unit": unit,
                "quantity": str(quantity),
                "unit_price": money(price),
                "amount": money(quantity * price),
                "tax_rate": "免税",
                "tax": "0.00",
            }
        )
    issue = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 1400))
    t = vat_from_items(rng, form, "general", items, issue=issue)
    t["_province"] = rng.choice(PROVINCES)
    t["_machine_no"] = _digits(rng, 12)
    return t


def vat_sealed(rng: random.Random) -> dict[str, Any]:
    t = vat_digital2024(rng)
    t["_seal_at"] = rng.choice(["seller", "totals"])
    return t


def vat_ridehailing(rng: random.Random) -> dict[str, Any]:
    total = q(Decimal(rng.randrange(3000, 60000)) / 100)
    amount = q(total / Decimal("1.03"))
    item = {
        "name": "*运输服务*客运服务费",
        "spec": None,
        "unit": "次",
        "quantity": "1",
        "unit_price": money(amount),
        "amount": money(amount),
        "tax_rate": "3%",
        "tax": money(total - amount),
    }
    t = vat_from_items(rng, "digital", "general", [item], seller=rng.choice(RIDE_PLATFORMS))
    t["_remark"] = "网约车行程单见附件"
    return t


def train_digital2024(rng: random.Random) -> dict[str, Any]:
    t = make_truth("train_ticket", rng)
    t["_id"] = _digits(rng, 4) + "*" * 10 + _digits(rng, 4)
    t["_gate"] = f"{rng.randint(1, 30)}{rng.choice('AB')}"
    return t


def train_paper(rng: random.Random) -> dict[str, Any]:
    e = make_truth("train_ticket", rng)
    travel = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 1900))
    total = q(Decimal(rng.randrange(100, 9000)) / Decimal(10))  # paper tickets price in jiao
    return {
        "doc_type": "train_ticket",
        "invoice_form": "paper",
        "passenger_name": e["passenger_name"],
        "departure": e["departure"],
        "arrival": e["arrival"],
        "departure_pinyin": e["departure_pinyin"],
        "arrival_pinyin": e["arrival_pinyin"],
        "travel_date": travel.isoformat(),
        "train_or_flight_number": e["train_or_flight_number"],
        "seat_class": e["seat_class"],
        "total": money(total),
        "ticket_number": rng.choice("ABCDEZ")
        + _digits(rng, 2)
        + rng.choice("ABCDE")
        + _digits(rng, 6),
        "departure_time": e["departure_time"],
        "car_seat": e["car_seat"],
        "_id": _digits(rng, 10) + "****" + _digits(rng, 4),
        "_gate": f"{rng.randint(1, 30)}{rng.choice('AB')}",
        "_serial": _digits(rng, 14) + rng.choice("ABZ") + _digits(rng, 6),
    }


def flight_digital2024(rng: random.Random) -> dict[str, Any]:
    t = make_truth("flight_itinerary", rng)
    t["_id"] = _digits(rng, 6) + "********" + _digits(rng, 4)
    t["_check"] = _digits(rng, 4)
    return t


def flight_itinerary(rng: random.Random) -> dict[str, Any]:
    t = make_truth("flight_itinerary", rng)
    travel = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 1700))
    issue = travel - timedelta(days=rng.randint(0, 10))
    for key in ("invoice_number", "buyer_name", "buyer_tax_id", "tax"):
        t.pop(key)
    t.update(
        invoice_form="paper",
        travel_date=travel.isoformat(),
        issue_date=issue.isoformat(),
        _serial=_digits(rng, 10),
        _id=_digits(rng, 6) + "********" + _digits(rng, 4),
        _check=_digits(rng, 4),
        _time=f"{rng.randint(6, 22):02d}{rng.choice(['00', '10', '25', '40', '55'])}",
    )
    return t


def _taxi(rng: random.Random, city: str, plate: str, price: str) -> dict[str, Any]:
    t = make_truth("taxi_receipt", rng)
    h, m = (int(x) for x in t["start"].split(":"))
    ride = rng.randint(8, 55)
    end = (h * 60 + m + ride) % (24 * 60)
    t.update(
        city=city,
        plate=plate,
        end=f"{end // 60:02d}:{end % 60:02d}",
        _price=price,
        _wait=f"00:{rng.randint(0, 12):02d}:{rng.randint(0, 59):02d}",
        _cert=_digits(rng, 6),
    )
    return t


def taxi_beijing(rng: random.Random) -> dict[str, Any]:
    plate = "京B" + _digits(rng, 4) + rng.choice("ABCDEFGHJ")
    return _taxi(rng, "北京市", plate, "2.30")


def taxi_shanghai(rng: random.Random) -> dict[str, Any]:
    plate = "沪" + rng.choice("ABDE") + rng.choice("0123456789ABCDEFGHJK") + _digits(rng, 4)
    return _taxi(rng, "上海市", plate, "3.00")


def _quota(rng: random.Random, amounts: list[int]) -> dict[str, Any]:
    t = make_truth("quota_invoice", rng)
    total = Decimal(rng.choice(amounts))
    t["total"] = money(total)
    # quota forms print the denomination in big characters with 圆: 壹拾圆, 贰拾圆, 伍圆
    t["total_in_words"] = to_capital(total).replace("元整", "圆")
    return t


def quota_small(rng: random.Random) -> dict[str, Any]:
    return _quota(rng, [1, 2, 5, 10])


def quota_wide(rng: random.Random) -> dict[str, Any]:
    return _quota(rng, [10, 20, 50, 100])


def quota_parking(rng: random.Random) -> dict[str, Any]:
    t = _quota(rng, [2, 5, 10, 20])
    t["_what"] = rng.choice(["停车费", "餐饮业", "服务业"])
    return t


def _receipt(
    rng: random.Random, shop: str, pool: list[tuple[str, str]], prices: tuple[int, int]
) -> dict[str, Any]:
    day = _date(rng)
    lines = []
    for name, _code in rng.sample(pool, rng.randint(2, 5)):
        qty = rng.randint(1, 3)
        price = q(Decimal(rng.randrange(*prices)) / 100)
        lines.append(receipt_line(name, qty, price))
    total = sum(Decimal(i["amount"]) for i in lines)
    return {
        "doc_type": "receipt",
        "seller_name": shop,
        "issue_date": day.isoformat(),
        "total": money(total),
        "items": lines,
        "time": f"{rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
        "receipt_no": _digits(rng, rng.choice([10, 14, 18])),
        "_codes": {name: code for name, code in pool},
    }


SUPERMARKET = [
    ("农夫山泉550ml", "6921168509256"),
    ("伊利纯牛奶250ml", "6907992100272"),
    ("康师傅红烧牛肉面", "6920152400777"),
    ("得力中性笔0.5", "6921734900388"),
    ("清风抽纸3包", "6922266437625"),
    ("乐事薯片原味", "6924743915763"),
    ("维达湿巾10片", "6901236381234"),
]
DISHES = [
    ("宫保鸡丁", "A01"),
    ("鱼香肉丝", "A02"),
    ("麻婆豆腐", "B03"),
    ("清炒时蔬", "C01"),
    ("米饭", "D01"),
    ("酸梅汤", "E02"),
    ("水煮鱼", "A07"),
]
MEDICINES = [
    ("布洛芬缓释胶囊 0.3g*20粒", "国药准字H10900089"),
    ("复方感冒灵颗粒 10g*9袋", "国药准字Z44021940"),
    ("医用外科口罩 10只", "粤械注准20172140"),
    ("维生素C片 0.1g*100片", "国药准字H44020654"),
    ("创可贴 100片", "苏械备20150013"),
]


def receipt_supermarket(rng: random.Random) -> dict[str, Any]:
    shop = rng.choice(["联华超市（人民广场店）", "物美超市（中关村店）", "永辉超市（五角场店）"])
    t = _receipt(rng, shop, SUPERMARKET, (150, 3000))
    total = Decimal(t["total"])
    paid = max(Decimal(50), (total // 50 + 1) * 50) if rng.random() < 0.6 else total
    t["_paid"] = money(paid)
    t["_total_label"] = rng.choice(["合计", "应收"])
    return t


def receipt_restaurant(rng: random.Random) -> dict[str, Any]:
    shop = rng.choice(["川味小馆（徐汇店）", "老北京涮肉坊", "粤香茶餐厅"])
    t = _receipt(rng, shop, DISHES, (300, 9000))
    subtotal = Decimal(t["total"])
    discount = q(subtotal * Decimal(rng.choice([0, 0, 5, 10])) / 100)
    t["total"] = money(subtotal - discount)  # what was paid; 消费合计 is before the discount
    t["_subtotal"] = money(subtotal)
    t["_discount"] = money(discount)
    t["_total_label"] = rng.choice(["应付", "实付"])
    t["_table"] = f"{rng.choice('ABC')}{rng.randint(1, 30):02d}"
    return t


def receipt_pharmacy(rng: random.Random) -> dict[str, Any]:
    shop = rng.choice(["老百姓大药房（漕宝路店）", "益丰大药房（南京西路店）", "国大药房"])
    t = _receipt(rng, shop, MEDICINES, (500, 8000))
    t["_total_label"] = rng.choice(["总计", "合计", "应付"])
    t["_insurance"] = money(q(Decimal(t["total"]) * Decimal(rng.choice([0, 0, 60])) / 100))
    return t


def toll_oldform(rng: random.Random) -> dict[str, Any]:
    """A pre-数电 toll e-invoice: the 增值税电子普通发票 form with 通行费 items (2017–2023)."""
    t = _vat(rng, "electronic", "general", toll=True)
    t["_machine_no"] = _digits(rng, 12)
    t["_cipher"] = ["".join(rng.choice("0123456789+-*/<>") for _ in range(28)) for _ in range(4)]
    return t


def toll_digital2024(rng: random.Random) -> dict[str, Any]:
    t = _vat(rng, "digital", "general", toll=True)
    issue = date.fromisoformat(t["issue_date"])
    passes = []
    for _ in t["items"]:
        start = issue - timedelta(days=rng.randint(1, 25))
        passes.append(
            (
                start.strftime("%Y%m%d"),
                (start + timedelta(days=rng.randint(0, 1))).strftime("%Y%m%d"),
            )
        )
    t["_passes"] = passes
    return t


def trip_list(rng: random.Random) -> dict[str, Any]:
    applied = _date(rng)
    first = applied - timedelta(days=rng.randint(5, 40))
    trips = []
    total = Decimal(0)
    for _ in range(rng.randint(1, 6)):
        day = first + timedelta(days=rng.randint(0, (applied - first).days))
        a, b = rng.sample(RIDE_PLACES, 2)
        fare = q(Decimal(rng.randrange(1200, 15000)) / 100)
        total += fare
        trips.append(
            {
                "car": rng.choice(RIDE_CARS),
                "time": f"{day:%m-%d} {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d} "
                + "周一周二周三周四周五周六周日"[day.weekday() * 2 : day.weekday() * 2 + 2],
                "day": day,
                "city": "上海市",
                "from": a,
                "to": b,
                "km": f"{rng.uniform(2, 35):.1f}",
                "fare": money(fare),
            }
        )
    trips.sort(key=lambda r: (r["day"], r["time"]))
    return {
        "doc_type": "not_invoice",
        "what": "trip_list",
        "total": money(total),
        "issue_date": applied.isoformat(),
        "_trips": trips,
        "_platform": rng.choice(RIDE_PLATFORMS),
        "_phone": "1" + _digits(rng, 2) + "****" + _digits(rng, 4),
    }


def bank_receipt(rng: random.Random) -> dict[str, Any]:
    amount = q(Decimal(rng.randrange(10000, 5000000)) / 100)
    day = _date(rng)
    return {
        "doc_type": "not_invoice",
        "what": "bank_receipt",
        "_bank": rng.choice(BANKS),
        "_payer": rng.choice(BUYERS),
        "_payer_account": _digits(rng, 19),
        "_payee": rng.choice(COMPANIES),
        "_payee_account": _digits(rng, 16),
        "_amount": money(amount),
        "_words": to_capital(amount),
        "_serial": _digits(rng, 20),
        "_receipt_no": _digits(rng, 12),
        "_date": day.isoformat(),
        "_use": rng.choice(["货款", "服务费", "报销款", "往来款"]),
        "_who": rng.choice(NAMES),
    }
