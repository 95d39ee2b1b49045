"""The kept demo world: a later demo starts from the snapshot the first one took, and
only when it holds this very world; it never keeps what the user did in a demo.

Also the demo server as ``tootui --demo`` starts it (``tootui.demo.launch``): in a process
of its own, the app's requests waiting until it is ready. Timing is in
benchmarks/demo_start.py, not here.
"""

from __future__ import annotations

import hashlib
import socket
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from tests.pty_app import PtyApp, pty_env
from tootui.api import MastodonClient, NotAuthorised, NotFound, TokenUnavailable
from tootui.api.client import TimelineSource
from tootui.api.entities import Status
from tootui.demo import DEMO_USERNAME, DemoServer, start_demo_server
from tootui.demo.launch import DemoStart, DemoToken, demo_server
from tootui.demo.snapshot import cached_home, keep_home, snapshot_key, snapshot_path

POSTS = 40


def home_of(server: DemoServer) -> list[Status]:
    client = MastodonClient(server.base_url, server.token, timeout=10)
    return list(client.timeline(TimelineSource("home")).items)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored(path: Path, query: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "demo" / "world.sqlite3"


@pytest.fixture
def kept(snapshot: Path) -> Path:
    """A snapshot taken by a first demo (which seeded the world)."""
    with start_demo_server(posts=POSTS, snapshot=snapshot) as first:
        assert first.world_from == "seeding"
    assert snapshot.exists()
    return snapshot


def test_the_next_demo_starts_from_the_snapshot_with_the_same_world(snapshot: Path) -> None:
    with start_demo_server(posts=POSTS, snapshot=snapshot) as first:
        assert first.world_from == "seeding"
        seeded_home = [(s.id, s.content, s.created_at) for s in home_of(first)]
        seeded_ids = dict(first.status_ids)
    with start_demo_server(posts=POSTS, snapshot=snapshot) as again:
        assert again.world_from == "snapshot"  # nothing seeded: no upload, no rows written
        assert again.status_ids == seeded_ids
        home = home_of(again)
        assert [(s.id, s.content) for s in home] == [(i, c) for i, c, _ in seeded_home]
        # the world moved to the present: each post kept its distance from the newest
        newest = home[0].created_at
        assert [newest - s.created_at for s in home] == [
            seeded_home[0][2] - t for _, _, t in seeded_home
        ]
        assert newest >= seeded_home[0][2]
        # pictures are served by this server, at its own address
        media = [m for s in home for m in (s.reblog or s).media_attachments]
        assert media
        for attachment in media:
            assert attachment.url.startswith(again.base_url + "/")
        answer = requests.get(media[0].url, timeout=10)
        assert answer.status_code == 200 and answer.content.startswith(b"\x89PNG")


def test_a_restored_world_takes_new_posts_with_new_ids(kept: Path) -> None:
    with start_demo_server(posts=POSTS, snapshot=kept) as demo:
        assert demo.world_from == "snapshot"
        new = demo.post_as("tom", "a fresh post on a restored world")
        assert int(new) > max(demo.status_ids.values())
        assert home_of(demo)[0].id == new


def test_the_snapshot_keeps_no_token_and_each_demo_makes_its_own(kept: Path) -> None:
    assert stored(kept, "SELECT count(*) FROM oauth_tokens") == [(0,)]
    with start_demo_server(posts=POSTS, snapshot=kept) as one:
        old_token = one.token
    with start_demo_server(posts=POSTS, snapshot=kept) as two:
        assert two.world_from == "snapshot" and two.token != old_token
        with pytest.raises(NotAuthorised):
            MastodonClient(two.base_url, old_token, timeout=10).verify_credentials()
        assert MastodonClient(two.base_url, two.token).verify_credentials().username == "demo"


def test_what_the_user_does_in_a_demo_is_not_kept(kept: Path) -> None:
    before = digest(kept)
    with start_demo_server(posts=POSTS, snapshot=kept) as demo:
        client = MastodonClient(demo.base_url, demo.token, timeout=10)
        mine = demo.post_as(DEMO_USERNAME, "MY-DEMO-POST typed in the demo")
        liked = home_of(demo)[1]
        client.favourite(liked.id)
    assert digest(kept) == before
    with start_demo_server(posts=POSTS, snapshot=kept) as again:
        assert again.world_from == "snapshot"
        client = MastodonClient(again.base_url, again.token, timeout=10)
        assert all("MY-DEMO-POST" not in s.content for s in home_of(again))
        with pytest.raises(NotFound):
            client.status(mine)
        assert not client.status(liked.id).favourited


def test_a_changed_world_is_seeded_again_and_kept(kept: Path) -> None:
    db = sqlite3.connect(kept)
    with db:  # as a snapshot of an older world.toml or mastodon-mock would read
        db.execute("UPDATE tootui_demo_snapshot SET value = 'another world' WHERE name = 'key'")
    db.close()
    with start_demo_server(posts=POSTS, snapshot=kept) as demo:
        assert demo.world_from == "seeding"
    with start_demo_server(posts=POSTS, snapshot=kept) as demo:
        assert demo.world_from == "snapshot"


def test_the_key_names_the_world_the_versions_and_the_size() -> None:
    base = snapshot_key(300, 7, 0.0)
    assert base == snapshot_key(300, 7, 0.0)
    assert snapshot_key(300, 7, 0.0, world_text=b"[world]\nother = 1\n") != base
    assert len({base, snapshot_key(301, 7, 0.0), snapshot_key(300, 8, 0.0)}) == 3
    assert snapshot_key(300, 7, 0.5) != base


def test_snapshots_of_different_sizes_live_side_by_side() -> None:
    paths = {snapshot_path(300, 7, 0.0), snapshot_path(40, 7, 0.0), snapshot_path(300, 7, 0.5)}
    assert len(paths) == 3
    assert all(p.parent.name == "demo" and p.suffix == ".sqlite3" for p in paths)


@pytest.mark.parametrize("damage", ["garbage", "half", "empty"])
def test_a_damaged_snapshot_is_ignored_and_rebuilt(kept: Path, damage: str) -> None:
    whole = kept.read_bytes()
    if damage == "garbage":
        kept.write_bytes(b"not a database at all " * 100)
    elif damage == "half":
        kept.write_bytes(whole[: len(whole) // 2])
    else:
        kept.write_bytes(b"")
    with start_demo_server(posts=POSTS, snapshot=kept) as demo:
        assert demo.world_from == "seeding"
        assert len(home_of(demo)) > 20
    with start_demo_server(posts=POSTS, snapshot=kept) as demo:
        assert demo.world_from == "snapshot"


def test_an_unwritable_snapshot_folder_does_not_stop_the_demo(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    with start_demo_server(posts=POSTS, snapshot=blocker / "world.sqlite3") as demo:
        assert demo.world_from == "seeding"
        assert home_of(demo)


def test_two_demos_at_once_leave_one_whole_snapshot(snapshot: Path) -> None:
    servers: list[DemoServer] = []
    problems: list[BaseException] = []

    def one() -> None:
        try:
            servers.append(start_demo_server(posts=POSTS, snapshot=snapshot))
        except BaseException as error:
            problems.append(error)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert not problems
        assert len(servers) == 2 and all(home_of(s) for s in servers)
    finally:
        for server in servers:
            server.stop()
    assert [p.name for p in snapshot.parent.iterdir()] == [snapshot.name]  # no leftovers
    with start_demo_server(posts=POSTS, snapshot=snapshot) as demo:
        assert demo.world_from == "snapshot"
        assert home_of(demo)


# --- the home page kept for the next demo's first frame ----------------------------------


def spacing(items: list[Status]) -> list[timedelta]:
    return [a.created_at - b.created_at for a, b in zip(items, items[1:], strict=False)]


@pytest.mark.parametrize("source", ["seeding", "snapshot"])
def test_the_first_page_of_home_is_kept_and_moved_to_the_next_demo(kept: Path, source: str) -> None:
    key = snapshot_key(POSTS, 7, 0.0)
    if source == "seeding":
        kept.unlink()  # the page comes from the server that seeds the world
    with start_demo_server(posts=POSTS, snapshot=kept) as demo:
        assert demo.world_from == source
        items = home_of(demo)
        assert keep_home(kept, key, host=demo.host, items=items)
    now = items[0].created_at + timedelta(days=3)
    moved = cached_home(kept, key, host="127.0.0.1:9", now=now)
    later = cached_home(kept, key, host="127.0.0.1:9", now=now + timedelta(hours=5))
    assert moved is not None and later is not None
    assert [s.id for s in moved] == [s.id for s in items]
    assert spacing(moved) == spacing(items)
    assert [b.created_at - a.created_at for a, b in zip(moved, later, strict=True)] == [
        timedelta(hours=5)
    ] * len(items)
    media = [m for s in moved for m in (s.reblog or s).media_attachments]
    assert media and all(m.url.startswith("http://127.0.0.1:9/") for m in media)
    assert cached_home(kept, "another world", host="127.0.0.1:9") is None
    # The next demo starts from the world, and its server's page is the kept one, moved.
    with start_demo_server(posts=POSTS, snapshot=kept) as demo:
        assert demo.world_from == "snapshot"
        served = home_of(demo)
        drawn = cached_home(kept, key, host=demo.host)
        assert drawn is not None
        assert [(s.id, s.url) for s in drawn] == [(s.id, s.url) for s in served]
        # the same times but for the moment each was moved to now
        assert len({a.created_at - b.created_at for a, b in zip(served, drawn, strict=True)}) == 1


def test_a_page_showing_what_the_user_did_is_not_kept(snapshot: Path) -> None:
    key = snapshot_key(POSTS, 7, 0.0)
    with start_demo_server(posts=POSTS, snapshot=snapshot) as demo:
        demo.post_as(DEMO_USERNAME, "MY-DEMO-POST before home was read")
        items = home_of(demo)
        assert "MY-DEMO-POST" in items[0].content
        assert keep_home(snapshot, key, host=demo.host, items=items) is False
    assert cached_home(snapshot, key, host="127.0.0.1:9") is None


# --- the server beside the app (tootui --demo) -------------------------------------------


@pytest.mark.parametrize("in_thread", [False, True], ids=["process", "thread"])
def test_the_apps_requests_wait_for_the_demo_server_then_reach_it(
    tmp_path: Path, in_thread: bool
) -> None:
    with demo_server(tmp_path / "world.sqlite3", in_thread=in_thread) as start:
        client = MastodonClient(start.base_url, DemoToken(start), timeout=10)
        start.go()
        me = client.verify_credentials()  # waited for the ready line
        assert me.username == DEMO_USERNAME
        assert start.acct == f"{DEMO_USERNAME}@{start.host}"
        assert client.timeline(TimelineSource("home")).items
    assert start.ended.wait(60)  # told to stop, it ends on its own
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(start.host.rsplit(":", 1)[1])), 2).close()
    assert (tmp_path / "world.sqlite3").exists()  # the world seeded there is kept


def test_a_demo_server_ends_when_the_app_is_gone_before_it_said_go(tmp_path: Path) -> None:
    with demo_server(tmp_path / "world.sqlite3") as start:
        pass
    assert start.ended.wait(60)
    assert not start.ready.is_set() or start.problem
    assert not (tmp_path / "world.sqlite3").exists()  # it never began


def test_a_demo_server_that_cannot_start_is_said_by_the_apps_requests() -> None:
    start = DemoStart(base_url="http://127.0.0.1:9", host="127.0.0.1:9")
    start.failed("the port is taken")
    with pytest.raises(TokenUnavailable, match="The demo server did not start: the port"):
        DemoToken(start)()


# --- tootui --demo, twice -------------------------------------------------------------


def run_demo_once(env: dict[str, str], act: bool = False) -> str:
    """Run ``tootui --demo`` in a pty until it is live; favourite a post if ``act``; quit.
    Returns the screen as it was before quitting."""
    app = PtyApp(["--demo"], env)
    try:
        assert app.wait_for("↩", timeout=90), app.text()  # the first posts
        assert app.wait_for("Live", timeout=90), app.text()  # the server answered
        if act:
            app.press("f")  # said once the server has done it
            done = ("Favourited.", "Favourite removed.")
            assert app.wait_until(lambda text: any(d in text for d in done), 30), app.text()
        screen = app.text()
        app.press("q")
        assert app.wait_exit(60) == 0, app.text()
        return screen
    finally:
        app.close()


def test_the_second_tootui_demo_starts_from_the_kept_world(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = pty_env(tmp_path, home)
    first = run_demo_once(env)
    kept = home / "cache" / "demo" / "world-300-7-0.sqlite3"
    assert kept.exists()
    assert stored(kept, "SELECT count(*) FROM tootui_demo_snapshot WHERE name = 'home'") == [
        (1,)
    ]  # the app's first page of home was kept with it
    before = digest(kept)
    second = run_demo_once(env, act=True)
    assert "@tom@" in second or "Tom Becker" in second
    assert "@tom@" in first or "Tom Becker" in first
    assert digest(kept) == before  # what was done in the second demo is not kept
