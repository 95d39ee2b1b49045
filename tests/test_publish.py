"""``tootui.api.publish``: upload, wait for processing, post — against the mock server.

No app: the workflow is called as the composer's worker calls it, and what reached the
server is read back through the API. An upload the server is still processing is played by
the mock's fault rules: the upload (and the first questions about it) answer without a URL,
as Mastodon does while it processes a file, for a file that is really on the server.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from mastodon_mock.testing.server import FaultHandle, MockServer

from tests.test_compose import my_statuses
from tootui.api import ApiError, MastodonClient
from tootui.api.publish import (
    OutgoingMedia,
    OutgoingPost,
    PublishCancelled,
    PublishProgress,
    StillProcessing,
    publish,
)

FAST = 0.01  # seconds between questions about a processing upload, so tests do not wait
UPLOAD = r"^/api/v[12]/media$"


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    from tootui.demo import tiny_png

    path = tmp_path / "cat.png"
    path.write_bytes(tiny_png(8, 8, (200, 100, 50), (0, 0, 0)))
    return path


def processing(
    server: MockServer, alice: MastodonClient, picture: Path, *, polls: int | None
) -> tuple[str, FaultHandle]:
    """A real upload on the server, which the next upload and the next ``polls`` questions
    about it (every one, when None) say is still being processed: its id, and the rule
    that answers those questions (deleted, the server has finished)."""
    real = alice.upload_media(picture, description="A cat, processing")
    busy = {"id": real.id, "type": "image", "url": None, "preview_url": None}
    server.fault(path_regex=UPLOAD, methods=["POST"], status=202, body=busy, count=1)
    questions = server.fault(
        path=f"/api/v1/media/{real.id}", methods=["GET"], status=206, body=busy, count=polls
    )
    return real.id, questions


def steps(events: list[PublishProgress]) -> list[str]:
    return [e.step for e in events]


def test_a_plain_post_is_published_once_per_key(server: MockServer, alice: MastodonClient) -> None:
    post = OutgoingPost(text="Plain words", idempotency_key="tootui-test-plain")
    events: list[PublishProgress] = []
    first = publish(alice, post, events.append)
    again = publish(alice, post)  # a retry after a lost answer: the same post, not a second
    assert first.id == again.id
    assert steps(events) == ["publishing"]
    assert [s.id for s in my_statuses(alice) if "Plain words" in s.content] == [first.id]


def test_media_is_uploaded_with_its_description_then_posted(
    server: MockServer, alice: MastodonClient, picture: Path
) -> None:
    events: list[PublishProgress] = []
    post = OutgoingPost(
        text="Look at this",
        visibility="unlisted",
        media=(OutgoingMedia(str(picture), "A small striped square"),),
    )
    status = publish(alice, post, events.append)
    assert steps(events) == ["uploading", "uploaded", "publishing"]
    assert events[1].media_id == status.media_attachments[0].id
    assert (events[0].name, events[0].index, events[0].total) == ("cat.png", 0, 1)
    (mine,) = [s for s in my_statuses(alice) if "Look at this" in s.content]
    assert mine.visibility == "unlisted"
    assert [m.description for m in mine.media_attachments] == ["A small striped square"]


def test_an_upload_from_before_is_not_sent_again(
    server: MockServer, alice: MastodonClient, picture: Path
) -> None:
    earlier = alice.upload_media(picture, description="old words")
    events: list[PublishProgress] = []
    post = OutgoingPost(
        text="Second try", media=(OutgoingMedia(str(picture), "new words", earlier.id),)
    )
    status = publish(alice, post, events.append)
    assert steps(events) == ["publishing"]  # no upload: its description is saved again
    assert [(m.id, m.description) for m in status.media_attachments] == [(earlier.id, "new words")]


def test_it_waits_while_the_server_processes_the_upload(
    server: MockServer, alice: MastodonClient, picture: Path
) -> None:
    media_id, _ = processing(server, alice, picture, polls=2)
    events: list[PublishProgress] = []
    post = OutgoingPost(text="Worth the wait", media=(OutgoingMedia(str(picture), "A cat"),))
    status = publish(alice, post, events.append, poll_interval=FAST)
    # still processing when uploaded and at the first two questions; ready at the third
    processed = ["processing"] * 3
    assert steps(events) == ["uploading", "uploaded", *processed, "publishing"]
    assert all(e.media_id == media_id for e in events[1:5])
    (mine,) = [s for s in my_statuses(alice) if "Worth the wait" in s.content]
    assert mine.id == status.id
    assert [m.id for m in mine.media_attachments] == [media_id]


def test_it_gives_up_on_an_upload_that_stays_processing(
    server: MockServer, alice: MastodonClient, picture: Path
) -> None:
    processing(server, alice, picture, polls=None)
    events: list[PublishProgress] = []
    post = OutgoingPost(text="Never ready", media=(OutgoingMedia(str(picture), "A cat"),))
    with pytest.raises(StillProcessing) as raised:
        publish(alice, post, events.append, poll_interval=FAST, processing_timeout=5 * FAST)
    assert "still processing cat.png" in str(raised.value)
    assert isinstance(raised.value, ApiError)  # the composer shows it like any failure
    assert "publishing" not in steps(events)
    assert not [s for s in my_statuses(alice) if "Never ready" in s.content]


def test_stopping_ends_the_wait_and_posts_nothing(
    server: MockServer, alice: MastodonClient, picture: Path
) -> None:
    processing(server, alice, picture, polls=None)
    stop = threading.Event()
    waiting = threading.Event()
    outcome: list[Exception | None] = []

    def report(progress: PublishProgress) -> None:
        if progress.step == "processing":
            waiting.set()

    def run() -> None:
        post = OutgoingPost(text="Stopped", media=(OutgoingMedia(str(picture), "A cat"),))
        try:
            publish(alice, post, report, stop, poll_interval=3600.0)  # an hour between asks
        except Exception as error:  # handed to the test's thread
            outcome.append(error)
        else:
            outcome.append(None)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    assert waiting.wait(60)
    stop.set()  # the composer went away
    worker.join(60)  # a backstop: without the stop it would wait for an hour
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], PublishCancelled)
    assert not [s for s in my_statuses(alice) if "Stopped" in s.content]


def test_stopped_before_it_starts_nothing_is_sent(
    server: MockServer, alice: MastodonClient, picture: Path
) -> None:
    stop = threading.Event()
    stop.set()
    events: list[PublishProgress] = []
    post = OutgoingPost(text="Too late", media=(OutgoingMedia(str(picture), "A cat"),))
    with pytest.raises(PublishCancelled):
        publish(alice, post, events.append, stop)
    assert events == []
    assert not [s for s in my_statuses(alice) if "Too late" in s.content]


def test_a_refused_upload_posts_nothing(
    server: MockServer, alice: MastodonClient, picture: Path
) -> None:
    refused = {"error": "File type not supported"}
    server.fault(path_regex=UPLOAD, methods=["POST"], status=422, body=refused, count=1)
    events: list[PublishProgress] = []
    post = OutgoingPost(text="Refused", media=(OutgoingMedia(str(picture), "A cat"),))
    with pytest.raises(ApiError) as raised:
        publish(alice, post, events.append)
    assert "File type not supported" in str(raised.value)
    assert steps(events) == ["uploading"]
    assert not [s for s in my_statuses(alice) if "Refused" in s.content]


def test_an_edit_and_a_poll(server: MockServer, alice: MastodonClient) -> None:
    poll = publish(
        alice,
        OutgoingPost(text="Tea or coffee?", poll_options=("Tea", "Coffee"), poll_multiple=True),
    )
    assert poll.poll is not None
    assert [o.title for o in poll.poll.options] == ["Tea", "Coffee"]
    assert poll.poll.multiple is True
    edited = publish(
        alice, OutgoingPost(text="Tea, surely?", spoiler_text="drinks", edit_id=poll.id)
    )
    assert edited.id == poll.id
    assert alice.status_source(poll.id) == ("Tea, surely?", "drinks")


def test_progress_in_words() -> None:
    uploading = PublishProgress("uploading", index=1, total=3, name="cat.png")
    assert uploading.sentence("mock.local") == "Uploading cat.png (2 of 3)…"
    waiting = PublishProgress("processing", name="cat.png", media_id="7")
    assert waiting.sentence("mock.local") == "mock.local is processing cat.png…"
    assert PublishProgress("publishing").sentence("mock.local") == "Publishing…"
