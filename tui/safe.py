"""User text, shown literally.

Textual parses plain strings as markup: a company called "[/]" would crash a Label,
"[@click=app.quit]q[/]" would become a live action, and an ESC byte would reach the
terminal. Every piece of text a person typed or imported goes through `plain` (for
widgets) or `cell` (for table cells) instead.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
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


def fit(text: str, width: int) -> str:
    """`text` as exactly `width` terminal cells: padded, or cut with "…" at the end."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…" if width > 0 else ""


class Cell:
    """A literal, single-line table cell in one look ("overdue", "muted"…: see
    tui/widgets/looks.py; the table draws it in the theme's colours): the text is
    shown as it is, never parsed as markup, and cut to its column with "…"."""

    __slots__ = ("plain", "style")

    def __init__(self, plain: str, style: str = "") -> None:
        self.plain = plain
        self.style = style

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):
            return NotImplemented
        return self.plain == other.plain and self.style == other.style

    def __hash__(self) -> int:
        return hash((self.plain, self.style))

    def __repr__(self) -> str:
        return f"Cell({self.plain!r}, {self.style!r})"

    def __str__(self) -> str:
        return self.plain


def cell(text: object, style: str = "", *, limit: int = 200) -> Cell:
    """A literal, single-line table cell in look `style`, cut to `limit` characters."""
    value = clean(text)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return Cell(value, style)
