"""Stats: the funnel, reply rate, days to the first answer and sends per week. The
figures agree with each other: every application stands at one stage, the reply rate
is a share of the applications the funnel counts as sent, and each step's conversion
is between two of the funnel's bars."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from db import cadence, days
from db.enums import Stage
from db.read.base import Connection, spans, stamp, when

if TYPE_CHECKING:
    from db.page_records import Stats


class StatsViews(Connection):
    def stats(self, weeks: int = 12) -> Stats:
        """Funnel, reply rate, median days to first reply, sends per week (user's zone)."""
        settings = self.settings
        with self.snapshot() as con:
            return self._stats(con, settings, weeks)

    def _stats(self, con, settings, weeks: int) -> Stats:
        from db.page_records import Stats

        funnel = dict.fromkeys([str(s) for s in Stage], 0)
        funnel.update(
            (r[0], r[1])
            for r in con.execute("SELECT stage, sum(n) FROM application_tally GROUP BY stage")
        )
        total = sum(funnel.values())
        reached, answered, waits = answers(con, settings)
        applied = reached[Stage.APPLIED]
        median_days = median(waits)
        now = self.now()
        today = days.local_date(now, settings)
        monday = today - dt.timedelta(days=today.weekday())
        starts = [monday - dt.timedelta(weeks=w) for w in range(weeks - 1, -1, -1)]
        per_week = dict.fromkeys(starts, 0)
        # Each week runs from Monday 00:00 in the user's zone, whatever its offset then
        # (daylight saving included). Where every boundary falls on a whole UTC hour, the
        # sends-per-hour counts (sent_hour, kept by triggers) answer in one statement;
        # a half- or quarter-hour zone counts the sends themselves, to the minute.
        bounds = [
            dt.datetime.combine(day, dt.time(), tzinfo=settings.zone).astimezone(dt.UTC)
            for day in [*starts, starts[-1] + dt.timedelta(weeks=1)]
        ]
        if all(b.minute == 0 and b.second == 0 for b in bounds):
            hours = [b.strftime("%Y-%m-%d %H") for b in bounds]
            week_sums = " UNION ALL ".join(
                "SELECT (SELECT coalesce(sum(sent), 0) FROM sent_hour WHERE hour >= ? AND hour < ?)"
                for _ in starts
            )
            for start, (count,) in zip(starts, con.execute(week_sums, spans(hours)), strict=True):
                per_week[start] = count
        else:
            since = bounds[0]
            for start, end, minutes in offset_spans(since, now, settings.zone):
                for monday_text, count in con.execute(
                    f"SELECT {MONDAY[self.dialect]} AS wk, count(*) "
                    "FROM follow_up WHERE status = 'sent' AND status_changed_at >= ? "
                    "AND status_changed_at < ? GROUP BY wk",
                    (f"{minutes} minutes", stamp(start), stamp(end)),
                ):
                    key = dt.date.fromisoformat(monday_text)
                    if key in per_week:
                        per_week[key] += count
        sent = con.execute("SELECT coalesce(sum(sent), 0) FROM sent_hour").fetchone()[0]
        order = [str(s) for s in cadence.STAGE_ORDER]
        conversion = {s: (reached[s] / total if total else None) for s in order}
        step = {
            s: (reached[after] / reached[s] if reached[s] else None)
            for s, after in zip(order, order[1:], strict=False)
        }
        return Stats(
            funnel,
            answered / applied if applied else None,
            median_days,
            conversion,
            tuple(per_week.items()),
            sent,
            reached=reached,
            step_conversion=step,
            applied=applied,
            answered=answered,
        )


MONDAY = {
    "sqlite": "date(status_changed_at, ?, 'weekday 0', '-6 days')",
    "postgresql": "CAST(date_trunc('week', (status_changed_at AT TIME ZONE 'UTC') "
    "+ CAST(? AS interval)) AS date)",
}
"""The Monday of a send's week, its time moved by the zone's offset ('N minutes')."""

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""Before any answer: the first stretch counts everything up to its end."""

RANK = {str(stage): rank for rank, stage in enumerate(cadence.STAGE_ORDER)}
"""The ranks application.stage_reached is kept in (migration 0007)."""


def answers(con, settings) -> tuple[dict[str, int], int, Counter[int]]:
    """How many applications reached each stage of the funnel; how many of those that
    were sent got any answer; and how many answers came how many days after applying.

    An application reached a stage when it stands there or further on now, or stood
    there once; one closed (rejected, ghosted, withdrawn after applying) was sent. The
    company answered when it replied (a reply, an offer, a rejection or a call that
    reached them: each is kept as a reply), held an interview, or moved it on past
    applied. Days are counted to the first reply or interview, the answers that carry
    their own date (a stage written by an import carries only the day of the import).
    Triggers keep each application's part of this on its row (migration 0007:
    stage_reached, answered_by_stage, first_answer_at), how many stand at each
    (0008: application_tally) and how many were answered in each month after each
    quarter hour (0009: answer_wait), so these add up counts rather than rows.
    """
    counts, answered, applied = [0] * len(RANK), 0, RANK[Stage.APPLIED]
    for reached, n, replied in con.execute(
        "SELECT stage_reached, sum(n), sum(CASE WHEN answered THEN n ELSE 0 END) "
        "FROM application_tally GROUP BY stage_reached"
    ):
        for rank in range(min(reached, len(RANK) - 1) + 1):
            counts[rank] += n
        if reached >= applied:
            answered += replied
    waits: Counter[int] = Counter()
    ends = [
        con.execute(
            "SELECT first_answer_at FROM application INDEXED BY ix_application_first_answer "
            f"WHERE first_answer_at IS NOT NULL ORDER BY first_answer_at {way} LIMIT 1"
        ).fetchone()
        for way in ("", "DESC")
    ]
    if ends[0] is not None:
        # The day of each answer in the user's zone: its UTC time moved by the zone's
        # offset at that moment, per stretch of constant offset (the stretches start on
        # a whole hour, as the changes of offset do): its whole months from answer_wait,
        # the part-months at its ends one answer at a time (wait_reads).
        first = when(ends[0][0]).replace(minute=0, second=0, microsecond=0)
        week = dt.timedelta(weeks=1)
        stretches = offset_spans(first, when(ends[1][0]), settings.zone, week)
        for index, (start, end, minutes) in enumerate(stretches):
            for sql, begin, until in wait_reads(start if index else EPOCH, end, minutes):
                args = {"shift": minutes * 60, "start": begin, "end": until, "applied": applied}
                waits.update(dict(con.execute(sql, args)))
    return dict(zip(RANK, counts, strict=True)), answered, waits


WAITS_SQL = (
    # Whole days, rounded down (SQLite's / rounds towards zero).
    "SELECT (answer_seconds + :shift"
    " - CASE WHEN answer_seconds + :shift < 0 THEN 86399 ELSE 0 END)"
    " / 86400 AS d, count(*) FROM application "
    "INDEXED BY ix_application_first_answer "
    "WHERE first_answer_at IS NOT NULL AND first_answer_at >= :start "
    "AND first_answer_at < :end AND answer_seconds IS NOT NULL "
    "AND stage_reached >= :applied GROUP BY d"
)
"""Days to the first answer of each application answered in [start, end), one by one."""
MONTH_WAITS_SQL = (
    "SELECT (quarter * 900 + :shift"
    " - CASE WHEN quarter * 900 + :shift < 0 THEN 86399 ELSE 0 END)"
    " / 86400 AS d, sum(n) FROM answer_wait "
    "WHERE month >= :start AND month < :end GROUP BY d"
)
"""The same for the months [start, end) whole, from answer_wait (migration 0009): an
answer s seconds after applying, in a zone `shift` seconds ahead of UTC, came on day
(s + shift) // 86400, the same day for every s of one quarter hour when the shift is a
whole number of quarter hours. (0009 counts the applications applied or further on,
as WAITS_SQL does with :applied.)"""


def wait_reads(start: dt.datetime, end: dt.datetime, minutes: int) -> list[tuple]:
    """How to read the days to a first answer of the answers in [start, end), at one UTC
    offset of `minutes`: (SQL, from, to) for the month at each end, one by one, and for
    the whole months between, from answer_wait."""
    whole_from = month_start(start)
    if whole_from < start:
        whole_from = month_start(whole_from + dt.timedelta(days=32))
    whole_to = month_start(end)
    if minutes % 15 or whole_from >= whole_to:
        return [(WAITS_SQL, stamp(start), stamp(end))]
    ends = [(start, whole_from), (whole_to, end)]
    return [(MONTH_WAITS_SQL, f"{whole_from:%Y-%m}", f"{whole_to:%Y-%m}")] + [
        (WAITS_SQL, stamp(begin), stamp(until)) for begin, until in ends if begin < until
    ]


def month_start(at: dt.datetime) -> dt.datetime:
    return at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def median(counts: Counter[int]) -> float | None:
    """The median of values given as {value: how many times}."""
    total = counts.total()
    if not total:
        return None
    wanted, middle, seen = {(total - 1) // 2, total // 2}, [], 0
    for value in sorted(counts):
        below, seen = seen, seen + counts[value]
        middle += [value for index in sorted(wanted) if below <= index < seen]
    return sum(middle) / len(middle)


def offset_spans(
    start: dt.datetime, now: dt.datetime, zone: dt.tzinfo, step: dt.timedelta = dt.timedelta(days=1)
):
    """(from, to, UTC offset in minutes) stretches covering [start, far future), looked
    for a `step` at a time (an offset that changes and changes back within one step is
    not seen: a day for weeks of sends, a week for years of answers)."""

    def minutes(at: dt.datetime) -> int:
        return int(at.astimezone(zone).utcoffset().total_seconds() // 60)

    spans, begin, current = [], start, minutes(start)
    at, end = start, now + dt.timedelta(days=8)
    hour = dt.timedelta(hours=1)
    while at < end:  # a step at a time; to the hour where the offset changes
        later = at + step
        if minutes(later) != current:
            # The first whole hour after `at` with the new offset, halving the step.
            low, high = 0, -(-step // hour)
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (
                    (middle, high) if minutes(at + middle * hour) == current else (low, middle)
                )
            later = at + high * hour
            spans.append((begin, later, current))
            begin, current = later, minutes(later)
        at = later
    spans.append((begin, dt.datetime(9999, 1, 1, tzinfo=dt.UTC), current))
    return spans
