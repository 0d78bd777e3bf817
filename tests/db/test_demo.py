"""Sample data: something to do today, the same on every run, and big on demand."""

from __future__ import annotations

import itertools
import unicodedata

from sqlalchemy import func, select

from db import cadence, days
from db.demo.large import build_large
from db.demo.pools import COMPANIES
from db.demo.story import build_demo
from db.engine import open_database
from db.enums import SPOKEN
from db.models import Application, Contact, FollowUp, Interview, Response
from db.notes.guards import NEAR_IDENTICAL, check_note, likeness, panel_bodies
from db.store import Store


def due_tuples(store) -> list[tuple]:
    return [(i.kind, i.contact_name, i.company, i.due_at) for i in store.views.due_follow_ups().all]


def count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model))


def test_demo_always_has_something_overdue_today_and_this_week(engine, clock) -> None:
    store = build_demo(engine, clock)
    due = store.views.due_follow_ups()

    assert due.overdue and due.today and due.week
    assert {"thank-you", "check-in"} <= {i.kind for i in due.all}
    assert any(i.company == "" and i.kind == "event follow-up" for i in due.all)


def test_demo_is_the_same_on_every_run(tmp_path, clock) -> None:
    runs = []
    for name in ("one.db", "two.db"):
        engine = open_database(tmp_path / name)
        try:
            store = build_demo(engine, clock)
            runs.append(
                (due_tuples(store), store.views.pipeline_summary(include_closed=True).counts)
            )
        finally:
            engine.dispose()

    assert runs[0] == runs[1]
    assert len(runs[0][0]) >= 10


def test_demo_is_a_realistic_job_search(engine, clock) -> None:
    store = build_demo(engine, clock)
    counts = store.views.pipeline_summary(include_closed=True).counts
    panels = [
        len(i.participants)
        for a in range(1, 26)
        for i in store.views.application_detail(a).interviews
    ]

    assert sum(counts.values()) == len(COMPANIES) == 25
    assert counts["rejected"] and counts["interviewing"] and counts["wishlist"]
    assert max(panels) >= 3  # real panels, not only one-to-one calls
    assert count(engine, Response) >= 2
    assert {c.met_via for c in store.views.contacts()} >= {"interview", "event", "reference"}
    with engine.connect() as con:
        names = {r[0] for r in con.exec_driver_sql("SELECT name FROM company")}
    assert "[stealth] AI startup" in names  # kept literally


def test_demo_follows_the_rules_it_shows(engine, clock) -> None:
    store = build_demo(engine, clock)
    settings = store.views.settings
    stages = {a.id: a.stage for a in store.views.pipeline_summary(include_closed=True).active}
    pending = [i for i in store.views.follow_ups_for() if i.status == "planned"]

    assert pending
    for item in pending:
        assert days.is_business_day(days.local_date(item.due_at, settings)), item
        if item.application_id is not None:
            stage = stages[item.application_id]
            assert stage not in cadence.CLOSED_STAGES, item
            if stage == "rejected":
                assert item.kind in cadence.AFTER_REJECTION, item


def test_build_large_makes_n_applications_with_many_follow_ups(engine, clock) -> None:
    build_large(engine, 50, clock)

    assert count(engine, Application) == 50
    assert count(engine, Contact) == 200
    assert count(engine, Interview) == 50
    assert 900 <= count(engine, FollowUp) <= 1100
    store = Store(engine, clock)
    assert sum(store.views.pipeline_summary().counts.values()) == 50
    assert store.views.due_follow_ups().all  # the open ones land around today


def test_build_large_adds_to_an_existing_database(engine, clock) -> None:
    store = build_demo(engine, clock)
    before = count(engine, FollowUp)
    build_large(engine, 10, clock)

    assert count(engine, Application) == 35
    assert count(engine, FollowUp) == before + 200
    assert len(store.views.pipeline_summary(include_closed=True, limit=100).active) == 35


# --- the sample data follows the product's own advice ----------------------------------


def plain_letters(text: str) -> str:
    """'Tomás' -> 'tomas': each letter's base, lower case."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c))


def test_every_demo_address_is_ascii_and_keeps_each_letter_of_the_name(engine, clock) -> None:
    people = build_demo(engine, clock).views.contacts(limit=1000)
    accented = [c for c in people if not c.name.isascii()]

    assert accented  # Tomás, García: the pools have them, so the test means something
    for person in people:
        local, _, domain = person.email.partition("@")
        assert person.email.isascii(), person
        if not person.email:  # a company's hiring team, stood in for until you know someone
            assert person.name == "Hiring team", person
            continue
        assert local == plain_letters(person.name.split()[0]), person  # 'tomas@', not 'toms@'
        assert domain.endswith(".example"), person


def sent_notes(store) -> list:
    return [i for i in store.views.follow_ups_for() if i.status == "sent"]


def test_every_sent_demo_note_passes_the_note_guards(engine, clock) -> None:
    store = build_demo(engine, clock)
    everything = store.views.follow_ups_for()
    written = [i for i in sent_notes(store) if i.channel not in SPOKEN]

    assert len(written) >= 20
    assert {"thank-you", "feedback request", "feedback thanks", "event follow-up"} <= {
        i.kind for i in written
    }
    for item in written:
        warnings = check_note(
            item.body,
            recipient_name=item.contact_name,
            company=item.company,
            other_panel_bodies=panel_bodies(item, everything),
            kind=item.kind,
            channel=item.channel,
        )
        assert warnings == [], (item.contact_name, item.company, item.body, warnings)


def test_no_two_sent_demo_notes_are_near_identical(engine, clock) -> None:
    written = [i for i in sent_notes(build_demo(engine, clock)) if i.body.strip()]
    halcyon = [i for i in written if i.company == "Halcyon Games" and i.kind == "thank-you"]

    assert len(halcyon) == 4  # the four-person panel, each thanked
    for a, b in itertools.combinations(written, 2):
        alike = likeness(a.body, a.contact_name, b.body, b.contact_name)
        assert alike < NEAR_IDENTICAL, (a.contact_name, b.contact_name, int(alike))


def test_the_demo_keeps_todays_order_at_the_fixed_clock(engine, clock) -> None:
    """Tests and snapshots walk Today by position: 2 a phone check-in, 5 and 6 the
    Brightloop thank-yous to Marcus Rossi and Elena Carter (3 is Nimbus Weather's
    check-in after applying, three weeks without an answer)."""
    rows = build_demo(engine, clock).views.due_follow_ups().all

    assert (rows[2].kind, rows[2].channel) == ("check-in", "phone")
    assert (rows[3].kind, rows[3].company) == ("application check-in", "Nimbus Weather")
    assert [(r.kind, r.contact_name, r.company) for r in rows[5:7]] == [
        ("thank-you", "Marcus Rossi", "Brightloop"),
        ("thank-you", "Elena Carter", "Brightloop"),
    ]
