"""Where the database lives, how it is opened, and how times survive the trip."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from db.engine import ChangeWatcher, open_database
from db.models import Company
from db.target import default_path, resolve_path
from db.write import applications

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- the file ------------------------------------------------------------------------


def test_new_database_is_private_in_a_private_folder(tmp_path) -> None:
    path = tmp_path / "new" / "nested" / "afterview.db"
    old_umask = os.umask(0o022)  # a common default that would leave files world-readable
    try:
        open_database(path).dispose()
    finally:
        os.umask(old_umask)

    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_opened_with_wal_foreign_keys_normal_sync_and_a_busy_timeout(engine) -> None:
    with engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }

    assert pragma["journal_mode"] == "wal"
    assert pragma["foreign_keys"] == 1
    assert pragma["synchronous"] == 1  # NORMAL
    assert pragma["busy_timeout"] >= 1_000


def test_foreign_keys_are_enforced(engine) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO application (company_id, role, stage, source, link, "
                "location, notes, archived, created_at, updated_at) VALUES "
                "(404, 'x', 'applied', '', '', '', '', 0, '2026-01-01', '2026-01-01')"
            )
        )


# --- where it lives ------------------------------------------------------------------


def test_explicit_path_wins_over_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("AFTERVIEW_DB", str(tmp_path / "from-env.db"))

    assert resolve_path(tmp_path / "given.db") == tmp_path / "given.db"
    assert resolve_path(None) == tmp_path / "from-env.db"


def test_paths_expand_the_home_folder(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AFTERVIEW_DB", "~/env.db")

    assert resolve_path("~/cli.db") == tmp_path / "cli.db"
    assert resolve_path() == tmp_path / "env.db"


def test_default_path_is_in_the_users_data_folder(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("AFTERVIEW_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    expected = tmp_path / "data" / "afterview" / "afterview.db"
    assert resolve_path() == expected == default_path()


def test_importing_the_data_layer_touches_no_file(tmp_path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("AFTERVIEW_DB", None)
    code = "import db.engine, db.models, db.migrate, db.store, db.write.follow_ups, db.write.applications, db.write.interviews, db.write.contacts, db.write.settings, db.cadence, db.demo.story, db.demo.large"
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)

    assert list(tmp_path.iterdir()) == []


# --- times ---------------------------------------------------------------------------


def test_a_time_in_another_zone_comes_back_aware_and_utc(engine) -> None:
    los_angeles = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    with Session(engine) as session, session.begin():
        session.add(Company(name="Acme", created_at=los_angeles, updated_at=los_angeles))
    with Session(engine) as session:
        back = session.query(Company).one().created_at
    with engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT created_at FROM company").scalar()

    assert back == los_angeles  # the same instant
    assert back.tzinfo is dt.UTC
    assert back.hour == 18  # 10:00 in Los Angeles is 18:00 UTC
    assert raw.startswith("2026-11-24 18:00:00")  # stored as UTC


def test_a_naive_time_is_refused_not_guessed(engine) -> None:
    naive = dt.datetime(2026, 11, 24, 10, 0)
    with pytest.raises(StatementError, match="naive datetime"):
        with Session(engine) as session, session.begin():
            session.add(Company(name="Acme", created_at=naive, updated_at=naive))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM company").scalar() == 0


# --- several processes ---------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from db.engine import open_database
    from db.store import Store
    from db.write import applications

    path, name, start = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    store = Store(open_database(path))
    while not start.exists():
        pass
    locked = 0
    for n in range(100):
        try:
            # Read (does the company exist?) then write: the pattern that deadlocks
            # with a deferred BEGIN.
            applications.add_application(store.uow(), f"{name} {n % 7}", f"Role {n}")
            store.views.pipeline_summary(limit=5)
        except Exception as exc:
            if "locked" not in str(exc):
                raise
            locked += 1
    print(locked)
    """
)


@pytest.mark.slow
def test_two_processes_writing_at_once_never_see_database_is_locked(db_path, engine) -> None:
    start = db_path.with_name("go")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), name, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in ("Alpha", "Beta")
    ]
    start.touch()  # both begin together
    results = [p.communicate(timeout=120) for p in procs]

    assert [p.returncode for p in procs] == [0, 0], [err for _, err in results]
    assert [out.strip() for out, _ in results] == ["0", "0"]
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM application").scalar() == 200
        assert conn.exec_driver_sql("SELECT count(*) FROM company").scalar() == 14


def test_change_watcher_notices_commits_from_other_connections(store, db_path) -> None:
    watcher = ChangeWatcher(db_path)
    try:
        assert not watcher.changed()
        applications.add_application(store.uow(), "Acme", "Backend Engineer")
        assert watcher.changed()
        assert not watcher.changed()  # once per change
    finally:
        watcher.close()


def test_change_watcher_sees_a_commit_on_disk_before_asking_sqlite(store, db_path) -> None:
    """The interface looks at the files each second and asks SQLite only when they
    changed: a commit must always show there, and an idle database never."""
    watcher = ChangeWatcher(db_path)
    try:
        assert not watcher.touched()
        applications.add_application(store.uow(), "Acme", "Backend Engineer")
        assert watcher.touched()
        assert watcher.changed()
        assert not watcher.touched()  # nothing written since
        applications.add_application(store.uow(), "Globex", "Data Engineer")
        assert watcher.touched()
    finally:
        watcher.close()
