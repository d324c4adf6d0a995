"""`zhangfang` — everything the GUI does, scriptable.

Exit codes (``app.cli.output``): 0 success; 1 nothing could be read, or a run or submission
failed; 2 usage or settings errors; 130 interrupted. The settings are read once, here, and
handed to each command as ``args.settings``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.cli.output import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    open_ledger,
    print_json,
    print_table,
    progress_bar,
    safe_streams,
)
from app.config import ConfigError, Settings, load_settings, paths
from app.platform.logs import setup_logging

log = logging.getLogger(__name__)


def cmd_capture(args: argparse.Namespace) -> int:
    from ocr import CaptureOptions, capture_path
    from ocr.engines import ENGINE_NAMES, get_engine
    from ocr.errors import EngineUnavailable

    settings: Settings = args.settings
    engine = args.engine or settings.ocr_engine
    if engine not in ENGINE_NAMES:
        raise CommandError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINE_NAMES)}")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(map(str, missing))}")
    from app.services.capture import capture_into_ledger, files_in

    files = files_in(args.paths)
    if not files:
        raise CommandError("no files to capture in " + ", ".join(map(str, args.paths)))
    try:
        get_engine(engine)  # fail early, with the install hint, before reading anything
    except EngineUnavailable as exc:
        raise CommandError(exc.message) from exc
    options = CaptureOptions(engine=engine, workers=args.workers or settings.capture_workers)
    show_progress = sys.stderr.isatty() and len(files) > 1 and not args.quiet
    progress = progress_bar if show_progress else None
    if args.save:
        ledger = open_ledger(settings)
        try:
            summary = capture_into_ledger(ledger, files, options, progress=progress)
        finally:
            ledger.close()
        records = summary.records
        if summary.skipped:
            print(f"{summary.skipped} files are in the ledger already; skipped", file=sys.stderr)
        if not summary.records:
            return EXIT_OK
        print(
            f"ledger: {summary.added} records stored, {summary.duplicates} duplicates kept "
            "aside (zhangfang records list)",
            file=sys.stderr,
        )
    else:
        records = capture_path(files, options, progress=progress)
    if args.json:
        print_json([r.to_dict() for r in records])
    else:
        _print_table(records)
    sys.stdout.flush()
    if args.xlsx:
        from app.exports.records import write_workbook

        out = write_workbook(records, Path(args.xlsx))
        print(f"workbook written: {out}", file=sys.stderr)
    readable = [r for r in records if r.doc_type != "unknown"]
    return EXIT_OK if readable else EXIT_FAILED


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
    print_table(rows, last_free=True)
    ok = sum(1 for r in records if r.status == "ok")
    print(f"\n{len(records)} records: {ok} ok, {len(records) - ok} to review")


def cmd_config(args: argparse.Namespace) -> int:
    p = paths()
    if args.action == "path":
        print(p.config_file)
    elif args.action == "folders":  # what an uninstall --purge removes
        print(f"settings: {p.config_file.parent}")
        print(f"data: {p.data_dir}")
        print(f"logs: {p.log_dir}")
    else:
        settings = args.settings
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
        raise CommandError(exc.message) from exc
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
    from app.platform import autostart

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
    from bots.browser import check
    from bots.errors import BotError

    try:
        print(f"bots use {check(args.executable or args.settings.browser)}")
    except BotError as exc:
        raise CommandError(exc.message, EXIT_FAILED) from exc
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Capture the samples into a fresh demo ledger (with a workbook), then file one by bot."""
    import os
    import tempfile

    from app.demo.walkthrough import file_claim_by_bot, fresh_demo_home
    from app.platform.resources import SAMPLES

    work = Path(tempfile.gettempdir()) / "zhangfang-demo"
    fresh_demo_home(work)
    out = work / "samples.xlsx"
    print(f"Capturing the sample documents in {SAMPLES} …\n", flush=True)
    code = main(["capture", str(SAMPLES), "--xlsx", str(out), "--save"])
    print(f"\nThe workbook is at {out}; the demo ledger is in {os.environ['ZHANGFANG_HOME']}")
    return code or file_claim_by_bot(SAMPLES / "01-vat_invoice-text.pdf", load_settings())


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

    from app.cli import bots, ledger

    bots.add_commands(sub)
    ledger.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    safe_streams()
    setup_logging(args.verbose)
    try:
        args.settings = load_settings()
        return args.func(args)
    except CommandError as exc:
        print(f"zhangfang: {exc.message}", file=sys.stderr)
        return exc.code
    except ConfigError as exc:
        print(f"zhangfang: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("zhangfang: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(main())
