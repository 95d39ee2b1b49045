"""Drafts on disk: atomic saves, listing, restoring, and the idempotency key."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from tootui.drafts import Draft, DraftMedia, DraftStore


def test_save_list_load_delete(isolated_home: Path) -> None:
    store = DraftStore()
    assert store.folder == isolated_home / "data" / "drafts"
    first = Draft(acct="alice@mock.local", text="first")
    second = Draft(acct="alice@mock.local", text="second", media=[DraftMedia("/tmp/a.png", "a")])
    store.save(first)
    store.save(second)
    assert [d.text for d in store.list()] == ["second", "first"]
    loaded = store.load(second.id)
    assert loaded == second
    assert stat.S_IMODE(os.stat(store.path(first.id)).st_mode) == 0o600
    store.delete(first.id)
    assert [d.id for d in store.list()] == [second.id]
    assert not [p for p in store.folder.iterdir() if p.name.startswith(".")]  # no temp files


def test_an_empty_draft_is_not_kept() -> None:
    store = DraftStore()
    draft = Draft(acct="a@b", text="x")
    store.save(draft)
    draft.text = "   "
    store.save(draft)
    assert store.list() == []


def test_unreadable_files_are_skipped_not_deleted() -> None:
    store = DraftStore()
    store.save(Draft(acct="a@b", text="fine"))
    bad = store.folder / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    (store.folder / "list.json").write_text("[1, 2]", encoding="utf-8")
    assert [d.text for d in store.list()] == ["fine"]
    assert bad.exists()


def test_unknown_fields_from_a_newer_version_are_ignored() -> None:
    store = DraftStore()
    draft = Draft(acct="a@b", text="hello")
    data = json.loads(draft.to_json())
    data["from_the_future"] = True
    store.folder.mkdir(parents=True)
    store.path(draft.id).write_text(json.dumps(data), encoding="utf-8")
    assert store.load(draft.id) == draft


def test_ids_cannot_escape_the_folder() -> None:
    store = DraftStore()
    assert store.path("../../etc/passwd").parent == store.folder


def test_idempotency_key_is_stable_for_the_same_content() -> None:
    draft = Draft(acct="a@b", text="hello")
    key = draft.idempotency_key()
    assert key == Draft.from_json(draft.to_json()).idempotency_key()
    draft.updated_at = 12345.0
    draft.media = []
    assert draft.idempotency_key() == key  # saving again does not change it
    draft.text = "hello!"
    assert draft.idempotency_key() != key  # a changed post is a new post
    other = Draft(acct="a@b", text="hello")
    assert other.idempotency_key() != key  # another draft, another post


def test_media_ids_learnt_after_upload_keep_the_key() -> None:
    draft = Draft(acct="a@b", text="pic", media=[DraftMedia("/tmp/a.png", "alt")])
    key = draft.idempotency_key()
    draft.media[0].media_id = "123"
    assert draft.idempotency_key() == key
