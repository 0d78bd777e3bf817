"""Migrations: the models and the scripts agree, upgrades back up first, and files that
are not ours are refused without being touched."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData, Table

from db import migrate
from db.engine import DatabaseError, open_database
from db.migrations import HEAD
from db.models import Base
from db.store import Store
from db.write import applications, contacts


def rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def differences(engine, metadata: MetaData) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_models_and_migrations_agree(any_engine) -> None:
    assert differences(any_engine, Base.metadata) == []

    # The comparison does see a difference when there is one.
    extra = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(extra)
    Table("not_migrated", extra, Column("id", Integer, primary_key=True))
    assert [d[0] for d in differences(any_engine, extra)] == ["add_table"]


def test_an_empty_database_is_upgraded_to_head_with_zoned_times(empty_target) -> None:
    from sqlalchemy import inspect

    engine = open_database(empty_target)
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == HEAD
            due = {c["name"]: c["type"] for c in inspect(conn).get_columns("follow_up")}["due_at"]
        if engine.dialect.name == "postgresql":
            assert due.timezone  # timestamptz: the instant itself, not a wall-clock reading
        assert differences(engine, Base.metadata) == []
    finally:
        engine.dispose()


def test_the_derived_values_are_kept_by_the_database_on_every_engine(any_engine) -> None:
    """What the triggers keep (0003-0005) is the same on SQLite and PostgreSQL: the next
    due time, the first reply, sends per UTC hour and the calendar's sequence."""
    import datetime as dt

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from db.models import Application, Company, Contact, FollowUp, Response, SentHour

    at = dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    with Session(any_engine) as s:
        app = Application(company=Company(name="Acme"), role="Backend")
        dana = Contact(name="Dana", met_via="event")
        s.add_all([app, dana])
        s.flush()
        later = FollowUp(contact=dana, application=app, kind="check_in", due_at=at)
        sooner = FollowUp(
            contact=dana, application=app, kind="check_in", due_at=at - dt.timedelta(days=2)
        )
        s.add_all([later, sooner])
        s.commit()
        s.refresh(app)
        assert app.next_due_at == sooner.due_at  # the soonest planned, as an aware UTC time
        assert app.next_due_at.tzinfo is not None

        sooner.status, sooner.status_changed_at = "sent", at  # 04:30 UTC on the 25th
        s.commit()
        s.refresh(app)
        s.refresh(sooner)
        assert app.next_due_at == later.due_at
        assert sooner.sequence == 1
        assert s.execute(select(SentHour.hour, SentHour.sent)).all() == [("2026-11-25 04", 1)]

        s.add(Response(application_id=app.id, received_at=at))
        s.add(Response(application_id=app.id, received_at=at - dt.timedelta(hours=1)))
        s.commit()
        s.refresh(app)
        assert app.first_reply_at == at - dt.timedelta(hours=1)

        s.delete(sooner)
        s.commit()
        assert s.execute(select(SentHour.sent)).scalars().all() == [0]


def test_the_weekly_sends_are_read_from_the_key_alone_on_postgresql(pg_url) -> None:
    """Migration 0010: the stats screen's sums over sent_hour are index-only scans on
    PostgreSQL (the count rides in the key's index), whatever order the hours came in."""
    import random

    import psycopg

    hours = [f"2026-{m:02d}-{d:02d} {h:02d}" for m in range(1, 13) for d in range(1, 29)
             for h in range(0, 24, 3)]  # fmt: skip
    random.Random(7).shuffle(hours)  # the heap in no particular order, as in real use
    with psycopg.connect(pg_url, autocommit=True) as con:
        with con.cursor() as cur:
            cur.executemany(
                "INSERT INTO sent_hour (hour, sent) VALUES (%s, 1)", [(h,) for h in hours]
            )
        con.execute("VACUUM (FREEZE, ANALYZE) sent_hour")
        # A table this small is read whole; what matters is how the key is read.
        con.execute("SET enable_seqscan = off")
        con.execute("SET enable_bitmapscan = off")
        week = con.execute(
            "EXPLAIN SELECT coalesce(sum(sent), 0) FROM sent_hour "
            "WHERE hour >= '2026-06-01 00' AND hour < '2026-06-08 00'"
        ).fetchall()
        assert any("Index Only Scan using pk_sent_hour" in line for (line,) in week), week


