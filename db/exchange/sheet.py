"""Reading a spreadsheet tracker's CSV: columns understood by name (`columns`), stages by
the words other trackers use (`formats`), dates in the file's own order. Every row comes
out good (an `ImportRow`), bad with its line and reason, or left out because it has no
company and no role; nothing here touches a database."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from db import validation
from db.dates import DateNotUnderstood
from db.exchange import ExchangeError
from db.exchange.columns import Column, is_yes, understand
from db.exchange.dayless import Days, file_order
from db.exchange.export import FORMULA_START
from db.exchange.formats import (
    HELD,
    STAGE_OF,
    Tracker,
    header_key,
    is_empty,
    nearest_stage,
    recognise,
    word_key,
)
from db.exchange.html_text import html_to_text
from db.validation import ValidationError


@dataclass(frozen=True)
class ImportRow:
    """One good row of a tracker, ready to add."""

    line: int
    company: str
    role: str
    stage: str
    applied_on: dt.date | None = None
    link: str = ""
    contact: str = ""
    email: str = ""
    notes: str = ""
    source: str = ""
    location: str = ""
    moved_on: dt.date | None = None  # the day it reached `stage`, when the file says
    archived: bool = False


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass(frozen=True)
class Reading:
    """A cell read in a way the person should hear about: a status word we do not know
    (kept at `reading`), or a date written without its year."""

    line: int
    cell: str
    reading: str


@dataclass
class Sheet:
    rows: list[ImportRow]
    bad: list[BadRow]
    kept_in_notes: list[str]  # columns we do not know: their cells go into the notes
    delimiter: str
    columns: list[Column] = field(default_factory=list)
    tracker: str = ""  # the tracker recognised from the header, if any
    empty: list[BadRow] = field(default_factory=list)  # no company and no role: left out
    unknown: list[Reading] = field(default_factory=list)  # status words kept at a stage
    held: list[Reading] = field(default_factory=list)  # 'On Hold', 'Expired', 'Archived'
    yearless: list[Reading] = field(default_factory=list)


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as Excel writes it."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _dialect(text: str) -> type[csv.Dialect]:
    """The separator (comma, semicolon, tab or bar) from csv.Sniffer, checked against the
    header; otherwise the one the header holds most of. Quoting stays Excel's."""
    sample = text[:65_536]
    header = next((line for line in sample.splitlines() if line.strip()), "")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ""
    if delimiter not in header or not delimiter:
        delimiter = max(",;\t|", key=header.count)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    Dialect.skipinitialspace = True
    return Dialect


