"""The forms as a person fills them: valid input is saved, a mistake is shown under its
field and nothing is written, Esc with typing asks first."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Select, SelectionList, Static, TextArea

from db.engine import open_database
from db.store import Store
from db.validation import ValidationError
from tests.tui.conftest import clock, settle
from tui.modals.application_form import ApplicationForm
from tui.modals.contact_form import ContactForm
from tui.modals.interview_form import InterviewForm
from tui.modals.reply_form import ReplyForm
from tui.modals.stage_picker import StagePicker
from tui.words import describe

HOSTILE = "[@click=app.quit]q[/] [bold]x"


def repo_for(path) -> Store:
    return Store(open_database(path), clock)


def fill(screen, **values: str) -> None:
    """Type into the form's inputs by id (underscores for dashes)."""
    for name, value in values.items():
        screen.query_one(f"#{name.replace('_', '-')}", Input).value = value


def error(screen, field: str) -> str:
    """The message under a field ('' when none is shown)."""
    widget = screen.query_one(f"#{field}-error", Static)
    return str(widget.render()) if widget.has_class("-shown") else ""


async def open_form(pilot, form, results: list) -> None:
    pilot.app.push_screen(form, results.append)
    await settle(pilot)


async def test_add_application_saves_typed_values(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ApplicationForm)
        await pilot.press(*"Acme", "enter", *"Data Engineer", "enter")
        fill(form, source="referral", applied="2026-11-20")
        form.query_one("#notes", TextArea).text = HOSTILE
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ApplicationForm)
        row = next(
            a for a in repo_for(app.db_path).views.pipeline_summary().active if a.company == "Acme"
        )
        assert (row.role, row.source, row.stage) == ("Data Engineer", "referral", "applied")
        assert str(row.applied_on) == "2026-11-20"
        assert repo_for(app.db_path).views.application(row.id).notes == HOSTILE
        assert any(n.message == "Saved" for n in app._notifications)


APPLICATION_MISTAKES = [
    ({"company": "", "role": "Engineer"}, "company", "Company is required"),
    ({"company": "Acme", "role": ""}, "role", "Role is required"),
    ({"company": "Acme", "role": "Eng", "applied": "2026-02-30"}, "applied", "not a real date"),
    ({"company": "Acme", "role": "Eng", "applied": "next year"}, "applied", "YYYY-MM-DD"),
    ({"company": "Acme", "role": "Eng", "applied": "2026-12-24"}, "applied", "still to come"),
]


async def test_application_form_mistakes_show_at_the_field_and_esc_asks(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = repo_for(app.db_path).views.pipeline_summary(include_closed=True).active_total
        results: list = []
        await open_form(pilot, ApplicationForm(None), results)
        for values, field, message in APPLICATION_MISTAKES:
            fill(app.screen, **({"applied": ""} | values))
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ApplicationForm)  # still open, nothing lost
            assert message in error(app.screen, field), (values, field)
            assert app.screen.query_one(f"#{field}-field").has_focus_within
        assert results == []
        after = repo_for(app.db_path).views.pipeline_summary(include_closed=True).active_total
        assert after == before
        # Esc after typing asks first; "n" goes back to the form with the typing intact.
        await pilot.press("escape")
        await settle(pilot)
        assert "Close without saving?" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#company", Input).value == "Acme"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, ApplicationForm)
        assert results == [None]


