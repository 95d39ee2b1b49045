"""Issue 7: every kind of hostile remote text, in every remote field, through the real app.

A tiny local HTTP server answers the handful of Mastodon endpoints tootui calls with real
Mastodon 4.7 JSON (``tests/conftest.load_fixture``) whose remote fields hold hostile
strings. The installed ``tootui`` runs in a 100x30 pseudo-terminal (``tests.pty_app``);
the bytes it writes are searched for the injected sequences and the screen, as emulated
by pyte, must stay intact. ``tootui login`` is checked the same way on its stdout.
"""

from __future__ import annotations

import copy
import html
import json
import re
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import load_fixture
from tests.pty_app import PtyApp, pty_env, store_account, tootui_command

# --- the hostile strings ------------------------------------------------------------------
#
# Each case: a name, the text put into plain-text fields (display names, CWs, poll options,
# alt text, card titles, instance title and rules) and the HTML put into HTML fields
# (content, bios, profile field values). Every case carries a distinctive marker
# ("HOSTILE-<NAME>") so the test can find it on screen and next to escape introducers.

MB = 1_000_000
# Nonspacing marks only: pyte stops drawing a chunk at an enclosing mark (U+0489, U+20DD:
# zero width but combining class 0), which a real terminal combines; tests/test_sanitize*
# cover those.
ZALGO = "Z" + "\u0301\u0336\u0335\u0352" * 2500 + "HOSTILE-ZALGO" + "\u0335" * 5000

CASES: dict[str, tuple[str, str]] = {
    "esc": ("\x1b[2J\x1b[H\x1b[31;1;5mHOSTILE-ESC\x1b[?1049l\x1b[?25h\x1bc\x1b7\x1b8",) * 2,
    "csi": ("\x1b[8;5;5t\x1b[3;1HHOSTILE-CSI\x1b[1000;1000H\x1b[10S\x1b[5r",) * 2,
    "osc": (
        "\x1b]0;HOSTILE-OSC-TITLE\x07\x1b]2;HOSTILE-OSC-TITLE\x1b\\"
        "\x1b]52;c;SE9TVElMRQ==\x07\x1b]8;;file:///etc/passwd\x1b\\HOSTILE-OSC\x1b]8;;\x1b\\",
    )
    * 2,
    "dcs": ("\x1bPq#0;2;0;0;0#0!10~HOSTILE-DCS\x1b\\\x1bP$qm\x1b\\",) * 2,
    "apc": ("\x1b_Gf=100,a=T;HOSTILE-APC\x1b\\\x1b^HOSTILE-PM\x1b\\\x1bXHOSTILE-SOS\x1b\\",) * 2,
    "c0": ("a\x00b\x07c\x08\x08d\x0b\x0c\x0e\x0f\x1a\x7fe\rHOSTILE-C0\x05",) * 2,
    "c1": ("\x9b2J\x9b31mHOSTILE-C1\x9d0;HOSTILE-C1-TITLE\x9c\x90q\x9c\x9f\x9e\x85\x8d\x84",) * 2,
    "bidi": (
        "abc\u202eHOSTILE-BIDI-DESREVER\u202c\u202a\u202b\u202d\u2066\u2067\u2068x\u2069"
        "\u200e\u200f\u061c",
    )
    * 2,
    "zero-width": ("HOS\u200bTILE\u2060-\ufeffZW\u00ad\u180e\ufff9\U000e0041\u200d",) * 2,
    "zalgo": (ZALGO,) * 2,
    "long-word": ("HOSTILE-WORD" + "w" * 100_000,) * 2,
    "megabyte": (
        "HOSTILE-MB " + "x" * (MB - 11),
        "<p>HOSTILE-MB " + "<br>".join(["y" * 95] * (MB // 100)) + "</p>",
    ),
    "nested": (
        "<b>" * 10_000 + "HOSTILE-NEST" + "</b>" * 10_000,
        "<div><span><b>" * 3_400 + "HOSTILE-NEST" + "</b></span></div>" * 3_400,
    ),
    "surrogates": ("\udc80HOSTILE-SURR\ud800x\udfff\udbff",) * 2,
    "markup": (
        "[bold]HOSTILE-MARKUP[/bold] [@click=app.quit]QUIT[/] [link=file:///etc/passwd]x[/link]"
        " [red on red]hidden[/]",
    )
    * 2,
    "hrefs": (
        "javascript:alert(1) HOSTILE-HREF file:///etc/passwd",
        '<a href="javascript:alert(1)">HOSTILE-HREF-JS</a> '
        '<a href="file:///etc/passwd">HOSTILE-HREF-FILE</a> '
        '<a href="data:text/html,x">HOSTILE-HREF-DATA</a> '
        '<a href="https://evil.example/\x1b]0;x\x07">HOSTILE-HREF-ESC</a> '
        "&#27;[2J&#x9b;31m&#8238;HOSTILE-ENTITY&#x1b;]0;HOSTILE-ENT-TITLE&#7;",
    ),
}
NAMES = list(CASES)
HEAVY = {"megabyte", "nested", "long-word", "zalgo"}

# Sequences that must never reach the terminal as such, whatever field they came from.
FORBIDDEN_BYTES = [
    b"\x1b[2J\x1b[H",
    b"\x1b[31;1;5mHOSTILE",
    b"\x1b[8;5;5t",
    b"\x1b[1000;1000H",
    b"\x1bc",
    b"\x1b]0;HOSTILE",
    b"\x1b]2;HOSTILE",
    b"\x1b]52;",
    b"\x1b]8;;file:",
    b"\x1bPq",
    b"\x1bP$q",
    b"\x1b_G",
    b"\x1b^HOSTILE",
    b"\x1bXHOSTILE",
    b"\x05",
    b"\x00",
]
# An escape-sequence introducer shortly before any marker is an injected sequence.
INTRODUCED_MARKER = re.compile(rb"(\x1b[\[\]P_^X]|\xc2[\x80-\x9f])[^\x1b]{0,60}HOSTILE")
# C1 controls encoded in UTF-8, bidi overrides/isolates, invisible characters.
C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
BIDI_AND_INVISIBLE = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\u00ad\U000e0000-\U000e007f]"
)
OSC8 = re.compile(rb"\x1b]8;[^;\x07\x1b]*;([^\x07\x1b]*)")


