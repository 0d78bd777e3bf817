"""Every list in Afterview: rows of literal cells under a header, with a row cursor.

Drawn line by line (Textual's line API), and each row's line is kept until what it
shows changes. After marking a follow-up sent, only the rows that changed are drawn
again and the rest come from that cache; moving the cursor redraws two lines. (Textual's
DataTable keys its row cache on the cursor position and a table-wide change counter,
so either one redrew every visible cell of both tables: ~25 ms of the frame after a
mark sent, ~10 ms of a step at the bottom edge.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from db.text import clean_line
from tui.safe import Cell, fit
from tui.widgets.columns import AUTO_WIDTH_LIMIT, Column, fit_widths
from tui.widgets.looks import look_in  # a cell's look (overdue, muted…)


class NavTable(ScrollView, can_focus=True):
    """Rows keyed by a string (a database id), a row cursor, zebra stripes, vim keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "Top", show=False),
        Binding("end,G", "last", "Bottom", show=False),
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "nav-table--header",
        "nav-table--even-row",
        "nav-table--cursor",
    }

    DEFAULT_CSS = """
    NavTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        & > .nav-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .nav-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .nav-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .nav-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .nav-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .nav-table--header {
                background-tint: $foreground 5%;
            }
            & > .nav-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    class _RowMessage(Message):
        def __init__(self, table: NavTable, cursor_row: int, key: str) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.key = key

        @property
        def control(self) -> NavTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor came to rest on a row."""

    class RowSelected(_RowMessage):
        """Enter (or a click on the highlighted row) chose a row."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns: list[Column] = []
        self._widths: list[int] = []
        self._rows: dict[str, Sequence] = {}
        """Row key -> its cells, in the order shown."""
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        self.cursor_row = 0
        self._drawn: dict[tuple[str, str], tuple[Sequence, int, int, Strip]] = {}
        """(row key, look) -> (the cells, scroll x, width, the line drawn for them)."""
        self._header: tuple[tuple, Strip] | None = None

    # --- what is shown ----------------------------------------------------------------

    def add_column(
        self, label: str, *, key: str, width: int | None = None, min_width: int | None = None
    ) -> None:
        self.columns.append(Column(label, key, width, min_width))
        self._measure()

    @property
    def rows(self) -> dict[str, Sequence]:
        """Row key -> cells, in the order shown (read only)."""
        return self._rows

    @property
    def row_count(self) -> int:
        return len(self._keys)

    def get_row(self, key: str) -> Sequence:
        return self._rows[key]

    def get_row_at(self, index: int) -> Sequence:
        return self._rows[self._keys[index]]

    def get_row_index(self, key: str) -> int:
        return self._index[key]

    def get_cell(self, key: str, column_key: str):
        """The cell of row `key` in the column keyed `column_key` (KeyError if none)."""
        for n, column in enumerate(self.columns):
            if column.key == column_key:
                return self._rows[key][n]
        raise KeyError(column_key)

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, if any."""
        return self._keys[self.cursor_row] if self._keys else None

    @property
    def selected_id(self) -> int | None:
        """The highlighted row's key as a database id (rows are keyed by id)."""
        key = self.selected_key
        return int(key) if key else None

    def replace_rows(
        self, rows: Iterable[tuple[str, Sequence]], *, keep: str | None = None
    ) -> None:
        """Show `rows` ((key, cells) pairs), keeping the cursor on `keep` (by key) or at
        the same index. Rows whose cells are unchanged keep their drawn lines."""
        self._set_rows(dict(rows))
        target = self._index.get(keep, self.cursor_row) if keep is not None else self.cursor_row
        self.move_cursor(row=target, force=True)

    def append_rows(self, rows: Iterable[tuple[str, Sequence]]) -> None:
        """Add rows below the last one (a row already shown stays where it is)."""
        was_empty = not self._keys
        wanted = dict(self._rows)
        for key, cells in rows:
            wanted.setdefault(key, cells)
        self._set_rows(wanted)
        if was_empty:
            self.move_cursor(row=0, force=True)

    def clear(self) -> None:
        self._set_rows({})
        self.move_cursor(row=0, force=True)

    def _set_rows(self, rows: dict[str, Sequence]) -> None:
        before_keys, before_rows, before_widths = self._keys, self._rows, self._widths
        self._rows = rows
        self._keys = list(rows)
        self._index = {key: n for n, key in enumerate(self._keys)}
        # Keep the drawn lines of rows still shown; they are checked against the cells.
        self._drawn = {k: v for k, v in self._drawn.items() if k[0] in rows}
        self._measure()
        if self._widths != before_widths or not before_keys or not self.size:
            self.refresh()
        else:
            self._refresh_changed_lines(before_keys, before_rows)

    def _refresh_changed_lines(self, before_keys: list[str], before_rows: dict) -> None:
        """Draw again only the lines on screen whose row is another, or whose cells
        changed: after a mark sent the Pipeline's page is read anew, and most of its
        rows are as they were (a whole table drawn again cost ~5 ms of the frame)."""
        top = self.scroll_offset.y
        for index in range(top, top + max(self.scrollable_content_region.height - 1, 0)):
            old = before_keys[index] if index < len(before_keys) else None
            new = self._keys[index] if index < len(self._keys) else None
            if old != new or (new is not None and before_rows[old] != self._rows[new]):
                self.refresh_line(index + 1)

    def _measure(self) -> None:
        widths = []
        for n, column in enumerate(self.columns):
            if column.width is not None:
                widths.append(column.width)
                continue
            widest = max((cell_len(plain_of(cells[n])) for cells in self._rows.values()), default=0)
            widths.append(min(max(widest, cell_len(column.label)), AUTO_WIDTH_LIMIT))
        # The scrollbar's room is kept whether or not it shows, so the columns do not
        # jump as rows come and go.
        room = self.size.width - self.styles.scrollbar_size_vertical
        widths = fit_widths(widths, self.columns, room)
        if widths != self._widths:
            self._widths = widths
            self._drawn.clear()
            self._header = None
        self._set_virtual_size(Size(sum(w + 2 for w in widths), len(self._keys) + 1))

    def _set_virtual_size(self, size: Size) -> None:
        """Take `size` as the scrollable size, laying the screen out again only when the
        table's own box may change with it. Setting `virtual_size` asks Textual for a
        layout of the whole screen (~10 ms, and every widget whose geometry record
        changed is drawn again); a table whose height does not follow its rows (1fr, or
        auto but cut by its max-height before and after) only needs its scrollbars told."""
        old = self.virtual_size
        if size == old:
            return
        if not self._box_follows(old, size):
            self.set_reactive(NavTable.virtual_size, size)
            # Shows or hides a scrollbar through reactives that ask for a layout
            # themselves; otherwise moves the thumbs and keeps the scroll in range.
            self._scroll_update(size)
            self.scroll_y = self.validate_scroll_y(self.scroll_y)
            return
        self.virtual_size = size

    def _box_follows(self, old: Size, new: Size) -> bool:
        """Whether the table's width or height may change from `old` to `new` rows and
        columns (auto width or height), so the screen must be laid out again."""
        if not self.is_mounted or not self.size:
            return True
        width, height = self.styles.width, self.styles.height
        if old.width != new.width and width is not None and width.is_auto:
            return True
        if old.height != new.height and (height is None or height.is_auto):
            shown = self.scrollable_content_region.height
            return not shown < min(old.height, new.height)
        return False

    # --- the cursor -------------------------------------------------------------------

    def move_cursor(self, *, row: int, force: bool = False) -> None:
        """Put the cursor on `row` (clamped), scroll it into view and say so."""
        row = max(0, min(row, len(self._keys) - 1))
        if row == self.cursor_row and not force:
            return
        old, self.cursor_row = self.cursor_row, row
        self.refresh_line(old + 1)
        self.refresh_line(row + 1)
        self._scroll_to_cursor()
        if self._keys:
            self.post_message(self.RowHighlighted(self, row, self._keys[row]))

    def _scroll_to_cursor(self) -> None:
        visible = self.scrollable_content_region.height - 1  # below the header
        if visible <= 0:
            return
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._measure()  # a column that gave way on a narrow screen may widen again
        self._scroll_to_cursor()

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - max(1, self.scrollable_content_region.height - 2))

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + max(1, self.scrollable_content_region.height - 2))

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self._keys) - 1)

    def action_select(self) -> None:
        if self._keys:
            self.post_message(self.RowSelected(self, self.cursor_row, self._keys[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:  # the header
            return
        row = self.scroll_offset.y + offset.y - 1
        if row >= len(self._keys):
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row=row)

    # --- drawing ----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        # Textual calls this on a theme change and when focus comes or goes (the
        # cursor's colours depend on :focus): every kept line is out of date.
        super().notify_style_update()
        self._drawn.clear()
        self._header = None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y == 0:
            return self._header_line(scroll_x, width)
        index = scroll_y + y - 1
        if index >= len(self._keys):
            return Strip.blank(width, self.rich_style)
        key = self._keys[index]
        look = "cursor" if index == self.cursor_row else ("even" if index % 2 else "odd")
        cells = self._rows[key]
        hit = self._drawn.get((key, look))
        if (
            hit is not None
            and hit[1] == scroll_x
            and hit[2] == width
            and (hit[0] is cells or hit[0] == cells)
        ):
            return hit[3]
        row_style = self.rich_style
        if look == "cursor":
            row_style += self.get_component_rich_style("nav-table--cursor")
        elif look == "even":
            row_style += self.get_component_rich_style("nav-table--even-row")
        strip = self._line(cells, row_style, look == "cursor", scroll_x, width)
        self._drawn[key, look] = (cells, scroll_x, width, strip)
        return strip

    def _header_line(self, scroll_x: int, width: int) -> Strip:
        signature = (tuple(self.columns), scroll_x, width)
        if self._header is None or self._header[0] != signature:
            style = self.rich_style + self.get_component_rich_style("nav-table--header")
            labels = [column.label for column in self.columns]
            self._header = (signature, self._line(labels, style, False, scroll_x, width))
        return self._header[1]

    def _line(self, cells, row_style: Style, cursor: bool, scroll_x: int, width: int) -> Strip:
        """One row: each cell cut or padded to its column, one space either side."""
        segments, pad = [], Segment(" ", row_style)
        cursor_style = self.get_component_rich_style("nav-table--cursor") if cursor else None
        for value, column_width in zip(cells, self._widths, strict=False):
            style = row_style
            own = value.style if isinstance(value, Cell) else ""
            if own:
                style += look_in(self, own)
                if cursor_style is not None:  # the cursor's colours win over the cell's
                    style += cursor_style
            segments += (pad, Segment(fit(plain_of(value), column_width), style), pad)
        total = sum(w + 2 for w in self._widths)
        strip = Strip(segments, total).crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, row_style)


def plain_of(value: object) -> str:
    """A cell's text: a `tui.safe.Cell` is clean already; anything else is made so."""
    return value.plain if isinstance(value, Cell) else clean_line(getattr(value, "plain", value))
