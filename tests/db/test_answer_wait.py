"""answer_wait (migration 0009): first answers per UTC month and quarter hour after
applying, kept by triggers on application, from which the stats screen's days to a
first answer are added up. The table equals a fresh count after every kind of write,
and the days equal each answer's day in the user's zone minus the day applied, in zones
that change their offset (ahead of UTC and behind it) and one a half hour off, on both
engines."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from db.models import Application
from db.read.stats import answers
from db.store import Store
from db.write import applications, contacts, interviews
from db.write.settings import set_setting


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def counted_rows(engine) -> list:
    """(first answer, seconds from applying, applied on) of every application the
    days to a first answer count: applied or further on, with both times known."""
    with engine.connect() as conn:
        return conn.execute(
            select(Application.first_answer_at, Application.answer_seconds, Application.applied_on)
            .where(Application.first_answer_at.is_not(None))
            .where(Application.answer_seconds.is_not(None))
            .where(Application.stage_reached >= 1)
        ).all()


def kept_and_counted(engine) -> tuple[dict, dict]:
    with engine.connect() as conn:
        kept = {(m, q): n for m, q, n in conn.execute(text("SELECT * FROM answer_wait"))}
    counted = Counter(
        (f"{at.astimezone(dt.UTC):%Y-%m}", seconds // 900)
        for at, seconds, _ in counted_rows(engine)
    )
    return kept, dict(counted)


def days_shown(store: Store) -> Counter:
    with store.views.snapshot() as con:
        return answers(con, store.views.settings)[2]


def days_expected(store: Store, zone: str) -> Counter:
    """Each answer's day in `zone`, less the day applied."""
    return Counter(
        (at.astimezone(ZoneInfo(zone)).date() - applied).days
        for at, _, applied in counted_rows(store.engine)
    )


# Answers around local midnight (a day either way with the offset) in every month of a
# year, and on the days the clocks change in Europe and in America.
ANSWERED = [
    utc(2026, month, day, hour, minute)
    for month in range(1, 12)
    for day, hour, minute in ((9, 22, 30), (10, 23, 30), (11, 3, 30), (12, 4, 45), (14, 12, 0))
] + [
    utc(2026, 3, 8, 5, 30), utc(2026, 3, 8, 7, 30), utc(2026, 3, 29, 0, 30),
    utc(2026, 3, 29, 22, 30), utc(2026, 10, 24, 22, 30), utc(2026, 10, 25, 23, 30),
    utc(2026, 11, 1, 4, 30), utc(2026, 11, 1, 6, 30), utc(2025, 12, 31, 23, 45),
]  # fmt: skip


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Asia/Kolkata"])
def test_days_to_a_first_answer_are_each_answer_s_local_day(any_engine, clock, zone) -> None:
    store = Store(any_engine, clock)
    set_setting(store.uow(), "timezone", zone)
    for n, at in enumerate(ANSWERED):
        applied = (at - dt.timedelta(days=n % 9 - 1)).date()  # some the day after
        app = applications.add_application(
            store.uow(), f"Firm {n}", "Engineer", "applied", applied_on=applied
        )
        interviews.record_response(store.uow(), app.id, "Thanks", received_at=at)
    kept, counted = kept_and_counted(any_engine)
    assert kept == counted and sum(kept.values()) == len(ANSWERED)
    assert days_shown(store) == days_expected(store, zone)


def test_the_counts_follow_every_write_on_both_engines(any_engine, clock) -> None:
    """A reply, an earlier reply, an interview before it, the day applied moved, a move
    back to the wishlist and on again, an edit in plain SQL by another writer, and a
    delete: answer_wait still equals a fresh count, and the days shown are right."""
    store = Store(any_engine, clock)
    set_setting(store.uow(), "timezone", "Europe/Berlin")
    acme = applications.add_application(
        store.uow(), "Acme", "Engineer", "applied", applied_on=dt.date(2026, 10, 1)
    )
    beta = applications.add_application(
        store.uow(), "Beta", "SRE", "applied", applied_on=dt.date(2026, 9, 20)
    )

    def right() -> dict:
        kept, counted = kept_and_counted(any_engine)
        assert kept == counted
        assert days_shown(store) == days_expected(store, "Europe/Berlin")
        return kept

    assert right() == {}
    interviews.record_response(store.uow(), acme.id, "Hi", received_at=utc(2026, 10, 30, 23))
    interviews.record_response(store.uow(), acme.id, "Hi", received_at=utc(2026, 10, 3, 9))
    dana = contacts.add_contact(store.uow(), "Dana Reyes", company="Beta")
    interviews.log_interview(store.uow(), beta.id, utc(2026, 9, 30, 22, 30), [dana.id])
    assert sum(right().values()) == 2
    applications.edit_application(store.uow(), acme.id, applied_on=dt.date(2026, 9, 28))
    right()
    applications.move_stage(store.uow(), beta.id, "wishlist")
    right()
    applications.move_stage(store.uow(), beta.id, "interviewing")
    right()
    with any_engine.begin() as conn:  # another writer, in plain SQL
        conn.execute(
            text("UPDATE application SET applied_on = :day WHERE id = :id"),
            {"day": dt.date(2026, 8, 31), "id": beta.id},
        )
    right()
    applications.delete(store.uow(), acme.id)
    assert sum(right().values()) == 1
    applications.delete(store.uow(), beta.id)
    assert right() == {}
