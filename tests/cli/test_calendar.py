"""The calendar export as calendars see it: loaded into khal (a real calendar program,
installed from PyPI by the `test` extra, run headless on a config in tmp_path), and
into calcurse where the machine has it; and `export --watch` keeping a file current.

What a person would notice: a reminder at the wrong hour after the clocks change, a
follow-up they skipped or sent still reminding them, a snoozed one on both days."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from db.engine import open_database
from db.exchange.ics import uid
from db.store import Store
from db.write import applications, contacts, follow_ups
from db.write.settings import set_setting
from tests.cli import FIXED_NOW, demo_db, run, use_fixed_env
from tests.conftest import FixedClock

pytestmark = pytest.mark.slow

KHAL = Path(sys.executable).with_name("khal")
LONG_AGO, LATER = "2026-01-01", "2027-12-31"


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


class Khal:
    """khal on its own calendar folder and database, showing times in `zone`."""

    def __init__(self, folder: Path, zone: str) -> None:
        assert KHAL.exists(), "khal comes with the test extra: pip install -e '.[test]'"
        (folder / "calendar").mkdir(parents=True)
        self.config = folder / "khal.conf"
        self.config.write_text(
            f"[calendars]\n[[afterview]]\npath = {folder / 'calendar'}\ntype = calendar\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
            "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
            "longdatetimeformat = %Y-%m-%d %H:%M\n"
            f"local_timezone = {zone}\ndefault_timezone = {zone}\n"
            f"[sqlite]\npath = {folder / 'khal.db'}\n"
        )
        self.env = os.environ | {"HOME": str(folder), "XDG_CONFIG_HOME": str(folder)}

    def __call__(self, *argv: str) -> str:
        done = subprocess.run(
            [str(KHAL), "-c", str(self.config), *argv],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def load(self, ics: Path) -> None:
        self("import", "--batch", str(ics))

    def events(self, start: str = LONG_AGO, end: str = LATER) -> list[dict[str, str]]:
        """Every event khal holds between the days, once each, as khal prints it."""
        fields = ("uid", "start", "status", "alarm-symbol", "title")
        out = self("list", "--once", "-df", "", "-f", "\t".join(f"{{{f}}}" for f in fields),
                   start, end)  # fmt: skip
        return [dict(zip(fields, line.split("\t"), strict=True)) for line in out.splitlines()]


def export(capsys, db: Path, ics: Path) -> Calendar:
    code, _, err = run(capsys, "--db", db, "export", "--format", "ics", "-o", ics)
    assert code == 0, err
    return Calendar.from_ical(ics.read_bytes())


def events_by_uid(cal: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def nine(day: dt.date, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=ZoneInfo(zone))


# A follow-up planned for the Friday before the clocks go forward, snoozed to the
# Monday after; both at the send hour, 09:00 on the person's own clock.
DST = [
    ("Europe/London", "2027-03-24T10:00:00+00:00", dt.date(2027, 3, 26), dt.date(2027, 3, 29)),
    ("America/New_York", "2027-03-10T15:00:00+00:00", dt.date(2027, 3, 12), dt.date(2027, 3, 15)),
]


def one_person(path: Path, zone: str, clock: FixedClock, *days: dt.date) -> list[int]:
    """A database in `zone` with one application and a follow-up at 09:00 on each day
    (and nothing else: on the wishlist, it has no check-in after applying)."""
    store = Store(open_database(path), clock)
    set_setting(store.uow(), "timezone", zone)
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer", "wishlist")
    dana = contacts.add_contact(store.uow(), "Dana Reyes", email="dana@acme.example")
    made = [
        follow_ups.add_follow_up(
            store.uow(), dana.id, due_at=nine(day, zone), application_id=app.id
        ).id
        for day in days
    ]
    store.close()
    return made


@pytest.mark.parametrize(("zone", "now", "before", "after"), DST)
def test_khal_shows_follow_ups_at_local_time_across_a_clock_change(
    capsys, tmp_path, zone, now, before, after
):
    clock = FixedClock(now)
    db = tmp_path / "mine.db"
    moved, stays = one_person(db, zone, clock, before, before)
    khal, ics = Khal(tmp_path / "khal", zone), tmp_path / "follow-ups.ics"
    export(capsys, db, ics)
    khal.load(ics)
    assert {e["uid"]: e["start"] for e in khal.events()} == {
        uid(moved): f"{before} 09:00",
        uid(stays): f"{before} 09:00",
    }
    # Snoozed across the change, at the same clock reading as the first export.
    store = Store(open_database(db), clock)
    follow_ups.snooze(store.uow(), moved, after)
    store.close()
    export(capsys, db, ics)
    khal.load(ics)
    # 09:00 on both sides of the change (08:00 or 13:00 UTC after it, 09:00 or 14:00
    # before), and the snoozed one only on its new day: updated, not copied.
    assert sorted((e["uid"], e["start"]) for e in khal.events()) == sorted(
        [(uid(moved), f"{after} 09:00"), (uid(stays), f"{before} 09:00")]
    )


def test_khal_keeps_one_event_per_follow_up_and_cancels_what_is_no_longer_due(capsys, tmp_path):
    """The sample data imported, then one follow-up snoozed, one skipped and one sent
    (at the same clock reading as the first export), and the new file imported over it:
    one event per follow-up, the skipped and sent ones cancelled and silent."""
    db, ics = demo_db(tmp_path), tmp_path / "follow-ups.ics"
    khal = Khal(tmp_path / "khal", "Europe/London")  # the sample person's zone
    export(capsys, db, ics)
    khal.load(ics)
    con = sqlite3.connect(db)
    snoozed, skipped, sent = (
        fid
        for (fid,) in con.execute(
            "SELECT id FROM follow_up WHERE status = 'planned' AND kind != 'custom' "
            "GROUP BY contact_id ORDER BY min(due_at), id LIMIT 3"
        )
    )
    store = Store(open_database(db), FixedClock(FIXED_NOW))
    follow_ups.snooze(store.uow(), snoozed, dt.date(2026, 12, 2))
    follow_ups.skip(store.uow(), skipped, "they wrote first")
    follow_ups.mark_sent(store.uow(), sent)
    store.close()
    export(capsys, db, ics)
    khal.load(ics)

    shown = khal.events()
    uids = [e["uid"] for e in shown]
    statuses = dict(con.execute("SELECT id, status FROM follow_up"))
    con.close()
    assert sorted(uids) == sorted(uid(fid) for fid in statuses)  # one each, none left over
    by_uid = {e["uid"]: e for e in shown}
    assert by_uid[uid(snoozed)]["start"] == "2026-12-02 09:00"
    for fid in (skipped, sent):
        event = by_uid[uid(fid)]
        assert event["status"].strip() == "CANCELLED" and event["alarm-symbol"] == ""
    assert by_uid[uid(skipped)]["title"].startswith("Skipped — ")
    for fid, status in statuses.items():
        event = by_uid[uid(fid)]
        active = event["status"].strip() != "CANCELLED"
        assert active == (status == "planned"), (fid, status, event)
        assert (event["alarm-symbol"] != "") == active


def test_sequence_grows_with_each_move_and_dtstamp_with_each_change(capsys, tmp_path):
    """A calendar takes an update of an event it has only when SEQUENCE grew (or, at an
    equal SEQUENCE, DTSTAMP did): two snoozes at one clock reading must each count."""
    db, ics = demo_db(tmp_path), tmp_path / "follow-ups.ics"
    (fid, contact_id) = (
        sqlite3.connect(db)
        .execute(
            "SELECT id, contact_id FROM follow_up WHERE status = 'planned' AND kind != 'custom' "
            "ORDER BY due_at LIMIT 1"
        )
        .fetchone()
    )
    clock = FixedClock(FIXED_NOW)
    store = Store(open_database(db), clock)
    seen = []
    for change in (
        lambda: None,
        lambda: follow_ups.snooze(store.uow(), fid, dt.date(2026, 12, 2)),
        lambda: follow_ups.snooze(store.uow(), fid, dt.date(2026, 12, 3)),
        lambda: follow_ups.skip(store.uow(), fid, "not needed"),
    ):
        change()
        event = events_by_uid(export(capsys, db, ics)).get(uid(fid))
        seen.append((event.decoded("SEQUENCE"), event.get("STATUS")) if event else None)
    assert None not in seen, seen  # the skipped one too: left out, a calendar keeps it
    sequences = [s for s, _ in seen]
    assert sequences == sorted(set(sequences)), seen  # strictly growing
    assert [s for _, s in seen] == ["CONFIRMED"] * 3 + ["CANCELLED"]

    # Renaming the person changes what the event says: DTSTAMP and LAST-MODIFIED
    # follow, SEQUENCE stays (the time did not move).
    clock.shift(hours=2)
    contacts.edit_contact(store.uow(), contact_id, name="Dana Reyes-Okafor")
    store.close()
    event = events_by_uid(export(capsys, db, ics))[uid(fid)]
    assert "Dana Reyes-Okafor" in str(event["SUMMARY"])
    assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED") == clock().datetime
    assert event.decoded("SEQUENCE") == sequences[-1]


@pytest.mark.skipif(shutil.which("calcurse") is None, reason="calcurse is not installed")
@pytest.mark.parametrize(("zone", "now", "before", "after"), DST)
def test_calcurse_shows_follow_ups_at_local_time_across_a_clock_change(
    capsys, tmp_path, zone, now, before, after
):
    """calcurse keeps no UIDs (importing twice adds copies), so only times are checked."""
    db, ics = tmp_path / "mine.db", tmp_path / "follow-ups.ics"
    one_person(db, zone, FixedClock(now), before, after)
    export(capsys, db, ics)
    folder = tmp_path / "calcurse"
    folder.mkdir()
    env = os.environ | {"TZ": zone, "HOME": str(tmp_path)}
    calcurse = ["calcurse", "-D", str(folder)]
    subprocess.run([*calcurse, "-i", str(ics)], env=env, check=True, capture_output=True)
    out = subprocess.run(
        [
            *calcurse,
            "-Q",
            "--input-datefmt",
            "4",
            "--from",
            str(before),
            "--days",
            "7",
            "--format-apt",
            "%(start:%Y-%m-%d %H:%M)\\n",
        ],  # fmt: skip
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert [line for line in out.splitlines() if line[:1] == "2"] == [
        f"{before} 09:00",
        f"{after} 09:00",
    ]


# --- export --watch ------------------------------------------------------------------


def test_watch_rewrites_the_file_when_the_data_changes_until_ctrl_c(tmp_path):
    db, ics = demo_db(tmp_path), tmp_path / "subscribed" / "follow-ups.ics"
    ics.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERVIEW_")}
    env |= {"AFTERVIEW_CLOCK": FIXED_NOW, "AFTERVIEW_DB": str(db)}
    watcher = subprocess.Popen(
        [sys.executable, "-m", "tui", "export", "--format", "ics", "--watch", "-o", str(ics)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def until(check, seconds: float = 30):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if watcher.poll() is not None:
                    pytest.fail(f"--watch ended: {watcher.stderr.read()}")
                if check():
                    return
                time.sleep(0.1)
            pytest.fail("the file did not change in time")

        until(ics.exists)
        first = ics.read_bytes()
        assert ics.stat().st_mode & 0o777 == 0o600
        (fid,) = (
            sqlite3.connect(db)
            .execute("SELECT id FROM follow_up WHERE status = 'planned' ORDER BY due_at LIMIT 1")
            .fetchone()
        )
        assert events_by_uid(Calendar.from_ical(first))[uid(fid)]["STATUS"] == "CONFIRMED"

        # Another program (here: this test) skips a follow-up; the file follows.
        store = Store(open_database(db), FixedClock(FIXED_NOW))
        follow_ups.skip(store.uow(), fid, "they wrote first")
        store.close()
        until(lambda: ics.read_bytes() != first)
        event = events_by_uid(Calendar.from_ical(ics.read_bytes()))[uid(fid)]
        assert event["STATUS"] == "CANCELLED"
        assert ics.stat().st_mode & 0o777 == 0o600
    finally:
        watcher.send_signal(signal.SIGINT)
        _, err = watcher.communicate(timeout=30)
    assert watcher.returncode == 0, err
    assert err.count(" wrote ") == 2 and "Stopped" in err
    assert sorted(p.name for p in ics.parent.iterdir()) == ["follow-ups.ics"]  # no temp files


def test_watch_needs_a_file(capsys, tmp_path):
    db = demo_db(tmp_path)
    code, out, err = run(capsys, "--db", db, "export", "--format", "ics", "--watch")
    assert code == 1 and "-o FILE" in err and out == ""
