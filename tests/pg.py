"""A real PostgreSQL server for the tests that ask for one (no mocks of the database).

    from tests.pg import pg_server, pg_url  # noqa: F401  (opt in: import the fixtures)

`pg_server` (session): Debian's PostgreSQL binaries (installed with apt-get when
missing and running as root), `initdb` in a temporary data folder as the unprivileged
`postgres` system user (initdb refuses root), started on a Unix socket in that folder
and on a free localhost port, with durability off (fsync, synchronous_commit: a test
server holds nothing worth keeping), stopped and removed at the end of the session.

`pg_url` (function): a fresh database for one test, copied from a template that the
migrations ran on once (CREATE DATABASE ... TEMPLATE: ~50 ms instead of a full
upgrade), dropped afterwards. Its URL names the socket folder, so libpq never asks for
a password (the test cluster trusts local connections only).

`pg_tls_server` (session): a second server, with ssl=on and a certificate for localhost
(only) from a certificate authority made at start: `tls_url` checks it with
sslmode=verify-full. Apart, so the other tests' server stays as it was.

Where no server can be started the tests that use it are skipped with the reason; in
CI (CI set in the environment) that is a failure instead.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SUPERUSER = "afterview_test"
PASSWORD = "not-a-secret-test-only"
"""Asked over TCP (scram-sha-256), never over the socket (trust): so a test can give a
wrong password, or the right one through PGPASSWORD, as a user's ~/.pgpass would."""
TEMPLATE = "afterview_template"


class NoServer(Exception):
    """Why no PostgreSQL server could be started here."""


