"""Turning stored accounts (and their tokens) into sessions the app can use."""

from __future__ import annotations

from tootui.accounts import AccountsError, AccountStore, TokenStore
from tootui.api import MastodonClient
from tootui.config import Config
from tootui.i18n import _
from tootui.session import AccountSession


def session_for(acct: str, base_url: str, token: str | None) -> AccountSession:
    """A session for one account; nothing is fetched yet (that happens in a worker)."""
    return AccountSession(acct=acct, base_url=base_url, client=MastodonClient(base_url, token))


def no_accounts_message() -> str:
    """The problem ``load_sessions`` reports when no account is stored (not an error)."""
    return _(
        "No account is stored yet. Sign in with `tootui login SERVER` "
        "(for example `tootui login mastodon.social`), or try `tootui --demo`."
    )


def load_sessions(wanted: str | None = None) -> tuple[list[AccountSession], str | None, str | None]:
    """Sessions for every stored account, the one to open first, and a problem to report.

    The account to open is ``wanted`` if given, else the default, else the last used.
    """
    config = Config.load()
    try:
        store = AccountStore().load()
    except AccountsError as error:
        return [], None, str(error)
    tokens = TokenStore(config.token_store)
    sessions: list[AccountSession] = []
    missing: list[str] = []
    for record in store.list():
        try:
            token = tokens.get_token(record.acct)
        except AccountsError as error:
            return [], None, str(error)
        if not token:
            missing.append(record.acct)
        session = session_for(record.acct, record.base_url, token)
        session.needs_sign_in = not token
        sessions.append(session)
    if not sessions:
        return (
            [],
            None,
            no_accounts_message(),
        )
    start = None
    if wanted:
        start = next((s.acct for s in sessions if s.acct == wanted.lstrip("@").lower()), None)
        if start is None:
            return (
                sessions,
                None,
                _("No stored account is called {acct}; see `tootui accounts list`.").format(
                    acct=wanted
                ),
            )
    else:
        chosen = store.default or store.last_used
        start = chosen.acct if chosen else sessions[0].acct
    problem = None
    if missing:
        problem = _("No token is stored for {accounts}: sign in again with `tootui login`.").format(
            accounts=", ".join(missing)
        )
    return sessions, start, problem
