"""Issue 13's rules, end to end against a real file: a phone screen is screening, every
way the company answers is a reply, a silent application gets one check-in, a date
they gave plans the check-in, and the stats add up.

The clock stands at Tuesday 24 November 2026, 10:30 UTC (11:30 in Berlin, the user's
zone); 09:00 in Berlin is 08:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from db.exchange.csv_import import import_rows
from db.exchange.sheet import read_spreadsheet
from db.write import applications, contacts, follow_ups, interviews
from db.write.settings import set_setting
from tests.db.test_repository import add_panel, interviewed, planned, utc
from tui.modals.skip_dialog import REASONS

APPLIED_CHECK_IN = "application check-in"


def add_reference(store, app_id: int):
    ref = contacts.add_contact(store.uow(), "Grace Lee", met_via="reference", email="g@x.example")
    interviews.add_reference(store.uow(), app_id, ref.id)
    return ref


# --- mistake 3: a phone screen is screening ---------------------------------------------


def test_a_phone_screen_is_screening_and_references_wait_for_real_interviews(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    ref = add_reference(store, app.id)
    (recruiter,) = add_panel(store, ["Rita Recruiter"])

    screen = interviews.log_interview(
        store.uow(), app.id, utc(2026, 11, 24, 9), [recruiter.id], minutes=20, kind="phone screen"
    )

    assert screen.moved_to == "screening"
    assert store.views.application_detail(app.id).application.stage == "screening"
    assert not planned(store, "reference heads-up")
    assert [i.contact_id for i in planned(store, "thank-you")] == [recruiter.id]
    assert store.views.stats().funnel["screening"] == 1
    assert store.views.stats().funnel["interviewing"] == 0

    (lead,) = add_panel(store, ["Dana Reyes"])
    real = interviews.log_interview(store.uow(), app.id, utc(2026, 11, 24, 10), [lead.id])

    assert real.moved_to == "interviewing"
    assert [i.contact_id for i in planned(store, "reference heads-up")] == [ref.id]


# --- mistake 4: every way the company answers is a reply ------------------------------


def test_an_offer_ends_the_pending_check_ins(store) -> None:
    app, _, _ = interviewed(store)
    assert planned(store, "check-in")

    moved = applications.move_stage(store.uow(), app.id, "offer")

    assert not planned(store, "check-in")  # no "has a decision been made?" left
    assert moved.response_id is not None
    skipped = [i for i in store.views.follow_ups_for() if i.status == "skipped"]
    assert skipped and all(i.reason for i in skipped)  # the reason is kept


def test_one_offer_and_one_rejection_out_of_two_is_a_reply_rate_of_one(store) -> None:
    a = applications.add_application(store.uow(), "A", "Engineer")
    b = applications.add_application(store.uow(), "B", "Engineer")
    applications.move_stage(store.uow(), a.id, "offer")
    applications.move_stage(store.uow(), b.id, "rejected")

    assert store.views.stats().reply_rate == pytest.approx(1.0)


def test_skipping_a_check_in_because_they_replied_is_a_reply(store, clock) -> None:
    app, _, _ = interviewed(store)
    (check_in,) = planned(store, "check-in")

    follow_ups.skip(store.uow(), check_in.id, REASONS[0])  # "They replied already"

    stats = store.views.stats()
    assert stats.reply_rate == pytest.approx(1.0)
    assert stats.median_days_to_reply == 0
    assert len(store.views.application_detail(app.id).responses) == 1


def test_a_call_that_reached_them_counts_in_the_reply_rate(store, clock) -> None:
    app, _, _ = interviewed(store)
    (check_in,) = planned(store, "check-in")
    clock.set(check_in.due_at)

    follow_ups.log_call_outcome(store.uow(), check_in.id, "reached")

    assert store.views.stats().reply_rate == pytest.approx(1.0)


def test_feedback_is_asked_after_a_rejection_where_they_only_replied(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    (rita,) = add_panel(store, ["Rita Recruiter"])
    interviews.record_response(store.uow(), app.id, "Thanks, we'll look", rita.id)

    applications.move_stage(store.uow(), app.id, "rejected")

    assert [i.contact_id for i in planned(store, "feedback request")] == [rita.id]


def test_no_feedback_request_where_the_company_never_engaged(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")

    applications.move_stage(store.uow(), app.id, "rejected")

    assert not planned(store, "feedback request")


# --- applied and silent ------------------------------------------------------------------


def test_an_application_gets_one_check_in_ten_business_days_after_applying(store) -> None:
    app = applications.add_application(
        store.uow(), "Acme", "Backend Engineer", applied_on=dt.date(2026, 11, 23)
    )

    (check_in,) = planned(store, APPLIED_CHECK_IN, application_id=app.id)
    assert check_in.due_at == utc(2026, 12, 7, 8)  # Mon 23 Nov + 10 business days, 9:00
    assert check_in.company == "Acme"


def test_the_check_in_after_applying_goes_to_someone_at_the_company(store) -> None:
    (rita,) = add_panel(store, ["Rita Recruiter"])
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")

    (check_in,) = planned(store, APPLIED_CHECK_IN, application_id=app.id)
    assert check_in.contact_id == rita.id


def test_with_nobody_known_the_check_in_waits_for_someone_to_be_named(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    (check_in,) = planned(store, APPLIED_CHECK_IN)
    assert check_in.contact_name == "Hiring team"  # a stand-in the user can fill in

    (rita,) = add_panel(store, ["Rita Recruiter"])

    (check_in,) = planned(store, APPLIED_CHECK_IN, application_id=app.id)
    assert check_in.contact_id == rita.id
    assert [c.name for c in store.views.contacts()] == ["Rita Recruiter"]  # stand-in gone


def test_the_wait_after_applying_is_a_setting(store) -> None:
    set_setting(store.uow(), "applied_check_in_days", "5")
    app = applications.add_application(store.uow(), "Acme", "Engineer")

    (check_in,) = planned(store, APPLIED_CHECK_IN, application_id=app.id)
    assert check_in.due_at == utc(2026, 12, 1, 8)  # Tue 24 Nov + 5 business days


def test_the_check_in_after_applying_is_sent_once(store, clock) -> None:
    app = applications.add_application(store.uow(), "Acme", "Engineer")
    (check_in,) = planned(store, APPLIED_CHECK_IN)
    clock.set(check_in.due_at)

    follow_ups.mark_sent(store.uow(), check_in.id)

    assert not planned(store, application_id=app.id)
    applications.move_stage(store.uow(), app.id, "wishlist")
    applications.move_stage(store.uow(), app.id, "applied")
    assert not planned(store, application_id=app.id)  # once, even after moving back


def test_a_reply_or_an_interview_ends_the_check_in_after_applying(store) -> None:
    replied = applications.add_application(store.uow(), "Bolt", "Engineer")
    interviews.record_response(store.uow(), replied.id, "Got it")
    app, _, _ = interviewed(store)

    assert not planned(store, APPLIED_CHECK_IN)
    assert not planned(store, "check-in", application_id=replied.id)


def test_no_check_in_after_applying_when_the_cap_allows_none(store) -> None:
    set_setting(store.uow(), "max_unanswered_check_ins", "0")
    applications.add_application(store.uow(), "Acme", "Engineer")

    assert not planned(store, APPLIED_CHECK_IN)


def test_imported_applications_get_their_check_in_after_applying(store, clock) -> None:
    sheet = read_spreadsheet(
        "Company,Role,Status,Date applied\n"
        "Acme,Engineer,Applied,2026-11-20\n"
        "Bolt,Engineer,Interviewing,2026-11-02\n"
        "Cask,Engineer,Wishlist,\n",
        "tracker.csv",
    )
    assert not sheet.bad
    import_rows(store.engine, sheet.rows, clock)

    (check_in,) = planned(store, APPLIED_CHECK_IN)
    assert check_in.company == "Acme"
    assert check_in.due_at == utc(2026, 12, 4, 8)  # Fri 20 Nov + 10 business days


def test_the_check_in_after_applying_has_a_draft_of_its_own(store) -> None:
    from db.notes.drafts import draft, facts_for

    applications.add_application(store.uow(), "Acme", "Backend Engineer")
    (check_in,) = planned(store, APPLIED_CHECK_IN)
    subject, body = draft(facts_for(check_in))

    assert "Backend Engineer" in subject
    assert "applied" in body and "[" in body  # says why, and leaves a prompt to fill
    assert "we spoke" not in body  # nobody has spoken yet
    assert "Hi Hiring," not in body


# --- the reply form: the day they gave plans the next check-in -------------------------


def test_a_reply_with_a_decision_day_plans_the_check_in_the_business_day_after(store) -> None:
    app, people, _ = interviewed(store)

    result = interviews.record_response(
        store.uow(), app.id, "We'll decide by Friday", people[0].id, decide_by=dt.date(2026, 11, 27)
    )

    (check_in,) = planned(store, "check-in")
    assert check_in.due_at == utc(2026, 11, 30, 8)  # Monday after Friday 27, 9:00 Berlin
    assert check_in.contact_id == people[0].id
    assert result.planned and result.planned[0].id == check_in.id


def test_a_decision_day_in_the_past_is_refused(store) -> None:
    from db.validation import ValidationError

    app, people, _ = interviewed(store)
    with pytest.raises(ValidationError) as info:
        interviews.record_response(
            store.uow(), app.id, "", people[0].id, decide_by=dt.date(2026, 11, 20)
        )
    assert info.value.field == "decide_by"
    assert len(store.views.application_detail(app.id).responses) == 0


# --- stats that add up -------------------------------------------------------------------


def build_search(store, clock) -> None:
    """Six applications, each answered (or not) in its own way."""
    clock.set("2026-11-02T10:00:00+00:00")
    ids = {
        name: applications.add_application(store.uow(), name, "Engineer").id
        for name in ("Quiet", "Screened", "Offered", "Turned", "Replied")
    }
    applications.add_application(store.uow(), "Dream", "Engineer", "wishlist")
    (rita,) = add_panel(store, ["Rita Recruiter"], company="Screened")
    clock.set("2026-11-05T10:00:00+00:00")
    interviews.log_interview(
        store.uow(), ids["Screened"], utc(2026, 11, 5, 9), [rita.id], kind="phone screen"
    )
    clock.set("2026-11-09T10:00:00+00:00")
    applications.move_stage(store.uow(), ids["Offered"], "offer")
    clock.set("2026-11-12T10:00:00+00:00")
    applications.move_stage(store.uow(), ids["Turned"], "rejected")
    interviews.record_response(store.uow(), ids["Replied"], "Got it", received_at=utc(2026, 11, 3))
    clock.set("2026-11-24T10:30:00+00:00")


def test_the_stats_add_up(store, clock, db_path) -> None:
    build_search(store, clock)
    stats = store.views.stats()
    con = sqlite3.connect(db_path)
    applied, answered = con.execute(
        "SELECT count(*), sum(EXISTS (SELECT 1 FROM response r WHERE r.application_id = a.id)"
        " OR EXISTS (SELECT 1 FROM interview i WHERE i.application_id = a.id))"
        " FROM application a WHERE stage != 'wishlist'"
    ).fetchone()
    con.close()

    assert sum(stats.funnel.values()) == 6
    assert stats.funnel["screening"] == 1 and stats.funnel["interviewing"] == 0
    # Screened (an interview), Offered, Turned and Replied answered; Quiet did not.
    assert (applied, answered) == (5, 4)
    assert stats.reply_rate == pytest.approx(answered / applied)
    # First answers: 1 (Replied), 3 (Screened), 7 (Offered), 10 (Turned) days.
    assert stats.median_days_to_reply == 5
    assert stats.reached["wishlist"] == 6 and stats.reached["applied"] == 5
    assert stats.reached["screening"] == 2 and stats.reached["offer"] == 1
    assert stats.conversion["applied"] == pytest.approx(5 / 6)
    assert stats.step_conversion["applied"] == pytest.approx(2 / 5)
    assert stats.step_conversion["screening"] == pytest.approx(1 / 2)


def test_an_old_application_gets_its_check_in_soon_or_not_at_all() -> None:
    from db import replies
    from db.days import Settings

    settings = Settings(timezone="Europe/Berlin")
    now = utc(2026, 11, 24, 10, 30)  # Tuesday
    late = replies.plan_applied_check_in(1, 1, dt.date(2026, 11, 3), now, settings)
    stale = replies.plan_applied_check_in(1, 1, dt.date(2026, 10, 1), now, settings)

    assert late is not None and late.due_at == now  # 5 business days late: today
    assert stale is None  # more than twice the wait: the silence says enough
