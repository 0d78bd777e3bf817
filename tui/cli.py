"""The `afterview` command line: the dashboard, the sample data, and what a script, a
shell prompt or a cron job needs (today, export, import, backup).

Heavy modules (SQLAlchemy, Textual) are imported inside the commands, so `--help` is
instant and `afterview today` starts quickly. Every failure a person can fix ends as
one line on stderr starting with "afterview: " and a non-zero exit, and leaves the
database file as it was.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sys
import tempfile
import textwrap
import unicodedata
from pathlib import Path

EPILOG = """\
environment:
  AFTERVIEW_DB     the database used when --db is not given
                   (default: afterview.db in your data folder)
  AFTERVIEW_CLOCK  pretend it is this moment, in ISO 8601, e.g. 2026-11-24T10:30:00+01:00
                   (no offset means UTC): fixes "now" for demo, today and the dashboard,
                   for screenshots and tests
  AFTERVIEW_DEBUG  set to 1 to see a traceback instead of a one-line error

exit status: 0 done, 1 failed (one line on stderr), 2 wrong usage, 130 interrupted"""
MAX_DEMO_SIZE = 100_000


class Failure(Exception):
    """Something a person can fix, said in one line."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """A usage error in one line rather than argparse's usage block."""
        self.exit(2, f"afterview: {one_line(message)} (see `{self.prog} --help`)\n")


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("afterview")
    except PackageNotFoundError:
        return "unknown"


class VersionAction(argparse.Action):
    """`--version`, reading the installed version only when asked (importlib.metadata
    costs ~17 ms, on every start otherwise)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"afterview {version()}")
        parser.exit()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: object) -> str:
    """A path or value as typed, on one line, with its control characters (ESC, bell,
    line breaks) written as escapes such as \\x1b: shown, never sent to the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), str(text))


def one_line(text: str, limit: int = 500) -> str:
    """A message on one printable line of at most `limit` characters. A long one loses
    its middle, where the value a person typed is echoed: the reason comes last."""
    text = printable(" ".join(text.split()))
    half = (limit - 3) // 2
    return text if len(text) <= limit else f"{text[:half]} … {text[-half:]}"


# --- shared steps ------------------------------------------------------------------------


def env_clock(*, plain: bool = False):
    """The fixed clock of AFTERVIEW_CLOCK, or None for the real one. Parsed with the
    standard library, so starting the dashboard does not wait for arrow's import
    (~30 ms); the clock makes arrow times when first called, or aware datetimes with
    `plain` (the dashboard's reads take those without importing arrow at all)."""
    value = os.environ.get("AFTERVIEW_CLOCK", "").strip()
    if not value:
        return None
    import datetime as dt

    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Failure(
            f"AFTERVIEW_CLOCK={value!r} is not an ISO 8601 time such as 2026-11-24T10:30:00+01:00"
        ) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    if plain:
        return lambda: at

    def fixed():
        import arrow

        return arrow.Arrow.fromdatetime(at)

    return fixed


def db_path(args) -> Path:
    from db.engine import resolve_path

    return resolve_path(args.db)


def check_database(path: Path, *, must_exist: bool) -> None:
    """Refuse, without writing, what Afterview could not open; before any UI starts."""
    from db.engine import DatabaseError, check_file, check_writable

    check_file(path)
    check_writable(path)
    if not path.exists() or path.stat().st_size == 0:
        if must_exist:
            what = f"{path} is an empty file" if path.exists() else f"no database at {path}"
            raise Failure(f"{what}: start `afterview` once to create it, or pass --db PATH")
        return
    from db.migrations import HEAD

    revision, has_tables = read_schema(path)
    if revision == HEAD:
        return
    if revision is None:
        if has_tables:
            raise DatabaseError(f"{path} holds tables that are not Afterview's; refusing to use it")
        if must_exist:
            raise Failure(f"{path} holds no Afterview data yet")
        return
    from alembic.script import ScriptDirectory

    from db.migrate import alembic_config

    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision not in known:
        raise DatabaseError(
            f"{path} was written by a newer Afterview (schema {revision}); upgrade Afterview"
        )