def plain_field(name: str) -> str:
    return CASES[name][0]


def html_field(name: str) -> str:
    text, markup = CASES[name]
    if markup is text:  # the same hostile text, as the text of a paragraph
        return "<p>" + markup.replace("&", "&amp;").replace("<", "&lt;") + "</p>"
    return markup


# --- the crafted server -----------------------------------------------------------------


def _account(template: dict[str, Any], index: int, name: str) -> dict[str, Any]:
    account = copy.deepcopy(template)
    text = plain_field(name)
    account.update(
        id=str(9000 + index),
        username=f"case{index}",
        acct=f"case{index}@hostile.example",
        display_name=text,
        note=html_field(name),
        url="javascript:alert(1)" if name == "hrefs" else f"https://hostile.example/@case{index}",
        fields=[
            {"name": text[:2000], "value": html_field(name), "verified_at": None},
            {"name": "Site", "value": '<a href="file:///etc/passwd">file</a>', "verified_at": None},
        ],
        emojis=[],
    )
    return account


def _status(template: dict[str, Any], account: dict[str, Any], index: int, name: str) -> Any:
    status = copy.deepcopy(template)
    text = plain_field(name)
    status.update(
        id=str(1_000_000 - index),  # newest first
        account=account,
        content=html_field(name),
        spoiler_text=text,
        sensitive=True,
        emojis=[],
        mentions=[],
        tags=[],
        filtered=[],
        url="file:///etc/passwd" if name == "hrefs" else status["url"],
    )
    status["poll"]["options"] = [
        {"title": text, "votes_count": 1},
        {"title": "[bold]x[/bold] " + text[:300], "votes_count": 2},
    ]
    status["poll"]["emojis"] = []
    status["media_attachments"][0]["description"] = text
    status["card"].update(
        title=text,
        description=text,
        url="javascript:alert(1)" if name == "hrefs" else "https://hostile.example/card",
    )
    return status


