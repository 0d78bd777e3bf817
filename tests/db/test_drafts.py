"""Drafts of db/notes/drafts.py, as a person opening the note editor reads them."""

from __future__ import annotations

import datetime as dt

import pytest

from db.enums import Channel, Kind
from db.names import first_name
from db.notes.drafts import (
    FORGOT,
    OFFER,
    QUESTION,
    DraftFacts,
    day_in_words,
    draft,
    facts_for,
    topics,
)
from db.notes.guards import panel_bodies
from db.page_records import ContactRow, InterviewRow
from db.records import FollowUpItem
from tests.db.notes_helpers import MONDAY, NOW, PROMPT, TOPICS, check, codes, facts


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
    skeletons = {bodies[n].replace(first_name(n), "X") for n in names}
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
    for prompt in (FORGOT, QUESTION, OFFER):
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
    assert day_in_words(starts, NOW, zone) == words


def test_topics_come_from_the_interview_notes() -> None:
    assert topics(" a ;b\n- c.\n\n* A; [d]") == ["a", "b", "c"]
    assert topics("[d] x", limit=5) == ["(d) x"]  # brackets would end a prompt early


def test_facts_for_a_follow_up_names_the_rest_of_the_panel() -> None:
    diana = ContactRow(1, "Diana Reyes", "Head of Data")
    john = ContactRow(2, "John Smith")
    interview = InterviewRow(7, 3, MONDAY, 60, "panel", None, TOPICS, (diana, john))
    item = FollowUpItem(
        11, Kind.THANK_YOU, Channel.EMAIL, NOW, "planned", 2, "John Smith",
        company="Acme Corp", role="Data Engineer", interview_id=7,
    )  # fmt: skip
    made = facts_for(item, interview=interview, timezone="Europe/London", now=NOW)
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
    assert panel_bodies(item, [item, sent_to_diana, skipped, elsewhere]) == [
        ("Diana Reyes", "Hi Diana")
    ]


# --- the rest of the advice: fit, addendum, feedback thanks, keep-warm, events ---------


def test_every_thank_you_asks_which_part_of_the_role_matches_what_you_bring() -> None:
    for body in panel_drafts(["Diana Reyes", "John Smith", "Priya Shah"]).values():
        assert "[which part of the role matches what you bring" in body


def test_addendum_is_short_names_the_interview_and_leaves_the_point_to_the_user() -> None:
    subject, body = draft(facts(kind=Kind.ADDENDUM))
    assert subject == "One more thing — Data Engineer interview"
    assert "Since we spoke on Monday about the Data Engineer role at Acme Corp" in body
    assert "[what you forgot to mention, or the answer you would now give differently" in body
    assert len(body.split()) < 80  # an addendum is a few lines, not a second letter


def test_feedback_thanks_quotes_the_feedback_they_gave() -> None:
    said = "Strong on design; wanted [more] depth on SQL"
    subject, body = draft(facts(kind=Kind.FEEDBACK_THANKS, feedback=said))
    assert subject == "Thank you for the feedback"
    assert "Thank you for your feedback on my interview for the Data Engineer role" in body
    # Quoted literally, its brackets softened so the prompt around it still closes.
    assert '[They said: "Strong on design; wanted (more) depth on SQL"' in body
    assert set(codes(check(body, kind=Kind.FEEDBACK_THANKS))) == {"placeholder"}
    _, unknown = draft(facts(kind=Kind.FEEDBACK_THANKS))
    assert "[the point from their feedback that you will act on]" in unknown


def test_keep_warm_after_a_rejection_asks_to_be_kept_in_mind_or_pointed_elsewhere() -> None:
    _, body = draft(facts(kind=Kind.KEEP_WARM))
    assert "kept me in mind" in body and "another team or person" in body
    # An event contact's keep-warm has no application: no rejection to speak of.
    _, event = draft(facts(kind=Kind.KEEP_WARM, company="", role="", interview_starts_at=None))
    assert "kept me in mind" not in event


