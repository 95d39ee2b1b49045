"""Issue 16's figures for the media viewer, in a real 100x30 pseudo-terminal.

    python benchmarks/media.py [--runs N]

The installed ``tootui`` opens against mastodon-mock, whose home timeline holds one post
with a 1280x960 photo-like JPEG served from 127.0.0.1. For each protocol
(``image_protocol`` = halfblock, sixel, kitty) it presses ``v`` twice: the first time the
picture is downloaded, the second time (after ``q``) it was decoded moments before; then
a new tootui process opens it from the disk cache. It
reports the time from the key press to the first bytes of the picture on the terminal
("first pixels") and every byte written from the press until the screen goes quiet (the
whole viewer: the picture, its title, its alt text). See docs/performance.md.

    python benchmarks/media.py --previews [--runs N] [--presses N]

Inline previews (``inline_images``): the home timeline holds 40, then 2,000 posts (in one
answer, so no paging differs), each with a picture of its own; ``j`` is pressed from the
top with previews off and on, and each press is timed until the screen is quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mastodon_mock.testing.server import MockServer  # noqa: E402
from PIL import Image  # noqa: E402

from benchmarks.terminal import PtyProgram  # noqa: E402

FIXTURE = Path(__file__).resolve().parent.parent / "tests/fixtures/mastodon-4.7/statuses.jsonl"
PICTURE_MARK = {
    "halfblock": "▀".encode(),
    "sixel": b"\x1bP",
    "kitty": b"\x1b_G",
}


def photo() -> bytes:
    """A 1280x960 JPEG whose colours change along every row, as a photo's do."""
    base = Image.linear_gradient("L").resize((1280, 960))
    image = Image.merge("RGB", (base, base.rotate(90).resize((1280, 960)), base.transpose(0)))
    out = BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def small_photo(n: int) -> bytes:
    """A server's preview-sized JPEG (400x300), a different picture for each ``n``."""
    base = Image.linear_gradient("L").resize((400, 300)).rotate(n % 360)
    image = Image.merge("RGB", (base, base.transpose(0), base.rotate(90).resize((400, 300))))
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def serve(body: bytes) -> tuple[ThreadingHTTPServer, str]:
    previews: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path.startswith("/p/"):  # /p/N.jpg: the preview of post N
                n = int(self.path[3:].split(".")[0])
                data = previews.get(self.path) or previews.setdefault(self.path, small_photo(n))
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    host, port = httpd.server_address[:2]
    return httpd, f"http://{host}:{port}/photo.jpg"


def post_with_photo(url: str) -> dict[str, Any]:
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        status = json.loads(line)
        if status.get("media_attachments") and not status.get("reblog"):
            break
    status.update(sensitive=False, spoiler_text="", filtered=[], content="<p>POST-MARKER</p>")
    status["media_attachments"] = [
        {
            "id": "1",
            "type": "image",
            "url": url,
            "preview_url": url,
            "remote_url": None,
            "description": "A gradient standing in for a photo.",
            "blurhash": None,
            "meta": {},
        }
    ]
    return status


class RawPty(PtyProgram):
    """A PtyProgram that also keeps every byte, to find where the picture starts."""

    raw: bytearray

    def _take(self, chunks: list[tuple[float, bytes]]) -> int:
        if not hasattr(self, "raw"):
            self.raw = bytearray()
            self.marks: list[tuple[float, int]] = []
        for at, chunk in chunks:
            self.raw.extend(chunk)
            self.marks.append((at, len(self.raw)))
        return super()._take(chunks)

    def first_after(self, mark: bytes, start: int) -> float | None:
        """When the chunk completing the first ``mark`` after byte ``start`` was read."""
        found = bytes(self.raw).find(mark, start)
        if found < 0:
            return None
        return next(at for at, end in self.marks if end >= found + len(mark))


def open_viewer(program: RawPty, protocol: str) -> tuple[float, int]:
    """Press v; seconds to the picture's first bytes, and bytes until quiet."""
    program.settle(0.3)
    start = len(getattr(program, "raw", b""))
    before = program.bytes_total
    pressed = time.perf_counter()
    os.write(program.fd, b"v")
    mark = PICTURE_MARK[protocol]
    deadline = pressed + 30
    while program.first_after(mark, start) is None and time.perf_counter() < deadline:
        program.pump(0.05)
    first = program.first_after(mark, start)
    program.settle(0.5)
    if first is None:
        raise SystemExit(f"{protocol}: the picture never came:\n{program.text()}")
    return first - pressed, program.bytes_total - before


def posts_with_pictures(base: str, count: int) -> list[dict[str, Any]]:
    """``count`` posts, newest first, each with one picture of its own (for previews)."""
    template = post_with_photo(base + "/photo.jpg")
    posts = []
    for n in range(count):
        post = json.loads(json.dumps(template))
        post["id"] = str(10_000_000 - n)
        post["uri"] = f"https://example.org/statuses/{n}"
        post["content"] = f"<p>Post number {n} with a picture, POST-MARKER</p>"
        media = post["media_attachments"][0]
        media.update(id=str(n), url=f"{base}/p/{n}.jpg", preview_url=f"{base}/p/{n}.jpg")
        media["meta"] = {"small": {"width": 400, "height": 300, "aspect": 4 / 3}}
        media["blurhash"] = "LEHV6nWB2yk8pyo0adR*.7kCMdnj"
        posts.append(post)
    return posts


