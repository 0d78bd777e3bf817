"""Notes: drafts made for one person and one moment, the guards a note passes before it
goes out, and the mailto: link that hands it to the user's mail client.

Pure functions of plain values: no session, no clock, no interface. A draft is a
scaffold, never a finished letter: it always leaves bracketed prompts for what only
the user can write (rule 6: add value, don't only thank).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from urllib.parse import quote

import arrow
from rapidfuzz import fuzz, process

from db.cadence import zone
from db.enums import Channel, Kind
from db.names import HONORIFICS, WORD, first_name, fold, name_parts
from db.records import FollowUpItem, InterviewRow

# --- Facts and the words a draft is made of ------------------------------------------

SPOKEN = (Channel.PHONE, Channel.IN_PERSON)  # a plan to follow, not a text to send


@dataclass(frozen=True)
class DraftFacts:
    """What Afterview knows about this person and this moment."""

    recipient_name: str
    recipient_title: str = ""
    company: str = ""
    role: str = ""
    kind: str = Kind.CUSTOM
    channel: str = Channel.EMAIL
    interview_starts_at: dt.datetime | None = None
    interview_kind: str = ""
    interview_notes: str = ""  # topics, separated by ';' or line breaks
    other_panel_names: tuple[str, ...] = ()
    answer_by: dt.date | None = None
    timezone: str = "local"
    now: dt.datetime | None = None


def facts_for(
    item: FollowUpItem,
    *,
    interview: InterviewRow | None = None,
    recipient_title: str = "",
    timezone: str = "local",
    now: dt.datetime | None = None,
) -> DraftFacts:
    """The facts for a follow-up as the repository hands it out."""
    panel = interview.participants if interview else ()
    return DraftFacts(
        recipient_name=item.contact_name,
        recipient_title=recipient_title,
        company=item.company,
        role=item.role,
        kind=item.kind,
        channel=item.channel,
        interview_starts_at=interview.starts_at if interview else None,
        interview_kind=interview.kind if interview else "",
        interview_notes=interview.notes if interview else "",
        other_panel_names=tuple(p.name for p in panel if p.id != item.contact_id),
        answer_by=interview.answer_by if interview else None,
        timezone=timezone,
        now=now,
    )


def topics(notes: str, limit: int = 3) -> list[str]:
    """The interview's topics, one per ';' or line, without bullets or duplicates."""
    found: dict[str, str] = {}
    for raw in re.split(r"[;\n]", notes[:5_000]):
        topic = raw.strip().lstrip("-*•· ").rstrip(".").strip()
        topic = topic.replace("[", "(").replace("]", ")")[:80]
        if topic:
            found.setdefault(fold(topic), topic)
    return list(found.values())[:limit]


def day_in_words(at: dt.datetime, now: dt.datetime | None, timezone: str) -> str:
    """'today', 'yesterday', 'on Monday' within a week, else 'on 12 November'."""
    day = arrow.get(at).to(zone(timezone))
    if now is None:
        return f"on {day.format('D MMMM YYYY')}"
    today = arrow.get(now).to(zone(timezone))
    delta = (today.date() - day.date()).days
    if delta in (0, 1, -1):
        return {0: "today", 1: "yesterday", -1: "tomorrow"}[delta]
    if abs(delta) < 7:
        return f"on {day.format('dddd')}"
    return f"on {day.format('D MMMM' if day.year == today.year else 'D MMMM YYYY')}"


# --- Drafts --------------------------------------------------------------------------

FORGOT = "[the point you forgot to make]"
QUESTION = "[a question you did not ask]"
OFFER = "[something useful you can offer: a link, an article, a short write-up]"
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


