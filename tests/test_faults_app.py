"""Resilience, by keys: the server down, slow, broken or refusing, and the app carrying on.

Each test drives the app with ``Pilot`` against mastodon-mock (or a misbehaving socket
server from ``tests.fault_servers``) and checks that the app stays responsive (keys
switch views and ``q`` quits while a request is still unanswered), what the status line
and the view say, that a failed load is tried again (by itself, or at once with ctrl+r),
and that drafts and accounts on disk are untouched. No test reads a clock: each waits
for what it expects, and a held request is held until the test lets it go.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from tests import fault_servers
from tests.apphelpers import main_screen, said, settle, view_text
from tests.conftest import refuse_once
from tests.fault_servers import HoldingProxy, RawServer
from tootui.accounts import AccountRecord, AccountStore
from tootui.api import MastodonClient, RateLimited, backoff
from tootui.app import TootUI
from tootui.drafts import Draft, DraftStore
from tootui.screens.accounts import AccountsScreen
from tootui.screens.main import MainScreen
from tootui.screens.thread import ThreadScreen
from tootui.session import AccountSession
from tootui.startup import session_for

SIZE = (100, 30)
ALICE = "alice@mock.local"


# --- a TCP proxy that can be down (connection refused) and come up ----------------------


class Proxy:
    """127.0.0.1:PORT forwarding to ``target_port``; ``down()`` closes it (refused) and
    cuts every open connection, ``up()`` listens again on the same port."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = fault_servers.closed_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        with self._lock:
            for conn in self._open:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                conn.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=fault_servers.pump, args=(a, b), daemon=True).start()


@pytest.fixture
def proxy(server: MockServer) -> Iterator[Proxy]:
    front = Proxy(server.port)
    yield front
    front.down()


# --- helpers --------------------------------------------------------------------------


def make_app(base_url: str, token: str = "alice_token", *, timeout: float = 30) -> TootUI:
    """The app on one account; its requests time out only where a test makes them hang
    (by default no answer from 127.0.0.1 comes near 30 s, however busy the machine)."""
    client = MastodonClient(base_url, token, timeout=timeout)
    return TootUI([AccountSession(acct=ALICE, base_url=base_url, client=client)])


def said_error(app: TootUI) -> bool:
    return app.screen.query_one("#statusline", Static).has_class("-error")


async def until(pilot: Pilot[Any], check: Callable[[], bool], limit: float = 30.0) -> None:
    """Poll ``check`` while the app runs (for timers and hanging requests); ``limit`` only
    bounds a failure."""
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting; the status line says: {said(pilot.app)}")  # type: ignore[arg-type]
        await pilot.pause(0.05)


async def still_responsive(app: TootUI, pilot: Pilot[Any]) -> None:
    """Keys still switch views while the failure lasts."""
    main = main_screen(app)
    await pilot.press("2")
    assert main.active == "local"
    await pilot.press("1")
    assert main.active == "home"


async def quit_by_q(app: TootUI, pilot: Pilot[Any]) -> None:
    """Press q on the main screen: the app quits (``run_test`` then waits for it to end)."""
    assert isinstance(app.screen, MainScreen)
    await pilot.press("q")
    assert app.return_code == 0, "q did not quit"


@pytest.fixture
def patient(monkeypatch: pytest.MonkeyPatch) -> float:
    """Retry timers that wait an hour, so none fires while a test reads what a failure
    said (on a busy machine, 2 s can pass between two lines of a test). ctrl+r still
    retries at once. The first wait, as the status line says it."""
    monkeypatch.setattr(backoff, "RETRY_FIRST", 3600.0)
    monkeypatch.setattr(backoff, "RETRY_MAX", 7200.0)
    return backoff.retry_delay(0)


@pytest.fixture
def user_data() -> Callable[[], None]:
    """A draft and an account on disk; call the result to check both are intact."""
    draft = Draft(acct=ALICE, text="half a thought, not lost")
    DraftStore().save(draft)
    AccountStore().load().add_or_update(
        AccountRecord(acct=ALICE, base_url="http://127.0.0.1:1", username="alice")
    )

    def intact() -> None:
        kept = DraftStore().load(draft.id)
        assert kept is not None and kept.text == "half a thought, not lost"
        assert AccountStore().load().get(ALICE) is not None

    return intact


