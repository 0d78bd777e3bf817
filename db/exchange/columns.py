"""How a tracker's header is understood: each column fills a field, goes into the notes,
or is ignored for a reason a person can read (a Huntr id, your own e-mail). The same
list is what `afterview import --dry-run` prints, so what is checked is what is done."""

from __future__ import annotations

from dataclasses import dataclass

from db.exchange import ExchangeError
from db.exchange.formats import (
    COLUMNS,
    COMPUTED,
    DATE_FIELDS,
    NO,
    YES,
    Tracker,
    header_key,
    is_empty,
)

FIELD_OF = {name: f for f, names in COLUMNS.items() for name in names}


@dataclass(frozen=True)
class Column:
    """One column of the file and what it becomes."""

    index: int
    title: str
    field: str = ""  # the field it fills ("company", "applied", "applied?"), or ""
    kept: bool = False  # its cells go into the notes, titled
    why: str = ""  # why it is ignored; or, for a kept or field column, how it is read
    used: bool = True  # some row has something in it

    @property
    def html(self) -> bool:
        return self.kept and "html" in header_key(self.title)


def understand(
    header: list[str], records: list[tuple[int, list[str]]], name: str, tracker: Tracker | None
) -> list[Column]:
    """Every column's reading. Raises ExchangeError (one line) when two columns mean
    one field or the company or role column is missing."""
    ignored = tracker.ignored if tracker else {}
    columns: list[Column] = []
    for index, title in enumerate(header):
        key = header_key(title)
        shown = title.strip() or f"column {index + 1}"
        cells = [c[index] for _, c in records if index < len(c) and not is_empty(c[index])]
        used = bool(cells)
        if key in ignored:
            columns.append(Column(index, shown, why=ignored[key], used=used))
        elif key in COMPUTED:
            columns.append(Column(index, shown, why="worked out by Afterview", used=used))
        elif found := FIELD_OF.get(key):
            # A yes/no column is never a date (JobSync's `applied` beside `appliedDate`).
            if found in DATE_FIELDS and cells and all(_yes_no(c) for c in cells):
                if found == "applied":
                    columns.append(Column(index, shown, "applied?", why="yes or no", used=used))
                else:
                    columns.append(Column(index, shown, kept=True, why="yes or no", used=used))
            else:
                columns.append(Column(index, shown, found, used=used))
        else:
            why = "HTML, kept as text" if "html" in key else ""
            columns.append(Column(index, shown, kept=True, why=why, used=used))
    taken: dict[str, Column] = {}
    for column in columns:
        if column.field and column.field in taken:
            raise ExchangeError(
                f"{name}: columns {taken[column.field].title!r} and {column.title!r} both "
                f"mean {column.field}; rename one"
            )
        if column.field:
            taken[column.field] = column
    for required in ("company", "role"):
        if required not in taken:
            found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "none"
            names = ", ".join(COLUMNS[required][:4])
            raise ExchangeError(
                f"{name}: no {required} column (columns found: {found}); name it one of: {names}"
            )
    return columns


def _yes_no(cell: str) -> bool:
    return cell.strip().casefold() in YES | NO


def is_yes(cell: str) -> bool:
    return cell.strip().casefold() in YES
