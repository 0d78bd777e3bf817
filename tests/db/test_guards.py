"""Guards of db/notes/guards.py: what the note editor warns about before a note goes out."""

from __future__ import annotations

import pytest

from db.enums import Channel
from db.notes.drafts import FORGOT, draft
from db.notes.guards import HINTS, NEAR_IDENTICAL, Warning, likeness, word_count
from tests.db.notes_helpers import check, codes, facts

# --- guard: near-identical notes to one panel -----------------------------------------

DIANA_NOTE = """Hi Diana,

Thank you for your time on Monday and for walking me through the billing migration. Your \
point about replaying events to rebuild state stayed with me: I wrote up how we did something \
similar at my last job and put it here: https://example.com/replay.

One thing I forgot to mention: I've run on-call for a team of six for two years, so the pager \
numbers you shared didn't scare me.

Best wishes,
Sam"""
JOHN_OWN_NOTE = """Hi John,

Thanks for meeting me on Monday. I really liked your question about rate limiting; I've since \
tried the token-bucket version we sketched and it holds up at 10k requests a second.

I didn't get to ask how the team decides what goes on the public API roadmap. Could you tell me \
a little about that?

Kind regards,
Sam"""


def _reordered(body: str) -> str:
    hello, one, two, bye = body.split("\n\n")
    return "\n\n".join([hello, two, one, bye])


@pytest.mark.parametrize(
    "johns",
    [
        DIANA_NOTE.replace("Diana", "John"),
        DIANA_NOTE.replace("Diana", "John").replace("six", "eight").replace("Monday", "Tuesday"),
        _reordered(DIANA_NOTE.replace("Diana", "John")),
        DIANA_NOTE.replace("Diana", "John").upper(),
    ],
    ids=["name swapped", "two words changed", "paragraphs swapped", "shouted"],
)
def test_a_copied_panel_note_is_flagged_with_the_other_name(johns: str) -> None:
    warnings = check(DIANA_NOTE, other_panel_bodies=[("John Smith", johns)], kind="thank-you")
    (copy,) = [w for w in warnings if w.code == "near-identical"]
    assert copy.message.startswith("Almost the same as your note to John Smith (")
    assert copy.message.endswith("% alike): panels compare notes")


@pytest.mark.parametrize(
    "others",
    [
        [("John Smith", JOHN_OWN_NOTE)],
        [("John Smith", ""), ("Priya Shah", "   \n")],
        [("Diana Reyes", DIANA_NOTE)],  # the same person's own earlier note is no copy
        [],
    ],
    ids=["personal notes", "empty notes", "same recipient", "no panel"],
)
def test_personal_panel_notes_are_not_flagged(others) -> None:
    assert "near-identical" not in codes(check(DIANA_NOTE, other_panel_bodies=others))


def test_likeness_threshold_sits_between_copies_and_personal_notes() -> None:
    copy = likeness(DIANA_NOTE, "Diana Reyes", DIANA_NOTE.replace("Diana", "John"), "John")
    own = likeness(DIANA_NOTE, "Diana Reyes", JOHN_OWN_NOTE, "John Smith")
    assert copy == 100
    assert own < NEAR_IDENTICAL - 20


# --- guard: the greeting names someone else -------------------------------------------


