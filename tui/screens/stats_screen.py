"""How the search is going: the funnel, replies, and the pace of follow-ups, as pictures."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from db.page_records import Stats
from tui.screens.reloading import ReloadingScreen
from tui.style_sheets import PAGES
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.looks import Drawn, Look
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


class StatsScreen(ReloadingScreen):
    """The funnel, reply rate, days to reply and follow-ups sent per week."""

    CSS_PATH = PAGES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="stats-back"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stats: Stats | None = None
        self.today: dt.date | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield Drawn("Loading…", id="stats-funnel", classes="stats-block")
            yield Drawn("", id="stats-replies", classes="stats-block")
            yield Drawn("", id="stats-weeks", classes="stats-block")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stats").border_title = "Stats"
        self.query_one("#stats").focus()

    def reload(self) -> None:
        def fetch(store):
            from db.days import local_date

            views = store.views
            return views.stats(), local_date(views.now(), views.settings)

        run_repo(self, fetch, self._show, group="stats-load", exclusive=True)

    def _show(self, data) -> None:
        self.stats, self.today = data
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        stats, today = self.stats, self.today
        if stats is None:
            return
        # 42 columns of labels and figures, 6 of border, padding and scrollbar.
        width = max(8, min(50, self.size.width - 48))
        self.query_one("#stats-funnel", Drawn).draw(lambda look: funnel(stats, width, look))
        self.query_one("#stats-replies", Drawn).draw(lambda look: replies(stats, look))
        self.query_one("#stats-weeks", Drawn).draw(lambda look: weeks(stats, today, width, look))

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#stats", VerticalScroll)
        box.scroll_relative(y=3 if direction == "down" else -3, animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()


def funnel(stats: Stats, width: int, look: Look) -> Text:
    """One bar per stage: how many applications ever reached it; their share of all;
    the share of them that went on to the next stage; how many sit there now."""
    total = sum(stats.funnel.values())
    reached = {s: stats.reached.get(s, 0) for s in FUNNEL}
    top = max(reached.values(), default=0)
    text = Text("Funnel", look("strong"))
    text.append(f"   {total} applications · bars: how many reached each stage\n", look("muted"))
    text.append(f"  {'':<13}{'':<{width}}  reached  share  next  now\n", look("muted"))
    for stage in FUNNEL:
        n = reached[stage]
        text.append(f"  {stage:<13}")
        text.append(f"{bar(n, top, width):<{width}}", look("bar"))
        text.append(f"  {n:>7}  {percent(stats.conversion.get(stage)):>5}")
        onward = percent(stats.step_conversion.get(stage)) if stage in stats.step_conversion else ""
        text.append(f"  {onward:>4}")
        text.append(f"  {stats.funnel.get(stage, 0):>3}\n", look("muted"))
    closed = " · ".join(f"{s} {stats.funnel.get(s, 0)}" for s in CLOSED)
    text.append(f"  closed: {closed}", look("muted"))
    return text


def replies(stats: Stats, look: Look) -> Text:
    text = Text("Replies\n", look("strong"))
    text.append("  reply rate           ")
    text.append(percent(stats.reply_rate), look("strong"))
    text.append(
        f"  {stats.answered} of {stats.applied} applications sent got an answer\n", look("muted")
    )
    text.append("  median days to reply ")
    if stats.median_days_to_reply is None:
        text.append("—", look("strong"))
        text.append("  no replies yet\n", look("muted"))
    else:
        days = stats.median_days_to_reply
        text.append(f"{days:g} day{'s' if days != 1 else ''}", look("strong"))
        text.append("  from applying to the first answer\n", look("muted"))
    text.append("  follow-ups sent      ")
    text.append(f"{stats.follow_ups_sent}", look("strong"))
    text.append("  in all", look("muted"))
    return text


def weeks(stats: Stats, today: dt.date | None, width: int, look: Look) -> Text:
    """Follow-ups sent per week, one labelled bar a week, this week last."""
    text = Text("Follow-ups sent per week", look("strong"))
    text.append("   weeks start on Monday\n", look("muted"))
    per_week = list(stats.sent_per_week)
    if not per_week:
        return text.append("  nothing sent yet", look("muted"))
    top = max(n for _, n in per_week)
    this_monday = today - dt.timedelta(days=today.weekday()) if today else None
    for index, (monday, n) in enumerate(per_week):
        label = f"  {monday:%d %b}".replace(" 0", "  ")
        text.append(f"{label:<10}", look("muted"))
        text.append(f"{bar(n, top, width):<{width}}", look("bar-success"))
        text.append(f"  {n:>3}")
        if monday == this_monday:
            text.append("  this week", look("muted"))
        if index < len(per_week) - 1:
            text.append("\n")
    return text
