"""Drafts: the scaffold of a note for one person and one moment.

A draft is never a finished letter: it always leaves bracketed prompts for what only
the user can write (add value, don't only thank). Pure functions of plain values: no
session, no clock, no interface; names are read by db.names (honorifics skipped).

This module holds the words: the prompts, one letter body per kind, the call plan
(with its voicemail) for a spoken channel, the subject line, and `draft`, which puts
them together. What a draft knows and reads (`DraftFacts`, `facts_for`, `topics`,
`meeting`, `day_in_words`) is in db.notes.facts; `draft(facts_for(item, ...))` can be
imported from here in one line.
"""

from __future__ import annotations

import datetime as dt
import zlib

import arrow

from db.days import zone
from db.enums import SPOKEN, Channel, Kind
from db.names import first_name, fold
from db.notes.facts import DraftFacts, day_in_words, meeting, topics
from db.notes.facts import facts_for as facts_for  # so draft(facts_for(...)) is one import

# --- The prompts and the phrases a draft is made of ----------------------------------

YOUR_NAME = "[your name]"
YOUR_NUMBER = "[your number]"
FORGOT = "[the point you forgot to make]"
QUESTION = "[a question you did not ask]"
OFFER = "[something useful you can offer: a link, an article, a short write-up]"
FIT = "[which part of the role matches what you bring: one example that shows it]"
KEEP_IN_MIND = (
    "If something else opens up that suits me, I'd be glad if you kept me in mind; and if"
    " you know another team or person looking for this kind of work, a pointer would mean"
    " a lot."
)
OPENINGS = (
    "Thank you for your time {day} and for the conversation about {job}.",
    "Thanks for meeting me {day} to talk about {job}.",
    "I enjoyed our conversation {day} about {job}; thank you for making the time.",
    "It was a pleasure to speak with you {day}: I came away even keener on {job}.",
    "Many thanks for interviewing me {day} for {job}.",
    "I'm grateful for the time you gave me {day} to discuss {job}.",
)
CLOSINGS = (
    "Best wishes,",
    "Kind regards,",
    "Thanks again,",
    "With thanks,",
    "All the best,",
    "Warm regards,",
)
ORDERS = ((0, 1, 2), (1, 2, 0), (2, 0, 1), (0, 2, 1), (1, 0, 2), (2, 1, 0))


def _variant(facts: DraftFacts) -> int:
    """Deterministic, and different for each member of one panel: the panel's names
    seed it and the recipient's rank in the panel offsets it, so two notes to the same
    panel never share a skeleton (a bare name hash could collide)."""
    me = fold(facts.recipient_name)
    panel = sorted({fold(n) for n in (*facts.other_panel_names, facts.recipient_name)})
    return zlib.crc32("|".join(panel).encode()) + panel.index(me)


def _job(facts: DraftFacts) -> str:
    role = f"the {facts.role} role" if facts.role else "the role"
    return f"{role} at {facts.company}" if facts.company else role


def _when(facts: DraftFacts) -> str:
    at = facts.interview_starts_at
    return day_in_words(at, facts.now, facts.timezone) if at else "[when you spoke]"


def _by(day: dt.date) -> str:
    return arrow.get(day).format("dddd D MMMM")


def _topic_prompts(facts: DraftFacts, turn: int = 0) -> list[str]:
    found = topics(facts.interview_notes)
    found = found[turn % len(found) :] + found[: turn % len(found)] if found else []
    return [f"[You discussed: {t} — say what stayed with you]" for t in found]


# --- Letters: one body per kind ---------------------------------------------------------


def _thank_you(facts: DraftFacts, first: str) -> list[str]:
    v = _variant(facts)
    values = [FORGOT, QUESTION, OFFER]
    personal = [f"[something {first or 'they'} said that you want to pick up]", FIT]
    prompts = [values[i] for i in ORDERS[v % len(ORDERS)]]
    opening = OPENINGS[v % 6].format(day=_when(facts), job=_job(facts))
    return [opening, "", *personal, *_topic_prompts(facts, v), *prompts, "", CLOSINGS[(v + 2) % 6]]


