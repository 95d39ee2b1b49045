"""One client per signed-in account: Mastodon.py behind typed calls and readable errors.

Every method blocks (Mastodon.py uses ``requests``): call them from a thread worker, never
from the UI thread. Each returns frozen entities from ``tootui.api.entities`` or raises an
``tootui.api.errors.ApiError``; no other exception leaves this module.

Servers that speak the Mastodon API without being Mastodon (GoToSocial, Pleroma/Akkoma,
Takahē, Iceshrimp, snac, …) are expected: Mastodon.py never reads their version (see
``ASSUMED_VERSION``), only the documented paths are asked (``/api/v2/instance``, not
Mastodon.py's ``/api/v2/instance/``), and a call to an endpoint the server lacks raises
``Unsupported`` and is remembered in ``missing`` so it is not tried again.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import quote, urlencode, urlparse

from tootui import __version__
from tootui.api.entities import (
    Account,
    Context,
    Instance,
    Marker,
    MediaAttachment,
    Notification,
    Page,
    Poll,
    Relationship,
    SearchResults,
    Status,
    Visibility,
)
from tootui.api.errors import (
    ApiError,
    BadResponse,
    Forbidden,
    NetworkError,
    NotAuthorised,
    NotFound,
    RateLimited,
    Rejected,
    RequestTimedOut,
    ServerError,
    Unsupported,
)
from tootui.i18n import _, localize_digits

if TYPE_CHECKING:
    import requests
    from mastodon import Mastodon
    from mastodon.errors import (
        MastodonAPIError,
        MastodonError,
        MastodonIllegalArgumentError,
        MastodonNetworkError,
        MastodonNotFoundError,
        MastodonRatelimitError,
        MastodonServerError,
        MastodonUnauthorizedError,
    )

_load_lock = threading.Lock()


def _load_mastodon() -> None:
    """Import Mastodon.py and requests into this module on first use.

    They cost ~80 ms and ~25 MiB; a start-up that draws cached posts first does not need
    them before its first frame, so ``MastodonClient`` loads them when it first talks to
    the server (in a worker). Mastodon.py imports ``cryptography`` (~8 MiB resident) only
    to decrypt Web Push messages, which tootui never asks for: it is hidden while
    Mastodon.py loads, unless something (a keyring backend) has loaded it already.
    """
    if "Mastodon" in globals():
        return
    with _load_lock:
        if "Mastodon" in globals():
            return
        hide = "cryptography" not in sys.modules and "mastodon" not in sys.modules
        if hide:
            sys.modules["cryptography"] = None  # type: ignore[assignment]
        try:
            import requests
            from mastodon import Mastodon, errors
        finally:
            if hide:
                del sys.modules["cryptography"]
        globals().update(
            {name: getattr(errors, name) for name in dir(errors) if name.startswith("Mastodon")}
        )
        globals()["requests"] = requests
        globals()["Mastodon"] = Mastodon  # last: the marker that loading is complete


USER_AGENT = f"tootui/{__version__} (+https://pypi.org/project/tootui/)"
DEFAULT_TIMEOUT = 15.0
SCOPES = ["read", "write", "follow", "push"]  # OAuth scope names: never translated
OOB_REDIRECT = "urn:ietf:wg:oauth:2.0:oob"

# Mastodon.py chooses some endpoints by the server's version (v2 search from 2.4.1, v2
# media from 3.1.4). Left alone it fetches ``/api/v1/instance/`` and parses "version" with
# a parser made for Mastodon, which raises ValueError on "takahe/0.10.1" and reads
# GoToSocial's "0.17.3+git-…" as too old for v2 search. Every Mastodon object tootui makes
# is told this version instead (see ``_mastodon``): it never fetches or parses the server's.
ASSUMED_VERSION = (4, 0, 0)

T = TypeVar("T")

TimelineKind = Literal[
    "home", "local", "federated", "hashtag", "list", "bookmarks", "favourites", "account"
]


@dataclass(frozen=True, slots=True)
class TimelineSource:
    """Which timeline to read: a kind and, for hashtag/list/account, its argument."""

    kind: TimelineKind
    arg: str = ""

    @property
    def key(self) -> str:
        """A stable name, used for caches and read positions."""
        return f"{self.kind}:{self.arg}" if self.arg else self.kind


_PAGE_KEYS = ("max_id", "min_id", "since_id")


def _cursor(info: Any) -> dict[str, str] | None:
    """The id cursor Mastodon.py read from a Link header, without its private bookkeeping."""
    if not isinstance(info, Mapping):
        return None
    found = {k: str.__str__(str(info[k])) for k in _PAGE_KEYS if info.get(k) is not None}
    return found or None


def _page(result: Any, convert: Callable[[Any], T], *, id_of: Callable[[T], str]) -> Page[T]:
    """A Page of converted items, with cursors from the Link header or else the items' ids."""
    raw: Sequence[Any] = result if isinstance(result, list) else []
    items = tuple(convert(r) for r in raw)
    older = _cursor(getattr(result, "_pagination_next", None))
    newer = _cursor(getattr(result, "_pagination_prev", None))
    if items:
        older = older or {"max_id": id_of(items[-1])}
        newer = newer or {"min_id": id_of(items[0])}
    else:
        older = None
    return Page(items=items, newer=newer, older=older)


