"""Writing and acting on posts: publish, edit, delete, favourite, boost, bookmark, mute a
conversation, vote in a poll, report to the moderators, translate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tootui.api.client.core import ClientCore, _server_message, _status_code
from tootui.api.entities import Poll, ScheduledPost, Status, Translation, Visibility
from tootui.api.errors import Rejected, Unsupported
from tootui.i18n import _


class StatusCalls(ClientCore):
    """One's own posts, and what one does to anyone's."""

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
        quoted_status_id: str | None = None,
        quote_approval_policy: str | None = None,
        scheduled_at: datetime | None = None,
    ) -> Status | ScheduledPost:
        """Publish a post. The same ``idempotency_key`` never creates two posts.

        ``quoted_status_id`` quotes that post (Mastodon 4.5); ``quote_approval_policy``
        ("public", "followers", "nobody") says who may quote this one. With
        ``scheduled_at`` the server keeps it until then and answers with a
        ``ScheduledPost``, or publishes it now (a ``Status``) when the time is too close.
        """
        if visibility == "local":
            # Mastodon.py refuses it with a ValueError, which would read as a bad answer.
            raise Rejected(
                _(
                    "Could not publish the post: local-only posts cannot be sent to {host} "
                    "from tootui yet. Choose another visibility."
                ).format(host=self.host),
                status=None,
            )

        def send() -> Status | ScheduledPost:
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
                quoted_status_id=quoted_status_id,
                quote_approval_policy=quote_approval_policy,
                scheduled_at=scheduled_at,
            )
            if scheduled_at is not None and ScheduledPost.is_one(result):
                return ScheduledPost.from_api(result)
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

    def translate(self, status_id: str, lang: str | None = None) -> Translation:
        """The post's text in ``lang`` (the account's interface language when None), by
        the server's translation service.

        A server without one answers 404 (``Unsupported``, remembered); one whose service
        is down or refuses the pair of languages answers 503, said with its own reason.
        """

        def ask() -> Translation:
            from mastodon.errors import MastodonServerError

            try:
                return Translation.from_api(self._api.status_translate(status_id, lang=lang))
            except MastodonServerError as exc:
                if _status_code(exc) != 503:
                    raise
                reason = _server_message(exc)
                message = (
                    _("{host} cannot translate this post now: {reason}").format(
                        host=self.host, reason=reason
                    )
                    if reason
                    else _("{host} cannot translate posts right now.").format(host=self.host)
                )
                raise Unsupported(message, status=503) from exc

        return self._call(_("translate the post"), ask, feature="translation")
