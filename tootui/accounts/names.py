"""Account and server names in their one canonical form, and the names secrets are kept under."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from tootui.i18n import _


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
