"""The token file: where secrets go when no keyring works (a headless SSH box, say).

Plainly: this is a plain-text JSON file. The tokens in it are not encrypted; what
protects them is that the file is readable only by you (mode 0600, in a 0700 folder),
so root, anyone who can log in as you, and your backups can read them. tootui says so
once, with the path (``TokenStore.fallback_notice_needed``), and moves them into a
keyring when asked (``TokenStore.migrate``). Names are the keyring's
(``token:user@host``, ``client_secret:https://host``).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from tootui.accounts.errors import StoreFileError
from tootui.accounts.jsonfile import FORMAT_VERSION, read_json_object, write_json
from tootui.i18n import _

log = logging.getLogger(__name__)

TOKENS_FILE = "tokens.json"
"""The token file's name, in ``data_dir()``."""


class SecretFile:
    """The 0600 JSON file of secrets, keyed like the keyring (``token:user@host``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, str]:
        """Every secret in the file (none if there is no file); ``StoreFileError`` if unreadable."""
        data = read_json_object(self.path, "token file")
        if data is None:
            return {}
        self._tighten()
        secrets = data.get("secrets", {})
        if not isinstance(secrets, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in secrets.items()
        ):
            raise StoreFileError(
                self.path, _("'secrets' should map names to text"), what="token file"
            )
        return dict(secrets)

    def write(self, secrets: dict[str, str]) -> None:
        """Replace the file's secrets with ``secrets``; no secrets means no file."""
        if not secrets:
            # Leave no empty plaintext file behind once everything moved to a keyring.
            self.path.unlink(missing_ok=True)
            return
        write_json(self.path, {"version": FORMAT_VERSION, "secrets": secrets})

    def get(self, key: str) -> str | None:
        """The secret ``key``, or ``None``."""
        return self.read().get(key)

    def set(self, key: str, value: str) -> None:
        """Store ``value`` as ``key``."""
        secrets = self.read()
        secrets[key] = value
        self.write(secrets)

    def delete(self, key: str) -> None:
        """Forget ``key`` (nothing happens if it is not there)."""
        secrets = self.read()
        if secrets.pop(key, None) is not None:
            self.write(secrets)

    def _tighten(self) -> None:
        # A copied or restored file may have lost its mode; make it private again.
        try:
            if stat.S_IMODE(self.path.stat().st_mode) & 0o077:
                os.chmod(self.path, 0o600)
                log.warning("Made %s readable only by its owner", self.path)
        except OSError:
            pass
