"""Signing in, adding and removing accounts: the steps shared by ``tootui login`` and the TUI.

No Textual here: every function blocks (it talks to the server or the stores), so the
screens call them from thread workers and the CLI calls them directly. Failures are
``SignInError`` (or ``tootui.api.ApiError``), each a sentence fit to show as it is.
"""

from __future__ import annotations

import ipaddress
import os
import webbrowser
from dataclasses import dataclass
from urllib.parse import urlsplit

from tootui.accounts import (
    AccountRecord,
    AccountsError,
    AccountStore,
    TokenStore,
    normalize_acct,
    normalize_base_url,
)
from tootui.api import ApiError, Instance, MastodonClient
from tootui.api.errors import BadResponse, NetworkError, NotAuthorised, NotFound, Rejected
from tootui.config import Config
from tootui.i18n import _
from tootui.render.sanitize import safe_url
from tootui.session import AccountSession

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
CONSOLE_BROWSERS = {"www-browser", "links", "elinks", "lynx", "w3m", "links2", "browsh"}


class SignInError(Exception):
    """Signing in cannot go on; ``str()`` says why in plain words."""


class CodeNotAccepted(SignInError):
    """The pasted code was empty or refused; the same sign-in can take another code."""


class StartAgain(SignInError):
    """tootui's registration on the server is gone: only a new sign-in can succeed."""


# OAuth error codes (RFC 6749 §5.2) that mean tootui's registration, not the code, was refused.
_CLIENT_REFUSED = {"invalid_client", "unauthorized_client"}


def stores(config: Config | None = None) -> tuple[AccountStore, TokenStore]:
    """The account list and the token store, as the settings ask."""
    config = config or Config.load()
    return AccountStore(), TokenStore(config.token_store)


# --- what the user typed ---------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_url(text: str) -> str:
    """The server's base URL from what a person typed.

    ``mastodon.social``, ``https://mastodon.social/``, ``@me@mastodon.social`` and
    ``me@mastodon.social`` all give ``https://mastodon.social``. Plain ``http://`` is
    refused except on this machine (127.0.0.1, localhost), where test servers live.
    """
    value = text.strip()
    if not value:
        raise SignInError(_("Type the address of your server, for example mastodon.social."))
    if "://" not in value:
        head, slash, tail = value.partition("/")
        if "@" in head:  # @me@host or me@host: the server is after the last @
            value = head.rsplit("@", 1)[1] + slash + tail
        if not value or value.startswith("/"):
            raise SignInError(
                _("{address} has no server after the @.").format(address=repr(text.strip()))
            )
        host_part = value.split("/", 1)[0]
        scheme = "http" if _is_loopback(host_part.rsplit(":", 1)[0].strip("[]")) else "https"
        value = f"{scheme}://{value}"
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise SignInError(
            _("{address} is not a server address.").format(address=repr(text.strip()))
        ) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not hostname:
        raise SignInError(
            _("{address} is not a server address (use https://…).").format(
                address=repr(text.strip())
            )
        )
    if any(c.isspace() for c in value) or "@" in parts.netloc:
        raise SignInError(
            _("{address} is not a server address.").format(address=repr(text.strip()))
        )
    if scheme == "http" and not _is_loopback(hostname):
        raise SignInError(
            _(
                "{host} was given with http://, which would send your password and token "
                "unencrypted. Use https://{address} instead."
            ).format(host=hostname, address=parts.netloc)
        )
    if safe_url(value) is None:
        raise SignInError(
            _("{address} is not a server address.").format(address=repr(text.strip()))
        )
    # The API lives at the root of the server: drop any page path that was pasted.
    return normalize_base_url(f"{scheme}://{parts.netloc}")


def host_of(base_url: str) -> str:
    """The host part of an account name on this server (``host`` or ``host:port``)."""
    return urlsplit(base_url).netloc.lower()


def acct_for(username: str, base_url: str) -> str:
    """``user@host`` for a local account of the server at ``base_url``.

    The host comes from the address used to sign in, so two servers never share a key.
    """
    return normalize_acct(f"{username}@{host_of(base_url)}")


# --- the steps of signing in -------------------------------------------------------------


