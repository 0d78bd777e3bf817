"""Relays in front of the test server: one that hangs up after passing `cut_after` bytes
from the server (a server that closes the connection in the middle of a fetch), and one
that records, decrypted, every command the client sends."""

from __future__ import annotations

import select
import socket
import ssl
import threading


class CuttingProxy:
    def __init__(self, port: int, cut_after: int) -> None:
        self.target, self.cut_after = port, cut_after
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.passed = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, counted: bool) -> None:
        try:
            while data := source.recv(4096):
                if counted:
                    room = self.cut_after - self.passed
                    data = data[: max(room, 0)]
                    self.passed += len(data)
                sink.sendall(data)
                if counted and self.passed >= self.cut_after:
                    break
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.listener.close()


class RecordingProxy:
    """A TLS relay in front of the test server that keeps every byte the client sends,
    decrypted: what the server was asked, at the protocol level, whatever the client's
    code says it does. It presents the server's own certificate, so a client that trusts
    the test CA file trusts it too. The record stays in memory (it holds the login)."""

    def __init__(self, server) -> None:
        self.target, self.ca_file = server.imaps_port, str(server.ca_file)
        self.inbound = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.inbound.load_cert_chain(server.root / "cert.pem", server.root / "key.pem")
        self.outbound = ssl.create_default_context(cafile=self.ca_file)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sent = bytearray()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(raw,), daemon=True).start()

    def _relay(self, raw: socket.socket) -> None:
        try:
            client = self.inbound.wrap_socket(raw, server_side=True)
            upstream = socket.create_connection(("127.0.0.1", self.target))
            server = self.outbound.wrap_socket(upstream, server_hostname="127.0.0.1")
        except OSError:
            raw.close()
            return
        both = [client, server]
        try:
            while True:
                ready = [s for s in both if s.pending()] or select.select(both, [], [], 60)[0]
                if not ready:
                    return
                for source in ready:
                    data = source.recv(65536)
                    if not data:
                        return
                    if source is client:
                        self.sent += data
                    (server if source is client else client).sendall(data)
        except OSError:
            pass
        finally:
            for s in both:
                s.close()

    def commands(self) -> list[str]:
        """Each line the client sent, as text (tag first; literal data on its own line)."""
        return self.sent.decode("utf-8", "replace").splitlines()

    def close(self) -> None:
        self.listener.close()
