"""A SQLite file in a sync folder or on a network file system: said once, with where to
go instead (a PostgreSQL server); never for a file in an ordinary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import files
from tests.cli import demo_db, run, use_fixed_env


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # where "said once" is kept


def test_sync_folders_and_network_file_systems_are_named(tmp_path, monkeypatch) -> None:
    dropbox = tmp_path / "Dropbox" / "jobs"
    dropbox.mkdir(parents=True)
    assert files.shared_place(dropbox / "afterview.db") == "in a Dropbox folder"
    synced = tmp_path / "notes"
    (synced / ".stfolder").mkdir(parents=True)
    assert files.shared_place(synced / "a.db") == "in a folder Syncthing keeps in sync"
    assert files.shared_place(tmp_path / "plain" / "a.db") is None
    # The mount table is read for real (here /proc is procfs)...
    assert files._mount_type(Path("/proc/self")) == "proc"
    # ...and a network type is named (no NFS server to mount in a test).
    monkeypatch.setattr(files, "_mount_type", lambda _path: "nfs4")
    assert files.shared_place(tmp_path / "a.db") == "on a network file system (nfs4)"


def test_a_command_says_it_once_and_still_works(capsys, tmp_path) -> None:
    folder = tmp_path / "OneDrive - Acme"
    folder.mkdir()
    sample = demo_db(folder)
    code, out, err = run(capsys, "today", "--db", sample)
    assert code == 0 and out
    assert err.startswith("afterview: note: ") and err.count("\n") == 1
    assert "in a OneDrive folder" in err and "PostgreSQL" in err and "Shown once" in err
    code, _, err = run(capsys, "today", "--db", sample)
    assert (code, err) == (0, "")  # said once for this file


def test_an_ordinary_folder_says_nothing(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "today", "--db", demo_db(tmp_path))
    assert (code, err) == (0, "")
