"""An hour of use must not grow the app's memory: widgets Textual takes down are freed
(the footer's keys on every focus change; any widget's drawn lines)."""

from __future__ import annotations

import gc
import weakref

import pytest
from textual._styles_cache import StylesCache
from textual.app import App
from textual.binding import Binding
from textual.color import Color
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from tui.textual_fixes import keep_memory_flat
from tui.widgets.footer import Footer


class Pane(Button):
    BINDINGS = [Binding("x", "noop", "Ex")]


class Other(Button):
    BINDINGS = [Binding("y", "noop", "Why"), Binding("z", "noop", "Zed")]


class TwoPanes(App):
    def compose(self):
        yield Pane("one", id="one")
        yield Other("two", id="two")
        yield Footer()


async def test_keys_the_footer_took_down_are_freed() -> None:
    app = TwoPanes()
    async with app.run_test() as pilot:
        await pilot.pause()
        gone = []
        for _ in range(6):  # each focus change recomposes the footer
            gone += [weakref.ref(key) for key in app.query(FooterKey)]
            app.query_one("#two" if app.focused.id == "one" else "#one").focus()
            await pilot.pause(0.05)
        gc.collect()
        alive = [ref() for ref in gone if ref() is not None and not ref().is_attached]
        assert alive == []
        shown = " ".join(str(key.render()) for key in app.query(FooterKey))
        assert ("Why" in shown) == (app.focused.id == "two")  # the footer still follows focus


def test_the_colour_cache_keeps_no_widget_s_drawn_lines() -> None:
    """Every widget draws through a StylesCache holding its lines; Textual's colour cache
    used to keep each one (and so every widget ever drawn) as part of its key."""
    keep_memory_flat()
    styles_cache = StylesCache()
    inner, outer = styles_cache.get_inner_outer(Color(10, 20, 30), Color(40, 50, 60, 0.5))
    assert inner.background == Color(10, 20, 30) + Color(40, 50, 60, 0.5)
    assert outer.background == Color(10, 20, 30)
    kept = weakref.ref(styles_cache)
    del styles_cache
    gc.collect()
    assert kept() is None


async def test_the_footer_builds_its_keys_only_when_what_they_show_changes() -> None:
    """Textual's footer builds every key anew each time the bindings may have changed,
    twice per focus change; each build restyles every key (the cost of moving between
    panes, paid again during a key pressed just after)."""
    app = TwoPanes()
    async with app.run_test() as pilot:
        await pilot.pause(0.05)
        footer = app.query_one(Footer)
        builds = []
        rebuild = footer.recompose

        async def counted():
            builds.append(app.focused.id)
            await rebuild()

        footer.recompose = counted
        keys = list(app.query(FooterKey))
        app.screen.refresh_bindings()  # nothing changed: the same keys stay
        await pilot.pause(0.05)
        assert builds == [] and list(app.query(FooterKey)) == keys
        app.query_one("#two").focus()
        await pilot.pause(0.1)
        assert builds == ["two"]  # once, not once per notice of the change
        shown = " ".join(str(key.render()) for key in app.query(FooterKey))
        assert "Why" in shown and "Ex" not in shown
        await pilot.resize_terminal(40, 20)  # a narrower footer fits other keys
        await pilot.pause(0.1)
        assert builds == ["two", "two"]


async def test_a_worker_hands_its_read_connection_on_when_it_ends(make_app):
    """Each read connection keeps a page cache of its own (~3 MB at 5,000 applications):
    kept by every worker thread ever started, they grew the dashboard by that much per
    thread. A worker's connection goes back when it ends, for the next to read with."""
    import threading

    from tests.tui.conftest import settle
    from tui.worker import run_repo

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        views, used = app.store.views, []

        def read(store):
            used.append((threading.get_ident(), store.views._con()))
            return store.views.due_follow_ups(limit=10)

        run_repo(app.screen, read, group="t")
        await settle(pilot)
        assert used and used[0][1] in views._spare  # handed back, not kept by its thread
        outside = threading.Thread(target=lambda: read(app.store))  # a thread of its own
        outside.start()
        outside.join()
        assert used[1][0] != used[0][0] and used[1][1] is used[0][1]  # the same one, reused


def test_memory_freed_in_the_middle_of_the_heap_goes_back_to_the_system():
    """What the dashboard does in a pause after a full collection (tui.__main__): pages
    malloc keeps after a burst of reads and drawing are returned, so RSS comes down."""

    from tui import __main__ as entry

    entry.give_back_freed_memory()
    if not entry._trim:
        pytest.skip("not glibc: nothing to give back this way")

    def rss_mb() -> float:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line[:6] == "VmRSS:")

    blocks = [bytes(2000) + bytes([n % 256]) for n in range(40_000)]  # ~80 MB of malloc
    kept = blocks[::64]  # one in 64 stays: the heap cannot shrink from its top alone
    del blocks
    before = rss_mb()
    entry.give_back_freed_memory()
    assert rss_mb() < before - 40, "the freed pages stayed with the process"
    assert len(kept) == 625
