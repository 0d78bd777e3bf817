"""The catalogue through the command line: in each cell of an imported CSV, and as every
argument a person can type (today --on, export --format, import FILE, backup PATH,
--db PATH). Accepted and stored or shown literally, or refused in one line starting
"afterview: " with a non-zero exit; never a traceback, never a control character sent
to the terminal, never half an import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from db.engine import open_database
from db.store import Store
from db.write import applications
from db.write.settings import set_setting
from tests.robust import ZONE, clock, close, counts, digest, listing, mode
from tests.robust.catalogue import (
    BY_ID,
    CASES,
    IDS,
    Refused,
    as_day,
    as_email,
    as_line,
    as_name,
    as_text,
)

RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # what must never reach a terminal
TRACKER = Path(__file__).parents[1] / "cli" / "fixtures" / "tracker.csv"


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    monkeypatch.setenv("AFTERVIEW_CLOCK", "2026-11-24T10:30:00+00:00")
    monkeypatch.setenv("AFTERVIEW_DB", str(tmp_path / "default" / "afterview.db"))
    monkeypatch.delenv("AFTERVIEW_DEBUG", raising=False)


def cli(capsys, *argv) -> tuple[int, str, str]:
    from tui.cli import main

    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(code: int, out: str, err: str, words: str = "") -> None:
    assert code in (1, 2), (code, out, err)
    assert err.startswith("afterview: ") and err.count("\n") == 1, err[:300]
    assert "Traceback" not in err
    assert not RAW_CONTROL.search(err), "a control character reached the terminal"
    assert len(err) < 600
    assert words in err, err[:300]


def assert_clean_output(out: str) -> None:
    assert not RAW_CONTROL.search(out.replace("\n", "")), out[:300]


def new_database(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(open_database(path), clock)
    set_setting(store.uow(), "timezone", ZONE)
    applications.add_application(store.uow(), "Acme", "Engineer")
    close(store)
    return path


# --- a CSV whose cells are the catalogue --------------------------------------------------

HEADER = ["Company", "Role", "Date applied", "Email", "Notes"]
BROKEN_FILE = {  # cases the csv module refuses for the whole file, naming the line
    "megabyte": "field larger than field limit",
}


def csv_bytes(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def lowered(refused: Refused) -> str:
    """The import reports a reason inside its sentence: first letter lower-case."""
    return refused.words[0].lower() + refused.words[1:]


def csv_expected(case_id: str, column: str):
    value = BY_ID[case_id].value
    if case_id in BROKEN_FILE:
        return Refused(BROKEN_FILE[case_id])
    if column == "Company":
        found = as_name(value, "Company")
    elif column == "Role":
        found = as_line(value, required=True, limit=200, label="Role")
    elif column == "Email":
        found = as_email(value)
    elif column == "Notes":
        found = as_text(value).strip()  # a cell is trimmed, then stored as text
    else:
        cell = value.strip()
        day = as_day(cell) if cell else None
        found = Refused("Date applied") if cell and day is None else day
    return Refused(lowered(found)) if isinstance(found, Refused) else found


@pytest.fixture(scope="module")
def import_db(tmp_path_factory) -> Path:
    return new_database(tmp_path_factory.mktemp("import") / "afterview.db")


def stored_application(path: Path, company: str) -> dict:
    con = sqlite3.connect(path)
    try:
        row = con.execute(
            "SELECT company.name, role, applied_on, application.notes, application.id "
            "FROM application "
            "JOIN company ON company.id = application.company_id WHERE company.name = ?",
            (company,),
        ).fetchone()
    finally:
        con.close()
    assert row is not None, f"{company!r} was not imported"
    return dict(zip(("Company", "Role", "Date applied", "Notes", "id"), row, strict=True))


@pytest.mark.parametrize("case_id", IDS)
def test_csv_import_cell(capsys, tmp_path, import_db, case_id):
    value = BY_ID[case_id].value
    for column in HEADER:
        expected = csv_expected(case_id, column)
        company = f"CSV {case_id} {column}"
        cells = {"Company": company, "Role": "Engineer", "Date applied": "", "Email": "",
                 "Notes": ""} | {column: value}  # fmt: skip
        source = tmp_path / f"{column}.csv"
        source.write_bytes(csv_bytes([[cells[h] for h in HEADER]]))
        before = counts(import_db)
        code, out, err = cli(capsys, "--db", import_db, "import", source)
        if isinstance(expected, Refused):
            assert_refused(code, out, err, expected.words)
            assert "line 2" in err, err
            assert counts(import_db) == before, f"{column}: half imported"
            continue
        assert code == 0, (column, err)
        assert "Imported 1 application" in out
        assert_clean_output(out)
        name = expected if column == "Company" else company
        row = stored_application(import_db, name)
        if column == "Date applied":
            assert row[column] == (expected.isoformat() if expected else None)
        elif column == "Email":
            assert expected == ""  # no catalogue case is a good address
        else:
            assert row[column] == expected, column


def test_the_whole_catalogue_in_one_csv(capsys, tmp_path):
    """One file, one case per row: refused whole, naming every bad line; with
    --skip-bad the good rows are imported literally and the bad ones named."""
    path = new_database(tmp_path / "afterview.db")
    usable = [c for c in CASES if c.id not in BROKEN_FILE]
    source = tmp_path / "catalogue.csv"
    source.write_bytes(csv_bytes([[c.value, "Engineer", "", "", ""] for c in usable]))
    expected = {line: as_name(c.value, "Company") for line, c in enumerate(usable, start=2)}
    bad = sorted(line for line, e in expected.items() if isinstance(e, Refused))
    before, unchanged = counts(path), digest(path)

    code, out, err = cli(capsys, "--db", path, "import", source)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[-1].startswith("afterview: ") and "nothing imported" in lines[-1]
    named = sorted(int(m) for m in re.findall(r"catalogue\.csv line (\d+):", err))
    assert named == bad
    assert not RAW_CONTROL.search(err.replace("\n", ""))
    assert counts(path) == before and digest(path) == unchanged

    code, out, err = cli(capsys, "--db", path, "import", "--skip-bad", source)
    assert code == 0, err
    assert sorted(int(m) for m in re.findall(r"skipped catalogue\.csv line (\d+):", err)) == bad
    good = [e for e in expected.values() if not isinstance(e, Refused)]
    assert f"Imported {len(good)} applications" in out
    for name in good:
        assert stored_application(path, name)["Company"] == name


# --- every argument ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    from db.demo.story import build_demo

    path = tmp_path_factory.mktemp("args") / "afterview.db"
    engine = open_database(path)
    build_demo(engine, clock)
    engine.dispose()
    return path


def on_expected(value: str):
    text = value.strip().lower()
    if not value or text in ("today", "tomorrow", "yesterday"):
        return "accepted"
    if as_day(text) is None:
        return Refused("write the day as YYYY-MM-DD")
    try:  # any real day, even 1800 or 3000: "Nothing due on Wed 1 Jan 1800." is fair
        return dt.date.fromisoformat(text)
    except ValueError:
        return Refused("is not a real date")


@pytest.mark.parametrize("case_id", IDS)
def test_today_on(capsys, demo, case_id):
    value = BY_ID[case_id].value
    expected = on_expected(value)
    before = digest(demo)
    code, out, err = cli(capsys, "--db", demo, "today", "--on", value)
    if isinstance(expected, Refused):
        assert_refused(code, out, err, expected.words)
    else:
        assert code == 0 and err == "", err
        assert_clean_output(out)
        if isinstance(expected, dt.date):
            assert f"{expected.day} {expected:%b %Y}" in out.splitlines()[0]
    assert digest(demo) == before


@pytest.mark.parametrize("case_id", IDS)
def test_export_format(capsys, demo, case_id):
    before = digest(demo)
    code, out, err = cli(capsys, "--db", demo, "export", "--format", BY_ID[case_id].value)
    assert code == 2
    assert_refused(code, out, err, "invalid choice")
    assert digest(demo) == before


@pytest.mark.parametrize("case_id", IDS)
def test_import_a_file_that_is_not_there(capsys, monkeypatch, tmp_path, demo, case_id):
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    before = counts(demo)
    code, out, err = cli(capsys, "--db", demo, "import", BY_ID[case_id].value)
    assert_refused(code, out, err)
    assert counts(demo) == before
    assert listing(folder) == []


def backup_expected(value: str):
    """Where `afterview backup VALUE` writes, or why it cannot."""
    if value == "":
        return "beside the database"
    if "\x00" in value:
        return Refused("cannot hold a NUL character")
    if any(len(part.encode()) > 255 for part in value.split("/")):
        return Refused("File name too long")
    if "/" in value:
        return Refused("No such file or directory")  # a folder that is not there
    return value


@pytest.mark.parametrize("case_id", IDS)
def test_backup_path(capsys, monkeypatch, tmp_path, demo, case_id):
    value = BY_ID[case_id].value
    database = tmp_path / "data" / "afterview.db"
    database.parent.mkdir()
    shutil.copyfile(demo, database)
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    expected = backup_expected(value)
    code, out, err = cli(capsys, "--db", database, "backup", value)
    if isinstance(expected, Refused):
        assert_refused(code, out, err, expected.words)
        assert listing(folder) == [] and listing(database.parent) == ["afterview.db"]
        return
    assert code == 0, err
    assert out.count("\n") == 1 and out.startswith("Backed up ")
    assert_clean_output(out)
    if expected == "beside the database":
        (made,) = [p for p in database.parent.iterdir() if p != database]
    else:
        made = folder / expected
        assert listing(folder) == [expected]  # exactly the name typed
    assert mode(made) == 0o600
    assert counts(made) == counts(database)


@pytest.mark.parametrize("case_id", IDS)
def test_db_path_with_odd_characters(capsys, tmp_path, demo, case_id):
    """The database is read and written at exactly the path given, whatever it holds
    ("?" once opened another file)."""
    value = BY_ID[case_id].value
    folder = tmp_path / "data"
    folder.mkdir()
    path = Path(f"{folder}/{value}.db")
    if "\x00" in value or any(len(p.encode()) > 255 for p in f"{value}.db".split("/")):
        code, out, err = cli(capsys, "--db", path, "today")
        assert_refused(code, out, err)
        assert listing(folder) == []
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo, path)
    path.chmod(0o600)
    before = counts(path)

    code, out, err = cli(capsys, "--db", path, "today", "--json")
    assert code == 0, err
    assert json.loads(out)  # the demo always has something due
    code, out, err = cli(capsys, "--db", path, "import", TRACKER)
    assert code == 0, err
    assert_clean_output(out)

    assert counts(path)["application"] > before["application"]  # written to that file
    stray = [p for p in folder.rglob("*") if p.is_file() and p != path]
    assert stray == [], stray  # and to no other


def test_importing_a_database_file_says_what_it_is(capsys, tmp_path, demo):
    path = new_database(tmp_path / "afterview.db")
    before = counts(path)
    code, out, err = cli(capsys, "--db", path, "import", demo)
    assert_refused(code, out, err, "is a database, not a CSV or JSON export")
    assert counts(path) == before
