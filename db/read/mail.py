"""The mailbox's review list: what waits for the user's decision, and how many."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from db.read.base import Connection, mapper, when
from db.records import ApplicationRow, MailCounts

if TYPE_CHECKING:
    from db.page_records import MailProposalRow

PROPOSALS_SQL = """
SELECT p.id, p.kind, p.label, p.evidence, p.status, f.role AS folder, m.subject, m.excerpt,
       m.sent_at, m.sender, m.recipients, p.contact_id, coalesce(c.name, '') AS contact_name,
       p.application_id, coalesce(co.name, '') AS company, coalesce(a.role, '') AS role,
       p.follow_up_id, coalesce(fu.kind, '') AS follow_up_kind, p.interview_id,
       p.payload AS _payload
FROM mail_proposal p
JOIN mail_message m ON m.id = p.message_id
JOIN mail_folder f ON f.id = m.folder_id
LEFT JOIN contact c ON c.id = p.contact_id
LEFT JOIN application a ON a.id = p.application_id
LEFT JOIN company co ON co.id = a.company_id
LEFT JOIN follow_up fu ON fu.id = p.follow_up_id
WHERE {where}
ORDER BY m.sent_at DESC, p.id
"""


class MailViews(Connection):
    def mail_proposals(self, *, status: str = "pending") -> tuple[MailProposalRow, ...]:
        """Proposals with `status` (pending: the review list), newest message first."""
        return self._mail_rows("p.status = ?", (status,))

    def mail_proposal(self, proposal_id: int) -> MailProposalRow | None:
        found = self._mail_rows("p.id = ?", (proposal_id,))
        return found[0] if found else None

    def mail_applications(self) -> tuple[ApplicationRow, ...]:
        """The applications a proposal can be moved to: every one not archived, by
        company (a reply may come for a closed one too)."""
        cursor = self._con().execute(
            """SELECT a.id, co.name AS company, a.role, a.stage FROM application a
               JOIN company co ON co.id = a.company_id
               WHERE a.archived = 0 ORDER BY co.name COLLATE NOCASE, a.role, a.id"""
        )
        make = mapper(ApplicationRow, cursor.description)
        return tuple(make(row) for row in cursor)

    def mail_account_settings(self) -> dict[str, str]:
        """The mailbox account's setting rows (mail_…), for db.mail.account.from_rows:
        read here, so the dashboard learns its sync interval without a write lock."""
        rows = self._con().execute("SELECT key, value FROM setting").fetchall()
        return {key: value for key, value in rows if key.startswith("mail_")}

    def mail_counts(self) -> MailCounts:
        row = (
            self._con()
            .execute(
                """SELECT count(*) AS pending,
                          count(*) FILTER (WHERE kind IN ('reply', 'stage')) AS replies,
                          count(*) FILTER (WHERE kind = 'sent') AS sent,
                          count(*) FILTER (WHERE kind IN ('interview', 'moved', 'cancelled'))
                              AS invitations
                   FROM mail_proposal WHERE status = 'pending'"""
            )
            .fetchone()
        )
        return MailCounts(**dict(row))

    def _mail_rows(self, where: str, params: tuple) -> tuple[MailProposalRow, ...]:
        from db.page_records import MailProposalRow

        with self.snapshot() as con:
            cursor = con.execute(PROPOSALS_SQL.format(where=where), params)
            make = mapper(MailProposalRow, cursor.description)
            return tuple(make(row, **_from_payload(row["_payload"])) for row in cursor)


def _from_payload(text: str) -> dict:
    """The fields a proposal keeps in its JSON payload that the list shows."""
    from db.page_records import PanelSeat

    data = json.loads(text or "{}")
    out: dict = {}
    if data.get("starts_at"):
        out["starts_at"] = when(data["starts_at"])
        out["minutes"] = data.get("minutes")
    if data.get("stage"):
        out["stage"] = data["stage"]
    if data.get("attendees"):
        out["panel"] = tuple(
            PanelSeat(p["name"], p["email"], p.get("contact_id")) for p in data["attendees"]
        )
    return out
