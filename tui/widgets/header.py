"""The title bar at the top of every screen: Textual's Header, whose title line takes a
new title without laying the whole screen out again."""

from __future__ import annotations

from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class SteadyTitle(HeaderTitle):
    """The header's title line. Its box is the header's one line whatever it says (the
    full width, no wrapping, an ellipsis where it is cut), so a new title only needs
    this line drawn again. Textual's `Static.update` asks for a layout by default, and
    a layout of the screen draws every widget on it again: after each mark sent (the
    sub-title counts what is overdue) that was the whole dashboard, ~3 ms each time."""

    def update(self, content="", *, layout: bool = False) -> None:  # noqa: ARG002
        super().update(content, layout=False)


class Header(TextualHeader):
    """Textual's Header with a `SteadyTitle`. Same name, so `Header` in the stylesheets
    and in `query_one(Header)` still finds it."""

    def compose(self):
        for widget in super().compose():
            yield SteadyTitle() if type(widget) is HeaderTitle else widget
