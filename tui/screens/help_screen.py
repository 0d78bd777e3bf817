"""Every key of every screen and dialog, read from their BINDINGS so it cannot go stale.

Screens and dialogs are found by importing every module of `tui.screens` and
`tui.modals`; the main screen's panes by importing `tui.widgets`. A class added
tomorrow shows up here without anyone touching this file.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from tui.style_sheets import PAGES
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.looks import Drawn, Look

MOVING = [
    ("↑ ↓ / j k", "Move in a list (g top, G bottom)"),
    ("tab / shift+tab", "Next or previous pane or field"),
    ("enter", "Open or pick what is highlighted"),
    ("space", "Pick or unpick in a list of choices (the interview panel)"),
]


def classes_in(package: str, base: type) -> list[type]:
    """Subclasses of `base` defined in the modules of `package`, in module order."""
    found: list[type] = []
    module = importlib.import_module(package)
    for info in sorted(pkgutil.iter_modules(module.__path__), key=lambda m: m.name):
        try:
            loaded = importlib.import_module(f"{package}.{info.name}")
        except Exception:  # a module that cannot load has no keys to show
            continue
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__ and issubclass(cls, base):
                found.append(cls)
    return found


def own_bindings(cls: type) -> list[Binding]:
    """The bindings our own classes declare for `cls` (its bases included), in order."""
    bindings: list[Binding] = []
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("tui.") and "BINDINGS" in klass.__dict__:
            bindings.extend(Binding.make_bindings(klass.__dict__["BINDINGS"]))
    return bindings


def key_rows(app: App, cls: type) -> list[tuple[str, str, str]]:
    """(keys, what it does, more) per action, keys of one action joined."""
    rows: dict[object, list] = {}
    for binding in own_bindings(cls):
        if not binding.description:
            continue
        ident = binding.id or (binding.action, binding.description)
        key = app.get_key_display(binding)
        if ident in rows:
            if key not in rows[ident][0]:
                rows[ident][0].append(key)
        else:
            rows[ident] = [[key], binding.description, binding.tooltip or ""]
    return [(" / ".join(keys), what, more) for keys, what, more in rows.values()]


TITLES = {"NavTable": "In every list", "FormDialog": "Forms"}


def title_of(cls: type) -> str:
    """'SnoozeDialog' -> 'Snooze dialog'; a pane's border title when it has one."""
    if cls.__name__ in TITLES:
        return TITLES[cls.__name__]
    border = getattr(cls, "BORDER_TITLE", None)
    if isinstance(border, str) and border:
        return re.sub(r"^\d+\s*", "", border) + " pane"
    words = re.findall(r"[A-Z][a-z]*", cls.__name__)
    return " ".join([words[0], *[w.lower() for w in words[1:]]]) if words else cls.__name__


class HelpScreen(Screen):
    """Keys, grouped: everywhere, the main screen and its panes, other screens, dialogs."""

    CSS_PATH = PAGES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="help-back"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help"):
            yield Drawn(id="help-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-keys", Drawn).draw(self.render_keys)
        self.query_one("#help").border_title = "Keys"
        self.query_one("#help").focus()

    def sections(self) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
        """(title, what it is, rows) for every group of keys."""
        from tui.screens.main_screen import MainScreen

        app = self.app
        palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")
        everywhere = key_rows(app, type(app)) + [
            (app.get_key_display(palette), "Command palette", "every action, jump to a company")
        ]
        out = [("Everywhere", "", everywhere), ("Moving around", "", [(*m, "") for m in MOVING])]
        out.append(("Main screen", "", key_rows(app, MainScreen)))
        # The panes in the order of their number keys, then the rest.
        widgets = sorted(
            classes_in("tui.widgets", Widget),
            key=lambda w: (
                not isinstance(getattr(w, "BORDER_TITLE", None), str),
                w.BORDER_TITLE or "",
            ),
        )
        for widget in widgets:
            if rows := key_rows(app, widget):
                out.append((title_of(widget), "", rows))
        screens = [
            s
            for s in classes_in("tui.screens", Screen)
            if not issubclass(s, ModalScreen) and s is not MainScreen
        ]
        for screen in screens:
            if rows := key_rows(app, screen):  # a base such as ReloadingScreen has none
                out.append((title_of(screen), "", rows))
        # Dialogs that share every key (the forms) are listed once, together.
        grouped: dict[tuple, list[type]] = {}
        for dialog in classes_in("tui.modals", ModalScreen):
            rows = key_rows(app, dialog)
            if rows and dialog.__name__ != "FormDialog":
                grouped.setdefault(tuple(rows), []).append(dialog)
        for rows, dialogs in grouped.items():
            names = ", ".join(title_of(d) for d in dialogs)
            forms = any(d.__name__.endswith("Form") for d in dialogs)
            about = "enter moves to the next field" if forms else ""
            out.append((names, about, list(rows)))
        return out

    def render_keys(self, look: Look) -> Text:
        text = Text()
        for index, (title, about, rows) in enumerate(self.sections()):
            if index:
                text.append("\n\n")
            text.append(title, look("strong"))
            if about:
                text.append(f"  {about}", look("muted"))
            for keys, what, more in rows:
                text.append(f"\n  {keys:<18}", look("primary"))
                text.append(f" {what}")
                if more:
                    text.append(f" · {more}", look("muted"))
        return text

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#help", VerticalScroll)
        box.scroll_relative(y=3 if direction == "down" else -3, animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()
