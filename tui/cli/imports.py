"""`afterview import`: a spreadsheet tracker's CSV, or a JSON export restored."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tui.cli import import_report
from tui.cli.common import (
    Failure,
    check_database,
    count,
    db_path,
    env_clock,
    one_line,
    printable,
    remove_database,
)

NAME = "import"
SUMMARY = "add applications from a tracker's CSV, or restore a JSON export"
DESCRIPTION = (
    "FILE.csv: a spreadsheet tracker, or the export of Huntr, LinkedIn (Job "
    "Applications.csv and Saved Jobs.csv), Simplify, JobSync or a Notion job tracker, "
    "recognised by its columns. Columns are matched by name whatever their case, "
    "spacing or camelCase (company / employer, position / role / title / job title, "
    "status / stage / list name, date applied, link / url, contact, email, notes, "
    "source, location, archived); other columns are kept in the notes, and those that "
    "are your own details (LinkedIn's contact e-mail) or a tracker's ids are left out. "
    "N/A, -, none and null are empty. A row is already there when it is the same "
    "posting (same link, or the same role, location and date applied), so importing a "
    "file twice adds nothing; the same posting saved and then applied for is one "
    "application at its furthest stage. A status Afterview has no stage for is kept "
    "at the nearest stage, the word in the notes. Every row must be good, or nothing "
    "is imported; --dry-run shows how each column and row was read. FILE.json: an "
    "`afterview export`, into an empty database only.\n\nDates: 2026-11-24, "
    "24 Nov 2026, Nov 24, 2026, 24.11.2026 read one way; 11/24/2026 and 24/11/2026 take "
    "their order from the file (a day above 12 settles it) or from --day-first / "
    "--month-first. A date without a year (9/19) is the most recent such day not after "
    "the file's newest date or today."
)


def arguments(p) -> None:
    p.add_argument("file", metavar="FILE", help="a .csv (comma, semicolon or tab) or .json file")
    p.add_argument(
        "--dry-run", action="store_true", help="show how each column and row is read, write nothing"
    )
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


def run(args) -> int:
    from db.exchange import dump, sheet

    if not args.file.strip():
        raise Failure("which file? `afterview import FILE.csv`")
    source = Path(args.file).expanduser()
    data = source.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise Failure(f"{source} is a workbook (xlsx, ods); save it as CSV first")
    if data.startswith(b"SQLite format 3\x00"):
        raise Failure(f"{source} is a database, not a CSV or JSON export; open it with --db")
    text = sheet.decode(data)
    suffix = source.suffix.lower()
    as_json = suffix == ".json" or (
        suffix not in (".csv", ".tsv", ".txt") and text.lstrip().startswith("{")
    )
    if as_json:
        payload = dump.parse_dump(text, source.name)
    else:
        sheet = sheet.read_spreadsheet(text, source.name, day_first=args.day_first, today=_today())
        if args.dry_run:  # how each column was understood, even when rows are refused
            print("\n".join(import_report.columns(sheet, source.name)))
        report_bad(sheet, source.name, args.skip_bad)
        payload = sheet
        if not sheet.rows:
            print(f"{printable(source.name)} holds no rows to import")
            return 0
    path = db_path(args)
    check_database(path, must_exist=False)
    from db.target import ServerURL

    if isinstance(path, ServerURL):  # one transaction: a failure leaves nothing behind
        return import_into(path, payload, args, source, path.shown)
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

    from db.engine import open_database
    from db.exchange import csv_import, dump

    engine = open_database(path)
    try:
        if isinstance(payload, dict):
            written = dump.restore(engine, payload, dry_run=args.dry_run, name=str(shown))
            counts = ", ".join(f"{k} {len(v):,}" for k, v in payload.items() if v)
            verb = "Would restore" if args.dry_run else "Restored"
            print(
                f"{verb} {written:,} rows ({counts}) from {printable(source.name)} "
                f"into {printable(shown)}"
            )
        else:
            result = csv_import.import_rows(
                engine, payload.rows, env_clock() or arrow.utcnow, dry_run=args.dry_run
            )
            verb = "Would import" if args.dry_run else "Imported"
            if args.dry_run:
                print("\n".join(import_report.rows(payload, result)))
            print("\n".join(import_report.summary(payload, result, verb, source.name, shown)))
    finally:
        engine.dispose()
    if args.dry_run:
        print("Dry run: nothing was written")
    return 0


def _today():
    """Today by AFTERVIEW_CLOCK or the real clock: no date without a year is read as
    later than this."""
    import datetime as dt

    clock = env_clock(plain=True)
    return clock().date() if clock else dt.date.today()


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
