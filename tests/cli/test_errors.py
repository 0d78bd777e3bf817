"""Every failure: one line on stderr starting "afterview: ", a non-zero exit, no traceback,
and the database file exactly as it was (or still absent)."""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import types
from pathlib import Path

import pytest

from tests.cli import FIXTURES, demo_db, digest, run, table_rows, use_fixed_env


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


@pytest.fixture(autouse=True)
def no_dashboard(monkeypatch):
    """If a check let a bad database through, the test fails here rather than hang."""

    class Refuse:
        def __init__(self, *args, **kwargs):
            raise AssertionError("the dashboard must not start on a bad database")

    module = types.ModuleType("tui.app")
    module.AfterviewApp = Refuse
    monkeypatch.setitem(sys.modules, "tui.app", module)


def bad_database(kind: str, folder: Path, monkeypatch) -> Path:
    path = folder / f"{kind}.db"
    if kind == "random bytes":
        path.write_bytes(random.Random(5).randbytes(20_000))
    elif kind == "sqlite header, garbage after":
        path.write_bytes(b"SQLite format 3\x00\x10\x00" + random.Random(6).randbytes(8_000))
    elif kind == "directory":
        path.mkdir()
    elif kind == "empty file":
        path.touch()
    elif kind == "truncated":
        path.write_bytes(demo_db(folder, "whole.db").read_bytes()[:8192])
        (folder / "whole.db").unlink()
    elif kind == "newer schema":
        demo_db(folder, path.name)
        con = sqlite3.connect(path)
        con.execute("UPDATE alembic_version SET version_num = '9999'")
        con.commit()
        con.close()
    elif kind == "someone else's tables":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        con.execute("INSERT INTO invoices VALUES (1, 9.5)")
        con.commit()
        con.close()
    elif kind == "unreadable":
        demo_db(folder, path.name)
        real_access = os.access
        # Root reads any file, so permission is denied through os.access as well.
        path.chmod(0)
        monkeypatch.setattr(
            os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode)
        )
    return path


READ_COMMANDS = {
    "today": ["today"],
    "today --json": ["today", "--json"],
    "export json": ["export", "--format", "json"],
    "export csv": ["export", "--format", "csv"],
    "export ics": ["export", "--format", "ics"],
    "backup": ["backup"],
}
WRITE_COMMANDS = {"dashboard": [], "import": ["import", str(FIXTURES / "tracker.csv")]}
KINDS = [
    "missing",
    "empty file",
    "random bytes",
    "sqlite header, garbage after",
    "directory",
    "truncated",
    "newer schema",
    "someone else's tables",
    "unreadable",
]
CASES = [(k, c) for k in KINDS for c in READ_COMMANDS if (k, c) != ("newer schema", "backup")]
# The dashboard and import create a missing or empty database: not an error for them.
CASES += [(k, c) for k in KINDS[2:] for c in WRITE_COMMANDS]


def assert_one_line(code: int, err: str) -> None:
    assert code not in (0, None)
    assert err.count("\n") == 1 and err.startswith("afterview: "), err
    assert "Traceback" not in err


@pytest.mark.parametrize(("kind", "command"), CASES)
def test_a_bad_database_is_one_line_and_left_alone(capsys, tmp_path, monkeypatch, kind, command):
    folder = tmp_path / "data"
    folder.mkdir()
    path = bad_database(kind, folder, monkeypatch)
    before, files = digest(path), sorted(folder.iterdir())
    argv = READ_COMMANDS.get(command) or WRITE_COMMANDS[command]
    code, out, err = run(capsys, "--db", path, *argv)
    assert_one_line(code, err)
    assert out == ""
    assert digest(path) == before
    assert sorted(folder.iterdir()) == files  # nothing created beside it either


def test_a_newer_database_can_still_be_backed_up(capsys, tmp_path, monkeypatch):
    path = bad_database("newer schema", tmp_path, monkeypatch)
    before = digest(path)
    assert run(capsys, "--db", path, "backup", tmp_path / "copy.db")[0] == 0
    assert table_rows(tmp_path / "copy.db") == table_rows(path)
    assert digest(path) == before


