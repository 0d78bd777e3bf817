"""The main screen's word that mail waits for review: a part of the header's line
(the day's counts) and `M` in the footer while a proposal is pending; nothing when
none is, or when no mailbox is set up. The count is read with the screen's other
data (tui/first_data.py), so it follows a sync and each decision as they do."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.records import MailCounts

MAIL_TIP = "Mail found, to review"
SHOWN_ACTION = "mail_review_waiting"
"""The action of the M binding the footer shows; the other M is always there, hidden."""


class MailWaiting:
    """Mixed into the main screen (a Screen: refresh_bindings, app)."""

    mail_waiting = 0
    """Proposals waiting for review, as last read."""

    def show_mail(self, counts: MailCounts | None) -> str:
        """Take the new count; the words for the header ("" when nothing waits)."""
        pending = counts.pending if counts is not None else 0
        changed = (pending > 0) != (self.mail_waiting > 0)
        self.mail_waiting = pending
        if changed:
            self.refresh_bindings()  # M comes to the footer, or leaves it
        return mail_waiting_words(pending)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == SHOWN_ACTION:
            return self.mail_waiting > 0  # when False, the hidden M takes the key
        return super().check_action(action, parameters)

    def action_mail_review_waiting(self) -> None:
        self.action_mail_review()

    def action_mail_review(self) -> None:
        from tui.screens.mail_review import MailReviewScreen

        self.app.push_screen(MailReviewScreen())


def mail_waiting_words(pending: int) -> str:
    """The header's part saying mail waits for review: ' · mail: 5 to review (M)', or
    nothing. Short: after the day's counts it still fits the header at 80 columns. Here,
    not in tui.words, whose service results are not needed before the first frame."""
    return f" · mail: {pending:,} to review (M)" if pending else ""
