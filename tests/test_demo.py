"""The demo world: what ``tootui --demo`` shows must really be on the server, read back over HTTP."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from importlib import import_module
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import pytest
import requests

from tootui.api import MastodonClient
from tootui.api.client import TimelineSource
from tootui.api.entities import Status
from tootui.demo import (
    DEMO_RULES,
    PEOPLE,
    DemoServer,
    build_world_config,
    plan_world,
    start_demo_server,
)
from tootui.demo.world import WORLD_FILE, parse_world

ARABIC = re.compile(r"[\u0600-\u06ff]")
HEBREW = re.compile(r"[\u0590-\u05ff]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with start_demo_server(posts=60) as server:
        yield server


@pytest.fixture(scope="module")
def client(demo: DemoServer) -> MastodonClient:
    return MastodonClient(demo.base_url, demo.token, timeout=10)


def read_all(client: MastodonClient, source: TimelineSource) -> list[Status]:
    statuses: list[Status] = []
    cursor: dict[str, str] = {}
    while True:
        page = client.timeline(source, limit=40, **cursor)
        statuses.extend(page.items)
        if not page.items or not page.older:
            return statuses
        cursor = page.older


@pytest.fixture(scope="module")
def home(client: MastodonClient) -> list[Status]:
    return read_all(client, TimelineSource("home"))


def test_home_timeline_has_every_kind_of_post(home: list[Status]) -> None:
    originals = [s.reblog or s for s in home]
    assert len(home) >= 45
    assert any(s.reblog is not None for s in home), "a boost"
    assert any(s.in_reply_to_id for s in originals), "a reply"
    assert {"spoilers: film ending", "politics", "food"} <= {s.spoiler_text for s in originals}
    polls = [s.poll for s in originals if s.poll is not None]
    assert any(p.multiple for p in polls) and any(not p.multiple for p in polls)
    assert any(p.expired for p in polls) and any(not p.expired for p in polls)
    assert any(p.voted and p.own_votes for p in polls)
    media = [m for s in originals for m in s.media_attachments]
    assert any(m.description for m in media), "an image with alt text"
    assert any(not m.description for m in media), "an image without alt text"
    assert any(len(s.media_attachments) > 1 for s in originals)
    assert any(s.edited_at is not None for s in originals), "an edited post"
    assert {"public", "unlisted", "private"} <= {s.visibility for s in originals}
    assert any(ARABIC.search(s.content) and s.language == "ar" for s in originals)
    assert any(HEBREW.search(s.content) for s in originals)
    assert any(JAPANESE.search(s.content) for s in originals)
    assert any("https://example.org/" in s.content for s in originals)
    assert any(s.tags for s in originals) and any(s.mentions for s in originals)
    assert max(len(re.sub(r"<[^>]+>", "", s.content)) for s in originals) >= 440
    assert any(s.favourited for s in originals) and any(s.bookmarked for s in originals)


def test_arabic_post_mixes_in_english_numbers_link_and_hashtag(home: list[Status]) -> None:
    long_arabic = [
        s
        for s in (h.reblog or h for h in home)
        if s.language == "ar" and s.content.count("<p>") >= 3
    ]
    assert long_arabic
    content = long_arabic[0].content
    assert "Python" in content and "2026" in content
    assert "https://example.org/" in content and "#عربي" in content


def test_reply_threads_go_several_levels_deep(demo: DemoServer, client: MastodonClient) -> None:
    context = client.context(str(demo.status_ids["t1r4"]))
    assert len(context.ancestors) >= 4
    assert len({s.account.acct for s in context.ancestors}) >= 3
    spoiler_thread = client.context(str(demo.status_ids["t3"]))
    assert len(spoiler_thread.descendants) >= 2


def test_demo_account_has_notifications_of_every_kind(client: MastodonClient) -> None:
    page = client.notifications(limit=80, grouped=False)
    kinds = {n.type for n in page.items}
    assert {"mention", "favourite", "reblog", "follow", "follow_request", "poll", "update"} <= kinds
    assert all(n.status is not None for n in page.items if n.type in ("mention", "favourite"))


def test_instance_and_people(demo: DemoServer, client: MastodonClient) -> None:
    instance = client.instance()
    assert instance.title == "tootui demo"
    assert instance.description
    assert [r.text for r in instance.rules] == DEMO_RULES
    assert demo.acct == f"demo@{instance.domain}"
    me = client.verify_credentials()
    assert me.username == "demo" and me.fields and me.following_count >= 6
    names = {client.lookup(name).display_name for name in ("layla", "dariush", "noa", "haruki")}
    assert "ليلى حداد" in names
    assert any(HEBREW.search(n) for n in names) and any(JAPANESE.search(n) for n in names)
    assert client.lookup("kai").locked
    assert client.relationship(client.lookup("kai").id).requested


def test_direct_messages_and_saved_posts(demo: DemoServer, client: MastodonClient) -> None:
    assert client.status(str(demo.status_ids["dm_in"])).visibility == "direct"
    assert read_all(client, TimelineSource("bookmarks"))
    assert read_all(client, TimelineSource("favourites"))


def test_media_is_served_by_the_local_server(home: list[Status], demo: DemoServer) -> None:
    image = next(m for s in home for m in (s.reblog or s).media_attachments)
    assert image.url.startswith(demo.base_url + "/")
    response = requests.get(image.url, timeout=10)
    assert response.status_code == 200
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_post_as_adds_a_post_on_top_of_home(demo: DemoServer, client: MastodonClient) -> None:
    status_id = demo.post_as("maya", "Fresh from the benchmark #python", visibility="unlisted")
    newest = client.timeline(TimelineSource("home"), limit=1).items[0]
    assert newest.id == status_id
    assert newest.visibility == "unlisted" and "Fresh from the benchmark" in newest.content


def test_same_seed_gives_the_same_world(home: list[Status]) -> None:
    assert [p.text for p in plan_world(200, 7).posts] == [p.text for p in plan_world(200, 7).posts]
    assert [p.text for p in plan_world(200, 7).posts] != [p.text for p in plan_world(200, 8).posts]
    with start_demo_server(posts=60, seed=7) as again:
        other = read_all(
            MastodonClient(again.base_url, again.token, timeout=10), TimelineSource("home")
        )
    # The module's server has one extra post when post_as ran first; compare the seeded ones.
    seeded = [s for s in home if "Fresh from the benchmark" not in s.content]
    assert [(s.reblog or s).content for s in other] == [(s.reblog or s).content for s in seeded]


def test_default_world_is_full() -> None:
    with start_demo_server() as server:
        client = MastodonClient(server.base_url, server.token, timeout=10)
        assert len(server.status_ids) == 300
        # The mock leaves direct messages out of statuses_count.
        total = sum(client.lookup(p.username).statuses_count for p in PEOPLE)
        assert total == 300 - sum(p.visibility == "direct" for p in plan_world(300, 7).posts)
        assert len(client.timeline(TimelineSource("home"), limit=40).items) == 40
    # how fast it is seeded: benchmarks/responsiveness.py


def test_hashtag_in_arabic_pages_like_any_other(client: MastodonClient) -> None:
    """The mock's paging Link header carries the path percent-encoded (encode_link_headers)."""
    first = client.timeline(TimelineSource("hashtag", "عربي"), limit=1)
    assert first.items and first.older
    second = client.timeline(TimelineSource("hashtag", "عربي"), limit=1, **first.older)
    assert second.items and second.items[0].id != first.items[0].id
    assert all("#عربي" in s.content for s in (*first.items, *second.items))


