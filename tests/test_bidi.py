"""Right-to-left rendering: visual order, shaping, styles, wrapping and the bidi setting.

Expected visual strings come from the libraries' reference output, not from the code under
test: ``bidi.get_display`` applied to ``arabic_reshaper`` output for the same wrapped
logical line, with the reshaper configured as tootui documents (harakat deleted, lam-alef
ligatures on, the "Allah" word ligature off).
"""

from __future__ import annotations

import io
import string
import sys
import unicodedata

import arabic_reshaper
import pytest
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style
from rich.text import Text

from tootui.render import bidi as bidi_module
from tootui.render.bidi import (
    layout_paragraphs,
    paragraph_direction,
    resolve_bidi_setting,
    visual_line,
    visual_string,
)

RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": True, "ARABIC LIGATURE ALLAH": False}
)
CONSOLE = Console(file=io.StringIO(), width=80, color_system=None)

ARABIC = (
    "اللغة العربية هي إحدى أكثر اللغات انتشارا في العالم، ولا سيما في الشرق الأوسط "
    "ويتحدث بها أكثر من أربعمائة مليون إنسان."
)
PERSIAN = (
    "زبان فارسی یکی از زبان\u200cهای هندواروپایی است که در ایران، افغانستان و "
    "تاجیکستان صحبت می\u200cشود."
)
HEBREW = "עברית היא שפה שמית מקבוצת השפות הכנעניות, והיא השפה הרשמית של מדינת ישראל."
URDU = "اردو پاکستان کی قومی زبان ہے اور یہ ہندوستان میں بھی بڑے پیمانے پر بولی جاتی ہے۔"
MIXED = (
    "مرحبا @alice@example.social جربت Textual 0.85 اليوم، الرابط "
    "https://example.com/posts/123 والوسم #بايثون و #Python رائع 100%"
)
SENTENCES = {"arabic": ARABIC, "persian": PERSIAN, "hebrew": HEBREW, "urdu": URDU, "mixed": MIXED}

# Styles as the HTML renderer makes them: mentions, hashtags and URLs carry a link.
MENTION = Style(color="magenta", bold=True, link="https://example.social/@alice")
LINK = Style(color="bright_blue", underline=True, link="https://example.com/posts/123")
ARABIC_TAG = Style(color="cyan", link="https://example.social/tags/بايثون")
LATIN_TAG = Style(color="cyan", link="https://example.social/tags/python")
ENTITIES = {
    "@alice@example.social": MENTION,
    "https://example.com/posts/123": LINK,
    "#بايثون": ARABIC_TAG,
    "#Python": LATIN_TAG,
}
FSI, PDI = "\u2068", "\u2069"


def reference(line: str, base: str, isolated: tuple[str, ...] = ()) -> str:
    """The libraries' own visual order for one logical line.

    Linked entities are laid out as isolates (FSI..PDI around them, as tootui documents);
    the library resolves them, and the controls are dropped from the result.
    """
    for entity in isolated:
        line = line.replace(entity, FSI + entity + PDI)
    shaped = RESHAPER.reshape(line)
    display = get_display(shaped, base_dir="R" if base == "rtl" else "L")
    return display.replace(FSI, "").replace(PDI, "")


def wrap(text: Text, width: int) -> list[Text]:
    lines = list(text.wrap(CONSOLE, width, justify="default"))
    for line in lines:
        line.rstrip()
    return lines


def styled_mixed() -> Text:
    """MIXED with the spans the HTML renderer gives mentions, links and hashtags."""
    text = Text(MIXED)
    for needle, style in ENTITIES.items():
        start = MIXED.index(needle)
        text.stylize(style, start, start + len(needle))
    return text


def covered(text: Text, style: Style) -> list[tuple[int, int]]:
    """Merged (start, end) ranges of ``text`` carrying ``style``."""
    positions = sorted(
        {
            offset
            for span in text.spans
            if (Style.parse(span.style) if isinstance(span.style, str) else span.style) == style
            for offset in range(span.start, span.end)
        }
    )
    ranges: list[tuple[int, int]] = []
    for offset in positions:
        if ranges and ranges[-1][1] == offset:
            ranges[-1] = (ranges[-1][0], offset + 1)
        else:
            ranges.append((offset, offset + 1))
    return ranges