@pytest.mark.parametrize(
    ("body", "name", "says"),
    [
        ("Dear Jon,\n\nThanks", "John Smith", "Jon"),
        ("Hi Dana,\nThank you", "Diana Reyes", "Dana"),
        ("hi dana,\nthanks", "Diana Reyes", "dana"),
        ("Good morning Dana,", "Diana Reyes", "Dana"),
        ("Dana,\n\nThank you for Monday.", "Diana Reyes", "Dana"),
        ("Hi Dana Reyes,", "Diana Reyes", "Dana"),
        ("Hi John and Dana,", "Diana Reyes", "John and Dana"),
        ("\n\n  Hello Priya!", "Diana Reyes", "Priya"),
    ],
)
def test_greeting_to_someone_else_is_flagged(body: str, name: str, says: str) -> None:
    (warning,) = [w for w in check(body, name) if w.code == "wrong-name"]
    assert warning.message == f"The greeting says {says} but this note is to {name}"


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Hi John,", "John Smith"),
        ("HI JOHN,", "John Smith"),
        ("Dear Mr Smith,", "John Smith"),
        ("Dear Mr. Smith,", "John Smith"),
        ("Dear John Smith,", "John Smith"),
        ("Dear J. Smith,", "John Smith"),
        ("Dear Dr Reyes,", "Dr. Diana Reyes"),
        ("Hi team,", "John Smith"),
        ("Hello everyone,", "John Smith"),
        ("Hi Acme team!", "John Smith"),
        ("Dear Hiring Manager,", "John Smith"),
        ("Dear Sir or Madam,", "John Smith"),
        ("Hey there,", "John Smith"),
        ("Hi John hope you had a good weekend", "John Smith"),
        ("Thank you for your time on Monday, Jon.", "John Smith"),  # no greeting to check
        ("Hi [their name],", "John Smith"),  # the placeholder guard speaks for this one
        ("Hi Anne,", "Anne-Marie Dupont"),
        ("Hi Ana de la Cruz,", "Ana de la Cruz"),
        ("Hi Tomás,", "Tomás Ortega"),
        ("Hi TOMÁS,", "Tomás Ortega"),
        ("Hi Zoë,", "Zoë Baker"),
        ("Hi 由紀,", "佐藤 由紀"),
    ],
)
def test_right_or_group_greeting_is_not_flagged(body: str, name: str) -> None:
    found = codes(check(body + "\n\nThanks for Monday.", name))
    assert "wrong-name" not in found and "name-accent" not in found


@pytest.mark.parametrize(
    ("body", "name"), [("Hi Tomas,", "Tomás Ortega"), ("Hi Zoe,", "Zoë Baker")]
)
def test_a_missing_accent_is_only_a_hint(body: str, name: str) -> None:
    (warning,) = check(body, name)
    assert warning.code == "name-accent" and warning.code in HINTS
    assert warning.message == f"The greeting says {body[3:-1]}; the name is spelt {name.split()[0]}"


# --- guard: the company's name misspelt -----------------------------------------------


@pytest.mark.parametrize(
    ("body", "seen"),
    [
        ("I enjoyed meeting the Acme Crop team.", "Acme Crop"),
        ("Everyone at Acmee was kind.", "Acmee"),
        ("THANK YOU, ACME CROP!", "ACME CROP"),
        ("the acme crop platform team", "acme crop"),
        ("AcmeCorp's data team", "AcmeCorp's"),
    ],
)
def test_misspelt_company_is_flagged(body: str, seen: str) -> None:
    (warning,) = [w for w in check(body) if w.code == "company-misspelt"]
    assert (
        warning.message == f"Check the company name: the note says {seen}, it is saved as Acme Corp"
    )


@pytest.mark.parametrize(
    "body",
    [
        "Acme Corp, ACME CORP, acme corp, Acme and Acme's team are all spelt right.",
        "Acme Corps and the Acme Corp's offices.",
    ],
)
def test_right_company_in_any_case_is_not_flagged(body: str) -> None:
    assert "company-misspelt" not in codes(check(body))


REAL_PARAGRAPH = """Hi Diana,

Thank you for meeting me on Monday. I came away with a clear picture of how the data team \
works, and your story about moving the nightly batch jobs to streaming was the best part of \
the day. I keep thinking about the canvas you sketched for the ingestion pipeline, and about \
how a company like yours stripes data across regions, wisely, in motion. I'm curious how the \
team handles backfills (a quiet revolt against flaky jobs) when a schema changes mid-stream: I did not ask, and should have. The \
metal and glass office was lovely, and the notion of owning a service end to end is one I share.

Best wishes,
Sam"""


