"""Capture speed: seconds per document by kind, batch throughput, peak memory — side by side
with a plain full-page RapidOCR call on the same images.

    python bench/capture_speed.py [--docs N] [--batch N] [--workers 1,2]

Everything runs on a corpus generated in a temporary folder. Prints figures; judges nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from PIL import Image

from ocr.capture import capture_file
from testkit.generator.corpus import make_case
from testkit.generator.scoring import key_fields, mismatches
from testkit.generator.truth import DOC_TYPES, make_truth

ROOT = Path(__file__).resolve().parents[1]

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
        except (OSError, ValueError):
            pass
        todo.extend(children.get(pid, []))
    return total


def _run_batch(folder: Path, workers: int) -> tuple[float, int, int]:
    """Wall seconds, peak tree RSS, records for `zhangfang capture folder --workers N`."""
    env = dict(os.environ, ZHANGFANG_HOME=tempfile.mkdtemp(prefix="zf-bench-home-"))
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "capture",
            str(folder),
            "--json",
            "-q",
            "--workers",
            str(workers),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    elapsed = time.perf_counter() - started
    return elapsed, peak, len(json.loads(out))


def _stats(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"median {statistics.median(values):6.3f} s   p95 {p95:6.3f} s   (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=12, help="documents per timed kind")
    parser.add_argument(
        "--batch", type=int, default=100, help="documents in the batch run (0: skip it)"
    )
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()

    rng = random.Random(99)
    work = Path(tempfile.mkdtemp(prefix="zf-speed-"))
    print(f"generating documents in {work} …", file=sys.stderr)
    kinds: dict[str, list] = {
        "text-layer PDF": [],
        "数电票 XML/OFD": [],
        "scanned A5 invoice": [],
        "phone photo (any type)": [],
    }
    for i in range(args.docs):
        doc_type = DOC_TYPES[i % len(DOC_TYPES)]
        kinds["text-layer PDF"].append(
            make_case(work / "text", f"t{i}", make_truth(doc_type, rng), "text", rng)
        )
        vat = make_truth("vat_invoice", rng, "digital-general" if i % 2 else "digital-special")
        kinds["数电票 XML/OFD"].append(
            make_case(work / "xml", f"x{i}", vat, "xml" if i % 2 else "ofd-new", rng)
        )
        form = ("electronic-general", "paper-special", "digital-special", "digital-general")[i % 4]
        kinds["scanned A5 invoice"].append(
            make_case(work / "scan", f"s{i}", make_truth("vat_invoice", rng, form), "scan", rng)
        )
        kinds["phone photo (any type)"].append(
            make_case(work / "photo", f"p{i}", make_truth(doc_type, rng), "photo", rng)
        )

    capture_file(kinds["scanned A5 invoice"][0].path)  # load the models once
    print("\nper document, one process, models loaded (2 cores)")
    for kind, cases in kinds.items():
        times, right = [], 0
        for case in cases:
            started = time.perf_counter()
            (rec,) = capture_file(case.path)
            times.append(time.perf_counter() - started)
            truth = case.truth[0]
            wanted = tuple(f for f in key_fields(truth["doc_type"]) if f in truth)
            right += not mismatches(rec.to_dict(), truth, wanted)
        print(f"  {kind:24} {_stats(times)}   key fields all right {right}/{len(cases)}")

    # the plain full-page call on the same scans
    from rapidocr import RapidOCR

    from ocr.engines.rapid import bundled_models

    models = bundled_models()
    plain = RapidOCR(
        params={
            "Global.log_level": "error",
            "Det.model_path": str(models["det"]),
            "Rec.model_path": str(models["rec"]),
            "Cls.model_path": str(models["cls"]),
        }
    )
    times, found = [], 0
    for case in kinds["scanned A5 invoice"]:
        image = Image.open(case.path).convert("RGB")
        started = time.perf_counter()
        result = plain(image)
        times.append(time.perf_counter() - started)
        text = "".join(result.txts or ()).replace(" ", "")
        truth = case.truth[0]
        values = [truth[f] for f in ("invoice_number", "total", "seller_tax_id") if truth.get(f)]
        found += all(v in text for v in values)
    print(
        f"  {'plain RapidOCR full page':24} {_stats(times)}   "
        f"number/total/seller tax ID all in its text {found}/{len(times)}"
    )

    if args.batch <= 0:
        return
    # batch: mixed documents through the CLI, with peak memory of the whole process tree
    batch = work / "batch"
    for i in range(args.batch):
        doc_type = DOC_TYPES[i % len(DOC_TYPES)]
        variant = ("text", "scan", "photo", "scan", "jpeg")[i % 5]
        make_case(batch, f"b{i:03d}", make_truth(doc_type, rng), variant, rng)
    for truth_file in batch.glob("*.json"):
        truth_file.unlink()
    print(f"\nbatch of {args.batch} mixed documents (text PDFs, scans, photos), CLI end to end")
    for workers in (int(w) for w in args.workers.split(",")):
        elapsed, peak, count = _run_batch(batch, workers)
        print(
            f"  workers={workers}: {elapsed:6.1f} s  {count / elapsed:5.2f} docs/s  "
            f"peak RSS (process tree) {peak / 2**30:.2f} GB  records {count}"
        )


if __name__ == "__main__":
    main()
