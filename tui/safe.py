"""User text, shown literally.

Textual parses plain strings as markup: a company called "[/]" would crash a Label,
"[@click=app.quit]q[/]" would become a live action, and an ESC byte would reach the
terminal. Every piece of text a person typed or imported goes through `plain` (for
widgets), `cell` (for table cells) or db.text's `clean_line` (for a Text or an Input)
instead.
"""

from __future__ import annotations

from rich.cells import set_cell_size
from textual.content import Content

from db.text import clean_line, clean_text
from db.text import fit as cut_to


def plain(text: object, style: str = "", *, one_line: bool = True) -> Content:
    """Literal content for Static, Label, Button and the like."""
    value = clean_line(text) if one_line else clean_text(text)
    return Content.styled(value, style) if style else Content(value)


def fit(text: str, width: int) -> str:
    """`text` as exactly `width` terminal cells: cut with "…" by db.text's rule (the one
    `afterview today` follows), then padded, as Rich counts cells, to fill its column."""
    return set_cell_size(cut_to(text, width), max(width, 0))


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
    value = clean_line(text)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return Cell(value, style)
