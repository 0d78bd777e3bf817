"""Guards: what a note is checked for before it goes out (the wrong name in the
greeting, a misspelt company, a near copy of a note to someone else on the panel,
unfilled prompts, length), each found as a `Warning` a person can act on.

Pure functions of strings; no session, no interface.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

from rapidfuzz import fuzz, process

from db.enums import SPOKEN, Channel, Kind
from db.names import HONORIFICS, WORD, fold, name_parts
from db.records import FollowUpItem

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
