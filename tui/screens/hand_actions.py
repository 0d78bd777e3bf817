"""The main screen's actions by hand: reschedule the highlighted follow-up (another day
or channel) and undo the last action done in this window. A mixin of MainScreen, which
supplies `settings`, `now`, `_target_follow_up`, `_follow_up`, `_fetch` and `_done`."""

from __future__ import annotations

from tui.worker import run_repo


class HandActions:
    def action_reschedule(self) -> None:
        """Another day for the highlighted follow-up (earlier or later), or another channel."""
        import arrow

        from tui.modals.reschedule_form import RescheduleForm

        fid = self._target_follow_up()
        item = self._follow_up(fid) if fid is not None else None
        if item is None or self.now is None:
            return
        due = max(
            arrow.get(item.due_at).to(self.settings.zone),
            arrow.get(self.now).to(self.settings.zone),
        )
        form = RescheduleForm(item, due.format("ddd D MMM YYYY"))
        self.app.push_screen(form, self._after_form)

    def action_undo(self) -> None:
        """Take back the last action done in this window, if nothing has changed it since."""
        from tui.screens.undoing import not_undone, take_last, undo_call

        done = take_last(self.app)
        if done is None:
            return
        call, fetch = undo_call(done), self._fetch()  # both lists: it may be a stage move

        def work(store):
            return call(store), fetch(store)

        run_repo(
            self,
            work,
            lambda out: self._done(*out, None),
            on_failure=lambda error: not_undone(self.app, done, error),
            group="write",
        )
