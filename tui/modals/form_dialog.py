"""What every form shares: labelled rows, a message under the field at fault, ctrl+s
saves, Esc cancels (asking first when something was typed)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea
from textual.worker import Worker, WorkerState

from tui.safe import plain
from tui.worker import run_repo


class FormDialog(ModalScreen[Any]):
    """Base for the forms; subclasses compose `row(...)`s and implement `save()`."""

    CSS_PATH: ClassVar = ["../styles/dialogs.tcss", "../styles/forms.tcss"]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form-save", tooltip="Save and close"),
        Binding("escape", "cancel", "Cancel", id="form-cancel", tooltip="Close without saving"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (32, "-roomy")]
    """Short terminals get a denser form (see forms.tcss)."""
    FIELDS: ClassVar[dict[str, str]] = {}
    """Maps a ValidationError's `field` to the name of the row that shows it."""
    TITLE_TEXT = "Form"
    """The dialog's heading (subclasses set it; it never holds user text)."""

    def __init__(self) -> None:
        super().__init__()
        self.saving = False
        self._initial: tuple | None = None

    # --- building ------------------------------------------------------------------

    @staticmethod
    def row(name: str, label: str, widget: Widget, hint: str = "") -> Vertical:
        """A labelled field with room for its message underneath."""
        parts: list[Widget] = [
            Horizontal(Label(label, classes="form-label"), widget, classes="form-row"),
            Static("", id=f"{name}-error", classes="field-error"),
        ]
        if hint:
            parts.append(Static(hint, classes="field-hint"))
        return Vertical(*parts, id=f"{name}-field", classes="form-field")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog", id=self.dialog_id()):
            yield Label(self.heading(), classes="dialog-title")
            with VerticalScroll(classes="form-body"):
                yield from self.fields()
            yield Static("", id="form-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="form-save-button", variant="primary")
                yield Button("Cancel (esc)", id="form-cancel-button")

    def dialog_id(self) -> str:
        return type(self).__name__.lower() + "-dialog"

    def heading(self):
        """The title line; a Content when it names something a person typed."""
        return self.TITLE_TEXT

    def fields(self) -> ComposeResult:
        """The rows of the form."""
        yield from ()

    def on_mount(self) -> None:
        self.call_after_refresh(self._remember)

    def _remember(self) -> None:
        self._initial = self.snapshot()

    # --- values ----------------------------------------------------------------------

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def snapshot(self) -> tuple:
        """Every value in the form, to know whether closing would lose typing."""
        values: list = []
        for widget in self.query("Input, TextArea, Select, SelectionList"):
            if isinstance(widget, Input):
                values.append(widget.value)
            elif isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, Select):
                values.append(widget.value)
            elif isinstance(widget, SelectionList):
                values.append(tuple(widget.selected))
        return tuple(values)

    # --- messages under fields ---------------------------------------------------------

    def clear_errors(self) -> None:
        for error in self.query(".field-error"):
            error.update("")
            error.remove_class("-shown")

    def show_error(self, field: str, message: str, *, focus: str | None = None) -> None:
        """Put `message` under the row for `field` (or under the form) and focus it
        (or the widget matching `focus`)."""
        name = self.FIELDS.get(field, field)
        rows = self.query(f"#{name}-field")
        target = self.query_one(f"#{name}-error" if rows else "#form-error", Static)
        target.update(plain(message, one_line=False))
        target.add_class("-shown")
        if rows:
            focusable = [w for w in rows.first().query(focus or "*") if w.focusable]
            if focusable:
                focusable[0].focus()
            rows.first().scroll_visible()

    def failed(self, error) -> None:
        """A ValidationError from a service: shown in place, the dialog stays."""
        self.saving = False
        self.show_error(error.field, error.message)

    # --- keys and buttons ------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field (ctrl+s saves)."""
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#form-save-button")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-cancel-button")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_save(self) -> None:
        if not self.saving:
            self.clear_errors()
            self.save()

    def save(self) -> None:
        """Check what can be checked here, then `submit` the database call (subclasses)."""
        raise NotImplementedError

    def submit(self, call, then=None) -> None:
        """Run `call(store)` off the UI thread; dismiss with its result unless `then` is given."""
        self.saving = True
        worker = run_repo(
            self, call, then or self.close_with, on_error=self.failed, group="form-save"
        )
        if worker is None:  # the database is still opening (the first second after start)
            self.saving = False
            self.show_error("form", "The database is still opening: try again in a moment")

    def close_with(self, result) -> None:
        """Hand `result` to whoever opened the form (not awaited: see Screen.dismiss)."""
        self.saving = False
        self.dismiss(result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Anything but a validation problem is reported by the App; the form stays usable.
        if event.worker.group == "form-save" and event.state == WorkerState.ERROR:
            self.saving = False

    def action_cancel(self) -> None:
        if self._initial is None or self.snapshot() == self._initial:
            self.dismiss(None)
            return
        from tui.modals.confirm_dialog import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Close without saving?", ["What you typed here is lost."], "Discard"),
            answered,
        )
