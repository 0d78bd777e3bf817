"""The mailbox's review list: what the sync found, triaged from the keyboard like Today.
Nothing changes until a proposal is accepted; accepting runs the same service as doing
it by hand, and a dismissed proposal never comes back."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from db.page_records import MailProposalRow
from tui.safe import Cell, cell, plain
from tui.screens.reloading import ReloadingScreen
from tui.style_sheets import PAGES
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.nav_table import NavTable
from tui.worker import run_repo


class MailReviewScreen(ReloadingScreen):
    """Pending proposals: accept, dismiss, edit before accepting, read why."""

    CSS_PATH = PAGES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="mail-back"),
        Binding(
            "a", "accept", "Accept", id="mail-accept", tooltip="Do what it proposes, as by hand"
        ),
        Binding(
            "x,d",
            "dismiss_proposal",
            "Dismiss",
            id="mail-dismiss",
            tooltip="Not so, or not wanted: it never comes back",
        ),
        Binding(
            "e",
            "edit",
            "Edit",
            id="mail-edit",
            tooltip="Change the application, person, time or stage, then accept",
        ),
        Binding(
            "enter,space",
            "details",
            "Why",
            id="mail-details",
            tooltip="The message's excerpt and the evidence for the proposal",
        ),
        Binding("s", "app.sync_mail", "Sync", id="mail-sync", tooltip="Read the mailbox now"),
        Binding(
            "u",
            "undo",
            "Undo",
            id="mail-undo",
            tooltip="Take back the last accept or dismiss done in this window",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, MailProposalRow] = {}
        self.settings = None
        self.showing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="mail-review"):
            table = NavTable(id="mail-table")
            table.add_column("Proposal", key="what", width=24, min_width=18)
            table.add_column("Who", key="who", width=20, min_width=12)
            table.add_column("Application", key="app", width=28, min_width=14)
            table.add_column("Subject", key="subject", width=30, min_width=6)
            table.add_column("Date", key="date", width=10, min_width=10)
            yield table
            with VerticalScroll(id="mail-details"):
                yield Static("", id="mail-details-text")
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#mail-review")
        box.border_title = "Mailbox: to review"
        self.query_one("#mail-details").display = False
        self.table.focus()

    @property
    def table(self) -> NavTable:
        return self.query_one("#mail-table", NavTable)

    @property
    def selected(self) -> MailProposalRow | None:
        return self.rows.get(self.table.selected_key or "")

    # --- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        def fetch(store):
            return store.views.mail_proposals(), store.views.settings

        run_repo(self, fetch, self._show, group="mail-load", exclusive=True, reads_only=True)

    def _show(self, data) -> None:
        found, self.settings = data
        self.rows = {str(r.id): r for r in found}
        self.table.replace_rows(
            [(str(r.id), proposal_cells(r, self.settings)) for r in found],
            keep=self.table.selected_key,
        )
        box = self.query_one("#mail-review")
        if found:
            box.border_subtitle = (
                f"{len(found)} to review · a accept · x dismiss · e edit · enter why"
            )
        else:
            box.border_subtitle = "nothing to review · s reads the mailbox now"
        self._details()

    # --- details -----------------------------------------------------------------------

    def action_details(self) -> None:
        self.showing = not self.showing
        self.query_one("#mail-details").display = self.showing
        self._details()

    def on_nav_table_row_selected(self, event: NavTable.RowSelected) -> None:
        event.stop()
        self.action_details()

    def on_nav_table_row_highlighted(self, event: NavTable.RowHighlighted) -> None:
        event.stop()
        self._details()

    def _details(self) -> None:
        if not self.showing:
            return
        row = self.selected
        text = details_text(row, self.settings) if row is not None else "Nothing selected"
        self.query_one("#mail-details-text", Static).update(plain(text, one_line=False))

    # --- decisions ---------------------------------------------------------------------

    def action_accept(self, **edits) -> None:
        row = self.selected
        if row is None:
            self.notify("Nothing to accept")
            return

        def call(store):
            from db.write import mail, undo

            return undo.journaled(store.uow(), mail.accept, row.id, **edits)

        run_repo(self, call, self._decided, on_error=self._refused, group="mail-decide")

    def action_dismiss_proposal(self) -> None:
        row = self.selected
        if row is None:
            self.notify("Nothing to dismiss")
            return

        def call(store):
            from db.write import mail, undo

            return undo.journaled(store.uow(), mail.dismiss, row.id)

        run_repo(self, call, self._decided, on_error=self._refused, group="mail-decide")

    def action_edit(self) -> None:
        from tui.modals.mail_edit_form import MailEditForm

        row = self.selected
        if row is None:
            self.notify("Nothing to edit")
            return
        self.app.push_screen(MailEditForm(row, self.settings.zone), self._edited)

    def _edited(self, result) -> None:
        if result is not None:
            self._decided(result)

    def _decided(self, result) -> None:
        from tui.screens.undoing import remember
        from tui.words import mail_decided

        result, hint = remember(self.app, result)  # an accept can be taken back with u
        self.notify(plain(mail_decided(result, self.settings) + hint))
        self.app.data_changed()

    def action_undo(self) -> None:
        """Take back the last accept or dismiss (or other action) done in this window."""
        from tui.screens.undoing import not_undone, take_last, undo_call
        from tui.words import undone

        done = take_last(self.app)
        if done is None:
            return

        def said(result) -> None:
            self.notify(plain(undone(result, self.settings)))
            self.app.data_changed()

        run_repo(
            self,
            undo_call(done),
            said,
            on_failure=lambda error: not_undone(self.app, done, error),
            group="mail-decide",
        )

    def _refused(self, error) -> None:
        self.notify(plain(error.message), severity="warning")

    def action_back(self) -> None:
        if self.showing:
            self.action_details()  # Esc closes the details first, then the screen
            return
        self.app.pop_screen()


def proposal_cells(r: MailProposalRow, settings) -> list[Cell]:
    from tui.words import day, proposal_what

    return [
        cell(proposal_what(r), "strong"),
        cell(r.who_name),
        cell(r.application or "pick one (e)", "" if r.application else "muted"),
        cell(r.subject),
        cell(day(r.sent_at, settings), "muted"),
    ]


def details_text(r: MailProposalRow, settings) -> str:
    """The message and the reasons, as plain lines (shown literally)."""
    from tui.words import day, proposal_what

    lines = [f"{proposal_what(r).capitalize()}: {r.who}"]
    lines.append(f"“{r.subject}” · {day(r.sent_at, settings)}")
    lines.append(f"From {r.sender}" if r.folder == "inbox" else f"To {r.recipients}")
    if r.starts_at is not None:
        lines.append(f"Starts {moment(r.starts_at, settings)}, {r.minutes} min")
    if r.panel:
        lines.append("Panel:")
        lines.extend(
            f"  {p.name} <{p.email}>{'  (new contact)' if p.contact_id is None else ''}"
            for p in r.panel
        )
    lines.append("Why:")
    lines.extend(f"  - {line}" for line in r.evidence.splitlines())
    if r.excerpt:
        lines.append("Excerpt:")
        lines.append(f"  {r.excerpt}")
    return "\n".join(lines)


def moment(at, settings) -> str:
    """'Tue 1 Dec, 15:00' in the user's time zone."""
    import arrow

    return arrow.get(at).to(settings.zone).format("ddd D MMM, HH:mm")
