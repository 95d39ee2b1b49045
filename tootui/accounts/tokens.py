"""Where tokens are kept: ``TokenStore`` picks the keyring or the token file, and moves them.

Access tokens (one per account) and OAuth client secrets (one per server) go to the OS
keyring (``tootui.accounts.system_keyring``) when a usable one exists, and otherwise to the
plain-text token file readable only by the user (``tootui.accounts.secret_file``).
``token_store`` in the settings chooses: ``"auto"`` (that choice, made again on each use,
and a keyring that fails mid-session sends the rest of the session to the file),
``"keyring"`` or ``"file"``. A small state file (``token-state.json``, no secrets) remembers
whether the user was told about the fallback and which names are in the keyring, which
cannot list its entries.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from tootui.accounts.errors import StoreFileError, TokenStoreError
from tootui.accounts.jsonfile import FORMAT_VERSION, read_json_object, write_json
from tootui.accounts.names import client_secret_key, token_key
from tootui.accounts.records import AccountStore
from tootui.accounts.secret_file import TOKENS_FILE, SecretFile
from tootui.accounts.system_keyring import SERVICE, KeyringSecrets
from tootui.i18n import _
from tootui.paths import data_dir

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

TOKEN_STATE_FILE = "token-state.json"

TokenBackend: TypeAlias = Literal["auto", "keyring", "file"]
ActiveBackend: TypeAlias = Literal["keyring", "file"]


class TokenStore:
    """Access tokens (per account) and OAuth client secrets (per server).

    ``backend="auto"`` uses the system keyring when there is a usable one and otherwise a
    file readable only by the user; ``"keyring"`` and ``"file"`` force one of them.
    Secret values are never logged and never appear in ``repr()`` or error messages.
    """

    def __init__(
        self,
        backend: TokenBackend = "auto",
        *,
        keyring_backend: KeyringBackend | None = None,
    ) -> None:
        if backend not in ("auto", "keyring", "file"):
            raise ValueError(
                _('token_store must be "auto", "keyring" or "file", not {value}.').format(
                    value=repr(backend)
                )
            )
        self.backend: TokenBackend = backend
        self._keyring = KeyringSecrets(keyring_backend)
        self._failure: str | None = None  # set when a keyring call failed in "auto" mode

    def __repr__(self) -> str:
        return f"TokenStore(backend={self.backend!r}, active={self.active!r})"

    # where

    @property
    def token_file(self) -> Path:
        """The fallback file (it may not exist)."""
        return data_dir() / TOKENS_FILE

    @property
    def state_file(self) -> Path:
        """The small non-secret state file: notice shown, names stored in the keyring."""
        return data_dir() / TOKEN_STATE_FILE

    @property
    def active(self) -> ActiveBackend:
        """Where secrets go right now."""
        if self.backend == "file":
            return "file"
        if self.backend == "keyring":
            return "keyring"
        return "file" if self._fallback_reason() else "keyring"

    def location_description(self) -> str:
        """One sentence telling the user where their tokens are kept."""
        if self.active == "keyring":
            text = _(
                'Tokens are stored in your system keyring ({name}) under the service name "{service}".'
            ).format(name=self._keyring.backend.name, service=SERVICE)
            if self.backend == "auto":
                try:
                    leftovers = bool(self._file().read())
                except StoreFileError as exc:
                    return f"{text} {exc}"
                if leftovers:
                    text = _(
                        "Tokens are stored in your system keyring ({name}) under the service name "
                        '"{service}". Some were saved earlier in {path}; moving them to the keyring '
                        "removes that file."
                    ).format(name=self._keyring.backend.name, service=SERVICE, path=self.token_file)
            return text
        if self.backend == "file":
            return _(
                'Tokens are stored in a file readable only by you: {path} (token_store = "file" '
                "is set)."
            ).format(path=self.token_file)
        return _(
            "Tokens are stored in a file readable only by you: {path} ({reason}; install and "
            "unlock gnome-keyring or KWallet to keep them in a keyring, or set "
            'token_store = "file" to keep them here).'
        ).format(path=self.token_file, reason=self._fallback_reason())

    def fallback_notice_needed(self) -> bool:
        """True if tokens fell back to the file and the user has not been told yet."""
        if self.backend != "auto" or self.active != "file":
            return False
        return not self._read_state().get("fallback_notice_shown", False)

    def mark_fallback_notice_shown(self) -> None:
        """Remember that the user was told about the file fallback."""
        self._update_state(fallback_notice_shown=True)

    # tokens and client secrets

    def get_token(self, acct: str) -> str | None:
        """The access token of ``acct``, or ``None``."""
        return self._get(token_key(acct))

    def set_token(self, acct: str, token: str) -> None:
        """Store the access token of ``acct``."""
        self._set(token_key(acct), token)

    def delete_token(self, acct: str) -> None:
        """Forget the access token of ``acct`` (nothing happens if there is none)."""
        self._delete(token_key(acct))

    def get_client_secret(self, base_url: str) -> str | None:
        """The OAuth client secret of tootui's app on ``base_url``, or ``None``."""
        return self._get(client_secret_key(base_url))

    def set_client_secret(self, base_url: str, secret: str) -> None:
        """Store the OAuth client secret of tootui's app on ``base_url``."""
        self._set(client_secret_key(base_url), secret)

    def delete_client_secret(self, base_url: str) -> None:
        """Forget the client secret for ``base_url`` (nothing happens if there is none)."""
        self._delete(client_secret_key(base_url))

    def migrate(self, to: ActiveBackend, *, accounts: AccountStore | None = None) -> int:
        """Move every secret into the keyring or the file; return how many moved.

        Each secret is written and read back in the target before it is removed from the
        source, so a failure part-way loses nothing. Afterwards this store uses ``to``;
        the caller saves ``token_store = to`` in the settings. Keyrings cannot list their
        entries, so the names come from the state file plus ``accounts``, if given.
        """
        if to not in ("keyring", "file"):
            raise ValueError(
                _('Tokens can move to "keyring" or "file", not {value}.').format(value=repr(to))
            )
        problem = self._keyring.problem()
        if problem:
            raise TokenStoreError(_("Cannot move tokens: {problem}.").format(problem=problem))
        secret_file = self._file()
        moved = 0
        if to == "keyring":
            secrets = secret_file.read()
            for key, value in secrets.items():
                self._keyring.set(key, value)
                if self._keyring.get(key) != value:
                    raise TokenStoreError(_("The keyring did not keep a token; nothing was moved."))
                self._remember_keyring_names(add=[key])
                moved += 1
            secret_file.write({})
            self._update_state(fallback_notice_shown=False)
        else:
            names = self._keyring_names()
            if accounts is not None:
                accounts.load()
                names.update(token_key(record.acct) for record in accounts.list())
                names.update(client_secret_key(app.base_url) for app in accounts.apps())
            secrets = secret_file.read()
            found: dict[str, str] = {}
            for key in sorted(names):
                secret = self._keyring.get(key)
                if secret is not None:
                    found[key] = secret
            secrets.update(found)
            secret_file.write(secrets)
            written = secret_file.read()
            if any(written.get(key) != secret for key, secret in found.items()):
                raise TokenStoreError(
                    _("The token file {path} did not keep a token.").format(path=self.token_file)
                )
            for key in found:
                self._keyring.delete(key)
            self._remember_keyring_names(remove=names)
            moved = len(found)
        self.backend = to
        self._failure = None
        log.info("Moved %d secret(s) to the %s store", moved, to)
        return moved

    # inside

    def _file(self) -> SecretFile:
        return SecretFile(self.token_file)

    def _fallback_reason(self) -> str | None:
        return self._failure or self._keyring.problem()

    def _use_keyring(self) -> bool:
        if self.backend == "file":
            return False
        if self.backend == "keyring":
            problem = self._keyring.problem()
            if problem:
                raise TokenStoreError(
                    _(
                        'token_store = "keyring" is set, but {problem}. Install and unlock '
                        'gnome-keyring or KWallet, or set token_store = "auto".'
                    ).format(problem=problem)
                )
            return True
        return self._fallback_reason() is None

    def _keyring_failed(self, exc: TokenStoreError) -> bool:
        """In "auto" mode, switch to the file for this session; else the caller re-raises."""
        if self.backend != "auto":
            return False
        self._failure = _("the system keyring failed ({error})").format(error=exc.__cause__ or exc)
        log.warning("Falling back to %s: %s", self.token_file, self._failure)
        return True

    def _get(self, key: str) -> str | None:
        if self._use_keyring():
            try:
                value = self._keyring.get(key)
            except TokenStoreError as exc:
                if not self._keyring_failed(exc):
                    raise
            else:
                if value is not None or self.backend == "keyring":
                    return value
        # In "auto" mode, also find secrets saved while no keyring was available.
        return self._file().get(key)

    def _set(self, key: str, value: str) -> None:
        if not isinstance(value, str) or not value:
            raise ValueError("A token or secret must be non-empty text.")
        if self._use_keyring():
            try:
                self._keyring.set(key, value)
            except TokenStoreError as exc:
                if not self._keyring_failed(exc):
                    raise
            else:
                self._remember_keyring_names(add=[key])
                if self.backend == "auto":
                    self._file().delete(key)  # no stale plaintext copy
                return
        self._file().set(key, value)

    def _delete(self, key: str) -> None:
        if self._use_keyring():
            try:
                # Look first: deleting a missing entry raises PasswordDeleteError.
                if self._keyring.get(key) is not None:
                    self._keyring.delete(key)
            except TokenStoreError as exc:
                if not self._keyring_failed(exc):
                    raise
            else:
                self._remember_keyring_names(remove=[key])
        if self.backend != "keyring":
            self._file().delete(key)

    def _read_state(self) -> dict[str, Any]:
        try:
            return read_json_object(self.state_file, "token state file") or {}
        except StoreFileError as exc:
            # Only remembers a notice and names; starting over is harmless.
            log.warning("%s", exc)
            return {}

    def _keyring_names(self) -> set[str]:
        names = self._read_state().get("keyring_entries", [])
        if not isinstance(names, list):
            return set()
        return {name for name in names if isinstance(name, str)}

    def _update_state(self, **changes: Any) -> None:
        state = self._read_state()
        state.update(changes, version=FORMAT_VERSION)
        write_json(self.state_file, state)

    def _remember_keyring_names(
        self, *, add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> None:
        names = self._keyring_names()
        updated = (names | set(add)) - set(remove)
        if updated != names:
            self._update_state(keyring_entries=sorted(updated))
