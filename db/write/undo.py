"""Undo: any action run through `journaled` can be taken back while the rows it wrote
are still as it left them.

    done = undo.journaled(store.uow(), applications.move_stage, aid, "accepted")
    ...
    undo.undo(store.uow(), done)        # back at offer, the skipped follow-ups planned

A `Journal` on the unit of work notes, at each flush, the rows the action adds and the
old value of every column it changes; just before the commit it reads what the action
left (`Changes`). Undo first checks every one of those rows is still so (another window
may have sent, snoozed or deleted it since) and refuses with a message if not; only
then does it remove the added rows and put the old values back, in one transaction.
Triggers keep next due, first reply, sends per hour and what stats count right, as
for any write.

Run on a `Rehearsal`, `journaled` tells what an action would do without doing it: the
stage picker's "3 planned follow-ups will be skipped" comes from the rules themselves.
An action that deletes rows, writes with a statement of its own (an UPDATE of many rows)
or changes a many-to-many list (an interview's panel) is beyond the journal: for the
first two it marks itself incomplete and `journaled` hands back the plain result, which
cannot be undone; an interview is simply never journaled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import TextClause, event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from db.enums import Status
from db.models import Application, Base, FollowUp
from db.validation import ValidationError
from db.write import plans
from db.write.results import Changes, RowChange, Undoable, Undone
from db.write.uow import StampedSession, UnitOfWork

STAMPS = frozenset({"created_at", "updated_at"})
"""Kept by the session's clock: neither checked nor put back."""


class NotUndone(ValidationError):
    """The rows an action wrote have changed since: undoing it would undo others' work."""

    def __init__(self, message: str) -> None:
        super().__init__("undo", message)


class Journal:
    """What one unit of work adds and changes, noted at each flush (see `_saw_flush`)."""

    def __init__(self) -> None:
        self._added: dict[tuple[str, Any], object] = {}
        self._before: dict[tuple[str, Any], dict[str, Any]] = {}
        self._objects: dict[tuple[str, Any], object] = {}
        self.complete = True
        """False once the action did something the journal cannot take back."""
        self.changes: Changes | None = None
        """What the action left, read just before its commit (None: it did not commit)."""

    def saw(self, session: Session) -> None:
        """After a flush (the session still lists what it flushed, ids assigned)."""
        if session.deleted:
            self.complete = False
        for obj in session.new:
            self._added.setdefault(_key(obj), obj)
        for obj in session.dirty:
            key = _key(obj)
            if key in self._added:
                continue  # added by this action: all of it goes on undo
            state = inspect(obj)
            for attr in state.mapper.column_attrs:
                if attr.key in STAMPS:
                    continue
                history = state.attrs[attr.key].history
                if not history.has_changes():
                    continue
                if not history.deleted:  # the old value was never loaded: unknown
                    self.complete = False
                    continue
                self._before.setdefault(key, {}).setdefault(attr.key, history.deleted[0])
                self._objects[key] = obj

    def close(self, session: Session) -> None:
        """Read what the action leaves, everything flushed, just before the commit."""
        rows: list[RowChange] = []
        for (table, row_id), obj in self._added.items():
            rows.append(RowChange(table, row_id, {}, _columns(obj)))
        for (table, row_id), before in self._before.items():
            obj = self._objects[(table, row_id)]
            changed = {k: v for k, v in before.items() if getattr(obj, k) != v}
            if changed:
                after = {k: getattr(obj, k) for k in changed}
                rows.append(RowChange(table, row_id, changed, after))
        follow_ups = FollowUp.__tablename__
        skipped = [
            r.row_id
            for r in rows
            if r.table == follow_ups
            and r.before.get("status") == Status.PLANNED
            and r.after.get("status") == Status.SKIPPED
        ]
        added = [
            r.row_id
            for r in rows
            if r.table == follow_ups and r.added and r.after["status"] == Status.PLANNED
        ]
        self.changes = Changes(
            tuple(rows),
            skipped=tuple(plans.item(session, fid) for fid in skipped),
            planned=tuple(plans.item(session, fid) for fid in added),
        )


