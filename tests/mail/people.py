"""The corpus's people and companies in a database, and its account pointed at a server."""

from __future__ import annotations

from db.mail.account import MailAccount, save
from db.models import Application, Company, Contact
from tests.mail import corpus


def know_corpus(store) -> None:
    with store.uow() as uow:
        s = uow.session
        for name, website in (
            ("Nimbus Labs", "https://www.nimbuslabs.com/careers"),
            ("Orbital", "orbital.io"),
            ("Quanta", "https://quanta.co.uk"),
        ):
            company = Company(name=name, website=website)
            s.add(company)
            s.flush()
            s.add(Application(company_id=company.id, role="Platform Engineer", stage="applied"))
            person = {
                "Nimbus Labs": corpus.JOERG,
                "Orbital": corpus.PRIYA,
                "Quanta": corpus.SAM,
            }[name]
            s.add(Contact(name=person.display_name, email=person.addr_spec, company_id=company.id))
        uow.commit()


def account_for(server, *, command: str, sent: str = "Sent", **more) -> MailAccount:
    return MailAccount(
        host=server.host,
        user=server.user,
        port=server.imaps_port,
        ca_file=str(server.ca_file),
        secret="password-command",
        command=command,
        sent=sent,
        **more,
    )


def use_account(store, account: MailAccount) -> None:
    with store.uow() as uow:
        save(uow.session, account)
        uow.commit()