@pytest.mark.parametrize("name", SENTENCES)
def test_paragraph_direction_of_right_to_left_languages(name: str) -> None:
    assert paragraph_direction(SENTENCES[name]) == "rtl"


def test_paragraph_direction_follows_the_first_strong_character() -> None:
    assert paragraph_direction("Hello مرحبا") == "ltr"
    assert paragraph_direction("123 ... מה נשמע? hello") == "rtl"
    assert paragraph_direction("2024-05-01 !!") == "ltr"
    assert paragraph_direction("") == "ltr"
    # P2 skips isolates: the Hebrew inside LRI..PDI is not the first strong character.
    assert paragraph_direction("\u2067שלום\u2069 hello") == "ltr"


@pytest.mark.parametrize("width", [20, 40, 80])
@pytest.mark.parametrize("name", SENTENCES)
def test_wrapped_lines_match_the_library_reference(name: str, width: int) -> None:
    logical_lines = wrap(Text(SENTENCES[name]), width)
    assert len(logical_lines) >= (2 if width < 80 else 1)
    laid_out = layout_paragraphs(Text(SENTENCES[name]), width, enabled=True)
    assert len(laid_out) == len(logical_lines)
    for logical, (visual, align) in zip(logical_lines, laid_out, strict=True):
        expected = reference(logical.plain, "rtl")
        assert visual_line(logical, "rtl").plain == expected
        assert visual.plain == expected
        assert align == "right"
        assert visual.cell_len <= width


def test_arabic_letters_are_joined_and_lam_alef_is_a_ligature() -> None:
    visual = visual_line(Text("ولا سلام"), "rtl").plain
    assert visual == "ﻡﻼﺳ ﻻﻭ"
    assert all(unicodedata.name(char).endswith("FORM") for char in visual if char != " ")


def test_entities_keep_their_style_over_exactly_their_characters() -> None:
    visual = visual_line(styled_mixed(), "rtl")
    assert visual.plain == reference(MIXED, "rtl", tuple(ENTITIES))
    for entity, style in ENTITIES.items():
        [(start, end)] = covered(visual, style)
        # Latin entities read left to right, in their own order, "#" and "@" in front;
        # the Arabic hashtag is shaped and right to left, its "#" on the right.
        assert visual.plain[start:end] == reference(entity, paragraph_direction(entity))
    assert "#Python" in visual.plain
    assert "@alice@example.social" in visual.plain


def test_without_isolation_a_latin_hashtag_would_turn_around() -> None:
    # What plain UBA (and get_display) does with an unlinked "#Python" in Arabic text.
    line = Text("جربت #Python اليوم")
    line.stylize("bold", 5, 12)
    visual = visual_line(line, "rtl")
    assert visual.plain == reference(line.plain, "rtl")
    assert "Python#" in visual.plain
    [(start, end)] = covered(visual, Style.parse("bold"))
    assert visual.plain[start:end] == "Python#"
    linked = Text("جربت #Python اليوم")
    linked.stylize(LATIN_TAG, 5, 12)
    assert "#Python" in visual_line(linked, "rtl").plain


@pytest.mark.parametrize("width", [20, 40])
def test_styles_survive_wrapping_and_reordering(width: int) -> None:
    laid_out = layout_paragraphs(styled_mixed(), width, enabled=True)
    links = [line.plain[start:end] for line, _ in laid_out for start, end in covered(line, LINK)]
    # The URL may be folded over lines, but every piece is still the link, in order.
    assert "".join(links) == "https://example.com/posts/123"
    tags = [
        line.plain[start:end] for line, _ in laid_out for start, end in covered(line, LATIN_TAG)
    ]
    assert tags == ["#Python"]


