"""The timeline's own actions on the detail screen: read back the text of a sent note
(space or Enter), plan an addendum to the latest interview's panel (w), and bring back a
skipped follow-up (b). A mixin of DetailScreen, which supplies `detail`, `reading`,
`_draw_timeline`, `_write` and `notify`."""

from __future__ import annotations

from db.enums import Status
from tui.screens import read_back
from tui.widgets.nav_table import NavTable
from tui.worker import run_repo


class TimelineActions:
    def on_nav_table_row_selected(self, event: NavTable.RowSelected) -> None:
        event.stop()
        self.action_read_back()

    def action_read_back(self) -> None:
        """Show the subject and text of the highlighted sent note, or hide them again."""
        detail = self.detail
        key = read_back.parent_key(self.query_one(NavTable).selected_key)
        if detail is None or key is None:
            return
        entry = detail.timeline[int(key)]
        item = next((f for f in detail.follow_ups if f.id == entry.follow_up_id), None)
        if item is None or item.status != Status.SENT:
            from tui.words import nothing_to_read_back

            self.notify(nothing_to_read_back(entry.kind, item.status if item else None))
            return
        self.reading ^= {item.id}
        self._draw_timeline(keep=key)
        if item.id in self.reading:
            read_back.show_opened(self.query_one(NavTable), key)

    def action_addendum(self) -> None:
        """One more note to someone on the latest interview's panel."""
        from tui.modals.contact_picker import ContactPicker

        detail = self.detail
        if detail is None:
            return
        if not detail.interviews:
            self.notify("No interview yet: an addendum follows one (i logs it)")
            return
        interview = max(detail.interviews, key=lambda i: (i.starts_at, i.id))

        def chosen(contact_id: int | None) -> None:
            if contact_id is None:
                return
            from db.write.extra_notes import add_addendum
            from tui.words import addendum_planned

            def planned(item) -> None:
                self.notify(addendum_planned(item))
                self.app.data_changed()

            run_repo(
                self,
                lambda store: add_addendum(store.uow(), interview.id, contact_id),
                planned,
                group="write",
            )

        panel = list(interview.participants)
        if len(panel) == 1:
            chosen(panel[0].id)
        else:
            self.app.push_screen(ContactPicker("Addendum to whom?", panel), chosen)

    def action_bring_back(self) -> None:
        """Plan the highlighted skipped follow-up again (b)."""
        item = self._highlighted_follow_up()
        if item is None:
            self.notify("Highlight a skipped follow-up in the timeline to bring it back")
            return
        if item.status != Status.SKIPPED:
            self.notify(f"Only a skipped follow-up can be brought back: this one is {item.status}")
            return

        def call(store):
            from db.write import follow_ups, undo

            return undo.journaled(store.uow(), follow_ups.bring_back, item.id)

        self._write(call)

    def _highlighted_follow_up(self):
        """The follow-up of the highlighted timeline row, if it is one."""
        index = self.query_one("#timeline", NavTable).selected_id
        if self.detail is None or index is None or index >= len(self.detail.timeline):
            return None
        fid = self.detail.timeline[index].follow_up_id
        return next((f for f in self.detail.follow_ups if f.id == fid), None)