class HostileMastodon:
    """Serves crafted Mastodon JSON on 127.0.0.1; every other path is a 404."""

    def __init__(self, cases: list[str], *, instance_text: str = "") -> None:
        statuses = load_fixture("statuses")
        template = next(
            s for s in statuses if s.get("poll") and s.get("card") and not s.get("reblog")
        )
        template["media_attachments"] = [
            copy.deepcopy(
                next(s for s in statuses if s["media_attachments"])["media_attachments"][0]
            )
        ]
        self.template = template
        me = copy.deepcopy(template["account"])
        me.update(id="1", username="alice", acct="alice", display_name="Alice", note="", fields=[])
        self.accounts = {
            str(9000 + i): _account(template["account"], i, name) for i, name in enumerate(cases)
        }
        self.accounts["1"] = me
        self.statuses = [
            _status(template, self.accounts[str(9000 + i)], i, name) for i, name in enumerate(cases)
        ]
        self.statuses.append(
            _status(template, copy.deepcopy(me), len(cases), "markup")
            | {"id": "1000001", "content": "<p>SAFE-MARKER newest</p>", "spoiler_text": ""}
        )
        self.statuses.insert(0, self.statuses.pop())
        instance = load_fixture("instances")[0]
        if instance_text:
            instance = copy.deepcopy(instance)
            instance.update(title=instance_text, short_description=instance_text)
            instance["description"] = instance_text
            instance["rules"] = [
                {"id": "1", "text": instance_text, "hint": instance_text},
                {"id": "2", "text": "Be nice " + instance_text[:200], "hint": ""},
            ]
        self.routes: dict[str, Callable[[dict[str, list[str]]], Any]] = {
            "/api/v1/accounts/verify_credentials": lambda q: me,
            "/api/v2/instance": lambda q: instance,
            "/api/v1/instance": lambda q: instance,
            "/api/v1/instance/rules": lambda q: instance.get("rules", []),
            "/api/v1/timelines/home": self._timeline,
            "/api/v1/timelines/public": lambda q: [],
            "/api/v1/notifications": lambda q: [],
            "/api/v1/custom_emojis": lambda q: [],
            "/api/v1/preferences": lambda q: {},
            "/api/v1/lists": lambda q: [],
            "/api/v1/apps": lambda q: {"client_id": "cid", "client_secret": "csecret"},
            "/api/v1/accounts/relationships": lambda q: [
                {"id": i, "following": False} for i in q.get("id[]", [])
            ],
        }
        self._bodies: dict[str, bytes] = {}
        self.paths: list[str] = []
        handler = self._handler()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _timeline(self, query: dict[str, list[str]]) -> Any:
        if any(k in query for k in ("max_id", "since_id", "min_id")):
            return []
        return self.statuses

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        route = self.routes.get(path)
        if route is None:
            match = re.fullmatch(r"/api/v1/accounts/(\d+)(/statuses)?", path)
            if match and match.group(1) in self.accounts:
                if match.group(2):
                    if any(k in query for k in ("max_id", "since_id", "min_id")):
                        return 200, b"[]"
                    owned = [s for s in self.statuses if s["account"]["id"] == match.group(1)]
                    return 200, self._encoded(path, owned)
                return 200, self._encoded(path, self.accounts[match.group(1)])
            return 404, b'{"error": "Record not found"}'
        return 200, json.dumps(route(query)).encode()  # ensure_ascii: lone surrogates as \udc80

    def _encoded(self, key: str, value: Any) -> bytes:
        if key not in self._bodies:
            self._bodies[key] = json.dumps(value).encode()
        return self._bodies[key]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _reply(self) -> None:
                parts = urlsplit(self.path)
                path = parts.path.rstrip("/")
                server.paths.append(path)
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                status, body = server.answer(path, parse_qs(parts.query))
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _reply

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[HostileMastodon]:
    server = HostileMastodon(NAMES)
    yield server
    server.close()


