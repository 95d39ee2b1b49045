"""A server that has none of the newer features (conversations, trends, translation, filters
v2, scheduled posts, quote posts, followed hashtags, lists): each place says so in one
sentence, nothing shows a traceback, and the app goes on working.

Such servers exist (GoToSocial, Pleroma, snac, older Mastodon): here mastodon-mock plays one
by refusing those paths with 404, as they do, and by sending posts without quote policies.
"""

from __future__ import annotations

from typing import Any

import requests
from mastodon_mock.testing.server import MockServer

from tests.apphelpers import main_screen, said, settle, view_text, wait_until
from tootui.api import MastodonClient
from tootui.app import TootUI
from tootui.screens.compose import ComposeScreen
from tootui.screens.main import MainScreen
from tootui.startup import session_for

SMALL = (80, 24)

MISSING = [
    r"^/api/v1/conversations",
    r"^/api/v1/trends",
    r"^/api/v1/statuses/[^/]+/translate",
    r"^/api/v2/filters",
    r"^/api/v1/scheduled_statuses",
    r"^/api/v1/followed_tags",
    r"^/api/v1/lists",
]


def old_server(server: MockServer, post_id: str) -> None:
    """``server`` lacks every newer feature, and its home timeline is ``post_id`` as an
    older server sends it (no quote policy)."""
    for pattern in MISSING:
        server.fault(path_regex=pattern, status=404, body={"error": "Record not found"})
    answer = requests.get(
        f"{server.base_url}/api/v1/statuses/{post_id}",
        headers={"Authorization": "Bearer alice_token"},
        timeout=10,
    )
    answer.raise_for_status()
    post: dict[str, Any] = answer.json()
    for field in ("quote_approval", "quote_approval_policy", "quote"):
        post.pop(field, None)
    server.fault(status=200, body=[post], path="/api/v1/timelines/home", methods=["GET"])


async def back_to_main(app: TootUI, pilot: Any) -> None:
    while not isinstance(app.screen, MainScreen):
        await pilot.press("escape")
        await settle(pilot)


async def test_every_newer_feature_missing_says_so_and_nothing_breaks(
    server: MockServer, bob: MastodonClient
) -> None:
    post = bob.post("Bonjour depuis un vieux serveur", language="fr")
    old_server(server, post.id)
    app = TootUI([session_for("alice@mock.local", server.base_url, "alice_token")])
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert await wait_until(pilot, lambda: "vieux serveur" in view_text(main.view("home")))
        host = main.session.client.host
        sentences: dict[str, str] = {}

        # each place after g says, on its status line, that the server lacks it
        for key, name, expected in [
            ("d", "conversations", "does not offer this"),
            ("e", "explore", "does not share trending"),
            ("m", "filters", "does not offer this"),
            ("s", "scheduled posts", "does not offer this"),
            ("T", "followed hashtags", "does not offer this"),
            ("L", "lists", "does not offer this"),
        ]:
            await pilot.press("g", key)
            assert await wait_until(pilot, lambda e=expected: e in said(app)), (name, said(app))
            sentences[name] = said(app)
            await back_to_main(app, pilot)
            if main.active != "home":  # a tab (conversations): close it
                await pilot.press("w")
                await settle(pilot)

        # translation: a sentence, no request the server cannot answer
        await pilot.press("i")
        assert await wait_until(pilot, lambda: "translate" in said(app))
        sentences["translation"] = said(app)

        # quote posts: the key is not offered, and pressing it opens nothing
        assert main.check_action("quote", ()) is False
        await pilot.press("Q")
        await settle(pilot)
        assert not isinstance(app.screen, ComposeScreen)

        for name, sentence in sentences.items():
            assert host in sentence, (name, sentence)
            assert "Traceback" not in sentence and "Error" not in sentence, (name, sentence)
            # one sentence, not a report
            assert sentence.replace(host, "").count(".") <= 1, (name, sentence)

        # and the app still works: a post still favourites
        await pilot.press("f")
        await settle(pilot)
        assert await wait_until(
            pilot, lambda: "Favourited" in said(app) or "favourited" in said(app)
        )
        assert app.is_running
