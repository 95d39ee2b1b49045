"""Signing in to a server that speaks the Mastodon API without being Mastodon.

The mock server is made to answer as Takahē, Pleroma or glitch-soc do: ``/api/v1/instance``
and ``/api/v2/instance`` describe it (with a version Mastodon.py cannot read, its own
title, rules and a 5000-character limit) while the trailing-slash forms Mastodon.py asks
for (``/api/v2/instance/``) are refused. Sign-in is driven as a person does it: the
``tootui login`` command with the code typed on stdin, and the sign-in screen by keys up
to the first timeline.
"""

from __future__ import annotations

import asyncio
import copy
import webbrowser
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from mastodon_mock.testing.server import MockServer
from textual.widgets import Input, Static

from tests.apphelpers import main_screen, view_text, wait_until
from tests.test_api_calls import tiny_png
from tests.test_api_errors import CountingSession
from tests.test_cli_accounts import login, secrets_in
from tests.test_login_screen import settle, shown, type_text
from tests.test_signin import approve
from tootui.accounts import AccountStore, TokenStore
from tootui.api import ApiError, MastodonClient, NotAuthorised, ServerError, TimelineSource
from tootui.api.client import make_session
from tootui.app import TootUI
from tootui.config import Config
from tootui.screens.compose import ComposeScreen
from tootui.screens.login import LoginScreen
from tootui.screens.main import MainScreen
from tootui.signin import describe_server, finish_sign_in, prepare_sign_in
from tootui.widgets.compose_fields import CharacterCounter

# Versions real servers report, none of which Mastodon.py's version parser reads right.
VERSIONS = ["takahe/0.10.1", "0.9.0 (compatible; Pleroma 2.5.0)", "4.2.0+glitch"]
TITLE = "Not Quite Mastodon"
RULES = ["Be kind.", "No spam."]
MAX_CHARACTERS = 5000


def act_not_mastodon(server: MockServer, version: str, *, slashes: bool = False) -> None:
    """Make ``server`` describe itself as a non-Mastodon server reporting ``version``.

    Its own title, rules and character limit, so a test can tell they were read. The
    trailing-slash paths are refused unless ``slashes``; then they answer the same.
    """
    server.config.rules = list(RULES)
    for api in ("v2", "v1"):
        body = requests.get(f"{server.base_url}/api/{api}/instance", timeout=10).json()
        body = copy.deepcopy(body)
        body.update(title=TITLE, version=version)
        body["configuration"]["statuses"]["max_characters"] = MAX_CHARACTERS
        server.fault(path=f"/api/{api}/instance", methods=["GET"], status=200, body=body)
        if slashes:
            server.fault(path=f"/api/{api}/instance/", methods=["GET"], status=200, body=body)
        else:
            server.fault(
                path=f"/api/{api}/instance/", status=404, body={"error": "Record not found"}
            )
    # These servers publish no OAuth server metadata either.
    server.fault(path="/.well-known/oauth-authorization-server", status=404)


@pytest.fixture(autouse=True)
def no_real_browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BROWSER", "true")
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # re-read $BROWSER
    yield


def host_of(server: MockServer) -> str:
    return urlsplit(server.base_url).netloc


# --- what the server says about itself ---------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_the_server_is_described_from_the_plain_paths(server: MockServer, version: str) -> None:
    act_not_mastodon(server, version)
    instance = describe_server(server.base_url)
    assert instance.title == TITLE
    assert instance.version == version
    assert instance.max_characters == MAX_CHARACTERS
    assert [r.text for r in instance.rules] == RULES


def test_one_request_when_the_plain_path_answers(server: MockServer) -> None:
    act_not_mastodon(server, VERSIONS[0])
    session = CountingSession()
    session.headers.update(make_session().headers)
    client = MastodonClient(server.base_url, "alice_token", timeout=10, session=session)
    assert client.instance().title == TITLE
    assert session.paths == ["/api/v2/instance"]  # the rules came with it


@pytest.mark.parametrize(
    "refusal",
    [
        {"status": 404},
        {"status": 405},
        {"status": 200, "body": {"error": "This is not an API"}},
        {"status": 200, "body": ["a", "list"]},
        {"type": "malformed"},  # a web page's catch-all, not JSON
    ],
    ids=["404", "405", "error-object", "list", "not-json"],
)
def test_v1_when_v2_is_refused_or_describes_nothing(
    server: MockServer, refusal: dict[str, Any]
) -> None:
    session = CountingSession()
    session.headers.update(make_session().headers)
    client = MastodonClient(server.base_url, timeout=10, session=session)
    server.fault(path="/api/v2/instance", methods=["GET"], **refusal)
    instance = client.instance()
    assert instance.title == "Mastodon Mock"
    assert session.paths[:2] == ["/api/v2/instance", "/api/v1/instance"]


def test_a_failing_server_is_told_as_failing_not_as_missing(server: MockServer) -> None:
    session = CountingSession()
    session.headers.update(make_session().headers)
    client = MastodonClient(server.base_url, timeout=10, session=session)
    server.fault(path="/api/v2/instance", methods=["GET"], status=503)
    with pytest.raises(ServerError, match="had a problem"):
        client.instance()
    assert session.paths == ["/api/v2/instance"]


# --- the code exchange and what follows ----------------------------------------------------


