"""Importing a spreadsheet tracker: columns by name, stages, dates, bad rows, twice."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from db.dates import written_day
from db.exchange.sheet import read_spreadsheet
from tests.cli import FIXTURES, demo_db, digest, run, use_fixed_env

APPS = (
    "SELECT co.name, a.role, a.stage, a.applied_on, a.link, a.location, a.notes "
    "FROM application a JOIN company co ON co.id = a.company_id ORDER BY a.id"
)


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "jobs.db"


def rows(path, query=APPS):
    con = sqlite3.connect(path)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_synonym_columns_stages_and_extra_columns(capsys, db):
    code, out, err = run(capsys, "--db", db, "import", FIXTURES / "tracker.csv")
    assert (code, err) == (0, "")
    assert "Imported 5 applications" in out
    assert "4 new companies, 2 new contacts" in out
    assert "Columns kept in the notes: Salary" in out
    assert rows(db) == [
        (
            "Acme",
            "Backend Engineer",
            "interviewing",
            "2026-11-02",
            "https://acme.example/jobs/1",
            "",
            "Nice team, remote-first\nSalary: 120k",
        ),
        ("Globex", "Data Engineer", "wishlist", None, "https://globex.example/careers/7", "", ""),
        (
            "Initech",
            "Site Reliability Engineer",
            "rejected",
            "2026-10-20",
            "",
            "",
            "Asked for feedback\non the take-home",
        ),
        ("Umbrella Corp", "Platform Engineer", "applied", "2026-11-18", "", "", "Salary: 95k"),
        ("Acme", "Senior Backend Engineer", "offer", "2026-10-05", "", "", ""),
    ]
    people = rows(
        db,
        "SELECT c.name, c.email, co.name FROM contact c JOIN company co "
        "ON co.id = c.company_id ORDER BY c.id",
    )
    assert people == [
        ("Dana Reyes", "dana@acme.example", "Acme"),
        ("Sam Carter", "", "Umbrella Corp"),
    ]
    # The history we know: applied on its day, then the stage it is in now.
    history = rows(
        db,
        "SELECT from_stage, to_stage, date(changed_at) FROM stage_change "
        "WHERE application_id = 1 ORDER BY id",
    )
    assert history == [(None, "applied", "2026-11-02"), ("applied", "interviewing", "2026-11-24")]


def test_the_same_file_twice_adds_nothing(capsys, db, tmp_path):
    run(capsys, "--db", db, "import", FIXTURES / "tracker.csv")
    before = rows(db)
    # Same rows, other case and spacing, from a copy of the file: still nothing new.
    copy = tmp_path / "again.csv"
    copy.write_text((FIXTURES / "tracker.csv").read_text().replace("Acme,", " ACME ,"))
    code, out, _ = run(capsys, "--db", db, "import", copy)
    assert code == 0
    assert "Imported 0 applications" in out and "5 rows were already there" in out
    assert rows(db) == before
    assert rows(db, "SELECT count(*) FROM contact") == [(2,)]


def test_semicolons_bom_quoted_separator_and_day_first_dates(capsys, db):
    code, out, err = run(capsys, "--db", db, "import", FIXTURES / "semicolon.csv")
    assert code == 0, err
    assert [r[:4] for r in rows(db)] == [
        ("Bäckerei Müller", "Entwickler", "screening", "2026-11-24"),
        ("Nordwind GmbH", "Data Engineer", "ghosted", "2026-10-03"),  # 24/11 settles d/m
        ("Zeta SA", "SRE", "withdrawn", "2026-09-01"),
    ]
    assert rows(db)[0][6] == "Gespräch; nächste Woche"


def test_tabs_month_first_and_named_months(capsys, db):
    code, _, err = run(capsys, "--db", db, "import", FIXTURES / "tabbed.tsv")
    assert code == 0, err
    assert [r[:6] for r in rows(db)] == [
        ("Hooli", "Staff Engineer", "screening", "2026-11-24", "", "Remote"),
        ("Pied Piper", "Backend Engineer", "wishlist", None, "", ""),
        ("Raviga", "ML Engineer", "applied", "2026-11-03", "", "San Francisco"),
    ]


def test_bad_rows_name_their_lines_and_nothing_is_imported(capsys, tmp_path):
    path = demo_db(tmp_path)
    before = digest(path)
    code, out, err = run(capsys, "--db", path, "import", FIXTURES / "bad_rows.csv")
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert all(line.startswith("afterview: ") for line in lines)
    assert lines[:-1] == [
        "afterview: bad_rows.csv line 3: date applied '2026-02-30' is not a real date",
        "afterview: bad_rows.csv line 4: role is required",
        "afterview: bad_rows.csv line 6: 5 cells but the header has 4 (a separator in a cell?)",
        "afterview: bad_rows.csv line 7: date applied 'sometime' is not a date I can read "
        "(write it as YYYY-MM-DD)",
    ]
    assert "4 bad rows; nothing imported" in lines[-1]
    assert digest(path) == before


def test_one_bad_row_is_one_line(capsys, db, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("Company,Role,Applied\nAcme,Dev,2026-11-02\nGlobex,Dev,2026-13-01\n")
    code, _, err = run(capsys, "--db", db, "import", path)
    assert code == 1
    assert err == (
        "afterview: one.csv line 3: date applied '2026-13-01' is not a real date; "
        "nothing imported (--skip-bad imports the other 1 row)\n"
    )
    assert not db.exists()  # nothing was created either


def test_skip_bad_imports_the_good_rows(capsys, db):
    code, out, err = run(capsys, "--db", db, "import", "--skip-bad", FIXTURES / "bad_rows.csv")
    assert code == 0
    assert "Imported 2 applications " in out
    assert err.count("afterview: skipped bad_rows.csv line") == 4
    # An unknown status word keeps its row, at applied, with the word in the notes.
    assert "'maybe' (line 5) → applied" in out
    assert rows(db, "SELECT role, stage, notes LIKE '%maybe%' FROM application ORDER BY id") == [
        ("Backend Engineer", "applied", 0),
        ("Platform Engineer", "applied", 1),
    ]


def test_dry_run_counts_and_writes_nothing(capsys, db, tmp_path):
    code, out, _ = run(capsys, "--db", db, "import", "--dry-run", FIXTURES / "tracker.csv")
    assert code == 0 and "Would import 5 applications" in out and "nothing was written" in out
    assert not db.exists()
    path = demo_db(tmp_path)
    before = digest(path)
    code, out, _ = run(capsys, "--db", path, "import", "--dry-run", FIXTURES / "tracker.csv")
    assert code == 0 and "Would import 5 applications" in out
    assert digest(path) == before


def test_ambiguous_dates_need_a_choice(capsys, db, tmp_path):
    path = tmp_path / "us.csv"
    path.write_text("Company,Role,Date applied\nAcme,Dev,03/04/2026\nGlobex,Dev,05/06/2026\n")
    code, _, err = run(capsys, "--db", db, "import", path)
    assert code == 1 and err.count("\n") == 1
    assert "'03/04/2026' (line 2) may be day-first or month-first" in err
    assert not db.exists()
    assert run(capsys, "--db", db, "import", "--month-first", path)[0] == 0
    assert rows(db, "SELECT applied_on FROM application") == [("2026-03-04",), ("2026-05-06",)]


def test_dates_that_disagree_are_refused(capsys, db, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("Company,Role,Date applied\nAcme,Dev,24/11/2026\nGlobex,Dev,11/25/2026\n")
    code, _, err = run(capsys, "--db", db, "import", path)
    assert code == 1 and "mix day-first ('24/11/2026', line 2)" in err


@pytest.mark.parametrize(
    ("text", "order", "day"),
    [
        ("2026-11-24", None, dt.date(2026, 11, 24)),
        ("2026/11/24", None, dt.date(2026, 11, 24)),
        ("20261124", None, dt.date(2026, 11, 24)),
        ("2026-11-24T10:00:00Z", None, dt.date(2026, 11, 24)),
        ("11/24/2026 0:00", "mdy", dt.date(2026, 11, 24)),
        ("24/11/2026", "dmy", dt.date(2026, 11, 24)),
        ("24-11-26", "dmy", dt.date(2026, 11, 24)),
        ("24.11.2026", "mdy", dt.date(2026, 11, 24)),  # dots: always day first
        ("24 Nov 2026", None, dt.date(2026, 11, 24)),
        ("Nov 24, 2026", None, dt.date(2026, 11, 24)),
        ("Tuesday, 24 November 2026", None, dt.date(2026, 11, 24)),
        ("Sept 3rd, 2026", None, dt.date(2026, 9, 3)),
    ],
)
def test_date_formats(text, order, day):
    assert written_day(text, order) == day


@pytest.mark.parametrize("text", ["2026-02-30", "31/04/2026", "29.02.2027", "30 Feb 2026"])
def test_impossible_dates(text):
    with pytest.raises(ValueError, match="not a real date"):
        written_day(text, "dmy")


def test_header_without_a_company_column_is_one_line(capsys, db, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Firm,Role\nAcme,Dev\n")
    code, _, err = run(capsys, "--db", db, "import", path)
    assert code == 1 and err.count("\n") == 1
    assert "no company column (columns found: 'Firm', 'Role')" in err


def test_two_columns_for_one_field_are_refused():
    with pytest.raises(ValueError, match="'Company' and 'Employer' both mean company"):
        read_spreadsheet("Company,Employer,Role\nA,B,C\n", "x.csv")


def test_windows_1252_file_and_a_workbook(capsys, db, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("Company;Role\r\nCafé Noir;Barista – Lead\r\n".encode("cp1252"))
    assert run(capsys, "--db", db, "import", path)[0] == 0
    assert rows(db)[0][:2] == ("Café Noir", "Barista – Lead")
    workbook = tmp_path / "tracker.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(100))
    code, _, err = run(capsys, "--db", db, "import", workbook)
    assert code == 1 and "save it as CSV first" in err


def test_import_while_the_database_is_in_use(capsys, tmp_path):
    path = demo_db(tmp_path)
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM application").fetchone()  # a reader holds a snapshot
    try:
        code, _, err = run(capsys, "--db", path, "import", FIXTURES / "tracker.csv")
    finally:
        reader.rollback()
        reader.close()
    assert code == 0, err
    assert rows(path, "SELECT count(*) FROM application") == [(30,)]


def test_a_teal_style_export_with_blank_trailing_columns(capsys, db):
    code, out, _ = run(capsys, "--db", db, "import", FIXTURES / "teal.csv")
    assert code == 0
    assert "Columns kept in the notes: Date Saved, Excitement\n" in out  # not the blank ones
    assert [r[:4] for r in rows(db)] == [
        ("Stripe", "Senior Data Engineer", "applied", "2026-11-14"),  # 11/14: month first
        ("Vercel", "Platform Engineer", "wishlist", None),
        ("Linear", "Backend Engineer", "interviewing", "2026-10-22"),
        ("Figma", "Staff Engineer", "rejected", "2026-10-03"),
    ]
    assert rows(db)[0][6] == "Date Saved: 11/01/2026\nExcitement: 4"
