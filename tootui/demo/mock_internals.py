"""The one place the demo reaches into mastodon-mock's internals, each for a named reason.

mastodon-mock's public interface (its config models and ``create_app``, the Mastodon HTTP
API, ``mastodon_mock.testing``) seeds accounts with tokens, follows and plain posts, but
cannot write the demo world: posting over HTTP stamps everything "now" while the world
spans days, cannot close a poll or backdate an edit, and the default world's ~560
requests (pictures, posts, boosts, favourites, votes) would make ``tootui --demo`` start
seconds later. So the world goes straight into the mock's database, in one transaction,
through the mock's own models and helpers, and the rows look exactly like the ones it
writes; its pictures are stored as its media upload stores a file (``_store_pictures``).

``PRIVATE_NAMES`` lists every name used here that the mock does not document, and why;
tests/test_demo.py fails by name when an upgrade of mastodon-mock moves one. Written
against mastodon-mock 0.6.1.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from mastodon_mock.app import dispose_app_resources
from mastodon_mock.content_format import render_status_html
from mastodon_mock.db.models import (
    Account,
    Bookmark,
    Favourite,
    MediaAttachment,
    Notification,
    Poll,
    PollOption,
    PollVote,
    Relationship,
    Status,
)
from mastodon_mock.ids import next_id
from mastodon_mock.routers import helpers
from mastodon_mock.services import attach_mentions_and_tags

from tootui.demo.images import Picture
from tootui.demo.world import WorldPlan

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy.orm import Session

PRIVATE_NAMES: tuple[tuple[str, str, str], ...] = (
    (
        "mastodon_mock.app",
        "dispose_app_resources",
        "closes the app's database (and deletes its temporary file) when the demo stops "
        "the server at once, which skips the app's own shutdown",
    ),
    (
        "mastodon_mock.db.models",
        "Account Bookmark Favourite MediaAttachment Notification Poll PollOption PollVote "
        "Relationship Status",
        "the rows of the world, with the times, closed polls and edits HTTP cannot write",
    ),
    (
        "mastodon_mock.ids",
        "next_id",
        "ids known before the rows are written, sorting like times; and new ids after a "
        "restored snapshot's",
    ),
    (
        "mastodon_mock.content_format",
        "render_status_html",
        "a post's HTML exactly as the mock makes it for a post sent over HTTP",
    ),
    (
        "mastodon_mock.services",
        "attach_mentions_and_tags",
        "mentions and hashtags recorded as the mock's own seeding records them",
    ),
    (
        "mastodon_mock.routers.helpers",
        "link_header",
        "replaced by encode_link_headers: paging Link headers for paths in any script",
    ),
)
"""(module, names, why) for every undocumented mastodon-mock name this module uses.

