"""The ledger from the command line, end to end: capture --save, review, submit to the demo
OA by bot (exactly once), export the claim form, import a spreadsheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomlkit
from openpyxl import load_workbook

from app.cli import main
from app.config import paths
from app.demo.oa_server import DEMO_USERS, DemoOA

pytestmark = pytest.mark.slow  # a real browser, server or killed processes: not in test-fast

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"
TAX_ID = "91310000MA1FL4CT3U"


def _settings(oa_url: str) -> None:
    from app.demo.walkthrough import DEMO_TARGET

    path = paths().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomlkit.dumps({"targets": {"oa": {**DEMO_TARGET, "url": oa_url}}}), "utf-8")


def _json(capsys, argv: list[str]):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_capture_review_and_submit_by_bot_exactly_once(tmp_path, capsys, memory_keyring) -> None:
    memory_keyring.set_password("zhangfang-demo-oa", "zhangsan", DEMO_USERS["zhangsan"])
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("01-vat_invoice-text.pdf", "02-vat_invoice-xml.xml"):
        (inbox / name).write_bytes((SAMPLES / name).read_bytes())
    assert main(["capture", str(inbox), "--save", "-q"]) == 0
    assert main(["capture", str(inbox), "--save", "-q"]) == 0  # again: skipped, nothing new
    assert "2 files are in the ledger already" in capsys.readouterr().err
    listed = _json(capsys, ["records", "list", "--json"])
    assert [r["state"] for r in listed] == ["captured", "captured"]
    first = listed[0]["id"]

    assert main(["review", str(first), "--set", "category=餐饮", "--approve"]) == 0
    assert f"record {first}: reviewed" in capsys.readouterr().out
    with DemoOA() as oa:
        _settings(oa.url)
        outcomes = _json(capsys, ["submit", "--target", "oa", "--all-reviewed", "--json"])
        assert [o["state"] for o in outcomes] == ["succeeded"]
        (claim,) = oa.claims
        assert outcomes[0]["external_ref"] == claim["claim_no"]
        assert claim["invoice_no"] == listed[0]["record"]["invoice_number"]
        assert claim["reason"].endswith("餐饮") and claim["attachment"].endswith(".pdf")
        # submitting again files nothing new
        assert main(["submit", "--target", "oa", "--record", str(first)]) == 0
        assert "(already there)" in capsys.readouterr().out
        assert len(oa.claims) == 1
    from app.ledger import Ledger

    ledger = Ledger.open()
    runs = ledger.bot_runs()
    ledger.close()
    assert [r.status for r in runs][-1] == "passed"  # the filing run, kept in the ledger
    assert all(DEMO_USERS["zhangsan"] not in json.dumps(r.result) for r in runs)
    shown = _json(capsys, ["records", "show", str(first), "--json"])
    assert shown["state"] == "confirmed"
    assert shown["submissions"][0]["external_ref"] == claim["claim_no"]
    assert [a["action"] for a in shown["audit"]][:3] == ["capture", "correct", "reviewed"]

    out = tmp_path / "claim.xlsx"
    assert main(["records", "export", "--xlsx", str(out), "--applicant", "张三"]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["报销单", "票据"]
    form = wb["报销单"]
    assert form["A1"].value == "费用报销单" and "张三" in form["A2"].value
    assert form["E4"].value == listed[0]["record"]["invoice_number"]
    assert any("人民币（大写）" in str(c.value) for c in form[6])


def test_a_spreadsheet_of_records_is_imported(tmp_path, capsys) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "票据"
    ws.append(["发票号码", "开票日期", "销售方名称", "销售方税号", "金额", "税额", "价税合计"])
    ws.append(["12345678", "2026-10-08", "上海示例餐饮有限公司", TAX_ID, 100, 6, 106])
    ws.append(["12345679", "2026-10-09", "北京示例科技有限公司", TAX_ID, 50, 3, 54])  # ≠ 53
    path = tmp_path / "kept.xlsx"
    wb.save(path)
    assert main(["records", "import", str(path)]) == 0
    assert "2 records added" in capsys.readouterr().out
    assert main(["records", "import", str(path)]) == 0
    assert "0 records added, 2 already in the ledger" in capsys.readouterr().out
    listed = _json(capsys, ["records", "list", "--state", "captured", "--json"])
    assert [r["record"]["status"] for r in listed] == ["ok", "review"]
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    assert main(["records", "import", str(bad)]) == 1
    assert "is not an Excel workbook" in capsys.readouterr().err


def test_submit_to_an_unknown_target_names_the_settings_file(capsys) -> None:
    assert main(["submit", "--target", "erp", "--all-reviewed"]) == 2
    err = capsys.readouterr().err
    assert "no target 'erp'" in err and "[targets.erp]" in err