@pytest.mark.parametrize("slashes", [False, True], ids=["slash-refused", "slash-answered"])
@pytest.mark.parametrize("version", VERSIONS)
def test_sign_in_and_use_the_account(
    server: MockServer, tmp_path: Path, version: str, slashes: bool
) -> None:
    """The whole sign-in, then calls whose endpoint Mastodon.py picks by version."""
    act_not_mastodon(server, version, slashes=slashes)
    # Endpoints that Mastodon (and GoToSocial…) no longer have: Mastodon.py picks them
    # when it misreads the version as an old one.
    server.fault(path="/api/v1/search", status=404)
    server.fault(path="/api/v1/media", methods=["POST"], status=404)
    accounts, tokens = AccountStore(), TokenStore()
    pending = prepare_sign_in(server.base_url, accounts, tokens)
    assert pending.instance.title == TITLE
    session = finish_sign_in(pending, approve(pending.authorize_url, "alice"), accounts, tokens)
    assert session.acct == f"alice@{host_of(server)}"
    assert session.instance is not None and session.instance.max_characters == MAX_CHARACTERS

    client = session.client
    posted = client.post("a post #fromodd")
    assert client.timeline(TimelineSource("home")).items[0].id == posted.id
    assert client.search("alice", resolve=False).accounts
    assert client.upload_media(tiny_png(tmp_path / "dot.png")).id


# --- the command line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "slashes"),
    [*((v, False) for v in VERSIONS), (VERSIONS[0], True)],
    ids=["takahe", "pleroma", "glitch", "takahe-slash-answered"],
)
def test_cli_login_on_a_non_mastodon_server(
    server: MockServer, tmp_path: Path, version: str, slashes: bool
) -> None:
    act_not_mastodon(server, version, slashes=slashes)
    home = tmp_path / "cli-home"
    code, out, err = login(home, server.base_url, "alice")
    assert code == 0, err
    acct = f"alice@{host_of(server)}"
    assert TITLE in out
    assert "1. Be kind." in out and "2. No spam." in out
    assert f"Signed in as @{acct}." in out
    assert "does not look like" not in out + err and "wrong shape" not in out + err
    token = secrets_in(home)[f"token:{acct}"]
    assert MastodonClient(server.base_url, token).verify_credentials().username == "alice"


# --- the app -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "slashes"),
    [*((v, False) for v in VERSIONS), (VERSIONS[0], True)],
    ids=["takahe", "pleroma", "glitch", "takahe-slash-answered"],
)
async def test_app_sign_in_on_a_non_mastodon_server(
    server: MockServer, version: str, slashes: bool
) -> None:
    act_not_mastodon(server, version, slashes=slashes)
    MastodonClient(server.base_url, "alice_token", timeout=10).post("hello from an odd server")
    host = host_of(server)
    app = TootUI([], config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        await type_text(pilot, host)
        await pilot.press("enter")
        await settle(app, pilot)
        info = shown(screen, "#server-info")
        assert TITLE in info, shown(screen, "#login-error")
        assert "1. Be kind." in info and "2. No spam." in info
        assert app.focused is screen.query_one("#code", Input)

        url = shown(screen, "#auth-url")
        code = await asyncio.to_thread(approve, url, "alice")
        await type_text(pilot, code)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), 20), shown(
            screen, "#login-error"
        )
        main = main_screen(app)
        assert await wait_until(
            pilot, lambda: "hello from an odd server" in view_text(main.current_view), 20
        )
        acct = f"alice@{host}"
        assert app.current_acct == acct
        token = TokenStore().get_token(acct)  # what the server handed out, and accepts
        assert token and token != "alice_token"
        me = MastodonClient(server.base_url, token, timeout=10).verify_credentials()
        assert me.username == "alice"
        session = app.sessions[acct]
        assert await wait_until(pilot, lambda: session.instance is not None)
        assert session.instance is not None
        assert session.instance.title == TITLE
        assert session.instance.max_characters == MAX_CHARACTERS
        # what a person sees of the limit: the composer counts down from it
        await pilot.press("c")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        counter = app.screen.query_one(CharacterCounter)
        assert await wait_until(pilot, lambda: str(counter.content) == str(MAX_CHARACTERS))
        assert "wrong shape" not in str(main.query_one("#statusline", Static).content)


# --- the same class: other paths and values Mastodon.py would mishandle --------------------


def test_a_report_goes_to_the_plain_path(server: MockServer) -> None:
    """Mastodon.py posts reports to ``/api/v1/reports/``, which such servers refuse too."""
    server.fault(path="/api/v1/reports/", status=404, body={"error": "Record not found"})
    alice = MastodonClient(server.base_url, "alice_token", timeout=10)
    bob = MastodonClient(server.base_url, "bob_token", timeout=10)
    post = bob.post("something to report")
    refused: list[tuple[str, str]] = []
    for category in ("spam", "other", "legal"):
        try:
            alice.report(post.account.id, status_ids=[post.id], comment="test", category=category)
        except ApiError as error:  # the slash path's 404 would land here
            refused.append((category, str(error)))
    assert refused == []


class RecordingSession(requests.Session):
    """A requests session that remembers the Authorization header of each request."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append(str(request.headers.get("Authorization", "")))
        return super().send(request, **kwargs)


def test_a_token_is_never_read_as_a_file_name(server: MockServer, tmp_path: Path) -> None:
    """Mastodon.py reads ``access_token`` as a file name when such a file exists; a token
    is text from a server, and must not make tootui send a local file's first line."""
    private = tmp_path / "private.txt"
    private.write_text("first line of a private file\n", encoding="utf-8")
    session = RecordingSession()
    session.headers.update(make_session().headers)
    client = MastodonClient(server.base_url, str(private), timeout=10, session=session)
    with pytest.raises(NotAuthorised):
        client.verify_credentials()
    assert session.sent == [f"Bearer {private}"]
