"""The follow-up rules of DESIGN.md as pure functions: facts and settings in, plans out.

Each test name says which rule it holds to. Dates: Tuesday 24 November 2026; the user
is in Berlin (UTC+1 in winter), so 09:00 local is 08:00 UTC.
"""

from __future__ import annotations

import datetime as dt

import pytest

from db import cadence, cadence_stages, days
from db.cadence import Touch
from db.days import Settings
from db.enums import Channel, Kind, Stage, Status

BERLIN = Settings(timezone="Europe/Berlin")
UTC = dt.UTC
TUE = dt.date(2026, 11, 24)
FRI = dt.date(2026, 11, 27)
SAT = dt.date(2026, 11, 28)
SUN = dt.date(2026, 11, 29)
MON = dt.date(2026, 11, 30)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def nine_berlin(day: dt.date) -> dt.datetime:
    """09:00 in Berlin on `day`, in UTC (winter: 08:00)."""
    return dt.datetime.combine(day, dt.time(8), tzinfo=UTC)


def touch(id_, kind, due, status=Status.PLANNED, done=None, contact=1, app=1) -> Touch:
    return Touch(id_, contact, kind, status, due, app, done)


# --- Rule 1 --------------------------------------------------------------------------


def test_rule_01_thank_you_for_each_panel_member_within_24h() -> None:
    starts = utc(2026, 11, 24, 13)  # Tuesday 14:00 in Berlin
    plans = cadence.plan_thank_yous(7, 3, starts, 60, [11, 12, 13, 12], BERLIN)

    assert [p.contact_id for p in plans] == [11, 12, 13]  # one each, a repeat ignored
    assert {p.kind for p in plans} == {Kind.THANK_YOU}
    assert {p.channel for p in plans} == {Channel.EMAIL}  # email: it is prompt
    assert {p.due_at for p in plans} == {utc(2026, 11, 25, 14)}  # 24 h after the end
    assert {(p.application_id, p.interview_id) for p in plans} == {(3, 7)}


def test_rule_01_thank_you_for_friday_interview_is_due_friday_evening_not_saturday() -> None:
    starts = utc(2026, 11, 27, 13)  # Friday 14:00 in Berlin, ends 15:00
    due = cadence.thank_you_due(starts, 60, BERLIN)

    end = starts + dt.timedelta(hours=1)
    assert end < due <= end + dt.timedelta(hours=24)
    assert days.local_date(due, BERLIN) == FRI


def test_rule_01_thank_you_for_late_friday_interview_is_due_when_it_ends() -> None:
    starts = utc(2026, 11, 27, 17)  # Friday 18:00 in Berlin, three hours long
    due = cadence.thank_you_due(starts, 180, BERLIN)

    assert due == starts + dt.timedelta(hours=3)  # already past the evening: at once


def test_rule_01_thank_you_for_weekend_interview_stays_within_24h() -> None:
    starts = utc(2026, 11, 28, 9)  # Saturday 10:00 in Berlin
    due = cadence.thank_you_due(starts, 60, BERLIN)

    end = starts + dt.timedelta(hours=1)
    assert end <= due <= end + dt.timedelta(hours=24)


def test_rule_01_thank_you_deadline_follows_the_setting() -> None:
    starts = utc(2026, 11, 24, 13)
    due = cadence.thank_you_due(starts, 30, Settings(timezone="Europe/Berlin", thank_you_hours=4))

    assert due == utc(2026, 11, 24, 17, 30)


# --- Rule 2 --------------------------------------------------------------------------


def test_rule_02_check_in_the_business_day_after_the_date_they_gave() -> None:
    plan = cadence.plan_check_in(11, 3, 7, utc(2026, 11, 24, 14), FRI, None, BERLIN)

    assert plan.kind == Kind.CHECK_IN
    assert plan.due_at == nine_berlin(MON)  # Friday passes in silence: Monday, not Saturday
    assert plan.channel == Channel.PHONE  # by phone unless they said otherwise
    assert "day they said" in plan.reason


def test_rule_02_check_in_after_five_business_days_without_a_date() -> None:
    plan = cadence.plan_check_in(11, 3, 7, utc(2026, 11, 24, 14), None, None, BERLIN)

    assert plan.due_at == nine_berlin(dt.date(2026, 12, 1))  # Tue + 5 business days
    assert "no date" in plan.reason


