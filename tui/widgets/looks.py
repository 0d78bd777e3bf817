"""Named looks for text (overdue, due today, muted…), drawn in the theme's colours.

Each look is a component class (`look--overdue`) styled in tui/styles/app.tcss with the
theme's variables ($text-error, $text-warning…), so a theme change recolours it. One
LookBook, mounted by the main screen, holds them for every widget (`look_in`). Code
that builds the text names a look; it never names a colour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

LOOKS = (
    "overdue",  # due on a day before today
    "due-today",  # due today
    "error",  # something failed
    "muted",  # secondary words: labels, what is still to come
    "strong",  # the thing the line is about
    "primary",  # a stage, a key, a funnel bar's tip
    "success",  # a reply came
    "bar",  # a chart's bar
    "bar-success",  # a chart's bar of things done
    "italic",  # the user's own notes
    "link",  # an address to follow
)

Look = Callable[[str], Style]
"""A look's name -> its rich style in the current theme."""


LOOK_CLASSES = frozenset(f"look--{name}" for name in LOOKS)
"""The component classes of the looks, held by one LookBook for the whole app."""


class LookBook(Widget):
    """Holds the looks' component classes, once for the app: every widget draws its
    looks from here. Textual builds a style node for each component class of a widget
    whenever it styles that widget, so eleven looks on each table and text (as they
    were first) cost ~30 ms at start-up and left cyclic garbage at every restyle."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(LOOK_CLASSES)
    DEFAULT_CSS = "LookBook { display: none; }"

    def on_mount(self) -> None:
        self.app.look_book = self  # type: ignore[attr-defined]


def look_in(widget: Widget, name: str) -> Style:
    """The style of look `name` ("" is no look) in the current theme."""
    if not name:
        return Style.null()
    book = getattr(widget.app, "look_book", None)
    if book is None or not book.is_attached:
        return Style.null()  # before the main screen has mounted its book
    return book.get_component_rich_style(f"look--{name}", partial=True)


class Drawn(Static):
    """A Static whose text is drawn from data when painted, with looks rather than
    colours: `draw(paint)` keeps `paint(look) -> Text` and paints it again after a
    theme change, in the new colours."""

    def __init__(self, content: str = "", **kwargs) -> None:
        super().__init__(content, **kwargs)
        self._paint: Callable[[Look], Text] | None = None
        self._painted: Text | None = None

    def draw(self, paint: Callable[[Look], Text]) -> None:
        if self._painted is not None:
            painted = paint(self.look)
            if painted == self._painted:  # the same words in the same looks (the funnel
                self._paint = paint  # after a mark sent): nothing to draw again
                return
        self._paint, self._painted = paint, None
        self.clear_cached_dimensions()
        self.refresh(layout=self._box_follows_text())

    def _box_follows_text(self) -> bool:
        """Whether new text may change this widget's size: not when its height is a
        fixed number of lines and its width is not auto (the Today line and the funnel
        are one line across their pane). A layout is of the whole screen (~10 ms)."""
        width, height = self.styles.width, self.styles.height
        if height is None or not height.is_cells:
            return True
        return width is not None and width.is_auto

    def update(self, content="", *, layout: bool = True) -> None:
        """Show fixed content instead (it is not drawn again)."""
        self._paint, self._painted = None, None
        super().update(content, layout=layout)

    def look(self, name: str) -> Style:
        return look_in(self, name)

    def notify_style_update(self) -> None:
        # Called before the component classes take the new theme: paint again later.
        super().notify_style_update()
        self._painted = None

    def render(self):
        if self._paint is None:
            return super().render()
        if self._painted is None:
            self._painted = self._paint(self.look)
        return self._painted
