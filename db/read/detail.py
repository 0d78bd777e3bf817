"""One application in full: its stages, interviews, follow-ups, replies, references and
the timeline of all of them, read in one snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.enums import Status
from db.read.base import Connection, record
from db.read.follow_ups import INTERVIEW_SQL, ITEM_WITH_BODY_SQL, interview, item
from db.read.people import CONTACT_SQL

if TYPE_CHECKING:
    from db.page_records import (
        ApplicationDetail,
        TimelineEntry,
    )


class DetailViews(Connection):
    def application_detail(self, application_id: int) -> ApplicationDetail | None:
        """None if the application no longer exists."""
        from db.page_records import ApplicationDetail, ContactRow, ResponseRow, StageChangeRow

        with self.snapshot() as con:
            row = self.application(application_id)  # type: ignore[attr-defined]
            if row is None:
                return None
            stages = tuple(
                record(StageChangeRow, r)
                for r in con.execute(
                    "SELECT from_stage, to_stage, changed_at FROM stage_change "
                    "WHERE application_id = ? ORDER BY changed_at, id",
                    (application_id,),
                )
            )
            interviews = tuple(
                interview(con, r)
                for r in con.execute(
                    INTERVIEW_SQL + " WHERE application_id = ? ORDER BY starts_at, id",
                    (application_id,),
                ).fetchall()
            )
            items = tuple(
                item(r)
                for r in con.execute(
                    ITEM_WITH_BODY_SQL + " WHERE f.application_id = ? ORDER BY f.due_at, f.id",
                    (application_id,),
                )
            )
            responses = tuple(
                record(ResponseRow, r)
                for r in con.execute(
                    "SELECT r.id, r.application_id, c.name AS contact_name, r.received_at, "
                    "r.summary FROM response r LEFT JOIN contact c ON c.id = r.contact_id "
                    "WHERE r.application_id = ? ORDER BY r.received_at, r.id",
                    (application_id,),
                )
            )
            references = tuple(
                record(ContactRow, r)
                for r in con.execute(
                    CONTACT_SQL + " JOIN reference ref ON ref.contact_id = c.id "
                    "WHERE ref.application_id = ? ORDER BY c.name, c.id",
                    (application_id,),
                )
            )
        return ApplicationDetail(
            row, stages, interviews, items, responses, references,
            timeline(stages, interviews, items, responses),
        )  # fmt: skip


def timeline(stages, interviews, items, responses) -> tuple[TimelineEntry, ...]:
    """Everything that happened, oldest first."""
    from db.page_records import TimelineEntry

    entries = [
        TimelineEntry(
            c.changed_at,
            "stage",
            f"{c.from_stage} → {c.to_stage}" if c.from_stage else f"added as {c.to_stage}",
        )
        for c in stages
    ]
    entries += [
        TimelineEntry(
            i.starts_at, "interview", f"{i.kind} with {', '.join(p.name for p in i.participants)}"
        )
        for i in interviews
    ]
    for f in items:
        done = f.status != Status.PLANNED and f.status_changed_at
        at = f.status_changed_at if done else f.due_at
        if f.outcome:
            extra = f" ({f.outcome})"
        else:
            extra = f": {f.reason}" if f.status == Status.SKIPPED and f.reason else ""
        entries.append(
            TimelineEntry(
                at,
                "follow-up",
                f"{f.kind} to {f.contact_name} by {f.channel}, {f.status}{extra}",
                follow_up_id=f.id,
            )
        )
    entries += [
        TimelineEntry(
            r.received_at,
            "reply",
            f"reply{' from ' + r.contact_name if r.contact_name else ''}: {r.summary}",
        )
        for r in responses
    ]
    entries.sort(key=lambda e: e.at)
    return tuple(entries)
