"""`afterview db-password`: keep a PostgreSQL server's password in the system keyring
(asked without echo, checked with the server first), or forget it."""

from __future__ import annotations

from tui.cli.common import Failure, db_path, printable

NAME = "db-password"
SUMMARY = "keep the PostgreSQL password in the system keyring"
DESCRIPTION = (
    "For a --db (or AFTERVIEW_DB) that is a postgresql:// URL. Asks for the password "
    "without showing it, checks it with the server, and keeps it in the system keyring "
    "under the service afterview-postgresql and the user USER@HOST:PORT/DBNAME, as libpq "
    "resolves them. Afterview looks there only when the server asks for a password and "
    "libpq found none in the URL, PGPASSWORD, a service file or ~/.pgpass. The password "
    "is never written to Afterview's files, and never given on a command line."
    "\n\n"
    "--forget removes it from the keyring."
)


def arguments(p) -> None:
    p.add_argument("--forget", action="store_true", help="remove the kept password")


def run(args) -> int:
    from db.server_password import SERVICE
    from db.target import ServerURL

    url = db_path(args)
    if not isinstance(url, ServerURL):
        raise Failure(
            f"{printable(url)} is a SQLite file, which takes no password: "
            "give --db postgresql://USER@HOST/DBNAME"
        )
    name, asks, failure = url.try_without_keyring()
    where = f"{SERVICE} {printable(name)}"
    if args.forget:
        from db.server_password import forget

        if forget(name):
            print(f"Removed the password for {printable(name)} from the system keyring.")
        else:
            print(f"The system keyring holds no password for {where}.")
        return 0
    if failure:
        raise Failure(f"cannot connect to {url.shown}: {failure}; nothing kept")
    if not asks:
        raise Failure(
            f"{url.shown} connects without the keyring (the server asks no password, or "
            "the URL, PGPASSWORD or ~/.pgpass gives one): nothing kept"
        )
    password = _ask(name)
    _check(url, password)
    from db.keychain import KeychainError
    from db.server_password import keep

    try:
        keep(name, password)
    except KeychainError as exc:
        raise Failure(f"{exc}; nothing kept") from None
    print(
        f"Kept in the system keyring as {where}: Afterview uses it when libpq finds "
        "no password of its own."
    )
    return 0


def _ask(name: str) -> str:
    import getpass

    try:
        password = getpass.getpass(f"Password for {printable(name)}: ")
    except EOFError:
        password = ""
    if not password:
        raise Failure("no password typed; nothing kept")
    return password


def _check(url, password: str) -> None:
    """Connect once with the typed password: a wrong one is never kept."""
    from db.errors import DatabaseError
    from db.keychain import scrub

    try:
        url.connect(password=password).close()
    except DatabaseError as exc:
        raise Failure(f"{scrub(str(exc), password)}; nothing kept") from None
