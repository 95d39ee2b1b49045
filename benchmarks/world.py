"""The seeded demo server the benchmarks run against, and what its home timeline holds.

The server runs as its own process (``python -m tootui.demo``) so its work never counts
against the client being measured. The harness reads the home timeline once through the
API, exactly as a client would page it, so it can recognise any post on a screen.
"""

from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

SEED = 7
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p>", re.I)


def plain_text(content: str) -> str:
    """Status HTML as one line of plain text."""
    text = _BREAK.sub(" ", content)
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def snippet(status: Any, *, limit: int = 60) -> str:
    """A short piece of text a client shows at the start of a post: its CW, else its text.

    Only ASCII text is used: right-to-left scripts are reordered and reshaped on screen.
    Leading @mentions are left out (clients render them differently), and the piece ends
    at a word boundary within ``limit`` characters so it never wraps on a 100-column screen.
    """
    target = status.get("reblog") or status
    text = target.get("spoiler_text") or plain_text(target.get("content") or "")
    words = text.split()
    while words and words[0].startswith("@"):
        words.pop(0)
    piece = ""
    for word in words:
        if len(piece) + len(word) + 1 > limit:
            break
        piece = f"{piece} {word}".strip()
    return piece if len(piece) >= 8 and piece.isascii() else ""


@dataclass
class DemoWorld:
    """A running demo server process with ``posts`` statuses, and its home timeline."""

    posts: int
    process: subprocess.Popen[str]
    base_url: str
    token: str
    home: list[Any] = field(default_factory=list)
    snippets: dict[str, int] = field(default_factory=dict)  # unique snippet -> index

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[1]

    @property
    def acct(self) -> str:
        return f"demo@{self.host}"

    def first_post_snippets(self, count: int = 3) -> list[str]:
        """Text any of which on screen means the newest posts are up: the start of their
        text, and the handles and display names of their authors (and boosters), which
        every client shows in a post's header even when the text is in a narrow column.
        The signed-in account's own name is left out: a client may show it before posts.
        """
        markers = [s for s in (snippet(status) for status in self.home[:count]) if s]
        for status in self.home[:count]:
            for account in (status["account"], (status.get("reblog") or {}).get("account")):
                if not account or account["username"] == "demo":
                    continue
                handle = f"{account['username']}@127"  # a list may cut the host short
                if handle not in markers:
                    markers.append(handle)
                name = (account.get("display_name") or "").strip()
                if len(name) >= 6 and name.isascii() and name not in markers:
                    markers.append(name)
        return markers

    def loaded_at_least(self, screen_text: str) -> int:
        """How many home posts a screen proves are loaded: the oldest one visible, plus one."""
        flat = " ".join(screen_text.split())
        best = 0
        for piece, index in self.snippets.items():
            if index + 1 > best and piece in flat:
                best = index + 1
        return best

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> DemoWorld:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_world(posts: int, *, read_home: bool = True, media_share: float = 0.0) -> DemoWorld:
    """Start ``python -m tootui.demo`` with ``posts`` statuses and read its home timeline;
    ``media_share``: that share of generated posts also carries a picture."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tootui.demo",
            "--port",
            "0",
            "--posts",
            str(posts),
            "--seed",
            str(SEED),
            "--media-share",
            str(media_share),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline().split()
    if len(line) != 2:
        process.kill()
        process.wait()
        raise RuntimeError(f"the demo server did not start (said {line!r})")
    world = DemoWorld(posts, process, line[0], line[1])
    if read_home:
        world.home = read_home_timeline(world.base_url, world.token)
        counts: dict[str, int] = {}
        for status in world.home:
            if piece := snippet(status):
                counts[piece] = counts.get(piece, 0) + 1
        for index, status in enumerate(world.home):
            piece = snippet(status)
            if piece and counts[piece] == 1:
                world.snippets[piece] = index
    return world


def read_home_timeline(base_url: str, token: str) -> list[Any]:
    """Every home status, newest first, paged 40 at a time like the clients do."""
    from mastodon import Mastodon

    api = Mastodon(api_base_url=base_url, access_token=token, request_timeout=30)
    items: list[Any] = []
    page = api.timeline_home(limit=40)
    while page:
        items.extend(page)
        page = api.fetch_next(page)
    return items
