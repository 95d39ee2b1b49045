"""Turning stored accounts into sessions the app can use.

No secret is read before the first frame: the account list (a small JSON file) is all it
takes to build the sessions and show each account's cached timeline. Each client gets a
``StoredToken``, which reads the access token from the ``TokenStore`` (a keyring can be
slow: D-Bus, an unlock prompt) when the client first talks to the server, in that
worker's thread, and not before the app says its first frame is on screen.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from tootui.accounts import AccountsError, AccountStore, TokenBackend, TokenStore
from tootui.api import MastodonClient, NotAuthorised, TokenSource, TokenUnavailable
from tootui.config import Config
from tootui.i18n import _
from tootui.session import AccountSession

FIRST_FRAME_WAIT = 2.0
"""Seconds a token read waits at most for the first frame (never forever: a missed signal
must not keep the network waiting)."""

_read_lock = threading.Lock()  # one keyring conversation at a time, whichever worker asks


def missing_token_message(accts: Sequence[str]) -> str:
    """What to say when no token is stored for these accounts."""
    return _("No token is stored for {accounts}: sign in again with `tootui login`.").format(
        accounts=", ".join(accts)
    )


class StoredToken:
    """An account's access token, read from the token store on first use (a ``TokenSource``).

    Waits for ``not_before`` (the app's first frame) first. Raises ``NotAuthorised`` when no
    token is stored, and ``TokenUnavailable`` when the keyring or the token file fails;
    the client asks again on its next call. Never holds or shows the token itself.
    """

    def __init__(
        self, acct: str, tokens: TokenStore, not_before: threading.Event | None = None
    ) -> None:
        self.acct = acct
        self.tokens = tokens
        self.not_before = not_before

    def __repr__(self) -> str:
        return f"StoredToken({self.acct!r})"

    def __call__(self) -> str:
        if self.not_before is not None:
            self.not_before.wait(FIRST_FRAME_WAIT)
        try:
            with _read_lock:
                token = self.tokens.get_token(self.acct)
        except AccountsError as error:
            raise TokenUnavailable(str(error)) from error
        if not token:
            raise NotAuthorised(missing_token_message([self.acct]))
        return token


def check_tokens(
    sessions: Sequence[AccountSession], token_store: TokenBackend
) -> tuple[list[str], str | None]:
    """Read each session's token (in a worker, after the first frame): the accounts with
    none stored, and the once-only notice of where tokens are kept, if one is due.

    Each client keeps the token it read. A token store that fails is not reported here:
    the account's own requests say so when it is used.
    """
    from tootui.signin import token_store_notice

    missing = []
    for session in sessions:
        try:
            session.client.resolve_token()
        except NotAuthorised:
            missing.append(session.acct)
        except TokenUnavailable:
            continue  # said by the account's own requests
    with _read_lock:
        notice = token_store_notice(TokenStore(token_store))
    return missing, notice


def prefetch_home(session: AccountSession) -> None:
    """Ask for ``session``'s home timeline now, in a thread, while the app is still being
    made (a start with nothing cached: there is no cached frame to draw first). Over a slow
    link its round trips then overlap tootui's own start instead of following it; the home
    view takes the answer (``AccountSession.take_home_prefetch``), so nothing is asked
    twice. The token is read at once for it (see ``StoredToken``)."""
    from concurrent.futures import Future

    from tootui.api import Page, TimelineSource

    source = session.client.token_source
    if isinstance(source, StoredToken):
        source.not_before = None  # nothing cached to draw first: read it now
    future: Future[Page[Any]] = Future()
    session.home_prefetch = future

    def fetch() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(session.client.timeline(TimelineSource("home")))
        except BaseException as error:  # handed to the home view, which says it
            future.set_exception(error)

    threading.Thread(target=fetch, name="tootui-prefetch-home", daemon=True).start()


def session_for(acct: str, base_url: str, token: str | TokenSource | None) -> AccountSession:
    """A session for one account; nothing is fetched yet (that happens in a worker)."""
    return AccountSession(acct=acct, base_url=base_url, client=MastodonClient(base_url, token))


def no_accounts_message() -> str:
    """The problem ``load_sessions`` reports when no account is stored (not an error)."""
    return _(
        "No account is stored yet. Sign in with `tootui login SERVER` "
        "(for example `tootui login mastodon.social`), or try `tootui --demo`."
    )


def unknown_account_message(wanted: str, stored: Sequence[str]) -> str:
    """What to say when ``--account`` names an account that is not stored."""
    if not stored:
        return _(
            "No stored account is called {acct}: no account is stored yet. "
            "Sign in with `tootui login SERVER`."
        ).format(acct=wanted)
    return _("No stored account is called {acct}. The stored accounts are: {accounts}.").format(
        acct=wanted, accounts=", ".join(stored)
    )


def load_sessions(
    wanted: str | None = None,
    *,
    token_store: TokenBackend | None = None,
    not_before: threading.Event | None = None,
) -> tuple[list[AccountSession], str | None, str | None]:
    """Sessions for every stored account, the one to open first, and a problem to report.

    The account to open is ``wanted`` if given, else the default, else the last used. A
    ``wanted`` account that is not stored is a problem (the caller stops: opening another
    account instead would act as someone the user did not choose).
    Tokens are not read here: each client reads its own on first use (``StoredToken``),
    after ``not_before`` is set; ``token_store`` defaults to the config's setting.
    """
    if token_store is None:
        token_store = Config.load().token_store
    try:
        store = AccountStore().load()
    except AccountsError as error:
        return [], None, str(error)
    tokens = TokenStore(token_store)
    sessions = [
        session_for(
            record.acct, record.base_url, StoredToken(record.acct, tokens, not_before=not_before)
        )
        for record in store.list()
    ]
    if not sessions and not wanted:
        return [], None, no_accounts_message()
    start = None
    if wanted:
        start = next((s.acct for s in sessions if s.acct == wanted.lstrip("@").lower()), None)
        if start is None:
            return sessions, None, unknown_account_message(wanted, [s.acct for s in sessions])
    else:
        chosen = store.default or store.last_used
        start = chosen.acct if chosen else sessions[0].acct
    return sessions, start, None