def test_head_constant_matches_the_newest_script() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())

    assert script.get_current_head() == HEAD


def test_a_new_database_is_at_head_without_a_backup(db_path, engine) -> None:
    assert migrate.read_schema(db_path)[0] == HEAD
    assert list(db_path.parent.glob("*.bak")) == []
    # Opening it again has nothing to do.
    assert migrate.upgrade(engine, db_path) is None


def test_backup_copy_is_private_and_holds_the_same_rows(db_path, engine, clock) -> None:
    store = Store(engine, clock)
    applications.add_application(store.uow(), "Acme", "Backend Engineer")
    contacts.add_contact(store.uow(), "Dana Reyes", met_via="event")
    backup = migrate.backup_copy(db_path, "0000")

    assert backup.parent == db_path.parent
    assert backup.name == f"a.db.before-{HEAD}-from-0000.bak"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    for table in ("application", "company", "contact", "follow_up", "alembic_version"):
        query = f"SELECT * FROM {table} ORDER BY 1"
        assert rows(backup, query) == rows(db_path, query)
    # The event follow-up and the check-in after applying.
    assert rows(backup, "SELECT count(*) FROM follow_up") == [(2,)]


NEWER = "9000"  # a head no script has: the file at HEAD looks one schema behind


def _older_schema(tmp_path: Path, clock, monkeypatch) -> Path:
    """A database written at HEAD, opened by an Afterview that pretends to be newer."""
    path = tmp_path / "a.db"
    engine = open_database(path)
    applications.add_application(Store(engine, clock).uow(), "Acme", "Backend Engineer")
    engine.dispose()
    monkeypatch.setattr(migrate, "HEAD", NEWER)
    return path


def test_opening_an_older_schema_backs_up_before_upgrading(tmp_path, clock, monkeypatch) -> None:
    path = _older_schema(tmp_path, clock, monkeypatch)
    seen = []

    def upgrade_that_changes_data(cfg, target):
        seen.extend(tmp_path.glob("*.bak"))
        cfg.attributes["connection"].exec_driver_sql("UPDATE application SET role = 'migrated'")

    monkeypatch.setattr("alembic.command.upgrade", upgrade_that_changes_data)
    open_database(path).dispose()

    backup = tmp_path / f"a.db.before-{NEWER}-from-{HEAD}.bak"
    assert seen == [backup]  # the copy existed before the upgrade ran
    assert rows(backup, "SELECT role FROM application") == [("Backend Engineer",)]
    assert rows(path, "SELECT role FROM application") == [("migrated",)]


def test_a_failed_upgrade_restores_the_file_and_says_where_the_backup_is(
    tmp_path, clock, monkeypatch
) -> None:
    path = _older_schema(tmp_path, clock, monkeypatch)

    def broken_upgrade(cfg, target):
        cfg.attributes["connection"].exec_driver_sql("DELETE FROM application")
        raise RuntimeError("disk full")

    monkeypatch.setattr("alembic.command.upgrade", broken_upgrade)
    with pytest.raises(DatabaseError, match=r"disk full.*your data is safe in .*\.bak"):
        open_database(path)
    assert rows(path, "SELECT role FROM application") == [("Backend Engineer",)]


# --- files that are not ours ----------------------------------------------------------


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path) -> None:
    path = tmp_path / "notes.db"
    content = os.urandom(4096)
    path.write_bytes(content)

    with pytest.raises(DatabaseError, match="not an Afterview database"):
        open_database(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]  # no -wal, no backup


def test_a_directory_is_refused(tmp_path) -> None:
    with pytest.raises(DatabaseError, match="is a directory"):
        open_database(tmp_path)


def test_a_truncated_database_is_refused(db_path, engine, clock) -> None:
    applications.add_application(Store(engine, clock).uow(), "Acme", "Backend Engineer")
    engine.dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    cut = db_path.read_bytes()[:1024]
    broken = db_path.with_name("cut.db")
    broken.write_bytes(cut)

    with pytest.raises(DatabaseError, match="truncated"):
        open_database(broken)
    assert broken.read_bytes() == cut


