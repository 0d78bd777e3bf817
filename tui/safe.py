"""User text, shown literally.

Textual parses plain strings as markup: a company called "[/]" would crash a Label,
"[@click=app.quit]q[/]" would become a live action, and an ESC byte would reach the
terminal. Every piece of text a person typed or imported goes through `plain` (for
widgets) or `cell` (for DataTable cells) instead.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.content import Content

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: object, *, one_line: bool = True) -> str:
    """Control characters removed (and, for one-line places, line breaks folded)."""
    value = _CONTROL.sub("", "" if text is None else str(text))
    if one_line:
        value = " ".join(value.replace("\t", " ").splitlines())
    return value


def plain(text: object, style: str = "", *, one_line: bool = True) -> Content:
    """Literal content for Static, Label, Button and the like."""
    return (
        Content.styled(clean(text, one_line=one_line), style)
        if style
        else Content(clean(text, one_line=one_line))
    )


def cell(text: object, style: str = "", *, limit: int = 200) -> Text:
    """A literal, single-line DataTable cell, cut to `limit` characters."""
    value = clean(text)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return Text(value, style=style, no_wrap=True, overflow="ellipsis")
