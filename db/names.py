"""People's names, read the way a person would: the one helper for 'Hi Diana' in a
draft and 'Check-in with Diana' in a message, so the two never disagree.

Pure functions of strings; no session, no interface.
"""

from __future__ import annotations

import re
import unicodedata

HIRING_TEAM = "Hiring team"
"""The contact made for a check-in after applying when nobody at the company is known:
a stand-in, so it has no first name (a draft then asks for one)."""

HONORIFICS = frozenset("mr mrs ms mx miss dr prof professor sir madam dame".split())

WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
"""A word of a name: letters and digits, joined by an apostrophe, dot or hyphen."""


def fold(text: str) -> str:
    """Composed and case-folded, for comparing spellings."""
    return unicodedata.normalize("NFC", text).casefold()


def first_name(name: str) -> str:
    """'Dr. Diana Reyes' -> 'Diana'; '' when there is no name."""
    if fold(name.strip()) == fold(HIRING_TEAM):
        return ""
    words = [w for w in WORD.findall(name) if fold(w) not in HONORIFICS]
    return words[0] if words else ""


def short_name(name: str) -> str:
    """The name to use in a line a person reads: the first name, or the whole name
    when it has none ('Dr.' alone stays 'Dr.'), so a message never names nobody."""
    return first_name(name) or name.strip()


def name_parts(name: str) -> dict[str, str]:
    """Folded spelling -> as stored, for each part of a name ('Anne-Marie' and 'Anne')."""
    parts: dict[str, str] = {}
    for word in WORD.findall(name):
        for piece in (word, *word.split("-")):
            if fold(piece) not in HONORIFICS:
                parts.setdefault(fold(piece), piece)
    return parts