@pytest.mark.parametrize(
    "company",
    ["Stripe", "Canva", "Meta", "Revolut", "Notion", "Wise", "Northwind Analytics", "Harbor & Vale",
     "Nimbus Weather", "[stealth] AI startup", "Monday", "Data Corp", "Nestlé", "IBM"],
)  # fmt: skip
def test_common_words_in_a_real_note_are_not_taken_for_the_company(company: str) -> None:
    assert "company-misspelt" not in codes(check(REAL_PARAGRAPH, company=company))


def test_company_suffix_may_be_left_out_but_the_rest_must_be_right() -> None:
    assert codes(check("Loved Datadog's culture.", company="Datadog, Inc.")) == []
    assert codes(check("Loved Datadgo's culture.", company="Datadog, Inc.")) == ["company-misspelt"]


# --- guards: placeholders, empty notes, length ----------------------------------------


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        (f"Hi Diana,\n\n{FORGOT}\n\nBest,", FORGOT),
        ("Hi {first},\n\nThanks.", "{first}"),
        ("Hi <name>,\n\nThanks.", "<name>"),
        ("Hi Diana,\n\nTODO: mention the blog post.", "TODO"),
        ("Hi Diana,\n\nSee XXX.", "XXX"),
    ],
)
def test_unfilled_placeholder_is_flagged(body: str, shown: str) -> None:
    (warning,) = [w for w in check(body) if w.code == "placeholder"]
    assert warning.message == f"Fill in or delete {shown}"


def test_several_placeholders_are_counted() -> None:
    _, body = draft(facts(other_panel_names=("John Smith",)))
    (warning,) = [w for w in check(body, kind="thank-you") if w.code == "placeholder"]
    assert warning.message == (  # the fit prompt, and last [your name]: no name is set
        "9 prompts still to fill in or delete, starting with "
        "[something Diana said that you want to pick up]"
    )


@pytest.mark.parametrize(
    "body",
    [
        "Hi Diana,\n\nThe write-up [1] covers it.\n\n[1] https://example.com",
        "Hi Diana,\n\nHere are [my slides](https://example.com/slides).",
        "Hi Diana,\n\nSam Jones <sam@example.com>",
        "Hi Diana,\n\nMy todo list is short; XXXL shirts are gone; TODOS.",
    ],
)
def test_footnotes_links_and_addresses_are_not_placeholders(body: str) -> None:
    assert codes(check(body)) == []


@pytest.mark.parametrize("body", ["", "   \n\t\n"])
def test_empty_note_is_flagged(body: str) -> None:
    assert check(body) == [Warning("empty", "The note is empty")]
    assert check(body, channel=Channel.PHONE) == []  # nothing to send after a call


def test_long_thank_you_gets_a_gentle_hint() -> None:
    body = "Hi Diana,\n\n" + "word " * 148
    assert word_count(body) == 150
    assert check(body, kind="thank-you") == []
    (hint,) = check(body + " more", kind="thank-you")
    assert hint.code == "long" and hint.code in HINTS
    assert hint.message == "151 words: a thank-you reads best under about 150"
    assert check(body + " more", kind="check-in") == []


def test_word_count_counts_what_a_person_would() -> None:
    assert word_count("Hi Diana,\n\nThanks — really.\tSam") == 6
    assert word_count("  \n ") == 0


def test_a_1mb_paste_is_still_checked() -> None:
    head = "Hi Dana,\n\nEveryone at Acme Crop was kind.\n\n"
    body = (head + REAL_PARAGRAPH * 2_000)[: 1_000_000 - len(FORGOT)] + FORGOT
    assert len(body) == 1_000_000
    warnings = check(
        body,
        other_panel_bodies=[("John Smith", body.replace("Dana", "John"))],
        kind="thank-you",
    )
    assert codes(warnings) == [
        "wrong-name",
        "company-misspelt",
        "near-identical",
        "placeholder",
        "long",
    ]
    placeholder = next(w for w in warnings if w.code == "placeholder")
    assert placeholder.message == f"Fill in or delete {FORGOT}"  # found at the very end
