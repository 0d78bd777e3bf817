"""Afterview's benchmark: `make bench` (or `.venv/bin/python tests/bench/run_bench.py`).

One run measures, at N = 500 and N = 5,000 applications of sample data (build_demo,
then build_large(N): ~4 contacts and 20 follow-ups per application):

- start to first frame (both panes drawn with their titles, "Loading…" inside) and
  start to data on screen (Today and Pipeline tables filled), as whole processes (a
  fresh interpreter per run, see child.py), beside the floor: a bare Textual app that
  paints one frame. 9 runs of each (5 with --quick), interleaved in an order rotated
  every round, after one discarded warm-up each, so a change in machine load hits all
  three alike;
- key to next frame (Today and Pipeline j/down, mark sent), inside the app at N=5,000;
- each pane's repository call at N=5,000, and the peak RSS of the start-up process;
- keys in the first 1.5 s after data on screen, while the app still opens its
  repository and warms up: j/down every 60 ms from the frame that first shows data,
  key to frame inside a fresh app process (session.early_keys), 3 processes (2);
- from outside (outside.py): the real `afterview --db` command and a bare Textual app
  in pseudo-terminals of 120x36, by turns, 3 rounds (2): first frame and data on
  screen as the terminal receives them, and how long after showing data the app's CPU
  goes quiet (at most 4 ms of CPU in 200 ms, read from its CPU clock every 20 ms).
  Then both kept open side by side: CPU over 60 s of idling (15 s with --quick), then
  30 j/down typed into the app, and both processes' peak and current RSS;
- an hour of use, simulated in a fresh app process with its clock moved forward
  instead of waited for (session.simulated_hour): 1,200 j/down/k/up keys and 60 mark
  sents, each sent once the previous frame is drawn, with a real pause of 1.6 s after
  each mark sent (--quick: 6 minutes, a tenth); RSS
  once the first minute is done and at the end.

It prints a table, writes the same figures to tests/bench/results.json, and always
exits 0: it is a measurement, not a test. `--quick` for development (fewer runs, a
15 s idle minute, a tenth of the hour; the rows say so); `--profile` also writes a
pyinstrument profile of one start-up at N=5,000 to tests/bench/profile.txt (and .html;
neither is committed). Every run also lists the slowest imports before the first frame
(`python -X importtime`). The full run takes about 4 minutes on a quiet 2-core machine,
--quick about half that; most of it is building the sample data and the idle minute.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [p for p in (str(HERE), str(ROOT)) if p not in sys.path]

import import_times  # noqa: E402 - needs HERE on sys.path
import outside  # noqa: E402
import report  # noqa: E402
from probe import now  # noqa: E402

CHILD = HERE / "child.py"
CLOCK_AT = "2026-11-24T10:30:00+00:00"  # the tests' fixed Tuesday morning
SIZES = (report.SMALL, report.LARGE)
CHILD_TIMEOUT = 120.0


def clock():
    import arrow

    return arrow.get(CLOCK_AT)


def build_databases(folder: Path) -> dict[int, Path]:
    """The sample databases, built in a child process so this one stays small: a child
    forked from a big parent would count the parent's pages in its ru_maxrss."""
    subprocess.run(
        [sys.executable, str(HERE / "run_bench.py"), "--build-into", str(folder)],
        check=True,
        env=child_env(),
    )
    return {n: folder / f"n{n}.db" for n in SIZES}


def build_into(folder: Path) -> None:
    from db.demo.large import build_large
    from db.demo.story import build_demo
    from db.engine import open_database

    for n in SIZES:
        started = time.perf_counter()
        engine = open_database(folder / f"n{n}.db")
        build_demo(engine, clock)
        build_large(engine, n, clock)
        engine.dispose()
        print(f"  built N={n:,} in {time.perf_counter() - started:.1f} s", flush=True)


def child_env(extra: dict | None = None) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TEXTUAL") and k not in ("AFTERVIEW_DB", "PYTHONDONTWRITEBYTECODE")
    }
    env["AFTERVIEW_CLOCK"] = CLOCK_AT
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return {**env, **(extra or {})}