def test_a_style_inside_an_arabic_word_keeps_the_word_joined() -> None:
    text = Text("كتب")
    text.stylize("bold", 1, 2)  # only the teh
    visual = visual_line(text, "rtl")
    assert visual.plain == reference("كتب", "rtl") == "ﺐﺘﻛ"
    assert covered(visual, Style.parse("bold")) == [(1, 2)]
    # Shaped across the style boundary: joined on both sides.
    assert unicodedata.name(visual.plain[1]) == "ARABIC LETTER TEH MEDIAL FORM"


def test_wrapping_happens_before_reordering() -> None:
    laid_out = layout_paragraphs(Text(ARABIC), 20, enabled=True)
    first_line, align = laid_out[0]
    assert align == "right"
    first_words = ARABIC.split()[:2]
    # The first logical words sit at the right-hand end of the first visual line.
    assert first_line.plain.endswith(reference(" ".join(first_words), "rtl"))
    last_line, _ = laid_out[-1]
    assert last_line.plain.startswith(reference(ARABIC.split()[-1], "rtl"))


def test_mixed_post_aligns_each_paragraph_by_its_own_direction() -> None:
    post = Text(f"{ARABIC}\nThis second paragraph is written in English.\n\nשלום")
    laid_out = layout_paragraphs(post, 40, enabled=True)
    alignments = [align for _, align in laid_out]
    english = [line.plain for line, align in laid_out if align == "left" and line.plain]
    arabic_lines = len(wrap(Text(ARABIC), 40))
    assert arabic_lines == 4
    assert alignments == ["right"] * arabic_lines + ["left"] * 3 + ["right"]
    assert english == ["This second paragraph is written in", "English."]
    assert laid_out[-1][0].plain == "םולש"


def test_pure_left_to_right_text_is_returned_untouched(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(*args: object, **kwargs: object) -> str:
        raise AssertionError("the bidi library was called for plain LTR text")

    monkeypatch.setattr(bidi_module, "get_display", must_not_run)
    monkeypatch.setattr(bidi_module, "get_base_level", must_not_run)
    line = Text("Hello world! #python https://example.com (café) 123")
    line.stylize(LATIN_TAG, 13, 20)
    assert visual_line(line, "ltr") is line
    assert paragraph_direction(line.plain) == "ltr"
    laid_out = layout_paragraphs(line, 80, enabled=True)
    assert [(item.plain, align) for item, align in laid_out] == [(line.plain, "left")]
    assert laid_out[0][0].spans == line.spans
    assert visual_string("Alice 👩\u200d💻") == "Alice 👩\u200d💻"


def test_disabled_keeps_logical_order_and_left_alignment() -> None:
    post = Text(f"{HEBREW}\nEnglish")
    laid_out = layout_paragraphs(post, 20, enabled=False)
    assert [line.plain for line, _ in laid_out] == [
        line.plain for line in wrap(Text(HEBREW), 20)
    ] + ["English"]
    assert {align for _, align in laid_out} == {"left"}


@pytest.mark.parametrize(
    ("setting", "environ", "expected"),
    [
        ("on", {"KONSOLE_VERSION": "230804"}, True),
        ("off", {}, False),
        ("auto", {}, True),
        ("auto", {"TERM": "xterm-256color"}, True),
        ("auto", {"TERM_PROGRAM": "WezTerm"}, True),
        ("auto", {"VTE_VERSION": "7600"}, False),
        ("auto", {"VTE_VERSION": "8002"}, False),
        ("auto", {"VTE_VERSION": "5800"}, False),
        ("auto", {"VTE_VERSION": "5402"}, True),
        ("auto", {"VTE_VERSION": "not-a-number"}, True),
        ("auto", {"KONSOLE_VERSION": "230804"}, False),
        ("auto", {"MLTERM": "3.9.3"}, False),
        ("auto", {"TERM_PROGRAM": "Apple_Terminal"}, False),
    ],
)
def test_resolve_bidi_setting(setting: str, environ: dict[str, str], expected: bool) -> None:
    assert resolve_bidi_setting(setting, environ) is expected  # type: ignore[arg-type]


def test_resolve_bidi_setting_rejects_unknown_values() -> None:
    with pytest.raises(ValueError, match="bidi"):
        resolve_bidi_setting("yes", {})  # type: ignore[arg-type]


def test_empty_strings() -> None:
    assert visual_line(Text(""), "rtl").plain == ""
    assert visual_line(Text(""), "ltr").plain == ""
    assert visual_string("") == ""
    assert [
        (line.plain, align) for line, align in layout_paragraphs(Text(""), 40, enabled=True)
    ] == [("", "left")]


@pytest.mark.parametrize("neutral", ["...", "!? 123 -- 45", "  ", "2024-05-01 12:00"])
def test_neutral_only_lines(neutral: str) -> None:
    line = Text(neutral)
    assert visual_line(line, "ltr") is line
    assert visual_line(line, "rtl").plain == reference(neutral, "rtl")


def test_brackets_are_mirrored_in_right_to_left_runs() -> None:
    # get_display leaves brackets as they are; rule L4 mirrors them at odd levels.
    assert visual_string("שלום (עולם)") == "(םלוע) םולש"
    assert visual_string("שלום [hello] עולם") == "םלוע [hello] םולש"
    assert visual_string("مرحبا (1)") == "(1) ﺎﺒﺣﺮﻣ"


def test_marks_and_emoji_sequences_stay_after_their_base() -> None:
    # Rule L3: terminals draw a mark in the cell of the character before it.
    assert visual_string("שָׁלוֹם") == "םוֹלשָׁ"
    assert visual_string("שלום ❤️ עולם") == "םלוע ❤️ םולש"
    assert visual_string("שלום 👍🏽 עולם") == "םלוע 👍🏽 םולש"


def test_visual_string_truncates_the_logical_start() -> None:
    # The logical start stays; the ellipsis marks the logical end, on the left.
    assert visual_string("שלום עולם", width=7) == "…ע םולש"
    assert visual_string("שלום עולם", width=6) == "… םולש"
    assert visual_string("שלום\nעולם") == "םלוע םולש"


def test_explicit_controls_are_dropped_after_reordering() -> None:
    line = "abc \u202bשלום xyz\u202c def"
    visual = visual_line(Text(line), "ltr").plain
    expected = get_display(line, base_dir="L")
    assert visual == "".join(char for char in expected if char not in "\u202b\u202c")


def test_regex_short_circuit_covers_every_strong_right_to_left_character() -> None:
    pattern = bidi_module._NEEDS_BIDI
    missing = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(code)) in {"R", "AL", "AN"}
        and not pattern.match(chr(code))
    ]
    assert missing == []