def read_schema(path: Path) -> tuple[str | None, bool]:
    """(schema revision, whether it holds any table), reading only, leaving nothing beside
    the file (see db.migrate.read_schema)."""
    from db.migrate import read_schema as schema

    revision, tables, _ = schema(path)
    return revision, tables


def open_existing(path: Path):
    check_database(path, must_exist=True)
    from db.engine import open_database

    return open_database(path)


def launch_dashboard(path: Path, clock) -> int:
    try:
        from tui.app import AfterviewApp
    except ModuleNotFoundError as exc:
        if exc.name != "tui.app":
            raise
        raise Failure("the dashboard is not built yet; `afterview today` works") from None
    app = AfterviewApp(path, clock=clock) if clock else AfterviewApp(path)
    from tui.__main__ import tune_collector  # the process is the dashboard's alone now

    app.on_settled = tune_collector
    app.run()
    return getattr(app, "return_code", 0) or 0


def write_output(data: bytes, output: str | None) -> None:
    """To stdout, or to a file written whole (temp file, then rename), mode 0600."""
    if output in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(output).expanduser()
    if target.is_dir():
        raise Failure(f"{target} is a folder; give a file name")
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


# --- the commands ------------------------------------------------------------------------


def run_dashboard(args) -> int:
    path = db_path(args)
    check_database(path, must_exist=False)
    return launch_dashboard(path, env_clock(plain=True))


def build_sample(path: Path, clock, size: int | None) -> str:
    import arrow

    from db.demo import build_demo, build_large
    from db.engine import open_database

    engine = open_database(path)
    try:
        build_demo(engine, clock=clock or arrow.utcnow).close()
        if size:
            build_large(engine, size, clock=clock or arrow.utcnow)
        from db.repository import Repository

        repo = Repository(engine)
        counts = repo.pipeline_summary(include_closed=True).counts
        repo.close()  # its reader's connections too, not only the engine's
    finally:
        engine.dispose()
    return f"{sum(counts.values()):,} applications"


def run_demo(args) -> int:
    if args.db is not None:
        raise Failure("demo never opens your database; `afterview demo --write PATH` keeps a copy")
    clock = env_clock()
    if args.write:
        target = Path(args.write).expanduser()
        if target.is_dir():
            raise Failure(f"{target} is a folder; give a file name such as {target / 'demo.db'}")
        if target.exists() and target.stat().st_size > 0:
            raise Failure(f"{target} already exists; demo --write only writes a new file")
        existed = target.exists()
        try:
            what = build_sample(target, clock, args.size)
        except BaseException:
            remove_database(target, keep_empty=existed)
            raise
        print(f"Wrote a sample job search ({what}) to {printable(target)}")
        print(f"Open it with: afterview --db {printable(target)}")
        return 0
    folder = Path(tempfile.mkdtemp(prefix="afterview-demo-"))
    # Closing the terminal (SIGHUP) or `kill` (SIGTERM) still runs the clean-up below.
    for name in ("SIGTERM", "SIGHUP"):  # SIGHUP does not exist on Windows
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda signum, _: sys.exit(128 + signum))
    try:
        path = folder / "demo.db"
        build_sample(path, clock, args.size)
        return launch_dashboard(path, clock)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


DAY_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def parse_on(value: str):
    """A date, or a number of days from today for the words; checked before any file."""
    import datetime as dt

    text = value.strip().lower()
    if text in DAY_WORDS:
        return DAY_WORDS[text]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise Failure(f"--on {value!r}: write the day as YYYY-MM-DD, today or tomorrow")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Failure(f"--on {value!r} is not a real date") from None


