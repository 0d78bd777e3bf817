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

from db.text import ELLIPSIS, clean_line, clean_text
from db.text import fit as cut_to
from tui.cells import Cell, cell

__all__ = ["Cell", "cell", "fit", "plain"]


def plain(text: object, style: str = "", *, one_line: bool = True) -> Content:
    """Literal content for Static, Label, Button and the like."""
    value = clean_line(text) if one_line else clean_text(text)
    return Content.styled(value, style) if style else Content(value)


def fit(text: str, width: int) -> str:
    """`text` as exactly `width` terminal cells: cut with "…" by db.text's rule (the one
    `afterview today` follows), then padded, as Rich counts cells, to fill its column.
    Printable ASCII, with or without the final "…", is one cell a character for Rich
    too, and is padded here: Rich's own count took ~5 µs a cell against ~0.7, and
    loaded its Unicode width table before the first frame."""
    cut = cut_to(text, width)
    body = cut[:-1] if cut.endswith(ELLIPSIS) else cut
    if body.isascii() and body.isprintable():
        return cut + " " * (width - len(cut))
    return set_cell_size(cut, max(width, 0))
