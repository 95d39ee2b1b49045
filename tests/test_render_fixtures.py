"""Rendering checked against real Mastodon 4.7 statuses (tests/fixtures/mastodon-4.7)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from rich.console import Console
from rich.style import Style

from tests.conftest import load_fixture
from tootui.render import Link, plain_to_text, render_html

ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^;\x1b]*;[^\x1b]*\x1b\\")

# Loaded at import: a missing fixture file is a collection error, never an empty parameter
# list that quietly runs nothing.
STATUSES = load_fixture("statuses")
BY_ID = {status["id"]: status for status in STATUSES}


def _render(status: dict[str, Any]) -> Any:
    return render_html(
        status["content"],
        mentions={m["url"]: m["acct"] for m in status.get("mentions", [])},
        emojis=[e["shortcode"] for e in status.get("emojis", [])],
    )


def _targets(status: dict[str, Any]) -> list[dict[str, Any]]:
    """The status and, for a reblog, the reblogged status."""
    return [status, status["reblog"]] if status.get("reblog") else [status]


def test_fixture_file_is_complete() -> None:
    assert len(STATUSES) == 328


@pytest.mark.parametrize("status", STATUSES, ids=lambda s: str(s["id"]))
def test_every_status_renders_safely(status: dict[str, Any]) -> None:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=80)
    for target in _targets(status):
        rendered = _render(target)
        # Nothing of the markup survives, and the words do.
        assert "<" not in rendered.text.plain or "&lt;" in target["content"]
        assert "class=" not in rendered.text.plain
        for link in rendered.links:
            assert link.url is None or link.url.startswith(("http://", "https://"))
        for mention in target.get("mentions", []):
            assert any(
                link.kind == "mention" and link.url == mention["url"] for link in rendered.links
            )
        for tag in target.get("tags", []):
            assert any(
                link.kind == "hashtag" and link.name.lower() == tag["name"].lower()
                for link in rendered.links
            )
        console.print(rendered.text)
        console.print(plain_to_text(target.get("spoiler_text")))
        console.print(plain_to_text(target["account"]["display_name"]))
    output = console.file.getvalue()
    assert isinstance(output, str)
    assert "\x1b" not in ESCAPES.sub("", output)


def _by_id(status_id: str) -> dict[str, Any]:
    assert status_id in BY_ID, f"status {status_id} is not in the fixtures"
    return BY_ID[status_id]


def test_mention_hashtag_and_custom_emoji() -> None:
    status = _by_id("110446223051565765")
    rendered = _render(status)
    assert rendered.text.plain == (
        "@halcy you're a doo-doo head\n\n"
        "edit: editing this to have the maximum amount of fields filled :trans_heart: "
        "#ThisIsAHashtag"
    )
    assert rendered.links == (
        Link(
            "mention", "@halcy", "https://icosahedron.website/@halcy", "halcy@icosahedron.website"
        ),
        Link(
            "hashtag",
            "#ThisIsAHashtag",
            "https://icosahedron.website/tags/ThisIsAHashtag",
            "ThisIsAHashtag",
        ),
    )
    assert status["spoiler_text"] == "test post for mastodon.py stuff"
    # The display name carries a zero-width space, which must not reach the screen.
    assert plain_to_text(status["account"]["display_name"]).plain == "halcy :icosahedron:"


def test_shortened_link_between_hashtags() -> None:
    rendered = _render(_by_id("117444344949693548"))
    assert rendered.text.plain.startswith(
        "Hey if you use #mastodonpy I have a question for you: How do you feel about taking an "
        "added dependency on pypi.org/project/websocket-cli… to support websocket streaming?\n\n"
        'I am currently leaning "optional dependency" but maybe I\'m a bit too paranoid'
    )
    assert rendered.text.plain.endswith("\n\n#python #mastodev")
    assert [link.kind for link in rendered.links] == ["hashtag", "url", "hashtag", "hashtag"]
    url_link = rendered.links[1]
    assert url_link.url == "https://pypi.org/project/websocket-client/"
    start = rendered.text.plain.index("pypi.org")
    links = {
        span.style.link
        for span in rendered.text.spans
        if isinstance(span.style, Style) and span.start <= start < span.end
    }
    assert links == {"https://pypi.org/project/websocket-client/"}


def test_mention_and_entity_in_link() -> None:
    rendered = _render(_by_id("117443598847532705"))
    assert rendered.text.plain == "@discatte ( youtube.com/watch?v=iGpU3DicbL… )"
    assert rendered.links[1].url == "https://www.youtube.com/watch?v=iGpU3DicbLQ&t=455s"


def test_line_breaks_in_a_real_post() -> None:
    text = _render(_by_id("116755324147781661")).text.plain
    assert text.startswith(
        "No longer relevant, have something, further specific topical hints welcome though:\n\n"
        "I still need to find a new job.\nI am a software dev,"
    )
    assert text.endswith("\n\n#GetFediHired #FediHire")


def test_non_latin_hashtag() -> None:
    rendered = _render(_by_id("117439580882728150"))
    assert rendered.text.plain == "#絵から推測する描き手の血液型"
    assert rendered.links[0].name == "絵から推測する描き手の血液型"


def test_quote_fallback_is_hidden_on_request() -> None:
    status = _by_id("117440826604022165")
    assert _render(status).text.plain == (
        "RE: localhost:3000/@mastodonpy_tes…\n\n@mastodonpy_test yoooo check this out"
    )
    hidden = render_html(status["content"], hide_quote_inline=True)
    assert hidden.text.plain == "@mastodonpy_test yoooo check this out"
