"""What a server says about itself: its description and limits, its rules, its custom emojis.

Only the documented paths are asked (``/api/v2/instance``, else ``/api/v1/instance``), not
Mastodon.py's ``/api/v2/instance/``, which Takahē and others refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tootui.api.client.core import ClientCore, _status_code
from tootui.api.entities import Instance
from tootui.api.errors import BadResponse
from tootui.i18n import _

if TYPE_CHECKING:
    from mastodon.errors import MastodonAPIError


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
    from mastodon.errors import (
        MastodonNotFoundError,
        MastodonServerError,
        MastodonUnauthorizedError,
    )

    if isinstance(exc, MastodonNotFoundError):
        return True
    if isinstance(exc, (MastodonServerError, MastodonUnauthorizedError)):
        return False
    code = _status_code(exc)
    return code is None or (400 <= code < 500 and code not in (401, 403))


class InstanceCalls(ClientCore):
    """The server's description, rules and custom emojis."""

    def instance(self, *, fresh: bool = False) -> Instance:
        """What the server says about itself (v2, else v1), with its rules where published.

        Asked once per client (that is, per signed-in account and session): start-up, the
        streaming URL, the composer's limits, the report form all share the one answer, and
        callers in several threads at once wait for the one request. Until it is asked, a
        description kept from an earlier session (``remember_instance``) answers at once;
        ``fresh`` wants this session's own answer. A failure is not kept: the next call
        asks again."""
        found = self._instance
        if found is not None and (self._instance_fresh or not fresh):
            return found
        with self._instance_lock:
            if self._instance is not None and self._instance_fresh:
                return self._instance  # another thread asked while this one waited
            fetched = self._fetch_instance()
            with self._instance_set:
                self._instance = fetched
                self._instance_fresh = True
            return fetched

    def remember_instance(self, instance: Instance) -> None:
        """A description kept from an earlier session (the disk cache): it answers until
        this session's own replaces it. Called on the UI thread: it never waits for a
        request in flight."""
        with self._instance_set:
            if self._instance is None:
                self._instance = instance

    def _fetch_instance(self) -> Instance:
        def fetch() -> Instance:
            from mastodon.errors import MastodonAPIError  # loaded by _call

            data = self._instance_answer()
            if not data.get("rules") and "rules" not in self.missing:
                try:
                    data = {**data, "rules": self._api.instance_rules()}
                except MastodonAPIError:  # a 404 among them
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
        from mastodon.errors import MastodonAPIError  # loaded by _call

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
