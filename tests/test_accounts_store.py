"""AccountStore and TokenStore: what lands on disk or in the keyring, and what never does."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from keyring.errors import KeyringLocked

from tests.keyring_memory import MemoryKeyring
from tootui.accounts import (
    SERVICE,
    AccountRecord,
    AccountStore,
    StoreFileError,
    TokenStore,
    TokenStoreError,
    UnknownAccountError,
)

TOKEN = "tok-3f9a1c0e-very-secret"
OTHER_TOKEN = "tok-b7d2-another-secret"
CLIENT_SECRET = "cs-91e4-client-secret"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("TOOTUI_CONFIG_DIR", "TOOTUI_DATA_DIR", "TOOTUI_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TOOTUI_HOME", str(tmp_path))
    return tmp_path


# ``memory_keyring`` is conftest's (autouse): every test starts with an empty in-memory keyring.


@pytest.fixture
def no_keyring(home: Path) -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def alice(**changes: object) -> AccountRecord:
    fields: dict[str, object] = {
        "acct": "alice@example.social",
        "base_url": "https://example.social",
        "username": "alice",
        "display_name": "Alice",
        "account_id": "109",
        "prefs": {"theme": "dark", "cw_open": False},
    }
    fields.update(changes)
    return AccountRecord(**fields)  # type: ignore[arg-type]


def bob() -> AccountRecord:
    return AccountRecord(
        acct="bob@127.0.0.1:8765",
        base_url="http://127.0.0.1:8765/",
        username="bob",
        account_id="7",
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- AccountStore ---------------------------------------------------------------------


def test_accounts_round_trip_through_the_file(home: Path) -> None:
    store = AccountStore()
    store.add_or_update(alice())
    store.add_or_update(bob())

    path = home / "config" / "accounts.json"
    assert store.path == path
    again = AccountStore().load()
    assert again.list() == [alice(), bob()]
    assert again.get("@Alice@Example.Social") == alice()
    assert again.get("carol@example.social") is None
    assert "bob@127.0.0.1:8765" in again
    assert again.get("bob@127.0.0.1:8765").base_url == "http://127.0.0.1:8765"  # type: ignore[union-attr]
    assert again.get("alice@example.social").prefs == {"theme": "dark", "cw_open": False}  # type: ignore[union-attr]
    assert json.loads(path.read_text())["accounts"][0]["display_name"] == "Alice"


def test_update_replaces_the_record_with_the_same_acct(home: Path) -> None:
    store = AccountStore()
    store.add_or_update(alice())
    store.add_or_update(alice(display_name="Alice ✨", prefs={"theme": "light"}))

    again = AccountStore().load()
    assert len(again) == 1
    record = again.get("alice@example.social")
    assert record is not None
    assert record.display_name == "Alice ✨"
    assert record.prefs == {"theme": "light"}


def test_default_and_last_used(home: Path) -> None:
    store = AccountStore()
    assert store.default is None and store.last_used is None
    store.add_or_update(alice())
    store.add_or_update(bob())
    assert store.default == alice()  # the first account becomes the default

    store.set_default("bob@127.0.0.1:8765")
    store.set_last_used("ALICE@example.social")
    again = AccountStore().load()
    assert again.default == bob()
    assert again.last_used == alice()

    with pytest.raises(UnknownAccountError, match="carol@example.social"):
        store.set_default("carol@example.social")
    assert AccountStore().load().default == bob()

    assert store.remove("bob@127.0.0.1:8765") == bob()
    assert store.default == alice()  # the default moves to a remaining account
    store.remove("alice@example.social")
    again = AccountStore().load()
    assert again.list() == [] and again.default is None and again.last_used is None
    assert store.remove("alice@example.social") is None


def test_app_registrations_keep_the_client_id_only(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    store = AccountStore()
    store.save_app("https://Example.Social/", "client-id-123")
    TokenStore().set_client_secret("https://example.social", CLIENT_SECRET)

    app = AccountStore().load().app_for("https://example.social")
    assert app is not None
    assert (app.base_url, app.client_id) == ("https://example.social", "client-id-123")
    assert AccountStore().load().app_for("https://other.example") is None
    assert CLIENT_SECRET not in store.path.read_text()
    assert TokenStore().get_client_secret("https://example.social/") == CLIENT_SECRET
    assert (
        memory_keyring.passwords[(SERVICE, "client_secret:https://example.social")] == CLIENT_SECRET
    )


def test_corrupt_accounts_file_names_file_and_line_and_is_kept(home: Path) -> None:
    path = home / "config" / "accounts.json"
    path.parent.mkdir(parents=True)
    broken = '{\n  "version": 1,\n  "default": "alice@example.social"\n  "accounts": []\n}\n'
    path.write_text(broken)

    with pytest.raises(StoreFileError) as caught:
        AccountStore().load()
    error = caught.value
    assert error.path == path
    assert error.line == 4
    assert str(path) in str(error)
    assert "line 4" in str(error)
    assert "not valid JSON" in str(error)

    # A change must not overwrite the file it could not read.
    with pytest.raises(StoreFileError):
        AccountStore().add_or_update(alice())
    assert path.read_text() == broken


def test_wrong_shape_in_accounts_file_is_a_clear_error(home: Path) -> None:
    path = home / "config" / "accounts.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"accounts": [{"acct": "alice@example.social"}]}))

    with pytest.raises(StoreFileError, match=r"account number 1: .*'base_url'") as caught:
        AccountStore().load()
    assert str(path) in str(caught.value)


def test_failed_write_leaves_the_old_accounts_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AccountStore()
    store.add_or_update(alice())
    before = store.path.read_bytes()

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", refuse)
        with pytest.raises(OSError, match="No space left"):
            store.add_or_update(bob())

    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["accounts.json"]
    assert AccountStore().load().list() == [alice()]


def test_records_reject_bad_names_and_non_json_prefs() -> None:
    with pytest.raises(ValueError, match="user@host"):
        alice(acct="alice")
    with pytest.raises(ValueError, match="https://"):
        alice(base_url="example.social")
    with pytest.raises(ValueError, match="cannot be saved"):
        alice(prefs={"when": object()})
    prefs = {"tags": ["a"]}
    record = alice(prefs=prefs)
    prefs["tags"].append("b")
    assert record.prefs == {"tags": ["a"]}  # the record keeps its own copy


# --- TokenStore -------------------------------------------------------------------------


def test_tokens_go_to_the_keyring_when_there_is_one(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    tokens = TokenStore()
    tokens.set_token("Alice@example.social", TOKEN)

    assert tokens.active == "keyring"
    assert memory_keyring.passwords == {(SERVICE, "token:alice@example.social"): TOKEN}
    assert TokenStore().get_token("alice@example.social") == TOKEN
    assert not (home / "data" / "tokens.json").exists()
    assert "system keyring" in tokens.location_description()
    assert not tokens.fallback_notice_needed()

    tokens.delete_token("alice@example.social")
    tokens.delete_token("alice@example.social")  # deleting twice is fine
    assert tokens.get_token("alice@example.social") is None
    assert memory_keyring.passwords == {}


def test_file_fallback_without_a_keyring_is_private(home: Path, no_keyring: None) -> None:
    tokens = TokenStore()
    tokens.set_token("alice@example.social", TOKEN)
    tokens.set_client_secret("https://example.social", CLIENT_SECRET)

    path = home / "data" / "tokens.json"
    assert tokens.active == "file"
    assert tokens.token_file == path
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert json.loads(path.read_text())["secrets"] == {
        "token:alice@example.social": TOKEN,
        "client_secret:https://example.social": CLIENT_SECRET,
    }
    again = TokenStore()
    assert again.get_token("alice@example.social") == TOKEN
    assert again.get_client_secret("https://example.social") == CLIENT_SECRET

    description = tokens.location_description()
    assert f"readable only by you: {path}" in description
    assert "no system keyring was found" in description
    assert TOKEN not in description

    tokens.delete_token("alice@example.social")
    tokens.delete_client_secret("https://example.social")
    assert again.get_token("alice@example.social") is None
    assert not path.exists()  # no empty secrets file lingers


def test_fallback_notice_is_needed_once(home: Path, no_keyring: None) -> None:
    tokens = TokenStore()
    assert tokens.fallback_notice_needed()
    tokens.mark_fallback_notice_shown()
    assert not tokens.fallback_notice_needed()
    assert not TokenStore().fallback_notice_needed()  # remembered on disk
    assert mode(home / "data" / "token-state.json") == 0o600
    assert not TokenStore("file").fallback_notice_needed()  # chosen, not a fallback


def test_forced_file_store_never_touches_the_keyring(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    tokens = TokenStore("file")
    tokens.set_token("alice@example.social", TOKEN)
    assert memory_keyring.passwords == {}
    assert tokens.get_token("alice@example.social") == TOKEN
    assert 'token_store = "file"' in tokens.location_description()


def test_forced_keyring_without_one_is_an_error(home: Path, no_keyring: None) -> None:
    tokens = TokenStore("keyring")
    with pytest.raises(TokenStoreError, match="no system keyring was found") as caught:
        tokens.set_token("alice@example.social", TOKEN)
    assert TOKEN not in str(caught.value)
    assert not (home / "data" / "tokens.json").exists()


def test_keyring_error_falls_back_to_the_file_in_auto_mode(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.error = KeyringLocked("Failed to unlock the collection!")
    tokens = TokenStore()
    tokens.set_token("alice@example.social", TOKEN)

    assert tokens.active == "file"
    assert "unlock" in tokens.location_description()
    assert mode(home / "data" / "tokens.json") == 0o600
    assert tokens.get_token("alice@example.social") == TOKEN

    with pytest.raises(TokenStoreError, match="could not read"):
        TokenStore("keyring").get_token("alice@example.social")

    # Once the keyring works again, the token is still found, and saving moves it there.
    memory_keyring.error = None
    tokens = TokenStore()
    assert tokens.get_token("alice@example.social") == TOKEN
    assert "saved earlier" in tokens.location_description()
    tokens.set_token("alice@example.social", OTHER_TOKEN)
    assert memory_keyring.passwords == {(SERVICE, "token:alice@example.social"): OTHER_TOKEN}
    assert not (home / "data" / "tokens.json").exists()


def test_migration_both_ways_keeps_every_secret(home: Path, memory_keyring: MemoryKeyring) -> None:
    tokens = TokenStore("file")
    tokens.set_token("alice@example.social", TOKEN)
    tokens.set_token("bob@127.0.0.1:8765", OTHER_TOKEN)
    tokens.set_client_secret("https://example.social", CLIENT_SECRET)
    path = home / "data" / "tokens.json"

    assert tokens.migrate("keyring") == 3
    assert tokens.backend == "keyring"
    assert not path.exists()
    assert memory_keyring.passwords == {
        (SERVICE, "token:alice@example.social"): TOKEN,
        (SERVICE, "token:bob@127.0.0.1:8765"): OTHER_TOKEN,
        (SERVICE, "client_secret:https://example.social"): CLIENT_SECRET,
    }
    assert TokenStore("keyring").get_token("bob@127.0.0.1:8765") == OTHER_TOKEN

    assert tokens.migrate("file") == 3
    assert memory_keyring.passwords == {}
    assert mode(path) == 0o600
    again = TokenStore("file")
    assert again.get_token("alice@example.social") == TOKEN
    assert again.get_token("bob@127.0.0.1:8765") == OTHER_TOKEN
    assert again.get_client_secret("https://example.social") == CLIENT_SECRET


def test_migration_to_file_finds_names_from_the_account_list(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    # A token put in the keyring by someone else (no state file entry for it).
    memory_keyring.set_password(SERVICE, "token:alice@example.social", TOKEN)
    accounts = AccountStore()
    accounts.add_or_update(alice())

    tokens = TokenStore()
    assert tokens.migrate("file") == 0
    assert tokens.migrate("keyring") == 0
    assert tokens.migrate("file", accounts=accounts) == 1
    assert TokenStore("file").get_token("alice@example.social") == TOKEN


def test_migration_without_a_keyring_is_refused(home: Path, no_keyring: None) -> None:
    tokens = TokenStore()
    tokens.set_token("alice@example.social", TOKEN)
    with pytest.raises(TokenStoreError, match="Cannot move tokens"):
        tokens.migrate("keyring")
    assert tokens.get_token("alice@example.social") == TOKEN


def test_no_token_in_accounts_json_repr_or_logs(
    home: Path, memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    accounts = AccountStore()
    accounts.add_or_update(alice())
    tokens = TokenStore()
    tokens.set_token("alice@example.social", TOKEN)
    tokens.migrate("file")
    tokens.migrate("keyring")
    memory_keyring.error = KeyringLocked("locked")
    tokens = TokenStore()
    tokens.set_token("alice@example.social", TOKEN)  # falls back to the file, with a warning

    assert "Falling back" in caplog.text
    for text in (
        accounts.path.read_text(),
        repr(accounts),
        repr(accounts.list()),
        repr(tokens),
        repr(TokenStore("file")),
        tokens.location_description(),
        caplog.text,
    ):
        assert TOKEN not in text


def test_corrupt_token_file_error_does_not_quote_secrets(home: Path, no_keyring: None) -> None:
    path = home / "data" / "tokens.json"
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_text('{"version": 1,\n "secrets": {"token:alice@example.social": "' + TOKEN)

    with pytest.raises(StoreFileError) as caught:
        TokenStore().get_token("alice@example.social")
    assert caught.value.path == path and caught.value.line == 2
    assert str(path) in str(caught.value) and "token file" in str(caught.value)
    assert TOKEN not in str(caught.value)
    with pytest.raises(StoreFileError):
        TokenStore().set_token("bob@127.0.0.1:8765", OTHER_TOKEN)
    assert path.read_text().endswith(TOKEN)  # left alone


def test_loose_token_file_permissions_are_tightened(home: Path, no_keyring: None) -> None:
    tokens = TokenStore()
    tokens.set_token("alice@example.social", TOKEN)
    path = tokens.token_file
    path.chmod(0o644)
    assert tokens.get_token("alice@example.social") == TOKEN
    assert mode(path) == 0o600


def test_failed_write_leaves_the_old_token_file(
    home: Path, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = TokenStore()
    tokens.set_token("alice@example.social", TOKEN)
    before = tokens.token_file.read_bytes()

    def refuse(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", refuse)
        with pytest.raises(OSError):
            tokens.set_token("alice@example.social", OTHER_TOKEN)
    assert tokens.token_file.read_bytes() == before
    assert tokens.get_token("alice@example.social") == TOKEN


def test_bad_settings_are_refused(home: Path) -> None:
    with pytest.raises(ValueError, match="token_store"):
        TokenStore("vault")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-empty"):
        TokenStore("file").set_token("alice@example.social", "")
