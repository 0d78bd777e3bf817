"""What every form shares: labelled rows, a message under the field at fault, a line
under a date field saying which day it was understood as (read while typing), ctrl+s
saves, Esc cancels (asking first when something was typed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea
from textual.worker import Worker, WorkerState

from tui.safe import plain
from tui.style_sheets import DIALOGS, FORMS
from tui.worker import run_repo


class AsideReader:
    """Reads what is typed into a field off the UI thread, and shows the answer only if
    the field still holds that text. Dates go through dateparser when not read by hand,
    which takes ~200 ms the first time: never on a key press."""

    def __init__(self, node: DOMNode) -> None:
        self.node = node
        self.asked: dict[str, str] = {}

    def read(
        self,
        key: str,
        text: str,
        read: Callable[[str, Any], Any],
        show: Callable[[Any, str], None],
    ) -> None:
        """`read(text, views)` in a worker; `show(value, "")` back on the UI thread, or
        `show(None, message)` when the text cannot be read (a ValidationError or
        DateNotUnderstood), unless `key`'s text has changed since."""
        self.asked[key] = text

        def work(store):
            from db.dates import DateNotUnderstood
            from db.validation import ValidationError

            try:
                return read(text, store.views), ""
            except ValidationError as exc:
                return None, exc.message
            except DateNotUnderstood as exc:
                return None, str(exc)

        def done(answer) -> None:
            if self.asked.get(key) == text and self.node.is_attached:
                show(*answer)

        run_repo(self.node, work, done, reads_only=True, group=f"read-{key}")


class FormDialog(ModalScreen[Any]):
    """Base for the forms; subclasses compose `row(...)`s and implement `save()`."""

    CSS_PATH: ClassVar = [DIALOGS, FORMS]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form-save", tooltip="Save and close"),
        Binding("escape", "cancel", "Cancel", id="form-cancel", tooltip="Close without saving"),
        Binding(
            "enter",
            "next_field",
            "Next field",
            show=False,
            priority=True,
            id="form-next-field",
            tooltip="From a text field to the next field",
        ),
    ]
    ENTER_SUBMITS: ClassVar[str] = ""
    """Selector of the text fields whose Enter does something of its own (their
    Input.Submitted is handled), instead of moving on to the next field."""
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (32, "-roomy")]
    """Short terminals get a denser form (see forms.tcss)."""
    FIELDS: ClassVar[dict[str, str]] = {}
    """Maps a ValidationError's `field` to the name of the row that shows it."""
    TITLE_TEXT = "Form"
    """The dialog's heading (subclasses set it; it never holds user text)."""
    UNDERSTOOD: ClassVar[dict[str, str]] = {}
    """Maps an input's id to the name of a method `(text, views) -> str` saying how the
    text reads ('Mon 23 Nov, 09:00'); shown under the field as it is typed. The row
    is made with `understood=True` and named like the input."""

    def __init__(self) -> None:
        super().__init__()
        self.saving = False
        self._initial: tuple | None = None
        self.aside = AsideReader(self)

    # --- building ------------------------------------------------------------------

    @staticmethod
    def row(
        name: str, label: str, widget: Widget, hint: str = "", *, understood: bool = False
    ) -> Vertical:
        """A labelled field with room for its message underneath (and for how what is
        typed reads, with `understood`)."""
        parts: list[Widget] = [
            Horizontal(Label(label, classes="form-label"), widget, classes="form-row"),
            Static("", id=f"{name}-error", classes="field-error"),
        ]
        if understood:
            parts.append(Static("", id=f"{name}-understood", classes="field-understood"))
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

    # --- how a field reads, as it is typed ---------------------------------------------

    @on(Input.Changed)
    def _read_as_typed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        method = self.UNDERSTOOD.get(field)
        if method is None:
            return

        def show(line: str | None, trouble: str) -> None:
            target = self.query_one(f"#{field}-understood", Static)
            target.update(plain(trouble or line or ""))
            target.set_class(bool(trouble), "-wrong")
            target.set_class(bool(trouble or line), "-shown")

        self.aside.read(field, event.value, getattr(self, method), show)

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
        if rows:  # the message says it all: the reading under the field would repeat it
            rows.first().query(".field-understood").remove_class("-shown")
            focusable = [w for w in rows.first().query(focus or "*") if w.focusable]
            if focusable:
                focusable[0].focus()
            rows.first().scroll_visible()

    def failed(self, error) -> None:
        """A ValidationError from a service: shown in place, the dialog stays."""
        self.saving = False
        self.show_error(error.field, error.message)

    # --- keys and buttons ------------------------------------------------------------

    def action_next_field(self) -> None:
        """Enter in a text field moves on to the next field (ctrl+s saves). A priority
        binding, so focus moves as the key arrives: moved later, when the field's own
        Submitted message came round, the letters typed straight after Enter (a fast
        typist, a paste) had already gone to the end of the field just left."""
        from textual.actions import SkipAction

        focused = self.focused
        if not isinstance(focused, Input) or (
            self.ENTER_SUBMITS and focused in self.query(self.ENTER_SUBMITS).nodes
        ):
            raise SkipAction  # a list, a button, a note: Enter means what it means there
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
