"""Publishing one post: upload its media, wait for the server to process them, then post.

``publish()`` is the whole workflow in one blocking call (run it in a thread worker): each
new file is uploaded, a file uploaded earlier gets its description saved again, and the
server is asked every ``poll_interval`` seconds until it has processed the media; then the
post is published (or the edit saved, or the post scheduled) with the draft's
``Idempotency-Key``, so a retry after a lost answer never makes a second post. It says how
far it got through ``progress`` and stops waiting as soon as ``stop`` is set. Plain data
in, a ``Status`` out, or a ``ScheduledPost`` for a post the server keeps until its time:
nothing here knows about drafts on disk or about the screen that shows the progress.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tootui.api.entities import MediaAttachment, ScheduledPost, Status, Visibility
from tootui.api.errors import ApiError
from tootui.i18n import _

if TYPE_CHECKING:
    from tootui.api import MastodonClient

POLL_INTERVAL = 1.0  # seconds between questions about an upload the server is processing
PROCESSING_TIMEOUT = 120.0  # seconds of waiting for that before giving up


@dataclass(frozen=True)
class OutgoingMedia:
    """One attachment: a file to upload (no ``media_id`` yet), a file uploaded earlier
    (both: its description is saved again), or media already on the post being edited
    (an id and no path: sent as it is)."""

    path: str
    description: str = ""
    media_id: str | None = None


@dataclass(frozen=True)
class OutgoingPost:
    """Everything sent for one post. ``edit_id`` edits that post instead: an edit sends
    only the text, the content warning, ``sensitive`` and the media. ``scheduled_at``
    (aware) asks the server to publish it then; ``quoted_status_id`` quotes that post;
    ``quote_approval_policy`` says who may quote this one (None: the server's default)."""

    text: str
    spoiler_text: str = ""
    visibility: Visibility = "public"
    language: str | None = None
    sensitive: bool = False
    in_reply_to_id: str | None = None
    edit_id: str | None = None
    media: Sequence[OutgoingMedia] = ()
    poll_options: Sequence[str] = ()  # no poll when empty
    poll_expires_in: int = 86400
    poll_multiple: bool = False
    poll_hide_totals: bool = False
    idempotency_key: str | None = None
    scheduled_at: datetime | None = None
    quoted_status_id: str | None = None
    quote_approval_policy: str | None = None


@dataclass(frozen=True)
class PublishProgress:
    """How far ``publish()`` got. ``step`` is "uploading", "uploaded" (``media_id`` is the
    server's id for the file, worth keeping: a retry must not upload it again),
    "processing" (asked again each ``poll_interval``) or "publishing"."""

    step: Literal["uploading", "uploaded", "processing", "publishing"]
    index: int = 0  # which attachment, from 0
    total: int = 0  # how many attachments
    name: str = ""  # the file's name (its position, from 1, when it has none)
    media_id: str | None = None

    def sentence(self, host: str) -> str:
        """What to tell the person waiting (``host``: the server, as they know it)."""
        if self.step == "uploading":
            return _("Uploading {name} ({i} of {n})…").format(
                name=self.name, i=self.index + 1, n=self.total
            )
        if self.step == "uploaded":
            return _("Uploaded {name}.").format(name=self.name)
        if self.step == "processing":
            return _("{host} is processing {name}…").format(host=host, name=self.name)
        return _("Publishing…")


class PublishCancelled(Exception):
    """``stop`` was set before the post was sent: nothing was published."""


class StillProcessing(ApiError):
    """The server did not finish processing an upload in time."""


def _ignore(progress: PublishProgress) -> None:
    """The default ``progress``: nobody is listening."""


def publish(
    client: MastodonClient,
    post: OutgoingPost,
    progress: Callable[[PublishProgress], None] = _ignore,
    stop: threading.Event | None = None,
    *,
    poll_interval: float = POLL_INTERVAL,
    processing_timeout: float = PROCESSING_TIMEOUT,
) -> Status | ScheduledPost:
    """Upload ``post``'s media, wait until the server has processed it, then publish (a
    ``Status``) or, with ``scheduled_at``, leave it with the server (a ``ScheduledPost``;
    a ``Status`` all the same if the server published it at once).

    Raises an ``ApiError`` when the server refuses or cannot be reached (uploads that
    succeeded were already reported as "uploaded"), ``StillProcessing`` after
    ``processing_timeout`` seconds of waiting, and ``PublishCancelled`` when ``stop`` is
    set before the post itself is sent.
    """
    stop = stop or threading.Event()
    media_ids: list[str] = []
    total = len(post.media)
    for index, media in enumerate(post.media):
        name = Path(media.path).name if media.path else str(index + 1)
        if stop.is_set():
            raise PublishCancelled
        media_id = media.media_id
        if media_id is None:
            progress(PublishProgress("uploading", index, total, name))
            attachment = client.upload_media(
                Path(media.path), description=media.description or None
            )
            media_id = attachment.id
            progress(PublishProgress("uploaded", index, total, name, media_id))
        elif media.path:
            attachment = client.update_media(media_id, media.description)
        else:
            media_ids.append(media_id)
            continue
        processing = PublishProgress("processing", index, total, name, media_id)
        _wait_until_processed(
            client, attachment, processing, progress, stop, poll_interval, processing_timeout
        )
        media_ids.append(media_id)
    if stop.is_set():
        raise PublishCancelled
    progress(PublishProgress("publishing", total=total))
    if post.edit_id:
        return client.edit(
            post.edit_id,
            post.text,
            spoiler_text=post.spoiler_text,
            sensitive=post.sensitive,
            media_ids=media_ids,
        )
    return client.post(
        post.text,
        spoiler_text=post.spoiler_text,
        visibility=post.visibility,
        language=post.language,
        sensitive=post.sensitive,
        in_reply_to_id=post.in_reply_to_id,
        media_ids=media_ids,
        poll_options=post.poll_options,
        poll_expires_in=post.poll_expires_in,
        poll_multiple=post.poll_multiple,
        poll_hide_totals=post.poll_hide_totals,
        idempotency_key=post.idempotency_key,
        quoted_status_id=post.quoted_status_id,
        quote_approval_policy=post.quote_approval_policy,
        scheduled_at=post.scheduled_at,
    )


def _wait_until_processed(
    client: MastodonClient,
    attachment: MediaAttachment,
    processing: PublishProgress,
    progress: Callable[[PublishProgress], None],
    stop: threading.Event,
    interval: float,
    timeout: float,
) -> None:
    """Ask about ``attachment`` every ``interval`` seconds until the server has processed it.

    The time waited is counted in intervals, not read from a clock, so a slow answer does
    not eat into the server's time.
    """
    media_id = processing.media_id or attachment.id
    waited = 0.0
    while not attachment.processed:
        if waited >= timeout:
            raise StillProcessing(
                _("{host} is still processing {name}; try again in a moment.").format(
                    host=client.host, name=processing.name
                )
            )
        progress(processing)
        if stop.wait(interval):
            raise PublishCancelled
        waited += interval
        attachment = client.media(media_id)
