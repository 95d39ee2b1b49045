"""Where accounts and their secrets live.

``AccountStore`` keeps the list of signed-in accounts (no secrets) in
``config_dir() / "accounts.json"``. ``TokenStore`` keeps access tokens and OAuth client
secrets in the system keyring (service ``tootui``), or, where no keyring works, in
``data_dir() / "tokens.json"`` readable only by the user (mode 0600, folder 0700).

The ``keyring`` library is imported on first use, not with this module: it costs ~25 ms
(it pulls in ``urllib.request`` and ``email``), and start-up reads no token before its
first frame (see ``tootui.startup``).
"""

from __future__ import annotations

import builtins
import json
import logging
import os
import stat
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias
from urllib.parse import urlsplit, urlunsplit

from tootui.i18n import _
from tootui.paths import atomic_write, config_dir, data_dir

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE = "tootui"
"""The keyring service name every tootui secret is stored under."""

ACCOUNTS_FILE = "accounts.json"
TOKENS_FILE = "tokens.json"
TOKEN_STATE_FILE = "token-state.json"
FORMAT_VERSION = 1

TokenBackend: TypeAlias = Literal["auto", "keyring", "file"]
ActiveBackend: TypeAlias = Literal["keyring", "file"]


# --- errors -------------------------------------------------------------------------


class AccountsError(Exception):
    """Base of the errors raised here; ``str()`` is a sentence to show the user."""


class StoreFileError(AccountsError):
    """A file of ours cannot be read or makes no sense; it is left exactly as it was."""

    def __init__(
        self,
        path: Path,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        what: str = "account list",
    ) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        self.column = column
        if line is None:
            where = str(path)
        elif column is None:
            where = _("{path}, line {line}").format(path=path, line=line)
        else:
            where = _("{path}, line {line}, column {column}").format(
                path=path, line=line, column=column
            )
        names = {
            "account list": _("account list"),
            "token file": _("token file"),
            "token state file": _("token state file"),
        }
        super().__init__(
            _(
                "Cannot read the {what} {where}: {problem}. "
                "The file was left as it is; fix it, or move it away to start afresh."
            ).format(what=names.get(what, what), where=where, problem=problem)
        )


class UnknownAccountError(AccountsError):
    """An operation named an account that is not in the list."""

    def __init__(self, acct: str) -> None:
        self.acct = acct
        super().__init__(_("There is no account {acct} in the account list.").format(acct=acct))


class TokenStoreError(AccountsError):
    """The chosen secret store cannot be used (for instance no keyring when one is forced)."""


# --- names --------------------------------------------------------------------------


def normalize_acct(acct: str) -> str:
    """``@Alice@Example.Social`` -> ``alice@example.social``; raise ``ValueError`` if not user@host.

    Mastodon treats user names case-insensitively, so the key is lower-case.
    """
    value = acct.strip().removeprefix("@").lower()
    user, sep, host = value.partition("@")
    if not sep or not user or not host or "@" in host or any(c.isspace() for c in value):
        raise ValueError(
            _("An account must look like user@host, not {acct}.").format(acct=repr(acct))
        )
    return value


def normalize_base_url(base_url: str) -> str:
    """``HTTPS://Example.Social/`` -> ``https://example.social``; raise ``ValueError`` if not a URL."""
    parts = urlsplit(base_url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(
            _("A server address must start with https:// or http://, not {address}.").format(
                address=repr(base_url)
            )
        )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), "", ""))


def token_key(acct: str) -> str:
    """The keyring user name of an account's access token."""
    return f"token:{normalize_acct(acct)}"


def client_secret_key(base_url: str) -> str:
    """The keyring user name of a server's OAuth client secret."""
    return f"client_secret:{normalize_base_url(base_url)}"


# --- JSON files ---------------------------------------------------------------------


