"""A table cell: literal text in a look, with no Textual in sight, so that the first
data's child process (tui/first_data.py) can build the first rows too. tui.safe hands
these out beside the rest of its literal-text helpers."""

from __future__ import annotations

from db.text import clean_line


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

    def __reduce__(self):
        # Sent from the first data's child by pickle: rebuilt from its two strings.
        return Cell, (self.plain, self.style)


def cell(text: object, style: str = "", *, limit: int = 200) -> Cell:
    """A literal, single-line table cell in look `style`, cut to `limit` characters."""
    value = clean_line(text)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return Cell(value, style)
