"""html_to_text / render_html: Mastodon HTML becomes safe styled text, hostile HTML stays harmless."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style
from rich.text import Text

from tootui.render import RenderedContent, extract_links, html_to_text, plain_to_text, render_html
from tootui.render.html import (
    CODE_STYLE,
    EMOJI_STYLE,
    HASHTAG_STYLE,
    LINK_STYLE,
    MENTION_STYLE,
    Link,
)

# An SGR sequence, or an OSC 8 hyperlink (open: with the URL; close: empty URL).
ALLOWED_ESCAPE = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^;\x1b\x07]*;([^\x1b\x07]*)\x1b\\")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_output(text: Text) -> str:
    """What a truecolor terminal would receive for ``text``."""
    console = Console(
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        width=80,
        legacy_windows=False,
    )
    console.print(text)
    output = console.file.getvalue()
    assert isinstance(output, str)
    return output


def links_in_output(output: str) -> list[str]:
    """The OSC 8 URLs in ``output``, after asserting it carries no other escape sequence."""
    urls = [m.group(1) for m in ALLOWED_ESCAPE.finditer(output) if m.group(1)]
    rest = ALLOWED_ESCAPE.sub("", output)
    assert "\x1b" not in rest
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", rest)
    assert not BIDI.search(rest)
    return urls


def styles_at(text: Text, needle: str) -> list[Style]:
    """The styles of the spans covering the first occurrence of ``needle``."""
    start = text.plain.index(needle)
    end = start + len(needle)
    return [
        span.style
        for span in text.spans
        if isinstance(span.style, Style) and span.start <= start and span.end >= end
    ]


def link_targets(text: Text) -> set[str]:
    return {
        span.style.link for span in text.spans if isinstance(span.style, Style) and span.style.link
    }


# -- structure ----------------------------------------------------------------------


def test_paragraphs_and_line_breaks() -> None:
    text = html_to_text("<p>one<br>two<br />three</p><p>four</p><p></p><p>five</p>")
    assert text.plain == "one\ntwo\nthree\n\nfour\n\nfive"


def test_whitespace_collapses_like_html() -> None:
    text = html_to_text("<p>  lots   of\n\n space  <b> here </b> </p>\n<p>\n next</p>")
    assert text.plain == "lots of space here\n\nnext"


def test_leading_and_repeated_breaks_are_bounded() -> None:
    assert html_to_text("<br><br><p>x</p><br><br>").plain == "x"
    assert html_to_text("a" + "<br>" * 50 + "b").plain == "a\n\n\nb"


def test_lists() -> None:
    html = (
        "<ul><li>one</li><li>two<ul><li>nested</li></ul></li><li>three</li></ul>"
        "<ol start='9'><li>nine</li><li>ten<br>more</li></ol><p>after</p>"
    )
    assert html_to_text(html).plain == (
        "• one\n• two\n  • nested\n• three\n\n9. nine\n10. ten\n    more\n\nafter"
    )


def test_blockquotes_are_prefixed() -> None:
    html = (
        "<blockquote><p>q1</p><p>q2<br>q3</p><blockquote>inner</blockquote></blockquote><p>out</p>"
    )
    assert html_to_text(html).plain == "▎ q1\n▎\n▎ q2\n▎ q3\n▎\n▎ ▎ inner\n\nout"


def test_pre_and_code_keep_text_and_are_styled() -> None:
    html = (
        "<pre><code>def f():\n    return [1]\n\n# done</code></pre><p>use <code>x  =  1</code></p>"
    )
    text = html_to_text(html)
    assert text.plain == "def f():\n    return [1]\n\n# done\n\nuse x = 1"
    assert CODE_STYLE in styles_at(text, "return [1]")
    assert CODE_STYLE in styles_at(text, "x = 1")


def test_inline_styles_become_spans() -> None:
    text = html_to_text("<p><b>bold</b> <i>it</i> <del>gone</del> <u>under</u></p>")
    assert text.plain == "bold it gone under"
    assert styles_at(text, "bold")[0].bold
    assert styles_at(text, "it")[0].italic
    assert styles_at(text, "gone")[0].strike
    assert styles_at(text, "under")[0].underline


def test_entities_are_decoded_once() -> None:
    text = html_to_text(
        "<p>&lt;b&gt;not bold&lt;/b&gt; &amp;amp; &quot;q&quot; &#39;s&#39; &#x1F600;</p>"
    )
    assert text.plain == "<b>not bold</b> &amp; \"q\" 's' 😀"
    assert text.spans == []


def test_unknown_tags_keep_their_text_and_scripts_are_dropped() -> None:
    html = "<p><blink>blink</blink> <marquee>m</marquee><script>alert(1)</script><style>p{}</style>x</p>"
    assert html_to_text(html).plain == "blink mx"


def test_empty_and_missing_input() -> None:
    assert html_to_text(None).plain == ""
    assert html_to_text("").plain == ""
    assert render_html(None) == RenderedContent(text=Text(end=""), links=())


# -- mentions, hashtags, links ------------------------------------------------------

MENTION = (
    '<span class="h-card" translate="no"><a href="https://example.social/@alice" '
    'class="u-url mention">@<span>alice</span></a></span>'
)
HASHTAG = '<a href="https://example.social/tags/Cats" class="mention hashtag" rel="tag">#<span>Cats</span></a>'
SHORTENED = (
    '<a href="https://pypi.org/project/websocket-client/" target="_blank" rel="nofollow noopener">'
    '<span class="invisible">https://</span><span class="ellipsis">pypi.org/project/websocket-cli</span>'
    '<span class="invisible">ent/</span></a>'
)


def test_mentions_and_hashtags_are_highlighted_links() -> None:
    rendered = render_html(f"<p>{MENTION} loves {HASHTAG}</p>")
    text = rendered.text
    assert text.plain == "@alice loves #Cats"
    (mention_style,) = styles_at(text, "@alice")
    assert mention_style.color == MENTION_STYLE.color
    assert mention_style.link == "https://example.social/@alice"
    (tag_style,) = styles_at(text, "#Cats")
    assert tag_style.color == HASHTAG_STYLE.color
    assert tag_style.link == "https://example.social/tags/Cats"
    assert rendered.links == (
        Link("mention", "@alice", "https://example.social/@alice", "alice"),
        Link("hashtag", "#Cats", "https://example.social/tags/Cats", "Cats"),
    )


def test_mentions_mapping_names_the_account() -> None:
    mentions = {"https://example.social/@alice": "alice@example.social"}
    (link,) = extract_links(MENTION, mentions=mentions)
    assert link.name == "alice@example.social"
    # A server that sends a mention as a plain link is still understood through the map.
    plain = render_html('<a href="https://example.social/@alice">@alice</a>', mentions=mentions)
    assert plain.links[0].kind == "mention"


def test_mastodon_shortened_links() -> None:
    rendered = render_html(f"<p>see {SHORTENED} now</p>")
    assert rendered.text.plain == "see pypi.org/project/websocket-cli… now"
    (style,) = styles_at(rendered.text, "pypi.org")
    assert style.link == "https://pypi.org/project/websocket-client/"
    assert style.color == LINK_STYLE.color
    assert rendered.links == (
        Link(
            "url", "pypi.org/project/websocket-cli…", "https://pypi.org/project/websocket-client/"
        ),
    )


def test_bare_url_links_are_shortened() -> None:
    url = "https://www.example.com/a/very/long/path/that/needs/shortening/for/display"
    text = html_to_text(f'<p><a href="{url}">{url}</a></p>')
    assert text.plain == "example.com/a/very/long/path/that/needs…"
    assert link_targets(text) == {url}


def test_prose_link_text_is_kept() -> None:
    text = html_to_text('<p><a href="https://example.com/x">read the docs</a></p>')
    assert text.plain == "read the docs"
    assert link_targets(text) == {"https://example.com/x"}


def test_url_looking_text_shows_the_real_target() -> None:
    text = html_to_text('<a href="https://evil.example/steal">https://paypal.com/login</a>')
    assert text.plain == "evil.example/steal"
    forged = (
        '<a href="https://evil.example/"><span class="invisible">https://</span>'
        '<span class="">paypal.com/login</span></a>'
    )
    assert html_to_text(forged).plain == "evil.example"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "&#106;avascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:x",
        "/relative",
        "https://ok.example/\x1b]8;;",
        "",
    ],
)
def test_unsafe_hrefs_are_not_links(href: str) -> None:
    rendered = render_html(f'<p>x <a href="{href}">click me</a> y</p>')
    assert rendered.text.plain == "x click me y"
    assert link_targets(rendered.text) == set()
    assert rendered.links == ()
    assert links_in_output(terminal_output(rendered.text)) == []


def test_unsafe_mention_keeps_highlight_but_no_link() -> None:
    rendered = render_html('<a class="u-url mention" href="javascript:x">@bob</a>')
    assert rendered.links == (Link("mention", "@bob", None, "bob"),)
    assert link_targets(rendered.text) == set()


def test_links_reach_the_terminal_as_osc8() -> None:
    text = html_to_text(f"<p>{MENTION} {SHORTENED}</p>")
    output = terminal_output(text)
    assert links_in_output(output) == [
        "https://example.social/@alice",
        "https://pypi.org/project/websocket-client/",
    ]


def test_custom_emoji_stay_as_shortcodes() -> None:
    text = html_to_text("<p>hi :blobcat: :notemoji:</p>", emojis=["blobcat"])
    assert text.plain == "hi :blobcat: :notemoji:"
    assert styles_at(text, ":blobcat:") == [EMOJI_STYLE]
    assert styles_at(text, ":notemoji:") == []


def test_quote_inline_can_be_hidden() -> None:
    html = (
        '<p class="quote-inline">RE: <a href="https://x.example/1">x.example/1</a></p><p>reply</p>'
    )
    assert html_to_text(html).plain == "RE: x.example/1\n\nreply"
    rendered = render_html(html, hide_quote_inline=True)
    assert rendered.text.plain == "reply"
    assert rendered.links == ()


# -- markup and escape injection ----------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "[bold]x[/bold]",
        "[@click=app.quit]quit[/]",
        "[link=https://evil.example]x[/link]",
        "[on red]x",
        "[/]",
        ":warning:",
    ],
)
def test_markup_stays_literal(payload: str) -> None:
    text = html_to_text(f"<p>{payload}</p>")
    assert text.plain == payload
    assert text.spans == []
    output = terminal_output(text)
    assert payload in output
    assert links_in_output(output) == []


def test_escape_sequences_in_html_are_neutralised() -> None:
    html = (
        "<p>a\x1b[2J\x1b]8;;https://evil.example\x1b\\b\x9b31m\x1bP+q\x1b\\"
        "\x1b_Gx\x1b\\c&#x202e;d&#8206;e\u2066f\u200bg</p>"
    )
    text = html_to_text(html)
    assert text.plain == "a␛[2J␛]8;;https://evil.example␛\\b<U+009B>31m␛P+q␛\\␛_Gx␛\\cdefg"
    assert links_in_output(terminal_output(text)) == []


def test_controls_hidden_in_entities_are_dropped() -> None:
    # The HTML parser itself turns &#27; and friends into nothing or U+FFFD.
    text = html_to_text("<p>a&#27;[2Jb&#0;c&#x9b;d&#xd800;e</p>")
    assert "\x1b" not in text.plain and "\x00" not in text.plain
    assert links_in_output(terminal_output(text)) == []


def test_lone_surrogates_in_html() -> None:
    text = html_to_text("<p>bad \udc80 byte</p>")
    assert text.plain == "bad \ufffd byte"


def test_zalgo_across_tags_is_capped() -> None:
    html = "<p>e" + "<b>\u0301\u0302\u0303</b>" * 100 + "x</p>"
    assert html_to_text(html).plain == "e\u0301\u0302\u0303\u0301x"


# -- size and depth -----------------------------------------------------------------


def test_huge_word_gets_break_opportunities() -> None:
    text = html_to_text("<p>" + "a" * 100_000 + "</p>")
    words = text.plain.rstrip("…").split(" ")
    assert max(len(w) for w in words) <= 80
    assert len(text.plain) <= 20_000 + 20_000 // 80 + 1


def test_megabyte_body_is_capped() -> None:
    text = html_to_text("<p>" + "word " * 200_000 + "</p>")
    assert len(text.plain) == 20_000
    assert text.plain.endswith("…")
    tags = html_to_text("<b>x</b> " * 120_000)
    assert tags.plain.endswith("…")
    assert len(tags.plain) <= 20_000


def test_max_len_is_respected() -> None:
    assert html_to_text("<p>abcdefghij</p>", max_len=5).plain == "abcd…"


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("<b>", "</b>"),
        ("<span>", "</span>"),
        ("<blockquote>", "</blockquote>"),
        ("<ul><li>", "</li></ul>"),
        ("<ol><li>", "</li></ol>"),
        ("<a href='https://example.com/'>", "</a>"),
        ("<span class='invisible'>", "</span>"),
        ("<pre>", "</pre>"),
        ("<div>", ""),
    ],
)
def test_ten_thousand_deep_nesting(opening: str, closing: str) -> None:
    html = opening * 10_000 + "deep" + closing * 10_000
    text = render_html(html, max_input=len(html)).text
    if "invisible" in opening:
        assert text.plain == ""
    else:
        assert text.plain.endswith("deep")
        assert len(text.plain) < 100  # prefixes and indentation are bounded


def test_mismatched_and_unclosed_tags() -> None:
    assert html_to_text("<p>a<b>b</i>c</p></b>d</ul>").plain == "abc\n\nd"
    assert html_to_text('<a href="https://example.com/">open').plain == "open"
    assert html_to_text("<p>cut <a href='https://exa").plain == "cut"


# -- plain_to_text ------------------------------------------------------------------


def test_plain_to_text_for_display_names() -> None:
    text = plain_to_text("halcy\u200b :icosahedron: [bold]\x1b[31m\u202e", emojis=["icosahedron"])
    assert text.plain == "halcy :icosahedron: [bold]␛[31m"
    assert styles_at(text, ":icosahedron:") == [EMOJI_STYLE]
    assert plain_to_text("a\nb", multiline=True).plain == "a\nb"
    assert plain_to_text(None).plain == ""


# -- property: nothing but SGR and http(s) OSC 8 ever reaches the terminal -----------

HOSTILE_HREFS = [
    "https://example.com/",
    "http://localhost:3000/@me",
    "https://例え.jp/パス",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,x",
    "https://x.example/\x1b]8;;evil\x1b\\",
    "https://x.example/\u202e",
    "https://x.example/\x07",
]
TAGS = "p br span a b i code pre blockquote ul ol li del div script h1 img hr".split()
CLASSES = [
    "",
    "invisible",
    "ellipsis",
    "h-card",
    "u-url mention",
    "mention hashtag",
    "quote-inline",
]
NASTY_TEXT = st.sampled_from(
    [
        "\x1b[2J",
        "\x1b]8;;https://evil\x1b\\",
        "\x1bP",
        "\x9b",
        "\x9d",
        "\u202e",
        "\u2066",
        "\u200b",
        "\u200d",
        "\u0301" * 8,
        "\udc80",
        "[bold]",
        "[@click=app.quit]",
        "&#27;",
        "&#x202e;",
        "&lt;",
        "\r\n",
        "\t",
        "a" * 120,
    ]
)


@st.composite
def html_ish(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            tag = draw(st.sampled_from(TAGS))
            href = draw(st.one_of(st.sampled_from(HOSTILE_HREFS), st.text(max_size=20)))
            cls = draw(st.sampled_from(CLASSES))
            quote = draw(st.sampled_from(['"', "'", ""]))
            parts.append(f"<{tag} href={quote}{href}{quote} class={quote}{cls}{quote}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        elif kind == 2:
            parts.append(draw(NASTY_TEXT))
        elif kind == 3:
            parts.append(draw(st.text(max_size=30)))
        else:
            parts.append(
                draw(st.sampled_from(["<", ">", "&", "<!--", "-->", "<![CDATA[", "</", "<?"]))
            )
    return "".join(parts)


class _HrefCollector(HTMLParser):
    """Every href the stdlib parser sees, to check that links come only from hrefs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs.update(value.strip() for key, value in attrs if key == "href" and value)


def _hrefs(html: str) -> set[str]:
    collector = _HrefCollector()
    collector.feed(html)
    collector.close()
    return collector.hrefs


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(html_ish(), st.text()), st.lists(st.text(max_size=10), max_size=3))
def test_rendering_never_emits_anything_but_sgr_and_http_links(
    html: str, emojis: list[str]
) -> None:
    rendered = render_html(html, emojis=emojis)
    output = terminal_output(rendered.text)
    urls = links_in_output(output)
    from tootui.render import safe_url

    allowed = {safe_url(href) for href in _hrefs(html)}
    for url in urls:
        assert re.fullmatch(r"(?i)https?://[\x21-\x7e]+", url)
        assert url in allowed
    for link in rendered.links:
        assert link.url is None or link.url in allowed
        assert not BIDI.search(link.text) and "\x1b" not in link.text
