"""The heart of ``MastodonClient``: construction, the one ``_call`` path, errors and rate limits.

``ClientCore`` holds what every area of the client shares: the account's token (read on
first use), the requests session and the Mastodon.py object (both made on first use, in a
worker), ``_request`` for the few paths asked without Mastodon.py's methods, and ``_call``,
the only place a failure becomes an ``ApiError``. The areas (``timelines``, ``statuses``,
``accounts``…) are mixins on top of it; ``tootui.api.client`` composes them.

Mastodon.py and requests are imported on first use (``_load_mastodon``): a start-up that
draws cached posts first does not need them before its first frame.
"""

from __future__ import annotations

import re
import sys
import threading
import warnings
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlparse

from tootui import __version__
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
from tootui.api.http_log import log_response
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

    from tootui.api.entities import Instance

_load_lock = threading.Lock()
_UNUSED_LIBRARIES = ("cryptography", "charset_normalizer", "chardet")


def _load_mastodon() -> None:
    """Import Mastodon.py and requests into this module on first use.

    They cost ~80 ms and ~25 MiB; a start-up that draws cached posts first does not need
    them before its first frame, so ``MastodonClient`` loads them when it first talks to
    the server (in a worker). Two libraries they would load serve nothing tootui does, and
    are hidden while they load, unless something has loaded them already:
    ``cryptography`` (~8 MiB resident), which Mastodon.py imports only to decrypt Web Push
    messages (a keyring backend may load it anyway), and ``charset_normalizer`` (~2 MiB),
    which requests uses only to guess the encoding of an answer that does not name one;
    without it requests takes UTF-8, which is what JSON is.
    """
    if "Mastodon" in globals():
        return
    with _load_lock:
        if "Mastodon" in globals():
            return
        hidden = [name for name in _UNUSED_LIBRARIES if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]
        try:
            with warnings.catch_warnings():
                # requests warns at import that it has no encoding detector: on purpose
                warnings.simplefilter("ignore")
                import requests
                from mastodon import Mastodon, errors
        finally:
            for name in hidden:
                if sys.modules.get(name, ...) is None:
                    del sys.modules[name]
        globals().update(
            {name: getattr(errors, name) for name in dir(errors) if name.startswith("Mastodon")}
        )
        globals()["requests"] = requests
        globals()["Mastodon"] = Mastodon  # last: the marker that loading is complete


USER_AGENT = f"tootui/{__version__} (+https://pypi.org/project/tootui/)"
DEFAULT_TIMEOUT = 15.0

# Mastodon.py chooses some endpoints by the server's version (v2 search from 2.4.1, v2
# media from 3.1.4). Left alone it fetches ``/api/v1/instance/`` and parses "version" with
# a parser made for Mastodon, which raises ValueError on "takahe/0.10.1" and reads
# GoToSocial's "0.17.3+git-…" as too old for v2 search. Every Mastodon object tootui makes
# is told this version instead (see ``_mastodon``): it never fetches or parses the server's.
ASSUMED_VERSION = (4, 0, 0)

T = TypeVar("T")


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


def _host_of(base_url: str) -> str:
    return urlparse(base_url).netloc or base_url


# --- rate limits ---------------------------------------------------------------------

# An ISO 8601 calendar date (and time), the form Mastodon sends; not a week or ordinal
# date, which the stdlib reads but Mastodon.py's parser (dateutil) does not.
_CALENDAR_DATE = re.compile(r"\d{4}-?\d\d-?\d\d(?:[T ]|$)")


def _header_time(value: str) -> datetime | None:
    """An X-RateLimit-Reset or Date value as an aware time: epoch seconds, ISO 8601 (what
    Mastodon sends) or an HTTP date; None when it is none of these."""
    text = value.strip()
    if text.isdigit():
        try:
            return datetime.fromtimestamp(int(text), UTC)
        except (OverflowError, ValueError, OSError):
            return None
    parsed: datetime | None = None
    if _CALENDAR_DATE.match(text):
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        from email.utils import parsedate_to_datetime  # here: ~3 ms, rarely needed

        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _ratelimit_reset(headers: Mapping[str, str]) -> datetime | None:
    """When the server's X-RateLimit-Reset falls by our clock (moved by how far the
    server's Date is from it, as Mastodon.py does); None if absent or already past."""
    value = headers.get("X-RateLimit-Reset")
    reset = _header_time(value) if value else None
    if reset is None:
        return None
    date = headers.get("Date")
    server_now = _header_time(date) if date else None
    if server_now is not None:
        reset += datetime.now(UTC) - server_now
    return reset if reset > datetime.now(UTC) else None


def _retry_at(headers: Mapping[str, str] | None, fallback: float | None) -> datetime | None:
    """When a rate-limited request may be tried again: Retry-After (seconds or an HTTP
    date), else X-RateLimit-Reset, else the last reset Mastodon.py noted (``fallback``)."""
    if headers:
        value = headers.get("Retry-After")
        if value:
            from urllib3.exceptions import InvalidHeader
            from urllib3.util import Retry  # loaded with requests, which needs it

            try:
                seconds = Retry().parse_retry_after(value)
            except InvalidHeader:
                pass
            else:
                return datetime.now(UTC) + timedelta(seconds=seconds)
        reset = _ratelimit_reset(headers)
        if reset is not None:
            return reset
    if fallback:
        return datetime.fromtimestamp(fallback, UTC)
    return None


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
        if value is not None and _header_time(value) is None:
            del headers[name]


