"""Child processes for the concurrency and crash tests: `python -m tests.robust.workers`.

    write PATH NAME COUNT START   COUNT writes through the Store once START exists;
                                  prints one JSON line: writes made, locked errors, others
    read PATH STOP                reads (pipeline, Today) until STOP exists; prints JSON
    burst PATH                    writes until killed, printing each confirmed write
    add PATH COMPANY ROLE         one application; prints the time of its commit

"Locked" counts every error that mentions "database is locked" (or "busy") and that
reached the caller, as it would reach a person; nothing here retries.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

import arrow

from db.write import applications, contacts, follow_ups

FIXED_NOW = "2026-11-24T10:30:00+00:00"


def _repo(path: str):
    from db.engine import open_database
    from db.store import Store
    from db.target import target

    # A file's path, or a PostgreSQL URL: the same workers write to either engine.
    return Store(open_database(target(path)), lambda: arrow.get(FIXED_NOW))


def _is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def write(path: str, name: str, count: str, start: str) -> None:
    """A person's mix: add an application, meet someone at an event (which plans a
    follow-up), send that follow-up; again and again."""
    store = _repo(path)
    while not Path(start).exists():
        time.sleep(0.001)
    made, locked, other = 0, 0, []
    planned: int | None = None
    for n in range(int(count)):
        try:
            if n % 3 == 0:
                applications.add_application(store.uow(), f"{name} Co {n % 11}", f"{name}-role-{n}")
            elif n % 3 == 1:
                contact = contacts.add_contact(store.uow(), f"{name} person {n}", met_via="event")
                planned = next(
                    f.id for f in store.views.follow_ups_for() if f.contact_id == contact.id
                )
            else:
                follow_ups.mark_sent(store.uow(), planned)
            made += 1
        except Exception as exc:  # counted, never retried: this is what a person would see
            if _is_locked(exc):
                locked += 1
            else:
                other.append(f"{type(exc).__name__}: {exc}")
    print(json.dumps({"made": made, "locked": locked, "other": other}), flush=True)


def read(path: str, stop: str) -> None:
    """What a dashboard does while others write: the Pipeline and Today, over and over.
    Counts never go down: a write once seen is never unseen."""
    store = _repo(path)
    reads, locked, other, went_back = 0, 0, [], 0
    last = 0
    while not Path(stop).exists():
        try:
            total = sum(store.views.pipeline_summary(include_closed=True).counts.values())
            store.views.due_follow_ups()
            went_back += total < last
            last = max(last, total)
            reads += 1
            time.sleep(0.005)  # a dashboard reads when something changed, not flat out
        except Exception as exc:
            if _is_locked(exc):
                locked += 1
            else:
                other.append(f"{type(exc).__name__}: {exc}")
    print(
        json.dumps(
            {"reads": reads, "locked": locked, "other": other, "went_back": went_back, "last": last}
        ),
        flush=True,
    )


def burst(path: str) -> None:
    """Write until killed; a line is printed only after its write has committed."""
    store = _repo(path)
    n = 0
    while True:
        n += 1
        app = applications.add_application(store.uow(), f"Burst Co {n % 13}", f"burst-role-{n}")
        print(f"application {app.id}", flush=True)
        contact = contacts.add_contact(store.uow(), f"Burst person {n}", met_via="event")
        print(f"contact {contact.id}", flush=True)
        fid = next(f.id for f in store.views.follow_ups_for() if f.contact_id == contact.id)
        follow_ups.mark_sent(store.uow(), fid)
        print(f"sent {fid}", flush=True)


def add(path: str, company: str, role: str) -> None:
    store = _repo(path)
    applications.add_application(store.uow(), company, role)
    print(json.dumps({"committed_at": time.time()}), flush=True)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    try:
        {"write": write, "read": read, "burst": burst, "add": add}[command](*args)
    except Exception:
        traceback.print_exc()
        sys.exit(1)
