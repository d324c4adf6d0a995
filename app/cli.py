"""`zhangfang` — everything the GUI does, scriptable.

Exit codes: 0 success; 1 nothing could be read; 2 usage or settings errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.config import ConfigError, load_settings, paths
from app.logs import setup_logging

log = logging.getLogger(__name__)

EXIT_OK, EXIT_NOTHING_READ, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _progress(done: int, total: int, path: Path) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {path.name[:40]:40}"
    )
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_capture(args: argparse.Namespace) -> int:
    from ocr import CaptureOptions, capture_path
    from ocr.capture import iter_files
    from ocr.engines import ENGINE_NAMES, get_engine
    from ocr.errors import EngineUnavailable

    settings = load_settings()
    engine = args.engine or settings.ocr_engine
    if engine not in ENGINE_NAMES:
        raise UsageError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINE_NAMES)}")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
    files = list(iter_files(args.paths))
    if not files:
        raise UsageError("no files to capture in " + ", ".join(map(str, args.paths)))
    try:
        get_engine(engine)  # fail early, with the install hint, before reading anything
    except EngineUnavailable as exc:
        raise UsageError(exc.message) from exc
    ledger = None
    if args.save:
        from app.ledger import Ledger, LedgerError

        try:
            ledger = Ledger.open()
        except LedgerError as exc:
            raise UsageError(exc.message) from exc
        known = [f for f in files if ledger.known_file(f)]
        files = [f for f in files if f not in known]
        if known:
            print(f"{len(known)} files are in the ledger already; skipped", file=sys.stderr)
        if not files:
            ledger.close()
            return EXIT_OK
    workers = args.workers or settings.capture_workers
    show_progress = sys.stderr.isatty() and len(files) > 1 and not args.quiet
    records = capture_path(
        files,
        CaptureOptions(engine=engine, workers=workers),
        progress=_progress if show_progress else None,
    )
    if ledger is not None:
        _save(ledger, files, records)
    if args.json:
        json.dump([r.to_dict() for r in records], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_table(records)
    sys.stdout.flush()
    if args.xlsx:
        from app.exports import write_workbook

        out = write_workbook(records, Path(args.xlsx))
        print(f"workbook written: {out}", file=sys.stderr)
    readable = [r for r in records if r.doc_type != "unknown"]
    return EXIT_OK if readable else EXIT_NOTHING_READ


def _save(ledger, files: list[Path], records: Sequence) -> None:
    """One transaction per file: a crash loses at most the file being stored."""
    by_file: dict[str, list] = {str(f): [] for f in files}
    for rec in records:
        by_file.setdefault(rec.source, []).append(rec)
    added = duplicates = 0
    try:
        for source, recs in by_file.items():
            result = ledger.add_capture(Path(source), recs)
            added += len(result.added)
            duplicates += len(result.duplicates)
    finally:
        ledger.close()
    print(
        f"ledger: {added} records stored, {duplicates} duplicates kept aside "
        "(zhangfang records list)",
        file=sys.stderr,
    )


def _print_table(records: Sequence) -> None:
    from ocr.amounts import format_money

    rows = [("status", "type", "number", "date", "total", "file", "problems")]
    for r in records:
        rows.append(
            (
                r.status,
                r.doc_type,
                r.invoice_number or "-",
                r.issue_date.isoformat() if r.issue_date else "-",
                format_money(r.total) or "-",
                f"{Path(r.source).name}" + (f"#{r.page}" if r.page and r.page > 1 else ""),
                "; ".join(p.message for p in r.problems if p.severity == "error")[:80],
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [row[i] + " " * (widths[i] - _width(row[i])) for i in range(len(widths))]
        print("  ".join([*cells, row[-1]]).rstrip())
    ok = sum(1 for r in records if r.status == "ok")
    print(f"\n{len(records)} records: {ok} ok, {len(records) - ok} to review")


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cmd_config(args: argparse.Namespace) -> int:
    p = paths()
    if args.action == "path":
        print(p.config_file)
    elif args.action == "folders":  # what an uninstall --purge removes
        print(f"settings: {p.config_file.parent}")
        print(f"data: {p.data_dir}")
        print(f"logs: {p.log_dir}")
    else:
        settings = load_settings()
        print(f"config file: {p.config_file}")
        print(f"data folder: {p.data_dir}")
        print(f"log folder:  {p.log_dir}")
        print(f"OCR engine:  {settings.ocr_engine}")
        print(f"workers:     {settings.capture_workers}")
    return EXIT_OK


def cmd_ocr(args: argparse.Namespace) -> int:
    from ocr.engines import available_engines

    if args.action == "engines":
        for name, ok in available_engines().items():
            print(f"{name:10} {'available' if ok else 'not installed'}")
        return EXIT_OK
    from ocr.engines.paddle import setup_paddle_models
    from ocr.errors import EngineUnavailable

    try:
        folder = setup_paddle_models(Path(args.target) if args.target else None, force=args.force)
    except EngineUnavailable as exc:
        raise UsageError(exc.message) from exc
    print(f"PaddleOCR model folders ready in {folder}")
    return EXIT_OK


def cmd_demo_server(args: argparse.Namespace) -> int:
    import time

    from app.demo.oa_server import DEMO_USERS, DemoOA

    oa = DemoOA(args.host, args.port, args.variant, captcha=not args.no_captcha).start()
    users = ", ".join(f"{u} / {p}" for u, p in DEMO_USERS.items())
    print(f"demo OA ({args.variant}) at {oa.url}  — users: {users}; Ctrl+C stops it", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        oa.stop()
    return EXIT_OK


def cmd_autostart(args: argparse.Namespace) -> int:
    from app import autostart

    if args.action == "on":
        path = autostart.enable()
        print(f"Zhangfang starts in the tray at login ({path})")
    elif args.action == "off":
        autostart.disable()
        print("Zhangfang no longer starts at login")
    else:
        state = "on" if autostart.is_enabled() else "off"
        print(f"start at login: {state} ({autostart.entry_path()})")
    return EXIT_OK


def cmd_browser(args: argparse.Namespace) -> int:
    from app.bot_library import configured_browser
    from bots.browser import check
    from bots.errors import BotError

    try:
        print(f"bots use {check(args.executable or configured_browser())}")
    except BotError as exc:
        print(f"zhangfang: {exc.message}", file=sys.stderr)
        return EXIT_NOTHING_READ
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo.walkthrough import main as demo_main

    return demo_main()


def cmd_gui(args: argparse.Namespace) -> int:
    from app.gui.main import main as gui_main

    return gui_main(["--show"] * args.show + ["--no-tray"] * args.no_tray)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhangfang", description="账房 Zhangfang: invoices in, expense records out."
    )
    parser.add_argument("--version", action="version", version=f"zhangfang {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", required=True)

    cap = sub.add_parser("capture", help="read invoices and receipts into expense records")
    cap.add_argument("paths", nargs="+", type=Path, help="files or folders (folders recurse)")
    cap.add_argument("--json", action="store_true", help="print the records as a JSON array")
    cap.add_argument("--xlsx", metavar="OUT.xlsx", help="also write an Excel workbook")
    cap.add_argument("--engine", help="OCR engine: rapidocr (default) or paddle")
    cap.add_argument("--workers", type=int, default=0, help="parallel processes (default 1)")
    cap.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    cap.add_argument(
        "--save", action="store_true", help="store in the ledger (a file stored before is skipped)"
    )
    cap.set_defaults(func=cmd_capture)

    cfg = sub.add_parser("config", help="where settings live and what they say")
    cfg.add_argument("action", choices=["path", "folders", "show"], nargs="?", default="show")
    cfg.set_defaults(func=cmd_config)

    ocr = sub.add_parser("ocr", help="OCR engines")
    ocr.add_argument("action", choices=["engines", "setup-paddle"])
    ocr.add_argument("--target", help="folder for the PaddleOCR models (default: data folder)")
    ocr.add_argument("--force", action="store_true", help="rebuild the folders")
    ocr.set_defaults(func=cmd_ocr)
    demo = sub.add_parser("demo-server", help="run the demo legacy OA on this machine")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8765)
    demo.add_argument(
        "--variant",
        default="base",
        help="base, renamed, classes, wrapped, reworded, reordered, iframe or combined",
    )
    demo.add_argument("--no-captcha", action="store_true", help="log in without a captcha")
    demo.set_defaults(func=cmd_demo_server)

    start = sub.add_parser("autostart", help="start the tray at login: on, off, or show")
    start.add_argument("action", choices=["on", "off", "status"], nargs="?", default="status")
    start.set_defaults(func=cmd_autostart)

    browser = sub.add_parser(
        "browser", help="start the browser bots will use (headless) and say which it is"
    )
    browser.add_argument("--executable", help="try this browser program instead")
    browser.set_defaults(func=cmd_browser)

    walk = sub.add_parser(
        "demo",
        help="capture the sample documents into a demo ledger and file one in the demo OA by bot",
    )
    walk.set_defaults(func=cmd_demo)

    gui = sub.add_parser("gui", help="the desktop app: tray icon and main window")
    gui.add_argument("--show", action="store_true", help="open the main window at start")
    gui.add_argument("--no-tray", action="store_true", help="run as a window, without a tray")
    gui.set_defaults(func=cmd_gui)

    from app import bot_cli, ledger_cli

    bot_cli.add_commands(sub)
    ledger_cli.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(args.verbose)
    try:
        return args.func(args)
    except (UsageError, ConfigError) as exc:
        print(f"zhangfang: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("zhangfang: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
