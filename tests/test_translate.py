"""Translating a post with ``i``: the server's translation under the original, and back.

mastodon-mock's translation endpoint "translates" into Pig Latin (its instance advertises
the service when its config says so); where a test needs what a real translation service
sends (another language, another script), the answer is a real Mastodon ``Translation``
served at the same path. Every test asserts what reached the server and what the screen
shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer, _default_config
from mastodon_mock.text import pig_latin_text

from tests.apphelpers import main_screen, said, settle, view_text, visible_text
from tests.conftest import quit_now
from tests.test_bidi import reference
from tootui.app import TootUI
from tootui.config import Config
from tootui.i18n import set_language
from tootui.startup import session_for

SIZE = (100, 30)
TRANSLATE = re.compile(r"/api/v1/statuses/(\w+)/translate$")
CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def translating() -> Iterator[MockServer]:
    """A mastodon-mock server whose instance advertises translation."""
    config = _default_config().model_copy(update={"translation_enabled": True})
    with MockServer(config=config) as srv:
        yield srv
        quit_now(srv)


@pytest.fixture(autouse=True)
def english_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No system locale leaks in (the target language falls back to it); an app built
    with ``language = "ar"`` sets the language for the whole process."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    set_language("en")


def make_app(server: MockServer, **config: Any) -> TootUI:
    return TootUI(
        [session_for("alice@mock.local", server.base_url, "alice_token")],
        config=Config(streaming=False, **config),
    )


def record_requests(app: TootUI) -> list[tuple[str, str, str, int]]:
    """Every request alice's client sends from now on: method, path, body, status."""
    sent: list[tuple[str, str, str, int]] = []
    client = main_screen(app).session.client

    def seen(response: Any, *args: Any, **kwargs: Any) -> None:
        request = response.request
        body = request.body.decode() if isinstance(request.body, bytes) else request.body or ""
        path = request.path_url.split("?")[0]
        sent.append((request.method, path, body, response.status_code))

    client._session.hooks["response"].append(seen)
    return sent


def translations(sent: list[tuple[str, str, str, int]]) -> list[tuple[str, str, int]]:
    """The translation requests: the post's id, the form body, the server's status."""
    return [
        (match.group(1), body, status)
        for method, path, body, status in sent
        if method == "POST" and (match := TRANSLATE.search(path))
    ]


async def open_home_on(app: TootUI, pilot: Any, status_id: str) -> None:
    await settle(pilot)
    view = main_screen(app).current_view
    index = view.index_of(status_id)
    assert index is not None
    view.selected = index
    await pilot.pause()


async def press_i_on(app: TootUI, pilot: Any, status_id: str) -> list[tuple[str, str, str, int]]:
    """Select the post ``status_id`` on Home, press ``i``; the requests sent from then on."""
    await open_home_on(app, pilot, status_id)
    sent = record_requests(app)
    await pilot.press("i")
    await settle(pilot)
    return sent


async def test_i_shows_the_translation_under_the_post_and_i_again_the_original(
    translating: MockServer,
) -> None:
    bob = translating.client("bob")
    post = bob.status_post("Guten Morgen everyone, the coffee is ready", language="de")
    app = make_app(translating)
    async with app.run_test(size=SIZE) as pilot:
        sent = await press_i_on(app, pilot, post["id"])
        main = main_screen(app)
        # reached the server: one translation of that post into the interface language
        assert translations(sent) == [(str(post["id"]), "lang=en", 200)]
        translated = pig_latin_text("Guten Morgen everyone, the coffee is ready")
        text = view_text(main.current_view)
        assert "Guten Morgen everyone, the coffee is ready" in text  # the original stays
        assert "⇄ Translated from English by mastodon_mock" in text
        assert translated in text
        assert text.index("the coffee is ready") < text.index(translated)  # under it
        assert "Press i again" in said(app)

        # a redraw (times shown otherwise: every entry rendered again) keeps it
        await pilot.press("T")
        await settle(pilot)
        assert translated in view_text(main.current_view)

        await pilot.press("i")
        await settle(pilot)
        text = view_text(main.current_view)
        assert translated not in text and "Translated from" not in text
        assert "Guten Morgen everyone" in text
        assert said(app) == "Showing the original."

        await pilot.press("i")  # shown again from what the server said: not asked again
        await settle(pilot)
        assert translated in view_text(main.current_view)
        assert len(translations(sent)) == 1


