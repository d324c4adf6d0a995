"""`make demo`: capture the bundled sample documents, print a summary and write a workbook."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from app.cli import main as cli_main

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def main() -> int:
    out = Path(tempfile.gettempdir()) / "zhangfang-demo" / "samples.xlsx"
    print(f"Capturing the sample documents in {SAMPLES} …\n", flush=True)
    code = cli_main(["capture", str(SAMPLES), "--xlsx", str(out)])
    print(f"\nThe workbook is at {out}")
    return code


if __name__ == "__main__":
    sys.exit(main())