def no_libpq_env(monkeypatch, tmp_path: Path, *names: str) -> None:
    """Nothing from this machine's libpq settings reaches a test: the PG* variables
    named are unset, and ~/.pgpass is a file that does not exist."""
    for name in ("PGSERVICE", "PGHOST", "PGUSER", *names):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def _bin_dir() -> Path | None:
    """The newest installed server's binaries (Debian keeps them off PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def find_binaries() -> Path:
    """The folder of initdb and pg_ctl, installing Debian's `postgresql` when missing."""
    where = _bin_dir()
    if where is not None:
        return where
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise NoServer("PostgreSQL is not installed (apt-get install postgresql)")
    from tests.apt import install

    failed = install(["postgresql"], _bin_dir)
    if failed:
        raise NoServer(failed)
    where = _bin_dir()
    if where is None:
        raise NoServer("apt-get installed postgresql, but no pg_ctl was found")
    return where


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    bin: Path
    data: Path
    socket_dir: Path
    port: int
    runner: list[str]
    """The prefix that runs a command as the unprivileged owner of the data folder."""
    ca: Path | None = None
    """The certificate authority of a server started with TLS (its certificate names
    localhost only)."""
    made: set[str] = field(default_factory=set)
    """The template databases already made on this server."""

    @property
    def version(self) -> int:
        """The major version, from Debian's folder (/usr/lib/postgresql/15/bin)."""
        name = self.bin.parent.name
        return int(name) if name.isdigit() else 0

    def url(self, dbname: str = "postgres") -> str:
        """A libpq URL over the Unix socket (the folder as `host`)."""
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def tls_url(self, dbname: str, ca: Path | None = None, host: str = "localhost") -> str:
        """A libpq URL over TCP that checks the server's certificate against `ca` (this
        server's own by default) and its name against `host` (sslmode=verify-full)."""
        return (
            f"postgresql://{SUPERUSER}@{host}:{self.port}/{dbname}"
            f"?sslmode=verify-full&sslrootcert={ca or self.ca}"
        )

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [*self.runner, *args], capture_output=True, text=True, timeout=120, cwd="/"
        )
        if check and done.returncode:
            raise NoServer(f"{Path(args[0]).name} failed: {(done.stderr or done.stdout).strip()}")
        return done

    def sql(self, statement: str, dbname: str = "postgres") -> None:
        """One statement, autocommitted (CREATE/DROP DATABASE cannot run in a block)."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as con:
            con.execute(statement)

    def stop(self) -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop",
                 check=False)  # fmt: skip


def _runner() -> tuple[list[str], int | None]:
    """How to run initdb and pg_ctl: as ourselves, or as `postgres` when we are root."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise NoServer("running as root and there is no postgres user to run it as") from None
    tool = shutil.which("runuser") or shutil.which("setpriv")
    if tool is None:
        raise NoServer("running as root and neither runuser nor setpriv is installed")
    if tool.endswith("runuser"):
        return [tool, "-u", "postgres", "--"], user.pw_uid
    return [tool, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups"], user.pw_uid


def start_server(*, tls: bool = False) -> Server:
    """`tls`: ssl=on, with a certificate for localhost (only) from a CA made now."""
    binaries = find_binaries()
    runner, uid = _runner()
    # Not under pytest's tmp folder: that one is 0700 and root's, where `postgres` cannot go.
    root = Path(tempfile.mkdtemp(prefix="afterview-pg-"))
    if uid is not None:
        os.chown(root, uid, -1)
    server = Server(binaries, root / "data", root, _free_port(), runner)
    secret = root / "pwfile"
    secret.write_text(PASSWORD + "\n")
    if uid is not None:
        os.chown(secret, uid, -1)
    server.run(
        str(binaries / "initdb"), "-D", str(server.data), "-U", SUPERUSER,
        "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={secret}",
        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
    )  # fmt: skip
    secret.unlink()
    options = (
        f"-k {root} -p {server.port} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    )
    if tls:
        from tests.certs import authority, issued

        server.ca = authority(root)[0]
        cert, key = issued(root, (server.ca, root / "ca.key"), ("DNS:localhost",))
        if uid is not None:
            os.chown(cert, uid, -1)
            os.chown(key, uid, -1)
        key.chmod(0o600)  # the server refuses a key others can read
        options += f" -c ssl=on -c ssl_cert_file={cert} -c ssl_key_file={key}"
    server.run(
        str(binaries / "pg_ctl"), "-D", str(server.data), "-l", str(root / "server.log"),
        "-o", options, "-w", "-t", "60", "start",
    )  # fmt: skip
    return server


def _serve(tls: bool = False):
    try:
        server = start_server(tls=tls)
    except (NoServer, OSError, subprocess.SubprocessError) as exc:
        message = f"no PostgreSQL server for the tests: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.socket_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    yield from _serve()


@pytest.fixture(scope="session")
def pg_tls_server():
    """A second server, with ssl=on: its certificate names localhost only, from a
    certificate authority made at start (`Server.ca`, `Server.tls_url`)."""
    yield from _serve(tls=True)


_names = itertools.count(1)


def migrated_template(server: Server) -> str:
    """A database the migrations ran on, once per session, to copy for each test."""
    if TEMPLATE not in server.made:
        from db.engine import open_database

        server.sql(f"CREATE DATABASE {TEMPLATE}")
        from db.target import ServerURL

        engine = open_database(ServerURL(server.url(TEMPLATE)))
        engine.dispose()
        server.made.add(TEMPLATE)
    return TEMPLATE


def fresh_database(server: Server, *, migrated: bool = True) -> str:
    """A new database's name: a copy of the migrated template, or empty."""
    name = f"t{os.getpid()}_{next(_names)}"
    template = migrated_template(server) if migrated else "template0"
    # FILE_COPY (PostgreSQL 15+) copies the small template's files: ~3x faster than
    # WAL_LOG, the default, which writes the whole copy into the WAL.
    strategy = " STRATEGY FILE_COPY" if server.version >= 15 else ""
    server.sql(f"CREATE DATABASE {name} TEMPLATE {template}{strategy}")
    return name


def drop_database(server: Server, name: str) -> None:
    server.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_url(pg_server: Server):
    """A URL to a fresh, migrated database of its own, dropped after the test."""
    name = fresh_database(pg_server)
    yield pg_server.url(name)
    drop_database(pg_server, name)


DEMO = "afterview_demo"


def demo_template(server: Server) -> str:
    """The sample job search (at the suite's fixed clock) in a database, once a session."""
    if DEMO not in server.made:
        import arrow

        from db.demo.story import build_demo
        from db.engine import open_database
        from db.target import ServerURL

        server.sql(f"CREATE DATABASE {DEMO} TEMPLATE {migrated_template(server)}")
        engine = open_database(ServerURL(server.url(DEMO)))
        build_demo(engine, clock=lambda: arrow.get("2026-11-24T10:30:00+00:00")).close()
        engine.dispose()
        server.made.add(DEMO)
    return DEMO


@pytest.fixture
def pg_demo_url(pg_server: Server):
    """A URL to a fresh copy of the sample data on the server (tests.cli.demo_db's twin)."""
    from db.target import ServerURL

    demo_template(pg_server)
    name = f"t{os.getpid()}_{next(_names)}"
    pg_server.sql(f"CREATE DATABASE {name} TEMPLATE {DEMO}")
    yield ServerURL(pg_server.url(name))
    drop_database(pg_server, name)


@pytest.fixture
def pg_empty_url(pg_server: Server):
    """A URL to a fresh database with nothing in it (for upgrade tests)."""
    name = fresh_database(pg_server, migrated=False)
    yield pg_server.url(name)
    drop_database(pg_server, name)


# --- both engines ---------------------------------------------------------------------

ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="pg", marks=pytest.mark.pg),
]
"""The engines a parametrised test runs on; the PostgreSQL ones carry the `pg` mark
(`-m "not pg"` leaves them out, `-m pg` runs only them)."""