def _thank_you(facts: DraftFacts, first: str) -> list[str]:
    v = _variant(facts)
    values = [FORGOT, QUESTION, OFFER]
    personal = [f"[something {first or 'they'} said that you want to pick up]"]
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
        return [
            "I came across [an article, talk or tool] and thought of our conversation.",
            *about,
            f"[why it matters to {first or 'them'}"
            + (f" or to {facts.company}]" if facts.company else "]"),
            "",
            "[a line of news from your side, if any]",
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
        return [
            "It was good to meet you [at the event].",
            "[what you talked about, and what stayed with you]",
            OFFER,
            "[a next step: a coffee, a call, an introduction]",
            "",
            "Best wishes,",
        ]
    return ["[what you want to say]", *about, "", "Best wishes,"]


def _call_plan(facts: DraftFacts, first: str) -> str:
    name = facts.recipient_name or "[who to ask for]"
    who = f"{name} ({facts.recipient_title})" if facts.recipient_title else name
    job = " at ".join(x for x in (facts.role, facts.company) if x)
    why = {
        Kind.THANK_YOU: f"to thank {first or 'them'} for the interview",
        Kind.CHECK_IN: "to check in: has a decision been made?",
        Kind.FEEDBACK_REQUEST: "to ask, once and briefly, for feedback on your interview",
        Kind.KEEP_WARM: "to stay in touch: [what you want to share]",
        Kind.REFERENCE_HEADS_UP: "to say they may be called as your reference",
        Kind.EVENT_FOLLOW_UP: "to follow up on meeting them [at the event]",
    }.get(facts.kind, "[why you are calling]")
    ask = {
        Kind.THANK_YOU: QUESTION,
        Kind.CHECK_IN: "where things stand, and when they expect to decide",
        Kind.FEEDBACK_REQUEST: "[the one thing you would most like to know]",
    }.get(facts.kind, "[what you want to find out]")
    known = [job] if job else []
    if facts.interview_starts_at:
        kind = f" ({facts.interview_kind})" if facts.interview_kind else ""
        known.append(f"you spoke {_when(facts)}{kind}")
    if facts.answer_by:
        known.append(f"they said they would answer by {_by(facts.answer_by)}")
    about = f"about the {facts.role} role" if facts.role else "[what it is about]"
    return "\n".join(
        [
            f"Call plan: {name}" + (f", {facts.company}" if facts.company else ""),
            f"- Ask for: {who}",
            f"- Why you are calling: {why}",
            *([f"- The facts: {'; '.join(known)}"] if known else []),
            f"- Ask: {ask}",
            f"- Add: {FORGOT}",
            f'- Voicemail: "Hi {first or "[their name]"}, this is [your name], calling {about}.'
            ' You can reach me on [your number]. Thank you."',
        ]
    )


def _subject(facts: DraftFacts, first: str) -> str:
    role, company = facts.role, facts.company
    if facts.channel in SPOKEN:
        return f"Call {first}" + (f" about the {role} role" if role else "")
    at = f" at {company}" if company else ""
    return {
        Kind.THANK_YOU: f"Thank you — {role} interview" if role else "Thank you for your time",
        Kind.CHECK_IN: f"Following up — {role}{at}" if role else f"Following up{at}",
        Kind.FEEDBACK_REQUEST: f"Feedback on my {role} interview"
        if role
        else "A request for feedback",
        Kind.KEEP_WARM: "Thought of our conversation",
        Kind.REFERENCE_HEADS_UP: f"Heads-up: {company} may contact you"
        if company
        else "A reference heads-up",
        Kind.EVENT_FOLLOW_UP: "Good to meet you",
    }.get(facts.kind, f"Following up — {role}" if role else "Following up")


def draft(facts: DraftFacts) -> tuple[str, str]:
    """(subject, body): a scaffold for this kind, person and moment, with prompts."""
    first = first_name(facts.recipient_name)  # '' when unknown: prompts then say 'they'
    subject = _subject(facts, first or "them")
    if facts.channel in SPOKEN:
        return subject, _call_plan(facts, first)
    hello = "Dear" if facts.channel == Channel.HANDWRITTEN else "Hi"
    greeting = f"{hello} {first or '[their name]'},"
    return subject, "\n".join([greeting, "", *_letter_lines(facts, first)])


# --- Guards --------------------------------------------------------------------------

SCAN_LIMIT = 20_000  # the company check reads this much; a paste past it is not a letter
COPY_LIMIT = 5_000  # notes compare on their opening 5,000 characters (a thank-you is ~1,000)
NEAR_IDENTICAL = 80  # rapidfuzz ratio, 0-100
COMPANY_CLOSE = 85
LONG_THANK_YOU = 150
HINTS = frozenset({"name-accent", "long"})  # gentle: worth a look, not a mistake
GROUP = frozenset(
    "team everyone all folks there both colleagues friends hiring manager managers "
    "recruiter recruiters recruiting committee panel people guys y'all again".split()
)
NOT_NAMES = frozenset(
    "hope thanks thank i i'm it it's just great good nice lovely so we this quick "
    "following sorry many".split()
)
PARTICLES = frozenset("de da del della der di du la le van von bin ibn al el st".split())
SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers")  # 'Stripes' is not a typo of Stripe
LEGAL = frozenset(
    "inc ltd llc llp plc corp corporation co company gmbh ag sa se bv nv ab oy pty "
    "limited incorporated group holdings".split()
)


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the word the editor shows; builtins.Warning is unused here
    """One thing worth a second look; `code` is stable, `message` is for the person."""

    code: str
    message: str


def _plain(text: str) -> str:
    """Case- and accent-insensitive: 'Tomás' -> 'tomas'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def word_count(text: str) -> int:
    return len(text.split())


def check_note(
    body: str,
    *,
    recipient_name: str,
    company: str,
    other_panel_bodies: Sequence[tuple[str, str]] = (),
    kind: str = Kind.CUSTOM,
    channel: str = Channel.EMAIL,
) -> list[Warning]:
    """Everything worth a second look before this note goes out, most serious first.
    A call plan (phone, in person) is never sent, so only its names are checked."""
    spoken = channel in SPOKEN
    if not body.strip():
        return [] if spoken else [Warning("empty", "The note is empty")]
    found = [*_greeting_warnings(body, recipient_name), *_company_warnings(body, company)]
    if spoken:
        return found
    found += _copy_warnings(body, recipient_name, other_panel_bodies)
    found += _placeholder_warnings(body)
    if kind == Kind.THANK_YOU and (words := word_count(body)) > LONG_THANK_YOU:
        found.append(Warning("long", f"{words} words: a thank-you reads best under about 150"))
    return found


def _greeting_names(body: str) -> list[str]:
    """The names a greeting uses ('Hi Dana,', 'Dear Mr Smith', a bare 'Dana,' line);
    [] for no greeting, a group ('Hi team') or an unfilled prompt ('Hi [name]')."""
    line = next((ln.strip() for ln in body[:2_000].splitlines() if ln.strip()), "")[:120]
    opener = _OPENER.match(line)
    rest = line[opener.end() :] if opener else line
    head, cut, after = [*re.split(r"([,:;!?—–(])", rest, maxsplit=1), "", ""][:3]
    if not opener and (cut != "," or after.strip() or not 1 <= len(WORD.findall(head)) <= 3):
        return []
    if re.search(r"[\[\]{}<>]", head):
        return []
    words = WORD.findall(head)
    content = [w for w in words if fold(w) not in HONORIFICS]
    capitalised = bool(content) and not content[0][0].islower()
    names: list[str] = []
    for i, word in enumerate(words):
        low = fold(word)
        if low in GROUP:
            return []
        if low in NOT_NAMES:
            break
        if low in HONORIFICS or low in ("and", "or"):
            continue
        if capitalised and word[0].islower():
            # 'Ana de la Cruz': lowercase particles inside a capitalised name
            j = i
            while j < len(words) and fold(words[j]) in PARTICLES:
                j += 1
            if names and j > i and j < len(words) and not words[j][0].islower():
                continue
            break
        names.append(word)
        if len(names) == 4 or (not capitalised and not cut):
            break  # 'hi dana hope you are well': without a comma, only the first word
    return names


_OPENER = re.compile(
    r"(?:hi|hello|hey|hiya|dear|greetings|morning|good\s+(?:morning|afternoon|evening|day))"
    r"(?![^\W_])[\s,]*",
    re.I,
)


def _greeting_warnings(body: str, recipient_name: str) -> list[Warning]:
    parts = name_parts(recipient_name)
    if not parts:
        return []
    wrong: list[str] = []
    accents: list[str] = []
    for word in _greeting_names(body):
        for piece in [word] if fold(word) in parts else word.split("-"):
            low = fold(piece)
            if low in parts or (len(low) == 1 and any(p.startswith(low) for p in parts)):
                continue
            spelt = next((s for p, s in parts.items() if _plain(p) == _plain(low)), None)
            if spelt:
                accents.append(f"{piece}; the name is spelt {spelt}")
            else:
                wrong.append(piece)
    if wrong:
        says = " and ".join(wrong)
        return [
            Warning("wrong-name", f"The greeting says {says} but this note is to {recipient_name}")
        ]
    return [Warning("name-accent", f"The greeting says {a}") for a in accents[:1]]


def _company_variants(company: str) -> list[str]:
    """'Acme Corp' -> ['acme corp', 'acme']: people write the name without its suffix."""
    words = [_plain(w) for w in WORD.findall(company)]
    core = list(words)
    while len(core) > 1 and core[-1] in LEGAL:
        core.pop()
    variants = [" ".join(words), " ".join(core)]
    return [v for v in dict.fromkeys(variants) if len(v) >= 3]


def _company_warnings(body: str, company: str) -> list[Warning]:
    variants = _company_variants(company)
    if not variants:
        return []
    text = body[:SCAN_LIMIT]
    spans = [m.span() for m in WORD.finditer(text)]
    words = [_plain(w[:-2] if w[-2:] in ("'s", "’s") else w) for w in (text[a:b] for a, b in spans)]
    # A one-word name is written capitalised: 'canvas' in a sentence is not 'Canva'.
    needs_capital = company.strip()[:1].isupper()
    windows: dict[int, list[str]] = {}  # runs of 1, 2... words, compared in one C call
    covered: set[int] = set()  # word indices already reported: 'Acmee Corp' is one typo
    found: dict[str, Warning] = {}
    for target in variants:
        n = target.count(" ") + 1
        for size in sorted({n, n - 1} - {0}, reverse=True):
            if size not in windows:
                windows[size] = [
                    " ".join(words[i : i + size]) for i in range(len(words) - size + 1)
                ]
            hits = process.extract(
                target, windows[size], scorer=fuzz.ratio, score_cutoff=COMPANY_CLOSE, limit=None
            )
            for cand, _score, i in sorted(hits, key=lambda hit: hit[2]):
                start, end = spans[i][0], spans[i + size - 1][1]
                if (
                    cand == target
                    or any(f"{cand}{s}" == target or f"{target}{s}" == cand for s in SUFFIXES)
                    or (needs_capital and size == 1 and text[start].islower())
                    or not covered.isdisjoint(range(i, i + size))
                ):
                    continue
                covered.update(range(i, i + size))
                seen = text[start:end]
                found.setdefault(
                    fold(seen),
                    Warning(
                        "company-misspelt",
                        f"Check the company name: the note says {seen}, it is saved as {company}",
                    ),
                )
                if len(found) == 3:
                    return list(found.values())
    return list(found.values())


# Each starts with a literal, so the regex engine skips ahead fast even through 1 MB.
PLACEHOLDERS = (
    re.compile(r"\[(?!\d+\])[^\[\]\n]{1,200}\](?!\()"),  # [a prompt]; not [1] or [a](link)
    re.compile(r"\{[^{}\n]{1,80}\}"),
    re.compile(r"<[^\W\d_][\w '-]{0,40}>"),  # <name>; not <dana@acme.com>
    re.compile(r"TODO(?![^\W_])"),
    re.compile(r"XXX(?![^\W_])"),
)


def _placeholders(text: str, limit: int = 100) -> list[re.Match]:
    hits = []
    for pattern in PLACEHOLDERS:
        found = (
            m
            for m in pattern.finditer(text)
            if m.group()[0] in "[{<" or m.start() == 0 or not text[m.start() - 1].isalnum()
        )
        hits += islice(found, limit)
    return sorted(hits, key=lambda m: m.start())[:limit]


def _placeholder_warnings(body: str) -> list[Warning]:
    hits = _placeholders(body)
    if not hits:
        return []
    first = hits[0].group()
    first = first if len(first) <= 60 else first[:57] + "…"
    if len(hits) == 1:
        return [Warning("placeholder", f"Fill in or delete {first}")]
    count = "100+" if len(hits) == 100 else str(len(hits))
    return [
        Warning("placeholder", f"{count} prompts still to fill in or delete, starting with {first}")
    ]


def _comparable(body: str, name: str) -> tuple[str, str]:
    """The note as a reader of both would compare it: its own recipient's name blanked
    ('Hi Dana' and 'Hi John' read the same), prompts left out, case and spacing
    ignored; once as written and once with its sentences sorted (a reordered copy)."""
    text = body[:COPY_LIMIT]
    words = sorted({w for w in (name, *name_parts(name).values()) if len(w) > 1}, key=len)
    if words:
        alternatives = "|".join(re.escape(w) for w in reversed(words))
        text = re.sub(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", "\x00", text, flags=re.I)
    for hit in reversed(_placeholders(text, limit=1_000)):  # unwritten prompts prove nothing
        text = text[: hit.start()] + " " + text[hit.end() :]
    text = fold(text)
    sentences = sorted(" ".join(s.split()) for s in re.split(r"(?<=[.!?])\s+|\n", text))
    return " ".join(text.split()), " ".join(s for s in sentences if s)


def likeness(a: str, a_name: str, b: str, b_name: str) -> float:
    """How alike two notes read, 0-100: the better of the Indel ratio of the texts as
    written and of their sorted sentences, so swapping paragraphs hides nothing."""
    (a_flat, a_sorted), (b_flat, b_sorted) = _comparable(a, a_name), _comparable(b, b_name)
    return max(fuzz.ratio(a_flat, b_flat), fuzz.ratio(a_sorted, b_sorted))


def _copy_warnings(
    body: str, recipient_name: str, others: Sequence[tuple[str, str]]
) -> list[Warning]:
    scored = []
    for other_name, other_body in others:
        if not other_body.strip() or fold(other_name) == fold(recipient_name):
            continue
        score = likeness(body, recipient_name, other_body, other_name)
        if score >= NEAR_IDENTICAL:
            scored.append((score, other_name))
    return [
        Warning(
            "near-identical",
            f"Almost the same as your note to {other} ({int(score)}% alike): panels compare notes",
        )
        for score, other in sorted(scored, reverse=True)
    ]


def panel_bodies(item: FollowUpItem, others: Iterable[FollowUpItem]) -> list[tuple[str, str]]:
    """(name, body) of this interview's notes to the other members of its panel."""
    if item.interview_id is None:
        return []
    return [
        (o.contact_name, o.body)
        for o in others
        if o.interview_id == item.interview_id
        and o.contact_id != item.contact_id
        and o.status != "skipped"
        and o.body.strip()
    ]


# --- Getting the note out ------------------------------------------------------------


def mailto_url(to: str, subject: str, body: str) -> str:
    """An RFC 6068 link: every reserved or non-ASCII character percent-encoded as UTF-8,
    spaces as %20 (never '+'), line breaks as %0D%0A; the address stays readable."""
    address = quote(to.strip(), safe="@!$'()*+,;:")
    fields = []
    if subject:
        fields.append("subject=" + quote(" ".join(subject.splitlines()), safe=""))
    if body:
        fields.append("body=" + quote(re.sub(r"\r\n|\r|\n", "\r\n", body), safe=""))
    return f"mailto:{address}" + ("?" + "&".join(fields) if fields else "")
