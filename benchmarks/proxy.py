"""A loopback forwarder in front of the demo server: optional TLS, and a request log.

Every client talks to the demo server through it, so all pay the same extra hop. It
serves plain HTTP or HTTPS (some clients only speak HTTPS; a self-signed certificate is
made on the spot and handed to them as their CA bundle) and notes the path of every
home-timeline request, which tells how far back a client has paged.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import re
import ssl
import threading
from pathlib import Path

_HOME_REQUEST = re.compile(rb"GET (/api/v1/timelines/home[^ ]*) HTTP/1\.[01]\r\n")


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
    """Forward 127.0.0.1:<port> to ``target`` (host, port) in a background thread."""

    def __init__(self, target: tuple[str, int], *, tls: tuple[Path, Path] | None = None) -> None:
        self.target = target
        self.tls = tls
        self.home_requests: list[str] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-forwarder", daemon=True)

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> Forwarder:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the forwarder did not start")
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def reset(self) -> None:
        self.home_requests.clear()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        context = None
        if self.tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*map(str, self.tls))
        server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=context)
        )
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return

        async def upstream() -> None:
            tail = b""
            while data := await reader.read(65536):
                seen = tail + data
                self.home_requests.extend(
                    m.group(1).decode("ascii", "replace") for m in _HOME_REQUEST.finditer(seen)
                )
                # keep a short tail so a request line split across reads is still seen,
                # but never one that was already counted
                last = seen.rfind(b"\r\n")
                tail = seen[last + 2 :][-300:] if last >= 0 else seen[-300:]
                up_writer.write(data)
                await up_writer.drain()
            up_writer.close()

        async def downstream() -> None:
            while data := await up_reader.read(65536):
                writer.write(data)
                await writer.drain()
            writer.close()

        try:
            await asyncio.gather(upstream(), downstream())
        except (OSError, ssl.SSLError, asyncio.IncompleteReadError):
            pass
        finally:
            for w in (writer, up_writer):
                try:
                    w.close()
                except (OSError, RuntimeError):
                    pass


def loaded_from_requests(paths: list[str], home_ids: list[int]) -> int:
    """How many home posts the requested pages cover, given every home id newest first.

    A request with ``max_id=X&limit=N`` asks for the N posts below X; the deepest such
    request bounds how far a client has paged.
    """
    deepest = 0
    for path in paths:
        query = dict(
            part.split("=", 1) for part in path.partition("?")[2].split("&") if "=" in part
        )
        limit = int(query.get("limit", "20") or 20)
        start = 0
        if max_id := query.get("max_id"):
            try:
                bound = int(max_id)
            except ValueError:
                continue
            start = sum(1 for i in home_ids if i >= bound)
        deepest = max(deepest, min(len(home_ids), start + limit))
    return deepest
