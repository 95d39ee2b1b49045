"""SVG snapshots of right-to-left posts (Arabic, Hebrew, mixed) and of the Arabic interface.

Same set-up as ``test_snapshots.py``: the app runs against the mock server, 100x30, with a
fixed clock and time zone, and the posts are real Mastodon 4.7 JSON from the fixtures with
their text (content, content warning, display name) replaced by right-to-left text.

With ``bidi = "on"`` tootui reorders: right-to-left paragraphs are right-aligned and in
display order with joined Arabic letters. With ``bidi = "off"`` the same text is sent in
logical order, left-aligned, for a terminal that reorders by itself.

"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.pilot import Pilot

from tests.conftest import load_fixture
from tests.test_bidi import reference
from tests.test_snapshots import show
from tests.test_timelines import main_screen, settle
from tootui.api import Status
from tootui.app import TootUI
from tootui.config import Config
from tootui.i18n import _, set_language
from tootui.startup import session_for

SIZE = (100, 30)
MIRROR = str.maketrans("[]", "][")

ARABIC = (
    "<p>مرحبًا بكم في ماستدون! هذا منشور تجريبي باللغة العربية لاختبار اتجاه النص من "
    "اليمين إلى اليسار، وتشكيل الحروف المتصلة في الطرفية.</p>"
)
HEBREW = "<p>שלום עולם! זהו פוסט בעברית כדי לבדוק את כיוון הטקסט בטרמינל.</p>"
MIXED = (
    "<p>أطلقنا الإصدار 3.13 من Python اليوم، مع 42 تحسينًا. التفاصيل على "
    '<a href="https://docs.python.org/3.13/whatsnew/" target="_blank" '
    'rel="nofollow noopener"><span class="invisible">https://</span>'
    '<span class="">docs.python.org/3.13/whatsnew/</span><span class="invisible"></span></a> '
    '<a href="https://mastodon.social/tags/Python" class="mention hashtag" rel="tag">'
    "#<span>Python</span></a> (تجربة)</p>"
)
SPOILER_BODY = "<p>النهاية كانت مفاجئة جدًا.</p>"


pytestmark = pytest.mark.usefixtures("utc")


def rtl_status(
    index: int, *, post_id: str, name: str, content: str, created: str, spoiler: str = ""
) -> Status:
    """Fixture post ``index`` with its text replaced; no reply, media, poll or card."""
    row = dict(load_fixture("statuses")[index])
    row.update(
        id=post_id,
        content=content,
        spoiler_text=spoiler,
        sensitive=bool(spoiler),
        created_at=created,
        edited_at=None,
        in_reply_to_id=None,
        in_reply_to_account_id=None,
        media_attachments=[],
        poll=None,
        card=None,
        quote=None,
        filtered=[],
        reblog=None,
        language="ar",
        account=dict(row["account"], display_name=name, emojis=[]),
        emojis=[],
        mentions=[],
    )
    return Status.from_api(row)


def rtl_posts() -> list[Status]:
    return [
        rtl_status(
            8,
            post_id="900004",
            name="سارة أحمد",
            content=ARABIC,
            created="2026-11-20T11:55:00.000Z",
        ),
        rtl_status(
            28,
            post_id="900003",
            name="דנה כהן",
            content=HEBREW,
            created="2026-11-20T09:00:00.000Z",
        ),
        rtl_status(
            3,
            post_id="900002",
            name="Omar عمر",
            content=MIXED,
            created="2026-11-18T12:00:00.000Z",
        ),
        rtl_status(
            83,
            post_id="900001",
            name="ليلى",
            content=SPOILER_BODY,
            spoiler="حرق لأحداث المسلسل",
            created="2026-11-18T10:00:00.000Z",
        ),
    ]


def rtl_app(server: MockServer, config: Config) -> tuple[Any, Any]:
    # Built before the app starts: an error raised in ``run_before`` (which runs in the
    # app's event loop) hangs the test until its timeout instead of failing it.
    posts = rtl_posts()
    app = TootUI([session_for("alice@mock.local", server.base_url, "alice_token")], config=config)

    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        show(main_screen(app), posts, say="snapshot")
        await pilot.pause()

    return app, before


def test_rtl_timeline_bidi_on(snap_compare: Any, server: MockServer) -> None:
    app, before = rtl_app(server, Config(bidi="on", streaming=False))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_rtl_timeline_bidi_off(snap_compare: Any, server: MockServer) -> None:
    app, before = rtl_app(server, Config(bidi="off", streaming=False))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_rtl_timeline_bidi_on_content_warning_open(snap_compare: Any, server: MockServer) -> None:
    app, before = rtl_app(server, Config(bidi="on", streaming=False))
    assert snap_compare(app, terminal_size=SIZE, run_before=before, press=["G", "s"])


@pytest.fixture
def arabic_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The interface in Arabic, key descriptions included.

    The real app sets the language before importing its modules (``tootui.__main__``;
    proved in a fresh process by ``tests/test_i18n.py``). Here those modules were imported
    in English long ago, so each tootui class's merged bindings are swapped, for this test
    only, for ones whose descriptions went through ``_()`` in Arabic: the same strings.
    """
    import tootui.app  # noqa: F401  (every screen and widget class is defined by now)

    set_language("ar")
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        merged = cls.__dict__.get("_merged_bindings")
        if not cls.__module__.startswith("tootui.") or merged is None:
            continue
        translated = BindingsMap.from_keys(
            {
                key: [replace(b, description=_(b.description)) for b in bindings]
                for key, bindings in merged.key_to_bindings.items()
            }
        )
        monkeypatch.setattr(cls, "_merged_bindings", translated)
    yield
    set_language("en")


def test_arabic_interface_bidi_on(snap_compare: Any, server: MockServer, arabic_keys: None) -> None:
    """Tabs, keys, times, counters and the CW sentence in Arabic, tootui reordering."""
    app, before = rtl_app(server, Config(language="ar", bidi="on", streaming=False))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_arabic_interface_bidi_off(
    snap_compare: Any, server: MockServer, arabic_keys: None
) -> None:
    """The same in logical order, for a terminal that reorders by itself."""
    app, before = rtl_app(server, Config(language="ar", bidi="off", streaming=False))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


@pytest.mark.parametrize("bidi", ["on", "off"])
async def test_key_bar_and_pop_ups_follow_the_bidi_setting(
    server: MockServer, arabic_keys: None, bidi: Any
) -> None:
    from textual.widgets._footer import FooterKey

    from tootui.render.bidi import visual_string

    app = TootUI(
        [session_for("alice@mock.local", server.base_url, "alice_token")],
        config=Config(language="ar", bidi=bidi, streaming=False),
    )
    favourite = _("Favourite")  # Arabic here
    assert favourite != "Favourite"
    shown = visual_string(favourite) if bidi == "on" else favourite
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        descriptions = [key.description for key in app.screen.query(FooterKey)]
        assert shown in descriptions and (bidi == "off" or favourite not in descriptions)

        app.notify(_("Live") + " [b]@bob[/b]", title=favourite)
        await pilot.pause()
        (note,) = list(app._notifications)
        assert note.markup is False  # the words stay words
        message = _("Live") + " [b]@bob[/b]"
        # a sentence of the interface, the handle in it one unit ("@bob", not "bob@"); the
        # brackets, at a right-to-left level, are mirrored (rule L4, which get_display skips)
        shown_message = reference(message, "rtl", isolated=("@bob",)).translate(MIRROR)
        assert note.message == (shown_message if bidi == "on" else message)
        assert note.title == shown
