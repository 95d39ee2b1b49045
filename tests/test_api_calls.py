"""Every call of ``tootui.api.MastodonClient`` against a real (mock) Mastodon server over HTTP.

Each test checks what the call returned and then reads the server's state back through
another call (or another account), so a call that only *looks* right cannot pass.
One server serves the whole module: tests use their own posts, tags and lists so they
do not see each other's data.
"""

from __future__ import annotations

import gc
import re
import struct
import uuid
import warnings
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from mastodon_mock.testing.server import MockServer

from tests import fault_servers
from tests.fault_servers import RawServer
from tootui.api import (
    MastodonClient,
    NotAuthorised,
    NotFound,
    Rejected,
    Status,
    TimelineSource,
)


@pytest.fixture(scope="module")
def srv() -> Iterator[MockServer]:
    with MockServer() as server:
        yield server


@pytest.fixture(scope="module")
def alice(srv: MockServer) -> MastodonClient:
    return MastodonClient(srv.base_url, "alice_token", timeout=10)


@pytest.fixture(scope="module")
def bob(srv: MockServer) -> MastodonClient:
    return MastodonClient(srv.base_url, "bob_token", timeout=10)


@pytest.fixture(scope="module")
def carol(srv: MockServer) -> MastodonClient:
    return MastodonClient(srv.base_url, "carol_token", timeout=10)


@pytest.fixture(scope="module")
def ids(alice: MastodonClient) -> dict[str, str]:
    """The seeded accounts' ids, by username."""
    return {
        name: alice.lookup(name).id for name in ("alice", "bob", "carol", "dave@remote.example")
    }


def unique(prefix: str = "t") -> str:
    """A word no other test uses (for tags and texts)."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def new_account(srv: MockServer, username: str) -> MastodonClient:
    """A client for a new local account ``username`` on ``srv``, with nothing in it yet."""
    token = requests.post(
        f"{srv.base_url}/api/v1/_mock/dev_user", json={"username": username}, timeout=10
    ).json()["access_token"]
    return MastodonClient(srv.base_url, token, timeout=10)


def tiny_png(path: Path) -> Path:
    """Write a valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


# --- account and server -------------------------------------------------------------


def test_verify_credentials(alice: MastodonClient, bob: MastodonClient) -> None:
    me = alice.verify_credentials()
    assert (me.username, me.acct, me.display_name) == ("alice", "alice", "Alice")
    assert me.following_count >= 1  # alice follows bob in the seed
    assert me.default_visibility == "public"  # only verify_credentials carries `source`
    assert me.created_at is not None and me.created_at.tzinfo is not None
    assert bob.verify_credentials().username == "bob"
    # the same account seen through another call is the same id
    assert alice.account(me.id).acct == "alice"


def test_instance_limits(alice: MastodonClient) -> None:
    instance = alice.instance()
    assert instance.domain
    assert instance.version
    assert instance.max_characters == 500
    assert instance.max_media_attachments == 4
    assert instance.max_poll_options == 4
    assert instance.max_poll_option_characters == 50
    assert instance.min_poll_expiration == 300
    assert instance.characters_reserved_per_url == 23


def test_preferences(alice: MastodonClient) -> None:
    preferences = alice.preferences()
    assert preferences["posting:default:visibility"] == "public"
    assert "reading:expand:spoilers" in preferences
    assert "preferences" not in alice.missing


def test_lookup_local_and_remote(alice: MastodonClient, ids: dict[str, str]) -> None:
    bob = alice.lookup("bob")
    assert (bob.username, bob.acct, bob.display_name) == ("bob", "bob", "Bob")
    dave = alice.lookup("dave@remote.example")
    assert dave.acct == "dave@remote.example"
    assert dave.full_acct("mock.local") == "dave@remote.example"
    assert alice.account(ids["carol"]).locked is True
    with pytest.raises(NotFound):
        alice.lookup("nobody-by-this-name")


# --- timelines -------------------------------------------------------------------------


