"""Where the simulated hour's memory goes (a benchmark, not a test): one `child.py hour`
run (session.simulated_hour, as run_bench.py's hour) with RSS split, after the first
minute and at the end, into SQLite's own memory (sqlite3_memory_used), the arenas of
Python's small-object allocator, and the rest (malloc outside both); plus the kinds of
collector-tracked objects that grew most in between (after a full collection).

    .venv/bin/python tests/bench/hour_parts.py [--minutes 60]    # ~2 minutes

Linux with a shared libsqlite3 only (the arenas are read from sys._debugmallocstats).
"""

from __future__ import annotations

import argparse
import collections
import ctypes
import gc
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent.parent)]


def arenas_mb() -> float:
    """MB held in the small-object allocator's arenas now."""
    with tempfile.TemporaryFile(mode="w+") as fh:
        saved = os.dup(2)
        os.dup2(fh.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        fh.seek(0)
        text = fh.read()
    count, size = 0, 1 << 20
    for line in text.splitlines():
        if "arenas allocated current" in line:
            count = int(line.split("=")[1].replace(",", ""))
        elif "bytes/arena" in line:
            size = int(line.split("*")[1].split("bytes")[0].replace(",", ""))
    return count * size / 2**20


def in_child(out: str) -> None:
    """Runs inside the app's process: wraps session.rss_mb, which the hour calls after
    its first minute and at the end."""
    import child
    import session

    sqlite = ctypes.CDLL("libsqlite3.so.0")
    sqlite.sqlite3_memory_used.restype = ctypes.c_int64
    rss_mb = session.rss_mb

    def parts() -> dict:
        rss = rss_mb()
        gc.collect()
        kinds = collections.Counter(
            f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects()
        )
        found = {
            "rss_mb": rss["VmRSS"],
            "sqlite_mb": sqlite.sqlite3_memory_used() / 2**20,
            "arenas_mb": arenas_mb(),
            "kinds": kinds,
        }
        with open(out, "a", encoding="utf-8") as fh:  # written now: nothing kept in memory
            fh.write(json.dumps(found) + "\n")
        return rss

    session.rss_mb = parts
    child.main()


def main(argv: list[str] | None = None) -> int:
    import run_bench

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=60)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = run_bench.build_databases(work)[run_bench.report.LARGE]
        out = work / "parts.json"
        subprocess.run(
            [sys.executable, __file__, "--child", str(out), "hour", str(work / "c.json"),
             str(db), str(args.minutes)],
            env=run_bench.child_env(), cwd=run_bench.ROOT, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, check=True,
        )  # fmt: skip
        first, end = map(json.loads, out.read_text().splitlines())
    print(f"after minute 1 → after minute {args.minutes} (MB)")
    rest = [p["rss_mb"] - p["sqlite_mb"] - p["arenas_mb"] for p in (first, end)]
    for name, a, b in (
        ("RSS", first["rss_mb"], end["rss_mb"]),
        ("SQLite's own", first["sqlite_mb"], end["sqlite_mb"]),
        ("Python's object arenas", first["arenas_mb"], end["arenas_mb"]),
        ("the rest", *rest),
    ):
        print(f"  {name:24} {a:6.1f} → {b:6.1f}  ({b - a:+.1f})")
    grown = {k: v - first["kinds"].get(k, 0) for k, v in end["kinds"].items()}
    print("collector-tracked objects that grew most (after a full collection):")
    for kind, more in sorted(grown.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {more:+7,} {kind}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        out = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        in_child(out)
    else:
        sys.exit(main())
