"""NavTable.replace_rows: the lists after an action show exactly the rows read back, in
their order, with the cursor where the person left it, whether patched or rebuilt."""

from __future__ import annotations

import random

from rich.text import Text
from textual.app import App, ComposeResult

from tui.safe import cell
from tui.widgets.nav_table import NavTable


class TableApp(App):
    def compose(self) -> ComposeResult:
        table = NavTable(id="t")
        table.add_column("Name", key="name")
        table.add_column("Next", key="next")
        yield table


def rows(*specs: tuple[str, str]):
    return [(key, [Text(f"name {key}"), Text(nxt)]) for key, nxt in specs]


def shown(table: NavTable) -> list[tuple[str, str]]:
    return [(key, cells[1].plain) for key, cells in table.rows.items()]


async def test_a_row_that_moves_is_shown_in_its_new_place_and_the_cursor_follows_it():
    app = TableApp()
    async with app.run_test():
        table = app.query_one(NavTable)
        table.replace_rows(rows(("1", "mon"), ("2", "tue"), ("3", "wed"), ("4", "thu")))
        table.move_cursor(row=1)  # on "2"
        # "2" was marked sent: its next touch is now Friday, so it moves to the end.
        table.replace_rows(rows(("1", "mon"), ("3", "wed"), ("4", "thu"), ("2", "fri")), keep="2")
        assert shown(table) == [("1", "mon"), ("3", "wed"), ("4", "thu"), ("2", "fri")]
        assert table.selected_key == "2"
        assert table.cursor_row == 3


async def test_rows_gone_added_and_changed_all_show_and_the_cursor_keeps_its_index():
    app = TableApp()
    async with app.run_test():
        table = app.query_one(NavTable)
        table.replace_rows(rows(("1", "a"), ("2", "b"), ("3", "c"), ("4", "d")))
        table.move_cursor(row=1)  # on "2", which goes away
        table.replace_rows(rows(("1", "a"), ("3", "C"), ("5", "e"), ("4", "d")))
        assert shown(table) == [("1", "a"), ("3", "C"), ("5", "e"), ("4", "d")]
        assert table.cursor_row == 1  # the row below moves up into the place of the one gone


async def test_random_changes_always_end_in_exactly_the_rows_asked_for():
    app = TableApp()
    rng = random.Random(7)
    async with app.run_test():
        table = app.query_one(NavTable)
        keys = [str(n) for n in range(30)]
        for _ in range(60):
            chosen = rng.sample(keys, rng.randint(0, 20))
            specs = [(key, rng.choice(["mon", "tue", "wed"])) for key in chosen]
            keep = rng.choice(chosen) if chosen and rng.random() < 0.5 else None
            table.replace_rows(rows(*specs), keep=keep)
            assert shown(table) == specs
            if keep is not None:
                assert table.selected_key == keep


class PipelineApp(App):
    def compose(self) -> ComposeResult:
        from tui.widgets.pipeline_pane import PipelinePane

        yield PipelinePane(id="pipeline")


async def test_pipeline_rows_reuse_nothing_stale_when_the_time_or_the_record_moves():
    """Cells are reused for an unchanged record within the same minute only: the words
    for the next follow-up follow the clock, and an edited record shows its edit."""
    import datetime as dt

    from db.days import Settings
    from db.records import ApplicationRow, PipelineSummary
    from tui.widgets.pipeline_pane import PipelinePane

    settings = Settings(timezone="UTC")
    monday = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    row = ApplicationRow(1, "Acme", "Engineer", "applied", next_due=monday.replace(hour=9))

    def summary(*rows):
        return PipelineSummary({"applied": len(rows)}, rows, len(rows))

    app = PipelineApp()
    async with app.run_test():
        pane = app.query_one(PipelinePane)
        pane.show(summary(row), monday, settings)
        first = pane.table.get_row("1")
        assert first[3].plain == "today 09:00"

        pane.show(summary(row), monday + dt.timedelta(seconds=20), settings)
        assert pane.table.get_row("1") == first  # same minute, same record: same words

        pane.show(summary(row), monday + dt.timedelta(days=2), settings)
        assert pane.table.get_row("1")[3].plain == "2 days overdue"

        renamed = ApplicationRow(1, "Acme Corp", "Engineer", "applied", next_due=row.next_due)
        pane.show(summary(renamed), monday + dt.timedelta(days=2), settings)
        assert pane.table.get_row("1")[0].plain == "Acme Corp"