def test_home_timeline_shows_followed_and_own_posts(
    alice: MastodonClient, bob: MastodonClient, carol: MastodonClient
) -> None:
    from_bob = bob.post(f"bob says {unique()}")
    from_carol = carol.post(f"carol says {unique()}")  # alice does not follow carol
    from_alice = alice.post(f"alice says {unique()}")
    page = alice.timeline(TimelineSource("home"), limit=40)
    seen = [s.id for s in page.items]
    assert from_bob.id in seen and from_alice.id in seen
    assert from_carol.id not in seen
    assert seen.index(from_alice.id) < seen.index(from_bob.id)  # newest first
    assert all(isinstance(s, Status) for s in page.items)


def test_local_and_federated_timelines(alice: MastodonClient, carol: MastodonClient) -> None:
    public = carol.post(f"public {unique()}", visibility="public")
    unlisted = carol.post(f"unlisted {unique()}", visibility="unlisted")
    for kind in ("local", "federated"):
        seen = {s.id for s in alice.timeline(TimelineSource(kind), limit=40).items}  # type: ignore[arg-type]
        assert public.id in seen, kind
        assert unlisted.id not in seen, kind  # unlisted posts stay out of public timelines


def test_hashtag_timeline(alice: MastodonClient, bob: MastodonClient) -> None:
    tag = unique("tag")
    tagged = bob.post(f"about #{tag}")
    bob.post("not tagged at all")
    page = alice.timeline(TimelineSource("hashtag", f"#{tag}"))
    assert [s.id for s in page.items] == [tagged.id]
    assert [t.name for t in page.items[0].tags] == [tag]


def test_list_timeline(srv: MockServer, alice: MastodonClient, bob: MastodonClient) -> None:
    api = srv.client("alice")
    title = unique("list")
    made = api.list_create(title)
    api.list_accounts_add(made["id"], [alice.lookup("bob").id])
    assert (str(made["id"]), title) in [(one.id, one.title) for one in alice.lists()]
    post = bob.post(f"for the list {unique()}")
    page = alice.timeline(TimelineSource("list", str(made["id"])))
    assert post.id in [s.id for s in page.items]
    assert all(s.account.acct == "bob" for s in page.items)


def test_account_timeline(
    alice: MastodonClient, carol: MastodonClient, ids: dict[str, str]
) -> None:
    post = carol.post(f"by carol {unique()}")
    page = alice.timeline(TimelineSource("account", ids["carol"]))
    assert page.items[0].id == post.id
    assert {s.account.acct for s in page.items} == {"carol"}


def test_favourites_and_bookmarks_timelines(alice: MastodonClient, bob: MastodonClient) -> None:
    liked = bob.post(f"like me {unique()}")
    kept = bob.post(f"keep me {unique()}")
    alice.favourite(liked.id)
    alice.bookmark(kept.id)
    favourites = [s.id for s in alice.timeline(TimelineSource("favourites")).items]
    bookmarks = [s.id for s in alice.timeline(TimelineSource("bookmarks")).items]
    assert liked.id in favourites and kept.id not in favourites
    assert kept.id in bookmarks and liked.id not in bookmarks
    alice.favourite(liked.id, on=False)
    alice.bookmark(kept.id, on=False)
    assert liked.id not in [s.id for s in alice.timeline(TimelineSource("favourites")).items]
    assert kept.id not in [s.id for s in alice.timeline(TimelineSource("bookmarks")).items]


@pytest.mark.parametrize("kind", ["hashtag", "account"])
def test_paging_older_and_newer_has_no_gaps_or_duplicates(
    srv: MockServer, kind: str, alice: MastodonClient
) -> None:
    tag = unique("page")
    # a fresh account per run keeps the account timeline to exactly these posts
    writer = new_account(srv, tag)
    posted = [writer.post(f"#{tag} number {i}").id for i in range(5)]
    source = (
        TimelineSource("hashtag", tag)
        if kind == "hashtag"
        else TimelineSource("account", writer.verify_credentials().id)
    )

    pages = [alice.timeline(source, limit=2)]
    while pages[-1].older is not None and len(pages) < 10:
        pages.append(alice.timeline(source, limit=2, **pages[-1].older))
    walked = [s.id for p in pages for s in p.items]
    assert [len(p) for p in pages[:3]] == [2, 2, 1]
    assert walked == list(reversed(posted))  # newest first, each once, none missing
    assert len(pages) <= 4  # it stops: an empty page ends the walk

    # and back up again from the oldest page, with the `newer` cursors
    oldest = alice.timeline(source, limit=2, max_id=posted[1])
    assert [s.id for s in oldest.items] == [posted[0]]
    assert oldest.newer is not None
    newer = alice.timeline(source, limit=2, **oldest.newer)
    assert sorted(s.id for s in newer.items) == sorted(posted[1:3])

    # a post made after the first page shows up through the first page's `newer` cursor
    later = writer.post(f"#{tag} late")
    assert pages[0].newer is not None
    fresh = alice.timeline(source, limit=2, **pages[0].newer)
    assert [s.id for s in fresh.items] == [later.id]