def run_today(args) -> int:
    import datetime as dt

    import arrow

    from db import cadence
    from db.repository import Repository

    on = parse_on(args.on) if args.on else 0
    clock = env_clock() or arrow.utcnow
    engine = open_existing(db_path(args))
    repo = Repository(engine, clock)
    try:
        settings, now = repo.settings, repo.now()
        today = cadence.local_date(now, settings)
        day = today + dt.timedelta(days=on) if isinstance(on, int) else on
        due = repo.due_follow_ups(day)
    finally:
        repo.close()  # its reader's connections too, not only the engine's
    # Relative words ("2 days overdue") are counted from the day asked about.
    now = now + dt.timedelta(days=(day - today).days)
    if args.json:
        print(today_json(due, now, settings))
    else:
        columns = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        print(today_text(due, day, now, settings, columns))
    return 0


def run_export(args) -> int:
    from db import exchange
    from db.repository import Repository

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output or "").suffix.lower().lstrip(".")
        if suffix not in ("json", "csv", "ics"):
            raise Failure("choose --format json, csv or ics")
        fmt = suffix
    engine = open_existing(db_path(args))
    try:
        repo = Repository(engine)
        settings = repo.settings
        repo.close()  # its reader's connections too; the engine opens again on demand
        if fmt == "json":
            data = exchange.dump_json(engine)
        elif fmt == "csv":
            data = exchange.applications_csv(engine, settings)
        else:
            data = exchange.calendar_ics(engine, settings, version())
    finally:
        engine.dispose()
    write_output(data, args.output)
    if args.output not in (None, "-"):
        print(f"Wrote {fmt.upper()} to {printable(args.output)} ({len(data):,} bytes)")
    return 0


