"""Upgrades: a database written by the first schema (tests/fixtures/schema-0001.db) opens
with the current code with every row intact, after a private backup copy; a migration
that fails leaves the file byte for byte as it was and says where the copy is.

The fixture was made once, at schema 0001, by tests/fixtures/make_schema_0001.py.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from db import migrate
from db.engine import DatabaseError, open_database
from db.migrations import HEAD
from db.store import Store
from db.write import follow_ups
from tests.pg import ENGINES, at_revision, copy_rows_from_sqlite
from tests.robust import (
    SCHEMA_0001,
    answer_waits,
    clock,
    close,
    columns,
    counts,
    digest,
    fixture_counts,
    listing,
    mode,
    on_server,
    planned_hours,
    query,
    rows,
    stale_answers,
)


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """A private copy of the first-schema database, as a user would have it."""
    path = tmp_path / "afterview.db"
    shutil.copyfile(SCHEMA_0001, path)
    path.chmod(0o600)
    return path


@pytest.fixture(params=ENGINES)
def old_anywhere(request, tmp_path: Path):
    """The first-schema database on either engine: the SQLite file as a user has it, or
    a PostgreSQL database migrated to 0001 holding the same rows."""
    if request.param == "sqlite":
        yield request.getfixturevalue("old")
        return
    from db.target import ServerURL

    url = ServerURL(request.getfixturevalue("pg_empty_url"))
    engine = at_revision(url, "0001")
    copy_rows_from_sqlite(SCHEMA_0001, engine)
    engine.dispose()
    yield url


def backup_name(path: Path, head: str) -> Path:
    return path.with_name(f"{path.name}.before-{head}-from-0001.bak")


def assert_same_rows(path: Path, reference: Path = SCHEMA_0001) -> None:
    """Every row of every table of `reference`, in the columns it has, is in `path`."""
    for table in fixture_counts():
        kept = columns(reference, table)
        if table == "alembic_version":
            continue
        assert rows(path, table, kept) == rows(reference, table, kept), table


def misdated(path) -> list[tuple]:
    """Applications whose next_due_at is not their soonest planned follow-up's time."""
    differs = "IS DISTINCT FROM" if on_server(path) else "IS NOT"
    return query(
        path,
        f"SELECT id, next_due_at FROM application WHERE next_due_at {differs} "
        "(SELECT min(due_at) FROM follow_up f "
        "WHERE f.application_id = application.id AND f.status = 'planned')",
    )


def scheduled(path) -> int:
    return query(path, "SELECT count(*) FROM application WHERE next_due_at IS NOT NULL")[0][0]


def scheduled_follow_ups(path) -> int:
    return query(path, "SELECT count(*) FROM follow_up WHERE status = 'planned'")[0][0]


def test_the_fixture_is_the_first_schema():
    assert rows(SCHEMA_0001, "alembic_version") == [("0001",)]
    assert counts(SCHEMA_0001) == fixture_counts()


