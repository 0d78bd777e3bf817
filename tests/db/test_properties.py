"""Random job-search histories through the real Store, then the rules' invariants.

Each example opens its own database file (Hypothesis reuses a test function across
examples, so a pytest tmp_path fixture would be shared between them) and replays a
history: interviews on business days with panels of 1 to 6, replies, stage changes,
sends, call outcomes, snoozes, skips, references and event contacts, with the clock
moving forward. After every step the invariants of the follow-up rules must hold.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import tempfile
from pathlib import Path

import arrow
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import cadence, days
from db.cadence import Touch
from db.engine import open_database
from db.models import FollowUp, Interview, Kind, Response, Stage, Status, interview_participant
from db.store import Store
from db.validation import ValidationError
from db.write import applications, contacts, follow_ups, interviews
from db.write.settings import set_setting

START = arrow.get("2026-11-24T10:30:00+00:00")
ZONES = ("Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "UTC")
APPS = 2
PEOPLE = 7
USER_SKIP = "not needed (test)"
# Notes that answer something the person did, or repair something: each keeps its
# moment, so two of them may fall closer than the minimum gap (db/cadence.py).
ANSWERING = {Kind.THANK_YOU, Kind.FEEDBACK_THANKS, Kind.ADDENDUM}
# Only closing the application skips a thank-you the user did not skip (rules 5, 10).
CLOSING_REASONS = {"offer accepted", "application withdrawn", "marked as ghosted", "rejected"}


class Clock:
    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> arrow.Arrow:
        return self.at


# Which planned follow-up an action applies to: a kind to prefer, then an index.
# Check-ins are favoured: the limit on unanswered ones needs several in a row.
kinds = st.one_of(st.sampled_from([None, Kind.CHECK_IN]), st.sampled_from(list(Kind)))
pick = st.tuples(kinds, st.integers(min_value=0, max_value=1_000))
advance = st.tuples(st.just("advance"), st.integers(1, 150))
interview = st.tuples(
    st.just("interview"),
    st.integers(0, APPS - 1),
    st.lists(st.integers(0, PEOPLE - 1), min_size=1, max_size=6, unique=True),
    st.integers(-3, 4),  # business days from today
    st.integers(8, 17),  # local start hour
    st.sampled_from([30, 45, 60, 90, 180]),
    st.one_of(st.none(), st.integers(1, 8)),  # answer_by, business days after
)
send = st.tuples(st.just("send"), pick)
# Live stages are favoured so that applications stay open long enough to follow up.
stages = st.one_of(st.sampled_from(cadence.ACTIVE_STAGES), st.sampled_from(list(Stage)))
actions = st.one_of(
    # Sends and interviews come up more often: the limits need long runs of them.
    advance,
    advance,
    interview,
    interview,
    send,
    send,
    send,
    send,
    st.tuples(st.just("reply"), st.integers(0, APPS - 1), st.booleans()),
    st.tuples(st.just("stage"), st.integers(0, APPS - 1), stages),
    st.tuples(st.just("call"), pick, st.sampled_from(["reached", "voicemail", "no answer"])),
    st.tuples(
        st.just("snooze"),
        pick,
        st.one_of(st.sampled_from(["tomorrow", "next business day"]), st.integers(1, 12)),
    ),
    st.tuples(st.just("skip"), pick),
    st.tuples(st.just("reference"), st.integers(0, APPS - 1), st.integers(0, PEOPLE - 1)),
    st.tuples(st.just("event"), st.integers(0, 3)),
)


def business_day(today: dt.date, offset: int) -> dt.date:
    day = days.roll_forward(today)
    while offset > 0:
        day, offset = days.next_business_day(day), offset - 1
    while offset < 0:
        day -= dt.timedelta(days=1)
        if days.is_business_day(day):
            offset += 1
    return day


class History:
    """Replays actions and remembers what the user (not the rules) chose."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store, self.clock = store, clock
        self.apps = [
            applications.add_application(store.uow(), f"Company {i}", "Engineer").id
            for i in range(APPS)
        ]
        self.people = [
            contacts.add_contact(
                store.uow(),
                f"Person {i}",
                email=f"p{i}@example.com",
                preferred_channel="email" if i % 3 else "",
            ).id
            for i in range(PEOPLE)
        ]
        self.user_snoozed: set[int] = set()
        self.user_skipped: set[int] = set()
        self.events = itertools.count()

    def planned(self, choice: tuple[Kind | None, int]):
        kind, index = choice
        items = [i for i in self.store.views.follow_ups_for() if i.status == Status.PLANNED]
        items = [i for i in items if i.kind == kind] or items
        return sorted(items, key=lambda i: i.id)[index % len(items)] if items else None

    def run(self, action: tuple) -> None:
        store, name = self.store, action[0]
        zone = store.views.settings.zone
        today = self.clock.at.to(zone).date()
        if name == "advance":
            self.clock.at = self.clock.at.shift(hours=action[1])
        elif name == "interview":
            _, app, panel, offset, hour, minutes, answer_in = action
            day = business_day(today, offset)
            starts = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
            answer_by = days.add_business_days(day, answer_in) if answer_in else None
            panel_ids = [self.people[p] for p in panel]
            if store.views.application(self.apps[app]).stage not in cadence.ACTIVE_STAGES:
                with pytest.raises(ValidationError, match="move it back to a live stage"):
                    interviews.log_interview(store.uow(), self.apps[app], starts, panel_ids)
                return
            interviews.log_interview(
                store.uow(), self.apps[app], starts, panel_ids, minutes=minutes, answer_by=answer_by
            )
        elif name == "reply":
            _, app, with_contact = action
            interviews.record_response(
                store.uow(), self.apps[app], "reply", self.people[0] if with_contact else None
            )
        elif name == "stage":
            applications.move_stage(store.uow(), self.apps[action[1]], action[2])
        elif name == "reference":
            interviews.add_reference(store.uow(), self.apps[action[1]], self.people[action[2]])
        elif name == "event":
            contacts.add_contact(store.uow(), f"Met at event {next(self.events)}", met_via="event")
        elif (item := self.planned(action[1])) is not None:
            if name == "send":
                follow_ups.mark_sent(store.uow(), item.id)
            elif name == "call":
                follow_ups.log_call_outcome(store.uow(), item.id, action[2])
            elif name == "skip":
                follow_ups.skip(store.uow(), item.id, USER_SKIP)
                self.user_skipped.add(item.id)
            elif name == "snooze":
                choice = action[2]
                if isinstance(choice, int):
                    choice = today + dt.timedelta(days=choice)
                follow_ups.snooze(store.uow(), item.id, choice)
                self.user_snoozed.add(item.id)


