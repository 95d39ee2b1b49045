"""Every way a server can fail becomes one of ``tootui.api.errors``, with a readable sentence.

The mock server's fault injection fakes HTTP answers (statuses, rate limits, latency, bad
bodies); the small socket servers in ``tests/fault_servers.py`` fake what only a broken
network does (a refused port, silence, a reset or cut-short answer).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from mastodon_mock.testing.server import MockServer

from tests import fault_servers
from tests.conftest import refuse_once
from tests.fault_servers import RawServer
from tootui.api import (
    ApiError,
    BadResponse,
    Forbidden,
    Instance,
    MastodonClient,
    NetworkError,
    NotAuthorised,
    NotFound,
    RateLimited,
    Rejected,
    RequestTimedOut,
    ServerError,
    TimelineSource,
    Unsupported,
)
from tootui.api.client import make_session

TOKEN = "alice_token"
# A timeout that no answer from 127.0.0.1 comes near, however busy the machine: where
# the server does answer, what it answers is under test, not how fast.
ANSWERS = 30.0
SECRET = "s3cr3t-t0ken-never-shown"

# Words that belong to a traceback or to Python, not to a sentence for people.
NOT_HUMAN = (
    "Traceback",
    'File "',
    "Error(",
    "Exception",
    "urllib3",
    "HTTPConnectionPool",
    "Max retries",
    "Errno",
    "object at 0x",
    "MastodonAPIError",
    "Mastodon API returned error",
)


def assert_human(error: ApiError, host: str, *tokens: str) -> str:
    """The error's sentence names the host, reads as a sentence, and leaks no token."""
    text = str(error)
    assert host in text, text
    for token in (TOKEN, SECRET, *tokens):
        assert token not in text, text
        assert token not in repr(error), repr(error)
    for word in NOT_HUMAN:
        assert word not in text, text
    assert "\n" not in text
    return text


@pytest.fixture(scope="module")
def srv() -> Iterator[MockServer]:
    with MockServer() as server:
        yield server


@pytest.fixture(autouse=True)
def no_faults_left(srv: MockServer) -> Iterator[None]:
    """Each test starts and ends with no fault rules on the shared server."""
    requests.delete(f"{srv.base_url}/api/v1/_mock/faults", timeout=10)
    yield
    requests.delete(f"{srv.base_url}/api/v1/_mock/faults", timeout=10)