def child_env(tmp_path: Path, base_url: str) -> dict[str, str]:
    home = tmp_path / "home"
    store_account(home, "alice@127.0.0.1", base_url, "alice_token")
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(
        'streaming = false\ntoken_store = "file"\n', encoding="utf-8"
    )
    return pty_env(tmp_path, home, TOOTUI_NOW="2026-11-20T12:00:00+00:00")


# --- checks --------------------------------------------------------------------------------

# Every escape sequence tootui (Textual) itself writes: SGR, cursor moves, private modes,
# the synchronized-output query, the kitty keyboard protocol, OSC 8 links to http(s) only,
# and OSC 22 (the mouse pointer shape). Anything else came from a post.
ESCAPE = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[\s\S])")
ALLOWED_ESCAPE = re.compile(
    rb"\x1b\[(?:[\d;]*[mHJK]|\?[\d;]*[hl]|\?\d+\$p|[<>=]?\d*u)"
    rb"|\x1b\]8;[^;]*;(?:https?://[!-~]*)?(?:\x07|\x1b\\)"
    rb"|\x1b\]22;[a-z-]*(?:\x07|\x1b\\)"
)


def assert_raw_clean(raw: bytes) -> None:
    """(a): no injected sequence, C1, bidi or invisible character in what was written."""
    for payload in FORBIDDEN_BYTES:
        assert payload not in raw, f"{payload!r} reached the terminal"
    strange = sorted({m for m in ESCAPE.findall(raw) if not ALLOWED_ESCAPE.fullmatch(m)})
    assert not strange, f"unexpected escape sequences: {strange[:10]!r}"
    for url in OSC8.findall(raw):
        assert url == b"" or re.fullmatch(rb"https?://[!-~]+", url), url
    assert not C1_UTF8.search(raw), "a C1 control reached the terminal"
    text = raw.decode("utf-8")  # also: what was written is valid UTF-8 (no lone surrogate)
    assert not BIDI_AND_INVISIBLE.search(text), "a bidi or invisible character was written"
    assert not re.search("[\x00\x05\x0b\x0c\x0e\x0f\x1a\x7f]", text)


class ScreenCheck:
    """(b): the emulated screen stays what tootui drew: title, size, hidden cursor, bars."""

    def __init__(self, app: PtyApp) -> None:
        self.app = app
        self.title = app.screen.title
        self.icon_name = app.screen.icon_name
        self.attrs = app.screen.cursor.attrs

    def __call__(self, *, main: bool = True) -> str:
        screen = self.app.screen
        assert "HOSTILE" not in screen.title and "PWN" not in screen.title
        assert screen.title == self.title
        assert screen.icon_name == self.icon_name
        assert (screen.columns, screen.lines) == (100, 30) and len(screen.display) == 30
        assert screen.cursor.hidden, "something showed the cursor"
        assert screen.cursor.attrs == self.attrs
        assert 0 <= screen.cursor.x < 100 and 0 <= screen.cursor.y < 30
        for row in screen.buffer.values():
            for char in row.values():  # at most MAX_COMBINING marks on any one cell
                assert len(char.data) <= 6, repr(char.data[:20])
                assert not char.blink
        text = self.app.text()
        lines = text.split("\n")
        if main:
            assert lines[0].startswith(" tootui "), lines[0]
        assert "palette" in lines[-1] or "Cancel" in lines[-1] or "Back" in lines[-1], lines[-1]
        return text


