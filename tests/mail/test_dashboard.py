"""The dashboard's own sync against the real test server: it runs in a process apart
(db/mail/apart.py), and what it finds reaches the main screen and the review list."""

from __future__ import annotations

import asyncio

from db.engine import open_database
from db.store import Store
from db.write.settings import set_setting
from tests.conftest import FixedClock
from tests.mail.people import account_for, know_corpus, use_account
from tests.robust import query
from tests.tui.conftest import settle


async def test_a_sync_from_the_dashboard_says_what_waits_for_review(
    dovecot, tmp_path, db_target
) -> None:
    """On either engine: the child process opens the same database the dashboard has."""
    from textual.widgets._header import HeaderTitle

    from tui.app import AfterviewApp
    from tui.screens.mail_review import MailReviewScreen

    db = db_target
    store = Store(open_database(db), FixedClock())
    set_setting(store.uow(), "timezone", "Europe/Berlin")  # settled: no first-start dialog
    know_corpus(store)
    (tmp_path / "pw").write_text(dovecot.password + "\n")
    use_account(store, account_for(dovecot, command=f"cat {tmp_path / 'pw'}"))
    store.close()
    app = AfterviewApp(db, FixedClock(), poll=False)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        header = app.screen.query_one(HeaderTitle)
        assert "mail" not in str(header.render())  # nothing found yet: nothing said
        app.action_sync_mail()
        for _ in range(600):
            if not app._mail_running:
                break
            await asyncio.sleep(0.1)
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Synced ") for m in said), said
        ((pending,),) = query(db, "SELECT count(*) FROM mail_proposal WHERE status = 'pending'")
        assert pending > 0
        assert f"mail: {pending} to review (M)" in str(header.render())
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, MailReviewScreen)
        assert len(app.screen.rows) == pending