def _letter_lines(facts: DraftFacts, first: str) -> list[str]:
    kind, job, company = facts.kind, _job(facts), facts.company or "[the company]"
    about = _topic_prompts(facts)[:1]
    if kind == Kind.THANK_YOU:
        return _thank_you(facts, first)
    if kind == Kind.CHECK_IN:
        said = f", and you hoped to decide by {_by(facts.answer_by)}" if facts.answer_by else ""
        return [
            f"I hope you're well. I'm following up on {job}: we spoke {_when(facts)}{said}.",
            "I'm still very keen, and would be glad to hear where things stand.",
            "",
            "[something new since you spoke: a result, a thought, a link]",
            QUESTION,
            "",
            "Best wishes,",
        ]
    if kind == Kind.APPLIED_CHECK_IN:
        return [
            f"I applied for {job} recently, and wanted to make sure my application reached"
            " the right person.",
            "I'm still very interested: [why this role, and what you would bring, in a line].",
            "",
            "[something new since you applied: a result, a project, a link]",
            "Is there anything more I can send, or a sense of when you'll be reviewing"
            " applications?",
            "",
            "Best wishes,",
        ]
    if kind == Kind.FEEDBACK_REQUEST:
        return [
            f"Thank you again for considering me for {job}. I'm disappointed, but I enjoyed"
            f" meeting you and the team at {company}.",
            "",
            "If you have a few minutes, I'd value any feedback on my interview:",
            "[the one thing you would most like to know]",
            "",
            OFFER,
            "I'd be glad to stay in touch.",
            "",
            "Kind regards,",
        ]
    if kind == Kind.KEEP_WARM:
        # A keep-warm tied to an application follows a rejection (rule 5): the one
        # moment to ask to be remembered, or pointed elsewhere.
        return [
            "I came across [an article, talk or tool] and thought of our conversation.",
            *about,
            f"[why it matters to {first or 'them'}"
            + (f" or to {facts.company}]" if facts.company else "]"),
            "",
            "[a line of news from your side, if any]",
            *(["", KEEP_IN_MIND] if facts.company else []),
            "",
            "Best wishes,",
        ]
    if kind == Kind.REFERENCE_HEADS_UP:
        return [
            f"A quick heads-up: I'm interviewing for {job}, and they may contact you as one"
            " of my references. Thank you again for being willing to vouch for me.",
            "",
            "[what the role is about, in a line]",
            "[what you would like them to mention about your work together]",
            "",
            "Thank you,",
        ]
    if kind == Kind.EVENT_FOLLOW_UP:
        return _event_follow_up(facts)
    if kind == Kind.ADDENDUM:
        return _addendum(facts)
    if kind == Kind.FEEDBACK_THANKS:
        return _feedback_thanks(facts, first)
    return ["[what you want to say]", *about, "", "Best wishes,"]


def _quote(text: str, limit: int = 160) -> str:
    """Someone's words inside a prompt: one line, no brackets (they would end it)."""
    line = " ".join(text[:2_000].split()).replace("[", "(").replace("]", ")")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _met_when(facts: DraftFacts) -> str:
    if facts.met_on is None:
        return ""
    noon = dt.datetime.combine(facts.met_on, dt.time(12), tzinfo=zone(facts.timezone))
    return " " + day_in_words(noon, facts.now, facts.timezone)


def _event_follow_up(facts: DraftFacts) -> list[str]:
    place, noted = meeting(facts)
    where = f" {place}" if place else " [where you met]"
    noted_prompts = [f'[You noted: "{_quote(n)}" — pick up that thread]' for n in noted]
    return [
        f"It was good to meet you{where}{_met_when(facts)}.",
        *(noted_prompts or ["[what you talked about, and what stayed with you]"]),
        OFFER,
        "[a next step: a coffee, a call, an introduction]",
        "",
        "Best wishes,",
    ]


def _addendum(facts: DraftFacts) -> list[str]:
    """Short by design: one point added or put right, then out of their way."""
    return [
        f"Since we spoke {_when(facts)} about {_job(facts)}, there is one thing I'd like to add.",
        "",
        "[what you forgot to mention, or the answer you would now give differently:"
        " two or three sentences]",
        "[why it matters for the role]",
        "",
        "No need to reply; I wanted you to have the full picture.",
        "",
        "Thanks again,",
    ]


def _feedback_thanks(facts: DraftFacts, first: str) -> list[str]:
    said = (
        f'[They said: "{_quote(facts.feedback)}" — what you will take from it]'
        if facts.feedback.strip()
        else "[the point from their feedback that you will act on]"
    )
    company = f" at {facts.company}" if facts.company else ""
    return [
        f"Thank you for your feedback on my interview for {_job(facts)}. Not everyone"
        " takes the time to explain a decision, and it helps.",
        "",
        said,
        "[how you will use it in your next interviews]",
        "",
        f"I enjoyed meeting you and the team{company}, and I'd be glad to stay in touch.",
        "",
        "With thanks,",
    ]


# --- Call plans: what to say on the phone, and the voicemail ---------------------------


