"""A DataTable that also moves with j/k and keeps its place across reloads."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class NavTable(DataTable):
    """Row cursor, zebra stripes, vim keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._shown: dict[str, list] = {}
        """The cells lists last handed to replace_rows, by row key."""

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, if any."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    @property
    def selected_id(self) -> int | None:
        """The highlighted row's key as a database id (rows are keyed by id)."""
        key = self.selected_key
        return int(key) if key else None

    def replace_rows(self, rows, *, keep: str | None = None) -> None:
        """Show `rows` ((key, cells) pairs), keeping the cursor on `keep` (by key) or at
        the same index. The table is patched, not rebuilt, unless most rows are new:
        after marking one sent a row or two change, one goes and one moves, and a
        rebuild would redraw and re-measure every row (~90 ms for 100)."""
        index = self.cursor_row
        rows = list(rows)
        if not self._patch(rows):
            self.clear()
            for key, cells in rows:
                self.add_row(*cells, key=key)
            self._shown = dict(rows)
        if not self.row_count:
            return
        if keep is not None and keep in self.rows:
            index = self.get_row_index(keep)
        self.move_cursor(row=min(index, self.row_count - 1), animate=False)

    def _patch(self, rows) -> bool:
        """Remove, update, add and reorder rows in place; False when a rebuild is cheaper."""
        wanted = dict(rows)
        if not self.row_count or sum(key not in self.rows for key in wanted) * 2 > len(wanted):
            return False
        for row in self.ordered_rows:
            if row.key.value not in wanted:
                self.remove_row(row.key)
        columns = list(self.columns)
        for key, cells in wanted.items():
            if key not in self.rows:
                self.add_row(*cells, key=key)
                continue
            if self._shown.get(key) is cells:  # the same list as last time: nothing changed
                continue
            for column, old, new in zip(columns, self.get_row(key), cells, strict=True):
                if old != new:
                    self.update_cell(key, column, new)
        if [row.key.value for row in self.ordered_rows] != list(wanted):
            # sort() hands the key function a row's cells, not its key: find each row by
            # the identity of its first cell, which is the object stored in the table.
            first = columns[0]
            place = {id(self.get_cell(key, first)): n for n, key in enumerate(wanted)}
            self.sort(key=lambda cells: place[id(cells[0])])
        self._shown = wanted
        return True
