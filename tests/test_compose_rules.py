"""``tootui.compose_rules``: the drafts made from posts, visibility, and the checks before
sending — without an app and without a server (the entities are read from JSON as the
server sends it; a client that is never asked anything)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from tootui.api import Account, Instance, MastodonClient, Status
from tootui.compose_rules import (
    attachment_problem,
    edit_draft,
    format_duration,
    language_problem,
    mention_draft,
    narrower,
    new_draft,
    outgoing,
    parse_duration,
    redraft_draft,
    repair_language,
    reply_draft,
    send_problem,
    undescribed,
    undescribed_reminder,
    visibilities,
)
from tootui.drafts import Draft, DraftMedia
from tootui.session import AccountSession

ME = "alice@example.social"


def account(acct: str, account_id: str = "1", **source: Any) -> Account:
    return Account.from_api(
        {"id": account_id, "username": acct.split("@")[0], "acct": acct, "source": source}
    )


def status(**fields: Any) -> Status:
    data: dict[str, Any] = {
        "id": "100",
        "account": {"id": "2", "username": "bob", "acct": "bob@elsewhere.example"},
        "content": "<p>hello</p>",
        "visibility": "public",
        "language": "en",
    }
    data.update(fields)
    return Status.from_api(data)


def session(version: str = "4.3.0", **source: Any) -> AccountSession:
    me = account("alice", **source)
    return AccountSession(
        acct=ME,
        base_url="https://example.social",
        client=MastodonClient("https://example.social"),  # never asked anything
        me=me,
        instance=Instance.from_api({"domain": "example.social", "version": version}),
    )


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's language is English, whatever machine runs the tests."""
    monkeypatch.setattr("locale.getlocale", lambda *args: ("en_GB", "UTF-8"))


def test_a_new_draft_takes_the_accounts_defaults() -> None:
    draft = new_draft(session(privacy="private", language="de", sensitive=True))
    assert (draft.acct, draft.visibility, draft.language, draft.sensitive) == (
        ME,
        "private",
        "de",
        True,
    )
    plain = new_draft(session(language="unk"))  # no language: the system's instead
    assert (plain.visibility, plain.language, plain.sensitive) == ("public", "en", False)


def test_visibility_is_offered_widest_first_and_never_wider_than_a_reply() -> None:
    assert visibilities(session()) == ["public", "unlisted", "private", "direct"]
    assert visibilities(session(), "private") == ["private", "direct"]
    assert visibilities(session("4.3.0+glitch")) == [
        "public",
        "local",
        "unlisted",
        "private",
        "direct",
    ]
    assert narrower("public", "direct") == "direct"
    assert narrower("unlisted", "private") == "private"
    assert narrower("private", "public") == "private"


def test_a_reply_mentions_everyone_but_me_and_keeps_the_content_warning() -> None:
    answered = status(
        visibility="private",
        spoiler_text="food",
        language="fr",
        mentions=[
            {"id": "1", "username": "alice", "acct": "alice"},
            {"id": "3", "username": "carol", "acct": "carol@third.example"},
            {"id": "2", "username": "bob", "acct": "bob@elsewhere.example"},
        ],
    )
    draft = reply_draft(session(), answered)
    assert draft.text == "@bob@elsewhere.example @carol@third.example "
    assert (draft.in_reply_to_id, draft.visibility, draft.language) == ("100", "private", "fr")
    assert (draft.cw, draft.spoiler_text) == (True, "food")
    boosted = status(id="200", reblog={**answered_data(answered), "id": "100"})
    assert reply_draft(session(), boosted).in_reply_to_id == "100"  # the post, not the boost


def answered_data(answered: Status) -> dict[str, Any]:
    return {
        "account": {"id": answered.account.id, "acct": answered.account.acct},
        "visibility": "private",
    }


def test_a_mention_of_myself_starts_empty() -> None:
    assert mention_draft(session(), "bob@elsewhere.example").text == "@bob@elsewhere.example "
    assert mention_draft(session(), "Alice").text == ""