def describe_server(base_url: str) -> Instance:
    """What the server says about itself; ``SignInError`` if it is not a fediverse server."""
    client = MastodonClient(base_url, timeout=15)
    try:
        return client.instance()
    except (NotFound, BadResponse) as exc:
        raise SignInError(
            _(
                "{host} does not look like a Mastodon or fediverse server "
                "(it does not describe itself the way they do). Check the address."
            ).format(host=client.host)
        ) from exc
    except NetworkError as exc:
        # Its sentence already names the host and what failed (unreachable, TLS, timeout).
        raise SignInError(
            _("{error} Check the address and your connection.").format(error=exc)
        ) from exc
    except ApiError as exc:
        raise SignInError(str(exc)) from exc


@dataclass(frozen=True)
class PendingSignIn:
    """A sign-in waiting for the code: the server, tootui's app on it, and the page to open."""

    base_url: str
    instance: Instance
    client_id: str
    authorize_url: str

    @property
    def safe_link(self) -> str | None:
        """The authorisation URL if it is safe to hand to a terminal or browser (http(s))."""
        return safe_url(self.authorize_url)


def prepare_sign_in(
    text: str, accounts: AccountStore, tokens: TokenStore, *, instance: Instance | None = None
) -> PendingSignIn:
    """Check the server, register tootui on it (once per server) and build the approval URL."""
    base_url = server_url(text)
    if instance is None:
        instance = describe_server(base_url)
    client = MastodonClient(base_url, timeout=15)
    try:
        app = accounts.app_for(base_url)
        secret = tokens.get_client_secret(base_url) if app else None
        if app is None or not secret:
            client_id, client_secret = client.register_app(
                "tootui", website="https://pypi.org/project/tootui/"
            )
            tokens.set_client_secret(base_url, client_secret)
            app = accounts.save_app(base_url, client_id)
    except ApiError as exc:
        raise SignInError(str(exc)) from exc
    except AccountsError as exc:
        raise SignInError(str(exc)) from exc
    url = client.authorize_url(app.client_id)
    if safe_url(url) is None:
        raise SignInError(
            _("The sign-in address for {host} is not a safe web link.").format(
                host=host_of(base_url)
            )
        )
    return PendingSignIn(base_url, instance, app.client_id, url)


def finish_sign_in(
    pending: PendingSignIn,
    code: str,
    accounts: AccountStore,
    tokens: TokenStore,
    *,
    expect_acct: str | None = None,
) -> AccountSession:
    """Trade the pasted code for a token, check who it is, store both, return the session.

    With ``expect_acct`` (signing an account in again), a sign-in as someone else is
    refused and nothing is stored.
    """
    code = code.strip()
    if not code:
        raise CodeNotAccepted(_("Paste the code the server showed after you approved tootui."))
    secret = tokens.get_client_secret(pending.base_url)
    if not secret:
        raise StartAgain(_("tootui's registration on this server was lost; start again."))
    anonymous = MastodonClient(pending.base_url, timeout=15)
    host = host_of(pending.base_url)
    try:
        token = anonymous.exchange_code(pending.client_id, secret, code)
    except Rejected as exc:
        if exc.server_message in _CLIENT_REFUSED:
            _forget_app(pending.base_url, accounts, tokens)
            raise StartAgain(
                _(
                    "{host} no longer knows tootui's registration, so the code cannot be used. "
                    "Start the sign-in again: tootui will register anew."
                ).format(host=host)
            ) from exc
        if exc.status in (400, 401):  # invalid_grant, or a server's own words for it
            raise CodeNotAccepted(
                _(
                    "That code was not accepted by {host}: it may be mistyped, already used "
                    "or expired. Paste the code again, or open the address again for a new one."
                ).format(host=host)
            ) from exc
        raise SignInError(str(exc)) from exc
    except ApiError as exc:
        raise SignInError(str(exc)) from exc
    return _store_session(
        pending.base_url, token, accounts, tokens, instance=pending.instance, expect=expect_acct
    )


def _forget_app(base_url: str, accounts: AccountStore, tokens: TokenStore) -> None:
    """Drop tootui's registration on a server that refused it, so the next try registers."""
    try:
        accounts.remove_app(base_url)
        tokens.delete_client_secret(base_url)
    except AccountsError:
        pass  # the sign-in fails either way; a stale registration is refused again later


def add_with_token(
    server: str, token: str, accounts: AccountStore, tokens: TokenStore
) -> AccountSession:
    """Store an access token made elsewhere, after checking the server accepts it."""
    token = token.strip()
    if not token or any(c.isspace() for c in token):
        raise SignInError(_("The token file should hold just the access token, on one line."))
    base_url = server_url(server)
    return _store_session(base_url, token, accounts, tokens, instance=None, expect=None)


