"""Signing in against the mock server over real HTTP: addresses, app registration, codes, removal.

``approve`` does the person's part of OAuth without a browser (open the page, choose an
account, read the code); the TUI and CLI tests use it too.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from mastodon_mock.testing.server import MockServer

from tootui.accounts import AccountStore, TokenStore
from tootui.api import MastodonClient, NotAuthorised
from tootui.signin import (
    CodeNotAccepted,
    SignInError,
    add_with_token,
    finish_sign_in,
    prepare_sign_in,
    remove_account,
    server_url,
)


def approve(authorize_url: str, username: str) -> str:
    """What a person does in the browser: open the page, pick ``username``, copy the code."""
    page = requests.get(authorize_url, timeout=10)
    assert page.status_code == 200
    query = parse_qs(urlsplit(authorize_url).query)
    base = authorize_url.split("/oauth/authorize", 1)[0]
    chosen = requests.post(
        f"{base}/oauth/authorize",
        data={
            "username": username,
            "client_id": query["client_id"][0],
            "redirect_uri": query["redirect_uri"][0],
        },
        timeout=10,
    )
    found = re.search(r"Authorization code: (\S+?)<", chosen.text)
    assert found, chosen.text
    return found.group(1)


class _NotMastodon(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        body = b"<html>just a web page</html>"
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[str]:
    """A web server on 127.0.0.1 that is not a fediverse server."""
    httpd = HTTPServer(("127.0.0.1", 0), _NotMastodon)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def stores_() -> tuple[AccountStore, TokenStore]:
    return AccountStore(), TokenStore()


# --- addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "mastodon.social",
        " https://mastodon.social/ ",
        "@me@mastodon.social",
        "me@Mastodon.Social",
        "HTTPS://MASTODON.SOCIAL/about",
        "mastodon.social/@me",
    ],
)
def test_what_people_type_becomes_the_server_url(typed: str) -> None:
    assert server_url(typed) == "https://mastodon.social"


def test_plain_http_is_only_for_this_machine() -> None:
    assert server_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    assert server_url("localhost:3000") == "http://localhost:3000"
    assert server_url("127.0.0.1:3000") == "http://127.0.0.1:3000"
    with pytest.raises(SignInError, match="unencrypted"):
        server_url("http://mastodon.social")


@pytest.mark.parametrize("typed", ["", "   ", "ftp://mastodon.social", "@me@", "ma stodon.social"])
def test_nonsense_is_refused_in_words(typed: str) -> None:
    with pytest.raises(SignInError) as caught:
        server_url(typed)
    assert str(caught.value).endswith((".", ")"))


# --- the server --------------------------------------------------------------------------


def test_a_web_site_that_is_not_a_fediverse_server(
    web_server: str, stores_: tuple[AccountStore, TokenStore]
) -> None:
    with pytest.raises(SignInError, match="does not look like a Mastodon or fediverse server"):
        prepare_sign_in(web_server, *stores_)
    assert AccountStore().apps() == []


def test_an_unreachable_server(stores_: tuple[AccountStore, TokenStore]) -> None:
    with MockServer() as srv:
        url = srv.base_url  # the port is free again once it stops
    with pytest.raises(SignInError, match="cannot be reached"):
        prepare_sign_in(url, *stores_)


# --- the whole sign-in ----------------------------------------------------------------------


def test_sign_in_registers_once_and_stores_record_and_token(
    server: MockServer, stores_: tuple[AccountStore, TokenStore]
) -> None:
    server.config.rules = ["Be kind.", "No spam."]
    accounts, tokens = stores_
    pending = prepare_sign_in(server.base_url, accounts, tokens)
    assert pending.instance.title
    assert [r.text for r in pending.instance.rules] == ["Be kind.", "No spam."]
    assert pending.safe_link == pending.authorize_url
    app = AccountStore().app_for(server.base_url)
    assert app is not None and app.client_id == pending.client_id
    assert tokens.get_client_secret(server.base_url)

    session = finish_sign_in(
        pending, "  " + approve(pending.authorize_url, "alice") + "\n", accounts, tokens
    )
    host = urlsplit(server.base_url).netloc
    assert session.acct == f"alice@{host}"
    assert session.me is not None and session.me.username == "alice"
    record = AccountStore().get(session.acct)
    assert record is not None and record.base_url == server.base_url
    token = TokenStore().get_token(session.acct)
    assert token and token != "alice_token"
    assert MastodonClient(server.base_url, token).verify_credentials().username == "alice"

    # A second sign-in on the same server reuses the app registration.
    again = prepare_sign_in(f"@bob@{host}", accounts, tokens)
    assert again.client_id == pending.client_id
    bob = finish_sign_in(again, approve(again.authorize_url, "bob"), accounts, tokens)
    assert bob.acct == f"bob@{host}"
    assert [r.acct for r in AccountStore().list()] == [session.acct, bob.acct]
    assert AccountStore().default is not None
    assert AccountStore().default.acct == session.acct  # type: ignore[union-attr]


def test_a_bad_code_is_refused_and_nothing_stored(
    server: MockServer, stores_: tuple[AccountStore, TokenStore]
) -> None:
    pending = prepare_sign_in(server.base_url, *stores_)
    host = urlsplit(server.base_url).netloc
    with pytest.raises(CodeNotAccepted) as caught:
        finish_sign_in(pending, "not-the-code", *stores_)
    text = str(caught.value)
    assert text == (
        f"That code was not accepted by {host}: it may be mistyped, already used or expired. "
        "Paste the code again, or open the address again for a new one."
    )
    with pytest.raises(CodeNotAccepted, match="Paste the code"):
        finish_sign_in(pending, "   ", *stores_)
    assert AccountStore().list() == []
    # the same sign-in still takes the right code afterwards
    session = finish_sign_in(pending, approve(pending.authorize_url, "alice"), *stores_)
    assert session.acct == f"alice@{host}"


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (400, {"error": "invalid_grant", "error_description": "The provided grant is invalid."}),
        (400, {"error": "Invalid credentials"}),  # Pleroma's words
        (401, {"error": "invalid_grant"}),
        (400, None),
    ],
)
def test_a_refused_code_is_one_sentence_whatever_the_server_says(
    server: MockServer, stores_: tuple[AccountStore, TokenStore], status: int, body: object
) -> None:
    pending = prepare_sign_in(server.base_url, *stores_)
    server.fault(path="/oauth/token", methods=["POST"], status=status, body=body or "")
    with pytest.raises(CodeNotAccepted) as caught:
        finish_sign_in(pending, "abc", *stores_)
    text = str(caught.value)
    host = urlsplit(server.base_url).netloc
    assert text.startswith(f"That code was not accepted by {host}: ")
    # the server's address carries a random port, which may itself contain "400"
    words = text.replace(host, "<host>")
    for raw in ("(", "Mastodon API returned error", "invalid_grant", "Bad Request", "400", "401"):
        assert raw not in words


def test_a_forgotten_registration_is_dropped_so_the_next_try_registers(
    server: MockServer, stores_: tuple[AccountStore, TokenStore]
) -> None:
    accounts, tokens = stores_
    pending = prepare_sign_in(server.base_url, accounts, tokens)
    with server.fault(
        path="/oauth/token",
        methods=["POST"],
        status=401,
        body={"error": "invalid_client", "error_description": "Client authentication failed."},
    ):
        with pytest.raises(SignInError, match="no longer knows tootui's registration") as caught:
            finish_sign_in(pending, approve(pending.authorize_url, "alice"), accounts, tokens)
    assert not isinstance(caught.value, CodeNotAccepted)
    assert "invalid_client" not in str(caught.value)
    assert AccountStore().app_for(server.base_url) is None
    assert tokens.get_client_secret(server.base_url) is None
    again = prepare_sign_in(server.base_url, accounts, tokens)
    assert again.client_id != pending.client_id
    session = finish_sign_in(again, approve(again.authorize_url, "alice"), accounts, tokens)
    assert session.acct.startswith("alice@")


def test_signing_in_again_as_someone_else_is_refused(
    server: MockServer, stores_: tuple[AccountStore, TokenStore]
) -> None:
    host = urlsplit(server.base_url).netloc
    pending = prepare_sign_in(server.base_url, *stores_)
    with pytest.raises(SignInError, match="sign @alice@"):
        finish_sign_in(
            pending, approve(pending.authorize_url, "bob"), *stores_, expect_acct=f"alice@{host}"
        )
    assert AccountStore().list() == []


def test_add_with_token_checks_it(
    server: MockServer, stores_: tuple[AccountStore, TokenStore]
) -> None:
    with pytest.raises(SignInError, match="does not accept this token"):
        add_with_token(server.base_url, "wrong", *stores_)
    session = add_with_token(server.base_url, "carol_token\n", *stores_)
    assert session.acct.startswith("carol@")
    assert TokenStore().get_token(session.acct) == "carol_token"


def test_remove_revokes_on_the_server_and_forgets_locally(
    server: MockServer, stores_: tuple[AccountStore, TokenStore]
) -> None:
    accounts, tokens = stores_
    pending = prepare_sign_in(server.base_url, accounts, tokens)
    session = finish_sign_in(pending, approve(pending.authorize_url, "alice"), accounts, tokens)
    token = tokens.get_token(session.acct)
    assert token
    note = remove_account(session.acct, accounts, tokens)
    assert "revoked on the server" in note
    with pytest.raises(NotAuthorised):
        MastodonClient(server.base_url, token).verify_credentials()
    assert AccountStore().get(session.acct) is None
    assert TokenStore().get_token(session.acct) is None
    with pytest.raises(SignInError, match="no account"):
        remove_account(session.acct, accounts, tokens)


def test_remove_works_when_the_server_is_gone(stores_: tuple[AccountStore, TokenStore]) -> None:
    accounts, tokens = stores_
    with MockServer() as srv:
        pending = prepare_sign_in(srv.base_url, accounts, tokens)
        session = finish_sign_in(pending, approve(pending.authorize_url, "alice"), *stores_)
    note = remove_account(session.acct, accounts, tokens)
    assert "could not revoke" in note
    assert AccountStore().get(session.acct) is None
    assert TokenStore().get_token(session.acct) is None