# --- building ------------------------------------------------------------------------


def _feature_name(feature: str) -> str:
    """The words for an optional endpoint (a key of ``missing``), in the interface language."""
    names = {
        "custom emojis": _("custom emojis"),
        "preferences": _("preferences"),
        "status source": _("status source"),
        "lists": _("lists"),
        "grouped notifications": _("grouped notifications"),
        "markers": _("markers"),
        "conversations": _("direct conversations"),
        "filters": _("filters of muted words"),
        "scheduled posts": _("scheduled posts"),
        "featured tags": _("featured hashtags"),
        "followed tags": _("followed hashtags"),
        "translation": _("translation of posts"),
        "trending hashtags": _("trending hashtags"),
        "trending posts": _("trending posts"),
        "trending links": _("trending links"),
    }
    return names.get(feature, feature)


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
    """A requests session that names tootui and never follows a netrc login; its requests
    go to the debug log when there is one (``tootui.api.http_log``)."""
    _load_mastodon()
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.trust_env = True
    session.hooks["response"].append(log_response)
    return session


def _no_auth(request: Any) -> Any:
    """requests' ``auth``: leave the request alone. Passing it keeps requests from adding a
    netrc login over our Authorization header (as Mastodon.py does)."""
    return request


_UNREADABLE = object()  # an answer that is not JSON


TokenSource = Callable[[], str]
"""Gives a client its access token when it first needs one, in the worker that needs it
(reading a keyring may block). It raises ``ApiError`` to refuse (``NotAuthorised`` when
there is no token), and is asked again on the next call."""


class ClientCore:
    """The signed-in view of one account on one server: what every area of it shares.

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
        self._instance: Instance | None = None  # the server's description (instance())
        self._instance_fresh = False  # asked in this session, not kept from an earlier one
        self._instance_lock = threading.Lock()  # one request, however many ask at once
        self._instance_set = threading.Lock()  # the field alone: never held over a request
        self._last = _LastResponse()
        self._token_source = access_token if callable(access_token) else None
        self._token = None if callable(access_token) else access_token
        self._timeout = timeout
        self._given_session = session
        self._built: tuple[requests.Session, Mastodon] | None = None
        self._build_lock = threading.Lock()

    @property
    def token_source(self) -> TokenSource | None:
        """Where the token comes from when it is read on first use (None: given, or read)."""
        return self._token_source

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
            hooks = session.hooks["response"]
            hooks.append(self._remember_response)
            if log_response not in hooks:  # a session given by the caller is logged too
                hooks.append(log_response)
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
            # Not while _load_mastodon hides libraries: a keyring backend that loads now
            # (Secret Service needs cryptography) would find it missing and be passed over.
            with _load_lock:
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

    def _mastodon_for(self, token: str | None) -> Mastodon:
        """A Mastodon.py object of its own on this client's session, for a call that
        changes the object's state (signing out clears its token)."""
        session, api = self._build()
        return _mastodon(self.base_url, token, timeout=api.request_timeout, session=session)

    def _request(self, method: str, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """Ask ``path`` on the server and return its JSON answer, for paths Mastodon.py's
        methods spell in ways some servers refuse (a trailing slash) and for calls it wraps
        badly (sign-in).

        Sent on Mastodon.py's session with the account's token, and failures raised as
        Mastodon.py raises them for its own calls, so ``_call`` translates them alike.
        """
        from mastodon.errors import (
            MastodonAPIError,
            MastodonNetworkError,
            MastodonNotFoundError,
            MastodonRatelimitError,
            MastodonServerError,
            MastodonUnauthorizedError,
        )

        api = self._api
        headers = {"Authorization": f"Bearer {api.access_token}"} if api.access_token else {}
        values = dict(params or {})
        query = method == "GET"
        try:
            response = self._session.request(
                method,
                self.base_url + path,
                params=values if query else None,
                data=None if query else values,
                headers=headers,
                timeout=api.request_timeout,
                auth=_no_auth,
            )
        except Exception as exc:
            raise MastodonNetworkError(f"Could not complete request: {exc}") from exc
        try:
            answer = response.json()
        except ValueError:
            answer = _UNREADABLE
        code = response.status_code
        if not response.ok:
            reason = answer.get("error") if isinstance(answer, Mapping) else answer
            error_msg = reason if isinstance(reason, str) else None
            failure: type[MastodonAPIError] = MastodonAPIError
            if code == 429:
                raise MastodonRatelimitError("Hit rate limit.")
            if code == 404:
                failure = MastodonNotFoundError
            elif code == 401:
                failure = MastodonUnauthorizedError
            elif 500 <= code <= 511:
                failure = MastodonServerError
            raise failure("Mastodon API returned error", code, response.reason, error_msg)
        if answer is _UNREADABLE:
            # No status code in the error: ``_call`` reads it as an answer that makes no sense.
            raise MastodonAPIError(f"Could not parse response as JSON (status {code}).")
        return answer

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