# --- notifications -------------------------------------------------------------------


@pytest.mark.parametrize("grouped", [True, False], ids=["grouped", "v1"])
def test_notifications_of_each_kind(srv: MockServer, grouped: bool, ids: dict[str, str]) -> None:
    # a fresh account, so its notifications are exactly the ones made here
    name = unique("n")
    me = new_account(srv, name)
    bob = MastodonClient(srv.base_url, "bob_token", timeout=10)
    my_id = me.verify_credentials().id
    post = me.post(f"something to react to {unique()}")

    bob.follow(my_id)
    bob.favourite(post.id)
    bob.boost(post.id)
    mention = bob.post(f"@{name} hello")

    page = me.notifications(grouped=grouped)
    by_type = {n.type: n for n in page.items}
    assert set(by_type) == {"follow", "favourite", "reblog", "mention"}
    for kind, notification in by_type.items():
        assert notification.account is not None, kind
        assert notification.account.acct == "bob", kind
        assert notification.account.id == ids["bob"]
        assert notification.created_at.tzinfo is not None
    assert by_type["follow"].status is None
    assert by_type["favourite"].status is not None
    assert by_type["favourite"].status.id == post.id
    assert by_type["reblog"].status is not None and by_type["reblog"].status.id == post.id
    assert by_type["mention"].status is not None
    assert by_type["mention"].status.id == mention.id
    if grouped:
        assert all(n.group_key for n in page.items)
        assert "grouped notifications" not in me.missing

    only = me.notifications(grouped=grouped, types=["mention"])
    assert [n.type for n in only.items] == ["mention"]


def test_notification_paging(srv: MockServer) -> None:
    name = unique("np")
    me = new_account(srv, name)
    bob = MastodonClient(srv.base_url, "bob_token", timeout=10)
    mentions = [bob.post(f"@{name} number {i}").id for i in range(3)]
    for grouped in (True, False):
        first = me.notifications(grouped=grouped, limit=2)
        assert first.older is not None
        second = me.notifications(grouped=grouped, limit=2, **first.older)
        seen = [n.status.id for n in (*first.items, *second.items) if n.status]
        assert seen == list(reversed(mentions)), grouped


# --- one post --------------------------------------------------------------------------


def test_status_and_context(alice: MastodonClient, bob: MastodonClient) -> None:
    root = alice.post(f"root {unique()}")
    reply = bob.post(f"@alice reply {unique()}", in_reply_to_id=root.id)
    deeper = alice.post(f"@bob deeper {unique()}", in_reply_to_id=reply.id)

    assert alice.status(reply.id).in_reply_to_id == root.id
    thread = alice.context(reply.id)
    assert [s.id for s in thread.ancestors] == [root.id]
    assert [s.id for s in thread.descendants] == [deeper.id]
    from_root = bob.context(root.id)
    assert from_root.ancestors == ()
    assert [s.id for s in from_root.descendants] == [reply.id, deeper.id]
    assert alice.status(root.id).replies_count == 1


@pytest.mark.parametrize("visibility", ["public", "unlisted", "private", "direct"])
def test_post_each_visibility(
    alice: MastodonClient, bob: MastodonClient, carol: MastodonClient, visibility: str
) -> None:
    # (the mock serves any post by id to anyone, so who may *read* it is not checked here)
    text = f"@bob {visibility} {unique()}"
    posted = alice.post(text, visibility=visibility)  # type: ignore[arg-type]
    assert posted.visibility == visibility
    assert alice.status(posted.id).visibility == visibility
    assert bob.status(posted.id).visibility == visibility
    mentioned = bob.notifications(types=["mention"], grouped=False).items
    assert posted.id in [n.status.id for n in mentioned if n.status]
    # only public posts reach the public timelines
    local = {s.id for s in carol.timeline(TimelineSource("local"), limit=40).items}
    assert (posted.id in local) == (visibility == "public")