def test_rule_02_check_in_uses_the_channel_they_prefer() -> None:
    plan = cadence.plan_check_in(11, 3, 7, utc(2026, 11, 24, 14), None, Channel.EMAIL, BERLIN)

    assert plan.channel == Channel.EMAIL


def test_rule_02_check_in_delay_follows_the_setting() -> None:
    settings = Settings(timezone="Europe/Berlin", check_in_business_days=3)

    assert cadence.check_in_day(utc(2026, 11, 26, 14), None, settings) == dt.date(2026, 12, 1)


# --- Rule 3 --------------------------------------------------------------------------


def test_rule_03_min_gap_of_two_business_days_between_touches() -> None:
    monday = nine_berlin(MON)

    assert cadence.too_close(monday, nine_berlin(dt.date(2026, 12, 1)), BERLIN)
    assert not cadence.too_close(monday, nine_berlin(dt.date(2026, 12, 2)), BERLIN)
    # Friday to Monday is one business day, however many calendar days.
    assert cadence.too_close(nine_berlin(FRI), monday, BERLIN)


def test_rule_03_min_gap_moves_a_check_in_away_from_a_recent_send() -> None:
    touches = [
        touch(1, Kind.KEEP_WARM, nine_berlin(TUE), Status.SENT, done=nine_berlin(TUE)),
        touch(2, Kind.CHECK_IN, nine_berlin(dt.date(2026, 11, 25))),
    ]

    assert cadence.respace(touches, BERLIN) == {2: nine_berlin(dt.date(2026, 11, 26))}


def test_rule_03_min_gap_never_moves_a_thank_you() -> None:
    thank_you_due = utc(2026, 11, 25, 14)
    touches = [
        touch(1, Kind.CHECK_IN, nine_berlin(TUE)),
        touch(2, Kind.THANK_YOU, thank_you_due),
    ]
    moves = cadence.respace(touches, BERLIN)

    assert 2 not in moves  # the 24-hour deadline wins
    assert moves[1] == nine_berlin(dt.date(2026, 11, 27))  # the check-in moves past it


def test_rule_03_min_gap_keeps_order_of_several_planned_touches() -> None:
    touches = [
        touch(1, Kind.CHECK_IN, nine_berlin(TUE)),
        touch(2, Kind.KEEP_WARM, nine_berlin(TUE) + dt.timedelta(hours=1)),
        touch(3, Kind.FEEDBACK_REQUEST, nine_berlin(dt.date(2026, 11, 25))),
    ]
    moves = cadence.respace(touches, BERLIN)

    assert 1 not in moves
    assert moves[2] == nine_berlin(dt.date(2026, 11, 26))
    assert moves[3] == nine_berlin(MON)  # Thursday + 2 business days, over the weekend


def test_rule_03_min_gap_ignores_skipped_touches() -> None:
    touches = [
        touch(1, Kind.CHECK_IN, nine_berlin(TUE), Status.SKIPPED),
        touch(2, Kind.KEEP_WARM, nine_berlin(TUE)),
    ]

    assert cadence.respace(touches, BERLIN) == {}


def test_rule_03_min_gap_follows_the_setting() -> None:
    settings = Settings(timezone="Europe/Berlin", min_gap_business_days=4)

    assert cadence.spaced(nine_berlin(TUE), [nine_berlin(TUE)], settings) == nine_berlin(MON)


def test_rule_03_stop_after_two_unanswered_check_ins() -> None:
    first = touch(1, Kind.CHECK_IN, nine_berlin(TUE), Status.SENT, done=nine_berlin(TUE))
    second_plan = cadence.next_check_in(first, 1, Channel.PHONE, BERLIN)

    assert second_plan is not None
    assert second_plan.due_at == nine_berlin(dt.date(2026, 12, 1))
    assert "2 of 2" in second_plan.reason
    second = touch(2, Kind.CHECK_IN, nine_berlin(dt.date(2026, 12, 1)), Status.SENT)
    assert cadence.next_check_in(second, 2, Channel.PHONE, BERLIN) is None


