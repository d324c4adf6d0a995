"""Ledger throughput on SQLite: insert 10,000 records (with line items), then the queries
the app runs (a state list, a seller search, a date range, one record by id).

    python bench/ledger_speed.py [--records 10000] [--url sqlite:///…]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from app.ledger import Ledger
from ocr.records import ExpenseRecord, LineItem

ROOT = Path(__file__).resolve().parents[1]

SELLERS = ["上海示例餐饮有限公司", "北京示例科技有限公司", "广州示例酒店管理有限公司",
           "深圳示例出行服务有限公司", "杭州示例文具有限公司"]  # fmt: skip


def records(count: int) -> list[ExpenseRecord]:
    out = []
    for i in range(count):
        total = Decimal(100 + i % 900) + Decimal("0.50")
        rec = ExpenseRecord(
            source=f"sheet#{i}", doc_type="vat_invoice", invoice_number=f"{10000000 + i}",
            issue_date=date(2026, 1, 1) + timedelta(days=i % 300), seller_name=SELLERS[i % 5],
            amount=total - Decimal(6), tax=Decimal(6), total=total, status="ok",
            items=[LineItem(name="服务费", amount=total - Decimal(6), tax=Decimal(6))],
        )  # fmt: skip
        rec.fingerprint = rec.compute_fingerprint()
        out.append(rec)
    return out


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - began)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100, help="records per transaction")
    parser.add_argument("--url", help="a database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        ledger = Ledger.open(url, storage=Path(tmp) / "docs", actor="bench")
        data = records(args.records)
        began = time.perf_counter()
        for start in range(0, len(data), args.batch):
            ledger.add_records(data[start : start + args.batch], source="bench")
        insert_s = time.perf_counter() - began
        kind = url.split(":")[0]
        print(f"ledger: {kind}, {args.records} records with one line item each, {args.batch} per "
              "transaction (duplicate checks and audit entries included)")  # fmt: skip
        print(f"  insert      {insert_s:6.2f} s   {args.records / insert_s:8.0f} records/s")
        one_by_one = records(args.records + 200)[args.records :]
        began = time.perf_counter()
        for rec in one_by_one:
            ledger.add_records([rec], source="bench")
        each_ms = (time.perf_counter() - began) / len(one_by_one) * 1000
        print(f"  insert one record per transaction (what a capture does): {each_ms:.1f} ms")
        queries = {
            "list captured (all)": lambda: ledger.records(state="captured"),
            "seller search": lambda: ledger.records(seller="酒店"),
            "one month": lambda: ledger.records(since=date(2026, 3, 1), until=date(2026, 3, 31)),
            "one record by id": lambda: ledger.get(args.records // 2),
            "count to review": lambda: ledger.count("captured"),
        }
        for name, query in queries.items():
            rows = query()
            size = len(rows) if isinstance(rows, list) else 1
            print(f"  {name:22} {timed(query) * 1000:8.1f} ms  ({size} rows)")
        ledger.close()


if __name__ == "__main__":
    main()
