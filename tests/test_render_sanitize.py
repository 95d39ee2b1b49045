"""clean_text, break_long_words, safe_url and shorten_url against hostile strings."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tootui.render.sanitize import (
    ELLIPSIS,
    MAX_COMBINING,
    break_long_words,
    clean_text,
    safe_url,
    shorten_url,
)

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# Anything a terminal could act on, or that could reorder or hide text.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069"
    "\ufeff\ud800-\udfff\U000e0000-\U000e007f]"
)


def combining_run(s: str) -> int:
    longest = run = 0
    for char in s:
        run = run + 1 if unicodedata.category(char) in ("Mn", "Me") else 0
        longest = max(longest, run)
    return longest


# -- clean_text: escape sequences and controls ----------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),  # CSI / SGR
        ("\x1b[2J\x1b[H", "␛[2J␛[H"),  # clear screen, cursor home
        ("\x1b]0;pwned title\x07", "␛]0;pwned title␇"),  # OSC, BEL-terminated
        ("\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "␛]8;;http://evil␛\\click␛]8;;␛\\"),
        ("\x1bP+q544e\x1b\\", "␛P+q544e␛\\"),  # DCS (XTGETTCAP)
        ("\x1b_Gf=100;AAAA\x1b\\", "␛_Gf=100;AAAA␛\\"),  # APC (kitty graphics)
        ("\x1b^pm\x1b\\", "␛^pm␛\\"),  # PM
        ("a\x00b\x08c\x7fd", "a␀b␈c␡d"),
    ],
)
def test_escape_sequences_become_visible_text(raw: str, shown: str) -> None:
    assert clean_text(raw) == shown


def test_c1_controls_become_markers() -> None:
    assert clean_text("a\x9b2Jb") == "a<U+009B>2Jb"  # 8-bit CSI
    assert clean_text("\x9d0;x\x9c") == "<U+009D>0;x<U+009C>"  # 8-bit OSC ... ST
    assert clean_text("\x85") == "<U+0085>"  # NEL is not a newline here
    assert not FORBIDDEN.search(clean_text("".join(map(chr, range(0x80, 0xA0)))))


def test_single_line_mode_flattens_newlines_and_tabs() -> None:
    assert clean_text("one\ntwo\r\nthree\rfour\tfive\u2028six\u2029seven") == (
        "one two three four five six seven"
    )


def test_multiline_mode_keeps_newlines_and_tabs() -> None:
    assert clean_text("one\ntwo\r\nthree\rfour\tfive\u2028six", multiline=True) == (
        "one\ntwo\nthree\nfour\tfive\nsix"
    )
    assert clean_text("a\x0bb\x0cc", multiline=True) == "a␋b␌c"


# -- clean_text: bidi, invisible characters, surrogates, zalgo ----------------------


def test_bidi_controls_are_removed() -> None:
    # The classic "Trojan Source" override: would display as "txt.exe" reversed.
    assert clean_text("invoice\u202eexe.txt") == "invoiceexe.txt"
    assert clean_text("".join(f"{c}x" for c in BIDI_CONTROLS)) == "x" * len(BIDI_CONTROLS)


def test_zero_width_characters_are_removed() -> None:
    assert clean_text("pay\u200bpal.\u2060com\ufeff") == "paypal.com"
    assert clean_text("می\u200cشود") == "می\u200cشود"  # ZWNJ is Persian spelling
    assert clean_text("soft\u00adhyphen") == "softhyphen"
    assert clean_text("hidden\U000e0041\U000e0042tag") == "hiddentag"


def test_zwj_kept_only_inside_emoji_sequences() -> None:
    technologist = "\U0001f469\u200d\U0001f4bb"  # woman technologist
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    rainbow_flag = "\U0001f3f3\ufe0f\u200d\U0001f308"
    for emoji in (technologist, family, rainbow_flag):
        assert clean_text(emoji) == emoji
    assert clean_text("a\u200db") == "ab"
    assert clean_text("\u200d\U0001f469") == "\U0001f469"
    assert clean_text("\U0001f469\u200d") == "\U0001f469"


def test_lone_surrogates_become_replacement_characters() -> None:
    raw = b"caf\xe9 \xff".decode("utf-8", "surrogateescape")  # "caf\udce9 \udcff"
    assert clean_text(raw) == "caf\ufffd \ufffd"
    assert clean_text("\ud83d") == "\ufffd"
    assert clean_text(raw).encode("utf-8")  # now encodable


def test_zalgo_is_capped() -> None:
    zalgo = "Z" + "\u0301\u0302\u0303\u0304\u0305" * 40 + "A" + "\u0e49" * 30
    cleaned = clean_text(zalgo)
    assert combining_run(cleaned) == MAX_COMBINING
    assert cleaned.startswith("Z\u0301\u0302\u0303\u0304A")
    # Ordinary accents are untouched, composed or not.
    assert clean_text("cafe\u0301 Tiê\u0301ng Việt") == "cafe\u0301 Tiê\u0301ng Việt"


def test_ordinary_text_passes_unchanged() -> None:
    for text in ("hello, world", "日本語のテキスト", "שלום", "مرحبا", "emoji 🎉👍🏽", "[bold]x[/]"):
        assert clean_text(text) == text


def test_truncation_adds_an_ellipsis() -> None:
    assert clean_text("x" * 50, max_len=10) == "x" * 9 + ELLIPSIS
    assert clean_text("x" * 10, max_len=10) == "x" * 10
    # Markers that lengthen the text still respect the cap.
    assert len(clean_text("\x85" * 100, max_len=20)) == 20
    assert len(clean_text("y" * 1_000_000)) == 20000


@given(st.text(), st.booleans())
def test_clean_text_never_lets_anything_dangerous_through(raw: str, multiline: bool) -> None:
    cleaned = clean_text(raw, multiline=multiline)
    assert not FORBIDDEN.search(cleaned)
    assert "\r" not in cleaned
    if not multiline:
        assert "\n" not in cleaned and "\t" not in cleaned
    assert combining_run(cleaned) <= MAX_COMBINING
    assert len(cleaned) <= 20000
    cleaned.encode("utf-8")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_clean_text_is_idempotent(raw: str) -> None:
    once = clean_text(raw, multiline=True)
    assert clean_text(once, multiline=True) == once


# -- break_long_words ---------------------------------------------------------------


def test_break_long_words_splits_huge_words_with_spaces() -> None:
    broken = break_long_words("a" * 100_000, 80)
    words = broken.split(" ")
    assert len(words) == 1250
    assert {len(w) for w in words} == {80}
    assert broken.replace(" ", "") == "a" * 100_000


def test_break_long_words_leaves_normal_text_and_cjk_alone() -> None:
    text = "short words stay as they are " + "x" * 80
    assert break_long_words(text, 80) == text
    japanese = "絵から推測する描き手の血液型" * 20
    assert break_long_words(japanese, 80) == japanese
    assert break_long_words("ab cdefg", 3) == "ab cde fg"
    with pytest.raises(ValueError):
        break_long_words("x", 0)


# -- safe_url -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/path?q=1#frag",
        "https://mastodon.social/@halcy",
        "HTTPS://Example.COM/",
        "http://localhost:3000/@mastodonpy_test",
        "https://[::1]:8080/x",
    ],
)
def test_safe_url_accepts_http_and_https(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "ftp://example.com/",
        "mailto:a@b.c",
        "//example.com/path",
        "/relative/path",
        "https://",
        "https:///path",
        "http://exa mple.com/",
        "https://example.com/\x1b]8;;x",
        "https://example.com/\x07",
        "https://example.com/\x9b",
        "https://example.com/\u202eexe.txt",
        "https://pay\u200bpal.com/",
        "https://example.com:99999/",
        "https://example.com:port/",
        "https://example.com/\ud800",
        "https://example.com/\nx",
    ],
)
def test_safe_url_rejects_everything_else(url: str | None) -> None:
    assert safe_url(url) is None


def test_safe_url_makes_non_ascii_urls_ascii() -> None:
    assert safe_url("https://例え.jp/パス?q=1") == "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=1"
    assert safe_url("https://example.com/%E7%B5%B5") == "https://example.com/%E7%B5%B5"


@given(st.text(max_size=300))
def test_safe_url_output_is_printable_ascii_http(raw: str) -> None:
    url = safe_url(raw)
    if url is not None:
        assert re.fullmatch(r"(?i)https?://[\x21-\x7e]+", url)
        assert urlsplit(url).hostname


# -- shorten_url --------------------------------------------------------------------


def test_shorten_url_drops_scheme_and_www_and_truncates() -> None:
    assert shorten_url("https://www.example.com/very/long/path/that/goes/on/and/on") == (
        "example.com/very/long/path/that/goes/on…"
    )
    assert len(shorten_url("https://example.com/" + "x" * 100)) == 40
    assert shorten_url("https://example.com/") == "example.com"
    assert shorten_url("http://localhost:3000/@me") == "localhost:3000/@me"
    assert shorten_url("https://example.com/a?b=c#d", max_len=100) == "example.com/a?b=c#d"


def test_shorten_url_shows_the_real_host() -> None:
    assert shorten_url("https://paypal.com@evil.example/login") == "evil.example/login"


def test_shorten_url_output_is_clean() -> None:
    assert shorten_url("https://example.com/\x1b[2J\u202e") == "example.com/␛[2J"
