"""The command palette (ctrl+p): every action of the screen you are on, and a jump to
any company or person.

Actions are read from the BINDINGS of the calling screen and of the panes inside it,
so a new key is in the palette the day it is added. Companies and people come from
the read side once per opening of the palette, in a thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from db.text import clean_line

NAMES = {
    "mark_sent": "Mark sent",
    "snooze": "Snooze",
    "skip": "Skip, with a reason",
    "call_outcome": "Log a call's outcome",
    "open_note": "Open the note",
    "add_application": "Add an application",
    "edit_application": "Edit the application",
    "stage_forward": "Move the stage forward",
    "stage_back": "Move the stage back",
    "move_stage": "Move to a stage…",
    "log_interview": "Log an interview",
    "record_reply": "Record a reply",
    "open_detail": "Application details (timeline)",
    "add_reference": "Add a reference",
    "pane_key('pipeline')": "Go to Pipeline",
    "pane_key('today')": "Go to Today",
    "pane_key('editor')": "Go to the note",
}
"""Friendlier names for actions whose key descriptions are terse (others use those)."""

SKIP = {"back", "cancel", "scroll('down')", "scroll('up')", "help", "contacts", "stats", "quit"}
SKIP.add("mail_review_waiting")  # M's footer twin: the palette offers M once (mail_review)
"""Actions the palette has no use for (or that the App's own commands already offer)."""


class Command(NamedTuple):
    """One palette entry: what is shown, what it matches on, what it runs."""

    display: Content
    match_on: str
    run: Callable
    help: str


def screen_commands(screen) -> list[Command]:
    """A command per described binding of the screen and the widgets it holds."""
    from tui.screens.help_screen import own_bindings

    owners = [type(screen)]
    for widget in screen.query("*"):
        if type(widget).__module__.startswith("tui.") and type(widget) not in owners:
            owners.append(type(widget))
    seen: set[str] = set()
    commands: list[Command] = []
    for owner in owners:
        for binding in own_bindings(owner):
            action = binding.action.removeprefix("screen.")
            if not binding.description or action in seen or action in SKIP:
                continue
            if owner is not type(screen) and not binding.action.startswith("screen."):
                continue  # a widget's own action needs that widget focused: not from here
            seen.add(action)
            commands.append(command_for(screen, binding, action))
    return commands


def command_for(screen, binding: Binding, action: str) -> Command:
    name = NAMES.get(action, binding.description)
    keys = screen.app.get_key_display(binding)
    help_text = f"{binding.tooltip} ({keys})" if binding.tooltip else f"key: {keys}"
    # From the palette a pane key always moves (as typed, 1-3 are text inside the note).
    run = partial(screen.app.run_action, action.replace("pane_key(", "focus_pane("), screen)
    return Command(Content(name), f"{name} {binding.tooltip or ''}", run, help_text)


class CommandsProvider(Provider):
    """Actions of the current screen, theme switching, and jumps to companies and people."""

    async def startup(self) -> None:
        self.jumps: list[Command] = []
        store = getattr(self.app, "store", None)
        if store is None:
            return

        def fetch():
            apps = store.views.pipeline_summary(limit=10_000, include_closed=True).active
            return apps, store.views.contacts(limit=10_000)

        applications, people = await asyncio.to_thread(fetch)
        self.jumps = [self._company(a) for a in applications] + [self._person(c) for c in people]

    def _company(self, app) -> Command:
        text = clean_line(f"{app.company} · {app.role}")
        return Command(
            Content(text),
            text,
            partial(open_application, self.app, app.id),
            f"{app.stage} · open its timeline",
        )

    def _person(self, contact) -> Command:
        about = " · ".join(p for p in (contact.title, contact.company) if p)
        text = clean_line(f"{contact.name} · {about}" if about else contact.name)
        run = partial(open_person, self.app, clean_line(contact.name))
        return Command(Content(text), text, run, "person · show in Contacts")

    def _commands(self) -> list[Command]:
        theme = Command(
            Content("Toggle light / dark theme"),
            "Toggle light dark theme",
            self.app.action_toggle_dark,
            "the choice is kept for next time",
        )
        return [*screen_commands(self.screen), theme]

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                command.display, command.run, command.display.plain, escape(command.help)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in [*self._commands(), *self.jumps]:
            score, offsets = matcher.fuzzy_search.match(matcher.query, command.match_on)
            if score > 0:
                yield Hit(
                    score,
                    highlight(command.display, offsets, matcher.match_style),
                    command.run,
                    command.display.plain,
                    escape(command.help),  # the palette parses help as markup
                )


def highlight(display: Content, offsets, style) -> Content:
    """Mark the matched letters without ever parsing the text as markup."""
    for offset in offsets:
        if offset < len(display.plain) and not display.plain[offset].isspace():
            display = display.stylize(style, offset, offset + 1)
    return display


def open_application(app, application_id: int) -> None:
    """Jump to an application's detail screen (replacing one already open)."""
    from tui.screens.detail_screen import DetailScreen

    if isinstance(app.screen, DetailScreen):
        app.switch_screen(DetailScreen(application_id))
    else:
        app.push_screen(DetailScreen(application_id))


def open_person(app, name: str) -> None:
    """Jump to the contacts screen, narrowed to this person."""
    from textual.widgets import Input

    from tui.screens.contacts_screen import ContactsScreen

    if isinstance(app.screen, ContactsScreen):
        app.screen.query_one("#contacts-search", Input).value = name
    else:
        app.push_screen(ContactsScreen(search=name))
