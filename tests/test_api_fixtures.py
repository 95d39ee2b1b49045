"""Real Mastodon 4.7 JSON converts into tootui's entities, and odd JSON never crashes them."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import load_fixture
from tootui.api.entities import (
    Account,
    Instance,
    Notification,
    Poll,
    Status,
)

_FIXTURE_CACHE: dict[str, list[dict[str, Any]]] = {}


def _by_id(items: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    return next(item for item in items if item.get("id") == item_id)


# --- every recorded object converts ------------------------------------------------


def test_every_status_converts() -> None:
    raw = load_fixture("statuses")
    statuses = [Status.from_api(item) for item in raw]
    assert len(statuses) == len(raw) > 300
    for item, status in zip(raw, statuses, strict=True):
        assert status.id == item["id"]
        assert status.account.id == item["account"]["id"]
        assert status.content == item["content"]
        assert status.visibility == item["visibility"]
        assert len(status.media_attachments) == len(item["media_attachments"])
    # the recordings cover every visibility a Mastodon server sends
    assert {s.visibility for s in statuses} >= {"public", "unlisted", "private", "direct"}


def test_every_account_converts() -> None:
    raw = load_fixture("accounts")
    for item in raw:
        account = Account.from_api(item)
        assert account.id == item["id"]
        assert account.acct == item["acct"]
        assert account.display_name == item["display_name"]
        assert account.followers_count == item["followers_count"]
        assert account.name  # something to call them, even with no display name


def test_every_v1_notification_converts() -> None:
    raw = load_fixture("notifications")
    for item in raw:
        notification = Notification.from_api(item)
        assert notification.id == str(item["id"])
        assert notification.type == item["type"]
        assert notification.account is not None
        assert notification.account.id == item["account"]["id"]
        assert (notification.status is None) == (item.get("status") is None)
        assert notification.group_key == item.get("group_key")


def test_every_notification_group_converts_alone() -> None:
    raw = load_fixture("grouped_notifications")
    for item in raw:
        group = Notification.from_group(item, {}, {})
        # most_recent_notification_id arrives as a JSON number; ids are always str here
        assert group.id == str(item["most_recent_notification_id"])
        assert group.type == item["type"]
        assert group.count == item["notifications_count"]
        assert group.group_key == item["group_key"]
        assert group.accounts == ()  # no accounts were sent beside it
        assert group.status is None
        assert group.created_at.tzinfo is not None


def test_notification_group_picks_accounts_and_status_sent_beside_it() -> None:
    group = next(g for g in load_fixture("grouped_notifications") if g["status_id"])
    status = Status.from_api(load_fixture("statuses")[0])
    accounts = {
        a: Account.from_api({"id": a, "username": f"user{a}"}) for a in group["sample_account_ids"]
    }
    built = Notification.from_group(group, accounts, {str(group["status_id"]): status})
    assert [a.id for a in built.accounts] == group["sample_account_ids"]
    assert built.status is status


def test_every_poll_converts() -> None:
    for item in load_fixture("polls"):
        poll = Poll.from_api(item)
        assert poll.id == item["id"]
        assert [o.title for o in poll.options] == [o["title"] for o in item["options"]]
        assert poll.votes_count == item["votes_count"]
        assert poll.expired == item["expired"]


def test_every_instance_converts() -> None:
    for item in load_fixture("instances"):
        instance = Instance.from_api(item)
        assert instance.domain == item["uri"]
        assert instance.version == item["version"]
        assert instance.max_characters == 500
        assert instance.max_media_attachments == 4


# --- the fields a reader sees, on samples ----------------------------------------------


def test_status_with_content_warning_filter_and_edit() -> None:
    status = Status.from_api(_by_id(load_fixture("statuses"), "110446223051565765"))
    assert status.spoiler_text == "test post for mastodon.py stuff"
    assert status.sensitive is True
    assert status.language == "de"
    assert status.edited_at == datetime(2023, 5, 28, 12, 9, 44, tzinfo=UTC)
    assert status.created_at == datetime(2023, 5, 28, 12, 6, 50, tzinfo=UTC)
    assert [(f.title, f.action) for f in status.filtered] == [("animes", "warn")]
    assert status.cache_key == (status.id, status.edited_at)


def test_reblog_targets_the_boosted_post() -> None:
    raw = _by_id(load_fixture("statuses"), "117440831312204861")
    boost = Status.from_api(raw)
    assert boost.reblog is not None
    assert boost.target is boost.reblog
    assert boost.target.id == "117440831307448422"
    assert boost.target.account.acct == raw["reblog"]["account"]["acct"]
    plain = Status.from_api(_by_id(load_fixture("statuses"), "110446223051565765"))
    assert plain.target is plain


def test_quote_nests_the_quoted_post() -> None:
    raw = _by_id(load_fixture("statuses"), "115044073088181107")
    status = Status.from_api(raw)
    assert status.quote is not None
    assert status.quote.id == "115044070560414080"
    assert status.quote.content == raw["quote"]["quoted_status"]["content"]
    assert status.quote.account.id == raw["quote"]["quoted_status"]["account"]["id"]


def test_status_poll_is_read() -> None:
    status = Status.from_api(_by_id(load_fixture("statuses"), "117444344949693548"))
    assert status.poll is not None
    assert [o.title for o in status.poll.options] == [
        "fine to have as a default",
        "only optional",
        "some other thing",
    ]


def test_account_names() -> None:
    account = Account.from_api(_by_id(load_fixture("accounts"), "115038701837652014"))
    assert account.acct == "mastodonpy_test_2"
    assert account.display_name == ""
    assert account.name == "mastodonpy_test_2"  # falls back to the username
    assert account.full_acct("example.social") == "mastodonpy_test_2@example.social"
    named = next(a for a in load_fixture("accounts") if a["display_name"].strip())
    assert Account.from_api(named).name == named["display_name"].strip()


def test_instance_limits_and_rules() -> None:
    raw = next(i for i in load_fixture("instances") if i["uri"] == "mastodon.social")
    instance = Instance.from_api(raw)
    assert instance.max_characters == 500
    assert instance.max_poll_options == 4
    assert instance.max_poll_option_characters == 50
    assert instance.contact == "staff@mastodon.social"
    assert instance.streaming_url and instance.streaming_url.startswith("wss://")
    assert len(instance.rules) == len(raw["rules"]) > 0
    assert instance.rules[0].id == "1"
    assert instance.rules[0].text.startswith("Sexually explicit or violent media")
    assert instance.rules[0].hint


# --- nothing a server sends makes a reader raise --------------------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4),
    ),
    max_leaves=20,
)
READERS = (Status.from_api, Account.from_api, Notification.from_api, Instance.from_api)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__qualname__)
@FUZZ
@given(value=JSON_VALUES)
def test_readers_never_raise_on_arbitrary_json(reader: Any, value: Any) -> None:
    result = reader(value)
    assert isinstance(result.id if hasattr(result, "id") else result.domain, str)


def _keys_of(items: list[dict[str, Any]]) -> list[str]:
    return sorted({key for item in items for key in item})


# Real keys (from the recordings) with arbitrary values, so the readers meet a wrong type
# in every field they read, not only in fields nobody has heard of.
STATUS_KEYS = [
    "id",
    "account",
    "reblog",
    "quote",
    "poll",
    "card",
    "media_attachments",
    "mentions",
    "tags",
    "emojis",
    "filtered",
    "created_at",
    "edited_at",
    "visibility",
    "language",
    "favourites_count",
    "spoiler_text",
    "content",
    "in_reply_to_id",
    "sensitive",
]


def _mutated(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys), JSON_VALUES, max_size=len(keys))


@FUZZ
@given(value=_mutated(STATUS_KEYS))
def test_status_reader_survives_wrong_types_in_real_keys(value: dict[str, Any]) -> None:
    status = Status.from_api(value)
    assert isinstance(status.id, str)
    assert status.visibility in ("public", "unlisted", "private", "direct", "local")
    assert status.created_at.tzinfo is not None


@FUZZ
@given(data=st.data())
def test_real_objects_with_one_field_replaced_still_convert(data: st.DataObject) -> None:
    kind, reader = data.draw(
        st.sampled_from(
            [
                ("statuses", Status.from_api),
                ("accounts", Account.from_api),
                ("notifications", Notification.from_api),
                ("instances", Instance.from_api),
            ]
        )
    )
    items = _FIXTURE_CACHE.setdefault(kind, load_fixture(kind))
    item = json.loads(json.dumps(data.draw(st.sampled_from(items))))
    for key in data.draw(st.lists(st.sampled_from(_keys_of([item])), min_size=1, max_size=3)):
        item[key] = data.draw(JSON_VALUES)
    converted = reader(item)
    assert converted is not None


@pytest.mark.parametrize(
    "value",
    [
        {"id": 12345, "account": {"id": 7}, "favourites_count": "3", "created_at": "not a date"},
        {"reblog": {"reblog": {"reblog": {"reblog": {"id": "deep"}}}}},
        {
            "quote": {
                "quoted_status": {"quote": {"quoted_status": {"quote": {"quoted_status": {}}}}}
            }
        },
        {"media_attachments": {"not": "a list"}, "tags": "nope", "mentions": [None, 3]},
        {"account": None, "poll": [], "card": "x", "visibility": "members-only"},
    ],
)
def test_status_reader_on_known_oddities(value: dict[str, Any]) -> None:
    status = Status.from_api(value)
    assert isinstance(status.id, str)
    assert status.visibility in ("public", "unlisted", "private", "direct", "local")
    if value.get("id") == 12345:
        assert status.id == "12345"
        assert status.account.id == "7"
        assert status.favourites_count == 3
        assert status.created_at == datetime(1970, 1, 1, tzinfo=UTC)


# --- the on-disk cache keeps working as entities move --------------------------------


def test_a_cache_written_before_the_entities_moved_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pickle names each class by its module. The entities moved from
    ``tootui.api.entities`` into modules under it: a cache written before still loads (the
    package re-exports every name), and one naming a module that is gone is ignored."""
    import tootui.api.entities as entities
    from tootui.cache import TimelineCache

    posts = [Status.from_api(item) for item in load_fixture("statuses")]
    notes = [Notification.from_api(item) for item in load_fixture("notifications")]
    cache = TimelineCache("alice@mock.local", tmp_path / "timelines.sqlite3")
    with monkeypatch.context() as before_the_split:
        for name in entities.__all__:
            kind = getattr(entities, name)
            if isinstance(kind, type) and kind.__module__.startswith("tootui.api.entities."):
                before_the_split.setattr(kind, "__module__", "tootui.api.entities")
        cache.save("home", posts)
        cache.save("notifications", notes)
    assert Status.__module__ == "tootui.api.entities.statuses"
    with closing(sqlite3.connect(cache.path)) as db:
        blob = db.execute("SELECT entries FROM timeline WHERE view = 'home'").fetchone()[0]
    assert b"tootui.api.entities" in blob and b"tootui.api.entities.statuses" not in blob
    assert cache.load("home") == posts[:80]
    assert cache.load("notifications") == notes[:80]

    gone = blob.replace(b"tootui.api.entities", b"tootui.api.entitiez")  # same length
    with closing(sqlite3.connect(cache.path)) as db, db:
        db.execute("UPDATE timeline SET entries = ? WHERE view = 'home'", (gone,))
    assert cache.load("home") == []
    assert cache.load("notifications") == notes[:80]