Besides these, ``seed_world`` opens its session with ``app.state.session_factory``, which
``create_app`` sets, and stores pictures where the media upload (``routers/media.py``)
stores them: ``attachments/NAME`` under ``app.state.media_path``, served at
``/media/attachments/NAME`` (tests/test_demo.py fetches one).
"""


def release(app: FastAPI) -> None:
    """Close what a stopped app holds: its database connections and temporary database file."""
    dispose_app_resources(app)


def encode_link_headers() -> None:
    """Make mastodon-mock send ``Link`` headers a client can read for any path.

    mastodon-mock 0.6 builds its paging ``Link`` header from the decoded request path,
    so a page of ``/api/v1/timelines/tag/شاي`` fails on the server (headers are Latin-1)
    and a hashtag in Arabic or Japanese cannot be read in the demo. Real servers send the
    path percent-encoded; this does the same. Idempotent; the tests' servers use it too.
    """
    original = getattr(helpers, "link_header")  # noqa: B009 - not in its __all__
    if getattr(original, "encodes_path", False):
        return

    def link_header(base_url: str, *args: Any, **kwargs: Any) -> Any:
        return original(quote(base_url, safe=":/%@"), *args, **kwargs)

    link_header.encodes_path = True  # type: ignore[attr-defined]
    setattr(helpers, "link_header", link_header)  # noqa: B010


def skip_ids_through(largest: int) -> None:
    """Make the mock's next ids larger than ``largest`` (the rows of a restored snapshot).

    The mock counts ids up from the time its process started, so a snapshot seeded by a
    process that started moments ago may hold ids this one would hand out again.
    """
    while next_id() <= largest:
        pass


def seed_world(
    app: FastAPI,
    plan: WorldPlan,
    pictures: dict[str, list[Picture]],
    *,
    now: datetime | None = None,
) -> dict[str, int]:
    """Write ``plan`` into the app's database in one transaction; return ref -> status id.

    ``pictures`` are the showcase posts' images (``images.showcase_pictures``), by post ref.
    """
    world = plan.world
    now = now or datetime.now(UTC)
    rng = random.Random(plan.seed)  # nosec B311 - timestamps only
    session_factory: Callable[[], Session] = app.state.session_factory
    # No autoflush: the rows go in together at the end, in the order they were made.
    with session_factory() as session, session.no_autoflush:
        accounts = {a.username: a for a in session.query(Account).all()}
        you = accounts[world.you].id
        for person in world.people:
            account = accounts[person.username]
            account.fields = [
                {"name": n, "value": v, "verified_at": None} for n, v in person.fields
            ]
            account.default_language = person.language
            account.created_at = now - timedelta(days=400 + 37 * len(account.username))

        rows: list[Any] = []
        notes: list[Notification] = []

        def notify(
            recipient: int, actor: int, kind: str, when: datetime, status: int | None = None
        ) -> None:
            if recipient != actor:
                notes.append(
                    Notification(
                        account_id=recipient,
                        from_account_id=actor,
                        type=kind,
                        status_id=status,
                        created_at=when,
                    )
                )

        edges: dict[tuple[int, int], Relationship] = {}

        def edge(source: int, target: int) -> Relationship:
            if (source, target) not in edges:
                edges[source, target] = Relationship(
                    source_account_id=source, target_account_id=target
                )
            return edges[source, target]

        for follower, followed in world.follows:
            edge(accounts[follower].id, accounts[followed].id).following = True
            edge(accounts[followed].id, accounts[follower].id).followed_by = True
        for follower, followed in world.follow_requests:
            edge(accounts[follower].id, accounts[followed].id).requested = True
            edge(accounts[followed].id, accounts[follower].id).requested_by = True
        rows.extend(edges.values())
        start = now - timedelta(hours=2)
        for name in world.follow_notified:
            notify(you, accounts[name].id, "follow", start - timedelta(minutes=len(name)))
        for follower, followed in world.follow_requests:
            if followed == world.you:
                notify(you, accounts[follower].id, "follow_request", start)

        # Timestamps run from the oldest post forwards, 2-45 minutes apart.
        gaps = [rng.randint(2, 45) for _ in plan.posts]
        when = now - timedelta(minutes=sum(gaps) + 1)
        ids: dict[str, int] = {}
        statuses: dict[str, Status] = {}
        for post, gap in zip(plan.posts, gaps, strict=True):
            when += timedelta(minutes=gap)
            author = accounts[post.author]
            status = Status(
                id=next_id(),
                account_id=author.id,
                text=post.text,
                content=render_status_html(post.text) if post.text else "",
                created_at=when,
                visibility=post.visibility,
                spoiler_text=post.spoiler_text,
                sensitive=post.sensitive or bool(post.spoiler_text),
                language=post.language,
                edit_history=[],
            )
            ids[post.ref] = status.id
            statuses[post.ref] = status
            rows.append(status)
            if post.boost_of is not None:
                original = statuses[post.boost_of]
                status.reblog_of_id = original.id
                status.visibility = "public"
                notify(original.account_id, author.id, "reblog", when, original.id)
                continue
            if post.reply_to is not None:
                parent = statuses[post.reply_to]
                status.in_reply_to_id = parent.id
                status.in_reply_to_account_id = parent.account_id
            if post.previous_text is not None:
                status.edit_history = [
                    {
                        "content": render_status_html(post.previous_text),
                        "spoiler_text": post.spoiler_text,
                        "sensitive": status.sensitive,
                        "created_at": when.isoformat(),
                    }
                ]
                status.edited_at = when + timedelta(minutes=4)
                if any(p.boost_of == post.ref and p.author == world.you for p in plan.posts):
                    notify(you, author.id, "update", status.edited_at, status.id)
            mentioned = attach_mentions_and_tags(session, status.id, author.id, post.text)
            for account in sorted(mentioned, key=lambda a: a.username):
                notify(account.id, author.id, "mention", when, status.id)
            for fan in post.favourited_by:
                liked = when + timedelta(minutes=1 + len(fan))
                rows.append(
                    Favourite(account_id=accounts[fan].id, status_id=status.id, created_at=liked)
                )
                notify(author.id, accounts[fan].id, "favourite", liked, status.id)
            if post.bookmarked:
                rows.append(Bookmark(account_id=you, status_id=status.id, created_at=when))
            if post.poll is not None:
                expires = when + (timedelta(hours=1) if post.poll.expired else timedelta(days=3))
                poll = Poll(
                    id=next_id(),
                    status_id=status.id,
                    expires_at=expires,
                    multiple=post.poll.multiple,
                    expired=post.poll.expired,
                )
                rows.append(poll)
                status.poll_id = poll.id
                for position, title in enumerate(post.poll.options):
                    rows.append(PollOption(poll_id=poll.id, position=position, title=title))
                for voter, choices in post.poll.votes.items():
                    for choice in choices:
                        rows.append(
                            PollVote(
                                poll_id=poll.id,
                                account_id=accounts[voter].id,
                                option_position=choice,
                            )
                        )
                if post.poll.expired and (world.you in post.poll.votes or author.id == you):
                    # Mastodon tells voters (and the author) when a poll ends.
                    notes.append(
                        Notification(
                            account_id=you,
                            from_account_id=author.id,
                            type="poll",
                            status_id=status.id,
                            created_at=expires,
                        )
                    )
        session.add_all(rows)
        session.flush()
        stored = _store_pictures(app, session, plan, pictures, accounts)
        _attach_media(session, plan, ids, stored, accounts)
        # Notifications get their ids in time order, so their ids sort like their times.
        notes.sort(key=lambda n: n.created_at)
        for note in notes:
            note.id = next_id()
        session.add_all(notes)
        session.commit()
    return ids


def _store_pictures(
    app: FastAPI,
    session: Session,
    plan: WorldPlan,
    pictures: dict[str, list[Picture]],
    accounts: dict[str, Account],
) -> dict[str, list[MediaAttachment]]:
    """Store each picture as the mock's media upload does (its file, then its row)."""
    config = app.state.config
    folder = Path(app.state.media_path) / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    authors = {post.ref: post.author for post in plan.posts}
    stored: dict[str, list[MediaAttachment]] = {}
    for ref, files in pictures.items():
        for picture in files:
            name = f"{uuid.uuid4().hex}.png"
            (folder / name).write_bytes(picture.png)
            url = f"{config.url_scheme}://{config.domain}/media/attachments/{name}"
            media = MediaAttachment(
                account_id=accounts[authors[ref]].id,
                type="image",
                url=url,
                preview_url=url,
                description=picture.description,
                blurhash="U00000fQfQfQfQfQfQfQfQfQfQfQ",  # what the mock gives every upload
                meta={
                    "original": {"width": 64, "height": 48, "size": "64x48", "aspect": 64 / 48},
                    "small": {"width": 64, "height": 48, "size": "64x48", "aspect": 64 / 48},
                },
                filename=name,
            )
            session.add(media)
            stored.setdefault(ref, []).append(media)
    return stored


def _attach_media(
    session: Session,
    plan: WorldPlan,
    ids: dict[str, int],
    by_ref: dict[str, list[MediaAttachment]],
    accounts: dict[str, Account],
) -> None:
    """Attach stored files to their posts; generated posts get copies of those files."""
    uploaded = [media for files in by_ref.values() for media in files]
    for position, post in enumerate(plan.posts):
        if not post.media:
            continue
        if post.ref in by_ref:
            for media in by_ref[post.ref]:
                media.status_id = ids[post.ref]
            continue
        if not uploaded:
            continue
        source = uploaded[position % len(uploaded)]
        for alt in post.media:
            session.add(
                MediaAttachment(
                    account_id=accounts[post.author].id,
                    status_id=ids[post.ref],
                    type="image",
                    url=source.url,
                    preview_url=source.preview_url,
                    description=alt,
                    blurhash=source.blurhash,
                    meta=source.meta,
                    filename=source.filename,
                )
            )