def as_touch(f: FollowUp) -> Touch:
    done = f.status_changed_at if f.status != Status.PLANNED else None
    return Touch(
        f.id, f.contact_id, Kind(f.kind), Status(f.status), f.due_at, f.application_id, done
    )


def grouped(rows) -> dict[int, list[dt.datetime]]:
    """{application id: [times]} from (application id, time) rows."""
    found: dict[int, list[dt.datetime]] = {}
    for app_id, at in rows:
        found.setdefault(app_id, []).append(at)
    return found


def check_invariants(history: History) -> None:
    store = history.store
    with Session(store.engine) as s:
        follow_ups = list(s.scalars(select(FollowUp)))
        panels = s.execute(
            select(Interview, interview_participant.c.contact_id).join(
                interview_participant, interview_participant.c.interview_id == Interview.id
            )
        ).all()
        replies = grouped(s.execute(select(Response.application_id, Response.received_at)))
        logged = grouped(s.execute(select(Interview.application_id, Interview.created_at)))
    stages = {a: store.views.application(a).stage for a in history.apps}
    planned = [f for f in follow_ups if f.status == Status.PLANNED]
    cfg = store.views.settings

    check_thank_yous(history, follow_ups, panels, cfg)
    check_gaps(planned, cfg)
    check_unanswered(follow_ups, history.apps, replies, logged, cfg)
    check_keep_warms(follow_ups, cfg)
    check_closed(planned, stages)
    check_weekends(planned, cfg)


def check_thank_yous(history: History, follow_ups, panels, cfg) -> None:
    """Rule 1: one thank-you per panel member, due within 24 hours of the end."""
    for interview, contact_id in panels:
        notes = [
            f
            for f in follow_ups
            if f.kind == Kind.THANK_YOU
            and f.interview_id == interview.id
            and f.contact_id == contact_id
        ]
        assert len(notes) == 1, f"interview {interview.id}: {len(notes)} thank-yous"
        note = notes[0]
        end = interview.starts_at + dt.timedelta(minutes=interview.minutes)
        if note.id not in history.user_snoozed:
            assert end <= note.due_at <= end + dt.timedelta(hours=cfg.thank_you_hours)
        if note.status == Status.SKIPPED and note.id not in history.user_skipped:
            assert note.reason in CLOSING_REASONS, f"thank-you skipped: {note.reason}"


def check_gaps(planned, cfg) -> None:
    """Rule 3: the minimum gap between planned touches to one person, unless both answer
    something (an interview, feedback) or repair something: those keep their moment."""
    by_person: dict[int, list[FollowUp]] = {}
    for f in planned:
        by_person.setdefault(f.contact_id, []).append(f)
    for touches in by_person.values():
        for a, b in itertools.combinations(touches, 2):
            if a.kind in ANSWERING and b.kind in ANSWERING:
                continue
            gap = days.business_days_between(
                days.local_date(a.due_at, cfg), days.local_date(b.due_at, cfg)
            )
            assert gap >= cfg.min_gap_business_days, (
                f"{a.kind} {a.due_at} and {b.kind} {b.due_at} to one person, {gap} days apart"
            )


