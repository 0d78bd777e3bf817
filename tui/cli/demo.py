"""`afterview demo`: the dashboard on a fresh sample job search, or a copy written out."""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from tui.cli.common import Failure, env_clock, printable, remove_database

MAX_DEMO_SIZE = 100_000
NAME = "demo"
SUMMARY = "the dashboard on fresh sample data (never your database)"
DESCRIPTION = (
    "The dashboard on a fresh sample job search, built in a temporary folder and "
    "deleted on exit. Your own database is never opened."
)
SHARES_DB = False  # takes no --db: it never opens your database


def size_arg(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_DEMO_SIZE:
        raise argparse.ArgumentTypeError(f"--size takes a number from 1 to {MAX_DEMO_SIZE:,}")
    return int(text)


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="refused: see --write instead"
    )
    p.add_argument("--write", metavar="PATH", help="only write the sample database to PATH")
    p.add_argument("--size", metavar="N", type=size_arg, help="add N more applications")


def build_sample(path: Path, clock, size: int | None) -> str:
    import arrow

    from db.demo.large import build_large
    from db.demo.story import build_demo
    from db.engine import open_database

    engine = open_database(path)
    try:
        build_demo(engine, clock=clock or arrow.utcnow).close()
        if size:
            build_large(engine, size, clock=clock or arrow.utcnow)
        from db.read import Views

        views = Views(path)
        counts = views.pipeline_summary(include_closed=True).counts
        views.close()
    finally:
        engine.dispose()
    return f"{sum(counts.values()):,} applications"


def run(args) -> int:
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
        from tui.cli import dashboard

        return dashboard.launch(path, clock)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
