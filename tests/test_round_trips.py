"""Issue 17: fewer round trips. The first fresh post waits for the home timeline only; no
request is made twice at start; the server's description is asked once per session and
kept on disk for the next one.

tootui talks to mastodon-mock through a proxy on 127.0.0.1 (tests/fault_servers.py) that
records every request and can hold chosen ones unanswered, a server exactly as slow as
each test needs."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from mastodon_mock.testing.server import MockServer

from tests.apphelpers import main_screen, settle, wait_until
from tests.conftest import load_fixture
from tests.fault_servers import HoldingProxy
from tests.test_non_mastodon import MAX_CHARACTERS, TITLE, VERSIONS, act_not_mastodon
from tootui.app import INSTANCE_CACHE_KEY, TootUI
from tootui.cache import TimelineCache
from tootui.config import Config
from tootui.startup import session_for

ACCT = "alice@mock.local"
SIZE = (100, 30)
# Everything but the home timeline: who we are, read positions, the server's
# description and rules, the notifications count.
NOT_HOME = r"^/api/v[12]/(?!timelines/home)"


def home_post() -> dict[str, Any]:
    for status in load_fixture("statuses"):
        if not status.get("reblog") and not status.get("spoiler_text"):
            status = copy.deepcopy(status)
            status["filtered"] = []
            status["content"] = "<p>The first fresh post, FRESH-MARKER</p>"
            return status
    raise AssertionError("no plain fixture post")


def make_app(base_url: str) -> TootUI:
    return TootUI([session_for(ACCT, base_url, "alice_token")], config=Config(streaming=False))


def home_text(app: TootUI) -> str:
    view = main_screen(app).view("home")
    return "\n".join(
        strip.text for index in range(len(view.entries)) for strip in view._strips_for(index)
    )


async def test_the_first_post_waits_for_the_home_timeline_only(server: MockServer) -> None:
    server.fault(status=200, body=[home_post()], path="/api/v1/timelines/home")
    with HoldingProxy(server.base_url, NOT_HOME) as proxy:
        app = make_app(proxy.base_url)
        async with app.run_test(size=SIZE) as pilot:
            assert await wait_until(pilot, lambda: "FRESH-MARKER" in home_text(app))
            # on screen while every other request of the start is still unanswered
            assert proxy.held >= 1
            asked_before = [path for _, path in proxy.seen]
            assert any(p.startswith("/api/v1/timelines/home") for p in asked_before)
            proxy.release()
            assert await wait_until(pilot, lambda: app.session.instance is not None)
            assert "FRESH-MARKER" in home_text(app)


async def test_no_request_is_made_twice_at_start(server: MockServer) -> None:
    server.fault(status=200, body=[home_post()], path="/api/v1/timelines/home")
    with HoldingProxy(server.base_url, r"^$") as proxy:  # holds nothing, records all
        app = make_app(proxy.base_url)
        async with app.run_test(size=SIZE) as pilot:
            assert await wait_until(
                pilot,
                lambda: (
                    app.session.instance is not None
                    and app.session.me is not None
                    and any("notifications" in p for _, p in proxy.seen)
                ),
            )
            await settle(pilot)
            seen = list(proxy.seen)
    repeated = {request: n for request, n in Counter(seen).items() if n > 1}
    assert repeated == {}
    paths = [path.split("?")[0] for _, path in seen]
    assert paths.count("/api/v2/instance") == 1
    assert paths.count("/api/v1/accounts/verify_credentials") == 1
    assert not any(p.endswith("/instance/") for p in paths)  # the plain paths only


async def test_the_servers_description_is_kept_for_the_next_session(server: MockServer) -> None:
    """Asked once per session, kept with the cached timelines: the next start has the
    server's limits at once, before (and whatever) the server answers."""
    act_not_mastodon(server, VERSIONS[0])
    app = make_app(server.base_url)
    async with app.run_test(size=SIZE) as pilot:
        assert await wait_until(pilot, lambda: app.session.instance is not None)
        assert await wait_until(pilot, lambda: bool(TimelineCache(ACCT).load(INSTANCE_CACHE_KEY)))
    with HoldingProxy(server.base_url, r"^/api/v[12]/instance") as proxy:
        again = make_app(proxy.base_url)
        async with again.run_test(size=SIZE) as pilot:
            await pilot.pause()
            instance = again.session.instance
            assert instance is not None and instance.title == TITLE
            assert again.session.max_characters == MAX_CHARACTERS
            assert await wait_until(pilot, lambda: proxy.held == 1)  # this session asks too
            proxy.release()
            assert await wait_until(pilot, lambda: proxy.answered.is_set())
            await settle(pilot)
            asked = [p for _, p in proxy.seen if "/instance" in p]
    assert asked == ["/api/v2/instance"]


async def test_with_nothing_cached_home_is_asked_for_before_the_app_exists_and_once(
    server: MockServer,
) -> None:
    """A first start has no cached frame to draw first: the home timeline is asked for at
    once (its round trips overlap the app's start), and the home view takes that answer
    instead of asking again."""
    import threading

    from tootui.accounts import AccountRecord, AccountStore, TokenStore
    from tootui.startup import load_sessions, prefetch_home

    server.fault(status=200, body=[home_post()], path="/api/v1/timelines/home")
    with HoldingProxy(server.base_url, r"^$") as proxy:
        AccountStore().add_or_update(
            AccountRecord(acct=ACCT, base_url=proxy.base_url, username="alice")
        )
        TokenStore("file").set_token(ACCT, "alice_token")
        first_frame = threading.Event()  # no frame yet, nor for a while
        sessions, start, problem = load_sessions(token_store="file", not_before=first_frame)
        assert problem is None and start == ACCT
        prefetch_home(sessions[0])
        future = sessions[0].home_prefetch
        assert future is not None
        future.result(timeout=60)  # answered while no frame was drawn
        assert not first_frame.is_set()
        assert [p for _, p in proxy.seen] == ["/api/v1/timelines/home?limit=40"]
        app = TootUI(sessions, config=Config(streaming=False), start_acct=start)
        async with app.run_test(size=SIZE) as pilot:
            assert await wait_until(pilot, lambda: "FRESH-MARKER" in home_text(app))
            assert await wait_until(pilot, lambda: app.session.instance is not None)
            await settle(pilot)
            homes = [p for _, p in proxy.seen if p.startswith("/api/v1/timelines/home")]
    assert homes == ["/api/v1/timelines/home?limit=40"]


def test_a_kept_description_never_waits_for_the_request_in_flight(server: MockServer) -> None:
    """The app hands the kept description to the client on the UI thread: that must not
    wait behind a request for the fresh one (it would freeze the screen until it ends)."""
    import threading

    from tootui.api import MastodonClient

    act_not_mastodon(server, VERSIONS[0])
    kept = MastodonClient(server.base_url, "alice_token").instance()
    # keep_waiting: the request lasts until released, whatever the client's timeout
    with HoldingProxy(server.base_url, r"^/api/v[12]/instance", keep_waiting=True) as proxy:
        client = MastodonClient(proxy.base_url, "alice_token")
        asking = threading.Thread(target=lambda: client.instance(fresh=True), daemon=True)
        asking.start()
        assert proxy.holding.wait(30)  # the fresh description is being asked for
        remembering = threading.Thread(target=client.remember_instance, args=(kept,))
        remembering.start()
        remembering.join(30)  # bounds a failure only
        assert not remembering.is_alive()  # done while the request is still held
        assert proxy.held == 1
        assert client.instance() is kept  # it answers until the fresh one is here
        proxy.release()
        asking.join(30)
        assert client.instance().title == TITLE
        assert client.instance() is not kept
