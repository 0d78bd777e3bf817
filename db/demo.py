"""Sample data: realistic, the same on every run, placed relative to the clock.

`build_demo` replays a few weeks of a job search through the services (so every
follow-up comes from the real rules) with the clock moved back and forth; the result
always has something overdue, something due today and something later this week.
`build_large` writes N applications with bulk inserts for benchmarks.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

import arrow
from sqlalchemy import Engine, insert, select

from db import days
from db.models import (
    Application,
    Company,
    Contact,
    FollowUp,
    Interview,
    Response,
    StageChange,
    interview_participant,
)
from db.store import Store
from db.write import applications, contacts, follow_ups, interviews, settings

COMPANIES = [
    "Northwind Analytics",
    "Brightloop",
    "Fernhill Health",
    "Quillstone",
    "Harbor & Vale",
    "Tessellate Labs",
    "Oakridge Bank",
    "Lumen Grid",
    "Kestrel Robotics",
    "Pinecrest Studios",
    "Bluefin Logistics",
    "Marlowe Insurance",
    "Cobalt Freight",
    "Sundial Learning",
    "Riverstone Energy",
    "Glasshouse Media",
    "Atlas Civic",
    "Verdant Foods",
    "Halcyon Games",
    "Ironbark Security",
    "Meridian Travel",
    "Juniper Legal",
    "Copperleaf Retail",
    "Nimbus Weather",
    "[stealth] AI startup",
]
ROLES = [
    "Backend Engineer",
    "Senior Python Developer",
    "Data Engineer",
    "Platform Engineer",
    "Site Reliability Engineer",
    "Staff Engineer",
    "Engineering Manager",
    "ML Engineer",
    "Full-stack Developer",
    "DevOps Engineer",
]
FIRST = [
    "Dana",
    "Priya",
    "Marcus",
    "Elena",
    "Tomás",
    "Aisha",
    "Jonas",
    "Mei",
    "Olu",
    "Sofia",
    "Ravi",
    "Hannah",
    "Kenji",
    "Lucia",
    "Ben",
    "Amara",
    "Felix",
    "Nora",
    "Sam",
    "Ingrid",
    "Diego",
    "Yara",
    "Theo",
    "Zoe",
    "Malik",
    "Chloe",
    "Omar",
    "Greta",
    "Luis",
    "Ada",
]
LAST = [
    "Reyes",
    "Natarajan",
    "Okafor",
    "Lindqvist",
    "García",
    "Haddad",
    "Becker",
    "Chen",
    "Adeyemi",
    "Rossi",
    "Iyer",
    "Schmidt",
    "Watanabe",
    "Moreno",
    "Carter",
    "Nwosu",
    "Kowalski",
    "Berg",
    "Patel",
    "Larsen",
]
TITLES = [
    "Engineering Manager",
    "Senior Engineer",
    "Recruiter",
    "Head of Platform",
    "Staff Engineer",
    "Product Manager",
    "Talent Partner",
    "CTO",
]
SOURCES = ["LinkedIn", "referral", "company site", "Hacker News", "Otta", "recruiter"]
TOPICS = [
    "migrating the billing service to event sourcing",
    "on-call load and how they cut pages",
    "their Postgres to ClickHouse move",
    "mentoring juniors on the platform team",
    "how they run design reviews",
    "the take-home about rate limiting",
    "scaling the ingestion pipeline past 1M events/s",
    "their hybrid work setup",
    "the roadmap for the public API",
    "testing strategy for the mobile backend",
]

# (stage, days since applied, interview: days ago or None, panel size, thank-yous sent)
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
            first = re.sub(r"[^a-z]", "", name.split()[0].lower()) or "hello"
            domain = re.sub(r"[^a-z]", "", company.lower())[:14]
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
        answer_by = business_day_after(day, 3) if index % 3 == 0 else None
        result = interviews.log_interview(
            store.uow(),
            app.id,
            at(day, hour).datetime,
            [c.id for c in panel_people],
            minutes=45 if kind == "phone screen" else 60,
            kind=kind,
            answer_by=answer_by,
            notes="; ".join(rng.sample(TOPICS, 2)),
        )
        if stage == "screening" and app.stage != "screening":
            applications.move_stage(store.uow(), app.id, "screening")
        if thanked:
            travel.at = at(day, min(hour + 4, 20))
            for item in result.planned:
                if item.kind == "thank-you":
                    follow_ups.save_note(
                        store.uow(),
                        item.id,
                        f"Thank you, {item.contact_name.split()[0]}",
                        f"Hi {item.contact_name.split()[0]},\n\nThank you for "
                        f"your time today talking about the {role} role.\n",
                    )
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
                        follow_ups.mark_sent(store.uow(), item.id)

    # References: two people vouching for the live applications.
    travel.at = now.shift(days=-3)
    for name, app_index in (("Grace Hopper-Lee", 0), ("Arjun Mehta", 2)):
        ref = contacts.add_contact(
            store.uow(),
            name,
            title="Former manager",
            met_via="reference",
            email=f"{name.split()[0].lower()}@mail.example",
        )
        app_id = app_index + 1
        interviews.add_reference(store.uow(), app_id, ref.id)
    # People met at events, not tied to any application.
    for name, days_ago in (("Lena Fischer", 1), ("Kwame Boateng", 0), ("Rosa Alvarez", 12)):
        met = business_days_back(now, days_ago, zone) if days_ago else now.to(zone).date()
        travel.at = at(met, 19)
        contact = contacts.add_contact(
            store.uow(),
            name,
            title="Speaker, PyData meetup",
            met_via="event",
            met_on=met,
            notes="Talked about data contracts",
            email=f"{name.split()[0].lower()}@events.example",
        )
        if days_ago > 5:
            travel.at = at(days.next_business_day(met), 10)
            for item in store.views.follow_ups_for():
                if item.contact_id == contact.id and item.status == "planned":
                    follow_ups.mark_sent(store.uow(), item.id)
    travel.at = now
    store.views.close()
    return Store(engine, clock)


def business_day_after(day: dt.date, n: int) -> dt.date:
    return days.add_business_days(day, n)


def build_large(engine: Engine, n: int, clock=arrow.utcnow, seed: int = 11) -> None:
    """N applications, ~4 contacts and ~20 follow-ups each, with bulk inserts."""
    now = arrow.get(clock()).to("utc").datetime
    rng = random.Random(seed)
    stages = [
        "applied",
        "screening",
        "interviewing",
        "offer",
        "rejected",
        "ghosted",
        "wishlist",
        "withdrawn",
    ]
    weights = [30, 15, 20, 3, 20, 8, 3, 1]
    kinds = ["thank-you", "check-in", "keep-warm", "feedback request", "custom"]
    channels = ["email", "phone", "email", "message"]
    with engine.begin() as conn:
        first_company = conn.scalar(select(Company.id).order_by(Company.id.desc()).limit(1)) or 0
        first_app = (
            conn.scalar(select(Application.id).order_by(Application.id.desc()).limit(1)) or 0
        )
        first_contact = conn.scalar(select(Contact.id).order_by(Contact.id.desc()).limit(1)) or 0
        first_interview = (
            conn.scalar(select(Interview.id).order_by(Interview.id.desc()).limit(1)) or 0
        )
        companies, apps, changes, contacts, interviews, parts, follow_ups, replies = (
            [] for _ in range(8)
        )
        for i in range(n):
            cid, aid = first_company + i + 1, first_app + i + 1
            created = now - dt.timedelta(days=rng.uniform(1, 365))
            stage = rng.choices(stages, weights)[0]
            companies.append(
                dict(
                    id=cid,
                    name=f"{COMPANIES[i % 24]} {i + 1}",
                    website="",
                    notes="",
                    archived=False,
                    created_at=created,
                    updated_at=created,
                )
            )
            apps.append(
                dict(
                    id=aid,
                    company_id=cid,
                    role=ROLES[i % len(ROLES)],
                    stage=stage,
                    source=SOURCES[i % len(SOURCES)],
                    link="",
                    location="Remote",
                    applied_on=created.date(),
                    notes="",
                    archived=False,
                    created_at=created,
                    updated_at=created,
                )
            )
            changes.append(
                dict(application_id=aid, from_stage=None, to_stage="applied", changed_at=created)
            )
            if stage != "applied":
                changes.append(
                    dict(
                        application_id=aid,
                        from_stage="applied",
                        to_stage=stage,
                        changed_at=created + dt.timedelta(days=7),
                    )
                )
            iid = first_interview + i + 1
            interviews.append(
                dict(
                    id=iid,
                    application_id=aid,
                    starts_at=created + dt.timedelta(days=5),
                    minutes=60,
                    kind="video",
                    answer_by=None,
                    notes=rng.choice(TOPICS),
                    created_at=created,
                )
            )
            people = []
            for k in range(4):
                pid = first_contact + i * 4 + k + 1
                people.append(pid)
                contacts.append(
                    dict(
                        id=pid,
                        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        title=rng.choice(TITLES),
                        company_id=cid,
                        email="",
                        phone="",
                        profile_url="",
                        preferred_channel=None,
                        met_via="interview",
                        met_on=None,
                        notes="",
                        last_touched_at=None,
                        created_at=created,
                        updated_at=created,
                    )
                )
                parts.append(dict(interview_id=iid, contact_id=pid, position=k))
            for k in range(20):
                due = created + dt.timedelta(days=rng.uniform(0, 60))
                open_ = stage in ("applied", "screening", "interviewing", "offer") and k >= 18
                if open_:
                    due = now + dt.timedelta(days=rng.uniform(-3, 10))
                    due = days.at_send_hour(
                        days.roll_forward(due.date()), days.Settings(timezone="UTC")
                    )
                status = "planned" if open_ else rng.choice(["sent", "sent", "skipped"])
                follow_ups.append(
                    dict(
                        contact_id=people[k % 4],
                        application_id=aid,
                        interview_id=iid,
                        kind=kinds[k % len(kinds)],
                        channel=rng.choice(channels),
                        due_at=due,
                        status=status,
                        status_changed_at=None if open_ else due,
                        snoozed_until=None,
                        subject="",
                        body="",
                        outcome=None,
                        reason="",
                        created_at=created,
                        updated_at=created,
                    )
                )
            if rng.random() < 0.4:
                replies.append(
                    dict(
                        application_id=aid,
                        contact_id=people[0],
                        received_at=created + dt.timedelta(days=rng.uniform(2, 30)),
                        summary="Reply",
                    )
                )
        for model, rows in (
            (Company, companies),
            (Application, apps),
            (StageChange, changes),
            (Contact, contacts),
            (Interview, interviews),
            (interview_participant, parts),
            (FollowUp, follow_ups),
            (Response, replies),
        ):
            for start in range(0, len(rows), 20_000):
                conn.execute(insert(model), rows[start : start + 20_000])
