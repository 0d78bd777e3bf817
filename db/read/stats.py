"""Stats: the funnel, reply rate, days to the first reply and sends per week."""

from __future__ import annotations

import datetime as dt

from db import cadence, days
from db.enums import Stage
from db.read.base import Connection, spans, stamp
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
        reached = {
            r[0]: r[1]
            for r in con.execute(
                "SELECT to_stage, count(DISTINCT application_id) FROM stage_change GROUP BY to_stage"
            )
        }
        total = sum(funnel.values())
        past_wishlist = total - funnel.get(Stage.WISHLIST, 0)
        # Days from applying to the first reply, the reply's day taken in the user's zone
        # at today's offset (an hour's difference can only matter for a midnight reply).
        # Julian day numbers start at noon: +0.5 and truncating gives the day, so the
        # median is found in SQL without a date() call per row or a row per reply here.
        now = self.now()
        shift = now.astimezone(settings.zone).utcoffset().total_seconds() / 86400
        first = "FROM application INDEXED BY ix_application_first_reply WHERE first_reply_at IS NOT NULL"
        replied, dated = con.execute(f"SELECT count(*), count(applied_on) {first}").fetchone()
        middle = con.execute(
            "SELECT days FROM (SELECT CAST(julianday(first_reply_at) + ? + 0.5 AS INTEGER)"
            " - CAST(julianday(applied_on) + 0.5 AS INTEGER) AS days "
            f"{first} AND applied_on IS NOT NULL) ORDER BY days LIMIT ? OFFSET ?",
            (shift, 2 - dated % 2, (dated - 1) // 2),
        ).fetchall()
        median_days = sum(d for (d,) in middle) / len(middle) if middle else None
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
                    "SELECT date(status_changed_at, ?, 'weekday 0', '-6 days') AS wk, count(*) "
                    "FROM follow_up WHERE status = 'sent' AND status_changed_at >= ? "
                    "AND status_changed_at < ? GROUP BY wk",
                    (f"{minutes} minutes", stamp(start), stamp(end)),
                ):
                    key = dt.date.fromisoformat(monday_text)
                    if key in per_week:
                        per_week[key] += count
        sent = con.execute("SELECT coalesce(sum(sent), 0) FROM sent_hour").fetchone()[0]
        conversion = {
            str(s): (reached.get(str(s), 0) / total if total else None) for s in cadence.STAGE_ORDER
        }
        return Stats(
            funnel,
            replied / past_wishlist if past_wishlist else None,
            median_days,
            conversion,
            tuple(per_week.items()),
            sent,
        )


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
