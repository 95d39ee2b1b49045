"""The help and docs/keys.md are built from the sections screens declare, and the key bar
reaches the one private Textual name it needs (a Textual release that changes it fails here)."""

from __future__ import annotations

import ast
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.reactive import Reactive
from textual.screen import ModalScreen

from tootui import keys
from tootui.context import Context
from tootui.i18n import N_, set_language
from tootui.keys import HelpSection, help_section, help_sections, key_display, sectioned_classes
from tootui.keys.__main__ import every_sectioned_class
from tootui.render.bidi import visual_string
from tootui.widgets import footer

HELP_ORDER = [
    "Everywhere",
    "Timelines",
    "After g (go to)",
    "On the selected post",
    "Moving around",
    "Thread",
    "Conversations (direct messages)",
    "Profile",
    "Followers and following",
    "Editing your profile",
    "Followed hashtags",
    "Your lists",
    "A list's members",
    "Making or changing a list",
    "Adding someone to your lists",
    "Search",
    "Explore",
    "Filters (muted words)",
    "Editing a filter",
    "A filter's keywords",
    "Links of a post",
    "Media viewer",
    "Report",
    "Composer",
    "Scheduled posts",
    "Saved drafts",
    "Deleting a post",
    "A question (asks first)",
    "Choosing one from a list",
    "Voting on several choices",
    "Typing a line (a hashtag, say)",
    "Accounts",
    "Removing an account",
    "Sign in",
    "Help",
]


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def test_every_section_in_its_place() -> None:
    assert [title for title, _rows in help_sections(every_sectioned_class())] == HELP_ORDER


