"""Hostile and odd input: ONE catalogue, tried on every place a person or a file can put
text (tests/robust/test_hostile_*.py).

Each case is either stored and shown literally, or refused with a message a person can
act on. What "literally" means depends on the kind of field, and is stated here once,
as the rules a person would be told:

- one-line fields (names, role, title, subject, reason...): control characters
  (ESC, NUL, bell...) are removed, line breaks and tabs become spaces, spaces around
  are trimmed; names hold at most 200 characters, other lines 2,000; a required one
  refuses what is left empty.
- text fields (notes, a reply's summary, a note's body): control characters are
  removed, everything else (line breaks, tabs, spaces) kept as typed; up to 2 MB.
- email: empty, or an address email-validator accepts ("Email looks wrong: ...").
- phone: empty, digits with + ( ) - . / spaces; with a leading + it must be a possible
  number for its country (phonenumbers), else 5 to 15 digits.
- dates typed as text: YYYY-MM-DD that exists, between 1970 and 2100.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MEGABYTE = ("All work and no play makes Jack a dull boy. " * 24 + "\n") * 1000  # ~1 MB
MEGABYTE_ON_ONE_LINE = " ".join(["All work and no play makes Jack a dull boy. " * 24] * 1000)[:-1]
"""Each line break a space (after the space that ends each paragraph), the last one trimmed."""


@dataclass(frozen=True)
class Case:
    """One hostile input, with what each kind of field stores from it, written out here
    rather than worked out (the oracle must not repeat the code it checks)."""

    id: str
    value: str
    why: str
    line: str | None = None
    """A one-line field, before its length and required checks; None: as typed."""
    text: str | None = None
    """A text field (notes, body); None: as typed."""

    @property
    def as_one_line(self) -> str:
        return self.value if self.line is None else self.line

    @property
    def as_multi_line(self) -> str:
        return self.value if self.text is None else self.text


CASES = [
    Case("markup-close", "[/]", "closes a Rich/Textual markup tag that was never opened"),
    Case("markup-bold", "[bold]x", "would turn bold"),
    Case("markup-click", "[@click=app.quit]q[/]", "would become a live action"),
    Case("ansi-escape", "\x1b[31mred", "an ANSI colour escape", line="[31mred", text="[31mred"),
    Case("nul", "\x00", "NUL alone: nothing once control characters go", line="", text=""),
    Case("bell", "\x07", "the terminal bell alone", line="", text=""),
    Case(
        "controls-inside",
        "Ada\x00 Love\x07lace\x1b",
        "control characters inside a name",
        line="Ada Lovelace",
        text="Ada Lovelace",
    ),
    Case("megabyte", MEGABYTE, "1 MB of text, with line breaks", line=MEGABYTE_ON_ONE_LINE),
    Case("emoji", "Launch 🚀 team", "an emoji (two cells wide)"),
    Case("cjk", "山田太郎", "CJK (two cells per character)"),
    Case("rtl-hebrew", "שלום", "right-to-left"),
    Case("rtl-arabic", "مرحبا", "right-to-left, joined letters"),
    Case(
        "combining",
        "Zoe\u0308 Cafe\u0301",
        "decomposed accents: a line is stored composed (NFC), a text as typed",
        line="Zo\u00eb Caf\u00e9",
    ),
    Case("name-10k", "N" * 10_000, "a 10,000-character name"),
    Case("empty", "", "nothing"),
    Case("whitespace", "  \t  ", "spaces and a tab only", line=""),
    Case("newlines", "\n\n", "line breaks only", line=""),
    Case("impossible-date", "2026-02-30", "30 February"),
    Case("far-past", "1800-01-01", "before anyone applied for anything here"),
    Case("far-future", "3000-01-01", "a thousand years on"),
    Case("sql", "Robert'); DROP TABLE application;--", "SQL injection"),
    Case("percent-and-hash", "100% #1 ?x=y", "URI syntax (a '?', '#' or '%' in a path)"),
    Case("bad-email", "not-an-email", "no @"),
    Case("bad-email-domain", "a@b", "a domain without a dot"),
    Case("bad-phone-short", "12", "too few digits"),
    Case("bad-phone-country", "+1 555", "too few digits for its country"),
    Case("good-intl-phone", "+44 20 7946 0018", "a valid international number"),
]
BY_ID = {c.id: c for c in CASES}
IDS = [c.id for c in CASES]

_BY_VALUE = {c.value: c for c in CASES}

# --- what each kind of field does with a case ---------------------------------------


@dataclass(frozen=True)
class Refused:
    """Refused, with a message that holds `words`."""

    words: str


def as_line(value: str, *, required: bool, limit: int = 2_000, label: str = "Field"):
    """What a one-line field stores from the catalogue's `value`, or Refused."""
    text = _BY_VALUE[value].as_one_line
    if required and not text:
        return Refused(f"{label} is required")
    if len(text) > limit:
        return Refused(f"{label} is too long")
    return text


def as_name(value: str, label: str = "Name"):
    return as_line(value, required=True, limit=200, label=label)


def as_text(value: str):
    """What a text field (notes, summary, body) stores from the catalogue's `value`."""
    return _BY_VALUE[value].as_multi_line


def as_email(value: str):
    text = as_line(value, required=False, label="Email")
    if isinstance(text, Refused) or text == "":
        return text
    return Refused("Email looks wrong")


PHONES_ACCEPTED = {
    # digits and dashes, 5 to 15 digits: read as local numbers (1-800-01-01 could be one)
    "impossible-date": "2026-02-30",
    "far-past": "1800-01-01",
    "far-future": "3000-01-01",
    "good-intl-phone": "+44 20 7946 0018",
}


def as_phone(case: Case):
    text = as_line(case.value, required=False, label="Phone")
    if isinstance(text, Refused) or text == "":
        return text
    if case.id in PHONES_ACCEPTED:
        return PHONES_ACCEPTED[case.id]
    if case.id == "bad-phone-short":
        return Refused("5 to 15 digits")
    if case.id == "bad-phone-country":
        return Refused("wrong number of digits for its country")
    return Refused("Phone may hold digits")


def as_day(value: str):
    """A date typed as YYYY-MM-DD (a form's "Applied on", a CSV's "date applied")."""
    text = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None  # not a date at all: each surface says so in its own words
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return Refused("not a real date")
    if not dt.date(1970, 1, 1) <= day <= dt.date(2100, 12, 31):
        return Refused("between 1970 and 2100")
    return day


DATE_CASES = ["impossible-date", "far-past", "far-future"]
