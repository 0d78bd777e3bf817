"""`afterview mail proposals`: what the mailbox found, waiting for your review."""

from __future__ import annotations

import json

from tui.cli.common import db_path, env_clock, open_existing, printable

NAME = "proposals"
SUMMARY = "what the mailbox found, waiting for your review"
DESCRIPTION = (
    "Each proposal with its id, what accepting it does, who it is about, which "
    "application, and the evidence (the header or phrase that decided it). Accept with "
    "`afterview mail accept ID...`, or dismiss with `afterview mail dismiss ID...`."
)


def arguments(p) -> None:
    p.add_argument("--json", action="store_true", help="a JSON list, for scripts")


def run(args) -> int:
    import arrow

    from db.store import Store

    store = Store(open_existing(db_path(args)), env_clock() or arrow.utcnow)
    try:
        rows, settings = store.views.mail_proposals(), store.views.settings
    finally:
        store.close()
    print(proposals_json(rows) if args.json else proposals_text(rows, settings))
    return 0


def proposals_json(rows) -> str:
    return json.dumps([as_json(r) for r in rows], indent=2, ensure_ascii=False)


def as_json(r) -> dict:
    app = None
    if r.application_id is not None:
        app = {"id": r.application_id, "company": r.company, "role": r.role}
    return {
        "id": r.id,
        "kind": r.kind,
        "label": r.label,
        "who": r.who,
        "contact_id": r.contact_id,
        "application": app,
        "evidence": r.evidence.splitlines(),
        "subject": r.subject,
        "date": r.sent_at.isoformat(),
        "excerpt": r.excerpt,
        "starts_at": r.starts_at.isoformat() if r.starts_at else None,
        "minutes": r.minutes,
        "panel": [
            {
                "name": p.name,
                "email": p.email,
                "contact_id": p.contact_id,
                "new": p.contact_id is None,
            }
            for p in r.panel
        ],
    }


def proposals_text(rows, settings) -> str:
    from tui.words import day, proposal_what

    if not rows:
        return "Nothing waiting for review."
    lines = []
    for r in rows:
        about = r.application or "no application yet: pick one with accept in the dashboard"
        lines.append(f"{r.id:>4}  {proposal_what(r)}  ·  {printable(r.who)}  ·  {printable(about)}")
        lines.append(f"      “{printable(r.subject)}”, {day(r.sent_at, settings)}")
        lines.extend(f"      - {printable(e)}" for e in r.evidence.splitlines())
    return "\n".join(lines)