@event.listens_for(StampedSession, "after_flush")
def _saw_flush(session: Session, _context) -> None:
    journal = session.info.get("journal")
    if journal is not None:
        journal.saw(session)


@event.listens_for(StampedSession, "do_orm_execute")
def _saw_statement(state: ORMExecuteState) -> None:
    """A write sent as a statement (an UPDATE of many rows at once) passes by the
    flush: the journal cannot say what it changed, so the action cannot be undone."""
    journal = state.session.info.get("journal")
    if journal is not None and _writes(state.statement):
        journal.complete = False


def _writes(statement) -> bool:
    if isinstance(statement, TextClause):
        return not statement.text.lstrip().upper().startswith(("SELECT", "WITH", "PRAGMA"))
    return bool(getattr(statement, "is_dml", False))


def _key(obj) -> tuple[str, Any]:
    mapper = inspect(obj).mapper
    ids = mapper.primary_key_from_instance(obj)
    return mapper.local_table.name, ids[0] if len(ids) == 1 else tuple(ids)


def _columns(obj) -> dict[str, Any]:
    return {
        a.key: getattr(obj, a.key) for a in inspect(obj).mapper.column_attrs if a.key not in STAMPS
    }


def _model(table: str):
    for mapper in Base.registry.mappers:
        if mapper.local_table.name == table:
            return mapper.class_
    raise KeyError(table)


def journaled(uow: UnitOfWork, service: Callable[..., Any], *args, **kwargs) -> Any:
    """Run `service(uow, *args, **kwargs)` noting what it writes: an `Undoable` (its
    result and the changes) when it wrote something it can take back, else its result."""
    journal = uow.journal = Journal()
    try:
        result = service(uow, *args, **kwargs)
    finally:
        uow.journal = None
    if journal.changes is None or not journal.changes.rows or not journal.complete:
        return result
    return Undoable(result, journal.changes)


def undo(uow: UnitOfWork, done: Undoable) -> Undone:
    """Take back what `done` wrote, if every row of it is still as the action left it;
    otherwise NotUndone, and nothing changes."""
    changes = done.changes
    with uow:
        s = uow.session
        rows = [(row, s.get(_model(row.table), row.row_id)) for row in changes.rows]
        for row, obj in rows:
            if obj is None or any(getattr(obj, k) != v for k, v in row.after.items()):
                raise NotUndone(f"Cannot undo: {_what(row, obj)} since; nothing was undone")
        for row, obj in reversed(rows):
            if row.added:
                s.delete(obj)
        s.flush()
        for row, obj in rows:
            for key, value in row.before.items():
                setattr(obj, key, value)
        s.flush()
        follow_ups = FollowUp.__tablename__
        again = [
            obj.id
            for row, obj in rows
            if row.table == follow_ups
            and not row.added
            and row.before.get("status") == Status.PLANNED
            and row.after.get("status") != Status.PLANNED
        ]
        stage = next(
            (
                row.before["stage"]
                for row, _ in rows
                if row.table == Application.__tablename__ and "stage" in row.before
            ),
            None,
        )
        removed = sum(
            1
            for row, _ in rows
            if row.table == follow_ups and row.added and row.after["status"] == Status.PLANNED
        )
        result = Undone(
            done.result,
            stage=str(stage) if stage is not None else None,
            planned_again=tuple(plans.item(s, fid) for fid in again),
            removed=removed,
        )
        uow.commit()
        return result


def _what(row: RowChange, obj) -> str:
    """What happened to the row since, as a person knows it."""
    if obj is None:
        return "something it changed has been deleted"
    if isinstance(obj, FollowUp):
        return f"the {obj.kind} to {obj.contact.name} has changed"
    if isinstance(obj, Application):
        return f"{obj.company.name}'s application has changed"
    return f"a {row.table.replace('_', ' ')} it wrote has changed"


__all__ = ["Journal", "NotUndone", "journaled", "undo"]
