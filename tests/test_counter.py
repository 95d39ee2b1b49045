"""The character counter follows Mastodon's StatusLengthValidator (see docs/composing.md)."""

from __future__ import annotations

import pytest

from tootui.counter import countable_text, grapheme_length, post_length, remaining


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", 5),
        ("", 0),
        # every URL counts 23, long or short
        ("https://example.com/a/very/long/path/that/goes/on?and=on&on=1", 23),
        ("https://a.co", 23),
        ("see http://example.org/x and https://example.net", 4 + 23 + 5 + 23),
        # trailing punctuation is not part of the URL
        ("https://example.com/page.", 24),
        ("(https://en.wikipedia.org/wiki/Foo_(bar))", 25),
        # not links: no scheme, no dotted host, glued to a word
        ("example.com", 11),
        ("http://localhost", 16),
        ("xhttps://example.com", 20),
        # a remote mention counts as @user; a local one as typed
        ("@bob@mastodon.social hi", len("@bob hi")),
        ("@bob hi", 7),
        ("cc @Some_One@sub.example.co.uk", len("cc @Some_One")),
        # an e-mail address is not a mention
        ("me@host.org", 11),
    ],
)
def test_urls_and_mentions(text: str, expected: int) -> None:
    assert post_length(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("👍", 1),
        ("👍🏽", 1),  # skin tone modifier
        ("👨‍👩‍👧‍👦", 1),  # ZWJ family
        ("🇫🇷🇩🇪", 2),  # two flags
        ("e\u0301", 1),  # e + combining acute
        ("❤️", 1),  # with variation selector
        ("مرحبا بالعالم", 13),  # Arabic: letters are code points
        ("سلامٌ", 4),  # Arabic: 5 code points, the tanween mark joins its letter
        ("日本語のテキスト", 8),  # CJK: one each, though two cells wide on screen
        ("한국어", 3),  # precomposed Hangul syllables
        ("\u1100\u1161\u11a8", 1),  # a Hangul syllable from conjoining jamo
    ],
)
def test_counted_in_grapheme_clusters(text: str, expected: int) -> None:
    assert grapheme_length(text) == expected
    assert post_length(text) == expected


def test_content_warning_counts_as_typed_and_urls_in_it_are_not_shortened() -> None:
    url = "https://example.com/" + "x" * 40
    assert post_length("body", "CW") == 6
    assert post_length("body", url) == len(url) + 4
    assert post_length(url, "CW") == 2 + 23


def test_blank_text_counts_only_the_warning() -> None:
    assert post_length("   ", "warn") == 4


def test_custom_url_length_and_limit() -> None:
    assert post_length("https://example.com", url_length=30) == 30
    assert remaining("a" * 498, "cw", limit=500) == 0
    assert remaining("a" * 499, "cw", limit=500) == -1
    assert remaining("hi", limit=5000) == 4998


def test_countable_text_replaces_what_it_should() -> None:
    assert countable_text("@a@b.social https://x.org") == "@a " + "x" * 23
