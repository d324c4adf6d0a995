"""Files and records into the ledger: a file stored once by content, its records checked
for repeats (exact and near) in the same transaction."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.ledger import lifecycle
from app.ledger.core import LedgerCore, _now, _plain, file_sha256
from app.ledger.models import (
    Document,
    LineItemRow,
    Record,
)
from app.ledger.views import COLUMNS, ImportResult
from ocr.filenames import readable, readable_name
from ocr.records import ExpenseRecord

log = logging.getLogger(__name__)
CONFLICT_ATTEMPTS = 3


class Importing(LedgerCore):
    def known_file(self, path: Path) -> bool:
        with self.session() as s:
            return _has_document(s, file_sha256(path))

    def import_file(
        self, path: Path | str, capture: Callable[[Path], list[ExpenseRecord]] | None = None
    ) -> ImportResult:
        """Store a file and its records. A file imported before is skipped before capture."""
        path = Path(path)
        digest = file_sha256(path)
        with self.session() as s:
            if _has_document(s, digest):
                return ImportResult(str(path), already_imported=True)
        if capture is None:
            from ocr.capture import capture_file

            capture = capture_file
        return self.add_capture(path, capture(path), digest=digest)

    def add_capture(
        self, path: Path | str, records: Sequence[ExpenseRecord], *, digest: str | None = None
    ) -> ImportResult:
        """Store a file and its records in one transaction. Another import committing the
        same file (or the same invoice) at the same moment makes this one's insert fail: it
        is done again, and then finds the file in the ledger or the records duplicates."""
        path = Path(path)
        digest = digest or file_sha256(path)
        stored = self._store_file(path, digest)
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                return self._add_capture(path, records, digest, stored)
            except IntegrityError:
                if attempt == CONFLICT_ATTEMPTS:
                    raise
                log.info("%s: stored by another import at once; again", readable_name(path))
        raise AssertionError("unreachable")

    def _add_capture(
        self, path: Path, records: Sequence[ExpenseRecord], digest: str, stored: Path
    ) -> ImportResult:
        result = ImportResult(readable(path))
        with self.session() as s, s.begin():
            if _has_document(s, digest):
                result.already_imported = True
                return result
            document = Document(
                sha256=digest,
                original_name=readable_name(path),
                stored_path=str(stored.relative_to(self.storage)),
                size=path.stat().st_size,
                pages=max((r.page or 1 for r in records), default=None),
                imported_at=_now(),
                imported_by=self.actor,
            )
            s.add(document)
            s.flush()
            self._audit(s, "import", "document", document.id, after={"file": readable_name(path)})
            self._add_rows(s, records, document, result, "capture")
        return result

    def _store_file(self, path: Path, digest: str) -> Path:
        """Copy into storage under the content hash (atomic: a crash leaves no half file)."""
        target = self.storage / digest[:2] / f"{digest}{path.suffix.lower()}"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
            shutil.copyfile(path, tmp)
            with tmp.open("rb") as f:
                os.fsync(f.fileno())
            tmp.replace(target)
        return target

    def _new_row(
        self,
        s: Session,
        rec: ExpenseRecord,
        document: Document | None,
        seen_here: dict[str, int],
    ) -> Record:
        now = _now()
        row = Record(
            document_id=document.id if document is not None else None,
            page=rec.page,
            state=lifecycle.CAPTURED,
            fingerprint=rec.fingerprint,
            created_at=now,
            updated_at=now,
        )
        _copy_fields(row, rec)
        key = rec.fingerprint
        earlier = key and (
            seen_here.get(key) or s.scalar(select(Record.id).where(Record.claimable_key == key))
        )
        if earlier:
            row.state = lifecycle.DUPLICATE
            row.duplicate_of = earlier
            rec.add_problem(
                None,
                "duplicate",
                f"this invoice is already in the ledger as record {earlier}; it will not be "
                "claimed twice",
            )
        else:
            row.claimable_key = key
            row.near_duplicate_of = self._near_duplicate(s, rec)
            if row.near_duplicate_of:
                rec.add_problem(
                    None,
                    "near_duplicate",
                    f"record {row.near_duplicate_of} has the same seller, amount and date; "
                    "check that this is not the same expense twice",
                )
                rec.status = "review"
        row.capture_status = rec.status
        row.data = rec.to_dict()  # once, with the problems found here
        return row

    def _near_duplicate(self, s: Session, rec: ExpenseRecord) -> int | None:
        if not (rec.seller_name and rec.total is not None and rec.issue_date):
            return None
        return s.scalar(
            select(Record.id)
            .where(
                Record.seller_name == rec.seller_name,
                Record.total == rec.total,
                Record.issue_date == rec.issue_date,
                Record.claimable_key.is_not(None),
            )
            .limit(1)
        )

    def add_records(self, records: Iterable[ExpenseRecord], source: str = "import") -> ImportResult:
        """Records without a document file (e.g. from a spreadsheet)."""
        result = ImportResult(source)
        with self.session() as s, s.begin():
            self._add_rows(s, records, None, result, source)
        return result

    def _add_rows(
        self,
        s: Session,
        records: Iterable[ExpenseRecord],
        document: Document | None,
        result: ImportResult,
        action: str,
    ) -> None:
        seen_here: dict[str, int] = {}  # the same invoice twice in one file or sheet
        for rec in records:
            row = self._new_row(s, rec, document, seen_here)
            s.add(row)
            s.flush()
            if row.state == lifecycle.DUPLICATE:
                result.duplicates.append(row.id)
            else:  # claimable; an unreadable page (no fingerprint) waits for a person too
                if row.claimable_key:
                    seen_here[row.claimable_key] = row.id
                result.added.append(row.id)
                if row.near_duplicate_of:
                    result.near_duplicates.append(row.id)
            self._audit(s, action, "record", row.id, after=_summary(row))


def _has_document(s: Session, digest: str) -> bool:
    return s.scalar(select(Document.id).where(Document.sha256 == digest)) is not None


def _copy_fields(row: Record, rec: ExpenseRecord) -> None:
    for name in COLUMNS:
        setattr(row, name, getattr(rec, name))
    row.items = [
        LineItemRow(
            position=i,
            name=item.name,
            spec=item.spec,
            unit=item.unit,
            quantity=item.quantity,
            unit_price=item.unit_price,
            amount=item.amount,
            tax_rate=item.tax_rate,
            tax=item.tax,
        )
        for i, item in enumerate(rec.items, 1)
    ]


def _summary(row: Record) -> dict[str, Any]:
    return {
        "state": row.state,
        "doc_type": row.doc_type,
        "invoice_number": row.invoice_number,
        "seller_name": row.seller_name,
        "total": _plain(row.total),
        "issue_date": _plain(row.issue_date),
    }
