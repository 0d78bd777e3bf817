"""The sample job search `afterview demo` opens: a few weeks replayed through the
services with the clock moved back and forth."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import arrow
from sqlalchemy import Engine

from db import days
from db.demo import notes as sent_notes
from db.demo.pools import COMPANIES, FIRST, LAST, ROLES, SOURCES, TITLES, TOPICS
from db.store import Store
from db.write import applications, contacts, follow_ups, interviews, settings

SCRIPT = [
    ("interviewing", 20, 1, 3, False),  # yesterday's panel: thank-yous due today
    ("interviewing", 18, 3, 2, False),  # thank-yous overdue
    ("interviewing", 25, 8, 2, True),  # check-in coming up
    ("interviewing", 30, 12, 1, True),  # check-in overdue
    ("screening", 9, 2, 1, True),
    ("offer", 35, 6, 2, True),
    ("applied", 4, None, 0, False),
    ("applied", 6, None, 0, False),
    ("applied", 11, None, 0, False),
    ("wishlist", 0, None, 0, False),
    ("wishlist", 0, None, 0, False),
    ("rejected", 28, 10, 2, True),
    ("rejected", 40, 20, 1, True),
    ("interviewing", 22, 0, 2, False),  # this morning
    ("screening", 12, 5, 1, True),
    ("withdrawn", 30, 15, 1, True),
    ("ghosted", 45, 30, 1, True),
    ("applied", 2, None, 0, False),
    ("interviewing", 16, 4, 4, True),
    ("applied", 8, None, 0, False),
    ("wishlist", 0, None, 0, False),
    ("screening", 7, 1, 1, False),
    ("interviewing", 27, 9, 2, True),
    ("applied", 14, None, 0, False),
    ("interviewing", 15, 2, 3, True),  # the [stealth] company: shows markup stays literal
]


EVENTS = (
    ("Lena Fischer", 1, "Speaker, PyData London", "Met at the PyData London meetup; her talk on data contracts"),
    ("Kwame Boateng", 0, "Engineering lead", "Met at the dbt London meetup; hiring a platform lead in the new year"),
    ("Rosa Alvarez", 12, "Data engineer", "Met at the Data Council drinks; testing pipelines like any other code"),
)  # fmt: skip
"""People met at events: name, business days ago, title, the notes kept about them."""


@dataclass
class TravelClock:
    """A clock the demo moves through the past, then leaves at `now`."""

    at: arrow.Arrow

    def __call__(self) -> arrow.Arrow:
        return self.at


def business_days_back(now: arrow.Arrow, count: int, zone) -> dt.date:
    day = now.to(zone).date()
    while count > 0:
        day -= dt.timedelta(days=1)
        count -= days.is_business_day(day)
    return day


def build_demo(engine: Engine, clock=arrow.utcnow, timezone: str = "Europe/London") -> Store:
    """Fill an empty database with a small, realistic job search."""
    now = arrow.get(clock()).to("utc")
    travel = TravelClock(now)
    store = Store(engine, travel)
    settings.set_setting(store.uow(), "timezone", timezone)
    zone = store.views.settings.zone
    rng = random.Random(7)
    people = iter(rng.sample([f"{first} {last}" for first in FIRST for last in LAST], 120))
    thanked_so_far = 0

    def at(day: dt.date, hour: int, minute: int = 0) -> arrow.Arrow:
        return arrow.get(dt.datetime.combine(day, dt.time(hour, minute)), zone).to("utc")

    for index, (stage, applied_ago, interview_ago, panel, thanked) in enumerate(SCRIPT):
        company, role = COMPANIES[index], ROLES[index % len(ROLES)]
        applied = business_days_back(now, applied_ago, zone)
        travel.at = at(applied, 10)
        app = applications.add_application(
            store.uow(),
            company,
            role,
            "wishlist" if stage == "wishlist" else "applied",
            source=SOURCES[index % len(SOURCES)],
            link=f"https://jobs.example.com/{index + 1}",
            location=rng.choice(["Remote", "London", "Berlin", "Hybrid, Manchester", "Amsterdam"]),
            applied_on=None if stage == "wishlist" else applied,
            notes="Referred by a former colleague." if index % 6 == 1 else "",
        )
        if interview_ago is None:
            continue
        day = business_days_back(now, interview_ago, zone) if interview_ago else now.to(zone).date()
        hour = 9 if interview_ago == 0 else rng.choice([10, 11, 14, 15])
        panel_people = []
        for seat in range(max(panel, 1)):
            name = next(people)
            first = sent_notes.mailbox(name.split()[0]) or "hello"
            domain = sent_notes.mailbox(company)[:14]
            panel_people.append(
                contacts.add_contact(
                    store.uow(),
                    name,
                    title=TITLES[(index + seat) % len(TITLES)],
                    company=company,
                    email=f"{first}@{domain}.example",
                    # 020 7946 0xxx is set aside for fiction: never a real person's line.
                    phone=f"+44 20 7946 0{(index * 7 + seat) % 1000:03d}",
                    met_via="interview",
                    preferred_channel="email" if (index + seat) % 3 == 0 else None,
                )
            )
        travel.at = at(day, hour)
        kind = "phone screen" if stage == "screening" else ("panel" if panel > 2 else "video")
        answer_by = days.add_business_days(day, 3) if index % 3 == 0 else None
        topics = rng.sample(TOPICS, 2)
        result = interviews.log_interview(
            store.uow(),
            app.id,
            at(day, hour).datetime,
            [c.id for c in panel_people],
            minutes=45 if kind == "phone screen" else 60,
            kind=kind,
            answer_by=answer_by,
            notes="; ".join(topics),
        )
        if stage == "screening" and app.stage != "screening":
            applications.move_stage(store.uow(), app.id, "screening")
        if thanked:
            travel.at = at(day, min(hour + 4, 20))
            titles = {c.id: c.title for c in panel_people}
            for item in result.planned:
                if item.kind == "thank-you":
                    # Each written for its person: panels compare notes (rule 1).
                    subject, body = sent_notes.thank_you(
                        thanked_so_far,
                        item.contact_name.split()[0],
                        titles[item.contact_id],
                        role,
                        topics,
                    )
                    thanked_so_far += 1
                    follow_ups.save_note(store.uow(), item.id, subject, body)
                    follow_ups.mark_sent(store.uow(), item.id)
        if stage in ("offer", "rejected", "withdrawn", "ghosted"):
            travel.at = at(business_days_back(now, max(interview_ago - 2, 1), zone), 16)
            if stage in ("offer", "rejected"):
                interviews.record_response(
                    store.uow(),
                    app.id,
                    "Offer call"
                    if stage == "offer"
                    else "Polite no: went with someone more senior",
                    panel_people[0].id,
                )
            if stage == "ghosted":
                for item in store.views.follow_ups_for(application_id=app.id):
                    if item.kind == "check-in" and item.status == "planned":
                        follow_ups.mark_sent(store.uow(), item.id)
            applications.move_stage(store.uow(), app.id, stage)
            if stage == "rejected" and interview_ago >= 15:
                # The older rejection: feedback was asked for; keep-warm comes later.
                for item in store.views.follow_ups_for(application_id=app.id):
                    if item.kind == "feedback request" and item.status == "planned":
                        travel.at = arrow.get(item.due_at).shift(hours=2)
                        answer_feedback(store, travel, item, role)

    # References: two people vouching for the live applications.
    travel.at = now.shift(days=-3)
    for name, app_index in (("Grace Hopper-Lee", 0), ("Arjun Mehta", 2)):
        ref = contacts.add_contact(
            store.uow(),
            name,
            title="Former manager",
            met_via="reference",
            email=f"{sent_notes.mailbox(name.split()[0])}@mail.example",
        )
        app_id = app_index + 1
        interviews.add_reference(store.uow(), app_id, ref.id)
    # People met at events, not tied to any application.
    for name, days_ago, title, notes in EVENTS:
        met = business_days_back(now, days_ago, zone) if days_ago else now.to(zone).date()
        travel.at = at(met, 19)
        contact = contacts.add_contact(
            store.uow(),
            name,
            title=title,
            met_via="event",
            met_on=met,
            notes=notes,  # where you met comes first: the follow-up's draft opens with it
            email=f"{sent_notes.mailbox(name.split()[0])}@events.example",
        )
        if days_ago > 5:
            travel.at = at(days.next_business_day(met), 10)
            subject, body = sent_notes.EVENT_FOLLOW_UP
            when = f"on {met:%A}"
            for item in store.views.follow_ups_for():
                if item.contact_id == contact.id and item.status == "planned":
                    first = name.split()[0]
                    text = body.format(first=first, when=when)
                    follow_ups.save_note(store.uow(), item.id, subject, text)
                    follow_ups.mark_sent(store.uow(), item.id)
    travel.at = now
    from db.demo.mail import add_mail

    add_mail(store)  # what the mailbox found, waiting for review
    store.views.close()
    return Store(engine, clock)


def answer_feedback(store: Store, travel: TravelClock, item, role: str) -> None:
    """The feedback request goes out; two days later (a weekday) they answer, and the same
    afternoon they are thanked for it (the reply plans the thanks)."""
    first = item.contact_name.split()[0]
    subject, body = sent_notes.FEEDBACK_REQUEST
    follow_ups.save_note(
        store.uow(), item.id, subject.format(role=role), body.format(first=first, role=role)
    )
    follow_ups.mark_sent(store.uow(), item.id)
    travel.at = travel.at.shift(days=2, hours=3)
    while not days.is_business_day(travel.at.date()):
        travel.at = travel.at.shift(days=1)
    reply = interviews.record_response(
        store.uow(), item.application_id, sent_notes.FEEDBACK_GIVEN, item.contact_id
    )
    travel.at = travel.at.shift(hours=2)
    subject, body = sent_notes.FEEDBACK_THANKS
    for thanks in reply.planned:
        follow_ups.save_note(store.uow(), thanks.id, subject, body.format(first=first))
        follow_ups.mark_sent(store.uow(), thanks.id)
