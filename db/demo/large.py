"""N applications of synthetic data with bulk inserts, for the benchmark and tests."""

from __future__ import annotations

import datetime as dt
import random

import arrow
from sqlalchemy import Engine, insert, select

from db import days
from db.demo.pools import COMPANIES, FIRST, LAST, ROLES, SOURCES, TITLES, TOPICS
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
