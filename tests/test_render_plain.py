"""A post as plain text (html2text), checked on real Mastodon 4.7 statuses and hostile HTML."""

from __future__ import annotations

import pytest

from tests.conftest import load_fixture
from tootui.render.plain import html_to_plain, post_as_plain

STATUSES = load_fixture("statuses")
BY_ID = {status["id"]: status for status in STATUSES}


def _plain(status_id: str) -> str:
    status = BY_ID[status_id]
    return post_as_plain(status["content"], status["spoiler_text"])


def test_mentions_and_hashtags_are_words_and_the_warning_comes_first() -> None:
    assert _plain("110446223051565765") == (
        "test post for mastodon.py stuff\n\n"
        "@halcy you're a doo-doo head\n\n"
        "edit: editing this to have the maximum amount of fields filled :trans_heart: "
        "#ThisIsAHashtag"
    )


def test_a_shortened_link_is_its_whole_address_once() -> None:
    text = _plain("117444344949693548")
    assert "dependency on https://pypi.org/project/websocket-client/ to support" in text
    assert "](" not in text and "…" not in text
    assert text.endswith("\n\n#python #mastodev")


def test_an_address_with_entities_comes_back_whole() -> None:
    assert _plain("117443598847532705") == (
        "pattern recognition\n\n@discatte ( https://www.youtube.com/watch?v=iGpU3DicbLQ&t=455s )"
    )


def test_line_breaks_and_paragraphs_survive() -> None:
    text = _plain("116755324147781661")
    assert "I still need to find a new job.\nI am a software dev," in text
    assert "  \n" not in text  # no Markdown hard-break spaces left behind


def test_non_latin_hashtag() -> None:
    assert _plain("117439580882728150") == "#絵から推測する描き手の血液型"


def test_a_link_with_words_of_its_own_keeps_its_address() -> None:
    text = html_to_plain('<p>read <a href="https://e.example/x">this page</a></p>')
    assert text == "read [this page](https://e.example/x)"


def test_arabic_and_custom_emoji() -> None:
    html = (
        '<p>صباح الخير <a href="https://s.example/tags/شاي" class="mention hashtag" '
        'rel="tag">#<span>شاي</span></a> <img alt=":blobcat:" src="https://s.example/e.png"></p>'
    )
    assert html_to_plain(html) == "صباح الخير #شاي :blobcat:"


@pytest.mark.parametrize(
    "html",
    [
        "<p>\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b]52;c;ZXZpbA==\x07</p>",
        "<p>\u202eevil\u202c [bold]markup[/bold] [link=https://x]x[/link]</p>",
        "<p>" + "<a><b><i>" * 3000 + "deep</p>",
        "<p>" + "x" * 300_000 + "</p>",
        "<script>alert(1)</script><style>p{}</style><p>&#27;[31m&#0;</p>",
        "",
        "<p",
    ],
)
def test_hostile_html_gives_safe_text(html: str) -> None:
    text = html_to_plain(html)
    assert isinstance(text, str)
    assert not any(ch in text for ch in "\x1b\x07\x00\u202e\u202c")
    assert len(text) <= 20_000


def test_every_real_status_converts_safely() -> None:
    for status in STATUSES:
        for target in [status, status.get("reblog") or status]:
            text = post_as_plain(target["content"], target["spoiler_text"])
            assert "\x1b" not in text
            assert "<p>" not in text and "</a>" not in text, target["id"]
