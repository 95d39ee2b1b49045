"""Tiny misbehaving HTTP servers on 127.0.0.1, for failures the mock server cannot fake.

``RawServer`` accepts connections on a background thread, reads each request's head,
and hands the socket to a ``Reply`` that writes whatever bytes (or nothing) it likes:
hang forever, reset the connection halfway, send a shorter body than promised, or a
canned answer. Every socket it ever held is closed by ``close()``; use it as a context
manager (or through a fixture) so no thread or socket outlives its test.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import urlsplit

Reply = Callable[[socket.socket, bytes], None]


class Closing:
    """A context manager whose exit is ``self.close()``."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def accepted(listener: socket.socket, stop: threading.Event) -> Iterator[socket.socket]:
    """Each connection ``listener`` accepts until ``stop`` is set or the listener is closed.

    ``listener`` has a timeout, so a set ``stop`` is seen even when nobody connects."""
    while not stop.is_set():
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        except OSError:  # the listener was closed
            return
        yield conn


def pump(source: socket.socket, sink: socket.socket) -> None:
    """Copy ``source`` to ``sink`` until either side is cut, then shut both."""
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass  # the other side was cut: this pump is done
    for sock in (source, sink):
        with contextlib.suppress(OSError):  # already shut
            sock.shutdown(socket.SHUT_RDWR)


class RawServer(Closing):
    """A one-thread HTTP listener whose answers are scripted by ``reply``."""

    def __init__(self, reply: Reply) -> None:
        self._reply = reply
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(1.0)  # a backstop: close() wakes accept() at once
        host, port = self._listener.getsockname()[:2]
        self.base_url = f"http://{host}:{port}"
        self.host = f"{host}:{port}"
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.requests: list[bytes] = []  # each request's head (request line and headers)
        self.request_seen = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="RawServer", daemon=True)
        self._thread.start()

    @property
    def paths(self) -> list[str]:
        """The path of every request received, in order."""
        with self._lock:
            return [r.split(b" ", 2)[1].decode("latin-1") for r in self.requests]

    def _serve(self) -> None:
        for conn in accepted(self._listener, self._stop):
            with self._lock:
                self._held.append(conn)
            conn.settimeout(5)
            try:
                head = _read_head(conn)
                with self._lock:
                    self.requests.append(head)
                self.request_seen.set()
                self._reply(conn, head)
            except OSError:
                pass  # the client went away first; nothing to answer

    def close(self) -> None:
        self._stop.set()
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self._listener.close()
        self._thread.join(timeout=5)
        with self._lock:
            for conn in self._held:
                conn.close()
            self._held.clear()


def _read_head(conn: socket.socket) -> bytes:
    """Read up to the blank line, then any body the Content-Length announces."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head


# --- replies ----------------------------------------------------------------------------


def hang(conn: socket.socket, head: bytes) -> None:
    """Say nothing; the socket stays open until the server is closed."""


def _reset(conn: socket.socket) -> None:
    """Close with an RST instead of a FIN (SO_LINGER with a zero timeout)."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def reset_before_answer(conn: socket.socket, head: bytes) -> None:
    """Reset the connection right after reading the request."""
    _reset(conn)


def reset_mid_body(conn: socket.socket, head: bytes) -> None:
    """Start a 200 answer, send part of the body, then reset the connection."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n"
        b'{"id": "1", "username": "alice", "note": "'
    )
    _reset(conn)


def truncated_body(conn: socket.socket, head: bytes) -> None:
    """Promise 4000 bytes, send 40, and close cleanly."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n"
        b"Connection: close\r\n\r\n"
        b'{"id": "1", "username": "alice", "note":'
    )
    conn.shutdown(socket.SHUT_WR)


