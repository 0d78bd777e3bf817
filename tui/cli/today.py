"""`afterview today`: what is overdue and due, as text for a prompt or JSON for a script."""

from __future__ import annotations

import re
import shutil
import sys

from db.text import cell_width, clean_line, fit
from tui.cli.common import Failure, db_path, env_clock, open_existing

NAME = "today"
SUMMARY = "what is overdue and due today"
DESCRIPTION = (
    "What is overdue and due today, as the dashboard's Today list shows it: for a shell "
    "prompt or a cron mail."
)


def arguments(p) -> None:
    p.add_argument("--json", action="store_true", help="a JSON list, for scripts")
    p.add_argument("--on", metavar="DATE", help="another day: YYYY-MM-DD, tomorrow, yesterday")


DAY_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def parse_on(value: str):
    """A date, or a number of days from today for the words; checked before any file."""
    import datetime as dt

    text = value.strip().lower()
    if text in DAY_WORDS:
        return DAY_WORDS[text]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise Failure(f"--on {value!r}: write the day as YYYY-MM-DD, today or tomorrow")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Failure(f"--on {value!r} is not a real date") from None


def run(args) -> int:
    import datetime as dt

    import arrow

    from db import days
    from db.store import Store

    on = parse_on(args.on) if args.on else 0
    clock = env_clock() or arrow.utcnow
    engine = open_existing(db_path(args))
    store = Store(engine, clock)
    try:
        views = store.views
        settings, now = views.settings, views.now()
        today = days.local_date(now, settings)
        day = today + dt.timedelta(days=on) if isinstance(on, int) else on
        due = views.due_follow_ups(day)
    finally:
        store.close()  # the read side's connections too, not only the engine's
    # Relative words ("2 days overdue") are counted from the day asked about.
    now = now + dt.timedelta(days=(day - today).days)
    if args.json:
        print(today_json(due, now, settings))
    else:
        columns = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        print(today_text(due, day, now, settings, columns))
    return 0


def today_text(due, day, now, settings, columns: int | None = None) -> str:
    """Aligned rows; in a terminal `columns` wide, the last column is cut to fit."""
    import arrow

    from tui.about import about
    from tui.relative import describe_due

    zone = settings.zone
    label = arrow.get(day).format("ddd D MMM YYYY")
    items = due.overdue + due.today
    if not items:
        lines = [f"Nothing due on {label}."]
        if due.week:
            nxt = due.week[0]
            about = f" ({clean_line(nxt.company)})" if nxt.company else ""
            when = describe_due(nxt.due_at, now, settings)
            lines.append(f"Next: {nxt.kind} with {clean_line(nxt.contact_name)}{about}, {when}.")
        return "\n".join(lines)
    overdue, due_today, _ = due.totals
    counts = [f"{overdue:,} overdue"] if overdue else []
    counts += [f"{due_today:,} due"] if due_today else []
    if len(items) < overdue + due_today:
        counts.append(f"the first {len(items):,} listed")

    def when(item) -> str:
        words = describe_due(item.due_at, now, settings)
        if item in due.overdue:
            words += arrow.get(item.due_at).to(zone).format(" (ddd D MMM)")
        return words

    rows = [
        [
            f"#{i.id}",
            when(i),
            i.kind,
            i.channel,
            fit(clean_line(i.contact_name), 24),
            fit(clean_line(f"{i.company}, {i.role}" if i.company else about(i)), 48),
        ]
        for i in items
    ]
    if columns:
        squeeze(rows, columns - 1)
    widths = [max(cell_width(r[c]) for r in rows) for c in range(len(rows[0]))]
    lines = [f"{label}: {', '.join(counts)}"]
    for row in rows:
        cells = [cell + " " * (widths[c] - cell_width(cell)) for c, cell in enumerate(row)]
        lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines)


def squeeze(rows: list[list[str]], room: int) -> None:
    """Make rows fit `room` cells: drop the dates after "overdue", then cut the
    application, then the name (never below 12 cells each)."""

    def wide() -> int:
        return 2 + sum(max(cell_width(r[c]) for r in rows) + 2 for c in range(len(rows[0]))) - 2

    if wide() > room:
        for row in rows:
            row[1] = row[1].split(" (")[0]
    for column in (5, 4):
        excess = wide() - room
        if excess > 0:
            limit = max(12, max(cell_width(r[column]) for r in rows) - excess)
            for row in rows:
                row[column] = fit(row[column], limit)


def today_json(due, now, settings) -> str:
    import json

    import arrow

    from tui.relative import describe_due

    overdue = {i.id for i in due.overdue}
    items = [
        {
            "id": i.id,
            "due": arrow.get(i.due_at).to(settings.zone).isoformat(),
            "overdue": i.id in overdue,
            "when": describe_due(i.due_at, now, settings),
            "kind": i.kind,
            "channel": i.channel,
            "contact": i.contact_name,
            "email": i.contact_email or None,
            "phone": i.contact_phone or None,
            "company": i.company or None,
            "role": i.role or None,
            "application_id": i.application_id,
            "subject": i.subject or None,
        }
        for i in due.overdue + due.today
    ]
    return json.dumps(items, indent=2, ensure_ascii=False)
