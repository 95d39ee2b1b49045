"""A token stored, read and deleted through a real Secret Service (gnome-keyring).

Skipped unless ``TOOTUI_SECRET_SERVICE_TEST=1``; ``tests/run_secret_service_test.sh``
starts a private D-Bus session with an unlocked gnome-keyring and runs it.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from tootui.accounts import SERVICE, TokenStore, token_key


def test_token_round_trip_through_the_secret_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.environ.get("TOOTUI_SECRET_SERVICE_TEST") != "1":
        pytest.skip("needs a Secret Service; run tests/run_secret_service_test.sh")
    from keyring.backends import SecretService

    monkeypatch.setenv("TOOTUI_HOME", str(tmp_path))
    try:
        SecretService.Keyring.priority  # noqa: B018  raises if no usable Secret Service
    except Exception as exc:
        pytest.fail(f"TOOTUI_SECRET_SERVICE_TEST=1 but no Secret Service is usable: {exc}")

    acct = f"ci-{uuid.uuid4().hex[:8]}@tootui.invalid"
    token = f"tok-{uuid.uuid4().hex}"
    tokens = TokenStore(keyring_backend=SecretService.Keyring())
    assert tokens.active == "keyring"
    assert "SecretService Keyring" in tokens.location_description()

    tokens.set_token(acct, token)
    try:
        # A fresh backend object proves the secret is in the daemon, not in our memory.
        assert SecretService.Keyring().get_password(SERVICE, token_key(acct)) == token
        assert (
            TokenStore("keyring", keyring_backend=SecretService.Keyring()).get_token(acct) == token
        )
        assert not (tmp_path / "data" / "tokens.json").exists()
    finally:
        tokens.delete_token(acct)

    assert SecretService.Keyring().get_password(SERVICE, token_key(acct)) is None
    assert tokens.get_token(acct) is None