def test_the_mock_internals_the_demo_uses_are_still_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mastodon-mock documents none of these: an upgrade that moves one fails here, by name."""
    from mastodon_mock.app import create_app

    from tootui.demo.mock_internals import PRIVATE_NAMES, release

    missing: list[str] = []
    for module_name, names, why in PRIVATE_NAMES:
        try:
            module = import_module(module_name)
        except ImportError:
            missing.append(f"{module_name} ({why})")
            continue
        missing += [f"{module_name}.{n} ({why})" for n in names.split() if not hasattr(module, n)]
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    config = build_world_config()
    config.media_storage_path = str(tmp_path / "media")
    app = create_app(config)
    if not callable(getattr(app.state, "session_factory", None)):
        missing.append("app.state.session_factory, set by create_app (seed_world's session)")
    assert list((tmp_path / "temp").iterdir()), "the app's database file"
    release(app)
    if list((tmp_path / "temp").iterdir()):
        missing.append("dispose_app_resources deleting the app's database file")
    assert not missing, (
        f"mastodon-mock {version('mastodon-mock')} changed what tootui/demo/mock_internals.py "
        "uses: " + "; ".join(missing)
    )


def test_stop_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every temporary file made by the demo or by mastodon-mock goes to this folder.
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    with start_demo_server(posts=40) as server:
        assert sorted(p.name for p in temp.iterdir())  # its database and media files
        # An open stream, as tootui keeps one: the server stops without waiting for it.
        stream = requests.get(
            f"{server.base_url}/api/v1/streaming/user",
            headers={"Authorization": f"Bearer {server.token}"},
            stream=True,
            timeout=10,
        )
        assert stream.status_code == 200
    stream.close()
    assert sorted(p.name for p in temp.iterdir()) == []


def test_world_file_mistakes_are_named() -> None:
    text = files("tootui.demo").joinpath(WORLD_FILE).read_text(encoding="utf-8")
    assert parse_world(text).showcase
    with pytest.raises(ValueError, match="'t1r2' points at 'nowhere', not an earlier post"):
        parse_world(text.replace('reply_to = "t1r1"', 'reply_to = "nowhere"'))
    with pytest.raises(ValueError, match="'t1r1' names 'tomas', who is not among the people"):
        parse_world(
            text.replace('author = "tom"\nreply_to = "t1"', 'author = "tomas"\nreply_to = "t1"')
        )


def test_stop_really_stops() -> None:
    server = start_demo_server(posts=40)
    port = int(server.base_url.rsplit(":", 1)[1])
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    server.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    server.stop()  # idempotent


def test_runs_as_a_standalone_server() -> None:
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    # ``with`` closes both pipes; communicate() reads them to the end, so the server
    # never blocks on a full stderr while it stops
    with subprocess.Popen(
        [sys.executable, "-m", "tootui.demo", "--posts", "40"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=root,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            base_url, token = line.split(" ")
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base_url)
            me = MastodonClient(base_url, token, timeout=10).verify_credentials()
            assert me.username == "demo"
        finally:
            proc.terminate()
            _, errors = proc.communicate(timeout=60)
    assert proc.returncode == 0, errors[-2000:]
    port = int(base_url.rsplit(":", 1)[1])
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
