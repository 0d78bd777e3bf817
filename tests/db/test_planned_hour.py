"""planned_hour (migration 0009): planned follow-ups per UTC hour, kept by triggers on
follow_up, from which Today's header ("N overdue · M due today") is added up. After
every kind of write the table equals a fresh count, and the three counts Today shows
equal a straight count of the follow-ups, on both engines.

The user's zone here is India's (UTC+5:30): today began at 18:30 UTC yesterday, in the
middle of an hour, so the counts need the exact count inside that hour as well as the
whole hours before it."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import func, select, text

from db.engine import open_database
from db.exchange.copy import copy_all
from db.exchange.csv_import import import_rows
from db.exchange.sheet import read_spreadsheet
from db.models import FollowUp
from db.store import Store
from db.write import applications, contacts, follow_ups, undo
from db.write.settings import set_setting

ZONE = "Asia/Kolkata"
TODAY_STARTS = dt.datetime(2026, 11, 23, 18, 30, tzinfo=dt.UTC)
"""Tuesday 24 November 2026, 00:00 in India (the clock stands at 16:00 there)."""


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def kept_and_counted(engine) -> tuple[dict, dict]:
    """planned_hour as the triggers left it, and a fresh count of the planned follow-ups
    per UTC hour of their due time."""
    with engine.connect() as conn:
        kept = dict(conn.execute(text("SELECT hour, planned FROM planned_hour")).all())
        due = conn.execute(select(FollowUp.due_at).where(FollowUp.status == "planned")).scalars()
        counted = Counter(f"{at.astimezone(dt.UTC):%Y-%m-%d %H}" for at in due)
    return kept, dict(counted)


def straight_counts(engine) -> tuple[int, int, int]:
    """Overdue, due today and later this week (7 days after today), counted one by one."""
    edges = [TODAY_STARTS + dt.timedelta(days=d) for d in (0, 1, 8)]
    planned = select(func.count()).select_from(FollowUp).where(FollowUp.status == "planned")
    with engine.connect() as conn:
        return (
            conn.scalar(planned.where(FollowUp.due_at < edges[0])),
            conn.scalar(planned.where(FollowUp.due_at >= edges[0], FollowUp.due_at < edges[1])),
            conn.scalar(planned.where(FollowUp.due_at >= edges[1], FollowUp.due_at < edges[2])),
        )


def assert_right(store: Store) -> tuple[int, int, int]:
    """The table equals a fresh count, and Today's counts (cut short by a limit of one,
    so added up rather than read off the list) equal the straight ones."""
    kept, counted = kept_and_counted(store.engine)
    assert kept == counted
    expected = straight_counts(store.engine)
    shown = store.views.due_follow_ups(limit=1)
    if sum(expected):
        assert shown.counts == expected
    return expected


@pytest.fixture
def store(any_engine, clock) -> Store:
    opened = Store(any_engine, clock)
    set_setting(opened.uow(), "timezone", ZONE)
    return opened


def plan(store: Store, contact_id: int, at: dt.datetime, application_id=None) -> int:
    return follow_ups.add_follow_up(
        store.uow(), contact_id, due_at=at, application_id=application_id, subject=f"{at}"
    ).id


def test_todays_counts_follow_every_write_on_both_engines(store) -> None:
    """Planned by hand on both sides of today's start inside one hour, sent, snoozed,
    skipped, rescheduled, brought back, undone, cancelled by a stage move, moved and
    sent by another writer in plain SQL, deleted with the application and with the
    contact, and planned by an import: the counts stay exact throughout."""
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    lee = contacts.add_contact(store.uow(), "Lee Chen")
    acme = applications.add_application(store.uow(), "Acme", "Engineer", "wishlist")
    ids = {
        "long overdue": plan(store, dana.id, utc(2026, 11, 16, 8), acme.id),
        "just overdue": plan(store, dana.id, utc(2026, 11, 23, 18, 10), acme.id),
        "first today": plan(store, lee.id, utc(2026, 11, 23, 18, 50)),
        "last today": plan(store, lee.id, utc(2026, 11, 24, 18, 20)),
        "first tomorrow": plan(store, lee.id, utc(2026, 11, 24, 18, 40)),
        "next month": plan(store, lee.id, utc(2026, 12, 20, 8)),
    }
    # 18:10 and 18:50 UTC share an hour, but one is yesterday in India, one today.
    assert assert_right(store) == (2, 2, 1)

    follow_ups.mark_sent(store.uow(), ids["just overdue"])
    assert assert_right(store) == (1, 2, 1)
    follow_ups.snooze(store.uow(), ids["long overdue"], "in 3 days")
    assert assert_right(store)[0] == 0
    follow_ups.skip(store.uow(), ids["first today"], "Not needed")
    assert assert_right(store)[1] == 1
    follow_ups.reschedule(store.uow(), ids["first tomorrow"], dt.date(2026, 11, 27))
    assert_right(store)
    follow_ups.bring_back(store.uow(), ids["first today"])
    assert_right(store)

    done = undo.journaled(store.uow(), follow_ups.mark_sent, ids["last today"])
    assert_right(store)
    undo.undo(store.uow(), done)
    assert_right(store)

    applications.move_stage(store.uow(), acme.id, "applied")  # plans the check-in
    assert_right(store)
    applications.move_stage(store.uow(), acme.id, "withdrawn")  # skips what was planned
    assert_right(store)

    with store.engine.begin() as conn:  # another writer, in plain SQL
        conn.execute(
            text("UPDATE follow_up SET due_at = :at WHERE id = :id"),
            {"at": utc(2026, 11, 23, 18, 20), "id": ids["last today"]},
        )
        conn.execute(
            text("UPDATE follow_up SET status = 'planned', due_at = :at WHERE id = :id"),
            {"at": utc(2026, 11, 10, 9), "id": ids["just overdue"]},
        )
        conn.execute(
            text("UPDATE follow_up SET status = 'skipped' WHERE id = :id"),
            {"id": ids["next month"]},
        )
    assert assert_right(store)[0] == 2

    applications.delete(store.uow(), acme.id)  # with its follow-ups
    assert_right(store)
    with store.engine.begin() as conn:  # a contact goes with their follow-ups (CASCADE)
        conn.execute(text("DELETE FROM contact WHERE id = :id"), {"id": lee.id})
    kept, counted = kept_and_counted(store.engine)
    assert kept == counted == {}  # no hour left behind at zero

    sheet = read_spreadsheet(
        "Company,Role,Status,Date applied\n"
        "Bolt,Engineer,Applied,2026-11-02\n"
        "Cask,Engineer,Applied,2026-11-20\n",
        "tracker.csv",
    )
    import_rows(store.engine, sheet.rows, store.clock)  # each gets its check-in planned
    assert_right(store)
    assert sum(kept_and_counted(store.engine)[0].values()) == 2


def test_a_copy_to_the_other_engine_keeps_the_counts(store, request, tmp_path) -> None:
    """`afterview copy` (SQLite into PostgreSQL in bulk with the triggers off, and back
    row by row): the destination's planned_hour and answer_wait are rebuilt, equal to
    a fresh count, and its Today and stats show the same figures."""
    from db.write import interviews
    from tests.db.test_answer_wait import kept_and_counted as answers_kept_and_counted
    from tests.pg import drop_database, fresh_database

    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    for at in (utc(2026, 11, 16, 8), utc(2026, 11, 23, 18, 10), utc(2026, 11, 23, 18, 50)):
        plan(store, dana.id, at)
    sent = plan(store, dana.id, utc(2026, 11, 24, 9))
    follow_ups.mark_sent(store.uow(), sent)
    expected = assert_right(store)
    acme = applications.add_application(
        store.uow(), "Acme", "Engineer", "applied", applied_on=dt.date(2026, 9, 1)
    )
    interviews.record_response(store.uow(), acme.id, "Hi", received_at=utc(2026, 10, 7, 20))
    waits = store.views.stats().median_days_to_reply

    server = request.getfixturevalue("pg_server")
    name = None
    if store.engine.dialect.name == "sqlite":
        from db.target import ServerURL

        name = fresh_database(server)
        destination = open_database(ServerURL(server.url(name)))
    else:
        destination = open_database(tmp_path / "copy.db")
    try:
        copy_all(store.engine, destination)
        copied = Store(destination, store.clock)
        assert assert_right(copied) == expected == (2, 1, 0)
        kept, counted = answers_kept_and_counted(destination)
        assert kept == counted and sum(kept.values()) == 1
        assert copied.views.stats().median_days_to_reply == waits == 37  # 1 Sep to 8 Oct in India
    finally:
        destination.dispose()
        if name is not None:
            drop_database(server, name)