def test_event_follow_up_opens_with_where_you_met_from_the_contacts_notes() -> None:
    notes = "Met at the PyData London meetup; talked about data contracts"
    event = dict(company="", role="", interview_starts_at=None, met_on=dt.date(2026, 11, 19))
    _, body = draft(facts(kind=Kind.EVENT_FOLLOW_UP, met_notes=notes, **event))
    lines = body.splitlines()
    assert lines[2] == "It was good to meet you at the PyData London meetup yesterday."
    assert '[You noted: "talked about data contracts" — pick up that thread]' in lines
    assert "[at the event]" not in body
    _, plan = draft(
        facts(kind=Kind.EVENT_FOLLOW_UP, channel=Channel.PHONE, met_notes=notes, **event)
    )
    assert "on meeting them at the PyData London meetup" in plan
    # Notes that don't say where: quoted as they are, and where is asked for.
    _, loose = draft(facts(kind=Kind.EVENT_FOLLOW_UP, met_notes="Talked about dbt", **event))
    assert '[You noted: "Talked about dbt"' in loose and "[where you met]" in loose


# --- Who you are: your name, signature and number ------------------------------------

LETTER_KINDS = [Kind.THANK_YOU, Kind.CHECK_IN, Kind.FEEDBACK_REQUEST, Kind.KEEP_WARM, Kind.CUSTOM]


@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_with_your_name_a_draft_signs_under_its_closing_line(kind) -> None:
    _, body = draft(facts(kind=kind, your_name="Ada Lovelace"))
    closing, name = body.splitlines()[-2:]
    assert name == "Ada Lovelace"
    assert closing.endswith(",")  # "Best wishes," or the thank-you's own closing
    assert "[your name]" not in body


def test_the_default_signature_is_best_wishes_and_your_name() -> None:
    _, body = draft(facts(kind=Kind.CHECK_IN, your_name="Ada Lovelace"))
    assert body.endswith("\n\nBest wishes,\nAda Lovelace")


@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_a_signature_takes_the_closing_lines_place(kind) -> None:
    signature = "Warm regards,\nAda Lovelace\n[b]Analytical Engines[/b] · +44 20 7946 0000"
    _, body = draft(facts(kind=kind, your_name="Ada", signature=signature))
    assert body.endswith(f"\n\n{signature}")  # literally, once, with nothing after it
    assert body.count("Ada") == 1 and "Best wishes," not in body  # no name added under it


@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_without_a_name_a_draft_ends_with_a_prompt_to_sign(kind) -> None:
    _, body = draft(facts(kind=kind))
    assert body.splitlines()[-1] == "[your name]"
    assert body.splitlines()[-2].endswith(",")  # the closing stays above it
    assert "[your name]" in PROMPT.findall(body)  # a prompt the guard counts as unfilled


def test_a_call_script_says_your_name_and_number() -> None:
    _, plan = draft(
        facts(
            channel=Channel.PHONE,
            kind=Kind.CHECK_IN,
            your_name="Ada Lovelace",
            your_phone="+44 20 7946 0000",
        )
    )
    voicemail = next(line for line in plan.splitlines() if "Voicemail" in line)
    assert "this is Ada Lovelace, calling about the Data Engineer role" in voicemail
    assert "You can reach me on +44 20 7946 0000." in voicemail
    assert "[your" not in plan


def test_a_call_script_keeps_placeholders_without_a_name_or_number() -> None:
    _, plan = draft(facts(channel=Channel.PHONE, kind=Kind.CHECK_IN))
    voicemail = next(line for line in plan.splitlines() if "Voicemail" in line)
    assert "this is [your name]," in voicemail and "reach me on [your number]." in voicemail


def test_facts_for_carries_who_you_are() -> None:
    item = FollowUpItem(
        3, Kind.CHECK_IN, Channel.PHONE, NOW, "planned", 1, "Diana Reyes",
        company="Acme Corp", role="Data Engineer",
    )  # fmt: skip
    made = facts_for(item, your_name="Ada", signature="Ada L.", your_phone="+1 555 0100")
    assert (made.your_name, made.signature, made.your_phone) == ("Ada", "Ada L.", "+1 555 0100")
    assert "this is Ada, calling" in draft(made)[1]
