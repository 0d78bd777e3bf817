"""What other trackers call things: header names, stage words, and the few trackers whose
exports we recognise by their headers (Huntr, LinkedIn, Simplify, JobSync, Notion
templates) with what we know of each: the date order they write, the columns that are
the user's own details rather than a contact, the ids that mean nothing here.

Pure data and small functions: `sheet` reads a file with them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from db.enums import Stage

# Header names, compared after `header_key` ("companyName", "Company-Name" and
# "COMPANY NAME" all read "company name").
COLUMNS = {
    "company": ("company", "company name", "employer", "organization", "organisation"),
    "role": ("position", "role", "title", "job title", "job position", "job", "position title"),
    "stage": ("status", "stage", "application status", "list", "list name"),
    "applied": (
        "date applied",
        "applied",
        "applied on",
        "applied date",
        "application date",
        "date of application",
    ),
    "moved": ("status date", "last moved at", "stage date", "status changed"),
    "link": (
        "link",
        "url",
        "job link",
        "job url",
        "posting",
        "job posting",
        "posting url",
        "application link",
    ),
    "contact": ("contact", "contact name", "contact person", "recruiter", "recruiter name"),
    "email": ("email", "e mail", "contact email", "email address", "recruiter email"),
    "notes": ("notes", "note", "comments", "details"),
    "source": ("source", "found via", "job board", "job source"),
    "location": ("location", "city"),
    "archived": ("archived",),
}
DATE_FIELDS = ("applied", "moved")
# Columns of our own CSV export that Afterview works out: not read back.
COMPUTED = ("people", "next follow up", "last touch", "stage history")

STAGES = {
    "wishlist": (
        "wishlist",
        "wish list",
        "saved",
        "bookmarked",
        "interested",
        "to apply",
        "applying",
        "researching",
        "draft",
        "in progress",
    ),
    "applied": ("applied", "application sent", "submitted"),
    "screening": ("screening", "screen", "phone screen", "recruiter screen", "recruiter call"),
    "interviewing": (
        "interview",
        "interviews",
        "interviewing",
        "interview scheduled",
        "onsite",
        "on site",
        "final round",
        "technical interview",
        "final interview",
    ),
    "offer": ("offer", "offered", "offer received", "negotiating"),
    "accepted": ("accepted", "offer accepted", "hired"),
    "rejected": ("rejected", "rejection", "not selected"),
    "ghosted": ("ghosted", "no response", "no reply"),
    "withdrawn": ("withdrawn", "withdrew", "i withdrew"),
}
STAGE_OF = {word: stage for stage, words in STAGES.items() for word in words}
# Status words that say where a row is kept, not how far it got: the row stays at the
# stage its dates show (applied when it has an applied date), the word goes into the
# notes, and True archives it.
HELD = {"on hold": False, "archived": True, "expired": True}
# From the first step to the last, for "the furthest stage" when one posting appears
# twice (LinkedIn's saved and applied jobs); the endings rank after every open stage.
RANK = {
    Stage.WISHLIST: 0,
    Stage.APPLIED: 1,
    Stage.SCREENING: 2,
    Stage.INTERVIEWING: 3,
    Stage.OFFER: 4,
    Stage.REJECTED: 5,
    Stage.GHOSTED: 5,
    Stage.WITHDRAWN: 5,
    Stage.ACCEPTED: 6,
}
# Cells that mean "nothing here" in the exports we read.
EMPTY = frozenset({"", "-", "--", "–", "—", "n/a", "none", "null", "nan", "undefined"})
YES = frozenset({"yes", "y", "true", "1", "x", "✓"})
NO = frozenset({"no", "n", "false", "0"})

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_PUNCT = re.compile(r"[^0-9a-z]+")


def header_key(title: str) -> str:
    """'companyName', 'Company-Name', ' COMPANY NAME ' -> 'company name'."""
    return _PUNCT.sub(" ", _CAMEL.sub(" ", title.strip()).lower()).strip()


def word_key(text: str) -> str:
    """A status as compared: case, punctuation and spacing ignored ('Accepted!')."""
    return _PUNCT.sub(" ", text.lower()).strip()


def is_empty(cell: str) -> bool:
    return cell.strip().casefold() in EMPTY


def nearest_stage(word: str) -> str | None:
    """The stage an unknown status word points at: one of its words or pairs of words
    is a stage word ('Take-home interview'), or it is a near spelling ('Intervew')."""
    words = word_key(word).split()
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            if (part := " ".join(words[start : start + size])) in STAGE_OF:
                return STAGE_OF[part]
    close = difflib.get_close_matches(word_key(word), STAGE_OF, n=1, cutoff=0.85)
    return STAGE_OF[close[0]] if close else None


@dataclass(frozen=True)
class Tracker:
    """A tracker's export, known by the headers it always has."""

    name: str
    signature: frozenset[str]
    order: str | None = None  # "mdy" / "dmy" when the tracker always writes one
    ignored: dict[str, str] = field(default_factory=dict)  # header key -> why
    fields: dict[str, str] = field(default_factory=dict)  # header key -> field, over COLUMNS
    own_stages: bool = False  # its statuses are the user's own names (board lists)


_HUNTR_IDS = ("id", "board id", "list id", "company id", "creator user id")
TRACKERS = (
    Tracker(
        "Huntr job export",
        frozenset({"list name", "last moved at", "company name"}),
        ignored={
            **{key: "Huntr's own id" for key in _HUNTR_IDS},
            "root domain": "the link's web site",
            "color": "a card colour",
            "board name": "the Huntr board",
            **{
                f"creator user {part}": "you, who made the card"
                for part in ("first name", "last name", "email")
            },
        },
        own_stages=True,
    ),
    Tracker(
        "LinkedIn Job Applications",
        frozenset({"application date", "contact email", "resume name", "company name"}),
        order="mdy",
        ignored={
            "contact email": "your own e-mail",
            "contact phone number": "your own phone number",
        },
    ),
    Tracker(
        "LinkedIn Saved Jobs",
        frozenset({"saved date", "job url", "job title", "company name"}),
        order="mdy",
    ),
    Tracker("Simplify export", frozenset({"status date", "archived", "date archived"})),
    Tracker(
        "JobSync export",
        frozenset({"index", "created at", "applied", "applied date", "job title", "job source"}),
        ignored={"index": "a row number"},
    ),
    Tracker(
        "Notion job tracker",
        frozenset({"company name", "position", "status", "next action", "contact person"}),
        own_stages=True,
    ),
)


def recognise(keys: list[str]) -> Tracker | None:
    have = set(keys)
    return next((t for t in TRACKERS if t.signature <= have), None)