def test_keys_imports_no_screen_and_no_app() -> None:
    """The screens declare their sections; tootui.keys only reads the classes it is given."""
    source = Path(keys.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not {m for m in imported if m.startswith(("tootui.screens", "tootui.app"))}
    assert {m for m in imported if m.startswith("tootui")} == {"tootui.i18n"}


def test_screens_declare_their_own_sections() -> None:
    from tootui.app import TootUI
    from tootui.screens.accounts import AccountsScreen, ConfirmRemoveScreen
    from tootui.screens.compose import ComposeScreen, DeleteScreen, DraftsScreen
    from tootui.screens.go_prefix import GoPrefix
    from tootui.screens.help import HelpScreen
    from tootui.screens.links import LinksScreen
    from tootui.screens.list_members import ListMembersScreen
    from tootui.screens.lists import ListForm, ListMembershipPrompt, ListsScreen
    from tootui.screens.login import LoginScreen
    from tootui.screens.main import MainScreen
    from tootui.screens.posts import PostScreen
    from tootui.screens.profile import ProfileScreen
    from tootui.screens.prompt import ChoicePrompt, ConfirmPrompt, MultiChoicePrompt, TextPrompt
    from tootui.screens.report import ReportScreen
    from tootui.screens.search import SearchScreen
    from tootui.screens.thread import ThreadScreen
    from tootui.widgets.timeline import TimelineView

    declared = [
        TootUI,
        MainScreen,
        GoPrefix,
        PostScreen,
        TimelineView,
        ThreadScreen,
        ProfileScreen,
        ListsScreen,
        ListMembersScreen,
        ListForm,
        ListMembershipPrompt,
        SearchScreen,
        ComposeScreen,
        DraftsScreen,
        DeleteScreen,
        LinksScreen,
        ReportScreen,
        ConfirmPrompt,
        ChoicePrompt,
        MultiChoicePrompt,
        TextPrompt,
        AccountsScreen,
        ConfirmRemoveScreen,
        LoginScreen,
        HelpScreen,
    ]
    for cls in declared:
        assert isinstance(vars(cls)["HELP_SECTION"], HelpSection), cls


def test_every_section_has_a_place_of_its_own() -> None:
    """Two classes claiming one place would make the help's order depend on chance."""
    classes = every_sectioned_class()
    orders = [s.order for s in map(help_section, classes) if s is not None]
    assert len(orders) == len(set(orders)) == len(HELP_ORDER)


def test_a_declared_section_is_listed_and_a_subclass_does_not_inherit_it() -> None:
    module = types.ModuleType("tootui.screens.example")

    class Example(ModalScreen[None]):
        HELP_SECTION = HelpSection(N_("Help"), 5)
        BINDINGS = [
            Binding("full_stop", "one", "Load newer", id="example.one"),
            Binding("ctrl+s", "two", "Send", id="example.two"),
            Binding("j", "two", "Send", show=False, id="example.two_vim"),
        ]

    class Child(Example):
        pass

    for cls in (Example, Child):
        cls.__module__ = module.__name__
        setattr(module, cls.__name__, cls)

    assert sectioned_classes([module]) == [Example]
    assert help_sections([Child, Example]) == [("Help", [(".", "Load newer"), ("^s, j", "Send")])]
    set_language("ar")
    assert help_sections([Example])[0][0] == "مساعدة"  # translated when drawn, not at import


def test_a_class_outside_tootui_is_not_looked_up_by_name() -> None:
    class MainScreen(ModalScreen[None]):  # same name as a tootui screen, elsewhere
        pass

    assert help_section(MainScreen) is None


def test_the_help_lists_screens_not_opened_yet() -> None:
    """At start-up the composer and the report dialog are not imported; the help still
    lists them (tootui.screens.load_all)."""
    code = (
        "import tootui.app\n"
        "from tootui.keys import sectioned_classes\n"
        "from tootui.screens import load_all\n"
        "names = lambda: {c.__name__ for c in sectioned_classes()}\n"
        "before = names()\n"
        "load_all()\n"
        "print(sorted(names() - before))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    added = ast.literal_eval(run.stdout.strip())
    assert {"ComposeScreen", "ReportScreen", "HelpScreen"} <= set(added)


def test_keys_are_shown_by_textuals_get_key_display() -> None:
    assert key_display("full_stop,R") == "., R"
    assert key_display("ctrl+s, number_sign") == "^s, #"

    class Angled(App[None]):
        def get_key_display(self, binding: Binding) -> str:
            return f"<{binding.key}>"

    assert key_display("a,question_mark", Angled()) == "<a>, <question_mark>"


# --- the key bar and Textual's private FooterKey --------------------------------------------


class BidiApp(Context, App[None]):
    """A plain app that says tootui lays right-to-left text out itself."""

    bidi = True
    BINDINGS = [
        Binding("s", "noop('s')", "إظهار المحتوى", id="test.show"),
        Binding("f", "noop('f')", "Favourite", id="test.favourite"),
    ]

    def __init__(self, compact: bool) -> None:
        super().__init__()
        self.compact = compact

    def compose(self) -> ComposeResult:
        yield footer.Footer(compact=self.compact)

    def action_noop(self, key: str) -> None:
        pass


@pytest.mark.parametrize("compact", [False, True])
async def test_textuals_footer_keys_are_what_the_key_bar_expects(compact: bool) -> None:
    """tootui/widgets/footer.py needs ``textual.widgets._footer.FooterKey`` (no public
    name): its ``compact`` reactive and the ``description`` it renders. If this fails after a
    Textual upgrade, find the new way in and change that module (its docstring says why)."""
    from textual.widgets._footer import FooterKey

    assert footer.FooterKey is FooterKey
    assert isinstance(vars(FooterKey)["compact"], Reactive)
    app = BidiApp(compact)
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        shown: list[Any] = [k for k in app.query(FooterKey) if k.action.startswith("noop")]
        assert len(shown) == 2
        for key in shown:
            assert key.compact is compact and key.has_class("-compact") is compact
        rendered = " ".join(key.render().plain for key in shown)
        assert visual_string("إظهار المحتوى") in rendered and "Favourite" in rendered
        assert "إظهار المحتوى" not in rendered  # logical order would be wrong here


class Covered(App[None]):
    """A key bar under another screen: ``x`` is offered only once ``ready`` is set."""

    BINDINGS = [
        Binding("a", "noop('a')", "Always", id="test.always"),
        Binding("x", "noop('x')", "Extra", id="test.extra"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ready = False

    def compose(self) -> ComposeResult:
        yield footer.Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.ready or parameters != ("x",)

    def action_noop(self, key: str) -> None:
        pass


async def test_a_covered_key_bar_is_made_again_only_when_it_is_seen() -> None:
    """Textual rebuilds a key bar when its screen's bindings change, even under another
    screen (its widgets made before the new screen's first frame). tootui's waits, and
    shows the bindings as they are once its screen is back."""
    from textual.screen import Screen
    from textual.widgets._footer import FooterKey

    app = Covered()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        base = app.screen
        keys = list(base.query(FooterKey))
        assert {k.action for k in keys} >= {"noop('a')"}
        assert "noop('x')" not in {k.action for k in keys}
        await app.push_screen(Screen())
        await pilot.pause()
        app.ready = True
        base.refresh_bindings()
        await pilot.pause()
        assert list(base.query(FooterKey)) == keys  # not made again while covered
        app.pop_screen()
        await pilot.pause()
        await pilot.pause()
        assert "noop('x')" in {k.action for k in base.query(FooterKey)}
