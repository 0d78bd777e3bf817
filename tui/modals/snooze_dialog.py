"""Snooze: tomorrow, the next business day, or a typed date, saying before it is
applied which day that is, and when a thank-you would go past its 24 hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from db.days import Settings, local_date
from tui.modals.form_dialog import AsideReader
from tui.safe import plain
from tui.style_sheets import DIALOGS

CHOICES = {"tomorrow": "tomorrow", "next": "next business day"}


@dataclass(frozen=True)
class Snoozing:
    """What the dialog needs to say where a snooze lands, read once off the UI thread."""

    now: dt.datetime
    settings: Settings
    deadline: dt.datetime | None
    """When a thank-you's hours after the interview end; None for any other follow-up."""
    lands: dict[str, dt.datetime]
    """Where 'tomorrow' and 'next business day' land (at the send hour)."""

    def shown(self, at: dt.datetime) -> str:
        from db.dates import shown_moment

        return shown_moment(at.astimezone(self.settings.zone), local_date(self.now, self.settings))

    def late(self, at: dt.datetime) -> bool:
        return self.deadline is not None and at > self.deadline

    def warning(self) -> str:
        """The line shown on opening the dialog for a thank-you ('' for anything else)."""
        if self.deadline is None:
            return ""
        hours = self.settings.thank_you_hours
        ends = self.shown(self.deadline)
        if self.deadline <= self.now:
            return f"This thank-you is past its {hours} hours ({ends}): snoozing makes it later"
        if self.late(self.lands["tomorrow"]):
            return f"This thank-you's {hours} hours end {ends}: any snooze makes it late"
        return f"This thank-you's {hours} hours end {ends}: snoozing past then makes it late"


def snoozing(follow_up_id: int | None, views) -> Snoozing:
    """The clock, the settings and, for a thank-you, its deadline: the interview's end
    plus the thank-you hours setting (rule 1)."""
    from db.cadence import snooze_until
    from db.enums import Kind

    now, settings = views.now(), views.settings
    deadline = None
    context = views.note_context(follow_up_id) if follow_up_id is not None else None
    if context is not None and context.item.kind == Kind.THANK_YOU and context.interview:
        meeting = context.interview
        deadline = meeting.starts_at + dt.timedelta(
            minutes=meeting.minutes, hours=settings.thank_you_hours
        )
    lands = {choice: snooze_until(choice, now, settings) for choice in CHOICES.values()}
    return Snoozing(now, settings, deadline, lands)


class SnoozeDialog(ModalScreen[str | dt.date | None]):
    """Returns "tomorrow", "next business day", a date, or None if cancelled."""

    CSS_PATH = DIALOGS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("t", "pick('tomorrow')", "Tomorrow", id="snooze-tomorrow"),
        Binding("n", "pick('next business day')", "Next business day", id="snooze-next"),
    ]

    def __init__(self, who: str, follow_up_id: int | None = None) -> None:
        super().__init__()
        self.who = who
        self.follow_up_id = follow_up_id
        self.facts: Snoozing | None = None
        self.aside = AsideReader(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="snooze-dialog"):
            yield Label(plain(f"Snooze the follow-up with {self.who}"), classes="dialog-title")
            yield Static("", id="snooze-warning", classes="warning-line")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Tomorrow (t)", id="tomorrow", variant="primary")
                yield Button("Next business day (n)", id="next")
            yield Input(
                placeholder="or type: in 3 days, friday, 12/01, 2026-12-01", id="snooze-date"
            )
            yield Static("", id="snooze-understood", classes="hint")
            yield Static("", id="snooze-error", classes="error")
            yield Static("Enter to snooze to the typed day · Esc to cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#tomorrow", Button).focus()
        fid = self.follow_up_id
        self.aside.read("facts", "", lambda _, views: snoozing(fid, views), self._know)

    def _know(self, facts: Snoozing | None, trouble: str) -> None:
        self.facts = facts
        if facts is not None:
            warning = self.query_one("#snooze-warning", Static)
            warning.update(plain(facts.warning()))
            warning.display = bool(facts.warning())

    # --- the typed day -----------------------------------------------------------------

    def _read_typed(self, typed: str, views) -> tuple[dt.date, dt.datetime]:
        """The day typed, and where the snooze lands (a weekend rolls to Monday)."""
        from db.cadence import snooze_until
        from db.dates import future_day

        now, settings = views.now(), views.settings
        day = future_day(typed, local_date(now, settings), settings.date_order)
        return day, snooze_until(day, now, settings)

    def _say(self, line: str = "", trouble: str = "", *, late: bool = False) -> None:
        understood = self.query_one("#snooze-understood", Static)
        understood.update(plain(line))
        understood.set_class(late, "warning-line")
        understood.display = bool(line)
        self.query_one("#snooze-error", Static).update(plain(trouble))

    def on_input_changed(self, event: Input.Changed) -> None:
        if not event.value.strip():
            self.aside.asked.pop("typed", None)  # a reading still on its way is stale
            self._say()
            return

        def show(read, trouble: str) -> None:
            if read is None:
                self._say(trouble=trouble)
                return
            facts, lands = self.facts, read[1]
            line = f"Snoozes to {self._shown(lands)}"
            late = facts is not None and facts.late(lands)
            if late:
                line += f": past its {facts.settings.thank_you_hours} hours, the thank-you is late"
            self._say(line, late=late)

        self.aside.read("typed", event.value, self._read_typed, show)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Snooze to the typed day once it is read (off the UI thread, like the line
        under it); text that is not a day after today keeps the dialog open."""

        def then(read, trouble: str) -> None:
            if read is None:
                self._say(trouble=trouble)
            else:
                self._close(read[0], read[1])

        self.aside.read("typed", event.value, self._read_typed, then)

    # --- closing -----------------------------------------------------------------------

    def _shown(self, at: dt.datetime) -> str:
        return self.facts.shown(at) if self.facts is not None else f"{at:%Y-%m-%d %H:%M}"

    def _close(self, choice: str | dt.date, lands: dt.datetime | None) -> None:
        """Hand back the choice; a thank-you snoozed past its hours says so (still done:
        the person may have a reason)."""
        facts = self.facts
        if facts is not None and lands is not None and facts.late(lands):
            self.app.notify(
                f"The thank-you to {self.who} will be late: its {facts.settings.thank_you_hours}"
                f" hours end {facts.shown(facts.deadline)}",
                severity="warning",
                markup=False,
            )
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._pick(CHOICES[event.button.id or "tomorrow"])

    def _pick(self, choice: str) -> None:
        lands = self.facts.lands.get(choice) if self.facts is not None else None
        self._close(choice, lands)

    def action_pick(self, choice: str) -> None:
        if not isinstance(self.focused, Input):
            self._pick(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