class LongApp(App):
    """Fifty rows in a table ten lines high: nine rows show below the header."""

    CSS = "NavTable { height: 10; }"

    def compose(self) -> ComposeResult:
        table = NavTable(id="t")
        table.add_column("Name", key="name", width=12)
        table.add_column("Next", key="next", width=6)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(NavTable)
        table.replace_rows([(str(n), [cell(f"row {n}"), cell("mon")]) for n in range(50)])
        table.focus()


def screen_lines(table: NavTable) -> list[str]:
    return [table.render_line(y).text.rstrip() for y in range(table.size.height)]


async def test_the_cursor_stays_in_view_and_the_header_stays_on_top():
    app = LongApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(NavTable)
        await pilot.press("G")
        assert table.selected_key == "49"
        lines = screen_lines(table)
        assert lines[0].split() == ["Name", "Next"]
        assert lines[-1].split() == ["row", "49", "mon"]
        await pilot.press("g", "j", "j")
        assert table.selected_key == "2"
        assert screen_lines(table)[1].split() == ["row", "0", "mon"]
        await pilot.press("pagedown")
        assert table.cursor_row == 2 + 8  # a page: the rows shown, less one kept in sight
        assert "row 10" in screen_lines(table)[-1]


async def test_rows_coming_and_going_keep_the_list_drawn_whole():
    """A fixed-height table takes new rows without laying the screen out again: the
    scroll stays in range, the scrollbar comes and goes with the rows, and what is
    painted on the screen is the rows asked for, never blank lines or stale ones."""
    app = LongApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(NavTable)
        await pilot.press("G")  # scrolled to the bottom of fifty rows
        assert table.show_vertical_scrollbar
        # Twenty go away (still more than fit): the last rows fill the view.
        table.replace_rows([(str(n), [cell(f"row {n}"), cell("tue")]) for n in range(30)])
        await pilot.pause()
        assert table.scroll_offset.y == table.max_scroll_y == 30 + 1 - 9 - 1
        assert screen_lines(table)[-1].split() == ["row", "29", "tue"]
        assert "row 29" in app.screen._compositor.render_update(full=True).render_segments(
            app.console
        )
        # Down to three: all of them show from the top, and the scrollbar goes.
        table.replace_rows([(str(n), [cell(f"row {n}"), cell("wed")]) for n in range(3)])
        await pilot.pause()
        assert table.scroll_offset.y == 0
        assert not table.show_vertical_scrollbar
        assert [line.split()[:2] for line in screen_lines(table)[1:4]] == [
            ["row", "0"],
            ["row", "1"],
            ["row", "2"],
        ]
        # Back to fifty: the scrollbar returns and the cursor's row can be reached.
        table.replace_rows([(str(n), [cell(f"row {n}"), cell("thu")]) for n in range(50)])
        await pilot.pause()
        assert table.show_vertical_scrollbar
        await pilot.press("G")
        assert screen_lines(table)[-1].split() == ["row", "49", "thu"]


async def test_enter_and_a_click_on_the_highlighted_row_choose_it():
    chosen, highlighted = [], []

    class Watching(LongApp):
        def on_nav_table_row_selected(self, event: NavTable.RowSelected) -> None:
            chosen.append(event.key)

        def on_nav_table_row_highlighted(self, event: NavTable.RowHighlighted) -> None:
            highlighted.append(event.key)

    app = Watching()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("j", "enter")
        assert chosen == ["1"] and highlighted[-1] == "1"
        await pilot.click(NavTable, offset=(3, 4))  # line 4: the header, then rows 0-2
        assert highlighted[-1] == "3" and chosen == ["1"]  # a first click only highlights
        await pilot.click(NavTable, offset=(3, 4))
        assert chosen == ["1", "3"]
        await pilot.click(NavTable, offset=(3, 0))  # the header chooses nothing
        assert chosen == ["1", "3"]


async def test_a_changed_row_is_drawn_anew_and_the_cursor_moves_its_highlight():
    """Lines are kept between frames; what is drawn must still follow every change."""
    app = LongApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(NavTable)
        cursor_line = table.render_line(1)
        other_line = table.render_line(2)
        assert cursor_line.text.split() == ["row", "0", "mon"]
        cursor_bg = cursor_line._segments[1].style.bgcolor
        assert other_line._segments[1].style.bgcolor != cursor_bg

        rows = [(str(n), [cell(f"row {n}"), cell("mon")]) for n in range(50)]
        rows[1] = ("1", [cell("row 1"), cell("fri")])  # equal key, new words
        table.replace_rows(rows)
        await pilot.pause()
        assert table.render_line(2).text.split() == ["row", "1", "fri"]

        await pilot.press("j")
        assert table.render_line(1)._segments[1].style.bgcolor != cursor_bg
        assert table.render_line(2)._segments[1].style.bgcolor == cursor_bg


