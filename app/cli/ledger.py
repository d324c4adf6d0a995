"""`zhangfang records|review|submit`: the ledger and submission from the command line."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

from app.cli.output import EXIT_FAILED, EXIT_OK, CommandError, open_ledger, print_json, print_table


def cmd_records(args: argparse.Namespace) -> int:
    from app.ledger import LedgerError

    ledger = open_ledger(args.settings)
    try:
        if args.action == "list":
            return _list(ledger, args)
        if args.action == "show":
            return _show(ledger, args)
        if args.action == "export":
            return _export(ledger, args)
        return _import(ledger, args)
    except LedgerError as exc:
        raise CommandError(exc.message, EXIT_FAILED) from exc
    finally:
        ledger.close()


def _selected(ledger, args: argparse.Namespace):
    return ledger.records(
        state=args.state, doc_type=args.type, seller=args.seller, claim_id=args.claim
    )


def _list(ledger, args: argparse.Namespace) -> int:
    from ocr.amounts import format_money

    items = _selected(ledger, args)
    if args.json:
        print_json([i.to_dict() for i in items])
        return EXIT_OK
    rows = [("id", "state", "type", "number", "date", "seller", "total")]
    for i in items:
        r = i.record
        rows.append((str(i.id), i.state, r.doc_type, r.invoice_number or "-",
                     r.issue_date.isoformat() if r.issue_date else "-",
                     (r.seller_name or "-")[:20], format_money(r.total) or "-"))  # fmt: skip
    print_table(rows)
    total = sum((i.record.total or Decimal(0) for i in items), Decimal(0))
    print(f"\n{len(items)} records, total {format_money(total) if items else '0.00'}")
    return EXIT_OK


def _show(ledger, args: argparse.Namespace) -> int:
    item = ledger.get(args.id)
    trail = ledger.audit_trail("record", args.id)
    subs = ledger.submissions(record_ids=[args.id])
    if args.json:
        out = item.to_dict()
        out["audit"] = [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                         "before": e.before, "after": e.after} for e in trail]  # fmt: skip
        out["submissions"] = [
            {"target": s.target, "state": s.state, "external_ref": s.external_ref,
             "attempts": s.attempts, "error": s.last_error}
            for s in subs
        ]  # fmt: skip
        print_json(out)
        return EXIT_OK
    rec = item.to_dict()["record"]
    print(f"record {item.id} — {item.state}  ({item.original_name or rec['source']})")
    for key in ("doc_type", "invoice_code", "invoice_number", "issue_date", "seller_name",
                "seller_tax_id", "buyer_name", "buyer_tax_id", "amount", "tax", "total",
                "category"):  # fmt: skip
        if rec.get(key) is not None:
            print(f"  {key:16} {rec[key]}")
    for problem in item.record.problems:
        print(f"  ! {problem.message}")
    for s in subs:
        print(f"  → {s.target}: {s.state} {s.external_ref or ''} {s.last_error or ''}".rstrip())
    print("history:")
    for e in trail:
        change = e.after if e.before is None else f"{e.before} → {e.after}"
        print(f"  {e.at:%Y-%m-%d %H:%M} {e.actor}: {e.action} {change}")
    return EXIT_OK


def _export(ledger, args: argparse.Namespace) -> int:
    from app.exports.claims import write_claim_workbook

    items = _selected(ledger, args)
    if not items:
        raise CommandError("no records match; nothing exported", EXIT_FAILED)
    out = write_claim_workbook(
        items, Path(args.xlsx), title=args.title, applicant=args.applicant or ledger.actor
    )
    print(f"{len(items)} records written to {out}")
    return EXIT_OK


def _import(ledger, args: argparse.Namespace) -> int:
    from app.exports.claims import SpreadsheetError, read_records_workbook

    try:
        records = read_records_workbook(Path(args.file))
    except SpreadsheetError as exc:
        raise CommandError(str(exc), EXIT_FAILED) from exc
    result = ledger.add_records(records, source="spreadsheet")
    print(f"{len(result.added)} records added, {len(result.duplicates)} already in the ledger "
          f"(kept as duplicates)")  # fmt: skip
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from app.ledger import LedgerError

    changes = {}
    for item in args.set or []:
        field, sep, value = item.partition("=")
        if not sep:
            raise CommandError(f"--set wants field=value, not {item!r}")
        changes[field.strip()] = value.strip()
    if not changes and not args.approve:
        raise CommandError("nothing to do: give --set field=value and/or --approve")
    try:
        ledger = open_ledger(args.settings)
        try:
            if changes:
                item = ledger.correct(args.id, changes)
                for problem in item.record.problems:
                    print(f"  ! {problem.message}")
            if args.approve:
                item = ledger.approve(args.id)
            print(f"record {args.id}: {item.state}")
        finally:
            ledger.close()
    except LedgerError as exc:
        raise CommandError(exc.message, EXIT_FAILED) from exc
    return EXIT_OK


def cmd_submit(args: argparse.Namespace) -> int:
    from app.ledger import LedgerError
    from app.services.submission import settle_records, submit_records
    from app.submit.engine import can_look_up
    from app.submit.errors import SubmitError
    from app.submit.targets import connector_for

    if not (args.record or args.all_reviewed or args.resume):
        raise CommandError("say what to submit: --record ID, --all-reviewed or --resume")
    if (args.found or args.not_there) and not args.record:
        raise CommandError("--found and --not-there need the --record they are about")
    try:
        target = connector_for(args.target, args.settings.targets)  # before the ledger
    except SubmitError as exc:
        raise CommandError(exc.message) from exc
    if not can_look_up(target):
        print(
            f"zhangfang: target {args.target} cannot be asked whether it has a record: an "
            "attempt whose outcome is lost waits for you instead of being sent again",
            file=sys.stderr,
        )
    ledger = open_ledger(args.settings)
    try:
        ids = list(args.record or [])
        if args.found or args.not_there:
            outcomes = settle_records(
                ledger, args.settings, args.target, ids, found=args.found or None
            )
        else:
            if args.all_reviewed:
                ids += [i.id for i in ledger.records(state="reviewed")]
            outcomes = submit_records(ledger, args.settings, args.target, ids, resume=args.resume)
    except LedgerError as exc:
        raise CommandError(exc.message, EXIT_FAILED) from exc
    finally:
        ledger.close()
    if args.json:
        print_json([o.to_dict() for o in outcomes])
    else:
        for o in outcomes:
            already = " (already there)" if o.already else ""
            line = f"record {o.record_id} → {o.target}: {o.state} {o.external_ref or ''}{already}"
            print(f"{line} {o.error or ''}".rstrip())
        if not outcomes:
            print("nothing to submit")
    return EXIT_OK if all(o.state == "succeeded" for o in outcomes) else EXIT_FAILED


def add_commands(sub: argparse._SubParsersAction) -> None:
    records = sub.add_parser("records", help="the ledger's records: list, show, export, import")
    records.add_argument("action", choices=["list", "show", "export", "import"])
    records.add_argument(
        "arg", nargs="?", metavar="ID|FILE", help="show: a record id; import: a workbook"
    )
    records.add_argument(
        "--state", help="captured, reviewed, submitted, confirmed, failed, duplicate"
    )
    records.add_argument("--type", help="vat_invoice, train_ticket, …")
    records.add_argument("--seller", help="part of the seller's name")
    records.add_argument("--claim", type=int, help="records of one claim")
    records.add_argument("--xlsx", help="export: the workbook to write")
    records.add_argument("--title", default="费用报销单", help="export: the claim form's title")
    records.add_argument("--applicant", help="export: 报销人 (default: you)")
    records.add_argument("--json", action="store_true")
    records.set_defaults(func=_records_entry)

    review = sub.add_parser("review", help="correct a record's fields and approve it")
    review.add_argument("id", type=int)
    review.add_argument("--set", action="append", metavar="FIELD=VALUE")
    review.add_argument("--approve", action="store_true")
    review.set_defaults(func=cmd_review)

    submit = sub.add_parser("submit", help="post records to a target (ERP, REST, bot) exactly once")
    submit.add_argument("--target", required=True, help="a [targets.NAME] from the settings")
    submit.add_argument("--record", type=int, action="append", help="record id (repeatable)")
    submit.add_argument("--all-reviewed", action="store_true", help="every approved record")
    submit.add_argument("--resume", action="store_true", help="finish what an interruption left")
    found = submit.add_mutually_exclusive_group()
    found.add_argument(
        "--found", metavar="REF", help="you looked: the --record is in the target as REF"
    )
    found.add_argument(
        "--not-there", action="store_true", help="you looked: it is not there; send it again"
    )
    submit.add_argument("--json", action="store_true")
    submit.set_defaults(func=cmd_submit)


def _records_entry(args: argparse.Namespace) -> int:
    args.id = args.file = None
    if args.action == "show":
        if not (args.arg or "").isdigit():
            raise CommandError("records show needs a record id: zhangfang records show 12")
        args.id = int(args.arg)
    if args.action == "export" and not args.xlsx:
        raise CommandError("records export needs --xlsx OUT.xlsx")
    if args.action == "import":
        if not args.arg:
            raise CommandError(
                "records import needs a workbook: zhangfang records import FILE.xlsx"
            )
        args.file = args.arg
    return cmd_records(args)
