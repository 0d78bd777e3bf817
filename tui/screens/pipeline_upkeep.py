"""The main screen's upkeep of the Pipeline: reading it again for a new search, filter,
order or view; archiving, restoring and deleting an application. A mixin of MainScreen,
which supplies `pipeline`, `now`, `settings`, `_act` and `_selected_application`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.first_data import PAGE
from tui.worker import run_repo

if TYPE_CHECKING:
    from tui.widgets.pipeline_pane import PipelinePane


class PipelineUpkeep:
    def on_pipeline_pane_view_changed(self, event: PipelinePane.ViewChanged) -> None:
        self.reload_pipeline(rows=PAGE)  # a new view starts at its first page

    def action_archive_application(self) -> None:
        """Archive the highlighted application, or restore it if it is archived."""
        application = self._selected_application()
        if application is None:
            return
        aid, service = application.id, "restore" if application.archived else "archive"

        def call(store):
            from db.write import applications

            return getattr(applications, service)(store.uow(), aid)

        self._act(call, doing="Not archived" if service == "archive" else "Not restored")

    def action_delete_application(self) -> None:
        """Ask, saying what goes with it, then delete the highlighted application."""
        application = self._selected_application()
        if application is None:
            return
        aid = application.id

        def ask(footprint) -> None:
            from tui.modals.confirm_dialog import ConfirmDialog
            from tui.words import delete_question

            title, line = delete_question(application.company, application.role, footprint)

            def answered(yes: bool | None) -> None:
                if yes:
                    self._act(delete(aid), doing="Not deleted")

            self.app.push_screen(
                ConfirmDialog(title, [line], yes="Delete", id="delete-dialog"), answered
            )

        run_repo(self, lambda store: store.views.application_footprint(aid), ask)


def delete(aid: int):
    def call(store):
        from db.write import applications

        return applications.delete(store.uow(), aid)

    return call
