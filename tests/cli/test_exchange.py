"""Export: the JSON dump and its round trip, the calendar, the spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import arrow
import pytest
from icalendar import Calendar

from db.migrations import HEAD
from db.write import applications
from tests.cli import connect, demo_db, digest, run, table_rows, use_fixed_env


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


# --- JSON -------------------------------------------------------------------------------


def test_json_round_trip_restores_every_table(capsys, tmp_path, demo):
    dump = tmp_path / "all.json"
    assert run(capsys, "--db", demo, "export", "--format", "json", "-o", dump)[0] == 0
    data = json.loads(dump.read_text())
    assert (data["format"], data["version"], data["schema"]) == ("afterview", 1, HEAD)
    restored = tmp_path / "restored.db"
    code, out, err = run(capsys, "--db", restored, "import", dump)
    assert code == 0, err
    assert "Restored" in out
    before, after = table_rows(demo), table_rows(restored)
    assert set(before) == set(after)
    for table in before:
        assert after[table] == before[table], table
    unfilled = {t for t, rows in after.items() if not rows}
    assert not unfilled, "the sample fills every table (the mailbox's too), so each is compared"
    # And the dump of the copy is the same file, byte for byte.
    again = tmp_path / "again.json"
    run(capsys, "--db", restored, "export", "-o", again)
    assert again.read_bytes() == dump.read_bytes()


def test_json_holds_every_table(capsys, demo):
    _, out, _ = run(capsys, "--db", demo, "export", "--format", "json")
    tables = json.loads(out)["tables"]
    # Every table of data; not the counts triggers derive.
    assert set(tables) == set(table_rows(demo)) - {
        "alembic_version",
        "sent_hour",
        "application_tally",
        "planned_hour",
        "answer_wait",
    }
    assert tables["follow_up"][0]["due_at"].endswith("+00:00")


def test_json_import_into_a_database_with_data_is_refused(capsys, tmp_path, demo):
    dump = tmp_path / "all.json"
    run(capsys, "--db", demo, "export", "-o", dump)
    before = digest(demo)
    code, _, err = run(capsys, "--db", demo, "import", dump)
    assert code == 1 and err.count("\n") == 1
    assert "empty" in err and digest(demo) == before


def test_json_import_of_a_broken_file_leaves_no_database(capsys, tmp_path, demo):
    dump = tmp_path / "all.json"
    run(capsys, "--db", demo, "export", "-o", dump)
    data = json.loads(dump.read_text())
    data["tables"]["application"][0]["company_id"] = 999  # no such company
    dump.write_text(json.dumps(data))
    target = tmp_path / "new.db"
    code, _, err = run(capsys, "--db", target, "import", dump)
    assert code == 1 and err.count("\n") == 1 and "nothing imported" in err
    assert not target.exists()
    data["tables"]["application"][0]["applied_on"] = "2026-02-30"
    dump.write_text(json.dumps(data))
    code, _, err = run(capsys, "--db", target, "import", dump)
    assert code == 1 and "application row 1: applied_on" in err


# --- ICS --------------------------------------------------------------------------------


def test_ics_reminds_of_each_planned_follow_up_and_cancels_the_rest(capsys, tmp_path, demo):
    path = tmp_path / "follow-ups.ics"
    assert run(capsys, "--db", demo, "export", "-o", path)[0] == 0  # format from the suffix
    cal = Calendar.from_ical(path.read_bytes())
    events = cal.walk("VEVENT")
    con = connect(demo)
    rows = {
        fid: (due, status)
        for fid, due, status in con.execute("SELECT id, due_at, status FROM follow_up")
    }
    assert len(events) == len(rows) and {s for _, s in rows.values()} == {
        "planned",
        "sent",
        "skipped",
    }
    for event in events:
        fid = int(str(event["UID"]).removeprefix("follow-up-").removesuffix("@afterview"))
        due, status = rows[fid]
        assert arrow.get(event.decoded("DTSTART")) == arrow.get(due).replace(tzinfo="UTC")
        assert event.decoded("DTSTAMP")
        if status == "planned":
            (alarm,) = event.walk("VALARM")
            assert alarm["ACTION"] == "DISPLAY" and event["STATUS"] == "CONFIRMED"
        else:  # no longer due: cancelled, so a calendar that had it drops it, and silent
            assert event["STATUS"] == "CANCELLED" and event.walk("VALARM") == []
            assert str(event["SUMMARY"]).startswith(("Sent — ", "Called — ", "Skipped — "))
    lines = path.read_bytes().split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and all(len(line) <= 75 for line in lines)


def test_ics_keeps_what_was_sent_or_skipped_for_sixty_days(capsys, monkeypatch, demo):
    con = connect(demo)
    latest, ended = con.execute(
        "SELECT id, status_changed_at FROM follow_up WHERE status_changed_at IS NOT NULL "
        "ORDER BY status_changed_at DESC LIMIT 1"
    ).fetchone()
    planned = {f"follow-up-{fid}@afterview" for (fid,) in con.execute(
        "SELECT id FROM follow_up WHERE status = 'planned'"
    )}  # fmt: skip

    def uids(days_later: int) -> set[str]:
        at = arrow.get(ended).replace(tzinfo="UTC").shift(days=days_later)
        monkeypatch.setenv("AFTERVIEW_CLOCK", at.isoformat())
        _, out, _ = run(capsys, "--db", demo, "export", "--format", "ics")
        return {str(e["UID"]) for e in Calendar.from_ical(out).walk("VEVENT")}

    assert f"follow-up-{latest}@afterview" in uids(60)
    assert uids(61) == planned


def test_ics_event_names_person_channel_and_application(capsys, tmp_path, demo):
    con = connect(demo)
    fid, name, company, role = con.execute(
        "SELECT f.id, c.name, co.name, a.role FROM follow_up f JOIN contact c ON c.id = "
        "f.contact_id JOIN application a ON a.id = f.application_id JOIN company co ON "
        "co.id = a.company_id WHERE f.status = 'planned' AND f.kind = 'thank-you' LIMIT 1"
    ).fetchone()
    _, out, _ = run(capsys, "--db", demo, "export", "--format", "ics")
    cal = Calendar.from_ical(out)
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == f"follow-up-{fid}@afterview")
    assert str(event["SUMMARY"]) == f"Thank-you: {name} ({company})"
    description = str(event["DESCRIPTION"])
    assert name in description and "by email" in description
    assert f"{role} at {company}" in description


def test_ics_is_the_same_on_every_run(capsys, demo):
    first = run(capsys, "--db", demo, "export", "--format", "ics")[1]
    assert run(capsys, "--db", demo, "export", "--format", "ics")[1] == first


# --- CSV --------------------------------------------------------------------------------


def test_csv_opens_in_a_spreadsheet_with_stage_history(capsysbinary, tmp_path, demo):
    from tui.cli import main

    path = tmp_path / "apps.csv"
    assert main(["--db", str(demo), "export", "--format", "csv", "-o", str(path)]) == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 25
    assert list(rows[0])[:4] == ["Company", "Role", "Stage", "Date applied"]
    offer = next(r for r in rows if r["Stage"] == "offer")
    steps = offer["Stage history"].split(" → ")
    assert [s.split()[0] for s in steps] == ["applied", "interviewing", "offer"]
    assert all(len(s.split()[1]) == 10 for s in steps)  # YYYY-MM-DD
    assert any(r["Company"] == "[stealth] AI startup" for r in rows)


def test_csv_cells_a_spreadsheet_would_run_are_quoted(capsys, tmp_path):
    from db.engine import open_database
    from db.store import Store

    path = tmp_path / "a.db"
    engine = open_database(path)
    applications.add_application(
        Store(engine).uow(), '=HYPERLINK("http://x")', "-Dev", notes="+1 call"
    )
    engine.dispose()
    _, out, _ = run(capsys, "--db", path, "export", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert row["Company"] == '\'=HYPERLINK("http://x")'
    assert (row["Role"], row["Notes"]) == ("'-Dev", "'+1 call")
    # Our own export imports back with the cells as they were typed.
    export = tmp_path / "apps.csv"
    export.write_text(out, encoding="utf-8")
    assert run(capsys, "--db", tmp_path / "b.db", "import", export)[0] == 0
    con = sqlite3.connect(tmp_path / "b.db")
    assert con.execute("SELECT name FROM company").fetchone()[0] == '=HYPERLINK("http://x")'
    assert con.execute("SELECT role, notes FROM application").fetchone() == ("-Dev", "+1 call")


def test_csv_export_imports_back(capsys, tmp_path, demo):
    export = tmp_path / "apps.csv"
    run(capsys, "--db", demo, "export", "-o", export)
    target = tmp_path / "from-csv.db"
    code, out, err = run(capsys, "--db", target, "import", export)
    assert code == 0, err
    assert "Imported 25 applications" in out and "Columns kept" not in out
    query = (
        "SELECT co.name, a.role, a.stage, a.applied_on, a.link, a.notes FROM application a "
        "JOIN company co ON co.id = a.company_id ORDER BY co.name"
    )
    assert sqlite3.connect(target).execute(query).fetchall() == (
        connect(demo).execute(query).fetchall()
    )


@pytest.mark.pg
def test_json_restored_on_a_server_takes_new_rows_after_it(capsys, tmp_path, pg_url):
    """Restoring writes the ids of the export; the server's id counters must move past
    them, or the next application added would collide with a restored one."""
    from db.engine import open_database
    from db.store import Store
    from db.target import ServerURL

    dump = tmp_path / "all.json"
    sample = demo_db(tmp_path)
    assert run(capsys, "--db", sample, "export", "-o", dump)[0] == 0
    code, _, err = run(capsys, "--db", pg_url, "import", dump)
    assert code == 0, err
    assert table_rows(ServerURL(pg_url)) == table_rows(sample)
    engine = open_database(ServerURL(pg_url))
    try:
        added = applications.add_application(Store(engine).uow(), "After Restore", "Engineer")
    finally:
        engine.dispose()
    assert added.id > max(r[0] for r in table_rows(sample)["application"])