def test_post_with_everything_reads_back(alice: MastodonClient, bob: MastodonClient) -> None:
    parent = bob.post(f"a question {unique()}")
    before = datetime.now(UTC)
    posted = alice.post(
        "the answer is below",
        spoiler_text="spoilers",
        language="de",
        sensitive=True,
        in_reply_to_id=parent.id,
        poll_options=["yes", "no", "maybe"],
        poll_multiple=True,
        poll_expires_in=3600,
    )
    back = bob.status(posted.id)
    after = datetime.now(UTC)
    assert "the answer is below" in back.content
    assert back.spoiler_text == "spoilers"
    assert back.language == "de"
    assert back.sensitive is True
    assert back.in_reply_to_id == parent.id
    assert back.in_reply_to_account_id == parent.account.id
    assert back.poll is not None
    assert [o.title for o in back.poll.options] == ["yes", "no", "maybe"]
    assert back.poll.multiple is True
    assert back.poll.expired is False
    assert back.poll.expires_at is not None
    # an hour after it was made, whenever that was (the server keeps whole seconds)
    hour = timedelta(seconds=3600)
    assert before + hour - timedelta(seconds=1) <= back.poll.expires_at <= after + hour


def test_uploading_closes_the_file(alice: MastodonClient, tmp_path: Path) -> None:
    image = tiny_png(tmp_path / "dot.png")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        alice.upload_media(image, description="a dot")
        gc.collect()  # a file left open is reported when it is collected
    assert [str(w.message) for w in caught if w.category is ResourceWarning] == []


def test_post_with_media(alice: MastodonClient, bob: MastodonClient, tmp_path: Path) -> None:
    image = tiny_png(tmp_path / "dot.png")
    uploaded = alice.upload_media(image, description="a green dot")
    assert uploaded.id
    assert uploaded.type == "image"
    assert uploaded.description == "a green dot"
    checked = alice.media(uploaded.id)
    assert checked.processed and checked.url
    updated = alice.update_media(uploaded.id, "a single green pixel")
    assert updated.description == "a single green pixel"
    assert alice.media(uploaded.id).description == "a single green pixel"

    posted = alice.post("look", media_ids=[uploaded.id])
    back = bob.status(posted.id)
    assert [(m.id, m.type, m.description) for m in back.media_attachments] == [
        (uploaded.id, "image", "a single green pixel")
    ]
    assert requests.get(back.media_attachments[0].url, timeout=10).content == image.read_bytes()


def test_idempotency_key_makes_one_post(alice: MastodonClient, ids: dict[str, str]) -> None:
    key = str(uuid.uuid4())
    text = f"only once {unique()}"
    first = alice.post(text, idempotency_key=key)
    second = alice.post(text, idempotency_key=key)
    assert second.id == first.id
    mine = alice.timeline(TimelineSource("account", ids["alice"]), limit=40).items
    assert sum(1 for s in mine if text in s.content) == 1
    # a different key is a different post
    third = alice.post(text, idempotency_key=str(uuid.uuid4()))
    assert third.id != first.id


def test_edit_and_source(alice: MastodonClient, bob: MastodonClient) -> None:
    posted = alice.post("frist post", spoiler_text="typo", language="de")
    assert posted.edited_at is None
    assert alice.status_source(posted.id) == ("frist post", "typo")

    edited = alice.edit(posted.id, "first post", spoiler_text="fixed")
    assert "first post" in edited.content
    assert edited.edited_at is not None
    back = bob.status(posted.id)
    assert "first post" in back.content
    assert back.spoiler_text == "fixed"
    assert back.edited_at is not None
    assert back.language == "de"  # an edit keeps the language
    assert back.cache_key != posted.cache_key  # a changed post is rendered again
    assert alice.status_source(posted.id) == ("first post", "fixed")


