"""The catalogue through the forms and the note editor, as a person types it: saved and
shown literally, or a clear message under the field with the form still open and
nothing written.

Starting the dashboard costs about 1.5 s, so each surface runs ONE session that tries
its cases in turn and records what a person would see; the tests, one per case, then
judge those records. Opening a form costs about 0.7 s here, so each form takes a subset
of the catalogue: every kind of outcome, and the cases the issue names (markup, 10,000
characters, empty, impossible date, bad email). The repository tests take them all.
(1 MB typed into a one-line field is left out: the Input takes ~13 s to swallow it.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from textual.widgets import Input, Static

from db.engine import open_database
from db.page_records import ContactRow
from db.store import Store
from db.text import clean_line
from db.write import applications, contacts, follow_ups
from db.write.settings import set_setting
from tests.robust import ZONE, clock, close, counts
from tests.robust.catalogue import (
    BY_ID,
    Refused,
    as_email,
    as_line,
    as_name,
    as_phone,
    as_text,
)
from tests.tui.conftest import settle
from tui.modals.application_form import ApplicationForm
from tui.modals.contact_form import ContactForm

# Typed into a form's date, the far dates are told more than "between 1970 and 2100"
# where the form can say it: a day still to come cannot have happened.
FORM_DATES = {
    "impossible-date": "not a real date",
    "far-past": "between 1970 and 2100",
    "far-future": "is still to come",
}
APPLICATION_CASES = [
    "markup-close",
    "markup-click",
    "ansi-escape",
    "nul",
    "name-10k",
    "empty",
    "whitespace",
    "cjk",
    "rtl-hebrew",
    "sql",
    *FORM_DATES,
]
CONTACT_CASES = [
    "markup-click",
    "controls-inside",
    "combining",
    "name-10k",
    "empty",
    "bad-email",
    "bad-email-domain",
    "bad-phone-short",
    "bad-phone-country",
    "good-intl-phone",
    "impossible-date",
]
NOTE_CASES = [
    "markup-close",
    "markup-click",
    "ansi-escape",
    "megabyte",
    "emoji",
    "rtl-arabic",
    "combining",
    "newlines",
    "sql",
]
# The person's name in the note's greeting: one note per case, each to its own person.
NOTE_NAME = "Eve {n}"


@dataclass
class Seen:
    """What a person saw after pressing ctrl+s."""

    still_open: bool
    message: str  # under the field the case was typed into ('' when none)
    focus_on_field: bool
    before: dict[str, int]
    after: dict[str, int]
    saved: object
    running: bool


def new_database(folder: Path, notes: int = 0) -> Path:
    path = folder / "afterview.db"
    store = Store(open_database(path), clock)
    set_setting(store.uow(), "timezone", ZONE)
    applications.add_application(store.uow(), "Acme", "Engineer")
    for n in range(notes):
        contacts.add_contact(store.uow(), NOTE_NAME.format(n=n), met_via="event")
    close(store)
    return path


def error(screen, field: str) -> str:
    widget = screen.query_one(f"#{field}-error", Static)
    return str(widget.render()) if widget.has_class("-shown") else ""


async def submit(app, pilot, form, values: dict[str, str], field: str, path: Path) -> Seen:
    results: list = []
    app.push_screen(form, results.append)
    await settle(pilot)
    for name, text in values.items():
        form.query_one(f"#{name}", Input).value = text
    before = counts(path)
    await pilot.press("ctrl+s")
    await settle(pilot)
    still_open = app.screen is form
    seen = Seen(
        still_open,
        error(form, field) if still_open else "",
        still_open and form.query_one(f"#{field}-field").has_focus_within,
        before,
        counts(path),
        results[0] if results else None,
        app.is_running,
    )
    if still_open:
        form.dismiss(None)
        await settle(pilot)
    return seen


def app_for(path: Path):
    from tui.app import AfterviewApp

    return AfterviewApp(path, clock, poll=False)


# --- the application form ---------------------------------------------------------------


def application_field(case_id: str) -> str:
    return "applied" if case_id in FORM_DATES else "company"


def application_expected(case_id: str):
    if case_id in FORM_DATES:
        return Refused(FORM_DATES[case_id])
    return as_name(BY_ID[case_id].value, "Company")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def application_form(tmp_path_factory):
    path = new_database(tmp_path_factory.mktemp("application-form"))
    app = app_for(path)
    seen: dict[str, Seen] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for n, case in enumerate(BY_ID[c] for c in APPLICATION_CASES):
            field = application_field(case.id)
            values = {"company": case.value, "role": "Engineer", "applied": ""}
            if field == "applied":
                values |= {"company": f"Dated {n}", "applied": case.value}
            seen[case.id] = await submit(app, pilot, ApplicationForm(None), values, field, path)
        app.data_changed()  # as the main screen does after a form: the Pipeline reloads
        await settle(pilot)
        table = app.screen.query_one("#pipeline-table")
        shown = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
    return seen, shown


@pytest.mark.parametrize("case_id", APPLICATION_CASES)
def test_application_form(application_form, case_id):
    seen, pipeline = application_form
    got, expected = seen[case_id], application_expected(case_id)
    assert got.running  # "[@click=app.quit]" quit nothing
    if isinstance(expected, Refused):
        assert got.still_open, "the form closed on a mistake"
        assert expected.words in got.message, got.message
        assert "\x1b" not in got.message
        assert got.focus_on_field
        assert got.after == got.before  # nothing written
    else:
        assert not got.still_open, got.message
        assert got.saved.company == expected
        assert expected in pipeline  # shown literally in the list
        assert got.after["application"] == got.before["application"] + 1


# --- the contact form ---------------------------------------------------------------------


def contact_field(case_id: str) -> str:
    if case_id in FORM_DATES:
        return "met-on"
    if "email" in case_id:
        return "email"
    if "phone" in case_id:
        return "phone"
    return "name"


def contact_expected(case_id: str):
    case = BY_ID[case_id]
    return {
        "met-on": lambda: Refused(FORM_DATES[case_id]),
        "email": lambda: as_email(case.value),
        "phone": lambda: as_phone(case),
        "name": lambda: as_name(case.value, "Name"),
    }[contact_field(case_id)]()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def contact_form(tmp_path_factory):
    path = new_database(tmp_path_factory.mktemp("contact-form"))
    app = app_for(path)
    seen: dict[str, Seen] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for case in (BY_ID[c] for c in CONTACT_CASES):
            field = contact_field(case.id)
            values = {"name": "Dana Reyes", field: case.value}
            seen[case.id] = await submit(app, pilot, ContactForm(None), values, field, path)
    return seen


@pytest.mark.parametrize("case_id", CONTACT_CASES)
def test_contact_form(contact_form, case_id):
    got, expected = contact_form[case_id], contact_expected(case_id)
    assert got.running
    field = contact_field(case_id)
    if isinstance(expected, Refused):
        assert got.still_open, "the form closed on a mistake"
        assert expected.words in got.message, got.message
        assert got.focus_on_field
        assert got.after == got.before
    else:
        assert not got.still_open, got.message
        assert isinstance(got.saved, ContactRow)
        assert getattr(got.saved, field) == expected
        assert got.after["contact"] == got.before["contact"] + 1


# --- the note editor ------------------------------------------------------------------------


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def note_editor(tmp_path_factory):
    """Each case saved as one note's subject and body, then each note opened."""
    path = new_database(tmp_path_factory.mktemp("note-editor"), notes=len(NOTE_CASES))
    store = Store(open_database(path), clock)
    items = {i.contact_name: i for i in store.views.due_follow_ups().all}
    notes = {}
    for n, case in enumerate(BY_ID[c] for c in NOTE_CASES):
        item = items[NOTE_NAME.format(n=n)]
        subject = as_line(case.value, required=False, label="Subject")
        follow_ups.save_note(
            store.uow(), item.id, case.value if isinstance(subject, str) else "", case.value
        )
        notes[case.id] = store.views.follow_up(item.id)
    close(store)
    app = app_for(path)
    shown = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        for case in (BY_ID[c] for c in NOTE_CASES):
            table.move_cursor(row=table.get_row_index(str(notes[case.id].id)))
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            shown[case.id] = (
                screen.query_one("#note-body").text,
                screen.query_one("#note-subject", Input).value,
                str(screen.query_one("#note-header").render()),
                app.is_running,
            )
            table.focus()
            await settle(pilot)
    store = Store(open_database(path), clock)
    after = {case_id: store.views.follow_up(note.id) for case_id, note in notes.items()}
    close(store)
    return notes, shown, after


@pytest.mark.parametrize("case_id", NOTE_CASES)
def test_note_editor_reopens_what_was_saved_literally(note_editor, case_id):
    notes, shown, after = note_editor
    stored = notes[case_id]
    body, subject, header, running = shown[case_id]
    assert running
    assert stored.body == as_text(BY_ID[case_id].value)  # saved as typed, less controls
    if stored.body.strip():
        assert body == stored.body  # shown literally
        assert subject == clean_line(stored.subject)
    else:  # blank is empty: a draft is offered instead, subject and all
        assert body.startswith("Hi Eve") and subject
    assert "\x1b" not in header and "\x1b" not in subject
    assert after[case_id].body == stored.body  # opening a note is not an edit
