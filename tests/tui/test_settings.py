"""You & rules: asked once on a new database, changed with Y, seen in the next draft."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from db.engine import open_database
from db.read import Views
from tests.tui.conftest import clock, settle
from tui.app import AfterviewApp
from tui.modals.you_dialog import YouDialog
from tui.screens.help_screen import HelpScreen
from tui.screens.settings_screen import SettingsScreen

MARCUS = ["j"] * 5  # Today's row of Marcus Rossi's thank-you in the sample data
PHONE_CHECK_IN = ["j"] * 2


def stored(path, key: str) -> str | None:
    views = Views(path)
    try:
        return views.get_setting(key)
    finally:
        views.close()


def new_database(tmp_path):
    path = tmp_path / "new.db"
    open_database(path).dispose()  # as the first start leaves it: tables, no settings
    return path


async def type_into(pilot, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.value = text  # posts Changed, as typing would
    await settle(pilot)


async def test_first_start_asks_and_later_is_remembered(tmp_path):
    path = new_database(tmp_path)
    app = AfterviewApp(path, clock, poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, YouDialog)
        assert app.screen.focused.id == "your-name"
        await pilot.press("escape")  # Later
        await settle(pilot)
        assert not isinstance(app.screen, YouDialog)
    assert stored(path, "asked_you") == "yes"
    assert stored(path, "your_name") is None  # nothing else was written
    again = AfterviewApp(path, clock, poll=False)
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not isinstance(again.screen, YouDialog)  # not asked a second time


async def test_first_start_saves_who_you_are(tmp_path):
    path = new_database(tmp_path)
    app = AfterviewApp(path, clock, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Ada Lovelace")
        await type_into(pilot, "#phone", "+44 20 7946 0000")
        await type_into(pilot, "#timezone", "Nowhere/Atlantis")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # A bad zone: said under its row, the dialog stays, nothing is written.
        assert isinstance(app.screen, YouDialog)
        error = str(app.screen.query_one("#timezone-error").render())
        assert "zone must be a time zone such as Europe/London" in error
        assert stored(path, "your_name") is None
        await type_into(pilot, "#timezone", "Europe/Paris")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, YouDialog)
    assert stored(path, "your_name") == "Ada Lovelace"
    assert stored(path, "phone") == "+44 20 7946 0000"
    assert stored(path, "timezone") == "Europe/Paris"
    assert stored(path, "asked_you") == "yes"


async def test_the_sample_data_does_not_ask(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, YouDialog)
        assert app.screen.query_one("#today-table").has_focus  # keys reach the lists


async def test_your_name_set_with_y_signs_the_next_draft(make_app, demo_db):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press(*MARCUS, "enter")
        await settle(pilot)
        before = app.screen.query_one("#note-body", TextArea).text
        assert before.endswith("\n[your name]")  # no name yet: a prompt to sign
        await pilot.press("escape", "1")
        await settle(pilot)
        await pilot.press("Y")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, SettingsScreen)
        # Every setting, with its value: the demo's zone and the rules' defaults.
        assert page.query_one("#timezone", Input).value == "Europe/London"
        assert page.query_one("#thank-you-hours", Input).value == "24"
        assert page.query_one("#your-name", Input).has_focus
        await pilot.press(*"Ada Lovelace")
        await type_into(pilot, "#phone", "+44 20 7946 0000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        await pilot.press("1", "g", *MARCUS, "enter")
        await settle(pilot)
        body = app.screen.query_one("#note-body", TextArea).text
        assert body.splitlines()[-1] == "Ada Lovelace"
        assert "[your name]" not in body
        # The phone check-in's call script says who is calling and the number.
        await pilot.press("escape", "1", "g", *PHONE_CHECK_IN, "enter")
        await settle(pilot)
        script = app.screen.query_one("#note-body", TextArea).text
        assert "this is Ada Lovelace, calling" in script
        assert "reach me on +44 20 7946 0000" in script
    assert stored(demo_db, "your_name") == "Ada Lovelace"


async def test_a_bad_rule_value_is_named_and_nothing_is_saved(make_app, demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("Y")
        await settle(pilot)
        await pilot.press(*"Ada")
        await type_into(pilot, "#check-in-business-days", "soon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        error = str(app.screen.query_one("#check-in-business-days-error").render())
        assert error == "check_in_business_days must be a whole number from 1 to 60, not 'soon'"
        assert app.screen.query_one("#check-in-business-days", Input).has_focus
        assert stored(demo_db, "your_name") is None  # the good value waits with the bad
        await type_into(pilot, "#check-in-business-days", "7")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
    assert stored(demo_db, "check_in_business_days") == "7"
    assert stored(demo_db, "your_name") == "Ada"


async def test_y_is_in_help_and_the_palette(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "You & rules" in titles
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        everywhere = dict((k, w) for k, w, _ in app.screen.sections()[0][2])
        assert everywhere["Y"] == "You & rules"