def _call_plan(facts: DraftFacts, first: str) -> str:
    name = facts.recipient_name or "[who to ask for]"
    who = f"{name} ({facts.recipient_title})" if facts.recipient_title else name
    job = " at ".join(x for x in (facts.role, facts.company) if x)
    why = {
        Kind.THANK_YOU: f"to thank {first or 'them'} for the interview",
        Kind.CHECK_IN: "to check in: has a decision been made?",
        Kind.APPLIED_CHECK_IN: "to check your application arrived, and say you are still keen",
        Kind.FEEDBACK_REQUEST: "to ask, once and briefly, for feedback on your interview",
        Kind.KEEP_WARM: "to stay in touch: [what you want to share]",
        Kind.REFERENCE_HEADS_UP: "to say they may be called as your reference",
        Kind.EVENT_FOLLOW_UP: "to follow up on meeting them "
        + (meeting(facts)[0] or "[where you met]"),
        Kind.ADDENDUM: "to add, briefly, what you forgot to say or would put differently",
        Kind.FEEDBACK_THANKS: f"to thank {first or 'them'} for the feedback on your interview",
    }.get(facts.kind, "[why you are calling]")
    ask = {
        Kind.THANK_YOU: QUESTION,
        Kind.CHECK_IN: "where things stand, and when they expect to decide",
        Kind.APPLIED_CHECK_IN: "whether it reached the right person, and when they will decide",
        Kind.FEEDBACK_REQUEST: "[the one thing you would most like to know]",
        Kind.ADDENDUM: "[the point you want to add]",
        Kind.FEEDBACK_THANKS: "[anything in their feedback you want to understand better]",
    }.get(facts.kind, "[what you want to find out]")
    known = [job] if job else []
    if facts.interview_starts_at:
        kind = f" ({facts.interview_kind})" if facts.interview_kind else ""
        known.append(f"you spoke {_when(facts)}{kind}")
    if facts.answer_by:
        known.append(f"they said they would answer by {_by(facts.answer_by)}")
    about = f"about the {facts.role} role" if facts.role else "[what it is about]"
    me, number = facts.your_name.strip() or YOUR_NAME, facts.your_phone.strip() or YOUR_NUMBER
    return "\n".join(
        [
            f"Call plan: {name}" + (f", {facts.company}" if facts.company else ""),
            f"- Ask for: {who}",
            f"- Why you are calling: {why}",
            *([f"- The facts: {'; '.join(known)}"] if known else []),
            f"- Ask: {ask}",
            f"- Add: {FORGOT}",
            f'- Voicemail: "Hi {first or "[their name]"}, this is {me}, calling {about}.'
            f' You can reach me on {number}. Thank you."',
        ]
    )


# --- The draft: subject, greeting, body, signature ---------------------------------------


def _subject(facts: DraftFacts, first: str) -> str:
    role, company = facts.role, facts.company
    if facts.channel in SPOKEN:
        return f"Call {first}" + (f" about the {role} role" if role else "")
    at = f" at {company}" if company else ""
    return {
        Kind.THANK_YOU: f"Thank you — {role} interview" if role else "Thank you for your time",
        Kind.CHECK_IN: f"Following up — {role}{at}" if role else f"Following up{at}",
        Kind.APPLIED_CHECK_IN: f"My application — {role}{at}" if role else f"My application{at}",
        Kind.FEEDBACK_REQUEST: f"Feedback on my {role} interview"
        if role
        else "A request for feedback",
        Kind.KEEP_WARM: "Thought of our conversation",
        Kind.REFERENCE_HEADS_UP: f"Heads-up: {company} may contact you"
        if company
        else "A reference heads-up",
        Kind.EVENT_FOLLOW_UP: "Good to meet you",
        Kind.ADDENDUM: f"One more thing — {role} interview" if role else "One more thing",
        Kind.FEEDBACK_THANKS: "Thank you for the feedback",
    }.get(facts.kind, f"Following up — {role}" if role else "Following up")


def draft(facts: DraftFacts) -> tuple[str, str]:
    """(subject, body): a scaffold for this kind, person and moment, with prompts."""
    first = first_name(facts.recipient_name)  # '' when unknown: prompts then say 'they'
    subject = _subject(facts, first or "them")
    if facts.channel in SPOKEN:
        return subject, _call_plan(facts, first)
    hello = "Dear" if facts.channel == Channel.HANDWRITTEN else "Hi"
    greeting = f"{hello} {first or '[their name]'},"
    return subject, "\n".join([greeting, "", *_signed(_letter_lines(facts, first), facts)])


def _signed(lines: list[str], facts: DraftFacts) -> list[str]:
    """The letter's last line is its closing ("Best wishes,"): your signature takes its
    place, or your name goes under it; with neither, a prompt to sign."""
    signature = facts.signature.strip()
    if signature:
        return [*lines[:-1], *signature.splitlines()]
    return [*lines, facts.your_name.strip() or YOUR_NAME]