def spawn(
    mode: str, db: Path | None, work: Path, *, flags=(), env=None, args=(), timeout=CHILD_TIMEOUT
) -> dict:
    """One child process; its moments in ms from just before exec, its peak RSS, and what
    a session mode found."""
    out, err = work / "child.json", work / "child.stderr"
    out.unlink(missing_ok=True)
    command = [sys.executable, *flags, str(CHILD), mode, str(out), *([str(db)] if db else [])]
    command += [str(a) for a in args]
    with open(err, "wb") as stderr:
        start = now()
        proc = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
            env=child_env(env), cwd=ROOT,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            # wait4 gives this child's own rusage (RUSAGE_CHILDREN would be the max so far).
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                proc.kill()
            time.sleep(0.005)
    data = json.loads(out.read_text()) if out.exists() else {"marks": {}, "error": "no output"}
    moments = {k: (v - start) * 1000 for k, v in data["marks"].items()}
    error = data.get("error") or (None if proc.returncode == 0 else f"exit {proc.returncode}")
    if error:
        tail = err.read_text(errors="replace").strip().splitlines()[-3:]
        print(f"  ! {mode} {db.name if db else ''}: {error} {' | '.join(tail)}", flush=True)
    high_water = data.get("vmhwm_kb")
    return {
        "moments": moments,
        "peak_rss_mb": (high_water or usage.ru_maxrss) / 1024,
        "ru_maxrss_mb": usage.ru_maxrss / 1024,
        "error": error,
        "session": data.get("session"),
    }


def whole_process(dbs: dict[int, Path], runs: int, work: Path) -> dict:
    kinds = {"floor": ("floor", None), **{f"n{n}": ("app", dbs[n]) for n in SIZES}}
    for mode, db in kinds.values():
        spawn(mode, db, work)  # warm-up: bytecode caches, the page cache
    got: dict[str, list[dict]] = {key: [] for key in kinds}
    order = list(kinds)
    for index in range(runs):
        shift = index % len(order)
        for key in order[shift:] + order[:shift]:  # rotated: no kind is always first
            mode, db = kinds[key]
            got[key].append(spawn(mode, db, work))
        print(f"  start-up round {index + 1}/{runs} done", flush=True)
    return {key: summarize(rows) for key, rows in got.items()}


def summarize(rows: list[dict]) -> dict:
    def median(moment: str) -> float | None:
        values = [r["moments"][moment] for r in rows if moment in r["moments"]]
        return statistics.median(values) if values else None

    def best(moment: str) -> float | None:
        return min((r["moments"][moment] for r in rows if moment in r["moments"]), default=None)

    order = list(dict.fromkeys(k for r in rows for k in r["moments"]))
    moments = {k: median(k) for k in order}
    moments = dict(sorted(moments.items(), key=lambda kv: kv[1]))
    return {
        "first_frame": median("first_frame"),
        "data_on_screen": median("data_on_screen"),
        "first_frame_best": best("first_frame"),
        "data_on_screen_best": best("data_on_screen"),
        "peak_rss_mb": max((r["peak_rss_mb"] for r in rows), default=None),
        "ru_maxrss_mb": max((r["ru_maxrss_mb"] for r in rows), default=None),
        "moments": moments,
        # The database opens in a worker thread that competes with the first paint.
        "db_open_before_first_frame": sum(
            r["moments"].get("db_open", 1e9) < r["moments"].get("first_frame", 0) for r in rows
        ),
        "runs": rows,
    }


