"""PostgreSQL only: what has no SQLite counterpart to be parametrised with. Changes are
announced on commit (LISTEN/NOTIFY), never by a unit of work that did not commit; and
writers take turns, as SQLite's BEGIN IMMEDIATE makes them."""

from __future__ import annotations

import threading
import time

import pytest

from db.cadence import too_close
from db.engine import ServerChangeWatcher, open_database
from db.enums import Kind
from db.store import Store
from db.target import ServerURL
from db.write import contacts, follow_ups
from tests.conftest import FixedClock

pytestmark = pytest.mark.pg
ROUNDS = 8


@pytest.fixture
def server_store(pg_url):
    store = Store(open_database(ServerURL(pg_url)), FixedClock())
    yield store
    store.close()


def heard_within(watcher: ServerChangeWatcher, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if watcher.changed():
            return True
        time.sleep(0.02)
    return False


def test_a_commit_is_heard_and_a_rehearsal_is_not(server_store, pg_url) -> None:
    watcher = ServerChangeWatcher(ServerURL(pg_url))
    try:
        assert not watcher.changed()
        dana = contacts.add_contact(server_store.uow(), "Dana Reyes", met_via="event")
        assert heard_within(watcher, 2)
        assert not watcher.changed()  # once per commit, not for ever

        planned = server_store.views.follow_ups_for()[0]
        follow_ups.mark_sent(server_store.rehearsal(), planned.id)  # the warm-up
        assert not heard_within(watcher, 0.5)
        assert server_store.views.follow_up(planned.id).status == "planned"
        assert dana.id
    finally:
        watcher.close()


def test_writers_take_turns_so_rules_read_what_the_other_wrote(server_store, pg_url) -> None:
    """Two units of work planning for the same person at once: the second reads after
    the first committed (one write lock), so no two check-ins share a day and nothing
    fails with a serialization error."""
    other = Store(open_database(ServerURL(pg_url)), FixedClock())
    third = Store(open_database(ServerURL(pg_url)), FixedClock())
    dana = contacts.add_contact(server_store.uow(), "Dana Reyes")
    errors: list[BaseException] = []

    def add(store: Store) -> None:
        try:
            for _ in range(ROUNDS):
                # No application: no trigger row lock that would make them wait anyway.
                follow_ups.add_follow_up(store.uow(), dana.id, Kind.CHECK_IN)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    stores = (server_store, other, third)
    threads = [threading.Thread(target=add, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    other.close()
    third.close()
    assert errors == []
    planned = sorted(
        f.due_at
        for f in server_store.views.follow_ups_for()
        if f.contact_id == dana.id and f.kind == Kind.CHECK_IN
    )
    assert len(planned) == 3 * ROUNDS
    settings = server_store.views.settings
    clashes = [
        (a, b) for a, b in zip(planned, planned[1:], strict=False) if too_close(a, b, settings)
    ]
    assert clashes == []


def test_a_failed_upgrade_changes_nothing_in_one_transaction(server_store, pg_url, monkeypatch):
    """PostgreSQL's backup before an upgrade is its transaction: a step that fails after
    deleting rows leaves every row, and the schema's revision, as they were."""
    from db import migrate
    from db.errors import DatabaseError
    from db.migrations import HEAD
    from db.write import applications

    applications.add_application(server_store.uow(), "Acme", "Engineer")
    monkeypatch.setattr(migrate, "HEAD", "9000")  # the database now looks one schema behind

    def broken_upgrade(cfg, target):
        cfg.attributes["connection"].exec_driver_sql("DELETE FROM application")
        cfg.attributes["connection"].exec_driver_sql("DROP TABLE setting")
        raise RuntimeError("disk full")

    monkeypatch.setattr("alembic.command.upgrade", broken_upgrade)
    with pytest.raises(DatabaseError, match=r"disk full.*nothing was changed"):
        open_database(ServerURL(pg_url))
    assert [a.company for a in server_store.views.pipeline_summary().active] == ["Acme"]
    assert server_store.views.schema_revision() == HEAD
    assert server_store.views.get_setting("timezone") is None  # the table is still there


ROLES_SQL = """
CREATE ROLE {p}_app LOGIN;
GRANT USAGE ON SCHEMA ana TO {p}_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ana TO {p}_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ana TO {p}_app;
CREATE ROLE {p}_coach LOGIN;
GRANT USAGE ON SCHEMA ana TO {p}_coach;
GRANT SELECT ON ALL TABLES IN SCHEMA ana TO {p}_coach;
"""
"""README's roles, after the migrations ran as the schema's owner: one that reads and
writes rows only, and a coach who reads."""


def test_one_person_per_schema_with_a_row_only_role_and_a_reading_coach(pg_server, pg_empty_url):
    import os

    import psycopg
    from sqlalchemy import text

    prefix = f"r{os.getpid()}"
    base = pg_empty_url + "&options=-csearch_path%3Dana"
    with psycopg.connect(pg_empty_url, autocommit=True) as con:
        con.execute("CREATE SCHEMA ana")
    owner = Store(open_database(ServerURL(base)), FixedClock())  # migrates into ana
    contacts.add_contact(owner.uow(), "Dana Reyes", met_via="event")
    owner.close()
    with psycopg.connect(pg_empty_url, autocommit=True) as con:
        con.execute(ROLES_SQL.format(p=prefix))

    def as_role(role: str) -> Store:
        url = base.replace(f"{pg_empty_url.split('@')[0]}@", f"postgresql://{prefix}_{role}@")
        return Store(open_database(ServerURL(url)), FixedClock())

    app = as_role("app")
    try:
        contacts.add_contact(app.uow(), "Priya Natarajan", met_via="event")  # rows: yes
        assert {c.name for c in app.views.contacts()} == {"Dana Reyes", "Priya Natarajan"}
        with pytest.raises(Exception, match="must be owner|permission denied"):
            with app.engine.begin() as con:  # the schema: no
                con.execute(text("DROP TABLE follow_up"))
    finally:
        app.close()
    coach = as_role("coach")
    try:
        assert len(coach.views.contacts()) == 2
        assert coach.views.due_follow_ups().all
        with pytest.raises(Exception, match="permission denied"):
            contacts.add_contact(coach.uow(), "Not Allowed", met_via="event")
    finally:
        coach.close()
    with psycopg.connect(pg_empty_url) as con:  # and the public schema holds nothing of ours
        found = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        assert found.fetchone()[0] == 0


def test_pipeline_pages_read_the_same_as_on_sqlite(pg_demo_url, tmp_path) -> None:
    """The Pipeline's page on PostgreSQL (its own statement for last touch, replies,
    interviews and next kind: db.read.pipeline.PG_PER_APPLICATION) shows what SQLite
    shows for the same job search: every row, field for field."""
    import arrow

    from db.read import open_views
    from db.records import PipelineView
    from db.write import applications
    from tests.cli import FIXED_NOW, demo_db

    now = arrow.get(FIXED_NOW)
    targets = (demo_db(tmp_path), pg_demo_url)
    for target in targets:  # and on both, one that has gone quiet after three check-ins
        store = Store(open_database(target), lambda: now)
        app = applications.add_application(store.uow(), "Quiet Co", "Engineer", "screening")
        dana = contacts.add_contact(store.uow(), "Dana Ito", company="Quiet Co")
        for _ in range(3):
            item = follow_ups.add_follow_up(
                store.uow(), dana.id, Kind.CHECK_IN, "phone", application_id=app.id
            )
            follow_ups.mark_sent(store.uow(), item.id)
        store.close()
    sqlite, server = (open_views(t, lambda: now) for t in targets)
    try:
        pages = [
            lambda v: v.pipeline_summary(limit=500),
            lambda v: v.pipeline_summary(limit=500, include_closed=True),
            lambda v: v.pipeline_summary(limit=500, view=PipelineView(sort="touch")),
        ]
        for page in pages:
            rows = page(sqlite).active
            assert rows == page(server).active
            assert any(r.last_touch for r in rows) and any(r.next_kind for r in rows)
            assert [r.company for r in rows if r.suggest_ghosted] == ["Quiet Co"]
    finally:
        sqlite.close()
        server.close()
