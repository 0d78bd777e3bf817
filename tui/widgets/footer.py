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
    """Textual's Footer, forgetting the keys it has taken down.

    The Footer recomposes whenever the screen's bindings change (each focus change
    between the panes, each dialog). Every FooterKey it composes follows the footer's
    `compact` through `data_bind`, which leaves an entry holding the key on the
    footer itself; Textual prunes those entries only when `compact` changes, which in
    Afterview it never does (Textualize/textual#6666, open in Textual 8.2). So every
    key bar ever drawn stayed in memory, with its styles and cached lines: ~30 MB
    over the bench's simulated hour. Same name, so `Footer` in the stylesheets and in
    `query_one(Footer)` still finds it."""

    def compose(self):
        # Textual's recompose has removed the old keys before it composes the new ones.
        self._forget_removed_keys()
        yield from self._fitting(list(super().compose()))

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
            self.call_after_refresh(self.recompose)

    def _forget_removed_keys(self) -> None:
        for watchers in getattr(self, "__watchers", {}).values():
            watchers[:] = [
                (node, callback)
                for node, callback in watchers
                if node.is_attached and not node._closing
            ]


def key_width(key: FooterKey) -> int:
    """Cells a key takes in the (not compact) footer: ' k ' then 'Description '."""
    return cell_len(key.key_display) + 2 + (cell_len(key.description) + 1 if key.description else 0)
