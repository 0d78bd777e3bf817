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