def canned(
    status: int = 200,
    body: bytes | str | Any = b"",
    *,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Reply:
    """Always answer with this status, body and headers (a non-bytes body is sent as JSON)."""
    if isinstance(body, str):
        payload = body.encode()
    elif isinstance(body, bytes):
        payload = body
    else:
        payload = json.dumps(body).encode()

    def reply(conn: socket.socket, head: bytes) -> None:
        lines = [f"HTTP/1.1 {status} Whatever", f"Content-Type: {content_type}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        lines += [f"Content-Length: {len(payload)}", "Connection: close", "", ""]
        conn.sendall("\r\n".join(lines).encode() + payload)
        conn.shutdown(socket.SHUT_WR)

    return reply


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# --- a proxy that holds chosen requests -------------------------------------------------


class HoldingProxy(Closing):
    """An HTTP proxy on 127.0.0.1 to ``upstream`` that holds the requests whose path
    matches ``hold`` unanswered until ``release()``: a server exactly as slow as a test
    needs, with no clock involved.

    Only requests with one of ``methods`` are held. ``held`` counts the requests being
    held now; ``holding`` is set once one was, ``answered`` once a held one got its answer.
    Without ``keep_waiting`` a held client times out as usual, and ``forwarded`` is set
    once a released request has reached the upstream server. With ``keep_waiting`` the
    proxy sends the answer's head at once and then one space of its (JSON) body every
    0.1 s until released, so no read timeout ever ends the wait: the request lasts until
    the client itself gives up (say, by quitting).
    """

    def __init__(
        self,
        upstream: str,
        hold: str,
        *,
        methods: tuple[str, ...] = ("GET", "POST", "PUT", "PATCH", "DELETE"),
        keep_waiting: bool = False,
    ) -> None:
        self.upstream = urlsplit(upstream)
        self.hold = re.compile(hold)
        self.methods = methods
        self.keep_waiting = keep_waiting
        self.held = 0
        self.holding = threading.Event()
        self.forwarded = threading.Event()
        self.answered = threading.Event()  # a held request got its whole answer
        self.seen: list[tuple[str, str]] = []  # (method, path with query) of every request
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="HoldingProxy", daemon=True
        )
        self._thread.start()

    def release(self) -> None:
        """Let every held request (and every later one) through."""
        self._released.set()

    def _forward(self, method: str, path: str, headers: Any, body: bytes | None) -> Any:
        """The upstream answer: (status, reason, headers, body)."""
        host = self.upstream.hostname or "127.0.0.1"
        conn = http.client.HTTPConnection(host, self.upstream.port, timeout=30)
        try:
            sent = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection")}
            conn.request(method, path, body=body, headers=sent)
            answer = conn.getresponse()
            return answer.status, answer.reason, answer.getheaders(), answer.read()
        finally:
            conn.close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _reply(self) -> None:
                with proxy._lock:
                    proxy.seen.append((self.command, self.path))
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                held = (
                    not proxy._released.is_set()
                    and self.command in proxy.methods
                    and proxy.hold.search(self.path) is not None
                )
                if held:
                    with proxy._lock:
                        proxy.held += 1
                    proxy.holding.set()
                    try:
                        if proxy.keep_waiting:
                            self._dribble_until_released(body)
                            return
                        proxy._released.wait()
                    finally:
                        with proxy._lock:
                            proxy.held -= 1
                status, reason, headers, content = proxy._forward(
                    self.command, self.path, self.headers, body
                )
                if held:
                    proxy.forwarded.set()
                try:
                    self.send_response(status, reason)
                    for key, value in headers:
                        if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                    if held:
                        proxy.answered.set()
                except OSError:
                    self.close_connection = True  # a held client that timed out is gone

            def _dribble_until_released(self, body: bytes | None) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.close_connection = True
                try:
                    self.wfile.flush()
                    while not proxy._released.wait(0.1):
                        self.wfile.write(b"1\r\n \r\n")  # whitespace may start a JSON body
                        self.wfile.flush()
                    content = proxy._forward(self.command, self.path, self.headers, body)[3]
                    self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(content), content))
                    proxy.answered.set()
                except OSError:
                    pass  # the client is gone: nothing left to hold

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _reply

        return Handler

    def close(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
