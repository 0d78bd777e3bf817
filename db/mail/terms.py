"""What a sync asks the server for: the addresses of known contacts, and the domains of
companies applied to (their website's, and their contacts' work addresses), plus the
applicant-tracking systems that write on a company's behalf from their own domain."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import text
from sqlalchemy.orm import Session

from db.mail.domains import ATS_DOMAINS, FREE_MAIL


def search_terms(session: Session) -> tuple[list[str], list[str]]:
    """(addresses, domains), each lower-cased, sorted and without repeats."""
    emails = {
        row[0].strip().lower()
        for row in session.execute(text("SELECT email FROM contact WHERE email LIKE '%@%'"))
    }
    domains: set[str] = set()
    applied = session.execute(
        text(
            "SELECT company.website FROM company WHERE EXISTS "
            "(SELECT 1 FROM application WHERE application.company_id = company.id)"
        )
    )
    for (website,) in applied:
        host = website_domain(website or "")
        if host:
            domains.add(host)
    work = session.execute(
        text(
            "SELECT contact.email FROM contact WHERE contact.email LIKE '%@%' AND EXISTS "
            "(SELECT 1 FROM application WHERE application.company_id = contact.company_id)"
        )
    )
    for (address,) in work:
        domains.add(address.strip().lower().rpartition("@")[2])
    domains = {d for d in domains if d and "." in d and d not in FREE_MAIL}
    return sorted(emails), sorted(domains | set(ATS_DOMAINS))


def website_domain(website: str) -> str:
    """'https://www.nimbuslabs.com/careers' -> 'nimbuslabs.com'; '' when none."""
    value = website.strip().lower()
    if not value:
        return ""
    host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    return host.removeprefix("www.")