HEBREW_LETTERS = "אבגדהוזחטיכלמנסעפצקרשת"
ALPHABET = HEBREW_LETTERS + string.ascii_letters[:8] + "0123456789 .,:;-+/#@%!?'\"" + "٠١٢"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=60), st.sampled_from(["ltr", "rtl"]))
def test_reordering_matches_the_library_on_random_text(line: str, base: str) -> None:
    assert visual_line(Text(line), base).plain == reference(line, base)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=ALPHABET + "()[]", min_size=1, max_size=40), st.sampled_from(["ltr", "rtl"])
)
def test_every_character_keeps_its_own_style(line: str, base: str) -> None:
    text = Text(line)
    for index in range(len(line)):
        text.stylize(Style(link=f"#{index}"), index, index + 1)
    visual = visual_line(text, base)  # type: ignore[arg-type]
    assert len(visual.plain) == len(line)
    origin = {}
    for span in visual.spans:
        assert isinstance(span.style, Style) and span.style.link
        for offset in range(span.start, span.end):
            origin[offset] = int(span.style.link[1:])
    assert sorted(origin.values()) == list(range(len(line)))
    mirrored = {"(": ")", ")": "(", "[": "]", "]": "["}
    for offset, source in origin.items():
        assert visual.plain[offset] in {line[source], mirrored.get(line[source])}


def test_emoji_zwj_sequences_survive_in_arabic_lines() -> None:
    # arabic-reshaper deletes every ZWJ; only Arabic runs are given to it.
    family = "👨\u200d👩\u200d👧"
    assert visual_string(f"مرحبا {family} بكم") == f"{reference('بكم', 'rtl')} {family} ﺎﺒﺣﺮﻣ"