def machine_load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def machine_speed() -> str:
    """How fast this machine runs Python at the moment: the median of 5 runs of a fixed
    loop, in ms. On the 2-core VM this project is built on the same loop took 256-466 ms
    a few seconds apart with nothing else running (the host's other tenants), so an
    absolute figure means little without it; ratios taken in the same rounds do."""
    import statistics

    took = []
    for _ in range(5):
        started, total = time.perf_counter(), 0
        for n in range(1_000_000):
            total += n
        took.append((time.perf_counter() - started) * 1000)
    return f"{statistics.median(took):.0f} ms a fixed loop"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 runs, fewer samples")
    parser.add_argument("--profile", action="store_true", help="write tests/bench/profile.txt")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument(
        "--only",
        choices=("hour", "idle", "queries", "keys", "early"),
        help="one section alone (the simulated hour, the terminal's idle minute, each "
        "pane's query, key to frame, or keys in the first 1.5 s after data), printed as "
        "JSON; results.json is left as it is",
    )
    parser.add_argument("--build-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_into:
        build_into(args.build_into)
        return 0
    runs, nav, sent, repeats = (5, 20, 8, 5) if args.quick else (9, 60, 20, 20)
    early_runs, rounds, idle_seconds, minutes = (2, 2, 15, 6) if args.quick else (3, 3, 60, 60)
    if args.only:
        return only(args.only, minutes, idle_seconds, repeats, nav, sent, early_runs)
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    load_before, speed_before = machine_load(), machine_speed()
    versions = (
        " · ".join(f"{name} {version(name)}" for name in ("textual", "sqlalchemy", "rich"))
        + f" · Python {platform.python_version()}"
    )
    print(f"Afterview benchmark: {versions}; {uptime}", flush=True)

    with tempfile.TemporaryDirectory(prefix="afterview-bench-") as tmp:
        work = Path(tmp)
        dbs = build_databases(work)
        startup = whole_process(dbs, runs, work)
        top_imports = import_times.before_first_frame(spawn, dbs[report.LARGE], work)
        if args.profile:
            target = HERE / "profile.txt"
            spawn("app", dbs[report.LARGE], work, env={"BENCH_PROFILE": str(target)})
            print(f"  profile of one start-up at N={report.LARGE:,}: {target}", flush=True)
        keys_db = work / "keys.db"
        shutil.copyfile(dbs[report.LARGE], keys_db)
        keys = run_keys(keys_db, nav, sent)
        queries = run_queries(dbs[report.LARGE], repeats)
        early = run_early_keys(dbs[report.LARGE], early_runs, work)
        terminal = run_outside(dbs[report.LARGE], rounds, idle_seconds)
        hour_db = work / "hour.db"
        shutil.copyfile(dbs[report.LARGE], hour_db)
        hour = run_hour(hour_db, minutes, work)

    results = {
        "meta": {
            "versions": versions,
            "cpus": os.cpu_count(),
            "uptime": uptime,
            "load_before": load_before,
            "load_after": machine_load(),
            "speed_before": speed_before,
            "speed_after": machine_speed(),
            "runs": runs,
            "quick": args.quick,
            "size": "120x36",
            "clock": CLOCK_AT,
            "sizes": list(SIZES),
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
        "startup": startup,
        "keys": keys,
        "queries": queries,
        "early_keys": early,
        "terminal": terminal,
        "hour": hour,
        "imports": top_imports,
    }
    found = report.checks(results)
    results["budgets"] = report.as_json(found)
    results["summary"] = report.summary(found)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(report.table(results, found))
    print()
    print(import_times.describe(top_imports))
    print()
    print(f"Figures written to {args.out}")
    meta = results["meta"]
    print(
        f"SUMMARY: {results['summary']} (load {load_before} → {meta['load_after']}; "
        f"{meta['speed_before']} → {meta['speed_after']})"
    )
    return 0


def only(
    section: str, minutes: int, idle_seconds: float, repeats: int, nav: int, sent: int, early: int
) -> int:
    """One section on the large database, for working on what it measures."""
    with tempfile.TemporaryDirectory(prefix="afterview-bench-") as tmp:
        work = Path(tmp)
        db = build_databases(work)[report.LARGE]
        if section == "hour":
            found = run_hour(db, minutes, work)
        elif section == "queries":
            found = run_queries(db, repeats)
        elif section == "early":
            found = run_early_keys(db, early, work)
            found.pop("samples"), found.pop("cpu_samples")
        elif section == "keys":
            found = run_keys(db, nav, sent)
            for figures in found.values():
                figures.pop("samples"), figures.pop("cpu_samples")
        else:
            found = outside.kept_open(db, idle_seconds, KEYS_FOR_RSS, child_env(), ROOT)
    print(json.dumps(found, indent=2))
    return 0


def run_queries(db: Path, repeats: int) -> dict:
    from inproc import repo_timings

    print(f"  repository calls, median of {repeats} …", flush=True)
    return repo_timings(db, clock, repeats)


def run_keys(db: Path, nav: int, sent: int) -> dict:
    from inproc import key_latencies

    print(f"  key to frame: {nav} moves per pane, {sent} mark sent …", flush=True)
    return asyncio.run(key_latencies(db, clock, nav, sent))


def run_early_keys(db: Path, runs: int, work: Path) -> dict:
    from inproc import Sample, percentiles

    print(f"  keys in the first 1.5 s after data: {runs} fresh processes …", flush=True)
    samples, missed, errors = [], 0, []
    for _ in range(runs):
        found = spawn("early-keys", db, work)["session"] or {"error": "no result"}
        if "error" in found:
            errors.append(found["error"])
            continue
        samples += map(Sample, found["samples"], found["cpu_samples"])
        missed += found["missed"]
    return {**percentiles(samples), "missed": missed, "runs": runs, "errors": errors}


def run_outside(db: Path, rounds: int, idle_seconds: float) -> dict:
    print(f"  in a terminal: {rounds} start-ups each, then {idle_seconds:g} s idle …", flush=True)
    env = child_env()
    runs = outside.startup_rounds(db, rounds, env, ROOT)
    kept = outside.kept_open(db, idle_seconds, KEYS_FOR_RSS, env, ROOT)
    return {"rounds": rounds, "runs": runs, "kept_open": kept}


KEYS_FOR_RSS = 30


def run_hour(db: Path, minutes: int, work: Path) -> dict:
    print(f"  a simulated hour of use: {minutes} minutes of keys and mark sents …", flush=True)
    found = spawn("hour", db, work, args=(minutes,), timeout=60.0 + minutes * 10)
    return found["session"] or {"error": found["error"] or "no result"}


if __name__ == "__main__":
    sys.exit(main())