def test_backoff_doubles_up_to_a_minute() -> None:
    assert [backoff.retry_delay(n) for n in range(8)] == [2, 4, 8, 16, 32, 60, 60, 60]
    assert backoff.retry_delay(10_000) == 60


def test_a_rate_limit_waits_as_the_server_says_or_the_longest() -> None:
    soon = datetime.now(UTC) + timedelta(seconds=30)
    assert 1.0 < backoff.load_retry_delay(0, RateLimited("slow", retry_at=soon)) <= 30
    past = datetime.now(UTC) - timedelta(seconds=30)
    assert backoff.load_retry_delay(0, RateLimited("slow", retry_at=past)) == 1.0
    assert backoff.load_retry_delay(0, RateLimited("slow")) == backoff.RETRY_MAX


def test_connections_back_off_with_jitter_under_a_cap() -> None:
    policy = backoff.Backoff(initial=1.0, maximum=10.0)
    for failures, step in [(0, 1.0), (1, 2.0), (3, 8.0), (4, 10.0), (99, 10.0)]:
        delays = {policy.delay(failures) for _ in range(50)}
        assert all(step / 2 <= d <= step for d in delays), (failures, delays)
        assert len(delays) > 1  # jittered: clients dropped together do not return together


# --- the server cannot be reached -------------------------------------------------------


