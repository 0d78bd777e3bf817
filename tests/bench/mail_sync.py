"""Benchmark (not a test): a first sync of a generated mailbox (20,000 messages in Inbox,
5,000 in Sent) from a real Dovecot over localhost, then an incremental sync with nothing
new, side by side, with peak memory. Targets: under 30 s and under 0.5 s.

    .venv/bin/python tests/bench/mail_sync.py

The messages are written into the Maildir before Dovecot starts (APPEND of 25,000 would
measure the server's delivery, not the sync); one in ten is from a known contact or a
company applied to, as a real job-search mailbox might hold."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
import tracemalloc
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from db.engine import open_database  # noqa: E402
from db.mail.sync import sync  # noqa: E402
from db.models import Application, Company, Contact  # noqa: E402
from db.store import Store  # noqa: E402
from tests.conftest import FixedClock  # noqa: E402
from tests.mail.dovecot import Dovecot  # noqa: E402
from tests.mail.people import account_for, use_account  # noqa: E402

INBOX, SENT, COMPANIES = 20_000, 5_000, 200
NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)


def generated(count: int, sent: bool):
    for n in range(count):
        known = n % 10 == 0
        c = n % COMPANIES
        other = f"person{c}@company{c}.com" if known else f"someone{n}@elsewhere{n % 997}.org"
        m = EmailMessage()
        m["From"], m["To"] = ("ada@example.org", other) if sent else (other, "ada@example.org")
        m["Subject"] = f"Message {n}"
        when = NOW - dt.timedelta(minutes=7 * (count - n))
        m["Date"] = format_datetime(when)
        m["Message-ID"] = f"<{'s' if sent else 'i'}{n}@bench>"
        m.set_content(f"Hello,\n\nthis is message {n}.\n" + "Some more words. " * 40)
        yield m.as_bytes(), when.timestamp()


def add_people(store) -> None:
    """The mailbox's companies (each with an application) and one contact at each: the
    one message in ten from or to them is what a sync keeps."""
    with store.uow() as uow:
        for c in range(COMPANIES):
            company = Company(name=f"Company {c}", website=f"https://company{c}.com")
            uow.session.add(company)
            uow.session.flush()
            uow.session.add(Application(company_id=company.id, role="Engineer"))
            uow.session.add(Contact(name=f"Person {c}", email=f"person{c}@company{c}.com"))
        uow.commit()


def start_server() -> tuple[Dovecot, float]:
    """Dovecot with the generated Inbox and Sent, and the seconds writing them took."""
    server = Dovecot.start()
    server.stop()
    written = time.perf_counter()
    server.write_maildir("INBOX", generated(INBOX, False))
    server.write_maildir("Sent", generated(SENT, True))
    written = time.perf_counter() - written
    server.restart()
    return server, written


def passes(server, folder: Path, name: str, *, traced: bool):
    """A first sync and one with nothing new into a new database: (label, seconds,
    found, kept, bytes read, peak bytes allocated or 0)."""
    store = Store(open_database(folder / name), FixedClock(NOW.isoformat()))
    add_people(store)
    use_account(store, account_for(server, command=f"cat {folder / 'pw'}"))
    for label in ("first sync", "nothing new"):
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        result = sync(store)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        tracemalloc.stop()
        yield label, seconds, result.found, result.stored, result.bytes_read, peak
    store.close()


def main() -> None:
    server, written = start_server()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pw").write_text(server.password)
        timed = [*passes(server, Path(folder), "timed.db", traced=False)]
        # Memory apart: tracing every allocation slows Python's side about twofold, so
        # the seconds come from a pass without it (the server's cache is warm by then,
        # which changes its time, not this process's memory).
        traced = [*passes(server, Path(folder), "traced.db", traced=True)]
    server.close()
    rows = [(*t[:5], m[5]) for t, m in zip(timed, traced, strict=True)]
    print(f"mailbox: {INBOX:,} Inbox + {SENT:,} Sent ({written:.1f} s to write the Maildir)")
    print(f"{'':<13}{'seconds':>9}{'found':>8}{'kept':>8}{'KB read':>10}{'peak MB':>9}")
    for label, seconds, found, stored, read, peak in rows:
        print(
            f"{label:<13}{seconds:>9.2f}{found:>8,}{stored:>8,}{read / 1024:>10,.0f}{peak / 2**20:>9.1f}"
        )
    print("targets: first sync < 30 s, nothing new < 0.5 s")


if __name__ == "__main__":
    main()
