"""Rebuild the real-document corpus from bare git mirrors of public repositories.

    python bench/real/prepare.py OUT [--mirrors DIR] [--split tune|holdout|all]

For every document in ``bench/real/sources/*.json`` (see README.md beside this file) the file is
read from its repository's mirror at the labelled commit (``git show COMMIT:PATH``) and written
to ``OUT/<id><ext>`` with its labels beside it as ``OUT/<id>.json`` (a list of expected records,
the form ``bench/accuracy.py`` reads). ``OUT/corpus.json`` indexes the documents: form, split,
source. The documents are never committed; only the labels are.

A repository that has not been fetched is named at the end with the command that brings it;
the documents that could be read are written all the same. Exits 1 when nothing was written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_MIRRORS = Path("/work/.mirror")
HOLDOUT_SHARE = 0.4
FORMS = ("xml", "ofd", "pdf-text", "pdf-image", "scan", "photo", "screenshot", "fax", "image")


@dataclass(frozen=True)
class Document:
    id: str
    repo: str
    commit: str
    path: str
    form: str
    truth: list[dict[str, Any]]
    labelled_by: str
    manifest: str

    @property
    def split(self) -> str:
        return split_of(self.id)

    @property
    def suffix(self) -> str:
        suffix = Path(self.path).suffix.lower()
        return suffix if suffix else ".bin"


def split_of(doc_id: str) -> str:
    """``holdout`` for about 40 % of ids, fixed by the id alone (so labels never move)."""
    digest = hashlib.sha1(doc_id.encode("utf-8")).digest()
    return "holdout" if digest[0] < HOLDOUT_SHARE * 256 else "tune"


def load_documents(sources: Path = HERE / "sources") -> list[Document]:
    docs: list[Document] = []
    seen: dict[str, str] = {}
    for manifest in sorted(sources.glob("*.json")):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        for source in data.get("sources", []):
            for entry in source.get("documents", []):
                doc = Document(
                    id=entry["id"],
                    repo=source["repo"],
                    commit=source["commit"],
                    path=entry["path"],
                    form=entry["form"],
                    truth=entry["truth"],
                    labelled_by=entry.get("labelled_by", ""),
                    manifest=manifest.name,
                )
                if doc.id in seen:
                    raise SystemExit(f"{manifest.name}: id {doc.id} is also in {seen[doc.id]}")
                if doc.form not in FORMS:
                    raise SystemExit(f"{manifest.name}: {doc.id} has unknown form {doc.form!r}")
                seen[doc.id] = manifest.name
                docs.append(doc)
    return docs


def mirror_dir(mirrors: Path, repo: str) -> Path | None:
    base = mirrors / repo.replace("/", "+")
    for candidate in (base / "repo", base / "repo" / ".git", base):
        if (candidate / "HEAD").is_file():
            return candidate
    return None


def read_blob(git_dir: Path, commit: str, path: str) -> bytes | None:
    for rev in (commit, "HEAD"):
        result = subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", f"{rev}:{path}"],
            capture_output=True,
            check=False,
        )
        if result.returncode == 0:
            return result.stdout
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    parser.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    parser.add_argument("--sources", type=Path, default=HERE / "sources")
    args = parser.parse_args(argv)

    docs = [d for d in load_documents(args.sources) if args.split in ("all", d.split)]
    args.out.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict[str, Any]] = {}
    missing_repos: set[str] = set()
    missing_files: list[str] = []
    for doc in docs:
        git_dir = mirror_dir(args.mirrors, doc.repo)
        if git_dir is None:
            missing_repos.add(doc.repo)
            continue
        data = read_blob(git_dir, doc.commit, doc.path)
        if data is None:
            missing_files.append(f"{doc.repo}:{doc.path}")
            continue
        target = args.out / f"{doc.id}{doc.suffix}"
        target.write_bytes(data)
        (args.out / f"{doc.id}.json").write_text(
            json.dumps(doc.truth, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        index[target.name] = {
            "id": doc.id,
            "form": doc.form,
            "split": doc.split,
            "repo": doc.repo,
            "path": doc.path,
            "sha256": hashlib.sha256(data).hexdigest(),
            "labelled_by": doc.labelled_by,
        }
    (args.out / "corpus.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    by_split: dict[str, int] = {}
    for meta in index.values():
        by_split[meta["split"]] = by_split.get(meta["split"], 0) + 1
    print(
        f"{len(index)} documents written to {args.out} "
        + ", ".join(f"{k} {v}" for k, v in sorted(by_split.items()))
    )
    for repo in sorted(missing_repos):
        print(f"not fetched: {repo} — bring it with: fetch github:{repo}", file=sys.stderr)
    for name in missing_files:
        print(f"missing in its mirror: {name}", file=sys.stderr)
    return 0 if index else 1


if __name__ == "__main__":
    raise SystemExit(main())