def test_rule_03_two_unanswered_check_ins_suggest_ghosted() -> None:
    assert cadence.suggest_ghosted(Stage.INTERVIEWING, 2, BERLIN)
    assert not cadence.suggest_ghosted(Stage.INTERVIEWING, 1, BERLIN)
    assert not cadence.suggest_ghosted(Stage.REJECTED, 5, BERLIN)  # already closed
    assert not cadence.suggest_ghosted(
        Stage.APPLIED, 2, Settings(timezone="UTC", max_unanswered_check_ins=3)
    )


def test_rule_03_unanswered_counts_check_ins_sent_since_the_last_answer() -> None:
    sent = [
        touch(1, Kind.CHECK_IN, utc(2026, 11, 2, 8), Status.SENT, done=utc(2026, 11, 2, 8)),
        touch(2, Kind.CHECK_IN, utc(2026, 11, 9, 8), Status.SENT, done=utc(2026, 11, 9, 8)),
        touch(3, Kind.CHECK_IN, utc(2026, 11, 16, 8), Status.SENT, done=utc(2026, 11, 16, 8)),
        touch(4, Kind.CHECK_IN, utc(2026, 11, 23, 8)),  # planned: not sent
        touch(5, Kind.THANK_YOU, utc(2026, 11, 20, 8), Status.SENT, done=utc(2026, 11, 20, 8)),
    ]

    assert cadence.unanswered_check_ins(sent, []) == 3
    assert cadence.unanswered_check_ins(sent, [utc(2026, 11, 5)]) == 2
    assert cadence.unanswered_check_ins(sent, [utc(2026, 11, 17)]) == 0
    # An interview arranged after the check-ins answers them too.
    assert cadence.unanswered_check_ins(sent, [], [utc(2026, 11, 10)]) == 1
    # One sent in the very instant the interview was logged still counts.
    assert cadence.unanswered_check_ins(sent, [], [utc(2026, 11, 16, 8)]) == 1


# --- Rule 4 --------------------------------------------------------------------------


def test_rule_04_reply_ends_pending_check_ins_only() -> None:
    planned = [
        touch(1, Kind.CHECK_IN, nine_berlin(MON)),
        touch(2, Kind.THANK_YOU, nine_berlin(TUE)),
        touch(3, Kind.CHECK_IN, nine_berlin(TUE), Status.SENT),
        touch(4, Kind.REFERENCE_HEADS_UP, nine_berlin(TUE)),
    ]
    skips = cadence.skips_on_reply(planned)

    assert [s.follow_up_id for s in skips] == [1]
    assert skips[0].reason == "reply received"


# --- Rule 5 --------------------------------------------------------------------------


def _reject(already_asked: bool = False, contact: int | None = 11):
    pending = [
        touch(1, Kind.CHECK_IN, nine_berlin(MON)),
        touch(2, Kind.KEEP_WARM, nine_berlin(MON)),
    ]
    now = utc(2026, 11, 24, 10, 30)
    return cadence_stages.on_stage_change(
        Stage.REJECTED, 3, pending, [], [], contact, already_asked, now, BERLIN
    )


def test_rule_05_rejection_asks_for_feedback_once_and_plans_keep_warm() -> None:
    effects = _reject()
    kinds = {p.kind: p for p in effects.plans}

    assert set(kinds) == {Kind.FEEDBACK_REQUEST, Kind.KEEP_WARM}
    assert kinds[Kind.FEEDBACK_REQUEST].due_at == nine_berlin(dt.date(2026, 11, 25))
    assert kinds[Kind.KEEP_WARM].due_at == nine_berlin(dt.date(2027, 1, 5))  # 6 weeks on
    assert {p.contact_id for p in effects.plans} == {11}
    # Pending check-ins end; a keep-warm already planned may stay.
    assert [(s.follow_up_id, s.reason) for s in effects.skips] == [(1, "rejected")]


def test_rule_05_feedback_is_asked_for_only_once() -> None:
    assert _reject(already_asked=True).plans == ()


def test_rule_05_rejection_adds_no_second_keep_warm_rhythm_for_one_person() -> None:
    now = utc(2026, 11, 24, 10, 30)

    def reject(**warm):
        effects = cadence_stages.on_stage_change(
            Stage.REJECTED, 3, [], [], [], 11, False, now, BERLIN, **warm
        )
        return [p.kind for p in effects.plans]

    assert reject(warm_sent=2) == [Kind.FEEDBACK_REQUEST, Kind.KEEP_WARM]
    assert reject(has_warm_planned=True) == [Kind.FEEDBACK_REQUEST]  # one rhythm at a time
    assert reject(warm_sent=3) == [Kind.FEEDBACK_REQUEST]  # at most three in all


