"""`zhangfang bot …` and `zhangfang secret …`: bots from the command line."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from app.cli.output import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CommandError, print_json


class StderrSteps:
    """A live step list on stderr."""

    def step_started(self, path: str, description: str) -> None:
        sys.stderr.write(f"  … {description}\r")
        sys.stderr.flush()

    def step_finished(self, result) -> None:
        mark = {"passed": "✓", "failed": "✗", "warning": "!"}.get(result.status, "·")
        extra = " (healed)" if result.healed else ""
        label = f" {result.title}" if result.title else ""
        sys.stderr.write(f"  {mark} {result.path} {result.action}{label} {result.ms} ms{extra}\n")
        if result.error:
            sys.stderr.write(f"      {result.error}\n")

    def run_finished(self, result) -> None:
        sys.stderr.write(f"{result.status} in {result.seconds:.1f} s\n")


def _parse_params(pairs: list[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"--param wants name=value, got {pair!r}")
        params[key] = json.loads(value) if value.startswith("[") else value
    return params


def cmd_bot_run(args: argparse.Namespace) -> int:
    from app.services.bots import run_and_keep, run_options
    from bots.errors import BotFileError
    from bots.model import Bot

    try:
        bot = Bot.load(args.file)
        params = _parse_params(args.param)
    except (BotFileError, ValueError) as exc:
        raise CommandError(getattr(exc, "message", str(exc))) from exc
    if args.url:
        bot.start_url = args.url
    if args.rows:
        return _run_rows(bot, params, args)

    ledger = _ledger_or_none(args)
    try:
        kept = run_and_keep(
            args.file,
            params,
            settings=args.settings,
            bot=bot,
            ledger=ledger,
            options=run_options(args.settings, headless=not args.headed),
            listeners=[] if args.json else [StderrSteps()],
        )
    finally:
        if ledger is not None:
            ledger.close()
    result = kept.result
    if args.json:
        print_json(result.to_dict())
    else:
        for name, value in result.outputs.items():
            print(f"{name}: {value}")
        if result.error:
            print(f"failed: {result.error}", file=sys.stderr)
        print(f"run folder: {kept.folder}", file=sys.stderr)
    return EXIT_OK if result.status == "passed" else EXIT_FAILED


def _ledger_or_none(args: argparse.Namespace):
    """The ledger keeps the run for the app's Runs screen; a run goes on without it."""
    from app.ledger import Ledger, LedgerError

    try:
        return Ledger.open(args.settings.ledger_url)
    except LedgerError as exc:
        print(f"zhangfang: the run is not kept in the ledger: {exc.message}", file=sys.stderr)
        return None


def _run_rows(bot, params: dict, args: argparse.Namespace) -> int:
    """One run per row of --rows, each kept (run folder, a row in Runs); a results workbook
    beside the rows file; exit 0 only if all passed."""
    from app.services.bots import run_rows
    from bots.errors import ParameterError
    from bots.rows import read_rows, write_results

    try:
        rows = read_rows(Path(args.rows))
    except (ParameterError, OSError, ValueError) as exc:
        raise CommandError(getattr(exc, "message", str(exc))) from exc

    def before_row(n: int, total: int) -> None:
        if not args.json:
            print(f"row {n}/{total}", file=sys.stderr)

    ledger = _ledger_or_none(args)
    try:
        kept = run_rows(
            args.file, bot, params, rows, settings=args.settings, ledger=ledger,
            headless=not args.headed, listeners=[] if args.json else [StderrSteps()],
            before_row=before_row,
        )  # fmt: skip
    finally:
        if ledger is not None:
            ledger.close()
    results = [k.result for k in kept]
    out = Path(args.out) if args.out else Path(args.rows).with_suffix(".results.xlsx")
    write_results(out, rows, results)
    passed = sum(r.status == "passed" for r in results)
    if args.json:
        print_json([r.to_dict() for r in results])
    print(f"{passed} of {len(rows)} rows passed; results: {out}", file=sys.stderr)
    return EXIT_OK if passed == len(rows) else EXIT_FAILED


def cmd_bot_check(args: argparse.Namespace) -> int:
    from bots.errors import BotFileError
    from bots.model import Bot

    worst = EXIT_OK
    for file in args.files:
        try:
            bot = Bot.load(file)
            print(f"{file}: ok ({len(bot.walk())} steps, {len(bot.parameters)} parameters)")
        except BotFileError as exc:
            print(exc.message, file=sys.stderr)
            worst = EXIT_FAILED
    return worst


def cmd_bot_list(args: argparse.Namespace) -> int:
    from bots.errors import BotFileError
    from bots.model import Bot

    folder = Path(args.folder)
    files = sorted(folder.glob("*.bot.yaml")) + sorted(folder.glob("*.bot.yml"))
    if not files:
        print(f"no bots (*.bot.yaml) in {folder}", file=sys.stderr)
        return EXIT_OK
    for file in files:
        try:
            bot = Bot.load(file)
            print(f"{file.name}\t{bot.name}\t{bot.description or ''}")
        except BotFileError as exc:
            print(f"{file.name}\t(invalid: {exc.message.splitlines()[0]})")
    return EXIT_OK


