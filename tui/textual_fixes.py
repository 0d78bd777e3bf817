"""Work-arounds for Textual bugs that cost Afterview something a person notices, each
to be removed once Textual fixes it upstream. (The Footer's own leak is worked around
in tui/widgets/footer.py.)"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def keep_memory_flat() -> None:
    """`StylesCache.get_inner_outer` is an lru_cache on a method, so its keys hold the
    widget's StylesCache itself, with every line the widget last drew: each widget
    ever drawn (every key in every footer, every toast, every dialog) stayed until
    1,024 of them were held, 6-8 MB by the end of the bench's simulated hour
    (Textualize/textual#6665, open in Textual 8.2). The colours are all it needs, so
    the cache here is keyed by them alone. Idempotent."""
    if getattr(StylesCache, "get_inner_outer", None) is not _inner_outer:
        StylesCache.get_inner_outer = staticmethod(_inner_outer)
