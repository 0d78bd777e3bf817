"""What the dashboard asks of the store, as `store -> result` calls for a worker
(tui.worker.run_repo). The write side is imported inside each call, in the worker:
SQLAlchemy stays off the dashboard's start-up path."""

from __future__ import annotations


def triage(action: str, *args):
    """`store -> result` running a follow-up service (db.write.follow_ups), imported in
    the worker: SQLAlchemy stays off the dashboard's start-up path. Journaled, so that
    u can take it back (db.write.undo)."""

    def call(store):
        from db.write import follow_ups, undo

        return undo.journaled(store.uow(), getattr(follow_ups, action), *args)

    return call


def note_context(fid: int):
    def call(store):
        from db.errors import found

        return found(store.views.note_context(fid), "follow-up", fid)

    return call


def application(aid: int):
    def call(store):
        from db.errors import found

        return found(store.views.application(aid), "application", aid)

    return call


def warnings_for(context):
    """The guards on a stored note (marking sent straight from the Today list)."""
    from db.notes.guards import check_note

    item = context.item
    return check_note(
        item.body,
        recipient_name=item.contact_name,
        company=item.company,
        kind=item.kind,
        channel=item.channel,
        other_panel_bodies=context.panel_notes,
    )


def note_saver(store):
    """`note -> None` writing a note's subject and body through the store."""

    def save(note) -> None:
        from db.write import follow_ups

        follow_ups.save_note(store.uow(), note.follow_up_id, note.subject, note.body)

    return save
