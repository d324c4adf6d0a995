"""python -m testkit.generator OUT [--per-type N] [--variants a,b] [--layouts classic|new|all]
[--samples]"""

from __future__ import annotations

import argparse
from pathlib import Path

from testkit.generator.corpus import build_corpus, make_multi_invoice_pdf, make_samples


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m testkit.generator")
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-type", type=int, default=3)
    parser.add_argument("--variants", default="text,scan,skew,blur,jpeg,noise,lowres,photo")
    parser.add_argument("--types", default=None, help="comma-separated document types")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--layouts",
        default="classic",
        choices=("classic", "new", "all"),
        help="classic: the original drawings; new: the real-world layouts; all: both",
    )
    parser.add_argument("--samples", action="store_true", help="write the demo sample set")
    args = parser.parse_args()
    if args.samples:
        for p in make_samples(
            args.out, Path(__file__).resolve().parents[2] / "tests" / "resources" / "samples"
        ):
            print(p)
        return
    kwargs = {}
    if args.types:
        kwargs["doc_types"] = args.types.split(",")
    cases = build_corpus(
        args.out,
        per_type=args.per_type,
        variants=args.variants.split(","),
        seed=args.seed,
        layouts=args.layouts,
        **kwargs,
    )
    count = len(cases)
    if args.layouts != "new":
        make_multi_invoice_pdf(args.out)
        count += 1
    print(f"{count} documents written to {args.out}")


if __name__ == "__main__":
    main()
