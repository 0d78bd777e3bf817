"""`afterview export`: your data as JSON, CSV or a calendar (ICS), once or kept up to date."""

from __future__ import annotations

import sys
from pathlib import Path

from tui.cli.common import (
    Failure,
    db_path,
    env_clock,
    open_existing,
    printable,
    version,
    write_output,
)

NAME = "export"
SUMMARY = "write your data as JSON, CSV or a calendar (ICS)"
DESCRIPTION = (
    "json: everything, for `afterview import` into an empty database. csv: one row per "
    "application with its stage history, for a spreadsheet. ics: each planned follow-up "
    "as a calendar event that reminds you; one sent or skipped in the last 60 days "
    "stays in the file as cancelled, so a calendar that imports it again updates its "
    "events. With --watch and -o FILE, FILE is rewritten whenever your data changes, "
    "for a calendar to subscribe to, until Ctrl-C."
)
# How often --watch looks for a change: two stat calls, and a query when one moved.
WATCH_SECONDS = 2.0


def arguments(p) -> None:
    p.add_argument("--format", choices=("json", "csv", "ics"), help="default: from -o's suffix")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument(
        "--watch",
        action="store_true",
        help="keep FILE up to date: rewrite it whenever the data changes, until Ctrl-C",
    )


def run(args) -> int:
    fmt = args.format
    if fmt is None:
        suffix = Path(args.output or "").suffix.lower().lstrip(".")
        if suffix not in ("json", "csv", "ics"):
            raise Failure("choose --format json, csv or ics")
        fmt = suffix
    if args.watch and args.output in (None, "-"):
        raise Failure("--watch keeps a file up to date: give it one with -o FILE")
    path = db_path(args)
    engine = open_existing(path)
    try:
        if args.watch:
            return watch(engine, path, fmt, args.output)
        data = render(engine, fmt)
    finally:
        engine.dispose()
    write_output(data, args.output)
    if args.output not in (None, "-"):
        print(f"Wrote {fmt.upper()} to {printable(args.output)} ({len(data):,} bytes)")
    return 0


def render(engine, fmt: str) -> bytes:
    import arrow

    from db.exchange import export, ics
    from db.store import Store

    store = Store(engine)
    settings = store.views.settings  # read afresh: --watch follows a change of zone too
    store.views.close()  # the engine stays open for the export
    if fmt == "json":
        return export.dump_json(engine)
    if fmt == "csv":
        return export.applications_csv(engine, settings)
    now = (env_clock() or arrow.utcnow)()  # what was sent or skipped lately stays
    return ics.calendar_ics(engine, settings, now.datetime, version())


def watch(engine, path: Path, fmt: str, output: str) -> int:
    """Write `output` now and again after each commit that changes what it holds; one
    line on stderr per rewrite. Each rewrite is whole (temp file, then rename), so a
    calendar reading it never sees half a file. Ctrl-C (or SIGTERM) ends it."""
    import signal
    import time

    from db.engine import watch

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, stop)
    target = Path(output).expanduser()
    shown = printable(output)
    try:
        last = target.read_bytes() if target.is_file() else None
    except OSError:
        last = None
    watcher = watch(path)  # before the first read: no commit falls in between
    print(f"Watching {printable(path)}; Ctrl-C to stop", file=sys.stderr)
    try:
        while True:
            data = render(engine, fmt)
            if data != last:
                write_output(data, output)
                last = data
                print(
                    f"{time.strftime('%H:%M:%S')} wrote {shown}: {_size(data, fmt)}",
                    file=sys.stderr,
                )
            while not (watcher.touched() and watcher.changed()):
                time.sleep(WATCH_SECONDS)
    except KeyboardInterrupt:
        print(f"Stopped; {shown} holds the last version", file=sys.stderr)
        return 0
    finally:
        watcher.close()
        signal.signal(signal.SIGTERM, before)


def _size(data: bytes, fmt: str) -> str:
    if fmt == "ics":
        events = data.count(b"\r\nBEGIN:VEVENT\r\n")
        cancelled = data.count(b"\r\nSTATUS:CANCELLED\r\n")
        return f"{events - cancelled:,} due, {cancelled:,} no longer due"
    return f"{len(data):,} bytes"
