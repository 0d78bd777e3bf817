"""The Pipeline's controls as a job seeker uses them, on the sample data: search as you
type, a stage filter, four orders, the closed & archived view, archive and restore,
and delete after being told what goes with it."""

from __future__ import annotations

from db.engine import open_database
from db.store import Store
from tests.tui.conftest import clock, settle


def repo_for(path) -> Store:
    return Store(open_database(path), clock)


def pipeline(app):
    return app.screen.query_one("#pipeline")


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#pipeline-table")
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


def companies(app) -> list[str]:
    return [r[0] for r in rows(app)]


async def open_pipeline(pilot) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)


async def test_search_narrows_as_you_type_and_esc_clears(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_pipeline(pilot)
        everyone = len(rows(app))
        await pilot.press("slash")
        search = app.screen.query_one("#pipeline-search-input")
        assert search.display and search.has_focus
        await pilot.press("h", "a", "l")
        await settle(pilot)
        assert companies(app) == ["Halcyon Games"]
        assert "1 matching" in str(pipeline(app).border_subtitle)
        await pilot.press("backspace", "backspace", "backspace", *"Marcus")
        await settle(pilot)
        assert "Brightloop" in companies(app)  # Marcus Rossi is on its panel
        assert len(rows(app)) < everyone
        await pilot.press("escape")
        await settle(pilot)
        assert len(rows(app)) == everyone
        assert not search.display
        assert app.screen.query_one("#pipeline-table").has_focus


async def test_enter_keeps_the_search_and_goes_back_to_the_list(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_pipeline(pilot)
        await pilot.press("slash", *"brightloop", "enter")
        await settle(pilot)
        assert companies(app) == ["Brightloop"]
        assert app.screen.query_one("#pipeline-table").has_focus
        assert app.screen.query_one("#pipeline-search-input").display  # still says so


async def test_filter_by_stage_then_all(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_pipeline(pilot)
        everyone = len(rows(app))
        await pilot.press("f")
        await settle(pilot)
        options = app.screen.query_one("#stage-filter-options")
        options.highlighted = [o.id for o in options.options].index("applied")
        await pilot.press("enter")
        await settle(pilot)
        stages = {r[2] for r in rows(app)}
        assert stages == {"applied"}
        assert "applied" in str(pipeline(app).border_title)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#stage-filter-options").highlighted = 0  # all stages
        await pilot.press("enter")
        await settle(pilot)
        assert len(rows(app)) == everyone


async def test_v_cycles_the_order_and_the_subtitle_names_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_pipeline(pilot)
        assert str(pipeline(app).border_subtitle).endswith("by next due")
        await pilot.press("v")
        await settle(pilot)
        assert str(pipeline(app).border_subtitle).endswith("by last touch")
        assert rows(app)[0][4] == "today"  # the latest touch first
        await pilot.press("v")
        await settle(pilot)
        assert str(pipeline(app).border_subtitle).endswith("by company")
        names = companies(app)
        assert names == sorted(names, key=str.lower)
        await pilot.press("v", "v")
        await settle(pilot)
        assert str(pipeline(app).border_subtitle).endswith("by next due")


async def test_archive_then_restore_from_the_closed_view(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_pipeline(pilot)
        first = companies(app)[0]
        await pilot.press("A")
        await settle(pilot)
        assert first not in companies(app)
        await pilot.press("h")
        await settle(pilot)
        assert "closed & archived" in str(pipeline(app).border_title)
        shown = companies(app)
        assert first in shown
        assert {"rejected", "withdrawn", "ghosted"} <= {r[2] for r in rows(app)}
        table = app.screen.query_one("#pipeline-table")
        table.move_cursor(row=shown.index(first))
        await pilot.press("A")
        await settle(pilot)
        assert first not in companies(app)
        await pilot.press("h")
        await settle(pilot)
        assert first in companies(app)
        assert "closed" not in str(pipeline(app).border_title)


async def test_delete_says_what_goes_with_it_and_asks_first(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_pipeline(pilot)
        await pilot.press("slash", *"brightloop", "enter")
        await settle(pilot)
        aid = app.screen.query_one("#pipeline-table").selected_id
        store = repo_for(app.db_path)
        footprint = store.views.application_footprint(aid)
        await pilot.press("D")
        await settle(pilot)
        dialog = app.screen
        assert dialog.id == "delete-dialog"
        assert dialog.title_text == "Delete Brightloop — Senior Python Developer?"
        assert dialog.lines == [
            f"Its {footprint.interviews} interview, {footprint.follow_ups} follow-ups and "
            f"{footprint.stage_changes} stage changes go with it; people stay in Contacts."
        ]
        await pilot.press("n")  # go back: nothing is deleted
        await settle(pilot)
        assert store.views.application(aid) is not None
        people = len(store.views.contacts())
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert store.views.application(aid) is None
        assert companies(app) == []
        assert len(store.views.contacts()) == people


async def test_a_burst_of_keys_after_2_searches_the_pipeline_and_touches_nothing_in_today(
    make_app,
):
    """ "2/ion" typed in one go: "/" and "ion" reach the Pipeline's search. Before, the
    focus moved only after the keys already typed, so "o" opened Today's call dialog and
    "n" logged a call nobody made."""
    from tests.tui.test_forms import burst
    from tests.tui.test_main_screen import repo_for

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        before = repo_for(app.db_path).views.due_follow_ups()
        burst(app, "2", "slash", "i", "o", "n")
        await settle(pilot)
        assert app.screen.query_one("#pipeline").view.search == "ion"
        assert app.focused.id != "today-table"
        assert repo_for(app.db_path).views.due_follow_ups() == before  # no call logged
        assert type(app.screen).__name__ == "MainScreen"  # no call dialog opened
