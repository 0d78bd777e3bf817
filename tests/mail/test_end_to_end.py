"""The mailbox loop as a person runs it, against the real test server: set up, sync,
review what was found, accept it, and see the plan change the way doing it by hand
would have changed it."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from db.engine import open_database
from db.store import Store
from db.write import interviews
from tests.cli import run, use_fixed_env
from tests.conftest import FixedClock
from tests.mail import corpus
from tests.mail.people import know_corpus
from tests.mail.test_cli import setup_args


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


def ids(db, sql: str, *args) -> list:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
def search(tmp_path, dovecot):
    """The corpus's people, and an interview at Nimbus Labs with Jörg on 10 Nov at
    14:00 UTC: its thank-you went out at 17:00 (in Sent) and Jörg replied the next day."""
    db = tmp_path / "search.db"
    store = Store(open_database(db), FixedClock())
    know_corpus(store)
    (app_id, jorg_id) = ids(
        db,
        "SELECT a.id, c.id FROM application a JOIN company co ON co.id = a.company_id"
        " JOIN contact c ON c.company_id = co.id WHERE co.name = 'Nimbus Labs'",
    )[0]
    at = dt.datetime(2026, 11, 10, 14, tzinfo=dt.UTC)
    interviews.log_interview(store.uow(), app_id, at, [jorg_id], minutes=45)
    store.close()
    password = tmp_path / "pw"
    password.write_text(dovecot.password + "\n")
    return db, f"cat {password}"


def test_setup_sync_review_accept_ends_check_ins_marks_sent_and_plans_thank_yous(
    capsys, dovecot, search
) -> None:
    db, command = search
    thank_you = ids(db, "SELECT id, status FROM follow_up WHERE kind = 'thank-you'")
    assert [s for _, s in thank_you] == ["planned"]
    assert run(capsys, *setup_args(dovecot, db, command))[0] == 0
    code, out, err = run(capsys, "mail", "sync", "--db", db)
    assert (code, err) == (0, "")

    # Nothing changed yet: what was found waits for review.
    assert ids(db, "SELECT status FROM follow_up WHERE kind = 'thank-you'") == [("planned",)]
    code, out, _ = run(capsys, "mail", "proposals", "--json", "--db", db)
    found = json.loads(out)
    by = {(p["kind"], p["subject"]): p for p in found}
    sent = by[("sent", "Thank you for today")]
    reply = by[("reply", "Re: Thank you for today")]
    outlook = next(
        p
        for p in found
        if p["kind"] == "interview" and p["who"].startswith(corpus.SAM.display_name)
    )
    assert sent["application"]["company"] == "Nimbus Labs"
    assert any("thread" in line for line in reply["evidence"]), reply["evidence"]
    assert sorted(p["email"] for p in outlook["panel"]) == [
        "mia.ito@quanta.co.uk",
        corpus.SAM.addr_spec,
    ]  # the three ATTENDEEs less you
    # Neither the out-of-office nor the newsletter is taken for an answer.
    subjects = {p["subject"] for p in found}
    assert "Automatic reply: Following up" not in subjects
    assert "Nimbus Labs monthly: November" not in subjects

    code, out, err = run(
        capsys, "mail", "accept", "--db", db, str(sent["id"]), str(reply["id"]), str(outlook["id"])
    )
    assert (code, err) == (0, ""), err

    # The thank-you is marked sent at the message's time, with the text as sent.
    ((status, changed, body),) = ids(
        db, "SELECT status, status_changed_at, body FROM follow_up WHERE kind = 'thank-you'"
        " AND interview_id = (SELECT min(id) FROM interview)",
    )  # fmt: skip
    assert (status, changed[:16]) == ("sent", "2026-11-10 17:00")
    assert "platform team" in body
    # Jörg's reply ends the check-in planned after the interview.
    nimbus_check_ins = ids(
        db,
        "SELECT f.status, f.reason FROM follow_up f JOIN application a ON a.id ="
        " f.application_id JOIN company co ON co.id = a.company_id"
        " WHERE co.name = 'Nimbus Labs' AND f.kind = 'check-in'",
    )
    assert nimbus_check_ins and all(s != "planned" for s, _ in nimbus_check_ins)
    # The Outlook invitation is an interview at Quanta with a thank-you per interviewer.
    quanta = ids(
        db,
        "SELECT c.email FROM follow_up f JOIN contact c ON c.id = f.contact_id"
        " JOIN interview i ON i.id = f.interview_id WHERE f.kind = 'thank-you'"
        " AND f.status = 'planned' AND i.starts_at LIKE '2026-11-27 11:00%'",
    )
    assert sorted(e for (e,) in quanta) == ["mia.ito@quanta.co.uk", corpus.SAM.addr_spec]

    # Accepted proposals are gone from the list; a second sync proposes none again.
    code, out, _ = run(capsys, "mail", "proposals", "--json", "--db", db)
    left = {p["id"] for p in json.loads(out)}
    assert not left & {sent["id"], reply["id"], outlook["id"]}
    run(capsys, "mail", "sync", "--db", db)
    code, out, _ = run(capsys, "mail", "proposals", "--json", "--db", db)
    assert {p["id"] for p in json.loads(out)} == left
