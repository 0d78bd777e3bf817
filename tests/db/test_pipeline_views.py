"""The Pipeline's read side: last touch, search, stage filter, orders, the closed &
archived view; and deleting an application with what goes with it."""

from __future__ import annotations

import datetime as dt

from db.records import PipelineView
from db.store import Store
from db.write import applications, contacts, follow_ups, interviews


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def by_company(store: Store, view: PipelineView | None = None) -> dict:
    summary = store.views.pipeline_summary(view=view) if view else store.views.pipeline_summary()
    return {a.company: a for a in summary.active}


def test_an_interview_last_week_is_the_last_touch(store: Store) -> None:
    """Mistake 7: 'Last touch —' for a company interviewed last week."""
    app = applications.add_application(store.uow(), "Acme", "Engineer", "screening")
    dana = contacts.add_contact(store.uow(), "Dana Ito", company="Acme")
    held = utc(2026, 11, 17, 14)  # Tuesday last week; nothing sent since
    interviews.log_interview(store.uow(), app.id, held, [dana.id])
    assert by_company(store)["Acme"].last_touch == held
    assert store.views.application(app.id).last_touch == held
    # The person's last touch counts it too (the contacts screen).
    assert store.views.contact(dana.id).last_touched_at == held
    assert [c.last_touched_at for c in store.views.contacts("Dana")] == [held]