def test_rule_05_no_feedback_request_without_anyone_to_ask() -> None:
    assert _reject(contact=None).plans == ()


def test_rule_05_keep_warm_every_six_weeks_at_most_three_times() -> None:
    sent_at = utc(2026, 11, 24, 10)
    plans = [cadence.next_keep_warm(11, 3, sent_at, n, BERLIN) for n in range(4)]

    assert [p is None for p in plans] == [False, False, False, True]
    assert plans[0].due_at == nine_berlin(dt.date(2027, 1, 5))
    assert "1 of 3" in plans[0].reason and "3 of 3" in plans[2].reason


def test_rule_05_keep_warm_landing_on_a_weekend_moves_to_monday() -> None:
    plan = cadence.next_keep_warm(11, None, utc(2026, 11, 28, 12), 0, BERLIN)  # a Saturday

    assert plan.due_at == nine_berlin(dt.date(2027, 1, 11))


def test_rule_05_after_sent_keep_warm_plans_the_next_unless_one_is_planned() -> None:
    sent = touch(1, Kind.KEEP_WARM, nine_berlin(TUE), Status.SENT, done=nine_berlin(TUE))
    common = dict(unanswered=0, channel=Channel.EMAIL, settings=BERLIN)

    nxt = cadence.after_sent(sent, warm_sent=1, has_warm_planned=False, **common)
    assert nxt.kind == Kind.KEEP_WARM
    assert cadence.after_sent(sent, warm_sent=1, has_warm_planned=True, **common) is None
    assert cadence.after_sent(sent, warm_sent=3, has_warm_planned=False, **common) is None


# --- Rule 8 --------------------------------------------------------------------------


def test_rule_08_reference_heads_up_when_reaching_interviewing() -> None:
    now = utc(2026, 11, 24, 10, 30)
    effects = cadence_stages.on_stage_change(
        Stage.INTERVIEWING, 3, [], [21, 22, 21], [22], None, False, now, BERLIN
    )

    assert [(p.contact_id, p.kind) for p in effects.plans] == [(21, Kind.REFERENCE_HEADS_UP)]
    assert effects.plans[0].due_at == now  # a business day: now
    assert effects.skips == ()


def test_rule_08_reference_heads_up_on_a_weekend_waits_for_monday() -> None:
    saturday = utc(2026, 11, 28, 12)
    effects = cadence_stages.on_stage_change(
        Stage.OFFER, 3, [], [21], [], None, False, saturday, BERLIN
    )

    assert effects.plans[0].due_at == nine_berlin(MON)


def test_rule_08_no_heads_up_for_earlier_stages() -> None:
    now = utc(2026, 11, 24, 10, 30)
    effects = cadence_stages.on_stage_change(
        Stage.SCREENING, 3, [], [21], [], None, False, now, BERLIN
    )

    assert effects.plans == () and effects.skips == ()


# --- Rule 9 --------------------------------------------------------------------------


def test_rule_09_event_contact_follow_up_next_business_day() -> None:
    plan = cadence.plan_event_follow_up(31, FRI, BERLIN)

    assert plan.kind == Kind.EVENT_FOLLOW_UP
    assert plan.due_at == nine_berlin(MON)  # met on Friday: Monday, not Saturday
    assert plan.application_id is None  # not tied to any application
    assert cadence.plan_event_follow_up(31, TUE, BERLIN).due_at == nine_berlin(
        dt.date(2026, 11, 25)
    )


def test_rule_09_event_contact_then_keep_warm_rhythm() -> None:
    sent = Touch(1, 31, Kind.EVENT_FOLLOW_UP, Status.SENT, nine_berlin(TUE), None, nine_berlin(TUE))
    nxt = cadence.after_sent(
        sent,
        unanswered=0,
        warm_sent=0,
        channel=Channel.EMAIL,
        has_warm_planned=False,
        settings=BERLIN,
    )

    assert (nxt.kind, nxt.contact_id, nxt.application_id) == (Kind.KEEP_WARM, 31, None)
    assert nxt.due_at == nine_berlin(dt.date(2027, 1, 5))


