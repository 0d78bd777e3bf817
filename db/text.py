"""Text a person typed or imported, made safe to store and to show: the one place that
knows which characters are control characters and how wide a string is on a terminal.

- `clean_line`: one line (a name, a subject, a table cell): control characters go,
  tabs and line breaks become spaces.
- `clean_text`: several lines (notes, a note's body): control characters go, line
  breaks and tabs stay.
- `escape_controls`: for messages echoed on a terminal (a path, a value): every control
  character, line breaks and tabs included, written as an escape such as \\x1b.
- `cell_width` and `fit`: width in terminal cells, and a string cut to a width with
  "…"; the dashboard's tables and `afterview today` both cut by this one rule.

Pure functions of strings: no interface, no session.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters (ESC, NUL, bell, carriage return...), but not tab or
line feed: those two are layout in a multi-line text."""

_CONTROL_OR_LAYOUT = re.compile(rf"{CONTROL.pattern}|[\t\n]")

ELLIPSIS = "…"
_ZERO_WIDTH = frozenset({"Mn", "Mc", "Me", "Cf", "Zl", "Zp"})  # combining marks, joiners...
_JOINER = "\u200d"  # 👩‍💻: what it joins is drawn in the cells before it
_EMOJI_STYLE = "\ufe0f"  # ❤️: a narrow symbol asked to be drawn as a (wide) emoji
_SKIN_TONES = range(0x1F3FB, 0x1F400)  # 👍🏽: a modifier, drawn inside the emoji before it
_JAMO = (range(0x1160, 0x1200), range(0xD7B0, 0xD800))  # the vowel and final of a Hangul block


def clean_line(text: object) -> str:
    """One line, safe to store and show: no control characters; tabs and line breaks
    (also U+2028 and U+2029) become spaces. Not trimmed: that is the caller's choice."""
    value = CONTROL.sub("", "" if text is None else str(text))
    return " ".join(value.replace("\t", " ").splitlines())


def clean_text(text: object) -> str:
    """Multi-line text, safe to store and show: no control characters; line feeds and
    tabs kept (a carriage return is a control character and goes)."""
    return CONTROL.sub("", "" if text is None else str(text))


def escape_controls(text: object) -> str:
    """`text` on one line with its control characters, tab and line feed included,
    written out as escapes (\\x1b, \\n): shown to the person, never sent to the terminal."""
    return _CONTROL_OR_LAYOUT.sub(lambda m: m.group().encode("unicode_escape").decode(), str(text))


def _char_width(char: str) -> int:
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0 or code in _SKIN_TONES or any(code in r for r in _JAMO):
        return 0
    if unicodedata.category(char) in _ZERO_WIDTH and char != "\xad":
        return 0  # U+00AD, the soft hyphen, is drawn as a hyphen
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _widths(text: str):
    """(index after, cells so far) for each character of `text`, in order."""
    total, index, length, last = 0, 0, len(text), ""
    while index < length:
        char = text[index]
        if char == _JOINER:
            index += 2
        else:
            if char == _EMOJI_STYLE and last and unicodedata.category(last) == "So":
                total += _char_width(last) == 1
            total += _char_width(char)
            index += 1
        last = char
        yield min(index, length), total


@lru_cache(maxsize=4096)
def _wide_text_width(text: str) -> int:
    return max((cells for _end, cells in _widths(text)), default=0)


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes: 2 for wide (CJK, most emoji), 0 for
    control characters, combining marks and joiners, 1 for the rest."""
    if text.isascii() and text.isprintable():
        return len(text)
    return _wide_text_width(text)


def fit(text: str, width: int) -> str:
    """`text` if it fits in `width` cells, else cut so that it and a final "…" do.
    A wide character is never split: the cut may leave one cell to spare."""
    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text
    kept = 0
    for end, cells in _widths(text):
        if cells > width - 1:
            break
        kept = end
    return text[:kept] + ELLIPSIS