def test_reshaper_failure_falls_back_to_shaping_without_ligatures() -> None:
    line = "م\u200dلا"
    with pytest.raises(IndexError):  # arabic-reshaper 3.1 bug this module works around
        RESHAPER.reshape(line)
    no_ligatures = arabic_reshaper.ArabicReshaper(
        configuration={"delete_harakat": True, "support_ligatures": False}
    )
    expected = get_display(no_ligatures.reshape(line), base_dir="R")
    assert visual_string(line) == expected
    assert expected == "ﺎﻠﻣ"  # ZWJ dropped; meem, lam, alef joined but no lam-alef ligature


def test_unreadable_levels_fall_back_to_the_library_order_without_styles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def display_without_debug(text: str, base_dir: str | None = None, debug: bool = False) -> str:
        result: str = get_display(text, base_dir=base_dir)
        return "BidiInfo { }" if debug else result

    monkeypatch.setattr(bidi_module, "get_display", display_without_debug)
    bidi_module._levels_and_classes.cache_clear()
    line = Text("שלום עולם fallback")
    line.stylize("bold", 0, 4)
    visual = visual_line(line, "rtl")
    bidi_module._levels_and_classes.cache_clear()
    assert visual.plain == reference(line.plain, "rtl")
    assert visual.spans == []


def test_interface_sentences_holding_names_read_in_one_direction() -> None:
    """ "بوب boosted" in Arabic is laid out as one sentence, the name in it, not reversed twice."""
    from datetime import UTC, datetime

    from tootui.api import Notification, Status
    from tootui.i18n import _, set_language
    from tootui.render.status import Layout, StatusRenderer

    bob = {"id": "2", "username": "bob", "acct": "bob", "display_name": "بوب"}
    carol = {"id": "3", "username": "carol", "acct": "carol", "display_name": "Carol"}
    post = {"id": "1", "content": "<p>hello</p>", "account": carol, "created_at": "2026-11-22"}
    boost = Status.from_api({"id": "9", "reblog": post, "account": bob, "content": ""})
    follow = Notification.from_api(
        {"id": "5", "type": "follow", "account": bob, "created_at": "2026-11-22T00:00:00Z"}
    )
    renderer = StatusRenderer(Console())
    now = datetime(2026, 11, 22, 1, tzinfo=UTC)
    try:
        set_language("ar")
        for bidi in (True, False):
            layout = Layout(100, now, bidi)
            boosted = "↻ " + _("{name} boosted").format(name="بوب")
            first = renderer.status_lines(boost, layout)[0].plain.strip()
            assert first == (visual_string(boosted) if bidi else boosted)
            head = renderer.notification_lines(follow, layout)[0].plain.strip()
            followed = _("{who} followed you").format(who="بوب")
            assert (visual_string(followed) if bidi else followed) in head
    finally:
        set_language("en")


def test_a_given_base_direction_overrides_each_paragraphs_own() -> None:
    """A sentence of the interface: laid out left to right even if a name comes first."""
    text = Text("שלום mentioned you")
    ((own, own_align),) = layout_paragraphs(text, 80, enabled=True)
    ((given, given_align),) = layout_paragraphs(text, 80, enabled=True, base="ltr")
    assert (own.plain, own_align) == (reference(text.plain, "rtl"), "right")
    assert (given.plain, given_align) == (reference(text.plain, "ltr"), "left")


def test_isolate_marks_are_laid_out_as_units_and_never_shown() -> None:
    """An ISOLATE span works like a link's isolate; it leaves no span and no control."""
    name = "Kai!"
    line = Text(f"طلب {name} متابعتك")
    line.spans.append(bidi_module.Span(4, 4 + len(name), bidi_module.ISOLATE))
    visual = visual_line(line, "rtl")
    assert visual.plain == reference(line.plain, "rtl", isolated=(name,))
    assert visual.plain != reference(line.plain, "rtl")  # the "!" would jump otherwise
    assert visual.spans == []
    assert not any(char in visual.plain for char in (FSI, PDI))
    ((logical, _align),) = layout_paragraphs(line, 80, enabled=False)
    assert logical.plain == line.plain and logical.spans == []