def _read_json_object(path: Path, what: str) -> dict[str, Any] | None:
    """The JSON object in ``path``, or ``None`` if there is no file; ``StoreFileError`` otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreFileError(path, exc.strerror or str(exc), what=what) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise StoreFileError(path, _("it is not UTF-8 text"), line=line, what=what) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # exc.msg never quotes the document, so no secret can leak into the message.
        raise StoreFileError(
            path,
            _("not valid JSON ({reason})").format(reason=exc.msg),
            line=exc.lineno,
            column=exc.colno,
            what=what,
        ) from exc
    if not isinstance(data, dict):
        raise StoreFileError(
            path, _("it should hold a JSON object {{...}}").format(), line=1, what=what
        )
    version = data.get("version", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise StoreFileError(
            path,
            _("it was written by a newer tootui (format {version})").format(version=repr(version)),
            what=what,
        )
    return data


def _write_json(path: Path, data: dict[str, Any]) -> None:
    atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


# --- accounts -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AccountRecord:
    """One signed-in account. Never holds a secret: tokens live in ``TokenStore``.

    ``acct`` (``user@host``, lower-case) is the key; ``prefs`` is a JSON-safe copy.
    """

    acct: str
    base_url: str
    username: str
    display_name: str = ""
    account_id: str = ""
    prefs: dict[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "acct", normalize_acct(self.acct))
        object.__setattr__(self, "base_url", normalize_base_url(self.base_url))
        object.__setattr__(self, "account_id", str(self.account_id))
        try:
            prefs = json.loads(json.dumps(self.prefs, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise ValueError(
                _("The settings of {acct} cannot be saved: {error}").format(
                    acct=self.acct, error=exc
                )
            ) from exc
        if not isinstance(prefs, dict):
            raise ValueError(_("The settings of {acct} must be a mapping.").format(acct=self.acct))
        object.__setattr__(self, "prefs", prefs)

    def to_json(self) -> dict[str, Any]:
        """The record as a JSON-ready mapping."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> AccountRecord:
        """Build a record from ``to_json()`` output; ``ValueError`` says what is wrong."""
        if not isinstance(data, dict):
            raise ValueError(_("an account entry should be a JSON object"))
        for name in ("acct", "base_url", "username"):
            if not isinstance(data.get(name), str):
                raise ValueError(_("the entry has no text field {name}").format(name=repr(name)))
        prefs = data.get("prefs", {})
        if not isinstance(prefs, dict):
            raise ValueError(_("'prefs' should be a JSON object"))
        return cls(
            acct=data["acct"],
            base_url=data["base_url"],
            username=data["username"],
            display_name=str(data.get("display_name") or ""),
            account_id=str(data.get("account_id") or ""),
            prefs=prefs,
        )


@dataclass(frozen=True)
class AppRegistration:
    """A server's OAuth app as registered by tootui. The client secret is in ``TokenStore``."""

    base_url: str
    client_id: str


@dataclass
class _AccountData:
    accounts: dict[str, AccountRecord] = field(default_factory=dict)
    default: str | None = None
    last_used: str | None = None
    apps: dict[str, AppRegistration] = field(default_factory=dict)