def test_another_programs_sqlite_database_is_not_changed(tmp_path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE recipes (name TEXT)")
        con.execute("INSERT INTO recipes VALUES ('soup')")
    con.close()
    before = path.read_bytes()

    with pytest.raises(DatabaseError, match="not Afterview's"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_database_from_a_newer_afterview_is_refused(db_path, engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{NEWER}'")
    engine.dispose()

    with pytest.raises(DatabaseError, match="newer Afterview"):
        open_database(db_path)
    assert migrate.read_schema(db_path)[0] == NEWER


def test_an_empty_file_becomes_a_new_database(tmp_path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    open_database(path).dispose()

    assert migrate.read_schema(path)[0] == HEAD


def test_next_due_follows_every_write_to_follow_up_whoever_writes(store, db_path) -> None:
    """Triggers (0004) keep application.next_due_at: an insert, a change of due time or
    status, a move to another application and a delete, all in plain SQL."""
    import sqlite3

    # On the wishlist, so no check-in after applying is planned for them.
    acme = applications.add_application(store.uow(), "Acme", "Backend Engineer", "wishlist")
    beta = applications.add_application(store.uow(), "Beta", "SRE", "wishlist")
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    con = sqlite3.connect(db_path, isolation_level=None)

    def next_due() -> dict[int, str | None]:
        return dict(con.execute("SELECT id, next_due_at FROM application"))

    try:
        insert = (
            "INSERT INTO follow_up (contact_id, application_id, kind, channel, due_at, status,"
            " subject, body, reason, created_at, updated_at) VALUES"
            " (?, ?, 'custom', 'email', ?, 'planned', '', '', '', ?, ?)"
        )
        day = "2026-12-0{} 09:00:00.000000"
        first = con.execute(insert, (dana.id, acme.id, day.format(3), day.format(1), day.format(1)))
        con.execute(insert, (dana.id, acme.id, day.format(5), day.format(1), day.format(1)))
        fid = first.lastrowid
        assert next_due() == {acme.id: day.format(3), beta.id: None}
        con.execute("UPDATE follow_up SET due_at = ? WHERE id = ?", (day.format(7), fid))
        assert next_due() == {acme.id: day.format(5), beta.id: None}
        con.execute("UPDATE follow_up SET application_id = ? WHERE id = ?", (beta.id, fid))
        assert next_due() == {acme.id: day.format(5), beta.id: day.format(7)}
        con.execute("UPDATE follow_up SET status = 'sent' WHERE id = ?", (fid,))
        assert next_due() == {acme.id: day.format(5), beta.id: None}
        con.execute("DELETE FROM follow_up WHERE application_id = ?", (acme.id,))
        assert next_due() == {acme.id: None, beta.id: None}
    finally:
        con.close()


def test_what_stats_count_follows_every_write_whoever_writes(store, db_path) -> None:
    """Triggers (0007) keep application.stage_reached, answered_by_stage and
    first_answer_at, which stats() reads: a move along the funnel, one taken back, a
    rejection, a withdrawal before applying, interviews and replies added, moved and
    deleted, all in plain SQL."""
    acme = applications.add_application(store.uow(), "Acme", "Backend Engineer", "wishlist")
    beta = applications.add_application(store.uow(), "Beta", "SRE", "wishlist")
    con = sqlite3.connect(db_path, isolation_level=None)

    def kept(aid: int) -> tuple:
        return con.execute(
            "SELECT stage_reached, answered_by_stage, first_answer_at FROM application "
            "WHERE id = ?",
            (aid,),
        ).fetchone()

    def move(aid: int, stage: str) -> int:
        con.execute("UPDATE application SET stage = ? WHERE id = ?", (stage, aid))
        return con.execute(
            "INSERT INTO stage_change (application_id, to_stage, changed_at) "
            "VALUES (?, ?, '2026-11-20 09:00:00.000000')",
            (aid, stage),
        ).lastrowid

    at = "2026-11-{} 09:00:00.000000"
    try:
        assert kept(acme.id) == (0, 0, None)
        move(acme.id, "applied")
        assert kept(acme.id) == (1, 0, None)
        interviewing = move(acme.id, "interviewing")
        assert kept(acme.id) == (3, 1, None)
        # Taken back (as undo does): the stage, then the change that led to it.
        con.execute("UPDATE application SET stage = 'applied' WHERE id = ?", (acme.id,))
        assert kept(acme.id) == (3, 1, None)  # it stood at interviewing, as far as we know
        con.execute("DELETE FROM stage_change WHERE id = ?", (interviewing,))
        assert kept(acme.id) == (1, 0, None)
        # Rejected after applying: counted as applied, and as an answer.
        move(acme.id, "rejected")
        assert kept(acme.id) == (1, 1, None)
        # Withdrawn from the wishlist: never sent.
        con.execute("UPDATE application SET stage = 'withdrawn' WHERE id = ?", (beta.id,))
        assert kept(beta.id) == (0, 0, None)
        con.execute("UPDATE application SET applied_on = '2026-11-02' WHERE id = ?", (beta.id,))
        assert kept(beta.id) == (1, 0, None)

        interview = con.execute(
            "INSERT INTO interview (application_id, starts_at, minutes, kind, notes, created_at)"
            " VALUES (?, ?, 60, 'video', '', ?)",
            (acme.id, at.format(12), at.format(10)),
        ).lastrowid
        assert kept(acme.id)[2] == at.format(10)  # booked on the 10th: they answered then
        con.execute(
            "INSERT INTO response (application_id, received_at, summary) VALUES (?, ?, '')",
            (acme.id, at.format("08")),
        )
        assert kept(acme.id)[2] == at.format("08")
        con.execute("DELETE FROM response WHERE application_id = ?", (acme.id,))
        assert kept(acme.id)[2] == at.format(10)
        con.execute("UPDATE interview SET application_id = ? WHERE id = ?", (beta.id, interview))
        assert (kept(acme.id)[2], kept(beta.id)[2]) == (None, at.format(10))

        def waited() -> int | None:  # applied_on (midnight UTC) to the first answer
            return con.execute(
                "SELECT answer_seconds FROM application WHERE id = ?", (beta.id,)
            ).fetchone()[0]

        assert waited() == (8 * 24 + 9) * 3600  # applied on the 2nd, booked on the 10th
        con.execute("UPDATE application SET applied_on = '2026-11-09' WHERE id = ?", (beta.id,))
        assert waited() == (1 * 24 + 9) * 3600
        con.execute("UPDATE application SET applied_on = NULL WHERE id = ?", (beta.id,))
        assert waited() is None
        con.execute("DELETE FROM interview WHERE id = ?", (interview,))
        assert kept(beta.id)[2] is None
    finally:
        con.close()


def test_follow_up_sequence_counts_moves_and_status_changes_whoever_writes(store, db_path) -> None:
    """The trigger of 0005 raises follow_up.sequence (the calendar's SEQUENCE) on a new
    due time or status, in plain SQL too, and not on a change of what the note says;
    a file upgraded from 0004 starts each one above what the old export wrote (whole
    seconds from created_at to updated_at)."""
    import sqlite3

    from alembic import command

    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    con = sqlite3.connect(db_path, isolation_level=None)
    try:
        fid = con.execute(
            "INSERT INTO follow_up (contact_id, kind, channel, due_at, status, subject, body,"
            " reason, created_at, updated_at) VALUES (?, 'custom', 'email',"
            " '2026-12-03 09:00:00.000000', 'planned', '', '', '',"
            " '2026-12-01 09:00:00.000000', '2026-12-02 09:00:00.500000')",
            (dana.id,),
        ).lastrowid

        def sequence() -> int:
            return con.execute("SELECT sequence FROM follow_up WHERE id = ?", (fid,)).fetchone()[0]

        assert sequence() == 0
        con.execute(
            "UPDATE follow_up SET due_at = '2026-12-04 09:00:00.000000' WHERE id = ?", (fid,)
        )
        con.execute("UPDATE follow_up SET due_at = due_at, subject = 'Hello' WHERE id = ?", (fid,))
        assert sequence() == 1
        con.execute("UPDATE follow_up SET status = 'skipped' WHERE id = ?", (fid,))
        assert sequence() == 2
    finally:
        con.close()

    with store.engine.begin() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
        command.upgrade(cfg, "head")
    assert rows(db_path, "SELECT sequence FROM follow_up") == [(86_401,)]  # 86,400.5 s
    assert (
        len(rows(db_path, "SELECT name FROM sqlite_master WHERE type = 'trigger'")) == 28
    )  # 0008 adds three, 0009 six
