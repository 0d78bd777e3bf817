"""Contacts: the contacts screen's search, and one person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.read.base import Connection, mapper, record, stamp

if TYPE_CHECKING:
    from db.page_records import ContactRow, PersonTouch

CONTACT_SQL = """
SELECT c.id, c.name, c.title, coalesce(co.name, '') AS company, c.email, c.phone,
       c.profile_url, c.preferred_channel, c.met_via, c.met_on, c.notes, c.last_touched_at
FROM contact c LEFT JOIN company co ON co.id = c.company_id
"""


TOUCHES_SQL = """
SELECT 'follow-up' AS source, f.id AS follow_up_id, f.kind, f.channel, f.status, f.outcome,
       f.reason AS note, f.subject, f.body,
       CASE WHEN f.status != 'planned' AND f.status_changed_at IS NOT NULL
            THEN f.status_changed_at ELSE f.due_at END AS at,
       coalesce(co.name, '') AS company, coalesce(a.role, '') AS role, f.application_id
FROM follow_up f LEFT JOIN application a ON a.id = f.application_id
LEFT JOIN company co ON co.id = a.company_id
WHERE f.contact_id = :person
UNION ALL
SELECT 'interview', NULL, i.kind, '', '', NULL, '', '', '', i.starts_at,
       coalesce(co.name, ''), coalesce(a.role, ''), i.application_id
FROM interview_participant p JOIN interview i ON i.id = p.interview_id
JOIN application a ON a.id = i.application_id LEFT JOIN company co ON co.id = a.company_id
WHERE p.contact_id = :person
UNION ALL
SELECT 'reply', NULL, 'reply', '', '', NULL, r.summary, '', '', r.received_at,
       coalesce(co.name, ''), coalesce(a.role, ''), r.application_id
FROM response r JOIN application a ON a.id = r.application_id
LEFT JOIN company co ON co.id = a.company_id
WHERE r.contact_id = :person
ORDER BY at DESC, source, follow_up_id DESC
LIMIT :limit
"""
"""Every touch with one person across applications, newest first (stored times sort as
text: one fixed format)."""

TOUCHED_SQL = CONTACT_SQL.replace(
    "c.last_touched_at",
    """nullif(max(coalesce(c.last_touched_at, ''),
         coalesce((SELECT max(i.starts_at) FROM interview_participant p
                   JOIN interview i ON i.id = p.interview_id
                   WHERE p.contact_id = c.id AND i.starts_at <= :now), '')), '')
       AS last_touched_at""",
)
"""CONTACT_SQL, with the last touch counting an interview they were on (held by now)
as well as the last note sent to them."""
PG_TOUCHED_SQL = CONTACT_SQL.replace(
    "c.last_touched_at",
    """greatest(c.last_touched_at,
         (SELECT max(i.starts_at) FROM interview_participant p
          JOIN interview i ON i.id = p.interview_id
          WHERE p.contact_id = c.id AND i.starts_at <= :now)) AS last_touched_at""",
)
"""TOUCHED_SQL on PostgreSQL: greatest() skips NULLs, so no '' stands for none."""


def like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its own % _ and \\ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class PeopleViews(Connection):
    @property
    def _touched_sql(self) -> str:
        return PG_TOUCHED_SQL if self.dialect == "postgresql" else TOUCHED_SQL

    def contacts(self, search: str = "", limit: int = 200) -> list[ContactRow]:
        """People by name; `search` matches name, title, company or email."""
        from db.page_records import ContactRow

        where = ""
        if search:
            where = """WHERE c.name LIKE :q ESCAPE '\\' OR c.title LIKE :q ESCAPE '\\'
                       OR co.name LIKE :q ESCAPE '\\' OR c.email LIKE :q ESCAPE '\\'"""
        cursor = self._con().execute(
            f"{self._touched_sql} {where} ORDER BY c.name, c.id LIMIT :limit",
            {"q": like(search), "limit": limit, "now": stamp(self.now())},
        )
        make = mapper(ContactRow, cursor.description)
        return [make(r) for r in cursor]

    def contact(self, contact_id: int) -> ContactRow | None:
        from db.page_records import ContactRow

        found = (
            self._con()
            .execute(
                self._touched_sql + " WHERE c.id = :id",
                {"id": contact_id, "now": stamp(self.now())},
            )
            .fetchone()
        )
        return record(ContactRow, found) if found else None

    def touches(self, contact_id: int, limit: int = 1000) -> list[PersonTouch]:
        """Everything that passed between you and this person, newest first: follow-ups
        (with their notes), interviews they sat on, their replies; each with its company."""
        from db.page_records import PersonTouch

        cursor = self._con().execute(TOUCHES_SQL, {"person": contact_id, "limit": limit})
        make = mapper(PersonTouch, cursor.description)
        return [make(r) for r in cursor]
