"""TLS to PostgreSQL with sslmode=verify-full, against a real server with ssl=on whose
certificate (for localhost only) comes from a certificate authority made at test time
(tests/pg.py pg_tls_server): libpq checks the chain and the name, and a failed check is
one line that changes nothing."""

from __future__ import annotations

import json

import pytest

from db.engine import open_database
from db.target import ServerURL
from tests.certs import authority
from tests.cli import run, use_fixed_env
from tests.conftest import FixedClock
from tests.pg import PASSWORD, drop_database, fresh_database, no_libpq_env

pytestmark = pytest.mark.pg


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)
    no_libpq_env(monkeypatch, tmp_path, "PGSSLMODE", "PGSSLROOTCERT")
    monkeypatch.setenv("PGPASSWORD", PASSWORD)  # TLS is what is tested here


@pytest.fixture
def tls_db(pg_tls_server):
    name = fresh_database(pg_tls_server)
    yield name
    drop_database(pg_tls_server, name)


def one_line_failure(capsys, *argv: str) -> str:
    code, _out, err = run(capsys, *argv)
    assert code == 1, err
    assert err.startswith("afterview: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def settings(capsys, server, dbname: str) -> dict:
    """Every setting, read over the (trusted) socket."""
    code, out, err = run(capsys, "config", "--json", "--db", server.url(dbname))
    assert (code, err) == (0, "")
    return json.loads(out)


def test_verify_full_opens_the_write_and_the_read_side_over_tls(
    capsys, pg_tls_server, tls_db
) -> None:
    url = ServerURL(pg_tls_server.tls_url(tls_db))
    con = url.connect()
    try:
        assert con.pgconn.ssl_in_use
        (ssl,) = con.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
        assert ssl is True
    finally:
        con.close()

    from db.store import Store
    from db.write import applications

    store = Store(open_database(url), FixedClock())
    try:
        added = applications.add_application(store.uow(), "Verified GmbH", "Engineer")
        assert store.views.application(added.id).company == "Verified GmbH"
    finally:
        store.close()
    code, out, err = run(capsys, "config", "your_name", "Ada", "--db", url)
    assert (code, err) == (0, "")
    assert settings(capsys, pg_tls_server, tls_db)["your_name"]["value"] == "Ada"


def test_a_certificate_from_another_authority_is_refused_in_one_line(
    capsys, tmp_path, pg_tls_server, tls_db
) -> None:
    other, _ = authority(tmp_path, "other")
    before = settings(capsys, pg_tls_server, tls_db)
    url = pg_tls_server.tls_url(tls_db, ca=other)
    err = one_line_failure(capsys, "config", "your_name", "Mallory", "--db", url)
    assert "certificate verify failed" in err
    assert settings(capsys, pg_tls_server, tls_db) == before


def test_verify_full_refuses_a_host_the_certificate_does_not_name(
    capsys, pg_tls_server, tls_db
) -> None:
    before = settings(capsys, pg_tls_server, tls_db)
    url = pg_tls_server.tls_url(tls_db, host="127.0.0.1")  # the certificate names localhost
    err = one_line_failure(capsys, "config", "your_name", "Mallory", "--db", url)
    assert 'does not match host name "127.0.0.1"' in err
    assert settings(capsys, pg_tls_server, tls_db) == before
