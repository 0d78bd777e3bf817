"""`afterview mail setup`: the mailbox account, tested before it is kept."""

from __future__ import annotations

import sys

from tui.cli.common import Failure, db_path, env_clock, printable

NAME = "setup"
SUMMARY = "connect a mailbox (IMAP over TLS, read only)"
DESCRIPTION = (
    "Asks for the server, the user and where the password comes from, or takes them all "
    "as flags. Connects once to test them, finds Inbox and Sent (the server's SPECIAL-USE "
    "names; asks when it has none), and only then keeps the account. The password is "
    "never kept by Afterview: it stays in the system keyring (--keyring) or comes from "
    "your own command each time (--password-command 'pass show mail/work'); for Gmail "
    "and Microsoft 365 without an app password, --token-command prints an OAuth2 token "
    "(oama, mutt_oauth2.py).\n\n"
    "Example: afterview mail setup --host imap.fastmail.com --user ada@fastmail.com "
    "--password-command 'pass show mail/fastmail'"
)


def arguments(p) -> None:
    p.add_argument("--host", help="the IMAP server, e.g. imap.fastmail.com")
    p.add_argument("--port", type=int, help="993 for TLS (the default), 143 with --starttls")
    p.add_argument("--user", help="the login, usually your address")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--password-command", metavar="CMD", help="a command printing the password")
    how.add_argument("--keyring", action="store_true", help="ask once, keep it in the keyring")
    how.add_argument("--token-command", metavar="CMD", help="a command printing an XOAUTH2 token")
    p.add_argument("--starttls", action="store_true", help="plain connection upgraded (port 143)")
    p.add_argument("--ca-file", metavar="FILE", help="a self-hosted server's CA certificate")
    p.add_argument("--inbox", metavar="NAME", help="the Inbox's name (default INBOX)")
    p.add_argument(
        "--sent", metavar="NAME", help="the Sent folder, when the server does not mark it"
    )
    p.add_argument("--look-back-days", type=int, metavar="N", help="the first sync's window (90)")
    p.add_argument(
        "--sync-minutes", type=int, metavar="N", help="the dashboard's interval (5; 0: never)"
    )


def ask(question: str, default: str = "") -> str:
    shown = f" [{default}]" if default else ""
    try:
        answer = input(f"{question}{shown}: ").strip()
    except EOFError:
        raise Failure("setup needs answers: give --host, --user and a password source") from None
    return answer or default


def run(args) -> int:
    import dataclasses
    from pathlib import Path

    from db.mail import account as accounts
    from db.mail import secrets

    interactive = sys.stdin.isatty() and not (args.host and args.user)
    host = args.host or (ask("IMAP server (e.g. imap.fastmail.com)") if interactive else "")
    user = args.user or (ask("User (usually your address)") if interactive else "")
    if not host or not user:
        raise Failure("give --host and --user (or run `afterview mail setup` in a terminal)")
    security = "starttls" if args.starttls else "tls"
    port = args.port or (143 if args.starttls else 993)
    given_ca = args.ca_file or ""
    if interactive and not args.port:
        answer = ask("Port", str(port))
        if not answer.isdigit():
            raise Failure(f"the port is a number, not {printable(answer)}")
        port = int(answer)
    if interactive and not args.ca_file:
        given_ca = ask("CA file of a self-hosted server (empty: the system's trusted ones)")
    if args.password_command:
        source, command = "password-command", args.password_command
    elif args.token_command:
        source, command = "token-command", args.token_command
    elif args.keyring:
        source, command = "keyring", ""
    elif interactive:
        command = ask("A command printing the password (empty: keep it in the keyring)")
        source = "password-command" if command else "keyring"
    else:
        raise Failure(
            "where does the password come from? --keyring, --password-command CMD or --token-command CMD"
        )
    ca_file = str(Path(given_ca).expanduser().resolve()) if given_ca else ""
    if ca_file and not Path(ca_file).is_file():
        raise Failure(f"no CA file at {printable(ca_file)}")
    account = accounts.MailAccount(
        host=host.strip(),
        user=user.strip(),
        port=port,
        security=security,
        ca_file=ca_file,
        secret=source,
        command=command,
        inbox=args.inbox or "INBOX",
        look_back_days=args.look_back_days or accounts.LOOK_BACK_DAYS,
        sync_minutes=accounts.SYNC_MINUTES if args.sync_minutes is None else args.sync_minutes,
    )
    try:
        accounts.check(account)
    except ValueError as exc:
        raise Failure(str(exc)) from None
    if source == "keyring":
        import getpass

        try:
            secret = secrets.Secret("password", getpass.getpass(f"Password for {user} at {host}: "))
        except EOFError:
            raise Failure("no password typed") from None
    else:
        secret = _secret(account)
    sent = _test(account, secret, args.sent, interactive)
    account = dataclasses.replace(account, sent=sent)
    if source == "keyring":
        try:
            secrets.store_in_keyring(user, host, secret.value)
        except secrets.SecretError as exc:
            raise Failure(str(exc)) from None
    _save(args, account)
    print(
        f"Mailbox set up: {printable(user)} at {printable(account.imap.where)} "
        f"({'STARTTLS' if account.security == 'starttls' else 'TLS'}); "
        f"Inbox {printable(account.inbox)!r}, Sent {printable(sent)!r}; "
        f"the password from {account.source.describe()}. "
        "Next: `afterview mail sync`."
    )
    return 0


def _secret(account):
    from db.mail import secrets

    try:
        return secrets.get(account.source, account.user, account.host)
    except secrets.SecretError as exc:
        raise Failure(str(exc)) from None


def _test(account, secret, sent: str | None, interactive: bool) -> str:
    """Connect, log in, and find Sent; the Sent folder's name."""
    from db.mail.imap import MailError, Session

    try:
        with Session(account.imap, secret) as session:
            folders = session.folders()
            names = [f.name for f in folders if "\\noselect" not in f.flags]
            marked = next((f.name for f in folders if "\\sent" in f.flags), None)
            if sent is None:
                sent = marked
            if sent is None and interactive:
                print("The server marks no folder as Sent. Its folders: " + ", ".join(names))
                sent = ask("Which one holds the mail you send?")
            if sent is None:
                raise Failure(
                    "the server marks no folder as Sent; name it with --sent NAME (folders: "
                    + ", ".join(printable(n) for n in names)
                    + ")"
                )
            if sent not in names:
                raise Failure(
                    f"there is no folder {printable(sent)!r} (folders: {', '.join(names)})"
                )
            session.examine(account.inbox)
            session.examine(sent)
    except MailError as exc:
        raise Failure(str(exc)) from None
    return sent


def _save(args, account) -> None:
    import arrow

    from db.engine import open_database
    from db.mail.account import save
    from db.store import Store
    from tui.cli.common import check_database

    path = db_path(args)
    check_database(path, must_exist=False)
    store = Store(open_database(path), env_clock() or arrow.utcnow)
    try:
        with store.uow() as uow:
            save(uow.session, account)
            uow.commit()
    finally:
        store.close()
