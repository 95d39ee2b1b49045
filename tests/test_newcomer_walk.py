"""A newcomer's first minutes, end to end: the installed ``tootui`` in a real pty against
the demo world, driven by keys, the screen read at each step, the server read at the end.

The demo server runs in this process (``tootui.demo``), so the test can make a post arrive
and read back what tootui sent; tootui itself is the installed command, signed in to it
with a stored account, exactly as after ``tootui login``.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.pty_app import PtyApp, pty_env, store_account
from tootui.api import MastodonClient
from tootui.api.client import TimelineSource
from tootui.demo import DemoServer, start_demo_server

ARABIC = re.compile(r"[\u0600-\u06ff]")
TIMEOUT = 60.0  # a bound for a failure, never a measure of speed


@pytest.fixture
def demo() -> Iterator[DemoServer]:
    with start_demo_server(posts=60) as server:
        yield server


def plain(text: str) -> str:
    """Screen text with Arabic presentation forms back to letters (tootui shapes them)."""
    return unicodedata.normalize("NFKC", text)


def selected(app: PtyApp) -> str:
    """The lines of the selected entry (marked with the selection bar); "" while a frame
    is half drawn (the bar on two entries at once)."""
    rows = [i for i, line in enumerate(app.screen.display) if line.startswith("▌")]
    if not rows or rows[-1] - rows[0] + 1 != len(rows):
        return ""
    return "\n".join(app.screen.display[i] for i in rows)


def wait(app: PtyApp, condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        app.pump(0.1)
        if condition():
            return
        assert app.proc.poll() is None, f"tootui exited while waiting for {what}:\n{app.text()}"
    raise AssertionError(f"waited {TIMEOUT:.0f} s for {what}; the screen:\n{app.text()}")


def shows(app: PtyApp, words: str) -> bool:
    """Whether ``words`` (Arabic ones too: shaped or not, either order) are on screen."""
    text = plain(app.text())
    return words in text or words[::-1] in text


def status_line(app: PtyApp) -> str:
    return app.screen.display[-2]


def test_a_newcomers_first_minutes(demo: DemoServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    store_account(home, demo.acct, demo.base_url, demo.token)
    env = pty_env(tmp_path, home)
    app = PtyApp([], env)
    client = MastodonClient(demo.base_url, demo.token, timeout=10)
    try:
        # open: the home timeline, the account, the tabs
        wait(app, lambda: "1 Home" in app.text() and "↩" in app.text(), "the first posts")
        assert f"@{demo.acct}" in app.screen.display[0]
        wait(app, lambda: "Live" in status_line(app), "live updates")

        # read down: the selection moves from post to post
        first = selected(app)
        app.press("j")
        wait(app, lambda: selected(app) not in ("", first), "the next post")

        # open a thread, and come back
        app.press("\r")
        wait(app, lambda: "Thread" in app.screen.display[0], "the thread screen")
        app.press("q")
        wait(app, lambda: "1 Home" in app.screen.display[0], "home again")

        # reply to an Arabic post, from the middle of the timeline
        for _ in range(60):
            lines = selected(app).split("\n")
            if "@layla@" in lines[0] and ARABIC.search(plain("\n".join(lines[1:]))):
                break
            before = selected(app)
            app.press("j")
            wait(app, lambda before=before: selected(app) not in ("", before), "the next post")
        assert "@layla@" in selected(app).split("\n")[0], app.text()
        app.press("r")
        wait(app, lambda: "Replying to @layla" in app.text(), "the reply composer")
        app.press("شكرًا على الشاي")
        wait(app, lambda: shows(app, "على الشاي"), "the reply's text")
        app.press("\x13")  # ctrl+s
        wait(app, lambda: "Posted" in app.text(), "the reply to be posted")

        # post with a content warning, unlisted
        app.press("c")
        wait(app, lambda: "From @demo" in app.text(), "the composer")
        app.press("\x17")  # ctrl+w: the content warning field
        wait(app, lambda: "Content warning (shown instead" in app.text(), "the CW field")
        app.press("film ending")
        wait(app, lambda: "film ending" in app.text(), "the CW typed")
        app.press("\t")  # on to the text
        app.press("The twist was that the harbour was the main character.")
        wait(app, lambda: "main character." in app.text(), "the text typed")
        app.press("\x12")  # ctrl+r: public -> unlisted
        wait(app, lambda: "Unlisted" in app.text() or "unlisted" in app.text(), "unlisted")
        app.press("\x13")
        wait(app, lambda: "Posted" in app.text(), "the post with a content warning")

        # open a hashtag in Arabic
        app.press("#")
        wait(app, lambda: "Hashtag" in app.text(), "the hashtag prompt")
        app.press("عربي\r")
        wait(
            app,
            lambda: (
                "عربي" in plain(app.screen.display[0])[::-1]
                or "عربي" in plain(app.screen.display[0])
            ),
            "the #عربي tab",
        )
        wait(app, lambda: "@layla@" in app.text(), "posts tagged #عربي")

        # switch tabs
        for key, name in (("2", "Local"), ("3", "Federated"), ("4", "Notifications")):
            app.press(key)
            wait(app, lambda name=name: name in app.screen.display[0], f"the {name} tab")
        app.press("1")
        wait(app, lambda: "Home" in app.screen.display[0], "home")
        app.press("g")
        app.press("g")

        # a new post arrives while reading at the top
        demo.post_as("layla", "NEW-ARRIVAL fresh mint tea for everyone")
        wait(app, lambda: "NEW-ARRIVAL" in app.text(), "the new post on screen")

        # quit: at once, quietly
        app.press("q")
        deadline = time.monotonic() + TIMEOUT
        while app.proc.poll() is None and time.monotonic() < deadline:
            app.pump(0.1)
        assert app.proc.returncode == 0
        after_exit = bytes(app.raw).rsplit(b"\x1b[?1049l", 1)[-1]
        assert b"Traceback" not in after_exit and b"Error" not in after_exit, after_exit[:2000]
    finally:
        app.close()

    # what the server received
    me = client.verify_credentials()
    mine = client.timeline(TimelineSource("account", me.id)).items
    reply = next(s for s in mine if "على الشاي" in s.content)
    answered = client.status(reply.in_reply_to_id or "")
    assert answered.account.acct.startswith("layla")
    assert [m.acct.split("@")[0] for m in reply.mentions] == ["layla"]
    text = re.sub(r"<[^>]+>", "", reply.content)
    assert re.match(r"^@layla(@\S+)? شكرًا على الشاي$", text.strip()), text
    assert reply.visibility == answered.visibility  # a reply travels no further
    cw = next(s for s in mine if s.spoiler_text == "film ending")
    assert "main character" in cw.content
    assert cw.visibility == "unlisted"