class AccountStore:
    """The account list, the default and last-used account, and servers' app registrations.

    Persisted as JSON in ``config_dir() / "accounts.json"``. Every change re-reads the file,
    applies itself and rewrites it atomically, so a corrupt file is never overwritten.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else config_dir() / ACCOUNTS_FILE
        self._data: _AccountData | None = None

    def __repr__(self) -> str:
        return f"AccountStore(path={str(self.path)!r})"

    # reading

    def load(self) -> AccountStore:
        """(Re)read the file; a missing file is an empty list. Raises ``StoreFileError``."""
        self._data = self._read()
        return self

    def list(self) -> builtins.list[AccountRecord]:
        """All accounts in the order they were added."""
        return builtins.list(self._state().accounts.values())

    def get(self, acct: str) -> AccountRecord | None:
        """The account ``acct`` (any case, leading ``@`` allowed), or ``None``."""
        return self._state().accounts.get(normalize_acct(acct))

    def __contains__(self, acct: object) -> bool:
        return isinstance(acct, str) and self.get(acct) is not None

    def __len__(self) -> int:
        return len(self._state().accounts)

    @property
    def default(self) -> AccountRecord | None:
        """The account tootui opens with unless told otherwise."""
        state = self._state()
        return state.accounts.get(state.default) if state.default else None

    @property
    def last_used(self) -> AccountRecord | None:
        """The account used most recently."""
        state = self._state()
        return state.accounts.get(state.last_used) if state.last_used else None

    def app_for(self, base_url: str) -> AppRegistration | None:
        """tootui's OAuth app registration on that server, if any."""
        return self._state().apps.get(normalize_base_url(base_url))

    def apps(self) -> builtins.list[AppRegistration]:
        """Every server tootui has registered an OAuth app on."""
        return builtins.list(self._state().apps.values())

    # changing

    def add_or_update(self, record: AccountRecord) -> None:
        """Add the account, or replace the one with the same ``acct``.

        The first account added becomes the default.
        """
        state = self._reload()
        state.accounts[record.acct] = record
        if state.default not in state.accounts:
            state.default = record.acct
        self._save(state)

    def remove(self, acct: str) -> AccountRecord | None:
        """Forget the account and return it (``None`` if it was not there).

        If it was the default, the first remaining account becomes the default. Its token
        is not touched: call ``TokenStore.delete_token`` too.
        """
        key = normalize_acct(acct)
        state = self._reload()
        record = state.accounts.pop(key, None)
        if record is None:
            return None
        if state.default == key:
            state.default = next(iter(state.accounts), None)
        if state.last_used == key:
            state.last_used = None
        self._save(state)
        return record

    def set_default(self, acct: str | None) -> None:
        """Make ``acct`` the default (``None`` clears it); ``UnknownAccountError`` if unknown."""
        state = self._reload()
        state.default = self._known(state, acct)
        self._save(state)

    def set_last_used(self, acct: str | None) -> None:
        """Remember ``acct`` as the last used account; ``UnknownAccountError`` if unknown."""
        state = self._reload()
        state.last_used = self._known(state, acct)
        self._save(state)

    def save_app(self, base_url: str, client_id: str) -> AppRegistration:
        """Remember tootui's app ``client_id`` on a server. Put its secret in ``TokenStore``."""
        if not client_id:
            raise ValueError(_("A client id cannot be empty."))
        app = AppRegistration(normalize_base_url(base_url), client_id)
        state = self._reload()
        state.apps[app.base_url] = app
        self._save(state)
        return app

    def remove_app(self, base_url: str) -> None:
        """Forget a server's app registration (nothing happens if there is none)."""
        state = self._reload()
        if state.apps.pop(normalize_base_url(base_url), None) is not None:
            self._save(state)

    # inside

    def _state(self) -> _AccountData:
        if self._data is None:
            self._data = self._read()
        return self._data

    def _reload(self) -> _AccountData:
        # Re-read before each change: another tootui may have written the file meanwhile,
        # and a file that became unreadable must raise rather than be overwritten.
        self._data = self._read()
        return self._data

    @staticmethod
    def _known(state: _AccountData, acct: str | None) -> str | None:
        if acct is None:
            return None
        key = normalize_acct(acct)
        if key not in state.accounts:
            raise UnknownAccountError(key)
        return key

    def _read(self) -> _AccountData:
        raw = _read_json_object(self.path, "account list")
        if raw is None:
            return _AccountData()
        state = _AccountData()
        entries = raw.get("accounts", [])
        if not isinstance(entries, builtins.list):
            raise StoreFileError(self.path, _("'accounts' should be a list [...]"))
        for number, entry in enumerate(entries, start=1):
            try:
                record = AccountRecord.from_json(entry)
            except ValueError as exc:
                raise StoreFileError(
                    self.path,
                    _("account number {number}: {error}").format(number=number, error=exc),
                ) from exc
            state.accounts[record.acct] = record
        for name in ("default", "last_used"):
            value = raw.get(name)
            if value is not None and not isinstance(value, str):
                raise StoreFileError(
                    self.path,
                    _("{name} should be an account name or null").format(name=repr(name)),
                )
            if value:
                try:
                    key: str | None = normalize_acct(value)
                except ValueError as exc:
                    raise StoreFileError(self.path, f"{name!r}: {exc}") from exc
                setattr(state, name, key if key in state.accounts else None)
        apps = raw.get("apps", {})
        if not isinstance(apps, dict):
            raise StoreFileError(self.path, _("'apps' should be a JSON object {{...}}").format())
        for url, app in apps.items():
            client_id = app.get("client_id") if isinstance(app, dict) else None
            if not isinstance(client_id, str):
                raise StoreFileError(
                    self.path, _("the app for {url} has no 'client_id'").format(url=url)
                )
            try:
                base_url = normalize_base_url(url)
            except ValueError as exc:
                raise StoreFileError(self.path, f"'apps': {exc}") from exc
            state.apps[base_url] = AppRegistration(base_url, client_id)
        return state

    def _save(self, state: _AccountData) -> None:
        data = {
            "version": FORMAT_VERSION,
            "default": state.default,
            "last_used": state.last_used,
            "accounts": [record.to_json() for record in state.accounts.values()],
            "apps": {url: {"client_id": app.client_id} for url, app in state.apps.items()},
        }
        _write_json(self.path, data)
        self._data = state


# --- secrets ------------------------------------------------------------------------


def _system_keyring() -> KeyringBackend:
    """The keyring library's chosen backend (importing the library on first use)."""
    import keyring

    return keyring.get_keyring()