def test_messages_say_what_is_wrong(capsys, tmp_path, monkeypatch):
    expect = {
        "missing": "no database at",
        "random bytes": "is not an Afterview database (not SQLite)",
        "directory": "is a directory",
        "newer schema": "was written by a newer Afterview (schema 9999)",
        "someone else's tables": "holds tables that are not Afterview's",
        "unreadable": "permission denied",
    }
    for kind, words in expect.items():
        path = bad_database(kind, tmp_path, monkeypatch)
        _, _, err = run(capsys, "--db", path, "today")
        assert words in err, (kind, err)
        assert str(path) in err


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["export", "--format", "xml"], 2, "invalid choice: 'xml'"),
        (["export", "-o", "out.txt"], 1, "choose --format json, csv or ics"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
        (["today", "--on", "2026-02-30"], 1, "is not a real date"),
        (["today", "--on", "next week"], 1, "write the day as YYYY-MM-DD"),
        (["import", "nowhere.csv"], 1, "nowhere.csv: No such file or directory"),
        (["import", "."], 1, "Is a directory"),
        (["import", "--day-first", "--month-first", "x.csv"], 2, "not allowed with"),
        (["export", "--format", "csv", "-o", "no/such/folder/a.csv"], 1, "No such file"),
    ],
)
def test_usage_and_file_errors(capsys, tmp_path, monkeypatch, argv, code, words):
    monkeypatch.chdir(tmp_path)
    path = demo_db(tmp_path)
    before = digest(path)
    got, out, err = run(capsys, "--db", path, *argv)
    assert got == code
    assert_one_line(got, err)
    assert words in err
    assert digest(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["demo.db"]


def test_a_bad_clock_setting(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("AFTERVIEW_CLOCK", "half past ten")
    code, _, err = run(capsys, "--db", demo_db(tmp_path), "today")
    assert_one_line(code, err)
    assert "AFTERVIEW_CLOCK='half past ten' is not an ISO 8601 time" in err


def test_a_bad_json_export(capsys, tmp_path):
    path = tmp_path / "x.json"
    for text, words in [
        ('{"format": "afterview", "version": 1,', "is not valid JSON (line 1, column"),
        ('{"format": "other"}', "is not an Afterview export"),
        ('{"format": "afterview", "version": 7}', "is export version 7"),
        (
            '{"format": "afterview", "version": 1, "schema": "0001", "tables": {"gadgets": []}}',
            "unknown tables: gadgets",
        ),
    ]:
        path.write_text(text)
        code, _, err = run(capsys, "--db", tmp_path / "new.db", "import", path)
        assert_one_line(code, err)
        assert words in err
        assert not (tmp_path / "new.db").exists()


def test_a_busy_database(capsys, tmp_path, monkeypatch):
    import db.engine

    monkeypatch.setattr(db.engine, "BUSY_TIMEOUT_MS", 50)
    path = demo_db(tmp_path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("BEGIN IMMEDIATE")  # another program is writing
    before = digest(path)
    try:
        code, _, err = run(capsys, "--db", path, "import", FIXTURES / "tracker.csv")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert_one_line(code, err)
    assert "the database is busy" in err
    assert digest(path) == before


def test_the_unexpected_is_still_one_line(capsys, tmp_path, monkeypatch):
    import tui.cli
    import tui.cli.today

    def boom(args):
        raise RuntimeError("kaboom\nin two lines")

    monkeypatch.setattr(tui.cli.today, "run", boom)
    code, _, err = run(capsys, "today")
    assert_one_line(code, err)
    assert "unexpected RuntimeError: kaboom in two lines" in err
    monkeypatch.setenv("AFTERVIEW_DEBUG", "1")
    with pytest.raises(RuntimeError):
        tui.cli.main(["today"])