def test_edit_and_redraft() -> None:
    mine = status(
        account={"id": "1", "username": "alice", "acct": "alice"},
        text="my words",
        spoiler_text="cw",
        visibility="unlisted",
        media_attachments=[
            {"id": "9", "type": "image", "url": "https://x/9.png", "description": "a cat"}
        ],
        poll={"id": "5", "options": [{"title": "yes"}, {"title": "no"}], "multiple": True},
    )
    edit = edit_draft(session(), mine)
    assert (edit.edit_id, edit.text, edit.cw, edit.visibility) == (
        "100",
        "my words",
        True,
        "unlisted",
    )
    assert edit.media == [DraftMedia(path="", description="a cat", media_id="9")]
    redraft = redraft_draft(session(), mine)
    assert (redraft.edit_id, redraft.media, redraft.text) == (None, [], "my words")
    assert (redraft.poll, redraft.poll_options, redraft.poll_multiple) == (
        True,
        ["yes", "no"],
        True,
    )


def test_durations() -> None:
    assert [parse_duration(v) for v in ("30", "30m", "6h", " 3D ", "soon")] == [
        1800,
        1800,
        21600,
        259200,
        None,
    ]
    assert [format_duration(s) for s in (259200, 21600, 1800, 10)] == ["3d", "6h", "30m", "1m"]


def test_what_stops_a_post_from_being_sent() -> None:
    instance = Instance.from_api(
        {"version": "4.3.0", "configuration": {"statuses": {"max_characters": 10}}}
    )
    assert send_problem(Draft(text="short"), instance, "example.social") is None
    too_long = send_problem(Draft(text="far too long a post"), instance, "example.social")
    assert too_long is not None and "9 characters over example.social's limit of 10" in too_long
    assert send_problem(Draft(text="  "), None, "h") == "Write something first."
    poll = Draft(text="?", poll=True, poll_options=["tea", "tea"])
    assert send_problem(poll, None, "h") == "Two poll choices are the same."
    poll.poll_options = ["tea", "coffee"]
    assert send_problem(poll, None, "h") is None
    assert (
        send_problem(poll, None, "h", duration_readable=False)
        == "Poll duration: write e.g. 30m, 6h or 3d."
    )
    poll.poll_expires_in = 60
    too_short = send_problem(poll, None, "h")
    assert too_short is not None and too_short.startswith("A poll must run between 5m and ")
    assert language_problem(Draft(language="xx-nonsense")) is not None
    assert language_problem(Draft(language="de")) is None
    assert language_problem(Draft(language="xx-nonsense", edit_id="1")) is None  # not sent


def test_a_language_that_is_none_is_repaired_and_said() -> None:
    draft = Draft(language="unk")
    note = repair_language(draft, session(language="de"))
    assert draft.language == "de"
    assert note is not None and "“unk” is not a language code" in note
    assert repair_language(Draft(language="fr"), session()) is None


def test_what_can_be_attached(tmp_path: Path) -> None:
    picture = tmp_path / "cat.png"
    picture.write_bytes(b"not really a png")
    assert attachment_problem(picture, Draft(), None, "h", poll=False) is None
    assert "no file" in (
        attachment_problem(tmp_path / "dog.png", Draft(), None, "h", poll=False) or ""
    )
    full = Draft(media=[DraftMedia(str(picture))] * 4)
    assert (
        attachment_problem(picture, full, None, "h", poll=False)
        == "h takes at most 4 attachments per post."
    )
    assert (
        attachment_problem(picture, Draft(), None, "h", poll=True)
        == "A post can have media or a poll, not both."
    )
    draft = Draft(media=[DraftMedia("a", "said"), DraftMedia("b", " ")])
    assert undescribed(draft) == [1]
    assert undescribed_reminder(1).startswith("1 attachment has no description")


def test_what_is_sent() -> None:
    draft = Draft(
        text="hi",
        spoiler_text="hidden",
        cw=False,
        visibility="private",
        poll=False,
        poll_options=["a", "b"],
        media=[DraftMedia("/tmp/cat.png", "a cat", "7")],
    )
    post = outgoing(draft)
    assert (post.text, post.spoiler_text, post.visibility, post.language) == (
        "hi",
        "",
        "private",
        None,
    )
    assert post.poll_options == ()  # options typed, but the poll is off
    assert [dataclasses.astuple(m) for m in post.media] == [("/tmp/cat.png", "a cat", "7")]
    assert post.idempotency_key == draft.idempotency_key()
    draft.cw, draft.poll, draft.poll_options, draft.language = True, True, [" a ", "", "b"], "de"
    post = outgoing(draft)
    assert (post.spoiler_text, post.poll_options, post.language) == ("hidden", ("a", "b"), "de")