# --- Rule 10 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "reason"),
    [
        (Stage.ACCEPTED, "offer accepted"),
        (Stage.WITHDRAWN, "application withdrawn"),
        (Stage.GHOSTED, "marked as ghosted"),
    ],
)
def test_rule_10_closing_skips_every_pending_follow_up_with_reason(stage, reason) -> None:
    pending = [
        touch(1, Kind.CHECK_IN, nine_berlin(MON)),
        touch(2, Kind.THANK_YOU, nine_berlin(TUE)),
        touch(3, Kind.CHECK_IN, nine_berlin(TUE), Status.SENT),  # history stays as it is
    ]
    effects = cadence_stages.on_stage_change(
        stage, 3, pending, [21], [], 11, False, utc(2026, 11, 24, 10), BERLIN
    )

    assert [(s.follow_up_id, s.reason) for s in effects.skips] == [(1, reason), (2, reason)]
    assert effects.plans == ()  # no feedback request, no reference heads-up


# --- Rule 11 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (TUE, 1, dt.date(2026, 11, 25)),
        (FRI, 1, MON),  # Friday -> Monday
        (SAT, 1, MON),
        (SUN, 1, MON),
        (TUE, 5, dt.date(2026, 12, 1)),
        (FRI, 0, FRI),
        (dt.date(2026, 12, 30), 3, dt.date(2027, 1, 4)),  # over a year end weekend
    ],
)
def test_rule_11_no_weekends_in_business_day_arithmetic(start, n, expected) -> None:
    assert days.add_business_days(start, n) == expected


def test_rule_11_business_days_between_skips_weekends() -> None:
    assert days.business_days_between(FRI, MON) == 1
    assert days.business_days_between(dt.date(2026, 11, 23), FRI) == 4
    assert days.business_days_between(dt.date(2026, 12, 2), MON) == 2  # order-free
    assert days.business_days_between(TUE, TUE) == 0
    assert days.roll_forward(SAT) == MON and days.roll_forward(TUE) == TUE
    assert days.next_business_day(FRI) == MON


@pytest.mark.parametrize(
    ("now", "choice", "expected"),
    [
        (utc(2026, 11, 27, 10), "tomorrow", MON),  # Friday: tomorrow is Saturday -> Monday
        (utc(2026, 11, 27, 10), "next business day", MON),
        (utc(2026, 11, 24, 10), "tomorrow", dt.date(2026, 11, 25)),
        (utc(2026, 11, 24, 10), SAT, MON),  # a typed Saturday
        (utc(2026, 11, 28, 10), "tomorrow", MON),  # snoozing on a Saturday
    ],
)
def test_rule_11_no_weekends_when_snoozing(now, choice, expected) -> None:
    until = cadence.snooze_until(choice, now, BERLIN)

    assert until == nine_berlin(expected)
    assert days.is_business_day(days.local_date(until, BERLIN))


def test_rule_11_snooze_refuses_today_and_the_past() -> None:
    with pytest.raises(ValueError, match="after today"):
        cadence.snooze_until(TUE, utc(2026, 11, 24, 10), BERLIN)
    with pytest.raises(ValueError, match="unknown"):
        cadence.snooze_until("someday", utc(2026, 11, 24, 10), BERLIN)


def test_rule_11_spaced_never_lands_on_a_weekend() -> None:
    due = cadence.spaced(utc(2026, 11, 28, 10), [], BERLIN)

    assert due == nine_berlin(MON)


def test_rule_11_business_day_is_judged_in_the_users_zone() -> None:
    # Monday 01:00 in Tokyo is still Sunday in UTC.
    tokyo = Settings(timezone="Asia/Tokyo")
    monday_in_tokyo = utc(2026, 11, 29, 16)

    assert days.local_date(monday_in_tokyo, tokyo) == MON
    assert days.soonest(monday_in_tokyo, tokyo) == monday_in_tokyo
    assert days.soonest(monday_in_tokyo, BERLIN) == nine_berlin(MON)


def test_rule_11_send_hour_is_local_across_daylight_saving() -> None:
    summer, winter = dt.date(2027, 6, 1), dt.date(2027, 1, 5)

    assert days.at_send_hour(summer, BERLIN) == utc(2027, 6, 1, 7)
    assert days.at_send_hour(winter, BERLIN) == utc(2027, 1, 5, 8)


def test_rule_11_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        days.zone("Mars/Olympus_Mons")
