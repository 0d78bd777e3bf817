"""Importing the real export formats of the trackers people leave for Afterview: each
fixture is written from a tracker's published header, with invented people and
companies, and must import whole with its stages right."""

from __future__ import annotations

import sqlite3

import pytest

from tests.cli import FIXTURES, run, use_fixed_env

APPS = (
    "SELECT co.name, a.role, a.stage, a.applied_on, a.archived "
    "FROM application a JOIN company co ON co.id = a.company_id ORDER BY a.id"
)
LINKEDIN = FIXTURES / "linkedin"


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "jobs.db"


def rows(path, query=APPS, *args):
    con = sqlite3.connect(path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def notes(path, role):
    return rows(path, "SELECT notes FROM application WHERE role = ?", role)[0][0]


def imported(capsys, db, path, *flags):
    code, out, err = run(capsys, "--db", db, "import", *flags, path)
    assert (code, err) == (0, ""), err
    return out


def test_huntr_export(capsys, db):
    out = imported(capsys, db, FIXTURES / "huntr.csv")
    assert "Imported 7 applications" in out and "Read as: Huntr job export" in out
    assert rows(db) == [
        ("Brightwave Labs", "Backend Engineer", "interviewing", None, 0),
        ("Quillfeather", "Data Engineer", "wishlist", None, 0),
        # The day it moved to Huntr's "applied" list is the day it was applied for.
        ("Brightwave Labs", "Platform Engineer", "applied", "2026-10-28", 0),
        ("Northpine", "Staff Engineer", "offer", None, 0),
        ("Tidewell", "SRE", "rejected", None, 0),
        ("Emberfold", "Developer Advocate", "applied", None, 0),  # the user's own list
        ("Kestrel AI", "ML Engineer", "interviewing", None, 0),
    ]
    # The card's maker is the user, never a contact; the description is text, not HTML.
    assert rows(db, PEOPLE) == []
    backend = notes(db, "Backend Engineer")
    assert "htmlDescription: Build APIs & data tools.\n\n- Python\n\n- PostgreSQL" in backend
    assert "<" not in backend and "jo.tester" not in backend and "64a1f0c2" not in backend
    assert "salary: €70,000" in backend
    assert "deadline" not in notes(db, "SRE")  # '-' is empty, not a note
    assert "listName: Coffee Chat" in notes(db, "Developer Advocate")
    assert "'Coffee Chat' (line 7) → applied" in out
    # The stage was reached on lastMovedAt's day, not on the day of the import.
    assert rows(
        db,
        "SELECT s.to_stage, date(s.changed_at) FROM stage_change s JOIN application a "
        "ON a.id = s.application_id WHERE a.role = 'Backend Engineer'",
    ) == [("interviewing", "2026-11-10")]


PEOPLE = "SELECT name, email, phone FROM contact WHERE name != 'Hiring team'"
"""Contacts made from the file (a company's hiring team stands in for a check-in after
applying until you know someone there; it holds nothing from the file)."""


def test_linkedin_job_applications(capsys, db):
    out = imported(capsys, db, LINKEDIN / "Job Applications.csv")
    assert rows(db) == [
        ("Brightwave Labs", "Frontend Engineer", "applied", "2026-11-03", 0),
        ("Brightwave Labs", "Frontend Engineer", "applied", "2026-11-03", 0),  # another link
        ("Quillfeather", "Data Analyst", "applied", "2026-10-28", 0),
    ]
    # The contact e-mail and phone are the applicant's own: no contact, not in the notes.
    assert rows(db, PEOPLE) == []
    assert "jo.tester" not in notes(db, "Data Analyst")
    assert "Columns left out: Contact Email (your own e-mail), Contact Phone Number" in out
    assert (
        "Left out line 5: no company and no role (it holds Application Date 10/15/26, "
        "11:40 AM, Job Url https://www.linkedin.com/jobs/view/4100000003)" in out
    )


@pytest.mark.parametrize("saved_first", [True, False])
def test_linkedin_saved_and_applied_are_one_application(capsys, db, saved_first):
    files = [LINKEDIN / "Saved Jobs.csv", LINKEDIN / "Job Applications.csv"]
    outs = [imported(capsys, db, path) for path in (files if saved_first else files[::-1])]
    assert sorted(rows(db)) == [
        ("Brightwave Labs", "Frontend Engineer", "applied", "2026-11-03", 0),
        ("Brightwave Labs", "Frontend Engineer", "applied", "2026-11-03", 0),
        ("Northpine", "Site Reliability Engineer", "wishlist", None, 0),
        ("Quillfeather", "Data Analyst", "applied", "2026-10-28", 0),
    ]
    if saved_first:  # the saved job, applied for since, moves on to applied
        assert "1 row was already there, 1 moved on to a later stage" in outs[1]
        history = rows(
            db,
            "SELECT from_stage, to_stage FROM stage_change WHERE application_id = 1 ORDER BY id",
        )
        assert history == [(None, "wishlist"), ("wishlist", "applied")]
    else:
        assert "1 row was already there\n" in outs[1]
    # Both files again: nothing new, nothing moved.
    for path in files:
        assert "Imported 0 applications" in imported(capsys, db, path)
    assert len(rows(db)) == 4


def test_simplify_export(capsys, db):
    imported(capsys, db, FIXTURES / "simplify.csv")
    assert rows(db) == [
        ("Larkspur Health", "Software Engineer II", "applied", "2026-10-05", 0),
        ("Cobaltline", "Frontend Developer", "wishlist", None, 0),
        ("Marrowgate", "Data Scientist", "interviewing", "2026-09-20", 0),
        ("Palefox", "Backend Engineer", "rejected", "2026-08-30", 1),  # Archived: true
        ("Sundial Works", "QA Engineer", "withdrawn", "2026-09-02", 0),
    ]
    assert notes(db, "Software Engineer II") == "job_type: Full-time"  # N/A cells are empty
    assert rows(db, "SELECT location FROM application WHERE id = 1") == [("Austin, TX",)]


def test_jobsync_export(capsys, db):
    assert b"\r\n" in (FIXTURES / "jobsync.csv").read_bytes()  # as JobSync writes it
    out = imported(capsys, db, FIXTURES / "jobsync.csv")
    assert rows(db) == [
        ("Orchid Robotics", "Firmware Engineer", "wishlist", None, 0),  # Draft
        ("Veltro", "Backend Developer", "applied", "2026-10-03", 0),
        ("Harborlight", "DevOps Engineer", "interviewing", "2026-09-16", 0),
        ("Mistral Row", "Tech Lead", "offer", "2026-08-22", 0),
        ("Quarry Nine", "Python Developer", "rejected", "2026-08-04", 0),
        ("Silverbirch", "Cloud Engineer", "wishlist", None, 1),  # Expired, never applied
        ("Amberly", "SRE", "applied", "2026-06-18", 1),  # Archived after applying
    ]
    assert "'Expired' (1 row, archived), 'Archived' (1 row, archived)" in out
    assert rows(db, "SELECT source FROM application WHERE role = 'SRE'") == [("Indeed",)]


def test_notion_template(capsys, db):
    out = imported(capsys, db, FIXTURES / "notion.csv")
    assert rows(db) == [
        ("Brightwave Labs", "AI Engineer", "interviewing", "2026-09-02", 0),
        ("Fernhollow", "ML Engineer", "wishlist", None, 0),
        ("Glasswing", "Senior AI Engineer", "wishlist", None, 0),
        ("Hollis & Reed", "AI Engineer", "applied", "2026-10-14", 0),
        ("Ironleaf", "ML Engineer", "screening", "2026-10-20", 0),
        ("Juniper Vale", "AI Engineer", "interviewing", "2026-09-15", 0),
        ("Kettleby", "AI Engineer", "offer", "2026-08-28", 0),
        ("Lumen Bay", "ML Engineer", "rejected", "2026-08-10", 0),
        ("Moorfield", "AI Engineer", "applied", "2026-10-01", 0),  # On Hold
    ]
    people = (
        "SELECT c.name, c.email, co.name FROM contact c JOIN company co ON co.id = c.company_id"
    )
    assert rows(db, people) == [
        ("Priya Natarajan", "priya@brightwave.example", "Brightwave Labs"),
        ("Tom Ashby", "tom.ashby@hollisreed.example", "Hollis & Reed"),
    ]
    moorfield = rows(db, "SELECT notes FROM application WHERE id = 9")[0][0]
    assert moorfield.startswith("Status: On Hold\n")
    assert "'On Hold' (1 row)" in out


def test_personal_sheet_with_dates_without_a_year(capsys, db):
    assert (FIXTURES / "personal.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    out = imported(capsys, db, FIXTURES / "personal.csv")
    assert rows(db) == [
        ("Redmarsh", "Data Analytics Co-Op (Boston)", "applied", "2024-09-19", 0),  # '9/19'
        ("Redmarsh", "Data Analytics Co-Op (Chicago)", "applied", "2024-09-19", 0),
        ("Bluegate Insurance", "Accounting Co-Op", "applied", "2024-09-24", 0),
        ("Tallowind", "Distribution Analyst Co-Op", "interviewing", "2024-09-27", 0),
        ("Wrenfield", "Operations Analyst Co-Op", "rejected", "2024-10-03", 0),
        ("Oriole Sports", "Developer Co-Op", "accepted", "2024-10-07", 0),  # 'Accepted!'
        ("Ashcombe", "Infrastructure Co-Op", "applied", "2024-10-13", 0),  # '10/13'
        ("Copperline", "Engineering Co-Op", "applied", "2024-10-16", 0),
        ("Bluegate Insurance", "Business Intelligence Co-op", "wishlist", None, 0),
    ]
    assert (
        "2 dates had no year; each was read as the most recent such day not after the "
        "file's newest date or today: '9/19' (line 2) → 2024-09-19" in out
    )
    assert notes(db, "Accounting Co-Op") == "Applicant Portal: https://bluegate.example/portal"


def test_a_date_without_a_year_is_never_after_today(capsys, db, tmp_path):
    path = tmp_path / "no_years.csv"
    path.write_text("Company,Role,Date applied\nAcme,Dev,12/30\nGlobex,Dev,11/20\n")
    out = imported(capsys, db, path)
    # Today is 24 November 2026: 30 December is last year's, 20 November this year's.
    assert [r[3] for r in rows(db)] == ["2025-12-30", "2026-11-20"]
    assert "'12/30' (line 2) → 2025-12-30" in out


def test_two_postings_with_one_title_on_one_day_both_import(capsys, db):
    """The same title at one company on one day, in four cities, two with links: four
    postings. Before, the key was company + role + date and three were lost as
    'already there'."""
    out = imported(capsys, db, FIXTURES / "postings.csv")
    assert "Imported 4 applications" in out and "0 rows were already there" in out
    assert rows(db, "SELECT location FROM application ORDER BY id") == [
        ("Lisbon",),
        ("Porto",),
        ("Berlin",),
        ("Munich",),
    ]
    out = imported(capsys, db, FIXTURES / "postings.csv")
    assert "Imported 0 applications" in out and "4 rows were already there" in out


def test_every_format_twice_adds_nothing(capsys, db):
    paths = [
        FIXTURES / "huntr.csv",
        LINKEDIN / "Job Applications.csv",
        LINKEDIN / "Saved Jobs.csv",
        FIXTURES / "simplify.csv",
        FIXTURES / "jobsync.csv",
        FIXTURES / "notion.csv",
        FIXTURES / "personal.csv",
    ]
    for path in paths:
        imported(capsys, db, path)
    before = rows(db, "SELECT * FROM application ORDER BY id")
    for path in paths:
        assert "Imported 0 applications" in imported(capsys, db, path)
    assert rows(db, "SELECT * FROM application ORDER BY id") == before


def test_dry_run_shows_each_column_and_row(capsys, db):
    out = imported(capsys, db, FIXTURES / "huntr.csv", "--dry-run")
    assert not db.exists()
    lines = out.splitlines()
    assert lines[0] == "Columns of huntr.csv (read as Huntr job export):"
    assert "  title                → role" in lines
    assert "  listName             → stage" in lines
    assert "  htmlDescription      → kept in the notes (HTML, kept as text)" in lines
    assert "  creatorUserEmail     → ignored: you, who made the card" in lines
    assert "  id                   → ignored: Huntr's own id" in lines
    assert "  line 2: Brightwave Labs, Backend Engineer: new, at interviewing" in lines
    assert (
        "  line 7: Emberfold, Developer Advocate: new, at applied "
        "(status 'Coffee Chat' kept at applied)" in lines
    )
    assert lines[-1] == "Dry run: nothing was written"
    # Against a database that has them: each row says it is there.
    imported(capsys, db, FIXTURES / "huntr.csv")
    out = imported(capsys, db, FIXTURES / "huntr.csv", "--dry-run")
    assert "  line 3: Quillfeather, Data Engineer: already there (at wishlist)" in out


def test_dry_run_of_linkedin_says_what_is_yours_and_what_is_left_out(capsys, db):
    out = imported(capsys, db, LINKEDIN / "Job Applications.csv", "--dry-run")
    assert "  Contact Email        → ignored: your own e-mail" in out
    assert "  Application Date     → date applied" in out
    assert "  line 5: no company and no role: left out" in out
    assert "  line 3: Brightwave Labs, Frontend Engineer: new, at applied" in out


def test_jobsync_yes_no_column_is_never_a_date(capsys, db):
    out = imported(capsys, db, FIXTURES / "jobsync.csv", "--dry-run")
    assert "  applied       → applied or not (yes / no)" in out
    assert "  appliedDate   → date applied" in out


def test_an_unknown_word_used_once_in_a_plain_sheet_is_still_refused(capsys, db, tmp_path):
    """A slip ('maybe') is refused with its line; a word used on several rows is the
    person's own stage and kept."""
    path = tmp_path / "own.csv"
    path.write_text(
        "Company,Role,Status,Date applied\nAcme,Dev,Waiting,2026-11-02\nGlobex,Dev,Waiting,\n"
    )
    out = imported(capsys, db, path)
    assert [r[2] for r in rows(db)] == ["applied", "applied"]
    assert notes(db, "Dev") == "Status: Waiting"
    assert "'Waiting' (line 2) → applied, 'Waiting' (line 3) → applied" in out
