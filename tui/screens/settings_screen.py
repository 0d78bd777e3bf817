"""You & rules (`Y`): who you are, and every number the follow-up rules count with, each
with its value, in one form. Saving checks every value first (a bad one is named under
its row and nothing is saved), then the dashboard reads the new settings: the next
draft opened signs with your name, the next plan counts with the new numbers.

The rows come from db.days.Settings (tui.modals.you_dialog builds them), so a setting
added there appears here by itself. A page-sized form: the keys are the forms' own
(ctrl+s saves, esc goes back, asking first when something was typed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, Static

from db.days import Settings, setting_infos
from tui import style_sheets
from tui.modals.form_dialog import FormDialog
from tui.modals.you_dialog import changed_values, field_names, setting_row

if TYPE_CHECKING:
    from textual.app import App

SETTINGS = setting_infos()


class SettingsScreen(FormDialog):
    """Returns the saved Settings, or None when left unchanged."""

    CSS_PATH: ClassVar = [*FormDialog.CSS_PATH, style_sheets.SETTINGS]
    FIELDS: ClassVar[dict[str, str]] = field_names(SETTINGS)
    TITLE_TEXT = "You & rules"

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    @classmethod
    def open(cls, app: App) -> None:
        """Read the settings as they are now (off the UI thread), then show them."""
        from tui.worker import run_repo

        if isinstance(app.screen, cls):
            return

        def shown(settings: Settings) -> None:
            if not isinstance(app.screen, cls):
                app.push_screen(cls(settings))

        if run_repo(app, lambda store: store.views.settings, shown, group="settings-open") is None:
            app.notify("The database is still opening: try again in a moment")

    def dialog_id(self) -> str:
        return "settings-page"

    def fields(self) -> ComposeResult:
        group = None
        for info in SETTINGS:
            if info.group != group:
                group = info.group
                title = "You" if group == "you" else "Follow-up rules"
                yield Static(title, classes="settings-group")
                if group != "you":
                    yield Static(
                        "New numbers apply to what is planned from now on; follow-ups "
                        "already planned keep their day.",
                        classes="field-hint settings-note",
                    )
            yield setting_row(info, getattr(self.settings, info.name))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#your-name", Input).focus()

    def save(self) -> None:
        values = changed_values(self, self.settings, SETTINGS)
        if not values:
            self.dismiss(None)
            return

        def call(store):
            from db.write.settings import change_settings

            return change_settings(store.uow(), values, asked_you=True)

        self.submit(call, self._saved)

    def _saved(self, settings: Settings) -> None:
        self.saving = False
        labels = [
            i.label for i in SETTINGS if getattr(settings, i.name) != getattr(self.settings, i.name)
        ]
        self.app.notify(f"Saved: {', '.join(labels) or 'nothing changed'}", title="You & rules")
        self.app.data_changed()
        self.dismiss(settings)
