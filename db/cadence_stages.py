"""What a change of stage does (rules 5, 8 and 10 of DESIGN.md), as a pure function.

`on_stage_change` answers one question for the write side (db/write/plans.py, and
db/write/interviews.py when a reference is added): when an application moves to a
stage, which planned follow-ups are skipped and which are planned. A closed stage ends
the pending ones (rule 10); a rejection keeps only the touches that may follow it,
asks once for feedback and keeps the relationship warm (rule 5); an interview or an
offer tells your references (rule 8). The touches, plans and the other rules are in
db.cadence; as there, nothing here opens a session or reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from db.cadence import AFTER_REJECTION, CLOSED_STAGES, ENGAGED_STAGES, Plan, Skip, Touch
from db.days import Settings, at_send_hour, local_date, next_business_day, roll_forward, soonest
from db.enums import Channel, Kind, Stage, Status

# --- Rules 5, 8, 10: what a change of stage does -----------------------------------


@dataclass(frozen=True)
class StageEffects:
    skips: tuple[Skip, ...] = ()
    plans: tuple[Plan, ...] = ()


def on_stage_change(
    new: Stage,
    application_id: int,
    planned: Sequence[Touch],
    reference_ids: Sequence[int],
    headed_up_ids: Iterable[int],
    feedback_contact_id: int | None,
    already_asked_feedback: bool,
    now: dt.datetime,
    settings: Settings,
    *,
    warm_sent: int = 0,
    has_warm_planned: bool = False,
) -> StageEffects:
    """What moving to `new` skips and plans. `warm_sent` and `has_warm_planned` describe
    the keep-warms to `feedback_contact_id` so far, from any application."""
    pending = [t for t in planned if t.status == Status.PLANNED and t.id is not None]
    # "Did my application arrive?" makes no sense once it has moved on (or back).
    moved_on = tuple(
        Skip(t.id, f"moved to {new}")
        for t in pending
        if t.kind == Kind.APPLIED_CHECK_IN and new in (Stage.WISHLIST, *ENGAGED_STAGES)
    )
    if new in CLOSED_STAGES:
        reason = {
            Stage.ACCEPTED: "offer accepted",
            Stage.WITHDRAWN: "application withdrawn",
            Stage.GHOSTED: "marked as ghosted",
        }[new]
        return StageEffects(tuple(Skip(t.id, reason) for t in pending))
    if new == Stage.REJECTED:
        skips = tuple(Skip(t.id, "rejected") for t in pending if t.kind not in AFTER_REJECTION)
        plans: list[Plan] = []
        if feedback_contact_id is not None and not already_asked_feedback:
            day = next_business_day(local_date(now, settings))
            plans.append(
                Plan(
                    feedback_contact_id,
                    Kind.FEEDBACK_REQUEST,
                    Channel.EMAIL,
                    at_send_hour(day, settings),
                    application_id,
                    None,
                    "rule 5: ask once for feedback",
                )
            )
        # One rhythm per person, at most keep_warm_max in all (rule 5: never all at once).
        if plans and not has_warm_planned and warm_sent < settings.keep_warm_max:
            warm = local_date(now, settings) + dt.timedelta(weeks=settings.keep_warm_weeks)
            plans.append(
                Plan(
                    feedback_contact_id,
                    Kind.KEEP_WARM,
                    Channel.EMAIL,
                    at_send_hour(roll_forward(warm), settings),
                    application_id,
                    None,
                    "rule 5: keep the relationship warm",
                )
            )
        return StageEffects(skips, tuple(plans))
    if new in (Stage.INTERVIEWING, Stage.OFFER):
        told = set(headed_up_ids)
        due = soonest(now, settings)
        return StageEffects(
            moved_on,
            tuple(
                Plan(
                    rid,
                    Kind.REFERENCE_HEADS_UP,
                    Channel.EMAIL,
                    due,
                    application_id,
                    None,
                    "rule 8: tell your reference they may be called",
                )
                for rid in dict.fromkeys(reference_ids)
                if rid not in told
            ),
        )
    return StageEffects(moved_on)