def test_delete_returns_source_and_removes(alice: MastodonClient, bob: MastodonClient) -> None:
    posted = alice.post("delete me soon", spoiler_text="cw")
    deleted = alice.delete(posted.id)
    assert deleted.id == posted.id
    assert deleted.text == "delete me soon"  # for "delete and redraft"
    with pytest.raises(NotFound):
        bob.status(posted.id)


# --- acting on posts -------------------------------------------------------------------


def test_favourite_and_undo(alice: MastodonClient, bob: MastodonClient) -> None:
    post = bob.post(f"fav {unique()}")
    result = alice.favourite(post.id)
    assert result.favourited is True
    assert result.favourites_count == 1
    assert alice.status(post.id).favourited is True
    seen_by_bob = bob.status(post.id)
    assert seen_by_bob.favourites_count == 1
    assert seen_by_bob.favourited is False  # it is alice's favourite, not bob's

    undone = alice.favourite(post.id, on=False)
    assert undone.favourited is False
    assert bob.status(post.id).favourites_count == 0


def test_boost_and_undo(alice: MastodonClient, bob: MastodonClient, carol: MastodonClient) -> None:
    post = carol.post(f"boost {unique()}")
    boosted = alice.boost(post.id)
    # Mastodon answers with the boost itself, wrapping the boosted post
    assert boosted.target.id == post.id
    assert boosted.target.reblogged is True
    assert carol.status(post.id).reblogs_count == 1
    home = bob.timeline(TimelineSource("home")).items  # bob does not follow alice
    assert post.id not in [s.target.id for s in home]
    alice_home = alice.timeline(TimelineSource("home")).items
    boost_in_home = next(s for s in alice_home if s.reblog is not None and s.target.id == post.id)
    assert boost_in_home.account.acct == "alice"

    undone = alice.boost(post.id, on=False)
    assert undone.target.reblogged is False
    assert carol.status(post.id).reblogs_count == 0
    assert alice.status(post.id).reblogged is False


def test_bookmark_and_undo(alice: MastodonClient, bob: MastodonClient) -> None:
    post = bob.post(f"bookmark {unique()}")
    assert alice.bookmark(post.id).bookmarked is True
    assert alice.status(post.id).bookmarked is True
    assert bob.status(post.id).bookmarked is False
    assert alice.bookmark(post.id, on=False).bookmarked is False
    assert alice.status(post.id).bookmarked is False


def test_mute_conversation(alice: MastodonClient, bob: MastodonClient) -> None:
    post = alice.post(f"a noisy thread {unique()}")
    assert alice.mute_conversation(post.id).muted is True
    assert alice.status(post.id).muted is True
    assert bob.status(post.id).muted is False  # the mute is alice's alone
    # (the mock keeps the flag but still notifies about the thread, so that is not checked)
    assert alice.mute_conversation(post.id, on=False).muted is False
    assert alice.status(post.id).muted is False


def test_vote(alice: MastodonClient, bob: MastodonClient) -> None:
    post = bob.post("pick some", poll_options=["red", "green", "blue"], poll_multiple=True)
    assert post.poll is not None
    poll = alice.vote(post.poll.id, [0, 2])
    assert poll.voted is True
    assert poll.own_votes == (0, 2)
    assert [o.votes_count for o in poll.options] == [1, 0, 1]
    seen_by_bob = bob.status(post.id).poll
    assert seen_by_bob is not None
    assert seen_by_bob.votes_count == 2
    assert seen_by_bob.voters_count == 1
    assert seen_by_bob.voted is False


def test_report(srv: MockServer, alice: MastodonClient, carol: MastodonClient) -> None:
    bad = carol.post(f"spam spam {unique()}")
    alice.report(bad.account.id, status_ids=[bad.id], comment="this is spam", category="spam")
    reports = srv.client("bob").admin_reports()  # the mock does not check admin roles
    mine = [r for r in reports if str(r["target_account"]["id"]) == bad.account.id]
    assert mine, reports
    assert mine[-1]["comment"] == "this is spam"
    assert mine[-1]["category"] == "spam"
    assert [str(s["id"]) for s in mine[-1]["statuses"]] == [bad.id]


# --- relationships ----------------------------------------------------------------------