def measure_previews(
    server: MockServer, base: str, count: int, on: bool, presses: int
) -> dict[str, float]:
    """j with ``count`` posts loaded (all in one answer), inline previews on or off."""
    from benchmarks.run import QUIET, press_series, series_figures

    server.fault(status=200, body=posts_with_pictures(base, count), path="/api/v1/timelines/home")
    settings = 'inline_images = true\nimage_protocol = "halfblock"\n' if on else ""
    with tempfile.TemporaryDirectory() as tmp:
        exe, env = prepare(server, Path(tmp), settings)
        program = start(exe, env)
        try:
            program.settle(1.0, timeout=30)  # the first screen's pictures arrive
            presses = press_series(program, b"j", presses)
            program.settle(QUIET)
            figures = series_figures(presses)
            figures["rss_mb"] = program.peak_rss_mb()
        finally:
            stop(program)
    return figures


def prepare(server: MockServer, tmp: Path, settings: str) -> tuple[str, dict[str, str]]:
    """A signed-in home for the installed tootui; its command and environment."""
    home = tmp / "home"
    os.environ["TOOTUI_HOME"] = str(home)
    from tootui.accounts import AccountRecord, AccountStore, TokenStore

    AccountStore().add_or_update(
        AccountRecord(acct="alice@mock.local", base_url=server.base_url, username="alice")
    )
    TokenStore("file").set_token("alice@mock.local", "alice_token")
    del os.environ["TOOTUI_HOME"]
    (home / "config").mkdir(parents=True, exist_ok=True)
    # tokens in a file, said in the settings: no notice on screen to come and go
    (home / "config" / "config.toml").write_text(
        'token_store = "file"\nstreaming = false\n' + settings, encoding="utf-8"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "TOOTUI_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
    }
    return str(Path(sys.executable).parent / "tootui"), env


def measure(server: MockServer, protocol: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        exe, env = prepare(server, Path(tmp), f'image_protocol = "{protocol}"\n')
        program = start(exe, env)
        try:
            download_first, download_bytes = open_viewer(program, protocol)
            os.write(program.fd, b"q")
            cached_first, cached_bytes = open_viewer(program, protocol)
        finally:
            stop(program)
        program = start(exe, env)  # a new session: the picture is in the disk cache
        try:
            disk_first, disk_bytes = open_viewer(program, protocol)
        finally:
            stop(program)
    return {
        "downloaded_first_pixels_ms": download_first * 1000,
        "downloaded_bytes": download_bytes,
        "cached_first_pixels_ms": cached_first * 1000,
        "cached_bytes": cached_bytes,
        "disk_first_pixels_ms": disk_first * 1000,
        "disk_bytes": disk_bytes,
    }


def start(exe: str, env: dict[str, str]) -> RawPty:
    program = RawPty([exe], env=env, cols=100, rows=30)
    if program.wait_for(lambda t: "POST-MARKER" in t, 60) is None:
        stop(program)
        raise SystemExit("tootui never showed the post:\n" + program.text())
    return program


def stop(program: RawPty) -> None:
    os.write(program.fd, b"qq")
    program.process.wait(10)
    os.close(program.fd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--previews",
        action="store_true",
        help="only the inline previews: j with 40 and 2,000 posts (each with a picture), "
        "previews on and off",
    )
    parser.add_argument("--presses", type=int, default=25, help="j presses per run (--previews)")
    args = parser.parse_args()
    if args.previews:
        return main_previews(args.runs, args.presses)
    httpd, url = serve(photo())
    results: dict[str, dict[str, float]] = {}
    try:
        with MockServer() as server:
            server.fault(status=200, body=[post_with_photo(url)], path="/api/v1/timelines/home")
            for protocol in ("halfblock", "sixel", "kitty"):
                runs = [measure(server, protocol) for _ in range(args.runs)]
                results[protocol] = {
                    key: statistics.median(run[key] for run in runs) for key in runs[0]
                }
    finally:
        httpd.shutdown()
        httpd.server_close()
    print(
        f"{'protocol':<10} {'first px (dl)':>14} {'bytes (dl)':>11} {'first px (again)':>17}"
        f" {'bytes (again)':>14} {'first px (disk)':>16} {'bytes (disk)':>13}"
    )
    for protocol, r in results.items():
        print(
            f"{protocol:<10} {r['downloaded_first_pixels_ms']:>11.0f} ms {r['downloaded_bytes']:>11,.0f}"
            f" {r['cached_first_pixels_ms']:>14.0f} ms {r['cached_bytes']:>14,.0f}"
            f" {r['disk_first_pixels_ms']:>13.0f} ms {r['disk_bytes']:>13,.0f}"
        )
    return 0


def main_previews(runs: int, presses: int) -> int:
    """Issue 16.2: a key press costs the same with 40 or 2,000 posts, previews on."""
    httpd, url = serve(photo())
    base = url.rsplit("/", 1)[0]
    rows: dict[str, dict[str, float]] = {}
    try:
        with MockServer() as server:
            for count in (40, 2000):
                for on in (False, True):
                    measured = [
                        measure_previews(server, base, count, on, presses) for _ in range(runs)
                    ]
                    rows[f"{count} posts, previews {'on' if on else 'off'}"] = {
                        key: statistics.median(m[key] for m in measured if key in m)
                        for key in ("p50_ms", "p90_ms", "bytes", "rss_mb")
                    }
    finally:
        httpd.shutdown()
        httpd.server_close()
    print(f"{'':<26} {'j p50':>8} {'j p90':>8} {'bytes/j':>9} {'peak RSS':>10}")
    for name, r in rows.items():
        print(
            f"{name:<26} {r['p50_ms']:>5.1f} ms {r['p90_ms']:>5.1f} ms {r['bytes']:>9,.0f}"
            f" {r['rss_mb']:>7.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