def remove_database(path: Path, *, keep_empty: bool = False) -> None:
    """Undo a database this command created (or filled, when it was an empty file)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if keep_empty:
        path.touch(mode=0o600)


def run_import(args) -> int:
    from db import exchange

    if not args.file.strip():
        raise Failure("which file? `afterview import FILE.csv`")
    source = Path(args.file).expanduser()
    data = source.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise Failure(f"{source} is a workbook (xlsx, ods); save it as CSV first")
    if data.startswith(b"SQLite format 3\x00"):
        raise Failure(f"{source} is a database, not a CSV or JSON export; open it with --db")
    text = exchange.decode(data)
    suffix = source.suffix.lower()
    as_json = suffix == ".json" or (
        suffix not in (".csv", ".tsv", ".txt") and text.lstrip().startswith("{")
    )
    if as_json:
        payload = exchange.parse_dump(text, source.name)
    else:
        sheet = exchange.read_spreadsheet(text, source.name, day_first=args.day_first)
        report_bad(sheet, source.name, args.skip_bad)
        payload = sheet
        if not sheet.rows:
            print(f"{printable(source.name)} holds no rows to import")
            return 0
    path = db_path(args)
    check_database(path, must_exist=False)
    existed = path.exists()
    if (not existed or path.stat().st_size == 0) and args.dry_run:
        # Nothing to compare with, and a dry run must not create the database.
        with tempfile.TemporaryDirectory() as folder:
            return import_into(Path(folder) / "dry-run.db", payload, args, source, path)
    blank = not existed or path.stat().st_size == 0
    try:
        return import_into(path, payload, args, source, path)
    except BaseException:
        if blank:  # leave no half-made database behind: as it was, absent or empty
            remove_database(path, keep_empty=existed)
        raise


def import_into(path: Path, payload, args, source: Path, shown: Path) -> int:
    """`payload`: the parsed JSON export (a dict of tables) or the spreadsheet (a Sheet)."""
    import arrow

    from db import exchange
    from db.engine import open_database

    engine = open_database(path)
    try:
        if isinstance(payload, dict):
            written = exchange.restore(engine, payload, dry_run=args.dry_run, name=str(shown))
            counts = ", ".join(f"{k} {len(v):,}" for k, v in payload.items() if v)
            verb = "Would restore" if args.dry_run else "Restored"
            print(
                f"{verb} {written:,} rows ({counts}) from {printable(source.name)} "
                f"into {printable(shown)}"
            )
        else:
            result = exchange.import_rows(
                engine, payload.rows, env_clock() or arrow.utcnow, dry_run=args.dry_run
            )
            verb = "Would import" if args.dry_run else "Imported"
            print(
                f"{verb} {count(result.added, 'application')} from {printable(source.name)} "
                f"into {printable(shown)} "
                f"({count(result.companies, 'new company', 'new companies')}, "
                f"{count(result.contacts, 'new contact')}); "
                f"{count(result.duplicates, 'row was', 'rows were')} already there"
            )
            if payload.kept_in_notes:
                print(f"Columns kept in the notes: {printable(', '.join(payload.kept_in_notes))}")
    finally:
        engine.dispose()
    if args.dry_run:
        print("Dry run: nothing was written")
    return 0


def count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def report_bad(sheet, name: str, skip_bad: bool) -> None:
    if not sheet.bad:
        return
    shown = sheet.bad[:20]
    more = f" (and {len(sheet.bad) - 20} more)" if len(sheet.bad) > 20 else ""
    if skip_bad:
        for bad in shown:
            print(
                f"afterview: skipped {one_line(f'{name} line {bad.line}: {bad.reason}')}",
                file=sys.stderr,
            )
        if more:
            print(f"afterview: skipped {len(sheet.bad) - 20} more bad rows", file=sys.stderr)
        return
    hint = f"--skip-bad imports the other {count(len(sheet.rows), 'row')}"
    if len(sheet.bad) == 1:
        bad = sheet.bad[0]
        raise Failure(f"{name} line {bad.line}: {bad.reason}; nothing imported ({hint})")
    for bad in shown:
        print(f"afterview: {one_line(f'{name} line {bad.line}: {bad.reason}')}", file=sys.stderr)
    raise Failure(f"{len(sheet.bad)} bad rows{more}; nothing imported ({hint})")


def run_backup(args) -> int:
    import arrow

    from db import exchange
    from db.engine import DatabaseError, check_file

    path = db_path(args)
    check_file(path)
    if not path.exists() or path.stat().st_size == 0:
        what = f"{path} is an empty file" if path.exists() else f"no database at {path}"
        raise Failure(f"{what}: nothing to back up")
    revision, has_tables = read_schema(path)  # refuses what SQLite cannot read
    if revision is None and has_tables:
        raise DatabaseError(f"{path} holds tables that are not Afterview's; refusing to copy it")
    now = (env_clock() or arrow.now)()
    target = Path(args.path).expanduser() if args.path else None
    if target is None or target.is_dir():
        name = exchange.default_backup_path(path, now)
        target = (target or path.parent) / name.name
        for n in range(2, 100):  # two backups within a second
            if not target.exists():
                break
            target = target.with_name(f"{name.stem}-{n}{name.suffix}")
    if target.exists():
        raise Failure(f"{target} already exists; choose another name")
    size = exchange.backup(path, target)
    print(f"Backed up {printable(path)} to {printable(target)} ({size / 1024:,.0f} KB)")
    return 0


# --- today, as text and JSON --------------------------------------------------------------


def safe(text: str) -> str:
    """No escape sequences reach the terminal, whatever was typed or imported."""
    from db.validation import strip_controls

    return strip_controls(text or "", keep_newlines=False)


def width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def fit(text: str, limit: int) -> str:
    while width(text) > limit:
        text = text[: -2 if text.endswith("…") else -1] + "…"
    return text


def today_text(due, day, now, settings, columns: int | None = None) -> str:
    """Aligned rows; in a terminal `columns` wide, the last column is cut to fit."""
    import arrow

    from db.cadence import describe_due

    zone = settings.zone
    label = arrow.get(day).format("ddd D MMM YYYY")
    items = due.overdue + due.today
    if not items:
        lines = [f"Nothing due on {label}."]
        if due.week:
            nxt = due.week[0]
            about = f" ({safe(nxt.company)})" if nxt.company else ""
            when = describe_due(nxt.due_at, now, settings)
            lines.append(f"Next: {nxt.kind} with {safe(nxt.contact_name)}{about}, {when}.")
        return "\n".join(lines)
    overdue, due_today, _ = due.totals
    counts = [f"{overdue:,} overdue"] if overdue else []
    counts += [f"{due_today:,} due"] if due_today else []
    if len(items) < overdue + due_today:
        counts.append(f"the first {len(items):,} listed")

    def when(item) -> str:
        words = describe_due(item.due_at, now, settings)
        if item in due.overdue:
            words += arrow.get(item.due_at).to(zone).format(" (ddd D MMM)")
        return words

    rows = [
        [
            f"#{i.id}",
            when(i),
            i.kind,
            i.channel,
            fit(safe(i.contact_name), 24),
            fit(safe(f"{i.company}, {i.role}" if i.company else "(no application)"), 48),
        ]
        for i in items
    ]
    if columns:
        squeeze(rows, columns - 1)
    widths = [max(width(r[c]) for r in rows) for c in range(len(rows[0]))]
    lines = [f"{label}: {', '.join(counts)}"]
    for row in rows:
        cells = [cell + " " * (widths[c] - width(cell)) for c, cell in enumerate(row)]
        lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines)


def squeeze(rows: list[list[str]], room: int) -> None:
    """Make rows fit `room` cells: drop the dates after "overdue", then cut the
    application, then the name (never below 12 cells each)."""

    def wide() -> int:
        return 2 + sum(max(width(r[c]) for r in rows) + 2 for c in range(len(rows[0]))) - 2

    if wide() > room:
        for row in rows:
            row[1] = row[1].split(" (")[0]
    for column in (5, 4):
        excess = wide() - room
        if excess > 0:
            limit = max(12, max(width(r[column]) for r in rows) - excess)
            for row in rows:
                row[column] = fit(row[column], limit)


def today_json(due, now, settings) -> str:
    import json

    import arrow

    from db.cadence import describe_due

    overdue = {i.id for i in due.overdue}
    items = [
        {
            "id": i.id,
            "due": arrow.get(i.due_at).to(settings.zone).isoformat(),
            "overdue": i.id in overdue,
            "when": describe_due(i.due_at, now, settings),
            "kind": i.kind,
            "channel": i.channel,
            "contact": i.contact_name,
            "email": i.contact_email or None,
            "phone": i.contact_phone or None,
            "company": i.company or None,
            "role": i.role or None,
            "application_id": i.application_id,
            "subject": i.subject or None,
        }
        for i in due.overdue + due.today
    ]
    return json.dumps(items, indent=2, ensure_ascii=False)


# --- the parser and the one place errors are turned into a line ---------------------------


def size_arg(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_DEMO_SIZE:
        raise argparse.ArgumentTypeError(f"--size takes a number from 1 to {MAX_DEMO_SIZE:,}")
    return int(text)


def build_parser() -> Parser:
    db_help = "the database file (default: $AFTERVIEW_DB, else afterview.db in your data folder)"
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    formatter = argparse.RawDescriptionHelpFormatter
    parser = Parser(
        prog="afterview",
        description="Follow-ups for a job search. With no command, opens the dashboard.",
        epilog=EPILOG,
        formatter_class=formatter,
    )
    parser.add_argument("--db", metavar="PATH", default=None, help=db_help)
    parser.add_argument("--version", action=VersionAction)
    parser.set_defaults(run=run_dashboard)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name, run, summary, description="", parents=(common,)):
        p = sub.add_parser(
            name,
            parents=list(parents),
            help=summary,
            description="\n\n".join(
                textwrap.fill(part, 80) for part in (description or summary).split("\n\n")
            ),
            epilog=EPILOG,
            formatter_class=formatter,
        )
        p.set_defaults(run=run)
        return p

    p = command(
        "demo",
        run_demo,
        "the dashboard on fresh sample data (never your database)",
        "The dashboard on a fresh sample job search, built in a temporary folder and "
        "deleted on exit. Your own database is never opened.",
        parents=(),
    )
    p.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="refused: see --write instead"
    )
    p.add_argument("--write", metavar="PATH", help="only write the sample database to PATH")
    p.add_argument("--size", metavar="N", type=size_arg, help="add N more applications")

    p = command(
        "today",
        run_today,
        "what is overdue and due today",
        "What is overdue and due today, as the dashboard's Today list shows it: for a shell "
        "prompt or a cron mail.",
    )
    p.add_argument("--json", action="store_true", help="a JSON list, for scripts")
    p.add_argument("--on", metavar="DATE", help="another day: YYYY-MM-DD, tomorrow, yesterday")

    p = command(
        "export",
        run_export,
        "write your data as JSON, CSV or a calendar (ICS)",
        "json: everything, for `afterview import` into an empty database. csv: one row per "
        "application with its stage history, for a spreadsheet. ics: each planned "
        "follow-up as a calendar event that reminds you.",
    )
    p.add_argument("--format", choices=("json", "csv", "ics"), help="default: from -o's suffix")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")

    p = command(
        "import",
        run_import,
        "add applications from a tracker's CSV, or restore a JSON export",
        "FILE.csv: a spreadsheet tracker. Columns are matched by name, case-insensitively "
        "(company / employer, position / role / title / job title, status / stage, "
        "date applied, link / url, contact, email, notes, source, location); other "
        "columns are kept in the notes. Rows already there (same company, role and date "
        "applied) are left out, so importing a file twice adds nothing. Every row must be "
        "good, or nothing is imported. FILE.json: an `afterview export`, into an empty "
        "database only.\n\nDates: 2026-11-24, 24 Nov 2026, Nov 24, 2026, 24.11.2026 read "
        "one way; 11/24/2026 and 24/11/2026 take their order from the file (a day above "
        "12 settles it) or from --day-first / --month-first.",
    )
    p.add_argument("file", metavar="FILE", help="a .csv (comma, semicolon or tab) or .json file")
    p.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    p.add_argument("--skip-bad", action="store_true", help="import the good rows, skip bad ones")
    order = p.add_mutually_exclusive_group()
    order.add_argument(
        "--day-first", dest="day_first", action="store_const", const=True, help="03/04 is 3 April"
    )
    order.add_argument(
        "--month-first",
        dest="day_first",
        action="store_const",
        const=False,
        help="03/04 is 4 March",
    )

    p = command(
        "backup",
        run_backup,
        "a consistent copy of the database, even while the dashboard is open",
        "A consistent copy through SQLite's backup API, safe while the dashboard is open, "
        "written 0600. PATH may be a file or a folder; the default is beside the database, "
        "named with the time.",
    )
    p.add_argument("path", metavar="PATH", nargs="?", help="where to write the copy")
    return parser


def describe(exc: BaseException) -> str:
    from db.engine import DatabaseError
    from db.exchange import ExchangeError
    from db.validation import ValidationError

    if isinstance(exc, Failure | DatabaseError | ExchangeError):
        text = str(exc)
    elif isinstance(exc, ValidationError):
        text = exc.message
    elif isinstance(exc, OSError) and exc.strerror:
        text = f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    elif isinstance(exc, ValueError) and "null byte" in str(exc):
        text = "a file name cannot hold a NUL character"
    elif "database is locked" in str(exc):
        text = "the database is busy (another program is writing to it); try again"
    elif type(exc).__module__.startswith(("sqlalchemy", "sqlite3")):
        text = f"database error: {getattr(exc, 'orig', None) or exc}"
    else:
        text = f"unexpected {type(exc).__name__}: {exc} (AFTERVIEW_DEBUG=1 shows where)"
    return one_line(text)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except KeyboardInterrupt:
        print("afterview: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`afterview today | head -1`): not an error worth a word.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("AFTERVIEW_DEBUG"):
            raise
        print(f"afterview: {describe(exc)}", file=sys.stderr)
        return 1
