"""Who you are: your name, signature, phone, time zone and date order, which sign every
draft and fill every call script. Asked once, on the first start of a database where
none of it was ever set; Later (or Esc) puts it off for good, and `Y` (You & rules)
changes it any time.

The rows here are built from db.days.Settings, so the settings screen shows the rules'
numbers the same way (`setting_row`, `changed_values`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Select, Static, TextArea

from db.days import SettingInfo, Settings, setting_infos
from db.text import clean_line
from tui.modals.form_dialog import FormDialog
from tui.style_sheets import SETTINGS
from tui.worker import run_repo

if TYPE_CHECKING:
    from textual.containers import Vertical

DATE_ORDERS = {"dmy": "dmy: 12/01 is 12 January", "mdy": "mdy: 12/01 is 1 December"}
PLACEHOLDERS = {
    "your_name": "as you sign your e-mails",
    "phone": "with country code, e.g. +44 20 7946 0000",
    "timezone": "e.g. Europe/London, America/New_York, or local",
}


def widget_id(info: SettingInfo) -> str:
    return info.name.replace("_", "-")


def shown(info: SettingInfo, value: object) -> str:
    """A value as its field holds it."""
    return value if isinstance(value, str) and info.rule.get("lines") else clean_line(value)


def hint(info: SettingInfo) -> str:
    """What a setting does, and its default when it has one worth saying."""
    if info.name == "signature":
        return "Ends every draft; empty: the closing line, then your name."
    about = info.about[:1].upper() + info.about[1:]
    if info.default in ("", None) or info.group == "you":
        return f"{about}."
    return f"{about} (default {info.default})."


def setting_row(info: SettingInfo, value: object) -> Vertical:
    """The form row for one setting: a choice, several lines or one line."""
    name = widget_id(info)
    if "choices" in info.rule:
        options = [(DATE_ORDERS.get(c, c), c) for c in info.rule["choices"]]
        widget = Select(options, value=value, allow_blank=False, id=name, compact=True)
    elif info.rule.get("lines"):
        widget = TextArea(
            shown(info, value), id=name, soft_wrap=True, tab_behavior="focus", compact=True
        )
    else:
        suggester = None
        if info.name == "timezone":
            from zoneinfo import available_timezones

            suggester = SuggestFromList(sorted(available_timezones()), case_sensitive=False)
        widget = Input(
            shown(info, value),
            placeholder=PLACEHOLDERS.get(info.name, ""),
            id=name,
            compact=True,
            suggester=suggester,
        )
    return FormDialog.row(name, info.label, widget, hint(info))


def typed_value(form: FormDialog, info: SettingInfo) -> str:
    widget = form.query_one(f"#{widget_id(info)}")
    if isinstance(widget, Select):
        return str(widget.value)
    if isinstance(widget, TextArea):
        return widget.text
    return widget.value


def changed_values(form: FormDialog, settings: Settings, infos) -> dict[str, str]:
    """{field: text} for each row whose text differs from the setting as it is."""
    values = {}
    for info in infos:
        typed = typed_value(form, info)
        if typed != shown(info, getattr(settings, info.name)):
            values[info.name] = typed
    return values


def field_names(infos) -> dict[str, str]:
    """FormDialog.FIELDS for these settings: a service's error goes under its row."""
    return {info.name: widget_id(info) for info in infos}


YOU = tuple(i for i in setting_infos() if i.group == "you")


class YouDialog(FormDialog):
    """Returns the saved Settings, or None when put off."""

    CSS_PATH: ClassVar = [*FormDialog.CSS_PATH, SETTINGS]
    FIELDS: ClassVar[dict[str, str]] = field_names(YOU)
    TITLE_TEXT = "About you"

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def fields(self) -> ComposeResult:
        yield Static(
            "Your drafts and call scripts use these; Y changes them.",
            classes="field-hint",
            id="you-intro",
        )
        for info in YOU:
            yield setting_row(info, getattr(self.settings, info.name))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#form-cancel-button", Button).label = "Later (esc)"
        self.query_one("#your-name", Input).focus()

    def save(self) -> None:
        values = changed_values(self, self.settings, YOU)

        def call(store):
            from db.write.settings import change_settings

            return change_settings(store.uow(), values, asked_you=True)

        self.submit(call, self._saved)

    def _saved(self, settings: Settings) -> None:
        self.saving = False
        if settings.your_name:
            self.app.notify(f"Drafts now sign as {settings.your_name}", title="Saved")
        self.app.data_changed()
        self.dismiss(settings)

    def action_cancel(self) -> None:
        """Later: put off, and not asked again (asking first when something was typed)."""
        if self._initial is None or self.snapshot() == self._initial:
            self._later()
            return
        from tui.modals.confirm_dialog import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self._later()

        self.app.push_screen(
            ConfirmDialog("Skip without saving?", ["What you typed here is lost."], "Skip"),
            answered,
        )

    def _later(self) -> None:
        from db.write.settings import put_off_you

        run_repo(self.app, lambda store: put_off_you(store.uow()), group="you-later")
        self.dismiss(None)