async def test_a_server_without_translation_says_so_and_is_not_asked(server: MockServer) -> None:
    """mastodon-mock's own default: its instance does not advertise translation."""
    post = server.client("bob").status_post("Bonjour tout le monde", language="fr")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        sent = await press_i_on(app, pilot, post["id"])
        assert main_screen(app).session.instance is not None  # it had arrived: not asked
        host = main_screen(app).session.client.host
        assert said(app) == f"{host} does not translate posts."
        assert translations(sent) == []
        assert "Translated" not in view_text(main_screen(app).current_view)
        assert app.is_running


async def test_a_server_that_answers_404_or_503_says_so(translating: MockServer) -> None:
    """Advertised but missing (404), or the service down (503, with the server's reason)."""
    bob = translating.client("bob")
    first = bob.status_post("Buenos días a todos", language="es")
    second = bob.status_post("Buona sera a tutti", language="it")
    app = make_app(translating)
    async with app.run_test(size=SIZE) as pilot:
        await open_home_on(app, pilot, second["id"])
        sent = record_requests(app)
        host = main_screen(app).session.client.host
        with translating.fault(
            path_regex="/translate$", status=503, body={"error": "Translation quota exceeded"}
        ):
            await pilot.press("i")
            await settle(pilot)
        assert said(app) == f"{host} cannot translate this post now: Translation quota exceeded"
        assert translations(sent) == [(str(second["id"]), "lang=en", 503)]

        with translating.fault(path_regex="/translate$", status=404):
            await pilot.press("i")  # the service is back? the server now says it has none
            await settle(pilot)
        assert said(app) == f"{host} does not translate posts."
        await open_home_on(app, pilot, first["id"])
        await pilot.press("i")  # remembered: not asked again
        await settle(pilot)
        assert said(app) == f"{host} does not translate posts."
        assert [status for _, _, status in translations(sent)] == [503, 404]
        assert "Translated" not in view_text(main_screen(app).current_view)
        assert app.is_running


async def test_a_post_in_the_interface_language_is_not_sent(translating: MockServer) -> None:
    post = translating.client("bob").status_post("Good morning, all", language="en")
    app = make_app(translating)
    async with app.run_test(size=SIZE) as pilot:
        sent = await press_i_on(app, pilot, post["id"])
        assert said(app) == "This post is already in English."
        assert translations(sent) == []


# A real Mastodon answer (POST /api/v1/statuses/:id/translate, Mastodon 4.x with DeepL).
ARABIC_TO_ENGLISH = {
    "content": '<p>Good morning, friends. Mint tea after noon <a href="https://mock.local/tags/tea" class="mention hashtag" rel="tag">#<span>tea</span></a></p>',
    "spoiler_text": "",
    "detected_source_language": "ar",
    "provider": "DeepL.com",
    "media_attachments": [],
    "poll": None,
}
ENGLISH_TO_ARABIC = {
    "content": "<p>صباح الخير يا أصدقاء، الشاي جاهز</p>",
    "spoiler_text": "",
    "detected_source_language": "en",
    "provider": "LibreTranslate",
    "media_attachments": [],
    "poll": None,
}


async def translated_at_80x24(
    server: MockServer, text: str, written_in: str, answer: dict[str, Any], **config: Any
) -> list[str]:
    """Post ``text`` as bob, press ``i`` on it as alice at 80x24 with the server answering
    ``answer``; the lines on screen. Asserts the request asked for the interface language."""
    post = server.client("bob").status_post(text, language=written_in)
    app = make_app(server, bidi="on", **config)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home_on(app, pilot, post["id"])
        sent = record_requests(app)
        with server.fault(path_regex="/translate$", status=200, body=answer):
            await pilot.press("i")
            await settle(pilot)
        wanted = config.get("language", "en")
        assert translations(sent) == [(str(post["id"]), f"lang={wanted}", 200)]
        screen = visible_text(main_screen(app).current_view)
    assert not CONTROLS.search(screen)
    lines = [line.removeprefix("▌").rstrip() for line in screen.split("\n")]
    assert max(len(line) for line in lines) <= 80
    return lines


async def test_an_arabic_post_translated_into_english_at_80x24(translating: MockServer) -> None:
    lines = await translated_at_80x24(
        translating, "صباح الخير يا أصدقاء، شاي بالنعناع بعد الظهر #tea", "ar", ARABIC_TO_ENGLISH
    )
    note = next(i for i, line in enumerate(lines) if "Translated from" in line)
    assert lines[note].strip() == f"⇄ Translated from {reference('العربية', 'rtl')} by DeepL.com"
    original = next(i for i, line in enumerate(lines) if reference("صباح الخير", "rtl") in line)
    english = next(i for i, line in enumerate(lines) if "Good morning, friends." in line)
    assert original < note < english
    # the Arabic original ends at the right edge; the English text starts at the left one
    assert lines[original].startswith("  ")
    assert lines[english].lstrip("▌ ").startswith("Good morning, friends.")


