"""Key-field accuracy per document type and variant, and ok-precision.

    python bench/accuracy.py [DIR] [--per-type N] [--engine NAME] [--variants a,b]
    python bench/accuracy.py REAL_DIR --split holdout      # the real corpus (bench/real)

DIR holds documents with ``<name>.json`` ground truth beside them (``python -m
testkit.generator DIR`` writes such a corpus). Without DIR a corpus is generated in a temporary
folder first. A folder made by ``bench/real/prepare.py`` (it has ``corpus.json``) is grouped by
form (ofd, pdf-text, photo, …) and can be cut to one split. A labelled non-invoice
(``doc_type: not_invoice``) counts as right when no record of it is ``ok`` as an expense
document. Prints a table and the overall figures; exits 0 (it measures, it does not judge).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from ocr.capture import CaptureOptions, capture_file
from testkit.generator.corpus import build_corpus, make_multi_invoice_pdf
from testkit.generator.scoring import key_fields, mismatches

ROOT = Path(__file__).resolve().parents[1]

FORMS = ("xml", "ofd", "pdf-text", "pdf-image", "image", "scan", "photo", "screenshot", "fax")

ALL_VARIANTS = "text,scan,skew,blur,jpeg,noise,lowres,photo,rot90,rot180,rot270"
GROUPS = {
    "text": "exact",
    "xml": "exact",
    "ofd-new": "exact",
    "ofd-old": "exact",
    "multi": "exact",
    "scan": "clean scan",
    "rot90": "clean scan",
    "rot180": "clean scan",
    "rot270": "clean scan",
    "skew": "degraded",
    "blur": "degraded",
    "jpeg": "degraded",
    "noise": "degraded",
    "photo": "degraded",
    "lowres": "very low-res",
    "photo2": "degraded",
    "dotmatrix": "clean scan",
    "fax": "fax",
    "screenshot": "screenshot",
}


def _cases(folder: Path) -> list[tuple[Path, list[dict]]]:
    out = []
    for truth_file in sorted(folder.glob("*.json")):
        if truth_file.name == "corpus.json":
            continue
        docs = [p for p in folder.glob(truth_file.stem + ".*") if p.suffix != ".json"]
        if docs:
            out.append((docs[0], json.loads(truth_file.read_text(encoding="utf-8"))))
    return out


def _variant(path: Path) -> str:
    stem = path.stem
    if stem == "multi-invoice":
        return "multi"
    for v in ("ofd-new", "ofd-old"):
        if stem.endswith(v):
            return v
    return stem.rsplit("-", 1)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--per-type", type=int, default=4)
    parser.add_argument("--variants", default=ALL_VARIANTS)
    parser.add_argument("--engine", default="rapidocr")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    args = parser.parse_args()

    folder = args.folder
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="zf-accuracy-"))
        print(f"generating corpus in {folder} …", file=sys.stderr)
        build_corpus(
            folder, per_type=args.per_type, variants=args.variants.split(","), seed=args.seed
        )
        make_multi_invoice_pdf(folder)

    options = CaptureOptions(engine=args.engine)
    # (doc_type, group) → counters
    fields_total: dict[tuple[str, str], int] = defaultdict(int)
    fields_right: dict[tuple[str, str], int] = defaultdict(int)
    docs_total: dict[tuple[str, str], int] = defaultdict(int)
    docs_right: dict[tuple[str, str], int] = defaultdict(int)
    review_reasons: Counter[str] = Counter()
    ok_total = ok_right = 0
    review_total = 0
    errors = []
    started = time.perf_counter()
    cases = _cases(folder)
    index_file = folder / "corpus.json"
    index = json.loads(index_file.read_text(encoding="utf-8")) if index_file.exists() else None
    if index is not None:
        cases = [c for c in cases if args.split in ("all", index[c[0].name]["split"])]
    not_invoices_total = not_invoices_right = not_invoices_recognised = 0
    for n, (path, truths) in enumerate(cases, 1):
        records = capture_file(path, options)
        if index is not None:
            group = index[path.name]["form"]
        else:
            group = GROUPS.get(_variant(path), _variant(path))
        print(f"\r{n}/{len(cases)} {path.name[:50]:50}", end="", file=sys.stderr)
        if truths and truths[0]["doc_type"] == "not_invoice":
            not_invoices_total += 1
            taken = [r for r in records if r.status == "ok" and r.doc_type != "unknown"]
            not_invoices_right += not taken
            what = truths[0].get("what")
            recognised = any(
                r.doc_type == what
                or (
                    r.doc_type == "unknown"
                    and r.problems
                    and r.problems[0].code == "not_an_invoice"
                )
                for r in records
            )
            not_invoices_recognised += recognised
            if taken:
                errors.append(("NOT-INVOICE-OK", path.name, {"doc_type": taken[0].doc_type}))
            elif args.show_errors and not recognised:
                errors.append(
                    ("not-recognised", path.name, {"read as": [r.doc_type for r in records]})
                )
            continue
        for i, truth in enumerate(truths):
            rec = records[i].to_dict() if i < len(records) else {"doc_type": None}
            key = (truth["doc_type"], group)
            wanted = tuple(f for f in key_fields(truth["doc_type"]) if f in truth)
            wrong = mismatches(rec, truth, wanted)
            if rec.get("doc_type") != truth["doc_type"]:
                wrong = {f: (None, truth[f]) for f in wanted}
            fields_total[key] += len(wanted)
            fields_right[key] += len(wanted) - len(wrong)
            docs_total[key] += 1
            docs_right[key] += not wrong
            if rec.get("status") == "ok":
                ok_total += 1
                ok_right += not wrong
                if wrong:
                    errors.append(("WRONG-OK", path.name, wrong))
            else:
                review_total += 1
                for problem in records[i].problems if i < len(records) else ():
                    if problem.severity == "error":
                        review_reasons[f"{problem.field or '-'}:{problem.code}"] += 1
                if wrong and args.show_errors:
                    errors.append(("review", path.name, wrong))
    elapsed = time.perf_counter() - started
    print(file=sys.stderr)

    groups = ["exact", "clean scan", "degraded", "very low-res", "fax", "screenshot"]
    groups = [g for g in groups if any(gg == g for _, gg in docs_total)]
    if index is not None:
        groups = [f for f in FORMS if any(g == f for _, g in docs_total)]
    types = sorted({t for t, _ in docs_total})
    print(
        f"corpus: {folder}  ({sum(docs_total.values())} documents, engine {args.engine}, "
        f"{elapsed:.0f} s)"
    )
    print("\nkey-field accuracy (fields right / fields) — documents with every key field right")
    header = f"{'type':18}" + "".join(f"{g:>24}" for g in groups)
    print(header)
    for t in types:
        row = f"{t:18}"
        for g in groups:
            k = (t, g)
            if docs_total[k]:
                cell = (
                    f"{100 * fields_right[k] / fields_total[k]:5.1f}% "
                    f"({docs_right[k]}/{docs_total[k]} docs)"
                )
            else:
                cell = "-"
            row += f"{cell:>24}"
        print(row)
    row = f"{'all':18}"
    for g in groups:
        ft = sum(v for (t, gg), v in fields_total.items() if gg == g)
        fr = sum(v for (t, gg), v in fields_right.items() if gg == g)
        dt = sum(v for (t, gg), v in docs_total.items() if gg == g)
        dr = sum(v for (t, gg), v in docs_right.items() if gg == g)
        row += f"{(f'{100 * fr / ft:5.1f}% ({dr}/{dt} docs)' if ft else '-'):>24}"
    print(row)
    all_fields = sum(fields_total.values())
    if all_fields:
        print(
            f"\noverall key-field accuracy: {100 * sum(fields_right.values()) / all_fields:.1f}% "
            f"({sum(fields_right.values())}/{all_fields} fields, "
            f"{sum(docs_right.values())}/{sum(docs_total.values())} documents all right)"
        )
    precision = 100 * ok_right / ok_total if ok_total else float("nan")
    print(
        f"\nok-precision: {precision:.2f}% ({ok_right} of {ok_total} ok records have every key "
        f"field right); {review_total} records sent to review"
    )
    if not_invoices_total:
        print(
            f"non-invoices: {not_invoices_right} of {not_invoices_total} kept out of ok "
            f"expense records; {not_invoices_recognised} recognised as what they are"
        )
    if review_reasons:
        print("review reasons: " + ", ".join(f"{k} ×{v}" for k, v in review_reasons.most_common()))
    for kind, name, wrong in errors:
        print(f"  {kind} {name}: {wrong}")


if __name__ == "__main__":
    main()