class _LastResponse(threading.local):
    """The headers of the last response seen on this thread (for Retry-After)."""

    headers: Mapping[str, str] | None = None


def _server_message(exc: MastodonAPIError) -> str:
    """The server's own ``error`` text from a Mastodon.py API error, if it sent one."""
    args = exc.args
    if len(args) >= 4 and isinstance(args[3], str):
        return args[3]
    return ""


def _status_code(exc: MastodonAPIError) -> int | None:
    args = exc.args
    if len(args) >= 2 and isinstance(args[1], int):
        return args[1]
    return None


def _is_credential(value: Any) -> bool:
    """A client id, secret or token as a server should send it: one word of text."""
    return isinstance(value, str) and bool(value) and not any(c.isspace() for c in value)


def _host_of(base_url: str) -> str:
    return urlparse(base_url).netloc or base_url


def _retry_at(headers: Mapping[str, str] | None, fallback: float | None) -> datetime | None:
    """When a rate-limited request may be tried again: Retry-After, else X-RateLimit-Reset."""
    if headers:
        value = headers.get("Retry-After")
        if value:
            value = value.strip()
            if value.isdigit():
                return datetime.now(UTC) + timedelta(seconds=int(value))
            from email.utils import parsedate_to_datetime  # here: ~3 ms, rarely needed

            try:
                parsed = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                parsed = None
            if parsed is not None:
                return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if fallback:
        return datetime.fromtimestamp(fallback, UTC)
    return None


def _readable_time(value: str) -> bool:
    """Whether Mastodon.py can read this X-RateLimit-Reset / Date value (epoch or a date)."""
    if value.strip().isdigit():
        return True
    from dateutil import parser as date_parser

    try:
        date_parser.parse(value)
    except (ValueError, OverflowError):
        return False
    return True


def _drop_unreadable_rate_headers(headers: requests.structures.CaseInsensitiveDict[str]) -> None:
    """Remove rate-limit times Mastodon.py would fail on.

    Mastodon.py raises its rate-limit error when it cannot read X-RateLimit-Reset (or the
    Date beside it), even on a successful answer: one odd server or proxy header would
    then make every request look rate-limited.
    """
    if "X-RateLimit-Reset" not in headers:
        return
    for name in ("X-RateLimit-Reset", "Date"):
        value = headers.get(name)
        if value is not None and not _readable_time(value):
            del headers[name]


def _feature_name(feature: str) -> str:
    """The words for an optional endpoint (a key of ``missing``), in the interface language."""
    names = {
        "custom emojis": _("custom emojis"),
        "preferences": _("preferences"),
        "status source": _("status source"),
        "lists": _("lists"),
        "grouped notifications": _("grouped notifications"),
        "markers": _("markers"),
    }
    return names.get(feature, feature)


def _describes_a_server(data: Any) -> bool:
    """Whether an answer to ``/api/v*/instance`` is a server's description at all.

    A web site's catch-all page or an error object sent with status 200 is not.
    """
    return isinstance(data, Mapping) and any(
        isinstance(data.get(key), str) and data.get(key) for key in ("domain", "uri", "title")
    )


def _refused_path(exc: MastodonAPIError) -> bool:
    """A 4xx or an unreadable answer: this path is not there. Not a 401/403 (the server
    wants a sign-in, or will not say) and not a 5xx (it is failing): those are told as
    they are."""
    if isinstance(exc, MastodonNotFoundError):
        return True
    if isinstance(exc, (MastodonServerError, MastodonUnauthorizedError)):
        return False
    code = _status_code(exc)
    return code is None or (400 <= code < 500 and code not in (401, 403))


def _mastodon(
    base_url: str, token: str | None, *, timeout: float, session: requests.Session
) -> Mastodon:
    """A Mastodon.py object that never reads the server's version and never opens a file.

    Given ``mastodon_version``, Mastodon.py neither fetches nor parses the server's; the
    parsed numbers are set here because with checks off it leaves them at 1.0.0, which
    would send search to the removed ``/api/v1/search``. The token is set after
    construction: Mastodon.py reads ``access_token`` as a file name when such a file
    exists, and a token is text from a server.
    """
    api = Mastodon(
        api_base_url=base_url,
        ratelimit_method="throw",
        request_timeout=timeout,
        mastodon_version=".".join(str(part) for part in ASSUMED_VERSION),
        version_check_mode="none",
        session=session,
        user_agent=USER_AGENT,
    )
    api.mastodon_major, api.mastodon_minor, api.mastodon_patch = ASSUMED_VERSION
    api.access_token = token
    return api