def test_follow_and_unfollow(bob: MastodonClient, ids: dict[str, str]) -> None:
    alice_id = ids["alice"]
    assert bob.relationship(alice_id).following is False
    followed = bob.follow(alice_id)
    assert followed.following is True
    assert followed.id == alice_id
    assert bob.relationship(alice_id).following is True
    alice_api = MastodonClient(bob.base_url, "alice_token", timeout=10)
    assert alice_api.relationship(ids["bob"]).followed_by is True
    assert bob.unfollow(alice_id).following is False
    assert bob.relationship(alice_id).following is False
    assert alice_api.relationship(ids["bob"]).followed_by is False


def test_mute_and_block(alice: MastodonClient, ids: dict[str, str]) -> None:
    carol_id = ids["carol"]
    assert alice.mute(carol_id).muting is True
    assert alice.relationship(carol_id).muting is True
    assert alice.unmute(carol_id).muting is False
    assert alice.relationship(carol_id).muting is False
    assert alice.block(carol_id).blocking is True
    assert alice.relationship(carol_id).blocking is True
    assert alice.unblock(carol_id).blocking is False
    assert alice.relationship(carol_id).blocking is False


@pytest.mark.parametrize("answer", ["authorize", "reject"])
def test_follow_request_to_locked_account(
    srv: MockServer, carol: MastodonClient, ids: dict[str, str], answer: str
) -> None:
    name = unique("fr")
    asker = new_account(srv, name)
    asker_id = asker.verify_credentials().id

    asked = asker.follow(ids["carol"])
    assert asked.requested is True and asked.following is False
    assert asker.relationship(ids["carol"]).requested is True
    requests_seen = carol.notifications(types=["follow_request"], grouped=False).items
    assert asker_id in [n.account.id for n in requests_seen if n.account]

    if answer == "authorize":
        result = carol.authorize_follow_request(asker_id)
        assert result.followed_by is True
        after = asker.relationship(ids["carol"])
        assert (after.following, after.requested) == (True, False)
    else:
        result = carol.reject_follow_request(asker_id)
        assert result.followed_by is False
        after = asker.relationship(ids["carol"])
        assert (after.following, after.requested) == (False, False)


# --- search --------------------------------------------------------------------------


def test_search(alice: MastodonClient, bob: MastodonClient) -> None:
    tag = unique("find")
    post = bob.post(f"findable #{tag}")
    accounts = alice.search("bob", kind="accounts")
    assert "bob" in [a.acct for a in accounts.accounts]
    assert accounts.statuses == ()
    hashtags = alice.search(f"#{tag}", kind="hashtags")
    assert tag in [t.name for t in hashtags.hashtags]
    statuses = alice.search("findable", kind="statuses")
    assert post.id in [s.id for s in statuses.statuses]
    everything = alice.search(tag)
    assert tag in [t.name for t in everything.hashtags]


def test_search_with_resolve_finds_remote_account(alice: MastodonClient) -> None:
    # The mock searches its own database only (no WebFinger, no post URLs): a remote
    # account it already knows is what `resolve` can be checked against.
    resolved = alice.search("dave", resolve=True, kind="accounts")
    assert [a.acct for a in resolved.accounts] == ["dave@remote.example"]
    assert alice.lookup("dave@remote.example").id == resolved.accounts[0].id


# --- read positions --------------------------------------------------------------------


def test_markers_round_trip(alice: MastodonClient, bob: MastodonClient) -> None:
    post = bob.post(f"read up to here {unique()}")
    before = datetime.now(UTC) - timedelta(seconds=60)
    alice.set_marker("home", post.id)
    alice.set_marker("notifications", "12345")
    markers = alice.markers()
    assert set(markers) == {"home", "notifications"}
    assert markers["home"].last_read_id == post.id
    assert markers["notifications"].last_read_id == "12345"
    assert markers["home"].updated_at is not None and markers["home"].updated_at > before
    assert bob.markers().get("home") is None or bob.markers()["home"].last_read_id != post.id
    assert alice.markers(["home"]).keys() == {"home"}


# --- signing in and out ----------------------------------------------------------------


