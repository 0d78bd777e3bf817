"""The reply form plans the next check-in from the day they said they would decide by."""

from __future__ import annotations

import datetime as dt

from textual.widgets import TextArea

from tests.tui.conftest import settle
from tests.tui.test_forms import error, fill, open_form, repo_for
from tui.modals.reply_form import ReplyForm
from tui.words import describe


async def test_a_decision_day_plans_the_check_in_the_business_day_after(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        store = repo_for(app.db_path)
        application = store.views.application(1)
        replies = len(store.views.application_detail(1).responses)
        results: list = []
        await open_form(pilot, ReplyForm(application), results)
        app.screen.query_one("#summary", TextArea).text = "We'll decide by Friday"
        fill(app.screen, decide_by="someday soon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error(app.screen, "decide-by")  # said under the field, nothing written
        assert len(store.views.application_detail(1).responses) == replies
        fill(app.screen, decide_by="friday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results
        (check_in,) = [
            f
            for f in store.views.follow_ups_for(application_id=1)
            if f.kind == "check-in" and f.status == "planned"
        ]
        zone = store.views.settings.zone
        assert check_in.due_at.astimezone(zone).date() == dt.date(2026, 11, 30)  # Mon after
        line = describe(results[0], store.views.settings)
        assert "check-in with" in line and "Mon 30 Nov" in line