# (d): what each case must still visibly say once the CW is revealed. HTML character
# references follow the HTML5 rules: &#27; and &#7; are dropped, &#x9b; is "›".
VISIBLE = {
    "esc": ["␛[2J␛[H␛[31;1;5mHOSTILE-ESC␛[?1049l"],
    "csi": ["␛[8;5;5t␛[3;1HHOSTILE-CSI␛[1000;1000H"],
    "osc": ["␛]0;HOSTILE-OSC-TITLE␇␛]2;HOSTILE-OSC-TITLE␛\\"],
    "dcs": ["␛Pq#0;2;0;0;0#0!10~HOSTILE-DCS␛\\"],
    "apc": ["␛_Gf=100,a=T;HOSTILE-APC␛\\␛^HOSTILE-PM"],
    "c0": ["a␀b␇c␈␈d␋␌␎␏␚␡e", "HOSTILE-C0␅"],
    "c1": ["<U+009B>2J<U+009B>31mHOSTILE-C1<U+009D>0;HOSTILE-C1-TITLE"],
    "bidi": ["abcHOSTILE-BIDI-DESREVERx"],
    "zero-width": ["HOSTILE-ZW"],
    "zalgo": ["HOSTILE-ZALGO"],
    "long-word": ["HOSTILE-WORDwww"],
    "megabyte": ["HOSTILE-MB"],
    "nested": ["HOSTILE-NEST"],
    "surrogates": ["\ufffdHOSTILE-SURR\ufffdx"],
    "markup": ["[bold]HOSTILE-MARKUP[/bold] [@click=app.quit]QUIT[/]"],
    "hrefs": ["HOSTILE-HREF-JS", "HOSTILE-HREF-FILE", "[2J›31mHOSTILE-ENTITY"],
}


def quit_app(app: PtyApp) -> int | None:
    app.press("q")
    return app.wait_exit()


def key_bar(text: str) -> bool:
    """The key bar is drawn on the last line (the screen has finished coming up)."""
    last = text.rsplit("\n", 1)[-1]
    return "palette" in last or "Cancel" in last or "Back" in last


def selected(text: str) -> str:
    """The lines of the selected post (the ones the selection bar marks)."""
    return "\n".join(line for line in text.split("\n") if line.startswith("▌"))


def on_main(text: str) -> bool:
    return text.startswith(" tootui ") and key_bar(text)


def status_line(text: str) -> str:
    return text.split("\n")[-2]


# --- the app in a pty --------------------------------------------------------------------


def test_every_hostile_case_in_every_field_stays_harmless(
    hostile_server: HostileMastodon, tmp_path: Path
) -> None:
    app = PtyApp([], child_env(tmp_path, hostile_server.base_url))
    try:
        assert app.wait_until(lambda t: "SAFE-MARKER" in selected(t) and key_bar(t)), app.text()
        check = ScreenCheck(app)
        check()
        for index, name in enumerate(NAMES):
            before = selected(app.text())
            app.press("j")  # next post: every field of it holds this case
            assert app.wait_until(lambda t, b=before: selected(t) not in ("", b)), app.text()
            hidden = check()
            assert "HOSTILE" in hidden, (name, hidden)
            app.press("s")  # reveal the CW: content, alt text, poll, card
            assert app.wait_until(
                lambda t, n=name: (
                    "press s to show" not in selected(t)
                    and all(needle in t for needle in VISIBLE[n])
                    and key_bar(t)
                )
            ), (name, app.text())
            check()
            app.press("a")  # the author's profile: name, bio, fields, their posts
            assert app.wait_until(
                lambda t, i=index: (
                    f"@case{i}@hostile.example" in t
                    and status_line(t).startswith(f"case{i}@hostile.example: ")
                    and key_bar(t)
                )
            ), (name, app.text())
            profile = check(main=False)
            assert VISIBLE[name][0][:12] in profile or "HOSTILE" in profile, (name, profile)
            app.press("\x1b")
            assert app.wait_until(on_main), (name, app.text())
            check()
            assert app.proc.poll() is None, f"tootui exited after {name}"
        # (c): still responsive: 2 switches to the local timeline, 1 back home.
        app.press("2")
        assert app.wait_until(lambda t: "Local: " in t and key_bar(t)), app.text()
        check()
        assert quit_app(app) == 0
    finally:
        app.close()
    assert_raw_clean(bytes(app.raw))


# --- the server's own description: `tootui login` and the sign-in screen ------------------

# The light cases first: the long ones are cut (with …) and would hide what follows them.
INSTANCE_TEXT = " | ".join(plain_field(name) for name in sorted(NAMES, key=HEAVY.__contains__))


@pytest.fixture(scope="module")
def hostile_instance() -> Iterator[HostileMastodon]:
    server = HostileMastodon([], instance_text=INSTANCE_TEXT)
    yield server
    server.close()