def test_oauth_code_flow_and_revoke(srv: MockServer) -> None:
    anonymous = MastodonClient(srv.base_url, timeout=10)
    client_id, client_secret = anonymous.register_app("tootui tests", website="https://example.org")
    assert client_id and client_secret

    url = anonymous.authorize_url(client_id)
    assert url.startswith(f"{srv.base_url}/oauth/authorize?")
    for part in (f"client_id={client_id}", "response_type=code", "scope=read+write+follow+push"):
        assert part in url
    # The person's part, done without a browser: open the page, choose an account.
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "alice" in page.text
    chosen = requests.post(
        f"{srv.base_url}/oauth/authorize",
        data={
            "username": "alice",
            "client_id": client_id,
            "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
        },
        timeout=10,
    )
    found = re.search(r"Authorization code: (\S+?)<", chosen.text)
    assert found, chosen.text
    code = found.group(1)

    token = anonymous.exchange_code(client_id, client_secret, f"  {code}\n")  # as pasted
    assert token and token != "alice_token"
    signed_in = MastodonClient(srv.base_url, token, timeout=10)
    assert signed_in.verify_credentials().acct == "alice"
    assert token not in repr(signed_in)

    signed_in.revoke(client_id, client_secret, token)
    with pytest.raises(NotAuthorised) as caught:
        signed_in.verify_credentials()
    assert token not in str(caught.value)
    # the seeded token of the same account still works: only this sign-in was revoked
    assert MastodonClient(srv.base_url, "alice_token").verify_credentials().acct == "alice"


def test_exchange_of_a_bad_code_is_refused(srv: MockServer) -> None:
    anonymous = MastodonClient(srv.base_url, timeout=10)
    client_id, client_secret = anonymous.register_app()
    from tootui.api import ApiError

    with pytest.raises(ApiError) as caught:
        anonymous.exchange_code(client_id, client_secret, "not-a-real-code")
    assert client_secret not in str(caught.value)


def test_the_approval_page_carries_what_the_server_needs(tmp_path: Path) -> None:
    """Mastodon.py's auth_request_url builds it, without asking the server anything."""
    with RawServer(fault_servers.canned(500)) as server:
        anonymous = MastodonClient(server.base_url, timeout=10)
        url = anonymous.authorize_url("abc123")
        # A client id is text from a server: one that names a file here is not read.
        private = tmp_path / "private-notes"
        private.write_text("a line no server may see\n")
        named_a_file = anonymous.authorize_url(str(private))
        assert server.paths == []
    assert url.startswith(f"{server.base_url}/oauth/authorize?")
    query = parse_qs(urlsplit(url).query)
    assert query["client_id"] == ["abc123"]
    assert query["response_type"] == ["code"]
    assert query["redirect_uri"] == ["urn:ietf:wg:oauth:2.0:oob"]
    assert query["scope"] == ["read write follow push"]
    assert query["force_login"][0].lower() == "true"  # approve as any account, not the last
    assert "state" not in query and "lang" not in query  # not the word "None"
    assert "None" not in url
    assert parse_qs(urlsplit(named_a_file).query)["client_id"] == [str(private)]
    assert "no server may see" not in named_a_file


def test_signing_out_where_the_server_has_no_revocation_is_no_failure() -> None:
    with RawServer(fault_servers.canned(404, {"error": "Record not found"})) as server:
        MastodonClient(server.base_url, "a-token", timeout=10).revoke("id", "secret", "a-token")
        # where the server would say it revokes tokens, then the documented place
        assert server.paths == ["/.well-known/oauth-authorization-server", "/oauth/revoke"]


def test_a_refused_sign_out_is_the_servers_refusal_not_a_lost_sign_in() -> None:
    """401 on /oauth/revoke means the server refused tootui's client credentials: the
    account's sign-in is not what failed, so no "sign in again"."""
    with RawServer(fault_servers.canned(401, {"error": "invalid_client"})) as server:
        client = MastodonClient(server.base_url, "a-token", timeout=10)
        with pytest.raises(Rejected) as caught:
            client.revoke("id", "secret", "a-token")
    assert caught.value.status == 401
    assert caught.value.server_message == "invalid_client"
    assert str(caught.value) == f"{server.host} refused to sign out: invalid_client"