def cmd_bot_heal(args: argparse.Namespace) -> int:
    from bots.errors import BotFileError
    from bots.heal import apply_run
    from bots.model import Bot
    from bots.result import RunResult

    source = Path(args.run)
    result_file = source / "result.json" if source.is_dir() else source
    try:
        bot = Bot.load(args.file)
        result = RunResult.load(result_file)
    except (BotFileError, OSError, ValueError) as exc:
        print(f"zhangfang: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return EXIT_USAGE
    changes = apply_run(bot, result)
    if not changes:
        print("nothing to heal: the run found every element with its recorded locators")
        return EXIT_OK
    bot.save(args.file)
    for change in changes:
        print(f"step {change.step}: {change.what}")
    return EXIT_OK


def cmd_bot_param(args: argparse.Namespace) -> int:
    from bots.editing import parametrize
    from bots.errors import BotFileError
    from bots.model import Bot

    try:
        bot = Bot.load(args.file)
        parameter = parametrize(bot, args.step, args.name, required=args.required, label=args.label)
    except BotFileError as exc:
        print(f"zhangfang: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    bot.save(args.file)
    default = f" (default {parameter.default!r})" if parameter.default is not None else ""
    print(f"step {args.step} now uses {{{{ {parameter.name} }}}}{default}")
    return EXIT_OK


def _ask_about_dialog(kind: str, message: str, default: str) -> tuple[bool, str | None]:
    """The browser cannot show a dialog while it is recorded: ask in the terminal."""
    print(f"the page shows a {kind}: {message}", file=sys.stderr)
    if kind == "alert":
        return True, None
    if kind == "prompt":
        text = input(f"text to enter [{default}] (or '-' to cancel): ")
        return (False, None) if text == "-" else (True, text or default)
    return input("OK? [Y/n] ").strip().lower() not in ("n", "no"), None


def cmd_bot_record(args: argparse.Namespace) -> int:
    """Open a browser, record until its window is closed, writing the bot file as you go."""
    from bots.errors import BotError
    from bots.recorder import record

    out = Path(args.out)
    print(
        f"recording {args.url} — do the task, then close the browser window; "
        f"the bot is written to {out} as you go",
        file=sys.stderr,
    )
    try:
        with record(
            args.url,
            headless=False,
            browser_executable=args.settings.browser,
            name=args.name or out.stem.split(".")[0],
            on_change=lambda bot: bot.save(out),
            on_dialog=_ask_about_dialog if sys.stdin.isatty() else None,
        ) as session:
            session.wait_until_closed()
    except BotError as exc:
        print(f"zhangfang: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    bot = session.bot
    if bot is None:
        return EXIT_FAILED
    for secret in bot.secrets:  # the typed value was never kept; name its keyring entry
        if sys.stdin.isatty():
            answer = input(
                f"keyring entry for {secret.name} [{secret.service} / {secret.username}]: "
            ).strip()
            if answer:
                service, _, user = answer.partition("/")
                secret.service = service.strip() or secret.service
                secret.username = user.strip() or secret.username
        print(f"store it with: zhangfang secret set {secret.service} {secret.username}")
    bot.save(out)
    print(
        f"{len(bot.steps)} steps written to {out}; turn values into parameters with "
        f"zhangfang bot param {out} STEP --name NAME"
    )
    return EXIT_OK


def cmd_secret_set(args: argparse.Namespace) -> int:
    from bots.secrets import set_secret

    value = getpass.getpass(f"value for {args.service} / {args.username}: ")
    if not value:
        print("zhangfang: empty value, nothing stored", file=sys.stderr)
        return EXIT_USAGE
    set_secret(args.service, args.username, value)
    print(f"stored in the OS keyring: {args.service} / {args.username}")
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    bot = sub.add_parser("bot", help="run, check and list browser bots")
    bot_sub = bot.add_subparsers(dest="bot_command", required=True)
    run = bot_sub.add_parser("run", help="run a bot file")
    run.add_argument("file", type=Path)
    run.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter (repeatable); list values as JSON",
    )
    run.add_argument("--url", help="start URL instead of the bot's own")
    run.add_argument("--headed", action="store_true", help="show the browser window")
    run.add_argument("--json", action="store_true", help="print the run result as JSON")
    run.add_argument("--rows", help="run once per row of this .xlsx or .csv (columns = parameters)")
    run.add_argument("--out", help="results workbook for --rows (default: beside the rows file)")
    run.set_defaults(func=cmd_bot_run)
    check = bot_sub.add_parser("check", help="validate bot files")
    check.add_argument("files", nargs="+", type=Path)
    check.set_defaults(func=cmd_bot_check)
    listing = bot_sub.add_parser("list", help="the bots in a folder")
    listing.add_argument("folder", nargs="?", default=".")
    listing.set_defaults(func=cmd_bot_list)

    heal = bot_sub.add_parser("heal", help="write a run's healed locators into the bot file")
    heal.add_argument("file", type=Path)
    heal.add_argument("--from", dest="run", required=True, help="run folder or result.json")
    heal.set_defaults(func=cmd_bot_heal)

    rec = bot_sub.add_parser("record", help="record a bot by doing the task in a browser")
    rec.add_argument("url")
    rec.add_argument("--out", required=True, help="the bot file to write (…/name.bot.yaml)")
    rec.add_argument("--name", help="the bot's name (default: from the file name)")
    rec.set_defaults(func=cmd_bot_record)

    param = bot_sub.add_parser("param", help="turn a step's recorded value into a parameter")
    param.add_argument("file", type=Path)
    param.add_argument("step", help="step number (e.g. 12 or 14.2) or step id")
    param.add_argument("--name", required=True)
    param.add_argument("--label", help="what the parameter dialog shows")
    param.add_argument("--required", action="store_true", help="no default: must be given")
    param.set_defaults(func=cmd_bot_param)

    secret = sub.add_parser("secret", help="credentials in the OS keyring")
    secret_sub = secret.add_subparsers(dest="secret_command", required=True)
    put = secret_sub.add_parser("set", help="store a credential (prompts for the value)")
    put.add_argument("service")
    put.add_argument("username")
    put.set_defaults(func=cmd_secret_set)
