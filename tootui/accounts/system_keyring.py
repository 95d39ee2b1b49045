"""The OS keyring (Secret Service, KWallet, macOS Keychain) as a home for tootui's secrets.

Every secret is stored under the service name ``tootui`` with a user name such as
``token:alice@example.social`` (``tootui.accounts.names``). The ``keyring`` library is
imported on first use, not with this module: it costs ~25 ms (it pulls in
``urllib.request`` and ``email``), and start-up reads no token before its first frame
(see ``tootui.startup``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tootui.accounts.errors import TokenStoreError
from tootui.i18n import _

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "tootui"
"""The keyring service name every tootui secret is stored under."""


def system_keyring() -> KeyringBackend:
    """The keyring library's chosen backend (importing the library on first use)."""
    import keyring

    return keyring.get_keyring()


def keyring_problem(backend: KeyringBackend | None = None) -> str | None:
    """Why the keyring cannot hold tootui's secrets, or ``None`` if it looks usable."""
    try:
        active = backend if backend is not None else system_keyring()
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


class KeyringSecrets:
    """tootui's secrets in one keyring: the given backend, else the system's (looked up anew
    on each call, as the keyring library may be told to use another).

    A ``KeyringError`` becomes a ``TokenStoreError`` with a plain sentence; secret values
    never appear in one.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    @property
    def backend(self) -> KeyringBackend:
        """The keyring in use."""
        return self._backend if self._backend is not None else system_keyring()

    def problem(self) -> str | None:
        """Why this keyring cannot hold tootui's secrets, or ``None`` if it looks usable."""
        return keyring_problem(self._backend)

    def get(self, key: str) -> str | None:
        """The secret stored as ``key``, or ``None``."""
        return self._call("get_password", key)

    def set(self, key: str, value: str) -> None:
        """Store ``value`` as ``key``."""
        self._call("set_password", key, value)

    def delete(self, key: str) -> None:
        """Delete ``key`` (the keyring raises if there is none: look first)."""
        self._call("delete_password", key)

    def _call(self, method: str, key: str, *value: str) -> str | None:
        from keyring.errors import KeyringError

        try:
            result: str | None = getattr(self.backend, method)(SERVICE, key, *value)
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
