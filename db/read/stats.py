"""Stats: the funnel, reply rate, days to the first answer and sends per week. The
figures agree with each other: every application stands at one stage, the reply rate
is a share of the applications the funnel counts as sent, and each step's conversion
is between two of the funnel's bars."""

from __future__ import annotations

import datetime as dt

from db import cadence, days
from db.enums import Stage
from db.read.base import Connection, spans, stamp, when
from db.records import Stats


class StatsViews(Connection):
    def stats(self, weeks: int = 12) -> Stats:
        """Funnel, reply rate, median days to first reply, sends per week (user's zone)."""
        settings = self.settings
        with self.snapshot() as con:
            return self._stats(con, settings, weeks)

    def _stats(self, con, settings, weeks: int) -> Stats:
        funnel = dict.fromkeys([str(s) for s in Stage], 0)
        funnel.update(
            (r[0], r[1])
            for r in con.execute("SELECT stage, count(*) FROM application GROUP BY stage")
        )
        total = sum(funnel.values())
        reached, answered, waits = answers(con, settings)
        applied = reached[Stage.APPLIED]
        middle = sorted(waits)[(len(waits) - 1) // 2 : len(waits) // 2 + 1]
        median_days = sum(middle) / len(middle) if middle else None
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

RANK = {str(stage): rank for rank, stage in enumerate(cadence.STAGE_ORDER)}
ANSWERED_STAGES = tuple(str(s) for s in (*cadence.ENGAGED_STAGES, Stage.REJECTED))


def answers(con, settings) -> tuple[dict[str, int], int, list[int]]:
    """How many applications reached each stage of the funnel; how many of those that
    were sent got any answer; and, for each answer with a date, the days from applying
    to it.

    An application reached a stage when it stands there or further on now, or stood
    there once; one closed (rejected, ghosted, withdrawn after applying) was sent. The
    company answered when it replied (a reply, an offer, a rejection or a call that
    reached them: each is kept as a reply), held an interview, or moved it on past
    applied. Days are counted to the first reply or interview, the answers that carry
    their own date (a stage written by an import carries only the day of the import).
    """
    ranks = " UNION ALL ".join("SELECT ?, ?" for _ in RANK)
    marks = ", ".join("?" for _ in ANSWERED_STAGES)
    rows = con.execute(
        f"WITH rank(stage, n) AS ({ranks}), "
        "seen AS (SELECT application_id AS id, max(rank.n) AS furthest, "
        f"  max(CASE WHEN to_stage IN ({marks}) THEN 1 ELSE 0 END) AS moved_on "
        "  FROM stage_change LEFT JOIN rank ON rank.stage = to_stage GROUP BY application_id), "
        "met AS (SELECT application_id AS id, "
        "  min(CASE WHEN starts_at < created_at THEN starts_at ELSE created_at END) AS at "
        "  FROM interview GROUP BY application_id) "
        "SELECT a.stage, a.applied_on, a.first_reply_at, seen.furthest, seen.moved_on, met.at "
        "FROM application a LEFT JOIN seen ON seen.id = a.id LEFT JOIN met ON met.id = a.id",
        (*(x for pair in RANK.items() for x in pair), *ANSWERED_STAGES),
    )
    counts = [0] * len(RANK)
    answered, waits = 0, []
    for stage, applied_on, replied_at, furthest, moved_on, met_at in rows:
        closed_sent = stage not in RANK and (applied_on is not None or stage != Stage.WITHDRAWN)
        top = max(RANK.get(stage, 1 if closed_sent else 0), furthest or 0)
        for n in range(top + 1):
            counts[n] += 1
        if top < RANK[Stage.APPLIED]:
            continue
        first = min((t for t in (replied_at, met_at) if t is not None), default=None)
        if first is None and not moved_on and stage not in ANSWERED_STAGES:
            continue
        answered += 1
        if first is not None and applied_on is not None:
            day = days.local_date(when(first), settings)
            waits.append((day - dt.date.fromisoformat(applied_on)).days)
    return dict(zip(RANK, counts, strict=True)), answered, waits


def offset_spans(start: dt.datetime, now: dt.datetime, zone: dt.tzinfo):
    """(from, to, UTC offset in minutes) stretches covering [start, far future)."""

    def minutes(at: dt.datetime) -> int:
        return int(at.astimezone(zone).utcoffset().total_seconds() // 60)

    spans, begin, current = [], start, minutes(start)
    at, end = start, now + dt.timedelta(days=8)
    while at < end:  # a day at a time; to the hour where the offset changes
        step = at + dt.timedelta(days=1)
        if minutes(step) != current:
            step = at + dt.timedelta(hours=1)
            while minutes(step) == current:
                step += dt.timedelta(hours=1)
            spans.append((begin, step, current))
            begin, current = step, minutes(step)
        at = step
    spans.append((begin, dt.datetime(9999, 1, 1, tzinfo=dt.UTC), current))
    return spans
