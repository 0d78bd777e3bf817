"""How the search is going: the funnel, replies, and the pace of follow-ups, as pictures."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from db.records import Stats
from tui.messages import DataChanged
from tui.worker import run_repo

FUNNEL = ("wishlist", "applied", "screening", "interviewing", "offer", "accepted")
CLOSED = ("rejected", "withdrawn", "ghosted")
EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar `width` cells long at `top`, drawn to an eighth of a cell."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(8 * width * value / top))
    return "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


class StatsScreen(Screen):
    """The funnel, reply rate, days to reply and follow-ups sent per week."""

    CSS_PATH = "../styles/pages.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="stats-back"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stats: Stats | None = None
        self.today: dt.date | None = None
        self.seen_generation = -1

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static("Loading…", id="stats-funnel", classes="stats-block")
            yield Static("", id="stats-replies", classes="stats-block")
            yield Static("", id="stats-weeks", classes="stats-block")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stats").border_title = "Stats"
        self.query_one("#stats").focus()

    def on_data_changed(self, event: DataChanged) -> None:
        self.load(event.generation)

    def on_screen_resume(self) -> None:
        if self.seen_generation != self.app.generation:
            self.load(self.app.generation)

    def load(self, generation: int) -> None:
        self.seen_generation = generation

        def fetch(store):
            from db.cadence import local_date

            views = store.views
            return views.stats(), local_date(views.now(), views.settings)

        run_repo(self, fetch, self._show, group="stats-load", exclusive=True)

    def _show(self, data) -> None:
        self.stats, self.today = data
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.stats is None:
            return
        # 42 columns of labels and figures, 6 of border, padding and scrollbar.
        width = max(8, min(50, self.size.width - 48))
        self.query_one("#stats-funnel", Static).update(funnel(self.stats, width))
        self.query_one("#stats-replies", Static).update(replies(self.stats))
        self.query_one("#stats-weeks", Static).update(weeks(self.stats, self.today, width))

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#stats", VerticalScroll)
        box.scroll_relative(y=3 if direction == "down" else -3, animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()


def funnel(stats: Stats, width: int) -> Text:
    """One bar per stage: how many applications ever reached it; the share; how many sit there."""
    total = sum(stats.funnel.values())
    reached = {s: round((stats.conversion.get(s) or 0) * total) for s in FUNNEL}
    top = max(reached.values(), default=0)
    text = Text("Funnel", "bold")
    text.append(f"   {total} applications · bars: how many reached each stage\n", "dim")
    text.append(f"  {'':<13}{'':<{width}}  reached  share  there now\n", "dim")
    for stage in FUNNEL:
        n = reached[stage]
        text.append(f"  {stage:<13}")
        text.append(f"{bar(n, top, width):<{width}}", "cyan")
        text.append(f"  {n:>7}  {percent(stats.conversion.get(stage)):>5}")
        text.append(f"  {stats.funnel.get(stage, 0):>9}\n", "dim")
    closed = " · ".join(f"{s} {stats.funnel.get(s, 0)}" for s in CLOSED)
    text.append(f"  closed: {closed}", "dim")
    return text


def replies(stats: Stats) -> Text:
    text = Text("Replies\n", "bold")
    text.append("  reply rate           ")
    text.append(percent(stats.reply_rate), "bold")
    text.append("  of applications sent got an answer\n", "dim")
    text.append("  median days to reply ")
    if stats.median_days_to_reply is None:
        text.append("—", "bold")
        text.append("  no replies yet\n", "dim")
    else:
        days = stats.median_days_to_reply
        text.append(f"{days:g} day{'s' if days != 1 else ''}", "bold")
        text.append("  from applying to the first reply\n", "dim")
    text.append("  follow-ups sent      ")
    text.append(f"{stats.follow_ups_sent}", "bold")
    text.append("  in all", "dim")
    return text


def weeks(stats: Stats, today: dt.date | None, width: int) -> Text:
    """Follow-ups sent per week, one labelled bar a week, this week last."""
    text = Text("Follow-ups sent per week", "bold")
    text.append("   weeks start on Monday\n", "dim")
    per_week = list(stats.sent_per_week)
    if not per_week:
        return text.append("  nothing sent yet", "dim")
    top = max(n for _, n in per_week)
    this_monday = today - dt.timedelta(days=today.weekday()) if today else None
    for index, (monday, n) in enumerate(per_week):
        label = f"  {monday:%d %b}".replace(" 0", "  ")
        text.append(f"{label:<10}", "dim")
        text.append(f"{bar(n, top, width):<{width}}", "green")
        text.append(f"  {n:>3}")
        if monday == this_monday:
            text.append("  this week", "dim")
        if index < len(per_week) - 1:
            text.append("\n")
    return text
