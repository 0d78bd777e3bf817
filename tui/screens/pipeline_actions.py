"""The main screen's actions on the highlighted application: move its stage (asking
first when the move closes it), edit it, log an interview, record a reply, plan a
follow-up by hand, open its timeline; and adding one. A mixin of MainScreen, which
supplies `pipeline`, `settings`, `_act` and `notify`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.screens.calls import application
from tui.screens.stage_moves import move_asking_first

if TYPE_CHECKING:
    from db.records import ApplicationRow
    from tui.widgets.pipeline_pane import PipelinePane


class PipelineActions:
    def _selected_app(self) -> int | None:
        application = self._selected_application()
        return application.id if application is not None else None

    def _selected_application(self) -> ApplicationRow | None:
        application = self.pipeline.selected
        if application is None:
            self.notify("No application selected: add one with a")
        return application

    def _step_stage(self, step: int) -> None:
        from db.cadence import STAGE_ORDER

        application = self._selected_application()
        if application is None:
            return
        stage = application.stage
        order = [str(s) for s in STAGE_ORDER]
        if stage not in order:
            self.notify(f"{stage.capitalize()} is closed: use m to pick a stage")
            return
        index = order.index(stage) + step
        if not 0 <= index < len(order):
            self.notify(f"Already at {stage}")
            return
        self._move(application, order[index])

    def _move(self, application: ApplicationRow, stage: str) -> None:
        """Move it (asking first when the move closes it); the line offers u to undo."""
        move_asking_first(
            self,
            application,
            stage,
            self.settings,
            lambda call: self._act(call, doing="Stage not changed"),
        )

    def action_stage_forward(self) -> None:
        self._step_stage(1)

    def action_stage_back(self) -> None:
        self._step_stage(-1)

    def action_move_stage(self) -> None:
        from tui.modals.stage_picker import StagePicker

        application = self._selected_application()
        if application is None:
            return
        current = application.stage

        def chosen(stage) -> None:
            if stage and stage != current:
                self._move(application, stage)

        self.app.push_screen(StagePicker(current), chosen)

    def _after_form(self, result) -> None:
        if result is None:
            return
        from tui.screens.undoing import remember
        from tui.words import describe

        result, hint = remember(self.app, result)
        self.notify(describe(result, self.settings) + hint)
        self.app.data_changed()

    def action_new_follow_up(self) -> None:
        """Plan a follow-up by hand for the highlighted application."""
        from tui.modals.follow_up_form import NewFollowUpForm

        self._form_for_selected(NewFollowUpForm)

    def action_add_application(self) -> None:
        from tui.modals.application_form import ApplicationForm

        self.app.push_screen(ApplicationForm(None), self._after_form)

    def action_edit_application(self) -> None:
        from tui.modals.application_form import ApplicationForm

        self._form_for_selected(ApplicationForm)

    def action_log_interview(self) -> None:
        from tui.modals.interview_form import InterviewForm

        self._form_for_selected(InterviewForm)

    def action_record_reply(self) -> None:
        from tui.modals.reply_form import ReplyForm

        self._form_for_selected(ReplyForm)

    def _form_for_selected(self, form) -> None:
        """Open `form` on the highlighted application as it is stored now (keys typed
        while it is read are held back: tui/opening.py)."""
        from tui.opening import open_when_read

        aid = self._selected_app()
        if aid is not None:
            open_when_read(self, application(aid), form, self._after_form)

    def on_pipeline_pane_application_chosen(self, event: PipelinePane.ApplicationChosen) -> None:
        self._open_detail(event.application.id)

    def action_open_detail(self) -> None:
        self._open_detail(self._selected_app())

    def _open_detail(self, aid: int | None) -> None:
        from tui.screens.detail_screen import DetailScreen

        if aid is not None:
            self.app.push_screen(DetailScreen(aid))