def keyring_problem(backend: KeyringBackend | None = None) -> str | None:
    """Why the keyring cannot hold tootui's secrets, or ``None`` if it looks usable."""
    try:
        active = backend if backend is not None else _system_keyring()
    except Exception as exc:  # a broken keyringrc or plugin must not stop tootui
        return _("the keyring library failed to start ({error})").format(error=exc)
    from keyring.backends import chainer, fail

    if isinstance(active, fail.Keyring):
        return _("no system keyring was found")
    if isinstance(active, chainer.ChainerBackend) and not active.backends:
        return _("no system keyring was found")
    try:
        priority = float(active.priority)
    except Exception as exc:
        return _("the keyring {name} cannot be used here ({error})").format(
            name=active.name, error=exc
        )
    if priority <= 0:
        return _("the keyring {name} is not a secure store").format(name=active.name)
    return None


class _SecretFile:
    """The 0600 JSON file of secrets, keyed like the keyring (``token:user@host``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, str]:
        data = _read_json_object(self.path, "token file")
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
        if not secrets:
            # Leave no empty plaintext file behind once everything moved to a keyring.
            self.path.unlink(missing_ok=True)
            return
        _write_json(self.path, {"version": FORMAT_VERSION, "secrets": secrets})

    def get(self, key: str) -> str | None:
        return self.read().get(key)

    def set(self, key: str, value: str) -> None:
        secrets = self.read()
        secrets[key] = value
        self.write(secrets)

    def delete(self, key: str) -> None:
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
        self._keyring_backend = keyring_backend
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
            ).format(name=self._keyring().name, service=SERVICE)
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
                    ).format(name=self._keyring().name, service=SERVICE, path=self.token_file)
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
        problem = keyring_problem(self._keyring_backend)
        if problem:
            raise TokenStoreError(_("Cannot move tokens: {problem}.").format(problem=problem))
        secret_file = self._file()
        moved = 0
        if to == "keyring":
            secrets = secret_file.read()
            for key, value in secrets.items():
                self._keyring_call("set_password", key, value)
                if self._keyring_call("get_password", key) != value:
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
                secret = self._keyring_call("get_password", key)
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
                self._keyring_call("delete_password", key)
            self._remember_keyring_names(remove=names)
            moved = len(found)
        self.backend = to
        self._failure = None
        log.info("Moved %d secret(s) to the %s store", moved, to)
        return moved

    # inside

    def _keyring(self) -> KeyringBackend:
        return self._keyring_backend if self._keyring_backend is not None else _system_keyring()

    def _file(self) -> _SecretFile:
        return _SecretFile(self.token_file)

    def _fallback_reason(self) -> str | None:
        return self._failure or keyring_problem(self._keyring_backend)

    def _keyring_call(self, method: str, key: str, *value: str) -> str | None:
        """One keyring call; a ``KeyringError`` becomes a ``TokenStoreError`` with a plain message."""
        from keyring.errors import KeyringError

        try:
            result: str | None = getattr(self._keyring(), method)(SERVICE, key, *value)
        except KeyringError as exc:
            sentences = {
                "get_password": _("The system keyring could not read a secret: {error}"),
                "set_password": _("The system keyring could not save a secret: {error}"),
                "delete_password": _("The system keyring could not delete a secret: {error}"),
            }
            raise TokenStoreError(
                sentences[method].format(error=exc or type(exc).__name__)
            ) from exc
        return result

    def _use_keyring(self) -> bool:
        if self.backend == "file":
            return False
        if self.backend == "keyring":
            problem = keyring_problem(self._keyring_backend)
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
                value = self._keyring_call("get_password", key)
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
                self._keyring_call("set_password", key, value)
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
                if self._keyring_call("get_password", key) is not None:
                    self._keyring_call("delete_password", key)
            except TokenStoreError as exc:
                if not self._keyring_failed(exc):
                    raise
            else:
                self._remember_keyring_names(remove=[key])
        if self.backend != "keyring":
            self._file().delete(key)

    def _read_state(self) -> dict[str, Any]:
        try:
            return _read_json_object(self.state_file, "token state file") or {}
        except StoreFileError as exc:
            # Only remembers a notice and names; starting over is harmless.
            log.warning("%s", exc)
            return {}

    def _keyring_names(self) -> set[str]:
        names = self._read_state().get("keyring_entries", [])
        if not isinstance(names, builtins.list):
            return set()
        return {name for name in names if isinstance(name, str)}

    def _update_state(self, **changes: Any) -> None:
        state = self._read_state()
        state.update(changes, version=FORMAT_VERSION)
        _write_json(self.state_file, state)

    def _remember_keyring_names(
        self, *, add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> None:
        names = self._keyring_names()
        updated = (names | set(add)) - set(remove)
        if updated != names:
            self._update_state(keyring_entries=sorted(updated))
