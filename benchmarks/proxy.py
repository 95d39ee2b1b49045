"""A loopback forwarder in front of the demo server: optional TLS, and what was served.

Every client talks to the demo server through it, so all pay the same extra hop. It
serves plain HTTP or HTTPS (some clients only speak HTTPS; a self-signed certificate is
made on the spot and handed to them as their CA bundle). It reads the HTTP going through
(``Conversation``), notes the path of every home-timeline request, and keeps the ids of
the statuses each timeline answer held: how many posts a client really has loaded.
"""

from __future__ import annotations

import asyncio
import datetime
import gzip
import ipaddress
import json
import ssl
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HOME = "/api/v1/timelines/home"
TIMELINES = "/api/v1/timelines/"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost: (certificate, key) files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class Forwarder:
    """Forward 127.0.0.1:<port> to ``target`` (host, port) in a background thread.

    ``rtt_ms`` makes it a slow link: every chunk of bytes, either way, arrives half the
    round trip after it was sent (in order, without adding up: a link's latency, not a
    queue's). ``kbps`` caps each direction of each connection at that many kilobits a
    second. Every client goes through the same link."""

    def __init__(
        self,
        target: tuple[str, int],
        *,
        tls: tuple[Path, Path] | None = None,
        rtt_ms: float = 0.0,
        kbps: float | None = None,
    ) -> None:
        self.target = target
        self.tls = tls
        self.rtt_ms = rtt_ms
        self.kbps = kbps
        self.log = ServedLog()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-forwarder", daemon=True)
        self._server: asyncio.Server | None = None

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> Forwarder:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the forwarder did not start")
        return self

    def stop(self) -> None:
        """Close the listener and every connection, then the loop (nothing left open)."""
        if self._thread.is_alive():
            future = asyncio.run_coroutine_threadsafe(self._shut_down(), self._loop)
            try:
                future.result(5)
            except Exception:  # stopping goes on, whatever went wrong
                pass
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
        if not self._loop.is_running() and not self._loop.is_closed():
            self._loop.close()

    async def _shut_down(self) -> None:
        if self._server is not None:
            self._server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    def reset(self) -> None:
        """Forget what was served: the next client starts from nothing."""
        self.log.clear()

    def posts_loaded(self) -> int:
        """How many distinct home-timeline statuses have been served since the reset."""
        return self.log.posts(HOME)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        context = None
        if self.tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*map(str, self.tls))
        server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=context)
        )
        self._server = server
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return

        conversation = Conversation(wanted=is_timeline)
        log = self.log

        def sent_by_client(data: bytes) -> None:
            # read before it goes on, so every response finds its request
            for method, target in conversation.client_sent(data):
                log.requested(method, target)

        def sent_by_server(data: bytes) -> None:
            # read after it went on: the client never waits for the counting
            for exchange in conversation.server_sent(data):
                log.answered(exchange)

        # A new connection costs a round trip (the TCP handshake) before its first request
        # is on its way; the listener accepted it at once, so the link holds that back.
        handshake_done = asyncio.get_running_loop().time() + self.rtt_ms / 1000

        async def upstream() -> None:
            await self._pipe(reader, up_writer, before=sent_by_client, not_before=handshake_done)

        async def downstream() -> None:
            await self._pipe(up_reader, writer, after=sent_by_server)
            for exchange in conversation.closed():
                log.answered(exchange)

        try:
            await asyncio.gather(upstream(), downstream())
        except (OSError, ssl.SSLError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            for w in (writer, up_writer):
                try:
                    w.close()
                except (OSError, RuntimeError):
                    pass

    async def _pipe(
        self,
        source: asyncio.StreamReader,
        sink: asyncio.StreamWriter,
        *,
        before: Callable[[bytes], None] | None = None,
        after: Callable[[bytes], None] | None = None,
        not_before: float = 0.0,
    ) -> None:
        """Copy ``source`` to ``sink`` through the link: each chunk delayed by half the
        round trip from when it arrived (or from ``not_before``, a loop time), and no
        faster than ``kbps``."""
        loop = asyncio.get_running_loop()
        delay = self.rtt_ms / 2000
        rate = self.kbps * 1000 / 8 if self.kbps else None  # bytes a second
        # Bounded: with a capped rate the sender feels the link (TCP backpressure), as on
        # a real slow link, instead of the forwarder holding a whole picture in memory.
        chunks: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue(maxsize=16)

        async def receive() -> None:
            try:
                while data := await source.read(65536):
                    if before is not None:
                        before(data)
                    await chunks.put((max(loop.time(), not_before) + delay, data))
            finally:  # the end, also when the connection broke: the sender stops and closes
                end = (max(loop.time(), not_before) + delay, b"")
                try:
                    chunks.put_nowait(end)
                except asyncio.QueueFull:  # queued behind what the sender still has to send
                    pending.add(loop.create_task(chunks.put(end)))

        pending: set[asyncio.Task[None]] = set()

        async def send() -> None:
            free_at = 0.0  # when the link has sent what it was given
            while True:
                due, data = await chunks.get()
                if (wait := due - loop.time()) > 0:
                    await asyncio.sleep(wait)
                if not data:
                    break
                if rate is not None:
                    free_at = max(loop.time(), free_at) + len(data) / rate
                    if (wait := free_at - loop.time()) > 0:
                        await asyncio.sleep(wait)
                sink.write(data)
                await sink.drain()
                if after is not None:
                    after(data)
            sink.close()

        await asyncio.gather(receive(), send())


# --- reading the HTTP that goes through -----------------------------------------------


@dataclass(frozen=True)
class Exchange:
    """A request and the complete response that answered it."""

    method: str
    target: str  # path and query, as requested
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes  # as sent: possibly compressed (see ``decoded_body``)

    @property
    def path(self) -> str:
        return self.target.partition("?")[0]


class _MessageReader:
    """One direction of an HTTP/1.1 connection, cut into messages as its bytes arrive."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.state = "head"  # head, length, chunk-size, chunk-data, chunk-end, trailer, close
        self.left = 0  # bytes of body (or of the chunk) still to come
        self.keep = False  # collect this message's body
        self.body = bytearray()

    def start_body(self, headers: dict[str, str], *, may_have_body: bool, until_close: bool) -> str:
        if not may_have_body:
            return "done"
        if "chunked" in headers.get("transfer-encoding", "").lower():
            return "chunk-size"
        if "content-length" in headers:
            self.left = int(headers["content-length"].split(",")[0])
            return "length" if self.left else "done"
        return "close" if until_close else "done"

    def take_head(self) -> tuple[str, dict[str, str]] | None:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        lines = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        del self.buffer[: end + 4]
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return lines[0], headers

    def take_body(self) -> bool:
        """Consume body bytes from the buffer; True once the message is complete."""
        while True:
            if self.state in ("length", "chunk-data"):
                piece = self.buffer[: self.left]
                if self.keep:
                    self.body += piece
                del self.buffer[: len(piece)]
                self.left -= len(piece)
                if self.left:
                    return False
                self.state = "done" if self.state == "length" else "chunk-end"
            elif self.state in ("chunk-size", "chunk-end", "trailer"):
                end = self.buffer.find(b"\r\n")
                if end < 0:
                    return False
                line = bytes(self.buffer[:end])
                del self.buffer[: end + 2]
                if self.state == "chunk-end":
                    self.state = "chunk-size"
                elif self.state == "trailer":
                    if not line:
                        self.state = "done"
                else:
                    self.left = int(line.split(b";")[0].strip() or b"0", 16)
                    self.state = "chunk-data" if self.left else "trailer"
            elif self.state == "close":
                if self.keep:
                    self.body += self.buffer
                self.buffer.clear()
                return False
            if self.state == "done":
                return True


class Conversation:
    """One HTTP/1.1 connection seen from the middle: which response answers which request.

    Feed it what the client sent (``client_sent``) and what the server sent
    (``server_sent``), in any pieces; it returns each complete exchange whose path
    ``wanted`` accepts, body included. Bodies of other responses (an endless event stream,
    say) are skipped, not kept. After a protocol switch (a WebSocket) it reads no more.
    """

    def __init__(self, wanted: Callable[[str], bool] = lambda path: True) -> None:
        self.wanted = wanted
        self.requests = _MessageReader()
        self.responses = _MessageReader()
        self.pending: deque[tuple[str, str]] = deque()  # (method, target) not yet answered
        self.request_head: tuple[str, str] | None = None
        self.answering: tuple[str, str] | None = None
        self.status = 0
        self.headers: dict[str, str] = {}
        self.switched = False

    def client_sent(self, data: bytes) -> list[tuple[str, str]]:
        """Read requests; return the (method, target) of each whose head is complete."""
        if self.switched:
            return []
        reader = self.requests
        reader.buffer += data
        seen = []
        while True:
            if reader.state == "head":
                head = reader.take_head()
                if head is None:
                    break
                method, target, *_ = head[0].split(" ") + ["", ""]
                seen.append((method, target))
                self.pending.append((method, target))
                if "upgrade" in head[1].get("connection", "").lower():
                    # what follows is another protocol, or nothing until the answer
                    reader.state = "close"
                    break
                reader.state = reader.start_body(head[1], may_have_body=True, until_close=False)
                if reader.state == "done":
                    reader.state = "head"
                    continue
            if not reader.take_body():
                break
            reader.state = "head"
        return seen

    def server_sent(self, data: bytes) -> list[Exchange]:
        """Read responses; return the complete exchanges on wanted paths."""
        if self.switched:
            return []
        reader = self.responses
        reader.buffer += data
        done: list[Exchange] = []
        while True:
            if reader.state == "head":
                head = reader.take_head()
                if head is None:
                    break
                parts = head[0].split(" ")
                self.status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
                self.headers = head[1]
                if self.status == 101:
                    self.switched = True
                    return done
                if 100 <= self.status < 200:  # an interim answer; the real one follows
                    continue
                self.answering = self.pending.popleft() if self.pending else ("GET", "")
                method, target = self.answering
                reader.keep = self.wanted(target.partition("?")[0])
                reader.body = bytearray()
                reader.state = reader.start_body(
                    self.headers,
                    may_have_body=method != "HEAD" and self.status not in (204, 304),
                    until_close=True,
                )
            if reader.state != "done" and not reader.take_body():
                break
            if reader.keep and self.answering:
                method, target = self.answering
                done.append(Exchange(method, target, self.status, self.headers, bytes(reader.body)))
            reader.state = "head"
        return done

    def closed(self) -> list[Exchange]:
        """The server closed the connection: a response read until then is complete."""
        reader = self.responses
        if reader.state == "close" and reader.keep and self.answering:
            method, target = self.answering
            reader.state = "head"
            return [Exchange(method, target, self.status, self.headers, bytes(reader.body))]
        return []


def decoded_body(exchange: Exchange) -> bytes:
    """The body without its content coding (gzip, deflate); ``ValueError`` if unknown."""
    coding = exchange.headers.get("content-encoding", "identity").lower().strip()
    body = exchange.body
    if coding in ("", "identity"):
        return body
    if coding in ("gzip", "x-gzip"):
        return gzip.decompress(body)
    if coding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some servers send
    raise ValueError(f"unknown content coding {coding!r}")


def status_ids(exchange: Exchange) -> list[str]:
    """The ids of the statuses a timeline answer held, in order; ``ValueError`` if it
    cannot be read. Only successful answers to a GET count: an error holds no posts."""
    if exchange.method != "GET" or not 200 <= exchange.status < 300:
        return []
    try:
        items = json.loads(decoded_body(exchange))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"unreadable answer to {exchange.target}: {error}") from error
    if not isinstance(items, list):
        raise ValueError(f"the answer to {exchange.target} is not a list")
    return [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


class ServedLog:
    """The timeline requests and the statuses served in answer, for all connections.

    Written by the forwarder's thread, read by the harness's: every access holds a lock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: list[tuple[float, str, str]] = []  # (perf_counter, method, target)
        self.home_requests: list[str] = []
        self.served: dict[str, set[str]] = {}  # timeline path -> status ids served
        self.unreadable: list[str] = []  # why an answer could not be counted

    def requested(self, method: str, target: str) -> None:
        with self._lock:
            self.requests.append((time.perf_counter(), method, target))
            if method == "GET" and target.partition("?")[0] == HOME:
                self.home_requests.append(target)

    def requests_until(self, moment: float) -> list[tuple[str, str]]:
        """The (method, target) of every request the client sent before ``moment`` (a
        ``time.perf_counter()`` value), in order."""
        with self._lock:
            return [(method, target) for at, method, target in self.requests if at <= moment]

    def answered(self, exchange: Exchange) -> None:
        try:
            ids = status_ids(exchange)
        except ValueError as error:
            with self._lock:
                self.unreadable.append(str(error))
            return
        with self._lock:
            self.served.setdefault(exchange.path, set()).update(ids)

    def posts(self, path: str = HOME) -> int:
        """How many distinct statuses the timeline at ``path`` has served."""
        with self._lock:
            return len(self.served.get(path, ()))

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self.home_requests.clear()
            self.served.clear()
            self.unreadable.clear()


def is_timeline(path: str) -> bool:
    return path.startswith(TIMELINES)
