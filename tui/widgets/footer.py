"""The key bar at the foot of every screen: Textual's Footer, without its slow leak,
and with Help and Quit always in view."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

KEPT = ("help", "quit")
"""Actions whose keys the footer always shows: with them, every other key is found."""
PALETTE_WIDTH = 13
"""Cells the command palette's key takes at the right end."""


class Footer(TextualFooter):
    """Textual's Footer, with keys that do not follow its `compact`, built only when
    they change, and Help and Quit always in view.

    Each FooterKey Textual composes follows the footer's `compact` through `data_bind`.
    Afterview's footer is never compact, and the binding cost twice: once the key is
    mounted, the binding sets `compact` to the value it already has, and the key
    restyles itself (~1 ms per key, some 20 keys per build, a build per pane switch);
    and it leaves an entry holding the key on the footer, which Textual prunes only
    when `compact` changes (Textualize/textual#6666, open in Textual 8.2): every key
    bar ever drawn stayed in memory, ~30 MB over the bench's simulated hour. So the
    keys are built unbound, and not compact. Same name, so `Footer` in the stylesheets and in
    `query_one(Footer)` still finds it."""

    _shown: tuple | None = None
    """What the keys on show were built from (tui.widgets.footer.shown_keys)."""
    _pending = False

    def compose(self):
        if self._bindings_ready:
            self._shown = shown_keys(self.screen, self.size.width or self.app.size.width)
        widgets = list(super().compose())
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget._reactive_connect:
                widget._reactive_connect = None  # not bound to `compact`: see above
                widget.set_reactive(FooterKey.compact, self.compact)  # no watcher, no restyle
        yield from self._fitting(widgets)

    def bindings_changed(self, screen) -> None:
        """Build the keys again only when what they show has changed. Textual's own
        footer builds them anew on every word that the bindings may have changed: a
        focus change says it twice (at once and after the next frame), and each
        rebuild restyles every key (tens of ms, the cost of moving between panes)."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached or self._closing:
            return
        if shown_keys(self.screen, self.size.width or self.app.size.width) != self._shown:
            await self.recompose()

    def _fitting(self, widgets: list) -> list:
        """The keys that fit the width, Help and Quit first: on a narrow screen the keys
        listed last (other panes, other screens) give way, never Help or Quit."""
        width = self.size.width or self.app.size.width
        keys = [
            w for w in widgets if isinstance(w, FooterKey) and "-command-palette" not in w.classes
        ]
        room = width - (PALETTE_WIDTH if len(keys) < len(widgets) else 0)
        kept = [k for k in keys if k.action.rpartition(".")[2] in KEPT]
        room -= sum(key_width(k) for k in kept)
        shown = set(map(id, kept))
        for key in keys:
            if id(key) not in shown and key_width(key) <= room:
                shown.add(id(key))
                room -= key_width(key)
            elif id(key) not in shown:
                room = 0  # keep the keys in order: none after the first left out
        return [
            w for w in widgets if not isinstance(w, FooterKey) or id(w) in shown or w not in keys
        ]

    def on_resize(self) -> None:
        if self._bindings_ready:
            self.call_after_refresh(self._rebuild_if_changed)


def shown_keys(screen, width: int) -> tuple:
    """Everything the footer's keys are built from: each shown binding (key, what it
    does, its words, whether it can be used now, its tooltip), and the width to fit."""
    return width, tuple(
        (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


def key_width(key: FooterKey) -> int:
    """Cells a key takes in the (not compact) footer: ' k ' then 'Description '."""
    return cell_len(key.key_display) + 2 + (cell_len(key.description) + 1 if key.description else 0)
