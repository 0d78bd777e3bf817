"""Domains the mailbox rules know by name: those anyone can have an address at, and the
applicant-tracking systems that write on a company's behalf from their own domain. One
list each, for what a sync searches (terms.py) and how a message is matched (match.py)."""

from __future__ import annotations

FREE_MAIL = frozenset(
    """163.com aol.com fastmail.com fastmail.fm free.fr gmail.com gmx.com gmx.de gmx.net
    googlemail.com hey.com hotmail.co.uk hotmail.com icloud.com laposte.net libero.it
    live.com mac.com mail.com mailbox.org me.com msn.com orange.fr outlook.com pm.me
    posteo.de proton.me protonmail.com qq.com t-online.de tutanota.com web.de
    yahoo.co.uk yahoo.com yandex.com yandex.ru ymail.com zoho.com""".split()
)
"""Anyone can have an address here: such a domain never identifies a company."""

ATS_DOMAINS = (
    "ashbyhq.com",
    "bamboohr.com",
    "breezy.hr",
    "greenhouse-mail.io",
    "greenhouse.io",
    "hire.lever.co",
    "icims.com",
    "jobvite.com",
    "lever.co",
    "myworkday.com",
    "personio.com",
    "personio.de",
    "pinpointhq.com",
    "recruitee.com",
    "smartrecruiters.com",
    "successfactors.com",
    "taleo.net",
    "teamtailor.com",
    "workable.com",
    "workday.com",
)
"""Where rejections and acknowledgements come from on a company's behalf (no-reply@...):
searched for by every sync, and matched to a company by the name the message gives."""
