"""Right-to-left text laid out the same way everywhere it reaches the screen.

Driven by keys through the real app against the mock server, with ``bidi = "on"`` (tootui
reorders, as in a terminal that does not). A sentence takes the interface language's
direction (left to right in English, right to left in Arabic); a name inside it keeps its
own order; a post's text is laid out paragraph by paragraph, in reading order. Expected
strings come from the libraries (``tests.test_bidi.reference``: arabic-reshaper, then
python-bidi's ``get_display`` with the isolates tootui documents), not from the code under
test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from bidi import get_display
from mastodon_mock.testing.server import MockServer
from rich.text import Text
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import OptionList, TextArea

from tests.apphelpers import main_screen, settle, visible_text, wait_until
from tests.test_bidi import reference
from tootui.app import TootUI
from tootui.config import Config
from tootui.drafts import Draft, DraftStore
from tootui.i18n import _, set_language
from tootui.render.display import (
    DisplayText,
    display_line,
    interface_direction,
    isolate,
    quote,
    sentence,
)
from tootui.screens.compose import ComposeScreen
from tootui.startup import session_for

SIZE = (100, 30)
# Every bidi control: none may reach the terminal, whatever tootui added for the layout.
CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

HEBREW_NAME = "נועה לוי"
PERSIAN_LINES = ("سلام دنیا، این خط اول است", "و این خط دوم")
ARABIC_LINES = ("شاي بالنعناع", "بعد الظهر #شاي")


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """An app built with ``language = "ar"`` sets the language for the whole process."""
    yield
    set_language("en")


def make_app(server: MockServer, user: str = "alice", **config: Any) -> TootUI:
    return TootUI(
        [session_for(f"{user}@mock.local", server.base_url, f"{user}_token")],
        config=Config(bidi="on", streaming=False, **config),
    )


def shown(widget: Widget) -> list[str]:
    """The lines a widget draws now (what the terminal gets), trailing blanks dropped."""
    width, height = widget.outer_size
    lines = [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]
    return [line.rstrip() for line in lines]


def rtl(logical: str) -> str:
    """A right-to-left phrase as the libraries put it on screen."""
    return reference(logical, "rtl")


def no_controls(*texts: str) -> None:
    for text in texts:
        assert not CONTROLS.search(text), repr(text)


# --- the four places where it was seen wrong ------------------------------------------


async def test_an_english_sentence_stays_left_to_right_around_a_hebrew_name(
    server: MockServer,
) -> None:
    """Notifications: "@ <name> mentioned you · time", left-aligned, only the name turned."""
    bob = server.client("bob")
    bob.account_update_credentials(display_name=HEBREW_NAME)
    bob.status_post("@alice hi there")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        screen = visible_text(main_screen(app).view("notifications"))
    head = screen.split("\n")[0].removeprefix("▌")  # the selected entry's mark
    assert head.startswith(f" @ {get_display(HEBREW_NAME)} mentioned you · ")
    no_controls(screen)


async def test_an_arabic_sentence_stays_right_to_left_around_a_latin_name(
    server: MockServer,
) -> None:
    """Arabic interface: the follow request reads from the right, icon first, name inside."""
    bob = server.client("bob")
    bob.account_update_credentials(display_name="Kai Tanaka-Smith")
    bob.account_follow(server.client("carol").me()["id"])  # carol approves followers
    app = make_app(server, "carol", language="ar")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        view = main_screen(app).view("notifications")
        screen = visible_text(view)
        width = view.size.width
    head = screen.split("\n")[0].rstrip()
    words = _("{who} asked to follow you").replace("{who}", "").strip()
    assert words != "asked to follow you"
    assert head.endswith(f"{rtl(words)} Kai Tanaka-Smith ?")
    assert len(head) == width  # right-aligned, as a right-to-left paragraph
    no_controls(screen)


async def test_the_reply_composer_shows_a_two_line_persian_post_line_by_line(
    server: MockServer,
) -> None:
    """The replied-to post: each line in its own direction, the first one first."""
    server.client("bob").status_post("\n".join(PERSIAN_LINES))
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        context = shown(app.screen.query_one("#compose-context"))
    first, second = (rtl(line) for line in PERSIAN_LINES)
    assert context[0] == f" Replying to @bob: {first} {second}"
    no_controls(*context)


async def test_the_composer_preview_shows_a_restored_two_line_draft_in_order(
    server: MockServer,
) -> None:
    """A draft picked up again: the preview is laid out at its own width, line by line.

    Wider than the composer's box (110 columns), the preview used to be laid out for the
    screen's width, and the box's wrapping then broke each line in two.
    """
    DraftStore().save(Draft(acct="alice@mock.local", text="\n".join(PERSIAN_LINES)))
    app = make_app(server)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#text", TextArea).text == "\n".join(PERSIAN_LINES)
        preview = screen.query_one("#compose-preview")
        assert await wait_until(pilot, lambda: len(shown(preview)) == 3)
        lines = shown(preview)
        width = preview.content_region.width
    assert set(lines[0]) == {"╍"}  # the preview's top border
    assert [line.strip() for line in lines[1:] if line.strip()] == [
        rtl(line) for line in PERSIAN_LINES
    ]
    assert all(len(line) == width + 1 for line in lines[1:])  # right-aligned (+ padding)
    no_controls(*lines)


async def test_search_results_show_arabic_shaped_and_in_display_order(
    server: MockServer,
) -> None:
    server.client("bob").status_post("\n".join(ARABIC_LINES))
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"شاي", "enter")
        await settle(pilot)
        rows = visible_text(app.screen.query_one("#results", OptionList)).split("\n")
    rows = [row.rstrip() for row in rows if row.strip()]
    tag = reference("#شاي", "ltr", isolated=("#شاي",))
    assert tag == "ﻱﺎﺷ#"  # joined letters, the "#" before the word (on its right)
    first, second = (rtl(line) for line in ARABIC_LINES)
    assert rows == ["Hashtags", tag, "Posts", f"@bob@mock.local: {first} {second}"]
    no_controls(*rows)


async def test_the_links_dialog_shows_an_arabic_hashtag_shaped(server: MockServer) -> None:
    server.client("bob").status_post("\n".join(ARABIC_LINES))
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        rows = visible_text(app.screen.query_one("#links", OptionList)).split("\n")
    rows = [row.rstrip() for row in rows if row.strip()]
    assert rows == ["# ﻱﺎﺷ#  hashtag timeline"]
    no_controls(*rows)


# --- the other places remote text or tootui's sentences reach the screen ---------------


async def test_a_profile_shows_its_name_line_and_its_bio_each_in_its_direction(
    server: MockServer,
) -> None:
    bob = server.client("bob")
    bio = "".join(f"<p>{line}</p>" for line in PERSIAN_LINES)  # a bio is HTML, as a post
    bob.account_update_credentials(display_name=HEBREW_NAME, note=bio)
    bob.status_post("hello from bob")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        header = app.screen.query_one("#profile-text")
        lines = shown(header)
        width = header.content_region.width
    assert lines[0] == f"{get_display(HEBREW_NAME)}  @bob@mock.local"  # a line of tootui's
    shown_bio = [line for line in lines if line.strip() and not line.isascii()][1:3]
    assert [line.strip() for line in shown_bio] == [rtl(line) for line in PERSIAN_LINES]
    assert all(len(line) == width for line in shown_bio)  # right-to-left, right-aligned
    no_controls(*lines)


async def test_in_the_arabic_interface_dialogs_and_titles_read_right_to_left(
    server: MockServer,
) -> None:
    """A question holding a handle, the thread's title, the report form's title."""
    server.client("bob").status_post("hello from bob")
    app = make_app(server, language="ar")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        question = shown(app.screen.query_one(".title"))[0].rstrip()
        await pilot.press("n", "escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        thread_title = shown(app.screen.query_one("#thread-title"))[0].rstrip()
        await pilot.press("exclamation_mark")
        await settle(pilot)
        report_title = shown(app.screen.query_one(".title"))[0].rstrip()
    mute = _("Mute {who}?").format(who="@bob")
    assert mute != "Mute @bob?"
    # "@bob" stays "@bob", the question mark ends the sentence on its left
    assert question.endswith(reference(mute, "rtl", isolated=("@bob",)))
    assert "@bob" in question and "bob@" not in question
    assert thread_title.endswith(rtl(_("Thread")))
    report = _("Report {who}").format(who="@bob@mock.local")
    assert report_title.endswith(reference(report, "rtl", isolated=("@bob@mock.local",)))
    no_controls(question, thread_title, report_title)


async def test_the_account_switcher_shows_a_hebrew_name_in_its_own_order(
    server: MockServer,
) -> None:
    server.client("alice").account_update_credentials(display_name=HEBREW_NAME)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("at")
        await settle(pilot)
        rows = visible_text(app.screen.query_one(OptionList)).split("\n")
    assert rows[0].startswith(f"▶ @alice@mock.local  {get_display(HEBREW_NAME)}  http://")
    no_controls(*rows)


async def test_the_drafts_list_shows_a_two_line_draft_line_by_line(server: MockServer) -> None:
    DraftStore().save(Draft(acct="alice@mock.local", text="\n".join(PERSIAN_LINES)))
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        rows = visible_text(app.screen.query_one("#drafts", OptionList)).split("\n")
    first, second = (rtl(line) for line in PERSIAN_LINES)
    assert rows[0].rstrip() == f"{first} {second}  @alice@mock.local"
    no_controls(*rows)


async def test_a_long_right_to_left_pop_up_reads_from_its_first_line(server: MockServer) -> None:
    """The start-up notice quoting an Arabic draft, in the Arabic interface: it is wrapped
    before it is reordered, so its first line on screen holds the start of the sentence."""
    draft = "مسودة طويلة عن الشاي بالنعناع بعد الظهر مع الأصدقاء في الحديقة"
    DraftStore().save(Draft(acct="alice@mock.local", text=draft))
    app = make_app(server, language="ar")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (note,) = list(app._notifications)
        lines = note.message.split("\n")
    first_word = _("A saved draft is waiting: “{d}”. Press C to pick it up.").split()[0]
    assert len(lines) > 1
    assert lines[0].endswith(rtl(first_word))
    assert rtl(draft.split()[-1]) not in lines[0]  # the draft's last word is further down
    no_controls(*lines)


# --- the one path itself ---------------------------------------------------------------


def test_a_sentence_takes_the_interface_direction_and_isolates_its_names() -> None:
    name = isolate(HEBREW_NAME)
    line = sentence("{who} mentioned you", who=name)
    assert interface_direction() == "ltr"
    assert display_line(line, enabled=True).plain == f"{get_display(HEBREW_NAME)} mentioned you"
    # the text's own direction would have put the English words on the left of the name
    assert display_line(line, enabled=True, base="own").plain == (
        f"mentioned you {get_display(HEBREW_NAME)}"
    )
    set_language("ar")
    assert interface_direction() == "rtl"
    arabic = sentence(_("{who} asked to follow you"), who=isolate("Kai Tanaka-Smith"))
    words = _("{who} asked to follow you").replace("{who}", "").strip()
    assert display_line(arabic, enabled=True).plain == f"{rtl(words)} Kai Tanaka-Smith"


def test_addresses_handles_and_tags_in_a_plain_sentence_stay_whole() -> None:
    """Messages made with str.format: the remote units in them are isolated all the same."""
    set_language("ar")
    address = "https://example.com/a/"
    assert str(DisplayText(address, enabled=True)) == address  # not "/https://example.com/a"
    muted = _("Muted {who}.").format(who="@bob@mock.local:8080")
    shown_line = display_line(muted, enabled=True).plain
    assert shown_line == reference(muted, "rtl", isolated=("@bob@mock.local:8080",))
    assert "@bob@mock.local:8080" in shown_line
    opened = _("Opening {url}").format(url=address + "؟")
    assert address in display_line(opened, enabled=True).plain


def test_without_reordering_the_text_stays_logical_and_free_of_controls() -> None:
    line = sentence("{who} mentioned you", who=isolate(HEBREW_NAME))
    assert display_line(line, enabled=False).plain == f"{HEBREW_NAME} mentioned you"
    assert display_line(line, enabled=False).spans == []  # the isolate marker is gone too
    shown_text = DisplayText(line, enabled=False)
    assert str(shown_text) == f"{HEBREW_NAME} mentioned you"
    assert shown_text.lines(80)[0].spans == []


def test_fields_are_filled_only_from_the_parts_given() -> None:
    """Remote text inside a template is never taken for a field."""
    line = sentence("{who}: {kind}", who=isolate("Bob"), kind=isolate("x{who}{0}"))
    assert line.plain == "Bob: x{who}{0}"
    assert sentence("{n} of {who}", n="3").plain == "3 of {who}"


def test_display_text_wraps_before_it_reorders() -> None:
    """A long right-to-left paragraph reads from its first line down, each line right-aligned."""
    paragraph = " ".join(["كلمة", "أخرى"] * 12)
    text = DisplayText(Text(paragraph), enabled=True, base="own")
    lines = text.lines(30)
    logical = [line.plain for line in Text(paragraph).wrap(_console(), 30)]
    assert len(lines) == len(logical) > 1
    for shown_line, logical_line in zip(lines, logical, strict=True):
        assert shown_line.plain.strip() == rtl(logical_line.strip())
        assert shown_line.cell_len == 30
    assert text.get_height({}, 30) == len(lines)  # type: ignore[arg-type]


def test_quote_keeps_paragraphs_in_reading_order() -> None:
    quoted = quote("\n".join(PERSIAN_LINES), 120)
    first, second = (rtl(line) for line in PERSIAN_LINES)
    assert display_line(quoted, enabled=True).plain == f"{first} {second}"
    assert display_line(quote("one\n\ntwo   three", 120), enabled=True).plain == "one two three"
    assert quote("x" * 50, 10).plain == "x" * 9 + "…"


def _console() -> Any:
    import io

    from rich.console import Console

    return Console(file=io.StringIO(), width=80, color_system=None)


def test_interface_words_under_a_post_read_in_display_order() -> None:
    """ "bookmarked" after the counts and the poll's summary are the interface's words: in
    the Arabic interface they are shaped and in display order, like every sentence."""
    import copy

    from rich.console import Console

    from tests.conftest import load_fixture
    from tootui.api import Status
    from tootui.clock import now
    from tootui.i18n import _, set_language
    from tootui.render.bidi import visual_string
    from tootui.render.status import Layout, StatusRenderer

    raw = copy.deepcopy(next(s for s in load_fixture("statuses") if not s.get("reblog")))
    raw.update(bookmarked=True, spoiler_text="", filtered=[], sensitive=False)
    raw["poll"] = copy.deepcopy(load_fixture("polls")[0])
    raw["poll"].update(expired=False, voted=False, own_votes=[], expires_at=None, multiple=True)
    status = Status.from_api(raw)
    set_language("ar")
    try:
        renderer = StatusRenderer(Console(width=80, color_system=None))
        text = "\n".join(
            line.plain for line in renderer.status_lines(status, Layout(80, now(), bidi=True))
        )
        for word in (_("bookmarked"), _("press V to vote"), _("several choices")):
            assert word != visual_string(word)  # an Arabic word, so the test means something
            assert visual_string(word) in text
            assert word not in text
    finally:
        set_language(None)


def test_a_link_card_reads_title_then_address_in_the_arabic_interface() -> None:
    """The card line is the interface's: right to left, the mark, the page's title, a dash,
    its address. The dash and its spaces were inside the link's isolated run, so the
    address came out glued to the title with the dash on its far side."""
    import copy

    from rich.console import Console

    from tests.conftest import load_fixture
    from tootui.api import Status
    from tootui.clock import now
    from tootui.render.status import Layout, StatusRenderer

    raw = copy.deepcopy(next(s for s in load_fixture("statuses") if not s.get("reblog")))
    raw.update(spoiler_text="", filtered=[], sensitive=False, media_attachments=[], poll=None)
    raw["card"] = {
        "url": "https://example.org/photos/harbour-fog",
        "title": "Example link",
        "description": "",
        "type": "link",
    }
    status = Status.from_api(raw)
    set_language("ar")
    try:
        renderer = StatusRenderer(Console(width=80, color_system=None))
        lines = [
            line.plain.strip()
            for line in renderer.status_lines(status, Layout(80, now(), bidi=True))
        ]
    finally:
        set_language(None)
    card = next(line for line in lines if "🔗" in line)
    assert card == "example.org/photos/harbour-fog — Example link 🔗"
