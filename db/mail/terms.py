"""What a sync asks the server for: the addresses of known contacts, and the domains of
companies applied to (their website's, and their contacts' work addresses), plus the
applicant-tracking systems that write on a company's behalf from their own domain."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import text
from sqlalchemy.orm import Session

FREE_MAIL = frozenset(
    """gmail.com googlemail.com outlook.com hotmail.com hotmail.co.uk live.com msn.com
    yahoo.com yahoo.co.uk ymail.com icloud.com me.com mac.com aol.com gmx.de gmx.net gmx.com
    web.de proton.me protonmail.com pm.me fastmail.com fastmail.fm zoho.com mail.com
    yandex.ru yandex.com t-online.de orange.fr free.fr laposte.net libero.it qq.com 163.com
    hey.com tutanota.com""".split()
)
"""Domains anyone can have an address at: never a company's domain."""

ATS_DOMAINS = (
    "greenhouse.io",
    "greenhouse-mail.io",
    "lever.co",
    "ashbyhq.com",
    "myworkday.com",
    "smartrecruiters.com",
    "icims.com",
    "jobvite.com",
    "workable.com",
    "recruitee.com",
    "teamtailor.com",
    "bamboohr.com",
    "personio.de",
    "taleo.net",
)
"""Where rejections and acknowledgements come from on a company's behalf (no-reply@...);
the rules tell which company from the subject and text."""


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
