"""A first guess at the expense category, from the document type and item names."""

from __future__ import annotations

from ocr.records import ExpenseRecord

BY_DOC_TYPE = {
    "train_ticket": "交通费",
    "flight_itinerary": "交通费",
    "taxi_receipt": "交通费",
    "toll_receipt": "交通费",
    "trip_list": "交通费",
}
# keyword in item names → category; the first hit wins
BY_ITEM_KEYWORD = (
    ("餐饮", "业务招待费"),
    ("餐费", "业务招待费"),
    ("住宿", "差旅费"),
    ("客运", "交通费"),
    ("运输", "交通费"),
    ("会议", "会议费"),
    ("会展", "会议费"),
    ("纸", "办公费"),
    ("办公", "办公费"),
    ("笔", "办公费"),
    ("计算机", "办公费"),
    ("信息技术", "技术服务费"),
    ("软件", "技术服务费"),
)


def guess_category(record: ExpenseRecord) -> str:
    if record.doc_type in BY_DOC_TYPE:
        return BY_DOC_TYPE[record.doc_type]
    names = " ".join(i.name or "" for i in record.items)
    for keyword, category in BY_ITEM_KEYWORD:
        if keyword in names:
            return category
    return "其他"