async def test_rows_appended_to_an_empty_table_are_highlighted_and_said_so():
    """The Pipeline's first page can arrive through append_rows: whatever listens for
    the highlight (paging, the keys' target) must hear about the first row."""
    heard = []

    class Watching(TableApp):
        def on_nav_table_row_highlighted(self, event: NavTable.RowHighlighted) -> None:
            heard.append(event.key)

    app = Watching()
    async with app.run_test() as pilot:
        table = app.query_one(NavTable)
        table.append_rows(rows(("7", "mon"), ("8", "tue")))
        await pilot.pause()
        assert table.selected_key == "7"
        assert heard == ["7"]
        table.append_rows(rows(("9", "wed")))  # more below: the cursor stays put
        await pilot.pause()
        assert heard == ["7"] and shown(table)[-1] == ("9", "wed")


async def test_the_kept_lines_follow_focus_coming_and_going():
    """The cursor is bright while the list has focus and dim when it has not; lines
    kept between frames must follow both changes."""
    from textual.widgets import Input

    class WithInput(LongApp):
        def compose(self) -> ComposeResult:
            yield Input()
            yield from super().compose()

    app = WithInput()
    async with app.run_test(size=(40, 14)) as pilot:
        table = app.query_one(NavTable)
        await pilot.pause()
        focused = table.render_line(1)._segments[1].style.bgcolor
        app.query_one(Input).focus()
        await pilot.pause()
        blurred = table.render_line(1)._segments[1].style.bgcolor
        assert blurred != focused
        table.focus()
        await pilot.pause()
        assert table.render_line(1)._segments[1].style.bgcolor == focused


async def test_what_is_painted_after_any_change_is_the_rows_asked_for():
    """Rows whose line on screen did not change are not drawn again (after a mark sent
    most of a Pipeline page reads as before); every other line is. Random changes of
    rows, order, words, cursor and scroll, the list shrinking below the view and growing
    again: the painted lines are always the rows asked for, blank below them, and the
    cursor's colours are on the cursor's row alone."""
    app = LongApp()
    rng = random.Random(11)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(NavTable)
        cursor_bg = table.get_component_rich_style("nav-table--cursor").bgcolor
        fresh = iter(range(100, 1000))
        specs = [(str(next(fresh)), "mon") for _ in range(40)]
        for round_ in range(60):
            specs = list(specs)
            change = rng.random()
            if change < 0.1:  # most go at once: fewer rows than the view holds
                specs = specs[: rng.randint(0, 5)]
            elif change < 0.2:  # many come back
                specs += [(str(next(fresh)), "thu") for _ in range(rng.randint(5, 30))]
            for _ in range(rng.randint(1, 4)):
                change = rng.random()
                if change < 0.3 and specs:  # one is sent: it leaves the list
                    specs.pop(rng.randrange(len(specs)))
                elif change < 0.6 and specs:  # its next touch moves: new words, new place
                    key, _ = specs.pop(rng.randrange(len(specs)))
                    specs.insert(rng.randrange(len(specs) + 1), (key, rng.choice(["tue", "wed"])))
                elif change < 0.8:  # a new one comes
                    specs.insert(rng.randrange(len(specs) + 1), (str(next(fresh)), "thu"))
                elif specs:  # the words of one change in place
                    n = rng.randrange(len(specs))
                    specs[n] = (specs[n][0], rng.choice(["fri", "sat"]))
            keep = rng.choice(specs)[0] if specs and rng.random() < 0.4 else None
            table.replace_rows([(k, [cell(f"row {k}"), cell(nxt)]) for k, nxt in specs], keep=keep)
            if rng.random() < 0.3:
                await pilot.press(rng.choice(["j", "k", "pagedown", "G", "g"]))
            await pilot.pause()
            top = table.scroll_offset.y
            wanted = [f"row {k} {nxt}".split() for k, nxt in specs[top : top + 9]]
            strips = app.screen._compositor.render_strips()[table.region.y :]
            lines = [strip.text.rstrip() for strip in strips[: table.region.height]]
            assert [line.split()[:3] for line in lines[1 : 1 + len(wanted)]] == wanted, round_
            assert all(not line.strip() for line in lines[1 + len(wanted) :]), round_
            for n in range(len(wanted)):  # the name cell's colours: the cursor's or not
                on_cursor = strips[1 + n]._segments[1].style.bgcolor == cursor_bg
                assert on_cursor == (top + n == table.cursor_row), (round_, n)
