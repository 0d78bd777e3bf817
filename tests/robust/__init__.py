"""Nothing lost, nothing let in (issue 7): several writers, crashes, hostile input,
bad files, upgrades and random use, each against a real SQLite file.

Helpers shared by the modules here. The clock is the suite's: Tuesday 24 November
2026, 10:30 UTC.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import arrow

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMA_0001 = FIXTURES / "schema-0001.db"
SCHEMA_0001_COUNTS = FIXTURES / "schema-0001.counts.json"
FIXED_NOW = "2026-11-24T10:30:00+00:00"  # a Tuesday
ZONE = "Europe/Berlin"


def clock() -> arrow.Arrow:
    return arrow.get(FIXED_NOW)


def close(store) -> None:
    """Close every connection a Store holds (its reader's too, where it has one).

    A connection left open in the test process matters: the next open_database() reads
    the file's header with a plain open()/close(), and on POSIX closing any descriptor
    of a file drops every lock this process holds on it. Another process may then take
    itself for the last user and delete the -wal and -shm still in use here."""
    closer = getattr(store, "close", None)
    if closer is not None:
        closer()
    else:
        store.engine.dispose()


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def on_server(target) -> bool:
    from db.target import ServerURL

    return isinstance(target, ServerURL)


def _server_rows(url, sql: str) -> list[tuple]:
    """Rows of a PostgreSQL query, values as SQLite holds them (times as naive UTC
    text, days as ISO text, booleans as 0/1), so both engines compare alike."""
    import datetime as dt

    def plain(value):
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        return value

    with url.connect(autocommit=True) as con:
        return [tuple(plain(v) for v in row) for row in con.execute(sql)]


def query(target, sql: str) -> list[tuple]:
    """One query's rows from a SQLite file or a PostgreSQL database."""
    if on_server(target):
        return _server_rows(target, sql)
    con = sqlite3.connect(target)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def counts(path: Path) -> dict[str, int]:
    """Rows per table, read through a connection that closes (no -wal left behind)."""
    if on_server(path):  # one connection, two queries: the hostile catalogue asks often
        with path.connect(autocommit=True) as con:
            names = [
                r[0]
                for r in con.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                )
            ]
            each = " UNION ALL ".join(f"SELECT '{n}', count(*) FROM \"{n}\"" for n in names)
            return dict(con.execute(each).fetchall()) if names else {}
    con = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def fixture_counts() -> dict[str, int]:
    return json.loads(SCHEMA_0001_COUNTS.read_text())


def rows(path: Path, table: str, columns: list[str] | None = None) -> list[tuple]:
    """Every row of `table` (only `columns`, when given), in a stable order."""
    wanted = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    if on_server(path):
        return sorted(_server_rows(path, f'SELECT {wanted} FROM "{table}"'), key=repr)
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute(f'SELECT {wanted} FROM "{table}"').fetchall(), key=repr)
    finally:
        con.close()


def columns(path: Path, table: str) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
    finally:
        con.close()


def python(*args: str, **kwargs) -> subprocess.Popen:
    """`python -m tests.robust.workers ARGS...` (or any module) from the repository root."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def stale_answers(path) -> list[tuple]:
    """Applications whose stage_reached, answered_by_stage, first_answer_at or
    answer_seconds (kept by the triggers of 0007, read by stats) differ from what their
    stage, stage history, replies and interviews say, worked out here from the rules
    themselves (db.cadence's stage order): (id, kept, expected) for each."""
    from db import cadence
    from db.enums import Stage

    rank = {str(s): n for n, s in enumerate(cadence.STAGE_ORDER)}
    answered = {str(s) for s in (*cadence.ENGAGED_STAGES, Stage.REJECTED)}
    history: dict[int, list[str]] = {}
    for aid, to_stage in query(path, "SELECT application_id, to_stage FROM stage_change"):
        history.setdefault(aid, []).append(to_stage)
    answers: dict[int, list[str]] = {}
    for aid, at in query(
        path,
        "SELECT application_id, received_at FROM response UNION ALL "
        "SELECT application_id, starts_at FROM interview UNION ALL "
        "SELECT application_id, created_at FROM interview",
    ):
        answers.setdefault(aid, []).append(at)
    wrong = []
    for aid, stage, applied_on, *kept in query(
        path,
        "SELECT id, stage, applied_on, stage_reached, answered_by_stage, first_answer_at, "
        "answer_seconds FROM application",
    ):
        sent = applied_on is not None or stage != Stage.WITHDRAWN
        now = rank.get(stage, 1 if sent else 0)
        seen = history.get(aid, [])
        first = min(answers.get(aid, []), default=None)
        expected = [
            max([now, *(rank[s] for s in seen if s in rank)]),
            int(stage in answered or any(s in answered for s in seen)),
            first,
            None
            if first is None or applied_on is None
            # As SQLite's strftime('%s') counts: to the millisecond, then whole seconds.
            else round(
                (
                    dt.datetime.fromisoformat(first) - dt.datetime.fromisoformat(applied_on)
                ).total_seconds()
                * 1000
            )
            // 1000,
        ]
        if kept != expected:
            wrong.append((aid, kept, expected))
    return wrong


def planned_hours(target) -> tuple[dict, dict]:
    """planned_hour as the triggers of 0009 keep it (Today's counts add it up), and a
    fresh count of the planned follow-ups per UTC hour they fall due in."""
    from collections import Counter

    kept = dict(query(target, "SELECT hour, planned FROM planned_hour"))
    due = query(target, "SELECT due_at FROM follow_up WHERE status = 'planned'")
    return kept, dict(Counter(at[:13] for (at,) in due))


def answer_waits(target) -> tuple[dict, dict]:
    """answer_wait as the triggers of 0009 keep it (the stats' days to a first answer
    add it up), and a fresh count of the applications it counts per UTC month of their
    first answer and quarter hour after applying."""
    from collections import Counter

    kept = {(m, q): n for m, q, n in query(target, "SELECT month, quarter, n FROM answer_wait")}
    answered = query(
        target,
        "SELECT first_answer_at, answer_seconds FROM application WHERE first_answer_at IS NOT "
        "NULL AND answer_seconds IS NOT NULL AND stage_reached >= 1",
    )
    return kept, dict(Counter((at[:7], seconds // 900) for at, seconds in answered))
