"""Tests of the `afterview` command line (tui.cli) and the data exchange (db.exchange).

Helpers shared by the modules here; the clock is fixed through AFTERVIEW_CLOCK at
Tuesday 24 November 2026, 10:30 UTC, like the rest of the suite.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

FIXED_NOW = "2026-11-24T10:30:00+00:00"
FIXTURES = Path(__file__).parent / "fixtures"


def use_fixed_env(monkeypatch, tmp_path: Path) -> None:
    """A fixed clock, and a default database inside tmp_path (never the user's)."""
    monkeypatch.setenv("AFTERVIEW_CLOCK", FIXED_NOW)
    monkeypatch.setenv("AFTERVIEW_DB", str(tmp_path / "default" / "afterview.db"))
    monkeypatch.delenv("AFTERVIEW_DEBUG", raising=False)


@cache
def _demo_bytes() -> bytes:
    import arrow

    from db.demo.story import build_demo
    from db.engine import open_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        engine = open_database(path)
        build_demo(engine, clock=lambda: arrow.get(FIXED_NOW))
        engine.dispose()
        return path.read_bytes()


def demo_db(folder: Path, name: str = "demo.db") -> Path:
    """A copy of the sample database (built once per run, with the fixed clock)."""
    path = folder / name
    path.write_bytes(_demo_bytes())
    path.chmod(0o600)
    return path


def digest(path: Path) -> str | None:
    """The file's bytes' hash; a PostgreSQL database's: that of every row it holds."""
    from db.target import ServerURL

    if isinstance(path, ServerURL):
        return hashlib.sha256(repr(table_rows(path)).encode()).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


class _Rows(list):
    def fetchone(self):
        return self[0] if self else None

    def fetchall(self) -> list:
        return list(self)


class _Reading:
    def __init__(self, target) -> None:
        self.target = target

    def execute(self, sql: str) -> _Rows:
        from tests.robust import query

        return _Rows(query(self.target, sql))


def connect(target):
    """Reads on either engine, as sqlite3.connect(path).execute(sql) reads a file (no
    parameters; values as SQLite holds them)."""
    from db.target import ServerURL

    return _Reading(target) if isinstance(target, ServerURL) else sqlite3.connect(target)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """`afterview ARGV...` in-process: exit code, stdout, stderr."""
    from tui.cli import main

    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, as SQLite stores it, in a stable order; a PostgreSQL
    database's (a URL) with its values written as SQLite would hold them."""
    from db.target import ServerURL

    if isinstance(path, ServerURL):
        from tests.robust import counts, rows

        return {name: rows(path, name) for name in counts(path)}
    con = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        con.close()
