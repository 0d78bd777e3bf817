"""`python -X importtime` on one start-up, cut at the first frame.

The child writes a marker line to fd 2 when its first frame is painted, so only the
imports made before it count. Imports made by the database worker thread before that
moment are included too: they compete with the main thread for the GIL. CPython keeps
one counter for every thread, so when two threads import at once some "self" times come
out negative (and their parents' too large): those are counted as 0 and reported.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

MARKER = "BENCH-FIRST-FRAME"
TOP = 15


def parse(text: str) -> tuple[list[dict], bool]:
    """(module, depth, self ms, cumulative ms) for each import logged before the marker."""
    rows, reached = [], False
    for line in text.splitlines():
        if line.startswith(MARKER):
            reached = True
            break
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:
            own, cumulative, name = line.split(":", 1)[1].split("|", 2)
            own_ms, cumulative_ms = int(own) / 1000, int(cumulative) / 1000
        except ValueError:
            continue
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        rows.append({"module": name.strip(), "depth": depth, "self": own_ms, "cum": cumulative_ms})
    return rows, reached


def before_first_frame(spawn, db: Path, work: Path) -> dict:
    spawn("app", db, work, flags=("-X", "importtime"))
    rows, reached = parse((work / "child.stderr").read_text(errors="replace"))
    garbled = [r["module"] for r in rows if r["self"] < 0]
    for row in rows:
        row["self"] = max(row["self"], 0.0)
    by_package: dict[str, float] = defaultdict(float)
    for row in rows:
        by_package[row["module"].split(".")[0]] += row["self"]
    return {
        "reached_first_frame": reached,
        "total_ms": sum(r["self"] for r in rows),
        "count": len(rows),
        "garbled": garbled,
        "slowest": sorted(rows, key=lambda r: r["cum"], reverse=True)[:TOP],
        "by_package": dict(sorted(by_package.items(), key=lambda kv: kv[1], reverse=True)[:TOP]),
    }


def describe(found: dict) -> str:
    where = "before the first frame" if found["reached_first_frame"] else "(no first frame seen)"
    lines = [
        f"Imports {where}, N=5,000 (-X importtime, one run): {found['count']} modules, "
        f"{found['total_ms']:,.0f} ms of import work",
    ]
    if found["garbled"]:
        lines.append(
            f"  ({len(found['garbled'])} entries garbled by two threads importing at once, "
            f"e.g. {', '.join(found['garbled'][:3])}: their self time counts as 0)"
        )
    lines.append(f"  {TOP} slowest (cumulative ms · self ms · module, indented by nesting):")
    for row in found["slowest"]:
        indent = "  " * min(row["depth"], 6)
        lines.append(f"  {row['cum']:8.1f} {row['self']:7.1f}  {indent}{row['module']}")
    lines.append("  self time by top-level package (ms):")
    lines.append("  " + " · ".join(f"{name} {ms:,.0f}" for name, ms in found["by_package"].items()))
    return "\n".join(lines)