class CountingSession(requests.Session):
    """A requests session that remembers the path of every request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []
        self.hooks["response"].append(self._count)

    def _count(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        # Mastodon.py asks for some paths with a trailing slash ("/api/v2/instance/")
        self.paths.append(requests.utils.urlparse(response.url).path.rstrip("/"))


def client_for(srv: MockServer, *, timeout: float = 10) -> tuple[MastodonClient, CountingSession]:
    session = CountingSession()
    session.headers.update(make_session().headers)
    return MastodonClient(srv.base_url, TOKEN, timeout=timeout, session=session), session


@pytest.fixture
def alice(srv: MockServer) -> MastodonClient:
    return MastodonClient(srv.base_url, TOKEN, timeout=10)


@pytest.fixture
def host(srv: MockServer) -> str:
    return srv.base_url.removeprefix("http://")


# --- the network ------------------------------------------------------------------------


def test_connection_refused() -> None:
    port = fault_servers.closed_port()
    client = MastodonClient(f"http://127.0.0.1:{port}", SECRET, timeout=2)
    with pytest.raises(NetworkError) as caught:
        client.verify_credentials()
    assert type(caught.value) is NetworkError  # not a timeout: the port said no at once
    text = assert_human(caught.value, f"127.0.0.1:{port}")
    assert "cannot be reached" in text


def test_dns_failure() -> None:
    client = MastodonClient("http://does-not-exist.invalid", SECRET, timeout=5)
    with pytest.raises(NetworkError) as caught:
        client.timeline(TimelineSource("home"))
    assert type(caught.value) is NetworkError
    assert_human(caught.value, "does-not-exist.invalid")


def test_silent_server_times_out() -> None:
    with RawServer(fault_servers.hang) as silent:
        client = MastodonClient(silent.base_url, SECRET, timeout=0.5)
        # the server holds the request until it is closed: only the client's own timeout
        # can end it while we are in here
        with pytest.raises(RequestTimedOut) as caught:
            client.verify_credentials()
        assert silent.paths == ["/api/v1/accounts/verify_credentials"]
    text = assert_human(caught.value, silent.host)
    assert "did not answer in time" in text
    assert isinstance(caught.value, NetworkError)  # a timeout is a kind of network failure


def test_mock_latency_fault_times_out(srv: MockServer, host: str) -> None:
    client = MastodonClient(srv.base_url, TOKEN, timeout=0.5)
    srv.fault(path="/api/v1/timelines/home", type="latency", delay_ms=1500, count=1)
    with pytest.raises(RequestTimedOut) as caught:
        client.timeline(TimelineSource("home"))
    assert_human(caught.value, host)
    # a little latency inside the timeout is no failure at all
    srv.fault(path="/api/v1/timelines/home", type="latency", delay_ms=100, count=1)
    assert isinstance(
        MastodonClient(srv.base_url, TOKEN, timeout=5).timeline(TimelineSource("home")).items, tuple
    )


def test_mock_timeout_fault() -> None:
    # Its own server: the mock holds a "timeout" request open for 30 s, and a shared
    # server would wait for it on shutdown. This one is left to its daemon thread.
    with MockServer(shutdown_timeout=0.2) as hanging:
        hanging.fault(path="/api/v1/accounts/verify_credentials", type="timeout")
        client = MastodonClient(hanging.base_url, TOKEN, timeout=0.5)
        # after 30 s the mock would answer, and then no error would be raised at all
        with pytest.raises(RequestTimedOut) as caught:
            client.verify_credentials()
        assert_human(caught.value, hanging.base_url.removeprefix("http://"))


@pytest.mark.parametrize(
    "reply",
    [fault_servers.reset_before_answer, fault_servers.reset_mid_body, fault_servers.truncated_body],
    ids=["reset-before-answer", "reset-mid-body", "truncated-body"],
)
def test_broken_connections(reply: fault_servers.Reply) -> None:
    with RawServer(reply) as broken:
        client = MastodonClient(broken.base_url, SECRET, timeout=ANSWERS)
        with pytest.raises(ApiError) as caught:
            client.verify_credentials()
        assert broken.request_seen.is_set()
    assert type(caught.value) is NetworkError
    text = assert_human(caught.value, broken.host)
    if reply is fault_servers.reset_before_answer:
        assert "cannot be reached" in text
    else:  # the answer had begun: say so rather than "cannot be reached"
        assert "broke off" in text


# --- HTTP statuses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind"),
    [(401, NotAuthorised), (403, Forbidden), (404, NotFound), (410, NotFound)],
)
def test_client_error_statuses(
    srv: MockServer, alice: MastodonClient, host: str, status: int, kind: type[ApiError]
) -> None:
    post = alice.post("a post to fail on")
    srv.fault(path=f"/api/v1/statuses/{post.id}", methods=["GET"], status=status, count=1)
    with pytest.raises(kind) as caught:
        alice.status(post.id)
    assert caught.value.status == status
    assert not isinstance(caught.value, Unsupported)  # a post, not a missing feature
    assert_human(caught.value, host)
    assert alice.status(post.id).id == post.id  # the fault was used up: all is well again


def test_revoked_token_is_not_authorised(srv: MockServer, host: str) -> None:
    client = MastodonClient(srv.base_url, "no-such-token-xyz", timeout=10)
    with pytest.raises(NotAuthorised) as caught:
        client.verify_credentials()
    text = assert_human(caught.value, host, "no-such-token-xyz")
    assert "Sign in again" in text


NEW_POST: dict[str, Any] = {"path": "/api/v1/statuses", "methods": ["POST"]}


def test_forbidden_shows_server_reason(srv: MockServer, alice: MastodonClient, host: str) -> None:
    refuse_once(srv, 403, "Your login is currently disabled", **NEW_POST)
    with pytest.raises(Forbidden) as caught:
        alice.post("hello")
    assert "Your login is currently disabled" in assert_human(caught.value, host)


def test_unprocessable_carries_server_message(
    srv: MockServer, alice: MastodonClient, host: str
) -> None:
    refuse_once(srv, 422, "Validation failed: Text character limit of 500 exceeded", **NEW_POST)
    with pytest.raises(Rejected) as caught:
        alice.post("x" * 600)
    error = caught.value
    assert error.status == 422
    assert error.server_message == "Validation failed: Text character limit of 500 exceeded"
    assert error.server_message in assert_human(error, host)


def test_real_validation_error_from_the_server(alice: MastodonClient, host: str) -> None:
    # no fault: the server itself refuses to report bob for a post that is alice's
    own = alice.post("my own post")
    with pytest.raises(Rejected) as caught:
        alice.report(alice.lookup("bob").id, status_ids=[own.id])
    assert caught.value.status == 422
    assert caught.value.server_message == "Reported statuses must belong to the target account"
    assert caught.value.server_message in assert_human(caught.value, host)


def test_rate_limited_with_retry_after(srv: MockServer, alice: MastodonClient, host: str) -> None:
    srv.fault(
        path="/api/v1/timelines/home", type="ratelimit", headers={"Retry-After": "30"}, count=1
    )
    before = datetime.now(UTC)
    with pytest.raises(RateLimited) as caught:
        alice.timeline(TimelineSource("home"))
    after = datetime.now(UTC)
    error = caught.value
    assert error.status == 429
    assert error.retry_at is not None
    # 30 s after the answer came, whenever that was
    assert before + timedelta(seconds=30) <= error.retry_at <= after + timedelta(seconds=30)
    text = assert_human(error, host)
    assert "Try again at" in text


def test_rate_limited_with_only_ratelimit_reset(
    srv: MockServer, alice: MastodonClient, host: str
) -> None:
    reset = int(time.time()) + 120
    srv.fault(
        path="/api/v1/timelines/home",
        type="status",
        status=429,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
        count=1,
    )
    with pytest.raises(RateLimited) as caught:
        alice.timeline(TimelineSource("home"))
    assert caught.value.retry_at is not None
    # Mastodon.py moves the reset by how far our clock is ahead of the server's Date: a
    # Date in whole seconds, refreshed by the server now and then, so never ahead of us
    # (exact figures with a Date of our own: the next test)
    assert caught.value.retry_at.timestamp() >= reset
    assert_human(caught.value, host)


def test_ratelimit_reset_is_moved_to_our_clock_by_the_servers_date() -> None:
    from email.utils import formatdate

    server_now = int(time.time()) - 100  # the server's clock is 100 s behind ours
    reset = server_now + 120  # by its clock
    headers = {
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(reset),
        "Date": formatdate(server_now, usegmt=True),
    }
    with RawServer(fault_servers.canned(429, {"error": "slow"}, headers=headers)) as limited:
        client = MastodonClient(limited.base_url, SECRET, timeout=ANSWERS)
        before = time.time()
        with pytest.raises(RateLimited) as caught:
            client.timeline(TimelineSource("home"))
        after = time.time()
    assert caught.value.retry_at is not None
    # 120 s after the moment the answer was read, by our clock
    assert reset - server_now + before <= caught.value.retry_at.timestamp()
    assert caught.value.retry_at.timestamp() <= reset - server_now + after


def test_rate_limited_without_any_hint(host: str) -> None:
    with RawServer(fault_servers.canned(429, {"error": "Too many requests"})) as limited:
        created = datetime.now(UTC)
        client = MastodonClient(limited.base_url, SECRET, timeout=ANSWERS)
        with pytest.raises(RateLimited) as caught:
            client.timeline(TimelineSource("home"))
    error = caught.value
    assert error.status == 429
    # no Retry-After and no X-RateLimit-Reset: either no time, or none before we asked
    assert error.retry_at is None or error.retry_at >= created - timedelta(seconds=1)
    assert_human(error, limited.host)


# "2026-W01-1" is an ISO week date: the stdlib reads it, Mastodon.py (dateutil) does not
@pytest.mark.parametrize("reset", ["soon", "", "2026-13-45T99:00:00Z", "2026-W01-1"])
def test_unreadable_ratelimit_reset_on_a_good_answer_is_no_rate_limit(reset: str) -> None:
    body = {"id": "7", "username": "alice", "acct": "alice"}
    headers = {"X-RateLimit-Remaining": "299", "X-RateLimit-Reset": reset, "Date": "whenever"}
    with RawServer(fault_servers.canned(200, body, headers=headers)) as odd:
        account = MastodonClient(odd.base_url, SECRET, timeout=ANSWERS).verify_credentials()
    assert account.id == "7"


def test_unreadable_ratelimit_reset_on_a_429_still_uses_retry_after() -> None:
    headers = {"Retry-After": "30", "X-RateLimit-Reset": "soon"}
    before = datetime.now(UTC)
    with RawServer(fault_servers.canned(429, {"error": "slow"}, headers=headers)) as limited:
        client = MastodonClient(limited.base_url, SECRET, timeout=ANSWERS)
        with pytest.raises(RateLimited) as caught:
            client.timeline(TimelineSource("home"))
    after = datetime.now(UTC)
    assert caught.value.retry_at is not None
    assert before + timedelta(seconds=30) <= caught.value.retry_at <= after + timedelta(seconds=30)


# --- Retry-After and X-RateLimit-Reset, read by urllib3 and the stdlib ------------------


def test_rate_limited_with_retry_after_as_an_http_date(host: str) -> None:
    """Retry-After may be a date rather than seconds (RFC 9110); urllib3 reads both."""
    from email.utils import formatdate

    when = int(time.time()) + 90
    headers = {"Retry-After": formatdate(when, usegmt=True)}
    with RawServer(fault_servers.canned(429, {"error": "slow"}, headers=headers)) as limited:
        client = MastodonClient(limited.base_url, SECRET, timeout=ANSWERS)
        with pytest.raises(RateLimited) as caught:
            client.timeline(TimelineSource("home"))
    assert caught.value.retry_at is not None
    # "in (when - now) seconds" taken as a moment again: the same moment, to the microsecond
    assert abs(caught.value.retry_at.timestamp() - when) < 0.5
    assert "Try again at" in assert_human(caught.value, limited.host)


def test_retry_after_a_date_already_past_means_now() -> None:
    from email.utils import formatdate

    headers = {"Retry-After": formatdate(time.time() - 3600, usegmt=True)}
    with RawServer(fault_servers.canned(429, {"error": "slow"}, headers=headers)) as limited:
        client = MastodonClient(limited.base_url, SECRET, timeout=ANSWERS)
        before = datetime.now(UTC)
        with pytest.raises(RateLimited) as caught:
            client.timeline(TimelineSource("home"))
        after = datetime.now(UTC)
    assert caught.value.retry_at is not None
    assert before <= caught.value.retry_at <= after


def test_unreadable_retry_after_falls_back_to_an_iso_ratelimit_reset() -> None:
    """Mastodon sends X-RateLimit-Reset as ISO 8601; with no Date beside it, it is the
    moment to try again as it is. Asked through a path tootui sends itself (the server's
    description), not through Mastodon.py."""
    reset = (datetime.now(UTC) + timedelta(seconds=120)).replace(microsecond=250000)
    headers = {
        "Retry-After": "later, perhaps",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": reset.isoformat().replace("+00:00", "Z"),
    }
    with RawServer(fault_servers.canned(429, {"error": "slow"}, headers=headers)) as limited:
        client = MastodonClient(limited.base_url, SECRET, timeout=ANSWERS)
        with pytest.raises(RateLimited) as caught:
            client.instance()
        assert limited.paths == ["/api/v2/instance"]  # a rate limit is no reason to ask v1
    assert caught.value.retry_at == reset


# --- paths tootui asks itself fail as Mastodon.py's calls do -----------------------------

VIA_REQUEST: dict[str, Callable[[MastodonClient], Any]] = {
    "instance": lambda c: c.instance(),
    "report": lambda c: c.report("1", comment="spam"),
    "register_app": lambda c: c.register_app(),
}


@pytest.mark.parametrize("status", [401, 403, 410, 422, 429, 500, 503])
@pytest.mark.parametrize("call", list(VIA_REQUEST))
def test_paths_asked_without_mastodon_py_fail_as_its_calls_do(call: str, status: int) -> None:
    answer = fault_servers.canned(status, {"error": "Nope, says the server"})
    with RawServer(answer) as server:
        client = MastodonClient(server.base_url, SECRET, timeout=ANSWERS)
        with pytest.raises(ApiError) as ours:
            VIA_REQUEST[call](client)
        with pytest.raises(ApiError) as mastodon_py:
            client.verify_credentials()
    assert type(ours.value) is type(mastodon_py.value)
    assert ours.value.status == mastodon_py.value.status
    if isinstance(ours.value, Rejected):
        assert ours.value.server_message == "Nope, says the server"
    assert_human(ours.value, server.host)


@pytest.mark.parametrize("call", list(VIA_REQUEST))
def test_paths_asked_without_mastodon_py_time_out_as_its_calls_do(call: str) -> None:
    with RawServer(fault_servers.hang) as silent:
        client = MastodonClient(silent.base_url, SECRET, timeout=0.5)
        with pytest.raises(RequestTimedOut) as caught:
            VIA_REQUEST[call](client)
    assert "did not answer in time" in assert_human(caught.value, silent.host)


def test_a_netrc_login_never_replaces_the_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """requests would put a netrc login over our Authorization header; like Mastodon.py,
    the paths tootui asks itself tell it not to."""
    netrc = tmp_path / "netrc"
    netrc.write_text("default login someone password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    body = {"uri": "odd.example", "title": "Odd", "rules": [{"id": "1", "text": "Be kind"}]}
    with RawServer(fault_servers.canned(200, body)) as server:
        instance = MastodonClient(server.base_url, SECRET, timeout=ANSWERS).instance()
        heads = list(server.requests)
    assert instance.title == "Odd"
    assert len(heads) == 1
    lines = heads[0].split(b"\r\n")
    assert f"Authorization: Bearer {SECRET}".encode() in lines
    assert not any(b"Basic" in line for line in lines)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors(srv: MockServer, alice: MastodonClient, host: str, status: int) -> None:
    srv.fault(path="/api/v1/timelines/home", status=status, count=1)
    with pytest.raises(ServerError) as caught:
        alice.timeline(TimelineSource("home"))
    assert caught.value.status == status
    text = assert_human(caught.value, host)
    assert str(status) in text


def test_server_error_with_html_page(host: str) -> None:
    page = "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
    with RawServer(fault_servers.canned(502, page, content_type="text/html")) as proxy:
        client = MastodonClient(proxy.base_url, SECRET, timeout=ANSWERS)
        with pytest.raises(ServerError) as caught:
            client.verify_credentials()
    text = assert_human(caught.value, proxy.host)
    assert "<html>" not in text and "nginx" not in text


# --- answers of the wrong shape -------------------------------------------------------


@pytest.mark.parametrize("truncate", [True, False], ids=["truncated-json", "not-json"])
def test_malformed_body_is_bad_response(
    srv: MockServer, alice: MastodonClient, host: str, truncate: bool
) -> None:
    srv.fault(path="/api/v1/accounts/verify_credentials", type="malformed", truncate=truncate)
    with pytest.raises(BadResponse) as caught:
        alice.verify_credentials()
    text = assert_human(caught.value, host)
    assert "truncated" not in text and "not json" not in text  # the raw body is not shown


def test_html_instead_of_json_is_bad_response() -> None:
    page = "<!doctype html><html><body>Welcome to nginx!</body></html>"
    with RawServer(fault_servers.canned(200, page, content_type="text/html")) as wrong:
        client = MastodonClient(wrong.base_url, SECRET, timeout=ANSWERS)
        with pytest.raises(BadResponse) as caught:
            client.timeline(TimelineSource("home"))
    text = assert_human(caught.value, wrong.host)
    assert "nginx" not in text


CALLS: dict[str, Callable[[MastodonClient], Any]] = {
    "verify_credentials": lambda c: c.verify_credentials(),
    "account": lambda c: c.account("1"),
    "instance": lambda c: c.instance(),
    "home": lambda c: c.timeline(TimelineSource("home")),
    "notifications": lambda c: c.notifications(),
    "notifications-v1": lambda c: c.notifications(grouped=False),
    "status": lambda c: c.status("1"),
    "context": lambda c: c.context("1"),
    "relationship": lambda c: c.relationship("1"),
    "search": lambda c: c.search("bob"),
    "markers": lambda c: c.markers(),
    "lists": lambda c: c.lists(),
    "status_source": lambda c: c.status_source("1"),
    "favourite": lambda c: c.favourite("1"),
    "follow": lambda c: c.follow("1"),
    "vote": lambda c: c.vote("1", [0]),
    "post": lambda c: c.post("hello"),
}
SHAPES: dict[str, bytes] = {
    "null": b"null",
    "list": b'[1, "two", null, {"id": 3}]',
    "object": b'{"id": 12345, "followers_count": "12", "created_at": 7, "items": {}}',
    "number": b"42",
    "string": b'"hello"',
    "true": b"true",
    "empty": b"",
    "deep": b"[" * 5000 + b"]" * 5000,
}


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("call", list(CALLS))
def test_wrong_shapes_never_raise_anything_else(call: str, shape: str) -> None:
    with RawServer(fault_servers.canned(200, SHAPES[shape])) as odd:
        client = MastodonClient(odd.base_url, SECRET, timeout=ANSWERS)
        try:
            result = CALLS[call](client)
        except ApiError as error:  # the only acceptable failure
            assert_human(error, odd.host)
            assert isinstance(error, BadResponse | NotFound | Rejected), type(error)
        except Exception as error:  # noqa: BLE001 - this is what the test is about
            pytest.fail(f"{call} on {shape!r} raised {type(error).__name__}: {error}")
        else:
            assert result is not None


def test_numbers_where_strings_belong_are_read(host: str) -> None:
    body = {
        "id": 109999,
        "username": "alice",
        "acct": "alice",
        "followers_count": "12",
        "following_count": 3.0,
        "locked": "true",
        "created_at": "2024-01-02T03:04:05Z",
        "source": {"privacy": "unlisted", "language": None},
    }
    with RawServer(fault_servers.canned(200, body)) as odd:
        account = MastodonClient(odd.base_url, SECRET, timeout=ANSWERS).verify_credentials()
    assert account.id == "109999"
    assert account.followers_count == 12
    assert account.following_count == 3
    assert account.locked is True
    assert account.created_at == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert account.default_visibility == "unlisted"


def test_wrong_shapes_through_the_mock(srv: MockServer, alice: MastodonClient) -> None:
    srv.fault(path="/api/v1/timelines/home", status=200, body=[{"id": 5}, "junk", 7], count=1)
    page = alice.timeline(TimelineSource("home"))
    assert page.items[0].id == "5"
    srv.fault(path="/api/v1/accounts/verify_credentials", status=200, body=["not", "an", "object"])
    # Read tolerantly into an empty account (no id): a caller must not take it for a
    # signed-in account, but nothing crashes.
    account = alice.verify_credentials()
    assert (account.id, account.acct) == ("", "")


# --- servers that lack something ---------------------------------------------------------


def test_missing_markers_are_unsupported_and_not_asked_again(srv: MockServer, host: str) -> None:
    client, session = client_for(srv)
    srv.fault(path="/api/v1/markers", status=404, body={"error": "Not Found"})
    with pytest.raises(Unsupported) as caught:
        client.markers()
    assert isinstance(caught.value, NotFound)  # callers catching NotFound still work
    assert_human(caught.value, host)
    assert "markers" in client.missing
    assert session.paths.count("/api/v1/markers") == 1

    with pytest.raises(Unsupported):
        client.markers()
    with pytest.raises(Unsupported):
        client.set_marker("home", "1")
    assert session.paths.count("/api/v1/markers") == 1  # never asked again
    # other calls still go out as usual
    assert client.verify_credentials().acct == "alice"


@pytest.mark.parametrize(
    ("feature", "path", "call"),
    [
        ("preferences", "/api/v1/preferences", lambda c: c.preferences()),
        ("lists", "/api/v1/lists", lambda c: c.lists()),
        ("status source", r"/api/v1/statuses/\d+/source", lambda c: c.status_source("1")),
    ],
)
def test_other_optional_endpoints_are_unsupported_once(
    srv: MockServer, host: str, feature: str, path: str, call: Callable[[MastodonClient], Any]
) -> None:
    client, session = client_for(srv)
    srv.fault(path_regex=f"^{path}$", status=404)
    for _ in range(3):
        with pytest.raises(Unsupported) as caught:
            call(client)
        assert_human(caught.value, host)
    assert client.missing == {feature}
    assert len(session.paths) == 1  # asked once, then remembered


def test_local_only_visibility_is_refused_before_sending(srv: MockServer, host: str) -> None:
    client, session = client_for(srv)
    with pytest.raises(Rejected) as caught:
        client.post("only for my server", visibility="local")
    assert "local-only" in assert_human(caught.value, host)
    assert session.paths == []


def test_missing_instance_v2_falls_back_to_v1(srv: MockServer) -> None:
    client, session = client_for(srv)
    srv.fault(path_regex=r"^/api/v2/instance/?$", status=404)
    instance = client.instance()
    assert session.paths[:2] == ["/api/v2/instance", "/api/v1/instance"]
    assert instance.domain
    assert instance.max_characters == 500
    assert instance.version


def test_missing_grouped_notifications_fall_back_to_v1(srv: MockServer) -> None:
    client, session = client_for(srv)
    bob = MastodonClient(srv.base_url, "bob_token", timeout=10)
    mention = bob.post("@alice are you there?")
    srv.fault(path="/api/v2/notifications", status=404)

    page = client.notifications()
    assert "grouped notifications" in client.missing
    assert mention.id in [n.status.id for n in page.items if n.status]
    assert session.paths.count("/api/v2/notifications") == 1
    assert session.paths.count("/api/v1/notifications") == 1

    client.notifications()
    assert session.paths.count("/api/v2/notifications") == 1  # not tried again
    assert session.paths.count("/api/v1/notifications") == 2


def test_grouped_notifications_of_the_wrong_shape_fall_back_to_v1(srv: MockServer) -> None:
    client, session = client_for(srv)
    srv.fault(path="/api/v2/notifications", status=200, body={"something": "else"}, count=1)
    page = client.notifications()
    assert isinstance(page.items, tuple)
    assert "grouped notifications" in client.missing
    assert session.paths[-1] == "/api/v1/notifications"


def v1_instance(version: str, **extra: Any) -> dict[str, Any]:
    return {
        "uri": "odd.example",
        "title": "An odd server",
        "short_description": "Not Mastodon",
        "version": version,
        "languages": ["en"],
        **extra,
    }


@pytest.mark.parametrize(
    ("version", "extra", "max_chars", "max_options"),
    [
        ("0.0.0-gotosocial", {"configuration": {"statuses": {"max_characters": 5000}}}, 5000, 4),
        (
            "2.7.2 (compatible; Pleroma 2.5.0)",
            {"max_toot_chars": 5000, "poll_limits": {"max_options": 20, "max_option_chars": 200}},
            5000,
            20,
        ),
        ("3.0.0 (compatible; snac)", {}, 500, 4),
        ("", {}, 500, 4),
        ("not a version at all", {"configuration": None, "rules": None}, 500, 4),
    ],
)
def test_odd_servers_instance_answers(
    srv: MockServer, version: str, extra: dict[str, Any], max_chars: int, max_options: int
) -> None:
    client, session = client_for(srv)
    srv.fault(path_regex=r"^/api/v2/instance/?$", status=404)
    srv.fault(path_regex=r"^/api/v1/instance/?$", status=200, body=v1_instance(version, **extra))
    srv.fault(path="/api/v1/instance/rules", status=404)
    instance = client.instance()
    assert isinstance(instance, Instance)
    assert instance.version == version
    assert instance.domain == "odd.example"
    assert instance.max_characters == max_chars
    assert instance.max_poll_options == max_options
    assert instance.rules == ()
    assert "rules" in client.missing
    # and the version string does not stop other calls (no version checks)
    assert client.verify_credentials().acct == "alice"
    assert client.timeline(TimelineSource("home")) is not None
    assert "/api/v1/instance/rules" in session.paths


def test_rules_are_fetched_when_instance_lacks_them(srv: MockServer) -> None:
    client, session = client_for(srv)
    srv.fault(path_regex=r"^/api/v2/instance/?$", status=200, body=v1_instance("4.3.0"))
    srv.fault(path="/api/v1/instance/rules", status=200, body=[{"id": "1", "text": "Be kind"}])
    instance = client.instance()
    assert [(r.id, r.text) for r in instance.rules] == [("1", "Be kind")]
    assert session.paths == ["/api/v2/instance", "/api/v1/instance/rules"]


# --- no token anywhere ------------------------------------------------------------------


def test_repr_never_shows_the_token(srv: MockServer) -> None:
    client = MastodonClient(srv.base_url, SECRET, timeout=ANSWERS)
    assert SECRET not in repr(client)
    assert SECRET not in str(client)
    assert srv.base_url in repr(client)


def test_no_error_message_carries_the_token(srv: MockServer, host: str) -> None:
    client = MastodonClient(srv.base_url, SECRET, timeout=ANSWERS)
    seen: list[ApiError] = []
    for status in (400, 401, 403, 404, 410, 422, 429, 500, 503):
        srv.fault(path="/api/v1/timelines/home", status=status, count=1)
        with pytest.raises(ApiError) as caught:
            client.timeline(TimelineSource("home"))
        seen.append(caught.value)
    with pytest.raises(NotAuthorised) as unauthorised:
        client.verify_credentials()  # the token itself is unknown to the server
    seen.append(unauthorised.value)
    for error in seen:
        assert_human(error, host)
        chain: BaseException | None = error
        while chain is not None:  # nor anywhere in what a log would print
            assert SECRET not in str(chain), type(chain)
            chain = chain.__cause__ or chain.__context__
    assert {type(e) for e in seen} >= {
        Rejected,
        NotAuthorised,
        Forbidden,
        NotFound,
        RateLimited,
        ServerError,
    }