async def test_an_english_post_translated_into_arabic_at_80x24(translating: MockServer) -> None:
    lines = await translated_at_80x24(
        translating,
        "Good morning, friends, the tea is ready",
        "en",
        ENGLISH_TO_ARABIC,
        language="ar",
    )
    original = next(i for i, line in enumerate(lines) if "Good morning, friends" in line)
    note = next(i for i, line in enumerate(lines) if "LibreTranslate" in line)
    assert reference("مترجَم من", "rtl") in lines[note] and "English" in lines[note]
    arabic = next(
        i for i, line in enumerate(lines) if reference("صباح الخير يا أصدقاء", "rtl") in line
    )
    assert original < note < arabic
    # right to left: the translated line ends at the right edge, padded on the left
    assert len(lines[arabic]) >= 70 and lines[arabic].startswith("  ")


async def test_a_notifications_post_is_translated_in_place(translating: MockServer) -> None:
    """The post inside a mention notification: translated there, under its text."""
    translating.client("bob").status_post("@alice Wie geht es dir heute", language="de")
    app = make_app(translating)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("4")
        await settle(pilot)
        assert main.active == "notifications"
        sent = record_requests(app)
        await pilot.press("i")
        await settle(pilot)
        note = main.current_view.current
        assert note is not None and note.item.status is not None
        assert translations(sent) == [(note.item.status.id, "lang=en", 200)]
        text = view_text(main.current_view)
        assert "Translated from English by mastodon_mock" in text
        assert pig_latin_text("Wie geht es dir heute") in text


async def test_a_conversations_last_message_is_translated_in_its_row(
    translating: MockServer,
) -> None:
    """In the conversations tab (``g d``), ``i`` translates the last message, in its row."""
    translating.client("bob").status_post(
        "@alice Wie geht es dir heute", language="de", visibility="direct"
    )
    app = make_app(translating)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("g", "d")
        await settle(pilot)
        assert main.active == "conversations" and main.current_view.entries
        sent = record_requests(app)
        await pilot.press("i")
        await settle(pilot)
        assert len(translations(sent)) == 1
        text = view_text(main.current_view)
        assert "With " in text  # still the conversation's row
        assert "Translated from English by mastodon_mock" in text
        assert pig_latin_text("Wie geht es dir heute") in text


async def test_a_folded_post_shows_its_translated_warning_then_its_text(
    translating: MockServer,
) -> None:
    post = translating.client("bob").status_post(
        "The ending is sad", spoiler_text="Spoilers ahead", language="de"
    )
    app = make_app(translating)
    async with app.run_test(size=SIZE) as pilot:
        sent = await press_i_on(app, pilot, post["id"])
        assert translations(sent) == [(str(post["id"]), "lang=en", 200)]
        view = main_screen(app).current_view
        text = view_text(view)
        assert f"⚠ CW: {pig_latin_text('Spoilers ahead')}" in text
        assert pig_latin_text("The ending is sad") not in text  # still folded
        await pilot.press("s")
        await settle(pilot)
        text = view_text(view)
        assert "The ending is sad" in text
        assert pig_latin_text("The ending is sad") in text


def test_the_instance_says_whether_it_translates() -> None:
    """``configuration.translation.enabled`` of /api/v2/instance; absent (v1, other
    servers) or odd, it reads as no."""
    from tootui.api import Instance

    assert Instance.from_api(
        {"configuration": {"translation": {"enabled": True}}}
    ).translation_enabled
    assert not Instance.from_api(
        {"configuration": {"translation": {"enabled": False}}}
    ).translation_enabled
    assert not Instance.from_api({"configuration": {"translation": "yes"}}).translation_enabled
    assert not Instance.from_api({"uri": "old.example", "max_toot_chars": 5000}).translation_enabled


def test_a_translation_read_from_an_odd_answer() -> None:
    from tootui.api import Translation

    translation = Translation.from_api(
        {"content": None, "spoiler_text": 3, "provider": ["x"], "poll": {"options": []}}
    )
    assert translation == Translation("", "3", "", "")
