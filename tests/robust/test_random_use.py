"""Random use: a Hypothesis state machine does what a job seeker does, in any order, on
a real database file, and after every step the data must still make sense:

- no orphan rows (PRAGMA foreign_key_check is empty);
- every planned follow-up obeys DESIGN.md: nothing planned for an accepted, withdrawn
  or ghosted application; after a rejection only a feedback request or a keep-warm;
  nothing due on a weekend in the user's zone but a thank-you; and a person's
  discretionary touches keep the minimum gap from each other (thank-yous, bound to
  their 24-hour deadline, are exempt: see db/cadence.py);
- each application's stage history ends at its stage;
- the Pipeline's counts are the rows.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import arrow
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from db import cadence
from db.days import Settings
from db.engine import open_database
from db.enums import Kind, Outcome, Stage
from db.store import Store
from db.validation import ValidationError
from db.write import applications, contacts, follow_ups, interviews
from db.write.settings import set_setting
from tests.robust import answer_waits, close, planned_hours, stale_answers

ZONE = "Europe/Berlin"
# A Tuesday, a Saturday, the Fridays before the clocks change (spring forward, fall
# back) and New Year's Eve, late in the evening in Berlin.
STARTS = [
    "2026-11-24T10:30:00+00:00",
    "2026-11-28T11:00:00+00:00",
    "2026-03-27T16:00:00+00:00",
    "2026-10-23T16:00:00+00:00",
    "2026-12-31T22:00:00+00:00",
]
COMPANIES = ["Acme", "Globex", "Initech", "[/]"]
PEOPLE = ["Dana Reyes", "Ines Lead", "Sam Carter", "山田太郎", "Zoë"]
CLOSED = {str(s) for s in cadence.CLOSED_STAGES}
AFTER_REJECTION = {str(k) for k in cadence.AFTER_REJECTION}
FIXED = {str(k) for k in cadence.FIXED_KINDS}


BERLIN = ZoneInfo(ZONE)


def weekdays_after(first: dt.date, last: dt.date) -> int:
    """Weekdays in (first, last]: Mon to Wed is 2, Fri to Mon is 1."""
    return sum(
        (first + dt.timedelta(days=n)).weekday() < 5 for n in range(1, (last - first).days + 1)
    )


class Clock:
    def __init__(self, at: str) -> None:
        self.at = arrow.get(at)

    def __call__(self) -> arrow.Arrow:
        return self.at


_TEMPLATE: dict[str, Path] = {}


def template() -> Path:
    """An empty database at the current schema, made once and copied per example."""
    if "path" not in _TEMPLATE:
        path = Path(tempfile.mkdtemp(prefix="afterview-random-")) / "template.db"
        store = Store(open_database(path), Clock(STARTS[0]))
        set_setting(store.uow(), "timezone", ZONE)
        close(store)
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


class JobSearch(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="afterview-random-"))
        self.path = self.folder / "afterview.db"
        shutil.copyfile(template(), self.path)
        self.clock = Clock(STARTS[0])
        self.store = Store(open_database(self.path), self.clock)
        self.apps: list[int] = []
        self.people: list[int] = []
        self.touched: int | None = None

    @initialize(
        start=st.sampled_from(STARTS),
        companies=st.lists(st.sampled_from(COMPANIES), min_size=1, max_size=3),
        people=st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=4),
    )
    def start(self, start: str, companies: list[str], people: list[str]) -> None:
        """A search under way: a few applications and people already known."""
        self.clock.at = arrow.get(start)
        for company in companies:
            self.new_application(company, Stage.APPLIED)
        for name in people:
            self.new_contact(name, "other", None)

    def teardown(self) -> None:
        close(self.store)
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- what a person does ---------------------------------------------------------

    def planned(self) -> list[int]:
        return [f.id for f in self.store.views.follow_ups_for() if f.status == "planned"]

    @rule(
        company=st.sampled_from(COMPANIES),
        stage=st.sampled_from([Stage.WISHLIST, Stage.APPLIED, Stage.SCREENING]),
    )
    def add_application(self, company: str, stage: Stage) -> None:
        self.new_application(company, stage)

    def new_application(self, company: str, stage: Stage) -> None:
        app = applications.add_application(
            self.store.uow(), company, f"Role {len(self.apps)}", stage
        )
        self.apps.append(app.id)
        self.touched = app.id

    @rule(
        name=st.sampled_from(PEOPLE),
        met_via=st.sampled_from(["event", "interview", "referral", "other"]),
        channel=st.sampled_from([None, "phone", "email", "message"]),
    )
    def add_contact(self, name: str, met_via: str, channel: str | None) -> None:
        self.new_contact(name, met_via, channel)

    def new_contact(self, name: str, met_via: str, channel: str | None) -> None:
        person = contacts.add_contact(
            self.store.uow(),
            f"{name} {len(self.people)}",
            met_via=met_via,
            preferred_channel=channel,
        )
        self.people.append(person.id)

    @precondition(lambda self: self.apps and self.people)
    @rule(
        data=st.data(),
        hours_ago=st.integers(-48, 72),
        minutes=st.sampled_from([30, 60, 90]),
        answer_in=st.one_of(st.none(), st.integers(0, 10)),
    )
    def log_interview(self, data, hours_ago: int, minutes: int, answer_in) -> None:
        app = data.draw(st.sampled_from(self.apps), label="application")
        kind = data.draw(st.sampled_from(["video", "phone screen", "panel"]), label="kind")
        panel = data.draw(
            st.lists(st.sampled_from(self.people), min_size=1, max_size=4, unique=True),
            label="panel",
        )
        starts = self.clock().shift(hours=-hours_ago).datetime
        answer_by = None
        if answer_in is not None:
            answer_by = self.clock().to(ZONE).date() + dt.timedelta(days=answer_in)
        stage = self.store.views.application(app).stage
        try:
            interviews.log_interview(
                self.store.uow(),
                app,
                starts,
                panel,
                minutes=minutes,
                kind=kind,
                answer_by=answer_by,
            )
        except ValidationError as exc:
            assert exc.field == "stage" and stage not in cadence.ACTIVE_STAGES, exc.message
        self.touched = app

    @precondition(lambda self: self.apps)
    @rule(data=st.data(), from_someone=st.booleans())
    def record_reply(self, data, from_someone: bool) -> None:
        app = data.draw(st.sampled_from(self.apps), label="application")
        who = data.draw(st.sampled_from(self.people)) if from_someone and self.people else None
        interviews.record_response(self.store.uow(), app, "Thanks, we'll be in touch", who)
        self.touched = app

    @precondition(lambda self: self.apps)
    @rule(data=st.data(), stage=st.sampled_from(list(cadence.ACTIVE_STAGES)))
    def move_stage(self, data, stage: Stage) -> None:
        app = data.draw(st.sampled_from(self.apps), label="application")
        applications.move_stage(self.store.uow(), app, stage)
        self.touched = app

    @precondition(lambda self: self.apps)
    @rule(
        data=st.data(),
        stage=st.sampled_from([Stage.ACCEPTED, Stage.WITHDRAWN, Stage.GHOSTED, Stage.REJECTED]),
    )
    def close_application(self, data, stage: Stage) -> None:
        """The end of an application, preferably one with follow-ups still planned."""
        waiting = sorted(
            {f.application_id for f in self.store.views.follow_ups_for() if f.status == "planned"}
            - {None}
        )
        app = data.draw(st.sampled_from(waiting or self.apps), label="application")
        applications.move_stage(self.store.uow(), app, stage)
        self.touched = app

    @precondition(lambda self: self.apps and self.people)
    @rule(data=st.data())
    def add_reference(self, data) -> None:
        app = data.draw(st.sampled_from(self.apps), label="application")
        interviews.add_reference(
            self.store.uow(), app, data.draw(st.sampled_from(self.people), label="who")
        )
        self.touched = app

    def _planned_one(self, data) -> int | None:
        planned = self.planned()
        return data.draw(st.sampled_from(planned), label="follow-up") if planned else None

    @rule(data=st.data())
    def mark_sent(self, data) -> None:
        if (fid := self._planned_one(data)) is not None:
            follow_ups.mark_sent(self.store.uow(), fid)

    @rule(data=st.data(), outcome=st.sampled_from(list(Outcome)))
    def log_call(self, data, outcome: Outcome) -> None:
        if (fid := self._planned_one(data)) is not None:
            follow_ups.log_call_outcome(self.store.uow(), fid, str(outcome))

    @rule(
        data=st.data(),
        choice=st.one_of(st.sampled_from(["tomorrow", "next business day"]), st.integers(1, 20)),
    )
    def snooze(self, data, choice) -> None:
        if (fid := self._planned_one(data)) is None:
            return
        if isinstance(choice, int):
            choice = self.clock().to(ZONE).date() + dt.timedelta(days=choice)
        follow_ups.snooze(self.store.uow(), fid, choice)

    @rule(data=st.data())
    def skip(self, data) -> None:
        if (fid := self._planned_one(data)) is not None:
            reason = data.draw(st.sampled_from(["not this one", "They replied already"]))
            follow_ups.skip(self.store.uow(), fid, reason)

    @precondition(lambda self: self.apps)
    @rule(data=st.data(), archived=st.booleans())
    def archive(self, data, archived: bool) -> None:
        app = data.draw(st.sampled_from(self.apps), label="application")
        applications.archive_application(self.store.uow(), app, archived)
        self.touched = app

    @rule(hours=st.integers(1, 72))
    def advance_hours(self, hours: int) -> None:
        self.clock.at = self.clock.at.shift(hours=hours)

    @rule(days=st.integers(1, 10))
    def advance_days(self, days: int) -> None:
        self.clock.at = self.clock.at.shift(days=days)

    # --- what must always hold --------------------------------------------------------

    def sql(self, query: str) -> list[tuple]:
        con = sqlite3.connect(self.path)
        try:
            return con.execute(query).fetchall()
        finally:
            con.close()

    @invariant()
    def no_orphans(self) -> None:
        assert self.sql("PRAGMA foreign_key_check") == []
        assert (
            self.sql("SELECT id FROM follow_up WHERE contact_id NOT IN (SELECT id FROM contact)")
            == []
        )

    @invariant()
    def planned_follow_ups_obey_the_rules(self) -> None:
        # Judged with this file's own calendar, not db.cadence's: a bug there must not
        # blind the check.
        gap_needed = Settings().min_gap_business_days
        rows = self.sql(
            "SELECT f.id, f.kind, f.contact_id, f.due_at, a.stage FROM follow_up f "
            "LEFT JOIN application a ON a.id = f.application_id WHERE f.status = 'planned'"
        )
        discretionary = defaultdict(list)
        for fid, kind, contact, due_text, stage in rows:
            due = dt.datetime.fromisoformat(due_text).replace(tzinfo=dt.UTC)
            assert stage not in CLOSED, f"#{fid} {kind} planned for a {stage} application"
            if stage == Stage.REJECTED:
                assert kind in AFTER_REJECTION, f"#{fid} {kind} planned after a rejection"
            if kind not in FIXED:
                local = due.astimezone(BERLIN).date()
                assert local.weekday() < 5, f"#{fid} {kind} due on {local:%a %d %b}"
                if kind != Kind.CUSTOM:
                    discretionary[contact].append((due, fid, kind))
        for contact, touches in discretionary.items():
            touches.sort()
            for (a, fa, ka), (b, fb, kb) in zip(touches, touches[1:], strict=False):
                gap = weekdays_after(a.astimezone(BERLIN).date(), b.astimezone(BERLIN).date())
                assert gap >= gap_needed, (
                    f"contact {contact}: #{fa} {ka} and #{fb} {kb} only {gap} business "
                    f"day(s) apart ({a:%a %d %b} and {b:%a %d %b})"
                )

    @invariant()
    def stage_history_ends_at_the_stage(self) -> None:
        wrong = self.sql(
            "SELECT a.id, a.stage, s.to_stage FROM application a JOIN stage_change s "
            "ON s.id = (SELECT max(id) FROM stage_change WHERE application_id = a.id) "
            "WHERE s.to_stage != a.stage"
        )
        assert wrong == []
        assert (
            self.sql(
                "SELECT id FROM application WHERE id NOT IN (SELECT application_id FROM stage_change)"
            )
            == []
        )
        if self.touched is not None:
            detail = self.store.views.application_detail(self.touched)
            assert detail.stages[-1].to_stage == detail.application.stage

    @invariant()
    def sends_per_hour_match_the_sends(self) -> None:
        # sent_hour is kept by triggers (stats read it): it must equal a fresh count.
        kept = self.sql("SELECT hour, sent FROM sent_hour WHERE sent != 0 ORDER BY hour")
        counted = self.sql(
            "SELECT coalesce(substr(status_changed_at, 1, 13), ''), count(*) FROM follow_up "
            "WHERE status = 'sent' GROUP BY 1 ORDER BY 1"
        )
        assert kept == counted
        # application_tally (0008), the counts the Pipeline and the funnel read, likewise.
        assert self.sql(
            "SELECT stage, archived, stage_reached, answered, n FROM application_tally "
            "ORDER BY 1, 2, 3, 4"
        ) == self.sql(
            "SELECT stage, archived, stage_reached, answered_by_stage OR first_answer_at IS "
            "NOT NULL, count(*) FROM application GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
        )
        # planned_hour (0009), the planned follow-ups per hour Today's counts add up.
        kept, counted = planned_hours(self.path)
        assert kept == counted
        kept, counted = answer_waits(self.path)  # answer_wait (0009), likewise
        assert kept == counted
        # Today's header counts are added up from it: a straight count gives the same.
        # (Today starts at local midnight; the view takes its days as 24 hours after.)
        start = arrow.get(self.clock()).to(ZONE).floor("day").to("utc").datetime
        edges = [(start + dt.timedelta(days=d)).strftime("%Y-%m-%d %H:%M:%S.%f") for d in (0, 1, 8)]
        planned = "SELECT count(*) FROM follow_up WHERE status = 'planned' AND due_at {}"
        straight = tuple(
            self.sql(planned.format(where))[0][0]
            for where in (
                f"< '{edges[0]}'",
                f"BETWEEN '{edges[0]}' AND '{edges[1]}' AND due_at < '{edges[1]}'",
                f"BETWEEN '{edges[1]}' AND '{edges[2]}' AND due_at < '{edges[2]}'",
            )
        )
        assert self.store.views.due_follow_ups(limit=1).totals == straight
        # application.first_reply_at, kept by triggers on response, likewise.
        assert (
            self.sql(
                "SELECT id FROM application WHERE first_reply_at IS NOT (SELECT min(received_at) "
                "FROM response WHERE response.application_id = application.id)"
            )
            == []
        )
        # What stats count per application (0007), likewise.
        assert stale_answers(self.path) == []

    @invariant()
    def an_answer_ends_the_check_ins_before_it(self) -> None:
        # Rule 4: no check-in planned before the company's latest answer is still planned.
        stale = self.sql(
            "SELECT f.id, f.kind FROM follow_up f WHERE f.status = 'planned' "
            "AND f.kind IN ('check-in', 'application check-in') AND f.created_at < "
            "(SELECT max(received_at) FROM response r WHERE r.application_id = f.application_id)"
        )
        assert stale == []
        # The check-in after applying: once per application, and only while at applied.
        assert (
            self.sql(
                "SELECT application_id FROM follow_up WHERE kind = 'application check-in' "
                "GROUP BY application_id HAVING count(*) > 1"
            )
            == []
        )
        assert (
            self.sql(
                "SELECT f.id, a.stage FROM follow_up f JOIN application a ON a.id = f.application_id "
                "WHERE f.kind = 'application check-in' AND f.status = 'planned' AND a.stage != 'applied'"
            )
            == []
        )

    @invariant()
    def stats_add_up(self) -> None:
        stats = self.store.views.stats(weeks=1)
        (total,) = self.sql("SELECT count(*) FROM application")[0]
        assert sum(stats.funnel.values()) == total
        reached = list(stats.reached.values())
        assert reached == sorted(reached, reverse=True) and reached[0] == total
        assert stats.applied == stats.reached["applied"] and stats.answered <= stats.applied
        if stats.applied:
            assert stats.reply_rate == stats.answered / stats.applied

    @invariant()
    def pipeline_counts_are_the_rows(self) -> None:
        rows = dict(
            self.sql("SELECT stage, count(*) FROM application WHERE archived = 0 GROUP BY stage")
        )
        shown = self.store.views.pipeline_summary(include_closed=True).counts
        assert {k: v for k, v in shown.items() if v} == rows


JobSearch.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_random_use = JobSearch.TestCase