ENGINES_PG_SLOW = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="pg", marks=[pytest.mark.pg, pytest.mark.slow]),
]
"""As ENGINES, for a suite whose PostgreSQL run is long (the hostile catalogue, ~95 s):
`make test` leaves it to `make test-pg`."""


@pytest.fixture(params=ENGINES)
def db_target(request, tmp_path: Path):
    """Where a test's database is: a new SQLite file's path (created and migrated when
    first opened), or the URL of a fresh PostgreSQL database already at HEAD."""
    if request.param == "sqlite":
        yield tmp_path / "a.db"
        return
    from db.target import ServerURL

    server = request.getfixturevalue("pg_server")
    name = fresh_database(server)
    yield ServerURL(server.url(name))
    drop_database(server, name)


@pytest.fixture(params=ENGINES)
def empty_target(request, tmp_path: Path):
    """Like db_target, but an empty PostgreSQL database (nothing migrated yet)."""
    if request.param == "sqlite":
        yield tmp_path / "a.db"
        return
    from db.target import ServerURL

    server = request.getfixturevalue("pg_server")
    name = fresh_database(server, migrated=False)
    yield ServerURL(server.url(name))
    drop_database(server, name)


@pytest.fixture
def any_engine(db_target):
    from db.engine import open_database

    engine = open_database(db_target)
    yield engine
    engine.dispose()


def copy_rows_from_sqlite(source: Path, engine) -> None:
    """Every row of a SQLite file into the same tables of a PostgreSQL database at the
    same schema (test fixtures: the first-schema file, at 0001), values read by the
    PostgreSQL column's type, then each id sequence moved past the copied ids."""
    import datetime as dt
    import sqlite3

    from sqlalchemy import Boolean, Date, DateTime, MetaData, insert, text

    meta = MetaData()
    meta.reflect(engine)
    con = sqlite3.connect(source)
    con.row_factory = sqlite3.Row
    try:
        with engine.begin() as pg:
            for table in meta.sorted_tables:
                if table.name == "alembic_version":
                    continue
                rows = [dict(r) for r in con.execute(f'SELECT * FROM "{table.name}"')]
                for row in rows:
                    for name, value in row.items():
                        kind = table.c[name].type
                        if value is None:
                            continue
                        if isinstance(kind, DateTime):
                            row[name] = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
                        elif isinstance(kind, Date):
                            row[name] = dt.date.fromisoformat(value)
                        elif isinstance(kind, Boolean):
                            row[name] = bool(value)
                if rows:
                    pg.execute(insert(table), rows)
                if "id" in table.c:
                    pg.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )
    finally:
        con.close()


def at_revision(url: str, revision: str):
    """Migrate the (empty) PostgreSQL database at `url` to `revision` only."""
    from alembic import command

    from db.engine import make_server_engine
    from db.migrate import alembic_config
    from db.target import ServerURL

    engine = make_server_engine(ServerURL(url))
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
    return engine
