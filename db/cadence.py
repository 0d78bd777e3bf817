"""The follow-up rules of DESIGN.md as pure functions.

Nothing here opens a session or reads the clock: callers pass the facts, the time
("now") and the `Settings`, and get back plans (`Plan`) and skips. Every datetime in
and out is time-zone aware UTC; business days are judged in the user's zone.

Kinds of touch differ in one way that matters for spacing: a thank-you answers the
interviewer's time and is bound to its 24-hour deadline, and so is a thank-you for
feedback and the addendum you chose to send now (`FIXED_KINDS`), so they never move,
not even for one another. Every other touch is discretionary and is moved later until
it keeps the minimum gap from every other touch to the same person (rule 3).

Here: the touches and plans (`Touch`, `Plan`, `Skip`) and the stage groups; rules 1-4
(thank-yous, check-ins, spacing and the cap on unanswered check-ins, a reply ending
them), rule 9 and the keep-warm rhythm (`after_sent`), and snoozing. What a change of
stage does (rules 5, 8, 10: `on_stage_change`) is in db.cadence_stages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from db.days import (
    Settings,
    add_business_days,
    at_send_hour,
    business_days_between,
    is_business_day,
    local_date,
    next_business_day,
    roll_forward,
)
from db.enums import Channel, Kind, Stage, Status

ACTIVE_STAGES = (Stage.WISHLIST, Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER)
CLOSED_STAGES = (Stage.ACCEPTED, Stage.WITHDRAWN, Stage.GHOSTED)  # nothing more to send
STAGE_ORDER = (*ACTIVE_STAGES, Stage.ACCEPTED)
# Touches that may still go out after a rejection (rule 5).
AFTER_REJECTION = (Kind.FEEDBACK_REQUEST, Kind.KEEP_WARM, Kind.FEEDBACK_THANKS)
# Bound to their moment, never moved for spacing: the thank-yous, and the addendum you
# chose to send now.
FIXED_KINDS = (Kind.THANK_YOU, Kind.FEEDBACK_THANKS, Kind.ADDENDUM)
# Asking the company where things stand: both count towards the cap (rule 3) and end
# when they answer (rule 4).
CHECK_IN_KINDS = (Kind.CHECK_IN, Kind.APPLIED_CHECK_IN)
# Stages only the company's answer can lead to: reaching one means they engaged.
ENGAGED_STAGES = (Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER, Stage.ACCEPTED)


@dataclass(frozen=True)
class Touch:
    """A follow-up as the rules see it."""

    id: int | None
    contact_id: int
    kind: Kind
    status: Status
    due_at: dt.datetime
    application_id: int | None = None
    done_at: dt.datetime | None = None


@dataclass(frozen=True)
class Plan:
    """A follow-up the rules want created."""

    contact_id: int
    kind: Kind
    channel: Channel
    due_at: dt.datetime
    application_id: int | None = None
    interview_id: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Skip:
    follow_up_id: int
    reason: str


# --- Rule 1: a thank-you to each member of the panel within 24 hours ---------------


def thank_you_due(starts_at: dt.datetime, minutes: int, settings: Settings) -> dt.datetime:
    """24 hours after the end; if that lands on a weekend, the evening of the interview
    day instead, so the note is neither late nor due on a weekend. (An interview held on
    a weekend keeps the 24-hour deadline: being prompt matters more than the day.)"""
    end = starts_at + dt.timedelta(minutes=minutes)
    due = end + dt.timedelta(hours=settings.thank_you_hours)
    if is_business_day(local_date(due, settings)):
        return due
    end_local = end.astimezone(settings.zone)
    evening = end_local.replace(hour=20, minute=0, second=0, microsecond=0)
    return max(end, min(end + dt.timedelta(hours=4), evening.astimezone(dt.UTC)))


def plan_thank_yous(
    interview_id: int | None,
    application_id: int,
    starts_at: dt.datetime,
    minutes: int,
    participant_ids: Sequence[int],
    settings: Settings,
) -> list[Plan]:
    due = thank_you_due(starts_at, minutes, settings)
    return [
        Plan(
            pid,
            Kind.THANK_YOU,
            Channel.EMAIL,
            due,
            application_id,
            interview_id,
            "rule 1: thank each interviewer within 24 hours",
        )
        for pid in dict.fromkeys(participant_ids)
    ]


# --- Rule 2: check in after the stated date, or after a few business days ----------


def check_in_day(
    interview_end: dt.datetime, answer_by: dt.date | None, settings: Settings
) -> dt.date:
    if answer_by is not None:
        return next_business_day(answer_by)
    return add_business_days(local_date(interview_end, settings), settings.check_in_business_days)


def plan_check_in(
    contact_id: int,
    application_id: int,
    interview_id: int | None,
    interview_end: dt.datetime,
    answer_by: dt.date | None,
    preferred_channel: Channel | None,
    settings: Settings,
) -> Plan:
    day = check_in_day(interview_end, answer_by, settings)
    why = "the day they said has passed" if answer_by else "no date was given"
    return Plan(
        contact_id,
        Kind.CHECK_IN,
        preferred_channel or Channel.PHONE,
        at_send_hour(day, settings),
        application_id,
        interview_id,
        f"rule 2: check in, {why}",
    )


# --- Rule 3: a minimum gap, and a limit on unanswered check-ins --------------------


def too_close(a: dt.datetime, b: dt.datetime, settings: Settings) -> bool:
    gap = business_days_between(local_date(a, settings), local_date(b, settings))
    return gap < settings.min_gap_business_days


def spaced(due: dt.datetime, others: Iterable[dt.datetime], settings: Settings) -> dt.datetime:
    """The first business-day time at or after `due` that keeps the gap from `others`."""
    others = sorted(others)
    day = roll_forward(local_date(due, settings))
    if day != local_date(due, settings):
        due = at_send_hour(day, settings)
    for _ in range(len(others) + 1):
        clash = [o for o in others if too_close(due, o, settings)]
        if not clash:
            return due
        latest = local_date(max(clash), settings)
        due = at_send_hour(add_business_days(latest, settings.min_gap_business_days), settings)
    return due


def respace(touches: Sequence[Touch], settings: Settings) -> dict[int, dt.datetime]:
    """Re-place one person's planned discretionary touches around the fixed ones.

    Sent touches and the fixed kinds stay put; the rest keep their order and move later
    only as far as the gap needs. Returns {follow_up_id: new due} for those that move.
    """
    fixed = [
        t.done_at or t.due_at
        for t in touches
        if t.status == Status.SENT or (t.status == Status.PLANNED and t.kind in FIXED_KINDS)
    ]
    movable = sorted(
        (
            t
            for t in touches
            if t.status == Status.PLANNED and t.kind not in FIXED_KINDS and t.id is not None
        ),
        key=lambda t: (t.due_at, t.id),
    )
    placed, moves = list(fixed), {}
    for touch in movable:
        due = spaced(touch.due_at, placed, settings)
        placed.append(due)
        if due != touch.due_at:
            moves[touch.id] = due
    return moves


def unanswered_check_ins(
    touches: Iterable[Touch],
    replies: Iterable[dt.datetime],
    interviews_logged: Iterable[dt.datetime] = (),
) -> int:
    """Check-ins sent about an application since the company last answered."""
    sent = (
        t.done_at or t.due_at
        for t in touches
        if t.kind in CHECK_IN_KINDS and t.status == Status.SENT
    )
    return unanswered_since(sent, replies, interviews_logged)


def unanswered_since(
    check_ins_sent: Iterable[dt.datetime],
    replies: Iterable[dt.datetime],
    interviews_logged: Iterable[dt.datetime] = (),
) -> int:
    """How many of the check-ins sent (their times) the company has not answered.

    A reply answers the check-ins sent before it; so does an interview, arranged after
    them, from the time it is logged. A check-in sent in the same instant as the
    interview was logged still counts, erring towards fewer check-ins.
    """
    last_reply = max(replies, default=None)
    last_interview = max(interviews_logged, default=None)
    return sum(
        1
        for at in check_ins_sent
        if (last_reply is None or at > last_reply)
        and (last_interview is None or at >= last_interview)
    )


def suggest_ghosted(stage: Stage, unanswered: int, settings: Settings) -> bool:
    return stage in ACTIVE_STAGES and unanswered >= settings.max_unanswered_check_ins


def next_check_in(
    sent: Touch, unanswered: int, channel: Channel, settings: Settings
) -> Plan | None:
    """After a check-in goes unanswered: another, or none once the limit is reached."""
    if unanswered >= settings.max_unanswered_check_ins:
        return None
    day = add_business_days(
        local_date(sent.done_at or sent.due_at, settings), settings.check_in_business_days
    )
    return Plan(
        sent.contact_id,
        Kind.CHECK_IN,
        channel,
        at_send_hour(day, settings),
        sent.application_id,
        None,
        f"rule 3: check-in {unanswered + 1} of {settings.max_unanswered_check_ins}",
    )


# --- Rule 4: a reply ends the pending check-ins ------------------------------------


def skips_on_reply(planned: Iterable[Touch], reason: str = "reply received") -> list[Skip]:
    return [
        Skip(t.id, reason)
        for t in planned
        if t.kind in CHECK_IN_KINDS and t.status == Status.PLANNED and t.id is not None
    ]


# --- Rules 5 and 9: keep-warm rhythm and event contacts ----------------------------


def next_keep_warm(
    contact_id: int,
    application_id: int | None,
    after: dt.datetime,
    warm_sent: int,
    settings: Settings,
) -> Plan | None:
    if warm_sent >= settings.keep_warm_max:
        return None
    day = local_date(after, settings) + dt.timedelta(weeks=settings.keep_warm_weeks)
    return Plan(
        contact_id,
        Kind.KEEP_WARM,
        Channel.EMAIL,
        at_send_hour(roll_forward(day), settings),
        application_id,
        None,
        f"keep-warm {warm_sent + 1} of {settings.keep_warm_max}, spaced out",
    )


def plan_event_follow_up(contact_id: int, met_on: dt.date, settings: Settings) -> Plan:
    return Plan(
        contact_id,
        Kind.EVENT_FOLLOW_UP,
        Channel.EMAIL,
        at_send_hour(next_business_day(met_on), settings),
        None,
        None,
        "rule 9: follow up the day after you met",
    )


def after_sent(
    sent: Touch,
    *,
    unanswered: int,
    warm_sent: int,
    channel: Channel,
    has_warm_planned: bool,
    settings: Settings,
) -> Plan | None:
    """The next touch that sending `sent` calls for, if any."""
    if sent.kind == Kind.CHECK_IN and sent.application_id is not None:
        return next_check_in(sent, unanswered, channel, settings)
    if sent.kind in (Kind.KEEP_WARM, Kind.EVENT_FOLLOW_UP) and not has_warm_planned:
        return next_keep_warm(
            sent.contact_id, sent.application_id, sent.done_at or sent.due_at, warm_sent, settings
        )
    return None


# --- Snoozing ---------------------------------------------------------------------


def snooze_until(choice: str | dt.date, now: dt.datetime, settings: Settings) -> dt.datetime:
    """A day chosen or typed ('tomorrow', 'next business day', 'friday', a date) at the
    send hour; never a weekend, never today or the past."""
    from db.dates import future_day  # only when snoozing: keeps start-up from compiling it

    today = local_date(now, settings)
    if isinstance(choice, dt.date):
        if choice <= today:
            raise ValueError("pick a day after today")
        day = choice
    else:
        day = future_day(choice, today, settings.date_order)
    return at_send_hour(roll_forward(day), settings)


def with_due(plan: Plan, due: dt.datetime) -> Plan:
    return replace(plan, due_at=due)
