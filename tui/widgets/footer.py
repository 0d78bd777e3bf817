"""The key bar at the foot of every screen: Textual's Footer, without its slow leak."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


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
        yield from super().compose()

    def _forget_removed_keys(self) -> None:
        for watchers in getattr(self, "__watchers", {}).values():
            watchers[:] = [
                (node, callback)
                for node, callback in watchers
                if node.is_attached and not node._closing
            ]
