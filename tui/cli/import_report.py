"""The words `afterview import` prints about a tracker's CSV: how each column was
understood, what became of each row (a dry run shows both, so a person can check
before anything is written), and the summary lines every import ends with."""

from __future__ import annotations

from tui.cli.common import count, printable

ARROW = "→"
FIELD_NAMES = {
    "applied": "date applied",
    "applied?": "applied or not (yes / no)",
    "moved": "the day it reached its stage",
    "archived": "archived (yes / no)",
    "email": "contact's e-mail",
}


def _shown(text: str, limit: int = 60) -> str:
    text = printable(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def columns(sheet, name: str) -> list[str]:
    """'  companyName       → company' for every column."""
    read_as = f" (read as {sheet.tracker})" if sheet.tracker else ""
    lines = [f"Columns of {printable(name)}{read_as}:"]
    width = min(24, max((len(_shown(c.title, 24)) for c in sheet.columns), default=0))
    for c in sheet.columns:
        if c.field:
            meaning = FIELD_NAMES.get(c.field, c.field)
        elif c.kept:
            meaning = "kept in the notes" + (f" ({c.why})" if c.why else "")
            if not c.used:
                meaning += ", empty in every row"
        else:
            meaning = f"ignored: {c.why}"
        lines.append(f"  {_shown(c.title, 24).ljust(width)} {ARROW} {meaning}")
    return lines


def rows(sheet, result) -> list[str]:
    """'  line 2: Acme, Backend Engineer: new, at interviewing' for every row."""
    by_line = {row.line: row for row in sheet.rows}
    notes: dict[int, list[str]] = {}
    for r in sheet.unknown:
        notes.setdefault(r.line, []).append(f"status {_shown(r.cell)!r} kept at {r.reading}")
    for r in sheet.held:
        notes.setdefault(r.line, []).append(f"status {_shown(r.cell)!r} kept in the notes")
    for r in sheet.yearless:
        notes.setdefault(r.line, []).append(f"date {_shown(r.cell)!r} read as {r.reading}")
    said = {
        "new": "new, at {stage}",
        "same": "the same posting as line {other}: one application, at {stage}",
        "there": "already there (at {stage})",
        "moved": "already there, moved on to {stage}",
    }
    lines = ["Rows:"]
    outcomes = {o.line: o for o in result.outcomes}
    for line in sorted({*by_line, *(e.line for e in sheet.empty)}):
        if line not in by_line:
            lines.append(f"  line {line}: no company and no role: left out")
            continue
        row, outcome = by_line[line], outcomes[line]
        text = said[outcome.kind].format(stage=outcome.stage, other=outcome.other)
        if row.archived:
            text += ", archived"
        extra = f" ({'; '.join(notes[line])})" if line in notes else ""
        lines.append(f"  line {line}: {_shown(row.company)}, {_shown(row.role)}: {text}{extra}")
    return lines


def summary(sheet, result, verb: str, source: str, shown: str) -> list[str]:
    """The lines every import of a tracker's CSV ends with."""
    moved = f", {result.moved:,} moved on to a later stage" if result.moved else ""
    lines = [
        f"{verb} {count(result.added, 'application')} from {printable(source)} "
        f"into {printable(shown)} "
        f"({count(result.companies, 'new company', 'new companies')}, "
        f"{count(result.contacts, 'new contact')}); "
        f"{count(result.duplicates, 'row was', 'rows were')} already there{moved}"
    ]
    if sheet.tracker:
        lines.append(f"Read as: {sheet.tracker}")
    if sheet.kept_in_notes:
        lines.append(f"Columns kept in the notes: {printable(', '.join(sheet.kept_in_notes))}")
    ignored = [f"{c.title} ({c.why})" for c in sheet.columns if not c.field and not c.kept]
    if ignored:
        lines.append(f"Columns left out: {printable(', '.join(ignored))}")
    if sheet.unknown:
        words = ", ".join(
            f"{_shown(r.cell)!r} (line {r.line}) {ARROW} {r.reading}" for r in sheet.unknown[:10]
        )
        more = f" and {len(sheet.unknown) - 10} more" if len(sheet.unknown) > 10 else ""
        lines.append(
            f"Statuses Afterview has no stage for, kept at the nearest stage with the word "
            f"in the notes: {words}{more}"
        )
    if sheet.held:
        words: dict[str, list] = {}
        for r in sheet.held:
            words.setdefault(r.cell, []).append(r)
        said = ", ".join(
            f"{_shown(word)!r} ({count(len(found), 'row')}"
            + (", archived)" if found[0].reading != "on hold" else ")")
            for word, found in words.items()
        )
        lines.append(
            f"Statuses that say where a row is kept, not how far it got: {said}; each row "
            "is at the stage its dates show, the word in the notes"
        )
    if sheet.yearless:
        first = sheet.yearless[0]
        lines.append(
            f"{count(len(sheet.yearless), 'date')} had no year; each was read as the most "
            f"recent such day not after the file's newest date or today: {_shown(first.cell)!r} "
            f"(line {first.line}) {ARROW} {first.reading}"
            + (" and so on (--dry-run lists them)" if len(sheet.yearless) > 1 else "")
        )
    for empty in sheet.empty:
        held = f" (it holds {_shown(empty.reason, 120)})" if empty.reason else ""
        lines.append(f"Left out line {empty.line}: no company and no role{held}")
    return lines