def _store_session(
    base_url: str,
    token: str,
    accounts: AccountStore,
    tokens: TokenStore,
    *,
    instance: Instance | None,
    expect: str | None,
) -> AccountSession:
    client = MastodonClient(base_url, token, timeout=15)
    try:
        me = client.verify_credentials()
    except NotAuthorised as exc:
        raise SignInError(_("{host} does not accept this token.").format(host=client.host)) from exc
    except ApiError as exc:
        raise SignInError(str(exc)) from exc
    acct = acct_for(me.username, base_url)
    if expect is not None and acct != normalize_acct(expect):
        raise SignInError(
            _(
                "You approved the sign-in as @{acct}, but this was to sign @{expected} "
                "in again. Approve it as that account, or add the other one as a new account."
            ).format(acct=acct, expected=normalize_acct(expect))
        )
    if instance is None:
        try:
            instance = client.instance()
        except ApiError:
            instance = None  # only the limits come from it; defaults will do
    record = AccountRecord(
        acct=acct,
        base_url=base_url,
        username=me.username,
        display_name=me.display_name,
        account_id=me.id,
    )
    try:
        tokens.set_token(acct, token)
        accounts.add_or_update(record)
        accounts.set_last_used(acct)
    except AccountsError as exc:
        raise SignInError(str(exc)) from exc
    return AccountSession(acct=acct, base_url=base_url, client=client, me=me, instance=instance)


# --- removing --------------------------------------------------------------------------


def remove_account(acct: str, accounts: AccountStore, tokens: TokenStore) -> str:
    """Sign out: revoke the token on the server when possible, then forget it here.

    Returns a sentence saying what happened. ``SignInError`` if the account is unknown.
    The local copy is deleted even when the server cannot be reached.
    """
    try:
        key = normalize_acct(acct)
        record = accounts.load().get(key)
    except (ValueError, AccountsError) as exc:
        raise SignInError(str(exc)) from exc
    if record is None:
        raise SignInError(_("There is no account {acct} in the account list.").format(acct=acct))
    note = revoke_token(record, accounts, tokens)
    try:
        tokens.delete_token(key)
        accounts.remove(key)
    except AccountsError as exc:
        raise SignInError(str(exc)) from exc
    return _("Removed @{acct}. {note}").format(acct=key, note=note)


def revoke_token(record: AccountRecord, accounts: AccountStore, tokens: TokenStore) -> str:
    """Ask the server to revoke the account's token; a sentence saying whether it did."""
    try:
        token = tokens.get_token(record.acct)
        app = accounts.app_for(record.base_url)
        secret = tokens.get_client_secret(record.base_url) if app else None
    except AccountsError as exc:
        return _(
            "Its token could not be read, so it was not revoked on the server ({error})."
        ).format(error=exc)
    if not token:
        return _("No token was stored for it.")
    if app is None or not secret:
        return _(
            "It was not signed in through tootui's sign-in, so revoke it in the server's "
            "settings (Preferences › Account › Authorized apps) if you no longer want it."
        )
    try:
        MastodonClient(record.base_url, token, timeout=15).revoke(app.client_id, secret, token)
    except ApiError as exc:
        return _(
            "The server could not revoke its token ({error}); it was forgotten here anyway."
        ).format(error=exc)
    return _("Its token was revoked on the server.")


# --- the browser and the token store notice ----------------------------------------------


def open_in_browser(url: str) -> bool:
    """Open ``url`` in a graphical web browser if there is one; never raises.

    A console browser (lynx, w3m…) would fight the terminal app for the screen, so it is
    not used: the URL is on screen to copy instead.
    """
    link = safe_url(url)
    if link is None:
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if type(browser) is webbrowser.GenericBrowser:
        name = os.path.basename(getattr(browser, "name", "") or "")
        if name in CONSOLE_BROWSERS:
            return False
    try:
        return bool(browser.open(link, new=2))
    except Exception:  # a broken browser setup must never stop a sign-in
        return False


def token_store_notice(tokens: TokenStore) -> str | None:
    """Once only: where tokens went, when no keyring could be used. ``None`` otherwise.

    Nothing is said while no token is in the file yet (the demo stores none).
    """
    try:
        if not tokens.token_file.exists() or not tokens.fallback_notice_needed():
            return None
        text = tokens.location_description()
        tokens.mark_fallback_notice_shown()
    except (AccountsError, OSError):
        return None
    return text
