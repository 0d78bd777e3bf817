"""Overdue, due today and muted words are drawn in the theme's colours, and follow it."""

from __future__ import annotations

from rich.color import Color as RichColor
from textual.color import Color

from tests.tui.conftest import settle


def colour(app, variable: str) -> tuple[int, int, int]:
    return tuple(Color.parse(app.theme_variables[variable]).rich_color.triplet)


def first_cell_colour(table, row: int) -> tuple[int, int, int]:
    style = table.render_line(row + 1)._segments[1].style  # line 0 is the header
    assert isinstance(style.color, RichColor)
    return tuple(style.color.get_truecolor())


def overdue_colour_in_summary(app) -> tuple[int, int, int]:
    text = app.screen.query_one("#today-summary").render()
    span = next(s for s in text.spans if "overdue" in text.plain[s.start : s.end])
    return tuple(span.style.color.get_truecolor())


async def test_overdue_and_due_today_follow_the_theme(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        rows = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        overdue = next(i for i, r in enumerate(rows) if r.endswith("overdue") and i)
        today = next(i for i, r in enumerate(rows) if r.startswith("today") and i)
        table.move_cursor(row=0)
        await settle(pilot)
        drawn = {}
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await settle(pilot)
            drawn[theme] = first_cell_colour(table, overdue)
            assert drawn[theme] == colour(app, "text-error"), theme
            assert first_cell_colour(table, today) == colour(app, "text-warning"), theme
            assert overdue_colour_in_summary(app) == colour(app, "text-error"), theme
        assert drawn["textual-dark"] != drawn["textual-light"]  # redrawn, not kept