async def test_refused_at_start_then_the_server_comes_up(
    proxy: Proxy, bob: MastodonClient, user_data: Callable[[], None], patient: float
) -> None:
    bob.post("Bob was here all along")
    app = make_app(proxy.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert "cannot be reached" in said(app) and said_error(app)
        assert f"Retrying in {patient:.0f} s" in said(app)
        assert "cannot be reached" in main.view("home").empty_text
        assert main.retries["home"].attempts == 1
        await still_responsive(app, pilot)
        await settle(pilot)
        proxy.up()
        await pilot.press("ctrl+r")  # retry now, without waiting for the timer
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert "Bob was here all along" in view_text(main.view("home"))
        assert not said_error(app)
        assert main.retries == {}  # nothing pending: no timer left running
        await quit_by_q(app, pilot)
    user_data()


async def test_the_retry_timer_fires_by_itself_with_backoff(
    proxy: Proxy, bob: MastodonClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backoff, "RETRY_FIRST", 0.3)
    bob.post("arrives after the backoff")
    app = make_app(proxy.base_url)
    async with app.run_test(size=SIZE) as pilot:
        main = main_screen(app)
        await until(pilot, lambda: main.retries.get("home") is not None)
        # still down: each wait is twice the one before, and the status line says so
        await until(
            pilot, lambda: main.retries["home"].attempts >= 2 and "Retrying in" in said(app)
        )
        attempts = main.retries["home"].attempts  # read at once with what is said
        delay = backoff.retry_delay(attempts - 1)
        assert delay == 2 * backoff.retry_delay(attempts - 2)
        assert f"Retrying in {round(delay)} s" in said(app)
        proxy.up()
        await until(pilot, lambda: "arrives after the backoff" in view_text(main.view("home")))
        assert main.retries == {}
        assert not said_error(app)


async def test_cached_posts_show_while_the_server_is_down(
    proxy: Proxy, bob: MastodonClient, patient: float
) -> None:
    bob.post("a post worth caching")
    proxy.up()
    first = make_app(proxy.base_url)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "a post worth caching" in view_text(main_screen(first).view("home"))
    proxy.down()
    second = make_app(proxy.base_url)
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "a post worth caching" in view_text(main_screen(second).view("home"))
        assert "cannot be reached" in said(second)
        assert "Retrying in" in said(second)


async def test_dns_failure(user_data: Callable[[], None], patient: float) -> None:
    app = make_app("http://nonexistent.invalid", timeout=5)
    async with app.run_test(size=SIZE) as pilot:
        main = main_screen(app)
        await until(pilot, lambda: "home" in main.retries and "cannot be reached" in said(app))
        assert "nonexistent.invalid cannot be reached" in said(app)
        await still_responsive(app, pilot)
        await quit_by_q(app, pilot)
    user_data()


async def test_the_connection_drops_mid_session(
    proxy: Proxy,
    bob: MastodonClient,
    carol: MastodonClient,
    user_data: Callable[[], None],
    patient: float,
) -> None:
    bob.post("home before the drop")
    proxy.up()
    app = make_app(proxy.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert "home before the drop" in view_text(main.view("home"))
        proxy.down()
        carol.post("local after the drop")
        await pilot.press("2")
        await settle(pilot)
        assert "cannot be reached" in said(app)
        assert "local" in main.retries
        # what was already loaded stays
        assert "home before the drop" in view_text(main.view("home"))
        proxy.up()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "local after the drop" in view_text(main.view("local"))
        assert not said_error(app)
    user_data()


@pytest.fixture
def carol(server: MockServer) -> MastodonClient:
    return MastodonClient(server.base_url, "carol_token", timeout=10)


# --- slow, silent and broken answers ----------------------------------------------------


async def test_a_silent_server_times_out_and_is_retried(
    user_data: Callable[[], None], patient: float
) -> None:
    with RawServer(fault_servers.hang) as silent:
        app = make_app(silent.base_url, timeout=1)
        async with app.run_test(size=SIZE) as pilot:
            main = main_screen(app)
            await still_responsive(app, pilot)  # while the first request hangs
            await until(
                pilot, lambda: "home" in main.retries and "did not answer in time" in said(app)
            )
            assert "Retrying in" in said(app)
            asked = len(silent.requests)
            await pilot.press("ctrl+r")  # asks again, and q is pressed while it hangs
            await until(pilot, lambda: len(silent.requests) > asked)
            await quit_by_q(app, pilot)
    user_data()


async def test_a_slow_server_never_blocks_keys_or_quitting(
    server: MockServer, bob: MastodonClient, user_data: Callable[[], None]
) -> None:
    bob.post("slow but sure")
    # Every timeline request is held, its answer kept coming so slowly that no timeout
    # ends it: only the app could end it, and quitting must not wait for it.
    with HoldingProxy(server.base_url, r"^/api/v1/timelines/", keep_waiting=True) as slow:
        app = make_app(slow.base_url)
        async with app.run_test(size=SIZE) as pilot:
            main = main_screen(app)
            await until(pilot, slow.holding.is_set)  # home's first page is on its way
            for key in "23412":
                await pilot.press(key)
            assert main.active == "local"
            await pilot.press("c")  # the composer opens and takes typing
            await pilot.press(*"typing")
            assert "typing" in app.screen.query_one(TextArea).text
            await pilot.press("escape", "y")  # discard, back to the timelines
            # all of that happened while no timeline had an answer yet
            assert slow.held >= 1
            assert not main.view("home").entries and not main.view("local").entries
            await quit_by_q(app, pilot)
        # the app has ended before any held request was answered: it did not wait for them
        assert not slow.answered.is_set()
    user_data()


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (fault_servers.truncated_body, "broke off mid-answer"),
        (fault_servers.reset_before_answer, "cannot be reached"),
        (fault_servers.canned(200, "<html>not json</html>", content_type="text/html"), "makes no"),
    ],
    ids=["truncated-body", "reset", "not-json"],
)
async def test_broken_answers_are_said_and_retried(
    reply: fault_servers.Reply, words: str, patient: float
) -> None:
    with RawServer(reply) as broken:
        app = make_app(broken.base_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            main = main_screen(app)
            assert words in said(app), said(app)
            assert said_error(app)
            assert "home" in main.retries
            await still_responsive(app, pilot)


@pytest.mark.parametrize(
    "body",
    ["null", {"statuses": "an object, not a list"}, [{"id": 5}, "junk", 7]],
    ids=["null", "object-not-list", "junk-items"],
)
async def test_answers_of_the_wrong_shape_never_crash(body: Any, patient: float) -> None:
    with RawServer(fault_servers.canned(200, body)) as odd:
        app = make_app(odd.base_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            main = main_screen(app)
            home = main.view("home")
            # The API layer reads what it can (each junk item becomes a blank post, a
            # non-list no posts) or says "wrong shape"; the app never falls over.
            assert home.entries or "Nothing here yet" in home.empty_text
            assert "loaded" in said(app) or "wrong shape" in said(app)
            await still_responsive(app, pilot)
            await pilot.press("j", "enter", "q")  # even a blank post opens and closes
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)


async def test_numbers_where_strings_belong_still_show() -> None:
    post = {
        "id": 123,
        "created_at": "2026-11-20T11:00:00.000Z",
        "content": "<p>ids as numbers</p>",
        "account": {"id": 7, "username": "odd", "acct": "odd@odd.example", "display_name": ""},
        "visibility": "public",
    }
    with RawServer(fault_servers.canned(200, [post])) as odd:
        app = make_app(odd.base_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "ids as numbers" in view_text(main_screen(app).view("home"))


async def test_tls_to_a_plain_http_port(server: MockServer, patient: float) -> None:
    app = make_app(server.base_url.replace("http://", "https://"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "secure connection" in said(app) and "TLS" in said(app)
        assert "home" in main_screen(app).retries


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_server_errors_are_retried_until_they_pass(
    server: MockServer,
    bob: MastodonClient,
    status: int,
    user_data: Callable[[], None],
    patient: float,
) -> None:
    bob.post("after the outage")
    server.fault(path="/api/v1/timelines/home", status=status, count=1)
    app = make_app(server.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert f"error {status}" in said(app) and f"Retrying in {patient:.0f} s" in said(app)
        await still_responsive(app, pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "after the outage" in view_text(main.view("home"))
        assert main.retries == {} and not said_error(app)
    user_data()


async def test_rate_limit_waits_until_the_time_the_server_gives(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("worth the wait")
    server.fault(
        path="/api/v1/timelines/home", type="ratelimit", headers={"Retry-After": "120"}, count=1
    )
    app = make_app(server.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        when = (datetime.now(UTC) + timedelta(seconds=120)).astimezone()
        text = said(app)
        assert "slow down" in text and "Retrying at" in text
        assert (
            when.strftime("%H:%M") in text
            or (when - timedelta(minutes=1)).strftime("%H:%M") in text
        )
        timer = main.retries["home"].timer
        assert timer is not None and 100 < timer._interval <= 121
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "worth the wait" in view_text(main.view("home"))


async def test_rate_limit_without_a_time_waits_the_longest() -> None:
    with RawServer(fault_servers.canned(429, {"error": "Too many requests"})) as limited:
        app = make_app(limited.base_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            main = main_screen(app)
            assert "slow down" in said(app) and "Retrying in 60 s" in said(app)
            timer = main.retries["home"].timer
            assert timer is not None and timer._interval == 60


# --- refusals: said once, not retried ---------------------------------------------------


async def test_401_marks_only_that_account_and_is_not_retried(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("bob's account still works")
    revoked = session_for(ALICE, server.base_url, "revoked_token")
    fine = session_for("bob@mock.local", server.base_url, "bob_token")
    app = TootUI([revoked, fine])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert "no longer accepts" in said(app)
        assert revoked.needs_sign_in and not fine.needs_sign_in
        assert main.retries == {}
        assert "sign in again" in str(main.query_one("#topbar", Static).render())
        await pilot.press("ctrl+r")
        assert "Nothing is waiting" in said(app)
        await pilot.press("@")
        await pilot.pause()
        assert isinstance(app.screen, AccountsScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.current_acct == "bob@mock.local"
        assert "bob's account still works" in view_text(main_screen(app).view("home"))
        assert not fine.needs_sign_in and not said_error(app)


async def test_403_says_the_servers_reason(server: MockServer) -> None:
    refuse_once(server, 403, "This action is not allowed", path="/api/v1/timelines/home")
    app = make_app(server.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "does not allow it" in said(app) and said_error(app)
        assert main_screen(app).retries == {}  # asking again changes nothing
        assert "does not allow it" in main_screen(app).view("home").empty_text


@pytest.mark.parametrize(("status", "words"), [(404, "does not exist"), (410, "is gone")])
async def test_thread_of_a_deleted_post(
    server: MockServer, bob: MastodonClient, status: int, words: str
) -> None:
    post = bob.post("soon to be deleted")
    app = make_app(server.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if status == 404:
            bob.delete(post.id)
        else:
            server.fault(path=f"/api/v1/statuses/{post.id}", methods=["GET"], status=410)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        assert words in said(app) and said_error(app)
        await pilot.press("q")  # back to the timeline, which still has the post
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "soon to be deleted" in view_text(app.screen.view("home"))


async def test_422_on_boost_shows_the_servers_message(
    server: MockServer, bob: MastodonClient
) -> None:
    post = bob.post("boost me if you can")
    refuse_once(
        server,
        422,
        "Validation failed: Reblog of private status is not allowed",
        path_regex=r".*/reblog$",
    )
    app = make_app(server.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert "Reblog of private status is not allowed" in said(app)
        selected = main_screen(app).selected_status()
        assert selected is not None and selected.id == post.id
        assert not selected.reblogged  # the optimistic boost was taken back
        assert main_screen(app).retries == {}
