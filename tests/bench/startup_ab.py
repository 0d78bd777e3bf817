"""Start-up A/B (a benchmark, not a test): data on screen of two source trees beside the
floor (a bare Textual app), whole processes as run_bench.py runs them, in rounds whose
order rotates, so a change of machine speed hits all three alike.

    .venv/bin/python tests/bench/startup_ab.py OLD_TREE [NEW_TREE] [--rounds 11]

OLD_TREE is a checkout of another commit (`git worktree add /work/wt/ab-old COMMIT`;
give it this venv: `ln -s "$PWD/.venv" /work/wt/ab-old/.venv`); NEW_TREE defaults to
this one. Each tree runs its own tests/bench/child.py on the N = 5,000 sample file
(built as run_bench.py builds it, once per run). Prints the medians, and the median of
each round's ratios: on a machine whose speed swings from one second to the next, the
per-round ratio is the figure to compare.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent.parent)]

import run_bench  # noqa: E402 - needs HERE on sys.path
from probe import now  # noqa: E402


def data_on_screen(tree: Path | None, db: Path, out: Path) -> float:
    """ms from just before exec to data on screen (the floor: to its first frame)."""
    root = tree or run_bench.ROOT
    command = [
        sys.executable,
        str(root / "tests/bench/child.py"),
        "floor" if tree is None else "app",
    ]
    command += [str(out)] + ([] if tree is None else [str(db)])
    env = run_bench.child_env()
    env["PYTHONPATH"] = str(root)  # this tree's code, before the installed one
    out.unlink(missing_ok=True)  # a child that fails must not leave the last run's marks
    start = now()
    subprocess.run(
        command, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        check=True,
    )  # fmt: skip
    marks = json.loads(out.read_text())["marks"]
    return (marks.get("data_on_screen", marks.get("first_frame", float("nan"))) - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path, nargs="?", default=run_bench.ROOT)
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = run_bench.build_databases(work)[run_bench.report.LARGE]
        kinds = {"floor": None, "old": args.old.resolve(), "new": args.new.resolve()}
        out = work / "child.json"
        for tree in kinds.values():
            data_on_screen(tree, db, out)  # warm-up: bytecode caches, the page cache
        got: dict[str, list[float]] = {kind: [] for kind in kinds}
        order = list(kinds)
        for n in range(args.rounds):
            for kind in order[n % 3 :] + order[: n % 3]:
                got[kind].append(data_on_screen(kinds[kind], db, out))
    print(f"{args.rounds} rounds; {run_bench.machine_speed()}, load {run_bench.machine_load()}")
    floor = statistics.median(got["floor"])
    for kind, values in got.items():
        runs = ", ".join(f"{v:.0f}" for v in values)
        print(
            f"  {kind:5} median {statistics.median(values):6.0f} ms  ×{statistics.median(values) / floor:.2f}  ({runs})"
        )
    for a, b in (("old", "floor"), ("new", "floor"), ("new", "old")):
        ratios = [x / y for x, y in zip(got[a], got[b], strict=True)]
        print(f"  {a}/{b} per round, median: {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
