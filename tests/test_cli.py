from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from app.cli import main
from testkit.generator.corpus import make_case
from testkit.generator.truth import make_truth


@pytest.fixture
def docs(tmp_path):
    rng = random.Random(8)
    folder = tmp_path / "inbox"
    sub = folder / "march"
    make_case(folder, "a", make_truth("vat_invoice", rng, "digital-special"), "text", rng)
    make_case(sub, "b", make_truth("train_ticket", rng), "text", rng)
    make_case(sub, "c", make_truth("vat_invoice", rng, "digital-general"), "xml", rng)
    truths = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.rglob("*.json")}
    for p in folder.rglob("*.json"):
        p.unlink()
    return folder, truths


def test_capture_json_prints_one_object_per_document(docs, capsys) -> None:
    folder, truths = docs
    assert main(["capture", str(folder), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 3
    assert {r["invoice_number"] for r in records} == {
        t[0]["invoice_number"] for t in truths.values()
    }
    assert all(r["status"] == "ok" for r in records)


def test_capture_writes_a_workbook(docs, tmp_path, capsys) -> None:
    folder, _ = docs
    out = tmp_path / "out" / "records.xlsx"
    assert main(["capture", str(folder), "--xlsx", str(out)]) == 0
    assert "3 records: 3 ok" in capsys.readouterr().out
    wb = load_workbook(out)
    records, items = wb["票据"], wb["明细"]
    assert records["A1"].value == "状态" and records["D1"].value == "发票号码"
    assert records.freeze_panes == "A2"
    assert records.auto_filter.ref.startswith("A1:")
    assert records.cell(row=5, column=1).value == "合计"
    assert records.cell(row=5, column=12).value == "=SUBTOTAL(9,L2:L4)"
    assert records.cell(row=2, column=12).number_format == "#,##0.00"
    assert items.max_row >= 3


def test_usage_errors_exit_2_with_a_message(tmp_path, capsys) -> None:
    assert main(["capture", str(tmp_path / "nope")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["capture", str(tmp_path), "--engine", "tesseract"]) == 2
    assert "unknown engine" in capsys.readouterr().err


def test_paddle_engine_missing_names_the_install_command(docs, capsys, monkeypatch) -> None:
    from ocr.engines import paddle

    monkeypatch.setattr(paddle, "is_available", lambda: False)
    folder, _ = docs
    assert main(["capture", str(folder), "--engine", "paddle"]) == 2
    assert "pip install 'zhangfang[paddle]'" in capsys.readouterr().err


def test_nothing_readable_exits_1_but_still_reports(tmp_path, capsys) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert main(["capture", str(tmp_path), "--json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [r["problems"][0]["code"] for r in records] == ["empty_file", "unsupported_type"]


def test_console_script_runs_without_traceback(tmp_path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 nope")
    result = subprocess.run(
        [sys.executable, "-m", "app", "capture", str(tmp_path / "broken.pdf")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "not a readable PDF" in result.stdout


def test_config_path_is_inside_zhangfang_home(_isolated_home, capsys) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(_isolated_home / "config" / "settings.toml")


def test_parallel_workers_give_the_same_records_in_file_order(docs, capsys) -> None:
    folder, _ = docs
    assert main(["capture", str(folder), "--json"]) == 0
    serial = json.loads(capsys.readouterr().out)
    assert main(["capture", str(folder), "--json", "--workers", "2"]) == 0
    parallel = json.loads(capsys.readouterr().out)
    strip = lambda rs: [{k: v for k, v in r.items() if k != "seconds"} for r in rs]  # noqa: E731
    assert strip(parallel) == strip(serial)
