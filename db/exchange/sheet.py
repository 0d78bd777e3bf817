"""Reading a spreadsheet tracker's CSV: columns matched by name, stages by the words
other trackers use, dates in the file's own order. Every row comes out good (an
`ImportRow`) or bad with its line and reason; nothing here touches a database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from db import validation
from db.dates import DateNotUnderstood, is_ambiguous, numeric_order, written_day
from db.exchange import ExchangeError
from db.exchange.export import FORMULA_START
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


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass
class Sheet:
    rows: list[ImportRow]
    bad: list[BadRow]
    kept_in_notes: list[str]  # columns we do not know: their cells go into the notes
    delimiter: str


# Header names other trackers use, compared after lower-casing and turning every run of
# punctuation into one space ("Job-URL" reads as "job url").
COLUMNS = {
    "company": ("company", "company name", "employer", "organization", "organisation"),
    "role": ("position", "role", "title", "job title", "job position", "job", "position title"),
    "stage": ("status", "stage", "application status", "list"),  # Huntr calls it list
    "applied": (
        "date applied",
        "applied",
        "applied on",
        "applied date",
        "application date",
        "date of application",
    ),
    "link": (
        "link",
        "url",
        "job link",
        "job url",
        "posting",
        "job posting",
        "posting url",
        "application link",
    ),
    "contact": ("contact", "contact name", "contact person", "recruiter"),
    "email": ("email", "e mail", "contact email", "email address"),
    "notes": ("notes", "note", "comments"),
    "source": ("source", "found via", "job board"),
    "location": ("location", "city"),
}
# Columns of our own CSV export that are computed, so an export imports back cleanly.
COMPUTED = ("people", "next follow up", "last touch", "stage history", "archived")
STAGES = {
    "wishlist": (
        "wishlist",
        "wish list",
        "saved",
        "bookmarked",
        "interested",
        "to apply",
        "applying",
    ),
    "applied": ("applied", "application sent", "submitted"),
    "screening": ("screening", "screen", "phone screen", "recruiter screen", "recruiter call"),
    "interviewing": (
        "interview",
        "interviews",
        "interviewing",
        "interview scheduled",
        "onsite",
        "on site",
        "final round",
    ),
    "offer": ("offer", "offered", "offer received", "negotiating"),
    "accepted": ("accepted", "offer accepted", "hired"),
    "rejected": ("rejected", "rejection", "not selected"),
    "ghosted": ("ghosted", "no response", "no reply"),
    "withdrawn": ("withdrawn", "withdrew", "i withdrew"),
}
STAGE_OF = {word: stage for stage, words in STAGES.items() for word in words}
_PUNCT = re.compile(r"[^0-9a-z]+")


def _norm(text: str) -> str:
    return _PUNCT.sub(" ", text.lower()).strip()


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as Excel writes it."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _date_order(dates: list[tuple[int, str]], name: str) -> str | None:
    """Settle day-first or month-first for the whole file from the dates that show it."""
    evidence: dict[str, tuple[int, str]] = {}
    for line, value in dates:
        if (order := numeric_order(value)) and order not in evidence:
            evidence[order] = (line, value)
    if len(evidence) == 2:
        (l1, v1), (l2, v2) = evidence["dmy"], evidence["mdy"]
        raise ExchangeError(
            f"{name}: dates mix day-first ({v1!r}, line {l1}) and month-first ({v2!r}, "
            f"line {l2}); fix one, or pass --day-first or --month-first"
        )
    if evidence:
        return next(iter(evidence))
    for line, value in dates:
        if is_ambiguous(value):
            raise ExchangeError(
                f"{name}: a date such as {value.strip()!r} (line {line}) may be day-first or "
                "month-first; pass --day-first or --month-first"
            )
    return None


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


def _columns(header: list[str], name: str) -> tuple[dict[str, int], dict[int, str]]:
    """Which cell holds which field; the unknown columns, to keep in the notes."""
    fields: dict[str, int] = {}
    unknown: dict[int, str] = {}
    for index, title in enumerate(header):
        key = _norm(title)
        found = next((f for f, names in COLUMNS.items() if key in names), None)
        if found in fields:
            raise ExchangeError(
                f"{name}: columns {header[fields[found]].strip()!r} and {title.strip()!r} both "
                f"mean {found}; rename one"
            )
        if found:
            fields[found] = index
        elif key not in COMPUTED:
            unknown[index] = title.strip() or f"column {index + 1}"
    for required in ("company", "role"):
        if required not in fields:
            found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "none"
            names = ", ".join(COLUMNS[required][:4])
            raise ExchangeError(
                f"{name}: no {required} column (columns found: {found}); name it one of: {names}"
            )
    return fields, unknown


def _unescape(cell: str) -> str:
    """Undo the quote our CSV export puts before a cell a spreadsheet would run."""
    cell = cell.strip()
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_START else cell


def _row(line, cells, fields, unknown, order) -> ImportRow:
    get = {f: _unescape(cells[i]) if i < len(cells) else "" for f, i in fields.items()}
    applied = None
    if get.get("applied"):
        try:
            applied = written_day(get["applied"], order)
        except DateNotUnderstood as exc:
            raise ValidationError("applied", f"date applied {exc}") from None
        if applied is None:
            raise ValidationError(
                "applied",
                f"date applied {get['applied'].strip()!r} is not a date I can read "
                "(write it as YYYY-MM-DD)",
            )
        validation.day(applied, "date_applied")
    stage = get.get("stage", "")
    if stage:
        if _norm(stage) not in STAGE_OF:
            raise ValidationError(
                "stage", f"unknown status {stage!r} (use one of: {', '.join(STAGES)})"
            )
        stage = STAGE_OF[_norm(stage)]
    else:
        stage = "applied" if applied else "wishlist"
    email = validation.email(get.get("email"))
    contact = get.get("contact", "") or email
    extra = [
        f"{title}: {_unescape(cells[i])}"
        for i, title in unknown.items()
        if i < len(cells) and cells[i].strip()
    ]
    notes = "\n".join(filter(None, [get.get("notes", ""), *extra]))
    return ImportRow(
        line,
        validation.name(get["company"], "company"),
        validation.line(get["role"], "role", required=True, limit=validation.MAX_NAME),
        stage,
        applied,
        validation.line(get.get("link"), "link"),
        validation.name(contact, "contact") if contact else "",
        email,
        validation.text(notes),
        validation.line(get.get("source"), "source"),
        validation.line(get.get("location"), "location"),
    )


def read_spreadsheet(text: str, name: str, *, day_first: bool | None = None) -> Sheet:
    """Every row of a tracker's CSV, each either good or bad with its line and reason.

    Nothing here touches a database. `day_first` settles 03/04/2026; left as None the
    file settles it (a date like 24/11/2026 shows the order for all), and a file whose
    every such date could be read either way is refused rather than guessed.
    """
    dialect = _dialect(text)
    records = _records(text, dialect, name)
    first = next(records, None)
    if first is None:
        raise ExchangeError(f"{name} is empty")
    header = first[1]
    fields, unknown = _columns(header, name)
    records = list(records)
    if day_first is None:
        column = fields.get("applied")
        dates = [(ln, c[column]) for ln, c in records if column is not None and len(c) > column]
        order = _date_order(dates, name)
    else:
        order = "dmy" if day_first else "mdy"
    rows, bad = [], []
    for line, cells in records:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            reason = f"{len(cells)} cells but the header has {len(header)} (a separator in a cell?)"
            bad.append(BadRow(line, reason))
            continue
        try:
            rows.append(_row(line, cells, fields, unknown, order))
        except ValidationError as exc:
            bad.append(BadRow(line, exc.message[0].lower() + exc.message[1:]))
    used = {i for i in unknown for _, cells in records if i < len(cells) and cells[i].strip()}
    return Sheet(rows, bad, [title for i, title in unknown.items() if i in used], dialect.delimiter)
