"""The account list: who is signed in, which account is the default, and servers' OAuth apps.

``AccountStore`` keeps it in ``config_dir() / "accounts.json"`` (no secrets: tokens and
client secrets are in ``tootui.accounts.tokens.TokenStore``).
"""

from __future__ import annotations

import builtins
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tootui.accounts.errors import StoreFileError, UnknownAccountError
from tootui.accounts.jsonfile import FORMAT_VERSION, read_json_object, write_json
from tootui.accounts.names import normalize_acct, normalize_base_url
from tootui.i18n import _
from tootui.paths import config_dir

ACCOUNTS_FILE = "accounts.json"


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
        raw = read_json_object(self.path, "account list")
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
        write_json(self.path, data)
        self._data = state
