"""application_tally (migration 0008): the counts per stage that the Pipeline and the
stats screen read, kept by triggers on application, equal a fresh count of the
applications after every kind of write, on both engines."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from db.store import Store
from db.write import applications, interviews

FRESH = """SELECT stage, archived, stage_reached,
                  answered_by_stage OR first_answer_at IS NOT NULL AS answered, count(*)
           FROM application GROUP BY 1, 2, 3, 4"""


def kept_and_counted(engine) -> tuple[dict, dict]:
    with engine.connect() as conn:
        kept = conn.execute(
            text("SELECT stage, archived, stage_reached, answered, n FROM application_tally")
        ).all()
        counted = conn.execute(text(FRESH)).all()
    as_key = lambda r: (r[0], bool(r[1]), r[2], bool(r[3]))  # noqa: E731
    return (
        {as_key(r): r[4] for r in kept},
        {as_key(r): r[4] for r in counted},
    )


def test_counts_per_stage_follow_every_write_on_both_engines(any_engine, clock) -> None:
    """Added, moved along, answered (a reply, an interview), archived, moved in plain
    SQL by another writer, deleted, and gone with its company: the tally still equals a
    fresh count, and the Pipeline's and the funnel's figures are those counts."""
    store = Store(any_engine, clock)
    acme = applications.add_application(store.uow(), "Acme", "Engineer", "wishlist")
    beta = applications.add_application(store.uow(), "Beta", "SRE", "applied")
    gamma = applications.add_application(store.uow(), "Gamma", "Analyst", "applied")
    kept, counted = kept_and_counted(any_engine)
    assert kept == counted and sum(counted.values()) == 3

    applications.move_stage(store.uow(), acme.id, "applied")
    applications.move_stage(store.uow(), acme.id, "interviewing")
    interviews.record_response(
        store.uow(), beta.id, "Thanks", received_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    )
    applications.archive(store.uow(), gamma.id)
    kept, counted = kept_and_counted(any_engine)
    assert kept == counted
    assert counted[("applied", False, 1, True)] == 1  # beta, answered by its reply
    assert counted[("applied", True, 1, False)] == 1  # gamma, archived

    with any_engine.begin() as conn:  # another writer, in plain SQL
        conn.execute(text("UPDATE application SET stage = 'offer' WHERE id = :id"), {"id": acme.id})
        conn.execute(
            text("UPDATE application SET archived = false WHERE id = :id"), {"id": gamma.id}
        )
    assert kept_and_counted(any_engine)[0] == kept_and_counted(any_engine)[1]
    summary = store.views.pipeline_summary()
    assert (summary.counts["offer"], summary.counts["applied"]) == (1, 2)
    funnel = store.views.stats().funnel
    assert (funnel["offer"], funnel["applied"], funnel["wishlist"]) == (1, 2, 0)

    applications.delete(store.uow(), beta.id)
    with any_engine.begin() as conn:  # an application goes with its company (CASCADE)
        conn.execute(
            text(
                "DELETE FROM company WHERE id = (SELECT company_id FROM application WHERE id = :id)"
            ),
            {"id": gamma.id},
        )
    kept, counted = kept_and_counted(any_engine)
    assert kept == counted == {("offer", False, 4, True): 1}
    assert store.views.pipeline_summary().counts["applied"] == 0
