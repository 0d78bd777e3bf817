"""Reading back what you sent: a sent note's subject and text as rows under its own row
in a list (Enter or space shows them, again hides them). The text is shown as it was
written, never parsed as markup, wrapped to the list's width."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from tui.safe import Cell, cell

READ_LIMIT = 20_000
"""Characters of a note read back in a list; a longer paste is cut with a line saying so."""
MAX_LINES = 200
OPEN, SHUT = "▾ ", "▸ "  # before a sent note's row: open, or there to be opened


def note_lines(subject: str, body: str, width: int) -> list[str]:
    """'Subject: …' then the body, wrapped to `width`, one blank line between paragraphs."""
    width = max(width, 20)
    lines = textwrap.wrap(f"Subject: {subject.strip() or '(none)'}", width) or ["Subject:"]
    text = body[:READ_LIMIT]
    if not text.strip():
        return [*lines, "(sent without a written note)"]
    lines.append("")
    for raw in text.splitlines():
        if not raw.strip():
            if lines[-1]:
                lines.append("")
            continue
        lines += textwrap.wrap(raw.rstrip(), width, drop_whitespace=True) or [""]
    while lines and not lines[-1]:
        lines.pop()
    if len(body) > READ_LIMIT or len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], "… (the rest is longer than a list can show)"]
    return lines


def note_rows(
    key: str, subject: str, body: str, width: int, columns: int, text_column: int
) -> list[tuple[str, Sequence[Cell]]]:
    """Rows keyed '<key>.<n>' holding the note's lines in `text_column`, blank elsewhere."""
    rows = []
    for n, line in enumerate(note_lines(subject, body, width)):
        cells = [cell("")] * columns
        look = "strong" if n == 0 else "italic"
        cells[text_column] = cell(f"│ {line}" if line else "│", look)
        rows.append((f"{key}.{n}", cells))
    return rows


def parent_key(key: str | None) -> str | None:
    """The row a read-back line belongs to ('3.4' -> '3'); a row's own key otherwise."""
    return key.split(".", 1)[0] if key else None


def text_width(table_width: int, fixed: int) -> int:
    """Room left for the text column: the table's width less its fixed columns (each
    padded by one cell either side), the column's own padding, the '│ ' in front of
    each line, and the scrollbar the note's lines may bring."""
    return (table_width or 100) - fixed - 6


def show_opened(table, key: str) -> None:
    """Scroll a row just opened to the top of the list, so its text is in view."""
    row = table.get_row_index(key)
    table.call_after_refresh(table.scroll_to, y=row, animate=False)
