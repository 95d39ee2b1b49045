"""Where accounts and their secrets live.

The account list (no secrets) is ``AccountStore`` in ``config_dir() / "accounts.json"``;
access tokens and OAuth client secrets are ``TokenStore``'s, in the system keyring
(service ``tootui``) or, where no keyring works, in ``data_dir() / "tokens.json"``, a
plain-text file readable only by the user (mode 0600, folder 0700).

Each part has its module; every name is importable from here:

- ``records``: ``AccountRecord``, ``AppRegistration``, ``AccountStore`` (the account list);
- ``tokens``: ``TokenStore``, which picks the keyring or the file (``"auto"``) and moves
  secrets between them;
- ``system_keyring``: the OS keyring (imported on first use: start-up reads no token
  before its first frame, see ``tootui.startup``);
- ``secret_file``: the 0600 token file, the fallback;
- ``names``: canonical account and server names, and the names secrets are kept under;
- ``jsonfile``: reading and writing these JSON files; ``errors``: what can go wrong.
"""

from __future__ import annotations

from tootui.accounts.errors import (
    AccountsError,
    StoreFileError,
    TokenStoreError,
    UnknownAccountError,
)
from tootui.accounts.jsonfile import FORMAT_VERSION
from tootui.accounts.names import client_secret_key, normalize_acct, normalize_base_url, token_key
from tootui.accounts.records import ACCOUNTS_FILE, AccountRecord, AccountStore, AppRegistration
from tootui.accounts.secret_file import TOKENS_FILE
from tootui.accounts.system_keyring import SERVICE, keyring_problem
from tootui.accounts.tokens import TOKEN_STATE_FILE, ActiveBackend, TokenBackend, TokenStore

__all__ = [
    "ACCOUNTS_FILE",
    "FORMAT_VERSION",
    "SERVICE",
    "TOKENS_FILE",
    "TOKEN_STATE_FILE",
    "AccountRecord",
    "AccountStore",
    "AccountsError",
    "ActiveBackend",
    "AppRegistration",
    "StoreFileError",
    "TokenBackend",
    "TokenStore",
    "TokenStoreError",
    "UnknownAccountError",
    "client_secret_key",
    "keyring_problem",
    "normalize_acct",
    "normalize_base_url",
    "token_key",
]