async def test_edit_application_keeps_stage_and_changes_fields(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        original = repo_for(app.db_path).views.application(1)
        results: list = []
        await open_form(pilot, ApplicationForm(original), results)
        assert not app.screen.query("#stage")  # the stage moves with m, not here
        assert app.screen.query_one("#company", Input).value == original.company
        fill(app.screen, role="Staff Engineer", applied="yesterday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = repo_for(app.db_path).views.application(1)
        assert (saved.role, saved.stage, str(saved.applied_on)) == (
            "Staff Engineer",
            original.stage,
            "2026-11-23",
        )
        assert results and results[0].id == 1


async def test_log_interview_with_a_panel_member_added_in_place(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        application = repo_for(app.db_path).views.application(1)
        results: list = []
        await open_form(pilot, InterviewForm(application), results)
        form = app.screen
        panel = form.query_one("#panel", SelectionList)
        assert panel.option_count > 0
        first = panel.get_option_at_index(0)  # people at this company come first
        lead = repo_for(app.db_path).views.contact(first.value)
        assert lead.company == application.company
        panel.focus()
        await pilot.press("space")
        fill(form, new_name=HOSTILE, new_title="CTO", new_email="not-an-email")
        form.query_one("#new-email", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Email looks wrong" in error(form, "new-person")
        assert form.query_one("#new-email", Input).has_focus
        fill(form, new_email="cto@example.com")
        await pilot.press("enter")
        await settle(pilot)
        assert len(panel.selected) == 2
        fill(form, when="yesterday 14:00", minutes="45", answer_by="2026-12-01")
        form.query_one("#kind", Select).value = "panel"
        form.query_one("#notes", TextArea).text = "their event pipeline"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, InterviewForm)
        assert results and "thank-yous planned" in describe(results[0])
        detail = repo_for(app.db_path).views.application_detail(1)
        interview = detail.interviews[-1]
        assert [p.name for p in interview.participants] == [lead.name, HOSTILE]
        assert interview.participants[1].company == application.company
        assert (interview.minutes, interview.kind, str(interview.answer_by)) == (
            45,
            "panel",
            "2026-12-01",
        )
        # 14:00 in the user's zone (London, GMT in November) is 14:00 UTC.
        assert interview.starts_at.isoformat() == "2026-11-23T14:00:00+00:00"


INTERVIEW_MISTAKES = [
    ({"when": "2026-02-30 10:00"}, "when", "not a real date"),
    ({"when": "yesterday"}, "when", "a day and a time"),
    ({"when": "today 25:00"}, "when", "not a time of day"),
    ({"when": "today 10:00", "minutes": "2"}, "minutes", "between 5 minutes"),
    ({"when": "today 10:00", "answer_by": "2026-13-01"}, "answer-by", "not a real date"),
]


async def test_interview_form_mistakes_show_at_the_field(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = len(repo_for(app.db_path).views.application_detail(1).interviews)
        results: list = []
        await open_form(pilot, InterviewForm(repo_for(app.db_path).views.application(1)), results)
        fill(app.screen, when="yesterday 14:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Add at least one interviewer" in error(app.screen, "panel")
        app.screen.query_one("#panel", SelectionList).select_all()
        for values, field, message in INTERVIEW_MISTAKES:
            fill(app.screen, **({"minutes": "60", "answer_by": ""} | values))
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, InterviewForm)
            assert message in error(app.screen, field), (values, field)
        assert results == []
        assert len(repo_for(app.db_path).views.application_detail(1).interviews) == before


async def test_record_reply_from_a_person_at_the_company(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        application = repo_for(app.db_path).views.application(1)
        results: list = []
        await open_form(pilot, ReplyForm(application), results)
        who = app.screen.query_one("#who", Select)
        assert who.value != 0  # the first person at the company, not "someone else"
        app.screen.query_one("#summary", TextArea).text = "Second round next week"
        fill(app.screen, when="tomorrow 10:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "still to come" in error(app.screen, "when")
        fill(app.screen, when="today 9:15")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results and "recorded" in describe(results[0])
        reply = repo_for(app.db_path).views.application_detail(1).responses[-1]
        assert reply.summary == "Second round next week"
        assert reply.contact_name == repo_for(app.db_path).views.contact(who.value).name
        assert reply.received_at.isoformat() == "2026-11-24T09:15:00+00:00"


async def test_add_contact_and_its_mistakes(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        results: list = []
        await open_form(pilot, ContactForm(None), results)
        form = app.screen
        form.failed(ValidationError("mystery", "A field this form does not have"))
        assert "does not have" in error(form, "form")  # shown under the form instead
        fill(form, name="", email="dana@example.com")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Name is required" in error(form, "name")
        fill(form, name=HOSTILE, email="dana@@example")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Email looks wrong" in error(form, "email")
        assert error(form, "name") == ""  # the old message went away
        fill(form, email="dana@example.com", phone="12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "5 to 15 digits" in error(form, "phone")
        fill(form, phone="+44 20 7946 0000", met_on="2026-02-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a real date" in error(form, "met-on")
        assert results == []
        fill(form, met_on="yesterday", company="Acme", title="Recruiter")
        form.query_one("#channel", Select).value = "phone"
        form.query_one("#met-via", Select).value = "event"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = results[0]
        assert (saved.name, saved.company, saved.preferred_channel, saved.met_via) == (
            HOSTILE,
            "Acme",
            "phone",
            "event",
        )
        assert str(saved.met_on) == "2026-11-23"
        # Met at an event: the next-day follow-up is planned.
        planned = repo_for(app.db_path).views.follow_ups_for()
        assert any(f.contact_id == saved.id and f.kind == "event follow-up" for f in planned)


async def test_stage_picker_marks_the_current_stage_and_moves(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        table = app.screen.query_one("#pipeline-table")
        aid = table.selected_id
        current = repo_for(app.db_path).views.application(aid).stage
        await pilot.press("m")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, StagePicker)
        options = picker.query_one("#stage-options")
        assert options.get_option_at_index(options.highlighted).id == current
        assert "●" in str(options.get_option_at_index(options.highlighted).prompt)
        await pilot.press("j", "enter")
        await settle(pilot)
        moved = repo_for(app.db_path).views.application(aid).stage
        assert moved != current
        assert any("moved to" in n.message for n in app._notifications)


# --- issue 13: nothing typed is dropped, and dates say how they read ----------------------


async def test_a_person_typed_into_new_but_not_added_is_on_the_panel_and_thanked(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        results: list = []
        await open_form(pilot, InterviewForm(repo_for(app.db_path).views.application(1)), results)
        form = app.screen
        form.query_one("#panel", SelectionList).focus()
        await pilot.press("space")  # someone already known
        fill(form, when="monday 9:00", new_name=HOSTILE, new_email="ana@example.com")
        await pilot.press("ctrl+s")  # Add never pressed
        await settle(pilot)
        assert not isinstance(app.screen, InterviewForm)
        interviews = repo_for(app.db_path).views.application_detail(1).interviews
        interview = max(interviews, key=lambda i: i.id)  # the one just logged
        assert interview.starts_at.isoformat() == "2026-11-23T09:00:00+00:00"
        assert len(interview.participants) == 2
        assert interview.participants[1].name == HOSTILE
        thanked = {
            f.contact_name
            for f in repo_for(app.db_path).views.follow_ups_for(interview_id=interview.id)
            if f.kind == "thank-you"
        }
        assert HOSTILE in thanked and len(thanked) == 2
        assert results and HOSTILE in results[0].thanked


async def test_a_half_filled_new_row_refuses_the_save_and_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = len(repo_for(app.db_path).views.application_detail(1).interviews)
        people = len(repo_for(app.db_path).views.contacts(limit=5000))
        results: list = []
        await open_form(pilot, InterviewForm(repo_for(app.db_path).views.application(1)), results)
        form = app.screen
        form.query_one("#panel", SelectionList).select_all()
        for new, says, where in (
            ({"new_email": "ana@example.com"}, "Name is required", "#new-name"),
            ({"new_name": "Ana Ruiz", "new_email": "ana@@x"}, "Email looks wrong", "#new-email"),
        ):
            fill(form, **({"when": "yesterday 14:00", "new_name": "", "new_email": ""} | new))
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, InterviewForm)
            assert says in error(form, "new-person") and "clear this row" in error(
                form, "new-person"
            )
            assert form.query_one(where, Input).has_focus
        assert results == []
        assert len(repo_for(app.db_path).views.application_detail(1).interviews) == before
        assert len(repo_for(app.db_path).views.contacts(limit=5000)) == people
        # Cleared, the row is no longer a person: the save goes through.
        fill(form, new_name="", new_email="")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results and len(repo_for(app.db_path).views.application_detail(1).interviews) == (
            before + 1
        )


def understood(screen, field: str) -> str:
    """The line under a date field saying how it reads ('' when none is shown)."""
    widget = screen.query_one(f"#{field}-understood", Static)
    return str(widget.render()) if widget.has_class("-shown") else ""


async def test_the_interview_form_says_which_day_it_understood_as_you_type(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_form(pilot, InterviewForm(repo_for(app.db_path).views.application(1)), [])
        form = app.screen
        await pilot.press(*"monday 9:00")  # typed on Tuesday 24 November: yesterday
        await settle(pilot)
        assert understood(form, "when") == "Mon 23 Nov, 09:00"
        for typed, reads in (
            ("yesterday 3pm", "Mon 23 Nov, 15:00"),
            ("last friday 14:00", "Fri 20 Nov, 14:00"),
            ("today 2pm", "Tue 24 Nov, 14:00, later today"),
            ("2026-11-23T09:30", "Mon 23 Nov, 09:30"),
            ("someday [b] 10:00", "'someday [b]' is an unknown date"),  # literal, not markup
            ("yesterday", "Type a day and a time"),
        ):
            fill(form, when=typed)
            await settle(pilot)
            assert understood(form, "when").startswith(reads), typed
        fill(form, when="")
        await settle(pilot)
        assert understood(form, "when") == ""
        fill(form, answer_by="friday")
        await settle(pilot)
        assert understood(form, "answer-by") == "Fri 27 Nov"  # the coming one


async def test_applied_on_reads_days_without_a_year_and_says_which(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        original = repo_for(app.db_path).views.application(1)
        for typed, reads, saved in (
            ("16 Nov", "Mon 16 Nov", "2026-11-16"),
            ("last monday", "Mon 23 Nov", "2026-11-23"),
        ):
            results: list = []
            await open_form(pilot, ApplicationForm(original), results)
            fill(app.screen, applied=typed)
            await settle(pilot)
            assert understood(app.screen, "applied") == reads
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert results, typed
            assert str(repo_for(app.db_path).views.application(1).applied_on) == saved


async def snooze(pilot, fid: int | None, who: str = "Yara Adeyemi") -> list:
    """Open the snooze dialog for follow-up `fid`; what it hands back is appended."""
    from tui.modals.snooze_dialog import SnoozeDialog

    chosen: list = []
    pilot.app.push_screen(SnoozeDialog(who, fid), chosen.append)
    await settle(pilot)
    return chosen


def thank_you_to(app, name: str) -> int:
    """The id of the planned thank-you to `name` in the sample data."""
    due = repo_for(app.db_path).views.due_follow_ups()
    (fid,) = [
        f.id
        for f in (*due.overdue, *due.today, *due.week)
        if f.contact_name == name and f.kind == "thank-you"
    ]
    return fid


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_snooze_reads_12_01_in_the_users_date_order_and_says_the_day_first(make_app, demo_db):
    import arrow

    from db.write.settings import set_setting

    set_setting(repo_for(demo_db).uow(), "date_order", "mdy")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        fid = app.screen.query_one("#today-table").selected_id
        await pilot.press("z")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#snooze-date", Input).focus()
        await pilot.press(*"12/01")
        await settle(pilot)
        assert app.screen is dialog  # said, not yet done
        assert shown(dialog, "#snooze-understood") == "Snoozes to Tue 1 Dec, 09:00"
        await pilot.press("enter")
        await settle(pilot)
        due = repo_for(app.db_path).views.follow_up(fid).due_at
        assert arrow.get(due).to("Europe/London").date().isoformat() == "2026-12-01"
    set_setting(repo_for(demo_db).uow(), "date_order", "dmy")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog_answers = await snooze(pilot, None)
        pilot.app.screen.query_one("#snooze-date", Input).value = "12/01"
        await settle(pilot)
        assert shown(pilot.app.screen, "#snooze-understood") == "Snoozes to Tue 12 Jan 2027, 09:00"
        assert dialog_answers == []


async def test_snoozing_a_thank_you_past_its_24_hours_says_so_and_still_snoozes(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Yara's interview ended Tuesday 10:00: her thank-you is due by Wednesday 10:00.
        yara = thank_you_to(app, "Yara Adeyemi")
        chosen = await snooze(pilot, yara)
        dialog = app.screen
        assert shown(dialog, "#snooze-warning") == (
            "This thank-you's 24 hours end Wed 25 Nov, 10:00: snoozing past then makes it late"
        )
        dialog.query_one("#snooze-date", Input).value = "friday"
        await settle(pilot)
        assert shown(dialog, "#snooze-understood") == (
            "Snoozes to Fri 27 Nov, 09:00: past its 24 hours, the thank-you is late"
        )
        dialog.query_one("#snooze-date", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert chosen == [dt.date(2026, 11, 27)]  # done, as asked
        late = [n.message for n in app._notifications if n.severity == "warning"]
        assert late == [
            "The thank-you to Yara Adeyemi will be late: its 24 hours end Wed 25 Nov, 10:00"
        ]
        # Tomorrow at 9:00 keeps to it: no warning.
        chosen = await snooze(pilot, yara)
        await pilot.press("t")
        await settle(pilot)
        assert chosen == ["tomorrow"]
        assert len([n for n in app._notifications if n.severity == "warning"]) == 1
        # Felix's ends today at 15:00: even tomorrow is late.
        chosen = await snooze(pilot, thank_you_to(app, "Felix Schmidt"), "Felix Schmidt")
        assert "any snooze makes it late" in shown(app.screen, "#snooze-warning")
        await pilot.press("t")
        await settle(pilot)
        assert chosen == ["tomorrow"]
        assert any("Felix Schmidt will be late" in n.message for n in app._notifications)
        # Anything but a thank-you has no hours to keep.
        chosen = await snooze(pilot, None)
        assert shown(app.screen, "#snooze-warning") == ""


# --- a key that opens a dialog, pressed again before it is up ------------------------------


def burst(app, *keys: str) -> None:
    """Keys as a fast typist sends them: all queued before any is handled (Pilot.press
    waits for the app to go idle after each, so a worker can finish in between)."""
    from textual import events

    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_two_quick_presses_of_e_open_one_form_and_esc_goes_back(make_app):
    from textual.screen import ModalScreen

    from tui.screens.main_screen import MainScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        burst(app, "e", "e", "m")  # the second e and m come while the form is fetched
        await settle(pilot)
        dialogs = [s for s in app.screen_stack if isinstance(s, ModalScreen)]
        assert [type(d).__name__ for d in dialogs] == ["ApplicationForm"]
        assert app.screen.query_one("#company", Input).value == (
            repo_for(app.db_path).views.application(app.screen.existing.id).company
        )  # nothing typed ahead landed in it
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        # Esc while a form is on its way gives up on it; the next e opens one again.
        burst(app, "e", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("e")
        await settle(pilot)
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["ApplicationForm"]


async def test_keys_typed_straight_after_enter_go_to_the_next_field(make_app):
    """A fast typist's (or a paste's) "Acme⏎Data Engineer" arrives in one burst: the
    letters after Enter belong to the next field, never to the end of the one left."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ApplicationForm)
        for key in [*"Acme", "enter", *"Data Engineer"]:  # all queued before any is handled
            event = events.Key(key, "\r" if key == "enter" else key)
            event.set_sender(app)
            app._driver.send_message(event)
        await settle(pilot)
        assert form.query_one("#company", Input).value == "Acme"
        assert form.query_one("#role", Input).value == "Data Engineer"
