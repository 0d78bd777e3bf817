"""Textual's parsed CSS kept between starts (tui/css_cache.py): the dashboard looks the
same drawn from kept rules as from rules parsed anew, and a file that is broken, foreign
or from other code is parsed over, never trusted."""

from __future__ import annotations

import pickle

import pytest

from tests.tui.conftest import settle
from tui import css_cache


@pytest.fixture
def kept(tmp_path):
    """install() into a folder of its own; Textual's own parse is back after the test."""
    yield lambda: css_cache.install(tmp_path)
    css_cache.uninstall()


async def screen_text(make_app, theme: str | None = None) -> str:
    from tui import style_sheets

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for _ in range(50):  # the same rules each time: the warm-up reads the screens'
            if all(app.stylesheet.has_source(p, "") for p in style_sheets.SCREENS):
                break
            await pilot.pause(0.1)
        if theme:
            app.theme = theme
            await settle(pilot)
        rules = sorted(  # the sources' order follows what mounted first
            repr(
                (
                    r.selectors,
                    sorted(r.styles.get_rules().items()),
                    sorted(r.selector_names),
                    sorted(r.pseudo_classes),
                )
            )
            for r in app.stylesheet.rules
        )
        return app.export_screenshot(), rules


async def test_the_dashboard_drawn_from_kept_rules_is_the_one_parsed_anew(make_app, kept):
    plain = await screen_text(make_app, "gruvbox")
    first = kept()
    parsed = await screen_text(make_app, "gruvbox")  # parses and keeps
    assert first.parsed > 0 and not first.kept
    first.save()
    second = kept()
    assert second.kept  # the file written by the first
    from_kept = await screen_text(make_app, "gruvbox")
    assert second.parsed == 0  # every source found: nothing parsed
    assert second.used
    assert parsed == plain
    assert from_kept == plain  # the same rules, the same colours on screen


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps(("another stamp", {("k",): b"x"}))],
    ids=["empty", "garbage", "foreign stamp"],
)
async def test_a_file_that_cannot_be_trusted_is_parsed_over(make_app, kept, tmp_path, content):
    (tmp_path / css_cache.FILE).write_bytes(content)
    plain_cache = kept()
    assert plain_cache.kept == {}
    await screen_text(make_app)
    assert plain_cache.parsed > 0
    plain_cache.save()
    stamp, entries = pickle.loads((tmp_path / css_cache.FILE).read_bytes())
    assert stamp == css_cache._stamp() and entries  # written again, whole


async def test_a_kept_entry_that_will_not_load_is_parsed_instead(make_app, kept, tmp_path):
    cache = kept()
    plain = await screen_text(make_app)
    cache.save()
    stamp, entries = pickle.loads((tmp_path / css_cache.FILE).read_bytes())
    broken = {key: b"\x80\x05broken" for key in entries}
    (tmp_path / css_cache.FILE).write_bytes(pickle.dumps((stamp, broken)))
    again = kept()
    assert again.kept
    assert await screen_text(make_app) == plain
    assert again.parsed == len(entries)  # each parsed anew
    assert b"\x80\x05broken" not in again.used.values()  # none kept from the file


def test_changed_css_code_sets_the_whole_file_aside(kept, tmp_path, monkeypatch):
    cache = kept()
    cache.used[("fingerprint", "css")] = b"rules"
    cache.parsed = 1
    cache.save()
    assert kept().kept  # the same code: read back
    monkeypatch.setattr(css_cache, "_CODE", css_cache._CODE[:-1])  # as if Textual changed
    assert kept().kept == {}