def test_the_first_schema_opens_upgraded_with_every_row(old_anywhere, monkeypatch):
    import alembic.command

    old = old_anywhere
    on_file = isinstance(old, Path)

    backups_seen_by_the_migration: list[bool] = []
    real_upgrade = alembic.command.upgrade

    def watched(cfg, target):
        backups_seen_by_the_migration.append(on_file and backup_name(old, HEAD).exists())
        return real_upgrade(cfg, target)

    monkeypatch.setattr("alembic.command.upgrade", watched)
    open_database(old).dispose()

    assert rows(old, "alembic_version") == [(HEAD,)]
    now = counts(old)
    for table, before in fixture_counts().items():
        assert now[table] == before, table  # tables may be added, never emptied
    assert_same_rows(old)
    store = Store(open_database(old), clock)
    assert (
        sum(store.views.pipeline_summary(include_closed=True).counts.values()) == now["application"]
    )
    assert store.views.due_follow_ups().all  # the demo always has something due
    # next_due_at (kept by triggers since 0004) is the soonest planned follow-up's time.
    assert misdated(old) == []
    assert scheduled(old)  # some applications have something planned
    first = store.views.due_follow_ups().all[0]
    follow_ups.mark_sent(store.uow(), first.id)  # and a write keeps it right from here
    assert misdated(old) == []
    # What stats count per application (0007) is filled in for the rows already there.
    assert stale_answers(old) == []
    # So are the planned follow-ups per hour (0009) that Today's counts add up.
    kept, counted = planned_hours(old)
    assert kept == counted and sum(kept.values()) == scheduled_follow_ups(old)
    # And the first answers per month and quarter hour (0009) that stats add up.
    kept, counted = answer_waits(old)
    assert kept == counted and kept
    close(store)
    if not on_file:  # one transaction is PostgreSQL's copy: nothing is written beside
        assert backups_seen_by_the_migration == [False]
        return
    if HEAD == "0001":
        assert backups_seen_by_the_migration == []  # nothing to upgrade: no copy either
        assert listing(old.parent) == [old.name]
    else:
        backup = backup_name(old, HEAD)
        assert backups_seen_by_the_migration == [True]  # the copy came first
        assert mode(backup) == 0o600
        assert rows(backup, "alembic_version") == [("0001",)]
        assert_same_rows(backup)
        assert counts(backup) == fixture_counts()


def test_opening_it_twice_upgrades_once(old):
    open_database(old).dispose()
    after_first = listing(old.parent)
    open_database(old).dispose()
    assert listing(old.parent) == after_first


@pytest.fixture
def newer_code(monkeypatch):
    """The code's HEAD, as a revision newer than the fixture's 0001.

    While 0001 is the newest migration there is no real upgrade to fail, so db.migrate is
    told its HEAD is a later revision: it then takes the fixture for an older schema,
    backs it up and runs the migration, which the tests make fail. Once a real 0002
    exists, the real HEAD is used as it is."""
    if HEAD == "0001":
        monkeypatch.setattr(migrate, "HEAD", "0002-simulated")
    return migrate.HEAD


def test_a_failed_migration_leaves_the_file_untouched_and_says_where_the_copy_is(
    old, monkeypatch, newer_code
):
    before = digest(old)

    def fails_half_way(cfg, target):
        connection = cfg.attributes["connection"]
        connection.exec_driver_sql("DELETE FROM follow_up")
        connection.exec_driver_sql("ALTER TABLE application ADD COLUMN half_done TEXT")
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr("alembic.command.upgrade", fails_half_way)
    with pytest.raises(DatabaseError) as failed:
        open_database(old)

    backup = backup_name(old, newer_code)
    message = str(failed.value)
    assert "disk I/O error" in message
    assert f"your data is safe in {backup}" in message
    assert "\n" not in message
    assert digest(old) == before  # byte for byte
    assert listing(old.parent) == sorted([old.name, backup.name])  # no -wal, no -shm
    assert mode(backup) == 0o600
    assert counts(backup) == fixture_counts()
    assert_same_rows(backup)

    monkeypatch.undo()  # the real code, the real migrations: the file still upgrades
    open_database(old).dispose()
    assert rows(old, "alembic_version") == [(HEAD,)]
    assert_same_rows(old)


def test_a_migration_step_that_commits_on_its_own_is_undone_from_the_copy(
    old, monkeypatch, newer_code
):
    def commits_then_fails(cfg, target):
        connection = cfg.attributes["connection"]
        connection.exec_driver_sql("DELETE FROM follow_up")
        connection.exec_driver_sql("COMMIT")  # behind SQLAlchemy's back
        raise RuntimeError("step 2 failed")

    monkeypatch.setattr("alembic.command.upgrade", commits_then_fails)
    with pytest.raises(DatabaseError, match=r"step 2 failed.*your data is safe in"):
        open_database(old)

    assert counts(old) == fixture_counts()
    assert_same_rows(old)
    con = sqlite3.connect(old)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
