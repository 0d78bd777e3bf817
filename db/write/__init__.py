"""The write side: one service per thing the user does, over a unit of work.

A service takes a `UnitOfWork`, does its work inside `with uow:`, commits, and
returns a frozen result (db.write.results) saying what was done, planned and skipped;
the words a person reads are composed by the interface (tui.words). Derived values
(next due, first reply, sends per hour, and what stats count per application) are
kept by triggers (migrations 0003, 0004, 0007), so no service has to remember them. A warm-up runs a service on a `Rehearsal`, whose
commit does nothing.

    uow.py           UnitOfWork, Rehearsal, the clock-stamping session
    results.py       what each service hands back
    plans.py         shared steps: planning, respacing, skipping, moving a stage
    follow_ups.py    mark sent, log a call, snooze, skip, save a note, add one
    applications.py  add, edit, archive, move stage
    interviews.py    log an interview, record a reply, add a reference
    contacts.py      add, edit
    settings.py      set a setting
"""