def make_session() -> requests.Session:
    """A requests session that names tootui and never follows a netrc login."""
    _load_mastodon()
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.trust_env = True
    return session


TokenSource = Callable[[], str]
"""Gives a client its access token when it first needs one, in the worker that needs it
(reading a keyring may block). It raises ``ApiError`` to refuse (``NotAuthorised`` when
there is no token), and is asked again on the next call."""


class MastodonClient:
    """The signed-in view of one account on one server.

    ``access_token`` is the token, ``None`` (signing in), or a ``TokenSource`` read on first use.
    """

    def __init__(
        self,
        base_url: str,
        access_token: str | TokenSource | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.host = _host_of(self.base_url)
        self.missing: set[str] = set()  # endpoints this server has shown it lacks
        self._emojis: tuple[str, ...] | None = None  # custom emoji shortcodes, once fetched
        self._last = _LastResponse()
        self._token_source = access_token if callable(access_token) else None
        self._token = None if callable(access_token) else access_token
        self._timeout = timeout
        self._given_session = session
        self._built: tuple[requests.Session, Mastodon] | None = None
        self._build_lock = threading.Lock()

    def _build(self) -> tuple[requests.Session, Mastodon]:
        """The session and the Mastodon.py object, made on first use (see _load_mastodon)."""
        built = self._built
        if built is not None:
            return built
        with self._build_lock:
            if self._built is not None:
                return self._built
            self._read_token()
            _load_mastodon()
            session = self._given_session or make_session()
            session.hooks["response"].append(self._remember_response)
            api = _mastodon(self.base_url, self._token, timeout=self._timeout, session=session)
            built = self._built = (session, api)
            return built

    def resolve_token(self) -> None:
        """Read the access token from its ``TokenSource`` now, unless done (it may block).

        Raises what the source raises (``NotAuthorised`` when no token is stored).
        """
        if self._token_source is not None:
            with self._build_lock:
                self._read_token()

    def _read_token(self) -> None:
        source = self._token_source
        if source is not None:  # the build lock is held
            self._token = source()
            self._token_source = None

    @property
    def _session(self) -> requests.Session:
        return self._build()[0]

    @property
    def _api(self) -> Mastodon:
        return self._build()[1]

    def __repr__(self) -> str:  # never show the token
        return f"MastodonClient({self.base_url!r})"

    def _request(self, method: str, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """Mastodon.py's own request helper, for paths its methods spell in ways some
        servers refuse (a trailing slash) and for calls it wraps badly (sign-in).

        Failures are raised as for its other calls, so ``_call`` translates them.
        """
        request = getattr(self._api, "_Mastodon__api_request")  # noqa: B009 - name-mangled
        return request(method, path, dict(params or {}))

    def _remember_response(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        _drop_unreadable_rate_headers(response.headers)
        # Keep requests' case-insensitive mapping: servers may send "retry-after".
        self._last.headers = response.headers

    # --- the one place errors are translated ---------------------------------------

    def _call(self, what: str, fn: Callable[[], T], *, feature: str | None = None) -> T:
        """Run ``fn`` (a Mastodon.py call plus conversion) and translate any failure.

        ``what`` names the action in words for messages ("load the home timeline"), already
        translated: each sentence is one ``{what}``/``{host}`` template, so translators can
        reorder. ``feature`` marks an optional endpoint: a 404 then means the server lacks it.
        """
        host = self.host
        if feature is not None and feature in self.missing:
            raise Unsupported(self._not_offered(feature), status=404)
        self._last.headers = None
        self.resolve_token()  # first, so a missing token costs no Mastodon.py import
        _load_mastodon()  # the exception types below
        try:
            return fn()
        except ApiError:
            raise
        except MastodonRatelimitError as exc:
            retry_at = _retry_at(self._last.headers, self._api.ratelimit_reset)
            if retry_at:
                time = localize_digits(retry_at.astimezone().strftime("%H:%M:%S"))
                message = _(
                    "{host} asks us to slow down (too many requests). Try again at {time}."
                ).format(host=host, time=time)
            else:
                message = _("{host} asks us to slow down (too many requests).").format(host=host)
            raise RateLimited(message, retry_at=retry_at) from exc
        except MastodonUnauthorizedError as exc:
            raise NotAuthorised(
                _(
                    "{host} no longer accepts this account's sign-in (it was revoked or expired). "
                    "Sign in again."
                ).format(host=host),
                status=401,
            ) from exc
        except MastodonNotFoundError as exc:
            if feature is not None:
                self.missing.add(feature)
                raise Unsupported(self._not_offered(feature), status=404) from exc
            raise NotFound(
                _("Could not {what}: {host} says it does not exist (any more).").format(
                    what=what, host=host
                ),
                status=404,
            ) from exc
        except MastodonServerError as exc:
            code = _status_code(exc)
            raise ServerError(
                _("Could not {what}: {host} had a problem (error {code}). Try again later.").format(
                    what=what, host=host, code=localize_digits(str(code or "5xx"))
                ),
                status=code,
            ) from exc
        except MastodonNetworkError as exc:
            cause = exc.__context__
            if isinstance(cause, requests.exceptions.Timeout):
                raise RequestTimedOut(
                    _("Could not {what}: {host} did not answer in time.").format(
                        what=what, host=host
                    )
                ) from exc
            if isinstance(cause, requests.exceptions.SSLError):
                raise NetworkError(
                    _(
                        "Could not {what}: the secure connection to {host} failed (TLS error)."
                    ).format(what=what, host=host)
                ) from exc
            if isinstance(cause, requests.exceptions.ChunkedEncodingError):
                raise NetworkError(
                    _("Could not {what}: the connection to {host} broke off mid-answer.").format(
                        what=what, host=host
                    )
                ) from exc
            raise NetworkError(
                _("Could not {what}: {host} cannot be reached.").format(what=what, host=host)
            ) from exc
        except MastodonAPIError as exc:
            code = _status_code(exc)
            server_says = _server_message(exc)
            if code is None:
                raise BadResponse(
                    _("Could not {what}: {host} sent an answer that makes no sense.").format(
                        what=what, host=host
                    )
                ) from exc
            if code == 403:
                if server_says:
                    message = _("Could not {what}: {host} does not allow it ({reason}).").format(
                        what=what, host=host, reason=server_says
                    )
                else:
                    message = _("Could not {what}: {host} does not allow it.").format(
                        what=what, host=host
                    )
                raise Forbidden(message, status=403) from exc
            if code == 410:
                raise NotFound(
                    _("Could not {what}: {host} says it is gone.").format(what=what, host=host),
                    status=410,
                ) from exc
            if server_says:
                message = _("{host} refused to {what}: {reason}").format(
                    host=host, what=what, reason=server_says
                )
            else:
                message = _("{host} refused to {what}.").format(host=host, what=what)
            raise Rejected(message, status=code, server_message=server_says) from exc
        except MastodonIllegalArgumentError as exc:
            raise Rejected(
                _("Could not {what}: {reason}").format(what=what, reason=exc), status=None
            ) from exc
        except (MastodonError, requests.RequestException, OSError) as exc:
            raise NetworkError(
                _("Could not {what}: {error}.").format(what=what, error=type(exc).__name__)
            ) from exc
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise BadResponse(
                _("Could not {what}: {host} sent an answer of the wrong shape.").format(
                    what=what, host=host
                )
            ) from exc

    def _not_offered(self, feature: str) -> str:
        return _("{host} does not offer this ({feature}).").format(
            host=self.host, feature=_feature_name(feature)
        )

    # --- account and server ------------------------------------------------------

    def verify_credentials(self) -> Account:
        """The signed-in account, with its posting defaults."""
        return self._call(
            _("check the sign-in"), lambda: Account.from_api(self._api.account_verify_credentials())
        )

    def instance(self) -> Instance:
        """What the server says about itself (v2, else v1), with its rules where published."""

        def fetch() -> Instance:
            data = self._instance_answer()
            if not data.get("rules") and "rules" not in self.missing:
                try:
                    data = {**data, "rules": self._api.instance_rules()}
                except (MastodonNotFoundError, MastodonAPIError):
                    self.missing.add("rules")
            return Instance.from_api(data)

        return self._call(_("read the server's description"), fetch)

    def _instance_answer(self) -> Mapping[str, Any]:
        """The server's description: ``/api/v2/instance``, else ``/api/v1/instance``.

        The only place the description is asked for (sign-in, start-up, streaming, the
        report form all come through ``instance``). These are the documented paths, which
        every server answers; Mastodon.py's ``instance_v2()`` asks ``/api/v2/instance/``,
        which Mastodon answers too but Takahē and others refuse with a 404. v1 is asked
        when v2 is refused (404, another 4xx, or an answer that describes no server).
        """
        refused: MastodonAPIError | None = None
        for path in ("/api/v2/instance", "/api/v1/instance"):
            try:
                data = self._request("GET", path)
            except MastodonAPIError as exc:
                if not _refused_path(exc):
                    raise
                refused = exc
                continue
            if _describes_a_server(data):
                return dict(data)
            refused = None
        if refused is not None:
            raise refused
        raise BadResponse(_("{host} did not describe itself.").format(host=self.host))

    def custom_emojis(self, *, refresh: bool = False) -> tuple[str, ...]:
        """The shortcodes (without colons) of the server's custom emojis offered in its
        picker, sorted; asked once per client (that is, per signed-in account)."""
        if self._emojis is not None and not refresh:
            return self._emojis

        def fetch() -> tuple[str, ...]:
            codes = {
                str(item["shortcode"])
                for item in self._api.custom_emojis()
                if isinstance(item, Mapping)
                and item.get("shortcode")
                and item.get("visible_in_picker", True) is not False
            }
            return tuple(sorted(codes, key=str.lower))

        self._emojis = self._call(
            _("load the server's custom emojis"), fetch, feature="custom emojis"
        )
        return self._emojis

    def preferences(self) -> dict[str, Any]:
        """The account's preferences (default visibility, language, expand CWs…)."""
        return self._call(
            _("read your preferences"),
            lambda: dict(self._api.preferences()),
            feature="preferences",
        )

    def account(self, account_id: str) -> Account:
        return self._call(
            _("load the profile"), lambda: Account.from_api(self._api.account(account_id))
        )

    def lookup(self, acct: str) -> Account:
        """An account by ``user`` or ``user@host`` (resolving remote ones through search)."""

        def fetch() -> Account:
            try:
                return Account.from_api(self._api.account_lookup(acct))
            except MastodonNotFoundError:
                found = self._api.search(acct, resolve=True, result_type="accounts")
                accounts = found.get("accounts") if isinstance(found, Mapping) else None
                if not accounts:
                    raise
                return Account.from_api(accounts[0])

        return self._call(_("find {acct}").format(acct=acct), fetch)

    # --- timelines ---------------------------------------------------------------

    def timeline(self, source: TimelineSource, *, limit: int = 40, **cursor: str) -> Page[Status]:
        """A page of posts from ``source``; pass a Page's ``older``/``newer`` as ``cursor``."""
        api = self._api
        args: dict[str, Any] = {"limit": limit, **cursor}
        calls: dict[str, Callable[[], Any]] = {
            "home": lambda: api.timeline_home(**args),
            "local": lambda: api.timeline_local(**args),
            "federated": lambda: api.timeline_public(**args),
            # typed or remote text in a URL path: quoted, so "what?" or "a/b" stay one tag
            "hashtag": lambda: api.timeline_hashtag(quote(source.arg.lstrip("#"), safe=""), **args),
            "list": lambda: api.timeline_list(source.arg, **args),
            "bookmarks": lambda: api.bookmarks(**args),
            "favourites": lambda: api.favourites(**args),
            "account": lambda: api.account_statuses(source.arg, **args),
        }
        names = {
            "home": _("load the home timeline"),
            "local": _("load the local timeline"),
            "federated": _("load the federated timeline"),
            "hashtag": _("load #{tag}").format(tag=source.arg.lstrip("#")),
            "list": _("load the list"),
            "bookmarks": _("load your bookmarks"),
            "favourites": _("load your favourites"),
            "account": _("load the account's posts"),
        }
        return self._call(
            names[source.kind],
            lambda: _page(calls[source.kind](), Status.from_api, id_of=lambda s: s.id),
        )

    def context(self, status_id: str) -> Context:
        """The thread around a post."""
        return self._call(
            _("load the thread"), lambda: Context.from_api(self._api.status_context(status_id))
        )

    def status(self, status_id: str) -> Status:
        return self._call(_("load the post"), lambda: Status.from_api(self._api.status(status_id)))

    def status_source(self, status_id: str) -> tuple[str, str]:
        """The plain source text and content warning of one's own post, for editing."""

        def fetch() -> tuple[str, str]:
            data = self._api.status_source(status_id)
            text = data.get("text") if isinstance(data, Mapping) else None
            spoiler = data.get("spoiler_text") if isinstance(data, Mapping) else None
            return (
                text if isinstance(text, str) else "",
                spoiler if isinstance(spoiler, str) else "",
            )

        return self._call(_("load the post's text"), fetch, feature="status source")

    def lists(self) -> list[tuple[str, str]]:
        """The account's lists as (id, title)."""

        def fetch() -> list[tuple[str, str]]:
            return [
                (str(item.get("id", "")), str(item.get("title", "")))
                for item in self._api.lists()
                if isinstance(item, Mapping)
            ]

        return self._call(_("load your lists"), fetch, feature="lists")

    # --- notifications -------------------------------------------------------------

    def notifications(
        self,
        *,
        types: Iterable[str] | None = None,
        limit: int = 40,
        grouped: bool = True,
        **cursor: str,
    ) -> Page[Notification]:
        """A page of notifications: grouped (``/api/v2``) where the server has them, else v1."""
        type_list = list(types) if types else None
        if grouped and "grouped notifications" not in self.missing:
            try:
                return self._call(
                    _("load notifications"),
                    lambda: self._grouped(type_list, limit, cursor),
                    feature="grouped notifications",
                )
            except Unsupported:
                pass
            except BadResponse:
                self.missing.add("grouped notifications")
        return self._call(
            _("load notifications"),
            lambda: _page(
                self._api.notifications(types=type_list, limit=limit, **cursor),
                Notification.from_api,
                id_of=lambda n: n.id,
            ),
        )

    def _grouped(
        self, types: list[str] | None, limit: int, cursor: Mapping[str, str]
    ) -> Page[Notification]:
        result = self._api.grouped_notifications(
            types=types, limit=limit, expand_accounts="full", **cursor
        )
        if not isinstance(result, Mapping) or not isinstance(
            result.get("notification_groups"), list
        ):
            raise BadResponse("no notification groups")
        accounts = {a.id: a for a in (Account.from_api(x) for x in result.get("accounts") or [])}
        statuses = {s.id: s for s in (Status.from_api(x) for x in result.get("statuses") or [])}
        groups = result["notification_groups"]
        items = tuple(Notification.from_group(g, accounts, statuses) for g in groups)
        older = _cursor(getattr(result, "_pagination_next", None))
        newer = _cursor(getattr(result, "_pagination_prev", None))
        if items:
            last = groups[-1] if isinstance(groups[-1], Mapping) else {}
            first = groups[0] if isinstance(groups[0], Mapping) else {}
            older = older or {"max_id": str(last.get("page_min_id") or items[-1].id)}
            newer = newer or {"min_id": str(first.get("page_max_id") or items[0].id)}
        else:
            older = None
        return Page(items=items, newer=newer, older=older)

    def authorize_follow_request(self, account_id: str) -> Relationship:
        return self._call(
            _("accept the follow request"),
            lambda: Relationship.from_api(self._api.follow_request_authorize(account_id)),
        )

    def reject_follow_request(self, account_id: str) -> Relationship:
        return self._call(
            _("reject the follow request"),
            lambda: Relationship.from_api(self._api.follow_request_reject(account_id)),
        )

    # --- posting -------------------------------------------------------------------

    def post(
        self,
        text: str,
        *,
        spoiler_text: str = "",
        visibility: Visibility | None = None,
        language: str | None = None,
        sensitive: bool = False,
        in_reply_to_id: str | None = None,
        media_ids: Sequence[str] = (),
        poll_options: Sequence[str] = (),
        poll_expires_in: int = 86400,
        poll_multiple: bool = False,
        poll_hide_totals: bool = False,
        idempotency_key: str | None = None,
    ) -> Status:
        """Publish a post. The same ``idempotency_key`` never creates two posts."""
        if visibility == "local":
            # Mastodon.py refuses it with a ValueError, which would read as a bad answer.
            raise Rejected(
                _(
                    "Could not publish the post: local-only posts cannot be sent to {host} "
                    "from tootui yet. Choose another visibility."
                ).format(host=self.host),
                status=None,
            )

        def send() -> Status:
            poll = (
                self._api.make_poll(
                    list(poll_options),
                    expires_in=poll_expires_in,
                    multiple=poll_multiple,
                    hide_totals=poll_hide_totals,
                )
                if poll_options
                else None
            )
            result = self._api.status_post(
                text,
                in_reply_to_id=in_reply_to_id,
                media_ids=list(media_ids) or None,
                sensitive=sensitive,
                visibility=visibility,
                spoiler_text=spoiler_text or None,
                language=language,
                idempotency_key=idempotency_key,
                poll=poll,
            )
            return Status.from_api(result)

        return self._call(_("publish the post"), send)

    def edit(
        self,
        status_id: str,
        text: str,
        *,
        spoiler_text: str = "",
        sensitive: bool | None = None,
        media_ids: Sequence[str] | None = None,
    ) -> Status:
        """Replace the text (and CW, media) of one's own post.

        No ``language``: Mastodon.py's ``status_update`` cannot send it, so an edit keeps
        the post's language.
        """

        def send() -> Status:
            return Status.from_api(
                self._api.status_update(
                    status_id,
                    text,
                    spoiler_text=spoiler_text,
                    sensitive=sensitive,
                    media_ids=list(media_ids) if media_ids is not None else None,
                )
            )

        return self._call(_("save the edit"), send, feature=None)

    def delete(self, status_id: str) -> Status:
        """Delete one's own post; the answer carries its source text (for redrafting)."""
        return self._call(
            _("delete the post"), lambda: Status.from_api(self._api.status_delete(status_id))
        )

    def upload_media(
        self, path: Path, *, description: str | None = None, mime_type: str | None = None
    ) -> MediaAttachment:
        """Upload a file; the attachment may still be processing (see ``media``)."""

        def upload() -> MediaAttachment:
            import mimetypes  # here: only uploads need it

            # Opened here, not by Mastodon.py: given a path, it never closes the file.
            with path.open("rb") as file:
                kind = mime_type or mimetypes.guess_type(path.name)[0]
                return MediaAttachment.from_api(
                    self._api.media_post(file, mime_type=kind, description=description)
                )

        return self._call(_("upload {name}").format(name=path.name), upload)

    def media(self, media_id: str) -> MediaAttachment:
        """An uploaded attachment, to see whether the server has finished processing it."""
        return self._call(
            _("check the upload"), lambda: MediaAttachment.from_api(self._api.media(media_id))
        )

    def update_media(self, media_id: str, description: str) -> MediaAttachment:
        return self._call(
            _("save the description"),
            lambda: MediaAttachment.from_api(
                self._api.media_update(media_id, description=description)
            ),
        )

    def vote(self, poll_id: str, choices: Sequence[int]) -> Poll:
        return self._call(
            _("vote"), lambda: Poll.from_api(self._api.poll_vote(poll_id, list(choices)))
        )

    # --- acting on posts -------------------------------------------------------------

    def favourite(self, status_id: str, on: bool = True) -> Status:
        fn = self._api.status_favourite if on else self._api.status_unfavourite
        what = _("favourite the post") if on else _("remove the favourite")
        return self._call(what, lambda: Status.from_api(fn(status_id)))

    def boost(self, status_id: str, on: bool = True) -> Status:
        fn = self._api.status_reblog if on else self._api.status_unreblog
        what = _("boost the post") if on else _("undo the boost")
        return self._call(what, lambda: Status.from_api(fn(status_id)))

    def bookmark(self, status_id: str, on: bool = True) -> Status:
        fn = self._api.status_bookmark if on else self._api.status_unbookmark
        what = _("bookmark the post") if on else _("remove the bookmark")
        return self._call(what, lambda: Status.from_api(fn(status_id)))

    def mute_conversation(self, status_id: str, on: bool = True) -> Status:
        fn = self._api.status_mute if on else self._api.status_unmute
        what = _("mute the conversation") if on else _("unmute the conversation")
        return self._call(what, lambda: Status.from_api(fn(status_id)))

    def report(
        self,
        account_id: str,
        *,
        status_ids: Sequence[str] = (),
        comment: str = "",
        category: str = "other",
        forward: bool = False,
        rule_ids: Sequence[str] = (),
    ) -> None:
        """Report an account (and posts) to the server's moderators.

        ``category`` is "spam", "legal" (Mastodon 4.2+), "violation" (with ``rule_ids``)
        or "other"; a server that does not know one refuses with its own words.
        """
        # Not Mastodon.py's report(): it refuses categories newer than it knows ("legal")
        # before asking, and posts to "/api/v1/reports/", a path some servers refuse.
        params: dict[str, Any] = {"account_id": account_id, "category": category}
        if status_ids:
            params["status_ids[]"] = list(status_ids)
        if rule_ids:
            params["rule_ids[]"] = list(rule_ids)
        if comment:
            params["comment"] = comment
        if forward:
            params["forward"] = "1"
        self._call(_("send the report"), lambda: self._request("POST", "/api/v1/reports", params))

    # --- relationships ---------------------------------------------------------------

    def relationship(self, account_id: str) -> Relationship:
        def fetch() -> Relationship:
            found = self._api.account_relationships([account_id])
            if not found:
                raise NotFound(
                    _("{host} sent no relationship for this account.").format(host=self.host),
                    status=404,
                )
            return Relationship.from_api(found[0])

        return self._call(_("load the relationship"), fetch)

    def _relate(self, what: str, fn: Callable[[str], Any], account_id: str) -> Relationship:
        return self._call(what, lambda: Relationship.from_api(fn(account_id)))

    def follow(self, account_id: str) -> Relationship:
        return self._relate(_("follow"), self._api.account_follow, account_id)

    def unfollow(self, account_id: str) -> Relationship:
        return self._relate(_("unfollow"), self._api.account_unfollow, account_id)

    def mute(self, account_id: str) -> Relationship:
        return self._relate(_("mute"), self._api.account_mute, account_id)

    def unmute(self, account_id: str) -> Relationship:
        return self._relate(_("unmute"), self._api.account_unmute, account_id)

    def block(self, account_id: str) -> Relationship:
        return self._relate(_("block"), self._api.account_block, account_id)

    def unblock(self, account_id: str) -> Relationship:
        return self._relate(_("unblock"), self._api.account_unblock, account_id)

    # --- search --------------------------------------------------------------------

    def search(
        self, query: str, *, resolve: bool = True, kind: str | None = None, limit: int = 20
    ) -> SearchResults:
        """Accounts, hashtags and posts; ``resolve`` fetches remote handles and post URLs."""
        return self._call(
            _("search for {query}").format(query=repr(query)),
            lambda: SearchResults.from_api(
                self._api.search(query, resolve=resolve, result_type=kind, limit=limit)
            ),
        )

    # --- read positions ------------------------------------------------------------

    def markers(self, timelines: Sequence[str] = ("home", "notifications")) -> dict[str, Marker]:
        def fetch() -> dict[str, Marker]:
            data = self._api.markers_get(list(timelines))
            if not isinstance(data, Mapping):
                return {}
            return {name: Marker.from_api(name, data[name]) for name in timelines if name in data}

        return self._call(_("read your read position"), fetch, feature="markers")

    def set_marker(self, timeline: str, last_read_id: str) -> None:
        self._call(
            _("save your read position"),
            lambda: self._api.markers_set([timeline], [last_read_id]),
            feature="markers",
        )

    # --- sign-out --------------------------------------------------------------------

    def revoke(self, client_id: str, client_secret: str, token: str) -> None:
        """Revoke ``token`` on the server (sign out)."""

        def send() -> None:
            response = self._session.post(
                f"{self.base_url}/oauth/revoke",
                data={"client_id": client_id, "client_secret": client_secret, "token": token},
                timeout=self._api.request_timeout,
            )
            if response.status_code >= 400 and response.status_code != 404:
                raise MastodonAPIError("revoke failed", response.status_code, response.reason, None)

        self._call(_("sign out"), send)

    # --- signing in (on a client made without a token) --------------------------------

    def register_app(self, name: str = "tootui", website: str | None = None) -> tuple[str, str]:
        """Register tootui as an OAuth app on this server: (client_id, client_secret)."""

        def send() -> tuple[str, str]:
            # Not Mastodon.create_app: it reads any answer as JSON without looking at the
            # status, so a refusal read as "cannot be reached" or "wrong shape".
            params = {"client_name": name, "scopes": " ".join(SCOPES)}
            params["redirect_uris"] = OOB_REDIRECT
            if website:
                params["website"] = website
            answer = self._request("POST", "/api/v1/apps", params)
            client_id = answer.get("client_id") if isinstance(answer, Mapping) else None
            secret = answer.get("client_secret") if isinstance(answer, Mapping) else None
            if not _is_credential(client_id) or not _is_credential(secret):
                raise BadResponse(
                    _("Could not {what}: {host} sent an answer of the wrong shape.").format(
                        what=_("register tootui with the server"), host=self.host
                    )
                )
            return str(client_id), str(secret)

        return self._call(_("register tootui with the server"), send)

    def authorize_url(self, client_id: str) -> str:
        """The page where the user approves tootui and is shown a code to paste back."""
        query = urlencode(
            {
                "client_id": client_id,
                "response_type": "code",
                "redirect_uri": OOB_REDIRECT,
                "scope": " ".join(SCOPES),
                "force_login": "true",
            }
        )
        return f"{self.base_url}/oauth/authorize?{query}"

    def exchange_code(self, client_id: str, client_secret: str, code: str) -> str:
        """Trade the code the user pasted for an access token (``POST /oauth/token``).

        A refusal (400, or 401 which here means the code or the client, not a revoked
        token) is ``Rejected`` with the server's OAuth error in ``server_message``:
        ``invalid_grant`` for a wrong, used or expired code, ``invalid_client`` when the
        server no longer knows tootui's registration.

        Not Mastodon.py's ``log_in``: it parses the server's version afterwards (a
        ValueError on "takahe/0.10.1"), wraps a refusal into a sentence holding a tuple,
        and requires a ``scope`` field that OAuth makes optional.
        """

        what = _("finish signing in")

        def send() -> str:
            params = {
                "grant_type": "authorization_code",
                "code": code.strip(),
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uri": OOB_REDIRECT,
                "scope": " ".join(SCOPES),
            }
            try:
                answer = self._request("POST", "/oauth/token", params)
            except MastodonAPIError as exc:
                status = _status_code(exc)
                if status not in (400, 401):
                    raise
                reason = _server_message(exc)
                message = (
                    _("{host} refused to {what}: {reason}").format(
                        host=self.host, what=what, reason=reason
                    )
                    if reason
                    else _("{host} refused to {what}.").format(host=self.host, what=what)
                )
                raise Rejected(message, status=status, server_message=reason) from exc
            token = answer.get("access_token") if isinstance(answer, Mapping) else None
            if not _is_credential(token):
                raise BadResponse(
                    _("Could not {what}: {host} sent an answer of the wrong shape.").format(
                        what=what, host=self.host
                    )
                )
            return str(token)

        return self._call(what, send)
