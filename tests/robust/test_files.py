"""Files: a database Afterview cannot use is refused in one line and left exactly as it
was (same bytes, nothing created beside it); what holds personal data is private."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import sys
import types
from pathlib import Path

import pytest

from db import migrate
from db.engine import DatabaseError, open_database
from db.store import Store
from db.write import applications
from tests.robust import SCHEMA_0001, clock, close, digest, listing, mode

# What each kind of bad file is called in the one line that refuses it.
BAD_FILES = {
    "random bytes": "is not an Afterview database (not SQLite)",
    "SQLite header, garbage after": "is not a readable Afterview database",
    "truncated": "is truncated",
    "directory": "is a directory",
    "read-only": "is read-only",
    "newer version": "was written by a newer Afterview (schema ffff)",
}


def make_bad(kind: str, folder: Path) -> Path:
    path = folder / "afterview.db"
    whole = SCHEMA_0001.read_bytes()  # a real database: the demo, first schema
    if kind == "random bytes":
        path.write_bytes(random.Random(7).randbytes(len(whole)))
    elif kind == "SQLite header, garbage after":
        path.write_bytes(whole[:100] + random.Random(8).randbytes(len(whole) - 100))
    elif kind == "truncated":
        path.write_bytes(whole[: len(whole) // 2])
    elif kind == "directory":
        path.mkdir()
    elif kind == "read-only":
        shutil.copyfile(SCHEMA_0001, path)
        path.chmod(0o400)
    elif kind == "newer version":
        shutil.copyfile(SCHEMA_0001, path)
        con = sqlite3.connect(path)
        con.execute("UPDATE alembic_version SET version_num = 'ffff'")
        con.commit()
        con.close()
    if path.is_file() and kind != "read-only":
        path.chmod(0o600)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    return data


@pytest.mark.parametrize("kind", BAD_FILES)
def test_open_database_refuses_in_one_line_and_leaves_the_file_alone(folder, kind):
    path = make_bad(kind, folder)
    before, files = digest(path), listing(folder)

    with pytest.raises(DatabaseError) as refused:
        open_database(path)

    message = str(refused.value)
    assert BAD_FILES[kind] in message and str(path) in message
    assert "\n" not in message
    assert digest(path) == before
    assert listing(folder) == files  # no -wal, no -shm, no backup


@pytest.fixture
def no_dashboard(monkeypatch):
    """A bad file must be refused before any interface starts."""

    class Refuse:
        def __init__(self, *args, **kwargs):
            raise AssertionError("the dashboard must not start on a database it cannot use")

    module = types.ModuleType("tui.app")
    module.AfterviewApp = Refuse
    monkeypatch.setitem(sys.modules, "tui.app", module)


COMMANDS = {
    "dashboard": [],
    "today": ["today"],
    "export": ["export", "--format", "json"],
    "import": ["import", str(Path(__file__).parents[1] / "cli" / "fixtures" / "tracker.csv")],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", BAD_FILES)
def test_the_command_line_refuses_in_one_line_and_leaves_the_file_alone(
    capsys, monkeypatch, folder, no_dashboard, kind, command
):
    from tui.cli import main

    monkeypatch.setenv("AFTERVIEW_CLOCK", "2026-11-24T10:30:00+00:00")
    monkeypatch.delenv("AFTERVIEW_DEBUG", raising=False)
    path = make_bad(kind, folder)
    before, files = digest(path), listing(folder)

    code = main(["--db", str(path), *COMMANDS[command]])

    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("afterview: ") and err.count("\n") == 1, err
    assert BAD_FILES[kind] in err
    assert digest(path) == before
    assert listing(folder) == files


def test_read_only_is_judged_by_the_mode_bits_even_for_root(folder):
    """Root may write to a 0400 file, but the person who set 0400 said no."""
    path = make_bad("read-only", folder)
    assert os.access(path, os.R_OK)
    with pytest.raises(DatabaseError, match="is read-only"):
        open_database(path)


# --- what holds personal data is private ---------------------------------------------


@pytest.fixture
def open_umask():
    """A umask that hides nothing: every 0600 below comes from the code itself."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_new_database_folder_0700_file_0600_and_its_journal_too(tmp_path, open_umask):
    path = tmp_path / "new" / "deeper" / "afterview.db"
    store = Store(open_database(path), clock)
    try:
        applications.add_application(store.uow(), "Acme", "Engineer")
        assert mode(path.parent) == 0o700
        assert mode(path) == 0o600
        for suffix in ("-wal", "-shm"):  # SQLite gives them the database's mode
            assert mode(Path(f"{path}{suffix}")) == 0o600
    finally:
        close(store)
    assert mode(path) == 0o600 and mode(path.parent) == 0o700