def test_tootui_login_prints_a_hostile_instance_title_and_rules_harmlessly(
    hostile_instance: HostileMastodon, tmp_path: Path
) -> None:
    env = child_env(tmp_path, hostile_instance.base_url)
    done = subprocess.run(
        [*tootui_command(), "login", hostile_instance.base_url],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    out = done.stdout + done.stderr
    assert done.returncode in (0, 1), out[-2000:]
    assert b"\x1b" not in out and b"\x07" not in out  # not a terminal: no sequence at all
    assert_raw_clean(out)
    text = out.decode()
    assert "Server rules:" in text
    for name in ("esc", "osc", "dcs", "c1", "markup"):
        assert VISIBLE[name][0] in text, name
    assert "abcHOSTILE-BIDI-DESREVERx" in text


def test_sign_in_screen_shows_a_hostile_instance_harmlessly(
    hostile_instance: HostileMastodon, tmp_path: Path
) -> None:
    env = child_env(tmp_path, hostile_instance.base_url)
    (Path(env["TOOTUI_HOME"]) / "config" / "accounts.json").unlink(missing_ok=True)
    app = PtyApp([], {**env, "TOOTUI_HOME": str(tmp_path / "fresh")})
    try:
        assert app.wait_until(lambda t: "sign in" in t and key_bar(t)), app.text()
        check = ScreenCheck(app)
        app.press(hostile_instance.base_url + "\r")
        assert app.wait_until(
            lambda t: (
                # the code step is shown; the server's words scroll above it
                "Code shown by the server" in t
                and ("␛]0;HOSTILE-OSC-TITLE␇" in t or "␛[2J␛[H" in t)
                and key_bar(t)
            )
        ), app.text()
        text = check(main=False)
        assert "␛]0;HOSTILE-OSC-TITLE␇" in text or "␛[2J␛[H" in text, text
        assert app.proc.poll() is None
    finally:
        app.close()
    assert_raw_clean(bytes(app.raw))


# --- generated strings -------------------------------------------------------------------

PIECES = [
    "\x1b",
    "\x1b[",
    "\x1b]",
    "\x1bP",
    "\x1b_",
    "\x1b\\",
    "\x07",
    "\x00",
    "\x08",
    "\r",
    "\n",
    "\t",
    "\x7f",
    "\x85",
    "\x9b",
    "\x9d",
    "\x9c",
    "0;PWN",
    "2J",
    "31m",
    "?1049l",
    "8;;",
    "file:///etc/passwd",
    "[bold]",
    "[/]",
    "[@click=app.quit]",
    "[link=file:///x]",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u0301" * 8,
    "\udc80",
    "<b>",
    "&#27;",
    "&amp;",
    "\U000e0041",
    "👩",
    "مرحبا",
    "漢字",
]
GENERATED = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=25).map("".join)


@pytest.fixture(scope="module")
def generated_server() -> Iterator[HostileMastodon]:
    server = HostileMastodon([])
    yield server
    server.close()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=GENERATED)
def test_generated_hostile_text_through_the_real_app_in_a_pty(
    generated_server: HostileMastodon, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Generated text as one post's content and its author's display name, in a real pty."""
    status = copy.deepcopy(generated_server.template)
    status.update(
        id="5",
        content="<p>GEN-START " + html.escape(text, quote=False) + " GEN-END</p>",
        spoiler_text="",
        sensitive=False,
        emojis=[],
        mentions=[],
        tags=[],
        filtered=[],
    )
    status["account"].update(id="9999", display_name=text, acct="gen@hostile.example", emojis=[])
    generated_server.statuses[:] = [status]
    app = PtyApp([], child_env(tmp_path_factory.mktemp("gen"), generated_server.base_url))
    try:
        assert app.wait_until(lambda t: "GEN-START" in t and key_bar(t)), app.text()
        check = ScreenCheck(app)
        assert "GEN-END" in check() or "GEN-" in app.text()
        assert quit_app(app) == 0
    finally:
        app.close()
    assert_raw_clean(bytes(app.raw))
