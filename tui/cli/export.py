"""`afterview export`: your data as JSON, CSV or a calendar (ICS)."""

from __future__ import annotations

from pathlib import Path

from tui.cli.common import Failure, db_path, open_existing, printable, version, write_output

NAME = "export"
SUMMARY = "write your data as JSON, CSV or a calendar (ICS)"
DESCRIPTION = (
    "json: everything, for `afterview import` into an empty database. csv: one row per "
    "application with its stage history, for a spreadsheet. ics: each planned "
    "follow-up as a calendar event that reminds you."
)


def arguments(p) -> None:
    p.add_argument("--format", choices=("json", "csv", "ics"), help="default: from -o's suffix")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")


def run(args) -> int:
    from db.exchange import export
    from db.store import Store

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output or "").suffix.lower().lstrip(".")
        if suffix not in ("json", "csv", "ics"):
            raise Failure("choose --format json, csv or ics")
        fmt = suffix
    engine = open_existing(db_path(args))
    try:
        store = Store(engine)
        settings = store.views.settings
        store.views.close()  # the engine stays open for the export
        if fmt == "json":
            data = export.dump_json(engine)
        elif fmt == "csv":
            data = export.applications_csv(engine, settings)
        else:
            data = export.calendar_ics(engine, settings, version())
    finally:
        engine.dispose()
    write_output(data, args.output)
    if args.output not in (None, "-"):
        print(f"Wrote {fmt.upper()} to {printable(args.output)} ({len(data):,} bytes)")
    return 0
