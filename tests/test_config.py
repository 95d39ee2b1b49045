"""Settings that are broken or half-written never stop the app, and writes are atomic."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer

from tests.apphelpers import notes_of
from tootui import paths
from tootui.accounts import AccountRecord, AccountStore, TokenStore
from tootui.app import TootUI
from tootui.config import Config
from tootui.drafts import Draft, DraftStore
from tootui.startup import session_for


def write_config(text: str) -> Path:
    path = Config.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('bidi = "on"\ntheme = \nlanguage = "ar"\n', 2),
        ('streaming = false\n\n[keymap\n"timeline.down" = "j"\n', 3),
        ('bidi = "on"\nbidi = "off"\n', 2),
        ('language = "unterminated\n', 1),
    ],
)
def test_invalid_toml_names_the_file_and_line(text: str, line: int) -> None:
    path = write_config(text)
    config = Config.load()
    assert config.problem is not None
    assert str(path) in config.problem
    assert f"line {line}," in config.problem
    assert "Using default settings" in config.problem
    assert config == Config(problem=config.problem)  # defaults throughout


def test_wrong_types_fall_back_to_defaults_and_are_named() -> None:
    write_config(
        'bidi = "sideways"\nstreaming = "yes"\nlanguage = 5\ntheme = "nord"\n'
        'token_store = ["file"]\nkeymap = { "timeline.down" = "j", "x" = 3 }\n'
    )
    config = Config.load()
    assert config.bidi == "auto" and config.streaming is True and config.language == ""
    assert config.token_store == "auto"
    assert config.theme == "nord"  # a right value next to wrong ones is kept
    assert config.keymap == {"timeline.down": "j"}
    assert config.problem is not None
    for name in ("bidi", "streaming", "language", "token_store"):
        assert name in config.problem
    assert "theme" not in config.problem


def test_a_good_file_has_no_problem() -> None:
    write_config('bidi = "off"\nbell_on_mention = true\n[keymap]\n"app.help" = "f1"\n')
    config = Config.load()
    assert config.problem is None and config.bidi == "off" and config.bell_on_mention


async def test_the_app_starts_with_defaults_and_says_which_line(server: MockServer) -> None:
    path = write_config("streaming = false\nbidi = = \n")
    app = TootUI([session_for("alice@mock.local", server.base_url, "alice_token")])
    notes = notes_of(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("2")
        assert app.config.streaming is True  # the default, not the broken file's
    assert any(str(path) in n and "line 2" in n for n in notes), notes


# --- atomic writes ----------------------------------------------------------------------


def _full_disk(src: Any, dst: Any) -> None:
    raise OSError(28, "No space left on device")


@pytest.fixture
def failing_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rename fails, as on a full disk or a crash just before it."""
    monkeypatch.setattr(os, "replace", _full_disk)


def test_atomic_write_keeps_the_old_file(tmp_path: Path, failing_replace: None) -> None:
    folder = tmp_path / "atomic"
    folder.mkdir()
    target = folder / "f.txt"
    target.write_text("old")
    with pytest.raises(OSError):
        paths.atomic_write(target, "new and longer")
    assert target.read_text() == "old"
    assert [p.name for p in folder.iterdir()] == ["f.txt"]  # no temporary left


def test_drafts_survive_a_failed_save(monkeypatch: pytest.MonkeyPatch) -> None:
    store = DraftStore()
    draft = Draft(acct="alice@mock.local", text="the first version")
    store.save(draft)
    draft.text = "the second version"
    with monkeypatch.context() as patch, pytest.raises(OSError):
        patch.setattr(os, "replace", _full_disk)
        store.save(draft)
    kept = DraftStore().load(draft.id)
    assert kept is not None and kept.text == "the first version"


def test_accounts_and_token_file_survive_a_failed_save(monkeypatch: pytest.MonkeyPatch) -> None:
    accounts = AccountStore().load()
    accounts.add_or_update(
        AccountRecord(acct="alice@mock.local", base_url="http://127.0.0.1:1", username="alice")
    )
    tokens = TokenStore("file")
    tokens.set_token("alice@mock.local", "first-token")
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", _full_disk)
        with pytest.raises(Exception):  # noqa: B017 - whichever error the store makes of it
            accounts.add_or_update(
                AccountRecord(acct="bob@mock.local", base_url="http://127.0.0.1:1", username="bob")
            )
        with pytest.raises(Exception):  # noqa: B017
            tokens.set_token("alice@mock.local", "second-token")
    again = AccountStore().load()
    assert again.get("alice@mock.local") is not None and again.get("bob@mock.local") is None
    assert TokenStore("file").get_token("alice@mock.local") == "first-token"


def test_config_is_only_read(failing_replace: None) -> None:
    # tootui never rewrites config.toml, so a failed write cannot damage it
    path = write_config('bidi = "on"\n')
    assert Config.load().bidi == "on"
    assert path.read_text() == 'bidi = "on"\n'


def test_live_update_settings_are_read_and_checked() -> None:
    write_config('streaming_transport = "sse"\npoll_interval = 120\n')
    config = Config.load()
    assert config.problem is None
    assert (config.streaming_transport, config.poll_interval) == ("sse", 120)

    write_config('streaming_transport = "carrier-pigeon"\npoll_interval = 1\n')
    config = Config.load()
    assert (config.streaming_transport, config.poll_interval) == ("auto", 60)
    assert config.problem is not None
    assert "streaming_transport" in config.problem and "poll_interval" in config.problem

    write_config("poll_interval = true\n")  # a bool is not a number of seconds
    assert Config.load().poll_interval == 60