def test_upgrading_keeps_the_file_0600(tmp_path, open_umask):
    path = tmp_path / "afterview.db"
    shutil.copyfile(SCHEMA_0001, path)
    path.chmod(0o600)
    open_database(path).dispose()
    assert mode(path) == 0o600
    assert all(mode(p) == 0o600 for p in tmp_path.iterdir())  # any backup as well


class _WatchedSource:
    """A source connection whose backup() notes the target's mode as soon as the copy
    is written, before anything could tighten it afterwards."""

    def __init__(self, real, seen: list, target: Path) -> None:
        self._real, self._seen, self._target = real, seen, target

    def backup(self, dst, *args, **kwargs):
        result = self._real.backup(dst, *args, **kwargs)
        self._seen.append(mode(self._target))
        return result

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_the_backup_before_an_upgrade_is_never_readable_by_others(
    tmp_path, monkeypatch, open_umask
):
    path = tmp_path / "afterview.db"
    shutil.copyfile(SCHEMA_0001, path)
    path.chmod(0o600)
    target = path.with_name(f"{path.name}.before-{migrate.HEAD}-from-0001.bak")
    seen: list[int] = []
    real_connect = sqlite3.connect

    def connect(database, *args, **kwargs):
        con = real_connect(database, *args, **kwargs)
        return _WatchedSource(con, seen, target) if Path(database) == path else con

    monkeypatch.setattr(migrate.sqlite3, "connect", connect)
    made = migrate.backup_copy(path, "0001")

    assert made == target
    assert seen == [0o600], "the copy was readable by others while it was written"
    assert mode(target) == 0o600


def test_backup_and_exports_are_written_0600(tmp_path, monkeypatch, capsys, open_umask):
    from tui.cli import main

    monkeypatch.setenv("AFTERVIEW_CLOCK", "2026-11-24T10:30:00+00:00")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "afterview.db"
    shutil.copyfile(SCHEMA_0001, path)
    path.chmod(0o600)
    open_database(path).dispose()  # at the current schema
    (tmp_path / "folder").mkdir()
    (tmp_path / "old.csv").write_text("an old export, readable by all\n")
    (tmp_path / "old.csv").chmod(0o644)

    written = {
        "backup to a file": (["backup", "copy.db"], tmp_path / "copy.db"),
        "export json": (["export", "-o", "out.json"], tmp_path / "out.json"),
        "export ics": (["export", "--format", "ics", "-o", "out.ics"], tmp_path / "out.ics"),
        "export over a 0644 file": (["export", "-o", "old.csv"], tmp_path / "old.csv"),
    }
    for what, (argv, target) in written.items():
        assert main(["--db", str(path), *argv]) == 0, (what, capsys.readouterr().err)
        assert mode(target) == 0o600, what
    assert main(["--db", str(path), "backup", "folder"]) == 0
    (made,) = (tmp_path / "folder").iterdir()
    assert mode(made) == 0o600
    assert main(["--db", str(path), "backup"]) == 0  # beside the database
    beside = [p for p in tmp_path.iterdir() if p.name.startswith("afterview") and p != path]
    assert beside and all(mode(p) == 0o600 for p in beside if p.is_file())