def _records(text: str, dialect, name: str):
    """(first line number, cells) for each non-blank record; a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        # The line the record starts on: a quoted cell may run on for many lines.
        raise ExchangeError(f"{name} line {start}: {exc}") from None


def _unescape(cell: str) -> str:
    """Undo the quote our CSV export puts before a cell a spreadsheet would run; a cell
    that says 'nothing here' (N/A, -, null) is empty."""
    cell = cell.strip()
    if is_empty(cell):
        return ""
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_START else cell


@dataclass
class _Reader:
    """What reading one row needs from the whole file."""

    columns: list[Column]
    days: Days
    tracker: Tracker | None
    sheet: Sheet

    def row(self, line: int, cells: list[str]) -> ImportRow | None:
        get: dict[str, str] = {}
        for c in self.columns:
            if c.field and c.index < len(cells):
                get[c.field] = _unescape(cells[c.index])
        if not get.get("company") and not get.get("role"):
            return None
        applied = self._day(line, get.get("applied", ""), "date applied")
        moved = self._day(line, get.get("moved", ""), "status date")
        stage, archived, said = self._stage(line, get.get("stage", ""))
        if not stage:
            flag = get.get("applied?", "")
            stage = "applied" if applied or (flag and is_yes(flag)) else "wishlist"
        if stage == "applied" and applied is None and not said:
            applied = moved  # the day it moved to "applied" is the day it was applied for
        archived = archived or is_yes(get.get("archived", ""))
        email = validation.email(get.get("email"))
        contact = get.get("contact", "") or email
        extra = []
        for c in self.columns:
            if c.kept and c.index < len(cells) and (cell := _unescape(cells[c.index])):
                extra.append(f"{c.title}: {html_to_text(cell) if c.html else cell}")
        notes = "\n".join(filter(None, [get.get("notes", ""), said, *extra]))
        return ImportRow(
            line,
            validation.name(get.get("company"), "company"),
            validation.line(get.get("role"), "role", required=True, limit=validation.MAX_NAME),
            stage,
            applied,
            validation.line(get.get("link"), "link"),
            validation.name(contact, "contact") if contact else "",
            email,
            validation.text(notes),
            validation.line(get.get("source"), "source"),
            validation.line(get.get("location"), "location"),
            moved,
            archived,
        )

    def _day(self, line: int, cell: str, what: str) -> dt.date | None:
        if not cell:
            return None
        try:
            day = self.days.read(line, cell)
        except DateNotUnderstood as exc:
            raise ValidationError("applied", f"{what} {exc}") from None
        if day is None:
            raise ValidationError(
                "applied",
                f"{what} {cell.strip()!r} is not a date I can read (write it as YYYY-MM-DD)",
            )
        validation.day(day, "date_applied")
        return day

    def _stage(self, line: int, word: str) -> tuple[str, bool, str]:
        """(stage or "" to let the dates decide, archive it?, a line for the notes)."""
        if not word:
            return "", False, ""
        key = word_key(word)
        if key in STAGE_OF:
            return STAGE_OF[key], False, ""
        title = next(c.title for c in self.columns if c.field == "stage")
        if key in HELD:
            self.sheet.held.append(Reading(line, word, key))
            return "", HELD[key], f"{title}: {word}"
        # A word with no stage of its own is still the person's word for where the row
        # stands (a board list, a typo, "maybe"): the row is kept, at the stage the word
        # points to or at applied, the word in the notes, and the summary says so.
        stage = nearest_stage(word) or "applied"
        self.sheet.unknown.append(Reading(line, word, stage))
        return stage, False, f"{title}: {word}"


def read_spreadsheet(
    text: str,
    name: str,
    *,
    day_first: bool | None = None,
    today: dt.date | None = None,
) -> Sheet:
    """Every row of a tracker's CSV, each good, bad with its line and reason, or left
    out (no company and no role).

    Nothing here touches a database. `day_first` settles 03/04/2026; left as None the
    tracker (LinkedIn writes month first) or the file settles it (a date like 24/11/2026
    shows the order for all), and a file whose every such date could be read either way
    is refused rather than guessed. A date without its year ('9/19') is the most recent
    such day not after the file's newest date, nor after `today`.
    """
    dialect = _dialect(text)
    records = _records(text, dialect, name)
    first = next(records, None)
    if first is None:
        raise ExchangeError(f"{name} is empty")
    header = first[1]
    records = list(records)
    tracker = recognise([header_key(h) for h in header])
    columns = understand(header, records, name, tracker)
    dates = [
        (line, _unescape(cells[c.index]))
        for c in columns
        if c.field in ("applied", "moved")
        for line, cells in records
        if c.index < len(cells) and _unescape(cells[c.index])
    ]
    if day_first is not None:
        order = "dmy" if day_first else "mdy"
    else:
        order = (tracker.order if tracker else None) or file_order(dates, name)
    sheet = Sheet([], [], [], dialect.delimiter, columns, tracker.name if tracker else "")
    days = Days(order, [value for _, value in dates], today or dt.date.today())
    reader = _Reader(columns, days, tracker, sheet)
    for line, cells in records:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            reason = f"{len(cells)} cells but the header has {len(header)} (a separator in a cell?)"
            sheet.bad.append(BadRow(line, reason))
            continue
        try:
            row = reader.row(line, cells)
        except ValidationError as exc:
            sheet.bad.append(BadRow(line, exc.message[0].lower() + exc.message[1:]))
            continue
        if row is None:
            sheet.empty.append(BadRow(line, _what_is_there(columns, cells)))
        else:
            sheet.rows.append(row)
    sheet.yearless = [Reading(ln, cell, day.isoformat()) for ln, cell, day in days.guessed]
    sheet.kept_in_notes = [c.title for c in columns if c.kept and c.used]
    return sheet


def _what_is_there(columns: list[Column], cells: list[str]) -> str:
    """What a row without company or role does hold, so the person can find it."""
    parts = [
        f"{c.title} {_unescape(cells[c.index])}"
        for c in columns
        if c.field in ("applied", "link") and c.index < len(cells) and _unescape(cells[c.index])
    ]
    return ", ".join(parts)
