"""What a follow-up is about, as Today and `afterview today` list it."""

from __future__ import annotations

from db.records import FollowUpItem


def about(item: FollowUpItem) -> str:
    """'Acme · Engineer'; for someone with no application (met at an event), where
    they work, or else what they do."""
    if item.company:
        return " · ".join(p for p in (item.company, item.role) if p)
    return item.contact_company or item.contact_title or "no company given"
