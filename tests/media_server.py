"""A local picture server for the media tests: good, oversized, truncated, bomb, wrong
type and hanging files on 127.0.0.1, with every request's headers recorded."""

from __future__ import annotations

import struct
import threading
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from typing import Any, Self

from PIL import Image


def png_bytes(
    width: int = 64, height: int = 48, colour: tuple[int, int, int] = (200, 30, 60)
) -> bytes:
    """A real PNG of one colour with a stripe, so it is a picture and not a blank."""
    image = Image.new("RGB", (width, height), colour)
    for x in range(width):
        image.putpixel((x, height // 2), (255, 255, 255))
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width: int = 1280, height: int = 960) -> bytes:
    """A photo-like JPEG: a gradient, so colours change along every row."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header declares ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@dataclass
class Served:
    """What one path answers."""

    body: bytes
    content_type: str = "image/png"
    status: int = 200
    hang: bool = False  # send nothing until the server closes
    gate: threading.Event | None = None  # send nothing until this is set (or the server closes)
    send_length: bool = True


class MediaServer:
    """An HTTP server on 127.0.0.1 serving ``routes``; use it as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Served] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stop = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                outer.requests.append((self.path, dict(self.headers.items())))
                served = outer.routes.get(self.path)
                if served is None:
                    self.send_error(404)
                    return
                if served.hang:
                    outer.stop.wait()
                    return
                while served.gate is not None and not served.gate.wait(0.05):
                    if outer.stop.is_set():
                        return
                self.send_response(served.status)
                self.send_header("Content-Type", served.content_type)
                if served.send_length:
                    self.send_header("Content-Length", str(len(served.body)))
                self.end_headers()
                try:
                    self.wfile.write(served.body)
                except OSError:
                    pass  # the client gave up (a size cap): nothing to answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
