"""A tiny OAuth2 introspection endpoint on localhost for the XOAUTH2 tests: Dovecot posts
`token=...` and learns whether it is active and whose it is (RFC 7662's answer)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

TOKEN = "ya29.a0-test-token-Zq81xT"  # the tests look for this string everywhere


class Introspection:
    """`with Introspection(user) as endpoint:` endpoint.url answers for TOKEN only."""

    def __init__(self, user: str, token: str = TOKEN) -> None:
        self.asked: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                size = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(size).decode())
                given = (form.get("token") or [""])[0]
                owner.asked.append(given)
                answer = {"active": True, "username": user} if given == token else {"active": False}
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/introspect"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def __enter__(self) -> Introspection:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
