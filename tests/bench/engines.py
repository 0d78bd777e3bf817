"""The benchmark on both engines, side by side: SQLite and PostgreSQL at N applications.

    .venv/bin/python tests/bench/engines.py                  # the table at 5,000 and 50,000
    .venv/bin/python tests/bench/engines.py --sizes 5000     # one size
    .venv/bin/python tests/bench/engines.py --only queries   # each pane's query alone

For each size it builds the sample base in a SQLite file (build_demo, then build_large),
starts a PostgreSQL server the way the tests do (tests/pg.py: Debian's binaries, a
temporary data folder, durability off), copies the file into a database there with
`copy_all` (what `afterview copy` runs; its seconds are printed), and then measures the
same figures on each:

- first frame and data on screen: whole processes (child.py `app`, what `afterview --db`
  runs), median of 5 (3 with --quick), the engines by turns;
- key to frame (Today and Pipeline j/down, p95) and mark sent (p95), inside the app
  (inproc.key_latencies), on a copy of each base made for it;
- each pane's repository call, median of 20 (inproc.repo_timings).

Prints a table per size; a measurement, not a test (it always exits 0). The issue's
targets: every pane query <= 5 ms at 5,000 and <= 10 ms at 50,000, mark sent p95 <= 50
ms, data on screen within 1.5x of SQLite's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [p for p in (str(HERE), str(ROOT)) if p not in sys.path]

from run_bench import clock, machine_speed, spawn  # noqa: E402 - needs HERE on sys.path

ENGINES = ("SQLite", "PostgreSQL")


def build_sqlite(path: Path, n: int) -> None:
    from db.demo.large import build_large
    from db.demo.story import build_demo
    from db.engine import open_database

    started = time.perf_counter()
    engine = open_database(path)
    build_demo(engine, clock)
    build_large(engine, n, clock)
    engine.dispose()
    print(f"  N={n:,}: SQLite base built in {time.perf_counter() - started:.1f} s", flush=True)


def copy_to_server(source: Path, server, name: str) -> tuple[str, float]:
    """A new database on the server holding the SQLite base (copy_all); its URL and the
    copy's seconds."""
    from db.engine import open_database
    from db.exchange.copy import copy_all
    from db.target import ServerURL

    server.sql(f"CREATE DATABASE {name}")
    url = ServerURL(server.url(name))
    src, dest = open_database(source), open_database(url)
    try:
        started = time.perf_counter()
        copy_all(src, dest, name=name)
        seconds = time.perf_counter() - started
    finally:
        src.dispose()
        dest.dispose()
    return url, seconds


def clone(target, server, name: str, work: Path):
    """A fresh copy of a base to write into (mark sent changes it)."""
    import shutil

    from db.target import ServerURL

    if isinstance(target, ServerURL):
        server.sql(f"CREATE DATABASE {name} TEMPLATE {target.parameters()['dbname']}")
        return ServerURL(server.url(name))
    copy = work / f"{name}.db"
    shutil.copyfile(target, copy)
    return copy


def start_ups(targets: dict, runs: int, work: Path) -> dict:
    for target in targets.values():
        spawn("app", target, work)  # warm-up
    got: dict[str, list[dict]] = {engine: [] for engine in targets}
    for index in range(runs):
        order = list(targets)[index % 2 :] + list(targets)[: index % 2]
        for engine in order:
            got[engine].append(spawn("app", targets[engine], work)["moments"])

    def median(engine: str, moment: str) -> float | None:
        values = [m[moment] for m in got[engine] if moment in m]
        return statistics.median(values) if values else None

    return {
        engine: {m: median(engine, m) for m in ("first_frame", "data_on_screen")}
        for engine in targets
    }


def measure(n: int, server, work: Path, args) -> dict:
    from inproc import key_latencies, repo_timings

    base = work / f"n{n}.db"
    build_sqlite(base, n)
    url, seconds = copy_to_server(base, server, f"n{n}")
    print(f"  N={n:,}: copied into PostgreSQL in {seconds:.1f} s", flush=True)
    targets = {"SQLite": base, "PostgreSQL": url}
    found: dict = {"copy_seconds": seconds, "queries": {}, "keys": {}, "startup": {}}
    for engine, target in targets.items():
        print(f"  N={n:,}: {engine}: each pane's query, median of {args.repeats} …", flush=True)
        found["queries"][engine] = repo_timings(target, clock, args.repeats)
    if args.only == "queries":
        return found
    runs, nav, sent = (3, 20, 8) if args.quick else (5, 40, 20)
    print(f"  N={n:,}: start-ups, {runs} by turns …", flush=True)
    found["startup"] = start_ups(targets, runs, work)
    for engine, target in targets.items():
        print(f"  N={n:,}: {engine}: key to frame, {nav} moves, {sent} mark sent …", flush=True)
        keys_db = clone(target, server, f"keys{n}_{engine.lower()}", work)
        found["keys"][engine] = asyncio.run(key_latencies(keys_db, clock, nav, sent))
    return found


def ms(value) -> str:
    return "—" if value is None else f"{value:,.1f} ms"


def table(n: int, found: dict) -> str:
    rows = []
    if found["startup"]:
        for moment, label in (("first_frame", "first frame"), ("data_on_screen", "data on screen")):
            rows.append((label, *(ms(found["startup"][e][moment]) for e in ENGINES)))
    if found["keys"]:
        for key, label in (
            ("today_nav", "key to frame, Today p95"),
            ("pipeline_nav", "key to frame, Pipeline p95"),
            ("mark_sent", "mark sent p95 (p50)"),
        ):
            cells = []
            for engine in ENGINES:
                figures = found["keys"][engine][key]
                cell = ms(figures["p95"])
                if key == "mark_sent":
                    cell += f" ({ms(figures['p50'])})"
                cells.append(cell)
            rows.append((label, *cells))
    for query in found["queries"]["SQLite"]:
        rows.append(
            (f"query {query}", *(ms(found["queries"][e][query]["median"]) for e in ENGINES))
        )
    rows.append(("copy SQLite → PostgreSQL", f"{found['copy_seconds']:.1f} s", ""))
    lines = [f"N = {n:,}", f"| figure | {' | '.join(ENGINES)} |", "|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--only", choices=("queries",), help="each pane's query alone")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="fewer start-ups and keys")
    args = parser.parse_args(argv)
    from tests.pg import start_server

    os.environ.setdefault("AFTERVIEW_CLOCK", "2026-11-24T10:30:00+00:00")
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Both engines side by side; load {load}; {machine_speed()}", flush=True)
    server = start_server()
    try:
        with tempfile.TemporaryDirectory(prefix="afterview-engines-") as tmp:
            for n in args.sizes:  # each size's table as soon as it is measured
                print(f"\n{table(n, measure(n, server, Path(tmp), args))}\n", flush=True)
    finally:
        server.stop()
        import shutil

        shutil.rmtree(server.socket_dir, ignore_errors=True)
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n(load after: {load}; {machine_speed()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
