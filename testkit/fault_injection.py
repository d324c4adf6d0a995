"""Kill the process (SIGKILL) at random moments during a batch import and during submission,
many times; resume; count what was lost and what was duplicated.

    python bench/fault_injection.py --trials 20   (tests/test_fault_injection.py: a few trials)

Import: `zhangfang capture FOLDER --save` over a folder of invoices, killed at a random
moment, then run again to finish. Submission: `zhangfang submit --target api --all-reviewed`
against a real HTTP expense API (in this process, so it outlives the kills), killed at a random
moment, then `submit --resume` until nothing is left. After each trial: no record lost, none
stored twice in the ledger or in the target, and the ledger's integrity check passes.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

import tomlkit  # noqa: E402

from testkit.expense_api import ExpenseAPI  # noqa: E402


@dataclass
class Figures:
    trials: int = 0
    killed_midway: int = 0  # the kill came before the batch had finished
    lost: int = 0
    duplicates: int = 0
    integrity_failures: list[str] = field(default_factory=list)
    resumes: int = 0
    in_doubt: int = 0  # at the kill, sent and stored by the target but not yet in the ledger
    in_flight: int = 0  # concurrent: submissions the killed sender had claimed and not settled


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "ZHANGFANG_HOME": str(home), "ZHANGFANG_OCR_THREADS": "1"}


def _cli(home: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", *args],
        env=_env(home), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _kill_at_random(process: subprocess.Popen, rng: random.Random, within_s: float) -> bool:
    """True when the process was still running when it was killed."""
    deadline = time.monotonic() + rng.uniform(0.3, within_s)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        time.sleep(0.01)
    if process.poll() is not None:
        return False
    process.send_signal(signal.SIGKILL)
    process.wait()
    return True


def _ledger(home: Path):
    os.environ["ZHANGFANG_HOME"] = str(home)
    from app.ledger import Ledger

    return Ledger.open()


def make_inbox(folder: Path, seed: int = 7) -> tuple[Path, int]:
    """Text-layer PDFs, XML and OFD of every type (their truth files are left out)."""
    from testkit.generator.corpus import build_corpus

    scratch = folder.with_name(folder.name + "-build")
    build_corpus(scratch, per_type=3, variants=("text",), seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    for path in scratch.iterdir():
        if path.suffix.lower() != ".json":
            path.replace(folder / path.name)
    return folder, sum(1 for _ in folder.iterdir())


def _contents(home: Path) -> Counter:
    """What the ledger holds, as a multiset of (file, page, invoice, state)."""
    ledger = _ledger(home)
    try:
        return Counter(
            (r.original_name, r.record.page, r.record.fingerprint, r.state)
            for r in ledger.records()
        )
    finally:
        ledger.close()


def import_trials(trials: int, seed: int, inbox: Path, work: Path) -> Figures:
    rng = random.Random(seed)
    figures = Figures()
    reference_home = work / "import-reference"
    full = _timed(lambda home: _cli(home, "capture", str(inbox), "--save", "-q"), reference_home)
    expected = _contents(reference_home)
    for n in range(trials):
        home = work / f"import-{n}"
        figures.trials += 1
        figures.killed_midway += _kill_at_random(
            _cli(home, "capture", str(inbox), "--save", "-q"), rng, full
        )
        for _ in range(5):  # resume: the same command again, until it has nothing left to do
            figures.resumes += 1
            if _cli(home, "capture", str(inbox), "--save", "-q").wait() == 0:
                break
        got = _contents(home)
        figures.lost += sum((expected - got).values())
        figures.duplicates += sum((got - expected).values())
        ledger = _ledger(home)
        figures.integrity_failures += ledger.check()
        ledger.close()
    return figures


def _timed(start, home: Path) -> float:
    began = time.monotonic()
    start(home).wait()
    return time.monotonic() - began


def submit_trials(trials: int, seed: int, records: int, work: Path) -> Figures:
    rng = random.Random(seed)
    figures = Figures()
    with ExpenseAPI(token=None, delay_s=0.05) as api:
        timing: float | None = None
        for n in range(trials):
            api.stored.clear()
            home = work / f"submit-{n}"
            ids = _seed_reviewed_records(home, records, api.url)
            if timing is None:
                timing = _timed(
                    lambda h: _cli(h, "submit", "--target", "api", "--all-reviewed"), home
                )
                api.stored.clear()
                home = work / f"submit-{n}-b"
                ids = _seed_reviewed_records(home, records, api.url)
            figures.trials += 1
            figures.killed_midway += _kill_at_random(
                _cli(home, "submit", "--target", "api", "--all-reviewed"), rng, timing
            )
            ledger = _ledger(home)
            stored_keys = {e["key"] for e in api.stored}
            figures.in_doubt += sum(
                1
                for sub in ledger.submissions(states=["in_flight"])
                if sub.idempotency_key in stored_keys
            )
            ledger.close()
            for _ in range(5):
                figures.resumes += 1
                if (
                    _cli(home, "submit", "--target", "api", "--resume", "--all-reviewed").wait()
                    == 0
                ):
                    break
            ledger = _ledger(home)
            keys = [e["key"] for e in api.stored]
            confirmed = [i for i in ids if ledger.get(i).state == "confirmed"]
            figures.lost += len(ids) - len(confirmed)
            figures.duplicates += len(keys) - len(set(keys))
            figures.lost += len(set(keys)) < len(ids)
            figures.integrity_failures += ledger.check()
            ledger.close()
    return figures


TARGETS = ("honest", "lying-lookup", "no-id-after-store", "no-lookup")


def concurrent_trials(
    trials: int, seed: int, records: int, work: Path, senders: int, target: str
) -> Figures:
    """``senders`` `submit --all-reviewed` processes at once (two clerks, a clerk and the
    app), one of them killed at a random moment, then `--resume` until nothing moves; against
    a target that is honest, whose lookup ignores the key, that answers without the id after
    storing, or that has no lookup. Counted: invoices the target got twice (duplicates) and
    records confirmed that the target does not hold under that reference (lost)."""
    rng = random.Random(seed)
    figures = Figures()
    lookup = target != "no-lookup"
    with ExpenseAPI(token=None, delay_s=0.05) as api:
        api.lookup_ignores_key = target == "lying-lookup"
        api.every_post = "no_id_after_store" if target == "no-id-after-store" else None
        # how long the senders take from process start, so the kill falls while they send
        # (a kill in the first second would only ever hit a process still importing)
        home = work / f"concurrent-{target}-{senders}-timing"
        _seed_reviewed_records(home, records, api.url, lookup=lookup)
        began = time.monotonic()
        for process in [_cli(home, "submit", "--target", "api", "--all-reviewed")
                        for _ in range(senders)]:  # fmt: skip
            process.wait()
        timing = time.monotonic() - began
        for n in range(trials):
            api.stored.clear()
            home = work / f"concurrent-{target}-{senders}-{n}"
            ids = _seed_reviewed_records(home, records, api.url, lookup=lookup)
            figures.trials += 1
            processes = [
                _cli(home, "submit", "--target", "api", "--all-reviewed") for _ in range(senders)
            ]
            figures.killed_midway += _kill_at_random(processes[0], rng, timing)
            for process in processes[1:]:
                process.wait()
            ledger = _ledger(home)
            figures.in_flight += len(ledger.submissions(states=["in_flight"]))
            ledger.close()
            for _ in range(3):
                figures.resumes += 1
                _cli(home, "submit", "--target", "api", "--resume", "--all-reviewed").wait()
            ledger = _ledger(home)
            refs = {e["id"]: e for e in api.stored}
            numbers = [e["invoice_no"] for e in api.stored]
            figures.duplicates += len(numbers) - len(set(numbers))
            for record_id in ids:
                stored = ledger.get(record_id)
                if stored.state != "confirmed":
                    figures.in_doubt += 1  # waits for a person: honest, not a loss
                    continue
                (sub,) = ledger.submissions(record_ids=[record_id])
                entry = refs.get(sub.external_ref or "")
                if entry is None or entry["invoice_no"] != stored.record.invoice_number:
                    figures.lost += 1
            figures.integrity_failures += ledger.check()
            ledger.close()
    return figures


def _seed_reviewed_records(home: Path, count: int, url: str, *, lookup: bool = True) -> list[int]:
    from datetime import date
    from decimal import Decimal

    from ocr.records import ExpenseRecord

    config = home / "config" / "settings.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        tomlkit.dumps({"targets": {"api": {
            "type": "rest", "url": url, "id_field": "data.id", "timeout_s": 5,
            "body": {"invoice_no": "{{ invoice_number }}", "total": "{{ total }}"},
            **({"lookup_url": url + "?key={{ key }}"} if lookup else {}),
        }}}),
        encoding="utf-8",
    )  # fmt: skip
    ledger = _ledger(home)
    records = []
    for i in range(count):
        rec = ExpenseRecord(
            source="sheet", doc_type="vat_invoice", invoice_number=f"{40000000 + i}",
            issue_date=date(2026, 10, 1), total=Decimal(10 + i), status="ok",
        )  # fmt: skip
        rec.fingerprint = rec.compute_fingerprint()
        records.append(rec)
    ids = ledger.add_records(records).added
    for record_id in ids:
        ledger.approve(record_id)
    ledger.close()
    return ids


def report(name: str, f: Figures) -> None:
    waiting = {
        "submit": f"; {f.in_doubt} kills fell between the target storing a record and the "
        "ledger hearing of it (found by lookup, not sent again)",
        "import": "",
    }.get(
        name,
        f"; {f.in_flight} submissions left in flight by the kill, {f.in_doubt} records wait "
        "for a person (outcome not provable)",
    )
    print(
        f"{name:10} trials {f.trials:3d} (killed mid-batch {f.killed_midway}), resumes "
        f"{f.resumes}: records lost {f.lost}, duplicates {f.duplicates}, integrity "
        f"{'ok' if not f.integrity_failures else f.integrity_failures[:3]}{waiting}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--records", type=int, default=20, help="records per submission batch")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zf-faults-") as tmp:
        work = Path(tmp)
        inbox, files = make_inbox(work / "inbox")
        print(f"import: {files} documents per batch; submit: {args.records} records per batch")
        report("import", import_trials(args.trials, args.seed, inbox, work))
        report("submit", submit_trials(args.trials, args.seed, args.records, work))
        for senders in (2, 4):
            for target in TARGETS:
                figures = concurrent_trials(
                    args.trials, args.seed, args.records, work, senders, target
                )
                report(f"{senders}×{target}", figures)


if __name__ == "__main__":
    main()