def test_an_interview_still_to_come_is_not_a_touch(store: Store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Engineer", "screening")
    dana = contacts.add_contact(store.uow(), "Dana Ito", company="Acme")
    interviews.log_interview(store.uow(), app.id, utc(2026, 11, 30, 14), [dana.id])
    assert by_company(store)["Acme"].last_touch is None
    assert store.views.contact(dana.id).last_touched_at is None


def test_a_note_sent_after_the_interview_is_the_later_touch(store: Store, clock) -> None:
    app = applications.add_application(store.uow(), "Acme", "Engineer", "screening")
    dana = contacts.add_contact(store.uow(), "Dana Ito", company="Acme")
    interviews.log_interview(store.uow(), app.id, utc(2026, 11, 20, 9), [dana.id])
    thank_you = store.views.follow_ups_for(application_id=app.id)[0]
    follow_ups.mark_sent(store.uow(), thank_you.id)  # at the fixed clock, 24 Nov
    assert by_company(store)["Acme"].last_touch == store.views.now()


def seed(store: Store) -> dict[str, int]:
    ids = {}
    for company, role, stage in (
        ("Acme", "Backend Engineer", "applied"),
        ("Birch", "Data Analyst", "screening"),
        ("Cobalt", "Platform Engineer", "applied"),
        ("Dune", "Designer", "rejected"),
    ):
        ids[company] = applications.add_application(store.uow(), company, role, stage).id
    return ids


def test_search_matches_company_role_or_person_in_any_case(store: Store) -> None:
    ids = seed(store)
    ravi = contacts.add_contact(store.uow(), "Ravi Shah")
    interviews.add_reference(store.uow(), ids["Birch"], ravi.id)
    contacts.add_contact(store.uow(), "Mia Wong", company="Cobalt")

    def found(words: str) -> list[str]:
        return sorted(by_company(store, PipelineView(search=words)))

    assert found("acme") == ["Acme"]
    assert found("ENGINEER") == ["Acme", "Cobalt"]
    assert found("ravi") == ["Birch"]  # a reference of that application
    assert found("mia") == ["Cobalt"]  # works at that company
    assert found("engineer platform") == ["Cobalt"]  # every word must match
    assert found("100%") == []  # % is a character, not a wildcard
    summary = store.views.pipeline_summary(view=PipelineView(search="engineer"))
    assert summary.active_total == 2


def test_stage_filter_and_the_closed_and_archived_view(store: Store) -> None:
    ids = seed(store)
    applications.archive(store.uow(), ids["Acme"])
    assert sorted(by_company(store, PipelineView(stage="applied"))) == ["Cobalt"]
    closed = by_company(store, PipelineView(closed=True))
    assert sorted(closed) == ["Acme", "Dune"]
    assert closed["Acme"].archived
    assert sorted(by_company(store, PipelineView(closed=True, stage="rejected"))) == ["Dune"]
    applications.restore(store.uow(), ids["Acme"])
    assert "Acme" in by_company(store)
    assert sorted(by_company(store, PipelineView(closed=True))) == ["Dune"]


def test_the_four_orders(store: Store, clock) -> None:
    ids = seed(store)
    applications.edit_application(store.uow(), ids["Acme"], applied_on=dt.date(2026, 11, 2))
    applications.edit_application(store.uow(), ids["Birch"], applied_on=dt.date(2026, 11, 20))
    applications.edit_application(store.uow(), ids["Cobalt"], applied_on=dt.date(2026, 11, 9))
    dana = contacts.add_contact(store.uow(), "Dana Ito")
    interviews.log_interview(store.uow(), ids["Cobalt"], utc(2026, 11, 23, 9), [dana.id])
    interviews.log_interview(store.uow(), ids["Acme"], utc(2026, 11, 16, 9), [dana.id])

    def order(sort: str) -> list[str]:
        view = PipelineView(sort=sort, search="a")  # a search: the SQL order, not the index
        return [a.company for a in store.views.pipeline_summary(view=view).active]

    assert order("company") == ["Acme", "Birch", "Cobalt"]
    assert order("applied") == ["Birch", "Cobalt", "Acme"]
    assert order("touch") == ["Cobalt", "Acme", "Birch"]  # latest first, none last
    nexts = [
        a.next_due
        for a in store.views.pipeline_summary(view=PipelineView(sort="next", search="a")).active
    ]
    planned = [n for n in nexts if n is not None]
    assert planned == sorted(planned) and nexts[: len(planned)] == planned


def test_pages_of_a_view_follow_on(store: Store) -> None:
    for n in range(7):
        applications.add_application(store.uow(), f"Co {n}", "Engineer", "applied")
    view = PipelineView(sort="company")
    first = store.views.pipeline_summary(limit=4, view=view)
    rest = store.views.pipeline_summary(limit=4, offset=4, view=view)
    assert first.active_total == 7
    assert [a.company for a in first.active + rest.active] == [f"Co {n}" for n in range(7)]


def test_delete_takes_its_history_and_leaves_its_people(store: Store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Engineer", "screening")
    dana = contacts.add_contact(store.uow(), "Dana Ito", company="Acme")
    interviews.log_interview(store.uow(), app.id, utc(2026, 11, 20, 9), [dana.id])
    interviews.record_response(store.uow(), app.id, "Next round soon", dana.id)
    footprint = store.views.application_footprint(app.id)
    assert footprint.interviews == 1 and footprint.replies == 1
    assert footprint.follow_ups == len(store.views.follow_ups_for(application_id=app.id)) > 0
    assert footprint.stage_changes == 2  # added, then interviewing

    gone = applications.delete(store.uow(), app.id)

    assert (gone.company, gone.interviews, gone.follow_ups) == ("Acme", 1, footprint.follow_ups)
    assert store.views.application(app.id) is None
    assert store.views.follow_ups_for(application_id=app.id) == []
    assert store.views.application_footprint(app.id).stage_changes == 0
    assert store.views.contact(dana.id).company == "Acme"  # people stay in Contacts


def test_today_ends_at_local_midnight_on_the_day_the_clocks_go_back(store: Store, clock) -> None:
    """25 October 2026 in Berlin is 25 hours long: a follow-up due at 23:30 that evening
    (22:30 UTC, an hour after 24 hours from midnight) is due today, not later."""
    from db.write.settings import set_setting

    set_setting(store.uow(), "timezone", "Europe/Berlin")
    clock.set("2026-10-25T09:00:00+00:00")
    person = contacts.add_contact(store.uow(), "Dana Reyes")
    late = dt.datetime(2026, 10, 25, 22, 30, tzinfo=dt.UTC)
    made = follow_ups.add_follow_up(store.uow(), person.id, due_at=late)
    due = store.views.due_follow_ups()
    assert [i.id for i in due.today] == [made.id]
    assert due.week == ()
