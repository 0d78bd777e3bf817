"""The company answering, and the one check-in when it does not (pure, like db.cadence).

A reply is more than a reply recorded: an offer, a rejection, a call that reached them
and a check-in skipped because "they replied already" are all the company answering.
Each ends the pending check-ins (rule 4) and counts in the reply rate. An application
that gets no answer at all gets one polite check-in after a wait (`applied_check_in_days`
business days after applying), within the same gap and cap as the other check-ins.
"""

from __future__ import annotations

import datetime as dt

from db.cadence import Plan
from db.days import (
    Settings,
    add_business_days,
    at_send_hour,
    business_days_between,
    local_date,
    soonest,
)
from db.enums import Channel, Kind, Stage

# Moves that are the company answering: the reply each stands for, and why the
# pending check-ins end.
ANSWERING_MOVES = {
    Stage.OFFER: ("Made an offer", "offer made"),
    Stage.REJECTED: ("Said no", "rejected"),
}
REPLIED_SUMMARY = "They replied (noted when a follow-up was skipped)"


def is_reply_reason(reason: str) -> bool:
    """A follow-up skipped because 'they replied already': the company answered."""
    words = " ".join(reason.casefold().replace("'", "").split())
    return words.startswith(("they replied", "they already replied", "replied already"))


def plan_applied_check_in(
    contact_id: int,
    application_id: int,
    applied_on: dt.date,
    now: dt.datetime,
    settings: Settings,
    *,
    unanswered: int = 0,
) -> Plan | None:
    """One check-in `applied_check_in_days` business days after applying, when the
    cap allows one. Already late (an import of an older application): as soon as may
    be; later than twice the wait, none, as a note then would only be chasing a
    silence that already says enough."""
    wait = settings.applied_check_in_days
    if wait <= 0 or unanswered >= settings.max_unanswered_check_ins:
        return None
    day = add_business_days(applied_on, wait)
    today = local_date(now, settings)
    if day < today:
        if business_days_between(day, today) > wait:
            return None
        due = soonest(now, settings)
    else:
        due = at_send_hour(day, settings)
    return Plan(
        contact_id,
        Kind.APPLIED_CHECK_IN,
        Channel.EMAIL,
        due,
        application_id,
        None,
        f"no answer {wait} business days after applying: ask once, politely",
    )
