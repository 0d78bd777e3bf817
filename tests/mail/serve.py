"""The test IMAP server with the corpus, for trying `afterview mail` by hand:

    .venv/bin/python -m tests.mail.serve [--people DB]

(--people adds the corpus's companies, applications and contacts to the database DB,
so a sync has someone to find) prints the host, port, user, CA file and a password command, then serves until Ctrl-C
(and removes its folder). Nothing here is used by the tests themselves."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from tests.mail.corpus import corpus
from tests.mail.dovecot import Dovecot


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.mail.serve")
    parser.add_argument("--people", type=Path, metavar="DB", help="add the corpus's people")
    args = parser.parse_args()
    if args.people:
        from db.engine import open_database
        from db.store import Store
        from tests.mail.people import know_corpus

        store = Store(open_database(args.people))
        know_corpus(store)
        store.close()
        print(f"people:    Nimbus Labs, Orbital and Quanta, one contact each, in {args.people}")
    server = Dovecot.start()
    try:
        conn = server.client()
        for mail in corpus():
            server.append_with(conn, mail.folder, mail.data, when=mail.when)
        conn.logout()
        secret = server.root / "password"
        secret.write_text(server.password + "\n")
        secret.chmod(0o600)
        print(f"host:      {server.host}")
        print(f"port:      {server.imaps_port} (TLS; STARTTLS on {server.imap_port})")
        print(f"user:      {server.user}")
        print(f"password:  cat {secret}")
        print(f"CA file:   {server.ca_file}")
        print()
        print(
            f"afterview mail setup --host {server.host} --port {server.imaps_port} "
            f"--user {server.user} --password-command 'cat {secret}' --ca-file {server.ca_file}"
        )
        print("Serving until Ctrl-C.", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()
