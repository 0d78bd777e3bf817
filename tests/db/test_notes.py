"""Drafts, guards and mailto links of db/notes.py, as a person using the editor sees them."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from db import notes
from db.enums import Channel, Kind
from db.notes import DraftFacts, check_note, draft, mailto_url, word_count
from db.records import ContactRow, FollowUpItem, InterviewRow

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)  # a Friday
MONDAY = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
TOPICS = "their Postgres to ClickHouse move; on-call load\n- mentoring juniors"
PROMPT = re.compile(r"\[[^\[\]\n]+\]")


def facts(name: str = "Diana Reyes", **changes) -> DraftFacts:
    values = dict(
        recipient_name=name,
        recipient_title="Head of Data",
        company="Acme Corp",
        role="Data Engineer",
        kind=Kind.THANK_YOU,
        channel=Channel.EMAIL,
        interview_starts_at=MONDAY,
        interview_kind="panel",
        interview_notes=TOPICS,
        answer_by=dt.date(2026, 11, 27),
        timezone="Europe/London",
        now=NOW,
    )
    values.update(changes)
    return DraftFacts(**values)


def codes(warnings) -> list[str]:
    return [w.code for w in warnings]


def check(body: str, name: str = "Diana Reyes", company: str = "Acme Corp", **kw):
    return check_note(body, recipient_name=name, company=company, **kw)


# --- drafts ---------------------------------------------------------------------------


def panel_drafts(names: list[str]) -> dict[str, str]:
    return {
        n: draft(facts(n, other_panel_names=tuple(o for o in names if o != n)))[1] for n in names
    }


def test_two_panel_thank_yous_greet_the_right_person_and_differ() -> None:
    bodies = panel_drafts(["Diana Reyes", "John Smith"])
    diana, john = bodies["Diana Reyes"], bodies["John Smith"]
    assert diana.splitlines()[0] == "Hi Diana,"
    assert john.splitlines()[0] == "Hi John,"
    assert "[something Diana said that you want to pick up]" in diana
    assert "[something John said that you want to pick up]" in john
    # Not the same letter with the name swapped: the skeletons differ too.
    assert diana.replace("Diana", "X") != john.replace("John", "X")
    assert diana.splitlines()[2] != john.splitlines()[2]
    for me, other in (("Diana Reyes", "John Smith"), ("John Smith", "Diana Reyes")):
        warnings = check(
            bodies[me], me, other_panel_bodies=[(other, bodies[other])], kind="thank-you"
        )
        assert "wrong-name" not in codes(warnings)


def test_every_member_of_a_panel_of_six_gets_a_different_skeleton() -> None:
    names = ["Diana Reyes", "John Smith", "Priya Shah", "Tomás Ortega", "Mei Lin", "Olu Ade"]
    bodies = panel_drafts(names)
    skeletons = {bodies[n].replace(notes.first_name(n), "X") for n in names}
    assert len(skeletons) == 6
    assert panel_drafts(names) == bodies  # deterministic: reopening shows the same draft


def test_untouched_drafts_of_a_small_panel_are_unfinished_not_copies() -> None:
    bodies = panel_drafts(["Diana Reyes", "John Smith", "Priya Shah"])
    others = [(n, b) for n, b in bodies.items() if n != "Diana Reyes"]
    warnings = check(bodies["Diana Reyes"], other_panel_bodies=others, kind="thank-you")
    assert codes(warnings) == ["placeholder"]


def test_thank_you_draft_carries_the_interview_and_asks_for_value() -> None:
    subject, body = draft(facts())
    assert subject == "Thank you — Data Engineer interview"
    assert "on Monday" in body and "the Data Engineer role at Acme Corp" in body
    for topic in ("their Postgres to ClickHouse move", "on-call load", "mentoring juniors"):
        assert f"[You discussed: {topic} — say what stayed with you]" in body
    for prompt in (notes.FORGOT, notes.QUESTION, notes.OFFER):
        assert prompt in body


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.HANDWRITTEN, Channel.MESSAGE])
def test_every_letter_is_a_scaffold_with_prompts(kind: Kind, channel: Channel) -> None:
    subject, body = draft(facts(kind=kind, channel=channel))
    assert subject
    assert body.splitlines()[0] in ("Hi Diana,", "Dear Diana,")
    assert PROMPT.search(body), "a draft must leave something for the user to write"
    if kind in (Kind.THANK_YOU, Kind.CHECK_IN, Kind.FEEDBACK_REQUEST, Kind.REFERENCE_HEADS_UP):
        assert "Data Engineer" in body and "Acme Corp" in body
    # The scaffold trips no guard of its own (names, company), only its open prompts.
    assert set(codes(check(body, kind=kind, channel=channel))) == {"placeholder"}


def test_check_in_mentions_the_date_they_gave() -> None:
    _, body = draft(facts(kind=Kind.CHECK_IN))
    assert "Friday 27 November" in body and "we spoke on Monday" in body


@pytest.mark.parametrize("kind", list(Kind))
def test_phone_follow_up_is_a_call_plan(kind: Kind) -> None:
    subject, body = draft(facts(kind=kind, channel=Channel.PHONE))
    lines = body.splitlines()
    assert subject.startswith("Call Diana")
    assert lines[0] == "Call plan: Diana Reyes, Acme Corp"
    assert all(line.startswith("- ") for line in lines[1:])
    assert "- Ask for: Diana Reyes (Head of Data)" in lines
    facts_line = next(line for line in lines if line.startswith("- The facts:"))
    assert "Data Engineer at Acme Corp" in facts_line
    assert "you spoke on Monday (panel)" in facts_line
    assert "Friday 27 November" in facts_line
    assert any(line.startswith('- Voicemail: "Hi Diana') for line in lines)
    assert "Best wishes" not in body and "Hi Diana," not in lines
    # A call plan is a list to follow, never sent: its prompts are not warnings.
    assert check(body, kind=kind, channel=Channel.PHONE) == []


def test_draft_without_a_name_or_interview_asks_for_them() -> None:
    _, body = draft(DraftFacts(recipient_name="", kind=Kind.THANK_YOU))
    assert body.startswith("Hi [their name],")
    assert "[when you spoke]" in body and "[something they said" in body


def test_honorific_is_not_a_first_name() -> None:
    _, body = draft(facts("Dr. Diana Reyes"))
    assert body.startswith("Hi Diana,")


@pytest.mark.parametrize(
    ("starts", "zone", "words"),
    [
        (dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), "Europe/London", "today"),
        (dt.datetime(2026, 11, 19, 9, tzinfo=dt.UTC), "Europe/London", "yesterday"),
        (MONDAY, "Europe/London", "on Monday"),
        (dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), "Europe/London", "on 2 November"),
        (dt.datetime(2025, 12, 30, 9, tzinfo=dt.UTC), "Europe/London", "on 30 December 2025"),
        # Sunday late evening in London is already Monday morning in Tokyo.
        (dt.datetime(2026, 11, 15, 23, 30, tzinfo=dt.UTC), "Europe/London", "on Sunday"),
        (dt.datetime(2026, 11, 15, 23, 30, tzinfo=dt.UTC), "Asia/Tokyo", "on Monday"),
    ],
)
def test_interview_day_in_words(starts: dt.datetime, zone: str, words: str) -> None:
    assert notes.day_in_words(starts, NOW, zone) == words


def test_topics_come_from_the_interview_notes() -> None:
    assert notes.topics(" a ;b\n- c.\n\n* A; [d]") == ["a", "b", "c"]
    assert notes.topics("[d] x", limit=5) == ["(d) x"]  # brackets would end a prompt early


def test_facts_for_a_follow_up_names_the_rest_of_the_panel() -> None:
    diana = ContactRow(1, "Diana Reyes", "Head of Data")
    john = ContactRow(2, "John Smith")
    interview = InterviewRow(7, 3, MONDAY, 60, "panel", None, TOPICS, (diana, john))
    item = FollowUpItem(
        11, Kind.THANK_YOU, Channel.EMAIL, NOW, "planned", 2, "John Smith",
        company="Acme Corp", role="Data Engineer", interview_id=7,
    )  # fmt: skip
    made = notes.facts_for(item, interview=interview, timezone="Europe/London", now=NOW)
    assert made.other_panel_names == ("Diana Reyes",)
    assert draft(made)[1].startswith("Hi John,")
    sent_to_diana = FollowUpItem(
        10,
        Kind.THANK_YOU,
        Channel.EMAIL,
        NOW,
        "sent",
        1,
        "Diana Reyes",
        body="Hi Diana",
        interview_id=7,
    )
    skipped = FollowUpItem(12, Kind.THANK_YOU, Channel.EMAIL, NOW, "skipped", 1, "Diana Reyes", body="x", interview_id=7)  # fmt: skip
    elsewhere = FollowUpItem(13, Kind.THANK_YOU, Channel.EMAIL, NOW, "sent", 1, "Diana Reyes", body="x", interview_id=8)  # fmt: skip
    assert notes.panel_bodies(item, [item, sent_to_diana, skipped, elsewhere]) == [
        ("Diana Reyes", "Hi Diana")
    ]


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
    copy = notes.likeness(DIANA_NOTE, "Diana Reyes", DIANA_NOTE.replace("Diana", "John"), "John")
    own = notes.likeness(DIANA_NOTE, "Diana Reyes", JOHN_OWN_NOTE, "John Smith")
    assert copy == 100
    assert own < notes.NEAR_IDENTICAL - 20


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
    assert warning.code == "name-accent" and warning.code in notes.HINTS
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
        (f"Hi Diana,\n\n{notes.FORGOT}\n\nBest,", notes.FORGOT),
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
    assert warning.message == (
        "7 prompts still to fill in or delete, starting with "
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
    assert check(body) == [notes.Warning("empty", "The note is empty")]
    assert check(body, channel=Channel.PHONE) == []  # nothing to send after a call


def test_long_thank_you_gets_a_gentle_hint() -> None:
    body = "Hi Diana,\n\n" + "word " * 148
    assert word_count(body) == 150
    assert check(body, kind="thank-you") == []
    (hint,) = check(body + " more", kind="thank-you")
    assert hint.code == "long" and hint.code in notes.HINTS
    assert hint.message == "151 words: a thank-you reads best under about 150"
    assert check(body + " more", kind="check-in") == []


def test_word_count_counts_what_a_person_would() -> None:
    assert word_count("Hi Diana,\n\nThanks — really.\tSam") == 6
    assert word_count("  \n ") == 0


def test_a_1mb_paste_is_still_checked() -> None:
    head = "Hi Dana,\n\nEveryone at Acme Crop was kind.\n\n"
    body = (head + REAL_PARAGRAPH * 2_000)[: 1_000_000 - len(notes.FORGOT)] + notes.FORGOT
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
    assert placeholder.message == f"Fill in or delete {notes.FORGOT}"  # found at the very end


# --- mailto ---------------------------------------------------------------------------


def test_mailto_round_trips_non_ascii_breaks_and_reserved_characters() -> None:
    subject = "Thank you — Zoë & 日本? C++ #1 = 100%"
    body = "Hi Zoë,\n\nQ&A? Yes: 50% + 50% = 100% #win\r\nSee 日本.\rBye"
    url = mailto_url("zoe.baker+jobs@example.com", subject, body)
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and not parts.fragment
    assert parts.path == "zoe.baker+jobs@example.com"  # the address stays readable
    assert " " not in url and "\n" not in url and "+" not in parts.query
    assert "Zo%C3%AB" in url and "%E6%97%A5%E6%9C%AC" in url
    assert "%0D%0A%0D%0AQ%26A%3F" in url
    fields = parse_qs(parts.query, strict_parsing=True)
    assert fields == {
        "subject": [subject],
        "body": ["Hi Zoë,\r\n\r\nQ&A? Yes: 50% + 50% = 100% #win\r\nSee 日本.\r\nBye"],
    }


def test_mailto_escapes_what_an_address_cannot_hold() -> None:
    url = mailto_url(" zoë?&x#@例え.jp ", "", "")
    assert url == "mailto:zo%C3%AB%3F%26x%23@%E4%BE%8B%E3%81%88.jp"
    assert unquote(urlsplit(url).path) == "zoë?&x#@例え.jp"
    assert mailto_url("a@b.c", "Hi", "") == "mailto:a@b.c?subject=Hi"
