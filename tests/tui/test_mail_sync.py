"""The dashboard's mail sync: a failure is one notification and the app keeps going; a
sync that keeps messages reloads the screens."""

from __future__ import annotations

from tests.tui.conftest import settle


async def test_a_sync_without_an_account_is_one_notification(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.action_sync_mail()
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("no mailbox is set up" in m for m in said), said
        assert app.is_running and not app._mail_running
        await pilot.press("c")  # keys still work
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ContactsScreen"


async def test_the_sync_timer_starts_while_another_window_holds_the_write_lock(
    make_app, demo_db
) -> None:
    """The interval is read without the write lock: reading it through a unit of work
    waited behind any other writer (up to the 10 s lock timeout, then failed)."""
    import sqlite3

    from db.engine import open_database
    from db.mail.account import MailAccount
    from db.store import Store
    from tests.mail.people import use_account
    from tests.tui.conftest import clock

    store = Store(open_database(demo_db), clock)
    use_account(store, MailAccount(host="imap.example.org", user="ada", sync_minutes=7))
    store.close()
    other = sqlite3.connect(demo_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another window, mid-write
    try:
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            for _ in range(60):
                if app._mail_timer is not None:
                    break
                await pilot.pause(0.05)
            assert app._mail_timer is not None and app._mail_timer._interval == 7 * 60
            # Let the first screen finish mounting before the app exits: leaving within
            # a frame of start races Textual's Header, whose title is set after a refresh.
            await settle(pilot)
    finally:
        other.rollback()
        other.close()