def check_unanswered(follow_ups, apps, replies, logged, cfg) -> None:
    """Rule 3: never more unanswered check-ins than the limit. A reply answers the
    check-ins before it, and so does an interview logged after them."""
    for app_id in apps:
        touches = [as_touch(f) for f in follow_ups if f.application_id == app_id]
        got = cadence.unanswered_check_ins(touches, replies.get(app_id, []), logged.get(app_id, []))
        assert got <= cfg.max_unanswered_check_ins, f"application {app_id}: {got} unanswered"


def check_keep_warms(follow_ups, cfg) -> None:
    """Rule 5: keep-warms are spaced out (one planned at a time) and at most 3 in all."""
    for kind_status, limit in ((Status.SENT, cfg.keep_warm_max), (Status.PLANNED, 1)):
        per_person: dict[int, int] = {}
        for f in follow_ups:
            if f.kind == Kind.KEEP_WARM and f.status == kind_status:
                per_person[f.contact_id] = per_person.get(f.contact_id, 0) + 1
        assert max(per_person.values(), default=0) <= limit, (kind_status, per_person)


def check_closed(planned, stages) -> None:
    """Rules 5 and 10: nothing planned for a closed application; after a rejection only
    the feedback request and keep-warm."""
    for f in planned:
        if f.application_id is None:
            continue
        stage = stages[f.application_id]
        assert stage not in cadence.CLOSED_STAGES, f"{f.kind} planned for a {stage} application"
        if stage == Stage.REJECTED:
            assert f.kind in cadence.AFTER_REJECTION, f"{f.kind} planned after a rejection"


def check_weekends(planned, cfg) -> None:
    """Rule 11: nothing planned on a weekend (every interview here is on a business day)."""
    for f in planned:
        day = days.local_date(f.due_at, cfg)
        assert days.is_business_day(day), f"{f.kind} due on {day:%A %d %b}"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """One migrated file copied per example: Alembic once, not 35 times."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    open_database(path).dispose()
    return path


CHECK_IN = (Kind.CHECK_IN, 0)
# Histories random generation rarely reaches: two check-ins unanswered, then a new
# interview and its check-in. Once in the same instant, once with days passing.
AFTER_TWO_CHECK_INS = [
    ("interview", 0, [0], 0, 9, 60, None),
    ("send", CHECK_IN),
    ("send", CHECK_IN),
    ("interview", 0, [0, 1], 0, 10, 60, None),
    ("send", CHECK_IN),
    ("send", CHECK_IN),
]
WITH_DAYS_BETWEEN = [step for s in AFTER_TWO_CHECK_INS for step in (s, ("advance", 100))]
# One person leads two panels; both applications are rejected, the second only after
# three keep-warms went out: no fourth, and never two rhythms at once.
KEEP_WARM = (Kind.KEEP_WARM, 0)
SAME_LEAD_REJECTED_TWICE = [
    ("interview", 0, [0], 0, 9, 60, None),
    ("interview", 1, [0, 1], 0, 11, 60, None),
    ("stage", 0, Stage.REJECTED),
    ("send", KEEP_WARM),
    ("send", KEEP_WARM),
    ("send", KEEP_WARM),
    ("stage", 1, Stage.REJECTED),
    ("send", KEEP_WARM),
]

# Feedback comes in for a rejected application on the day the same person's interview
# for another one is logged: a thank-you for the feedback and one for the interview,
# both kept on their day (found by random generation).
TWO_THANKS_AT_ONCE = [
    ("interview", 0, [0], 0, 9, 60, None),
    ("stage", 0, Stage.REJECTED),
    ("send", (Kind.FEEDBACK_REQUEST, 0)),
    ("reply", 0, True),
    ("interview", 1, [0], -1, 16, 60, None),
]


@settings(
    max_examples=35,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(zone=st.sampled_from(ZONES), steps=st.lists(actions, min_size=10, max_size=40))
@example(zone="Europe/Berlin", steps=AFTER_TWO_CHECK_INS)
@example(zone="America/Los_Angeles", steps=WITH_DAYS_BETWEEN)
@example(zone="Asia/Tokyo", steps=SAME_LEAD_REJECTED_TWICE)
@example(zone="UTC", steps=TWO_THANKS_AT_ONCE)
def test_random_histories_keep_every_rule(migrated: Path, zone: str, steps: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.db"
        shutil.copyfile(migrated, path)
        engine = open_database(path)
        try:
            clock = Clock()
            store = Store(engine, clock)
            set_setting(store.uow(), "timezone", zone)
            history = History(store, clock)
            for action in steps:
                history.run(action)
                check_invariants(history)
        finally:
            engine.dispose()
