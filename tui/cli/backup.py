"""`afterview backup`: a consistent copy of the database, even while the dashboard writes."""

from __future__ import annotations

from pathlib import Path

from tui.cli.common import Failure, db_path, env_clock, printable, read_schema

NAME = "backup"
SUMMARY = "a consistent copy of the database, even while the dashboard is open"
DESCRIPTION = (
    "A consistent copy through SQLite's backup API, safe while the dashboard is open, "
    "written 0600. PATH may be a file or a folder; the default is beside the database, "
    "named with the time. On PostgreSQL: a JSON dump of every table from one snapshot "
    "(what `afterview import` restores), in the data folder by default; pg_dump keeps "
    "the whole database."
)


def arguments(p) -> None:
    p.add_argument("path", metavar="PATH", nargs="?", help="where to write the copy")


def run(args) -> int:
    import arrow

    from db.errors import DatabaseError
    from db.exchange.backup import backup, default_backup_path
    from db.files import check_file

    path = db_path(args)
    from db.target import ServerURL

    if isinstance(path, ServerURL):
        return server_backup(path, args)
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
        name = default_backup_path(path, now)
        target = (target or path.parent) / name.name
        for n in range(2, 100):  # two backups within a second
            if not target.exists():
                break
            target = target.with_name(f"{name.stem}-{n}{name.suffix}")
    if target.exists():
        raise Failure(f"{target} already exists; choose another name")
    size = backup(path, target)
    print(f"Backed up {printable(path)} to {printable(target)} ({size / 1024:,.0f} KB)")
    return 0


def server_backup(url, args) -> int:
    """PostgreSQL: the JSON dump (one REPEATABLE READ snapshot), written whole, 0600."""
    import arrow

    from db.exchange.export import dump_json
    from db.target import default_path
    from tui.cli.common import open_existing, write_output

    now = (env_clock() or arrow.now)()
    name = f"afterview-backup-{now.format('YYYYMMDD-HHmmss')}.json"
    target = Path(args.path).expanduser() if args.path else default_path().parent
    if target.is_dir():
        target = target / name
    if target.exists():
        raise Failure(f"{target} already exists; choose another name")
    engine = open_existing(url)
    try:
        data = dump_json(engine)
    finally:
        engine.dispose()
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_output(data, str(target))
    print(f"Backed up {printable(url.shown)} to {printable(target)} ({len(data) / 1024:,.0f} KB)")
    return 0
