"""Lists, managed by keys against the mock server: made, changed, opened, deleted, and
who is on them (from a profile and from the list's members view).

Each flow asserts what reached the server (read back through the API) and what the screen
shows, at 80x24, with an Arabic title laid out right to left (``bidi = "on"``).
"""

from __future__ import annotations

from typing import Any

import requests
from mastodon_mock.testing.server import MockServer
from textual.widgets import OptionList, Static

from tests.apphelpers import main_screen, said, settle, view_text, visible_text, wait_until
from tests.conftest import refuse_once
from tests.test_bidi import reference
from tootui.api import MastodonClient, UserList
from tootui.app import TootUI
from tootui.config import Config
from tootui.screens.list_members import ListMembersScreen
from tootui.screens.lists import ListForm, ListMembershipPrompt, ListsScreen
from tootui.screens.profile import ProfileScreen
from tootui.startup import session_for

SIZE = (80, 24)
TITLE = "أصدقاء"
RENAMED = "أصدقاء المدرسة"


def make_app(server: MockServer) -> TootUI:
    return TootUI(
        [session_for("alice@mock.local", server.base_url, "alice_token")],
        config=Config(bidi="on", streaming=False),
    )


def rtl(logical: str) -> str:
    """An Arabic phrase as it reaches the screen (shaped, right to left)."""
    return reference(logical, "rtl")


def lists_text(app: TootUI) -> str:
    screen = app.screen
    assert isinstance(screen, ListsScreen)
    return view_text(screen.current_view)


def status_line(screen: Any) -> str:
    """The status line of ``screen`` (under a dialog, say)."""
    return str(screen.query_one("#statusline", Static).content)


def account_json(server: MockServer, account_id: str) -> Any:
    """An account as the server sends it (JSON, as a fault's body)."""
    return requests.get(f"{server.base_url}/api/v1/accounts/{account_id}", timeout=10).json()


def only_list(alice: MastodonClient) -> UserList:
    found = alice.lists()
    assert len(found) == 1
    return found[0]


async def open_bobs_profile(pilot: Any, app: TootUI) -> None:
    """From Home, bob's post: ``a`` opens its author."""
    main = main_screen(app)
    await pilot.press("1")
    assert await wait_until(pilot, lambda: "for the list" in view_text(main.view("home")))
    await pilot.press("a")
    assert await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
    await settle(pilot)


async def bobs_lists(pilot: Any, app: TootUI) -> ListMembershipPrompt:
    """``L`` on bob's profile: your lists, marked where he is on them."""
    await open_bobs_profile(pilot, app)
    await pilot.press("L")
    await settle(pilot)
    prompt = app.screen
    assert isinstance(prompt, ListMembershipPrompt)
    return prompt


async def test_a_list_made_changed_filled_emptied_and_deleted_by_keys(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob_account = alice.lookup("bob")
    alice.follow(bob_account.id)  # Mastodon lists hold only people you follow
    bob.post("for the list")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("g", "L")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen)
        assert "You have no lists" in said(app)

        # n: a new list, named in Arabic
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ListForm)
        await pilot.press(*TITLE, "enter")
        await settle(pilot)
        made = only_list(alice)
        assert (made.title, made.replies_policy, made.exclusive) == (TITLE, "list", False)
        assert rtl(TITLE) in lists_text(app)
        assert "replies to members of the list" in lists_text(app)
        assert "Made the list" in said(app)

        # Enter: its timeline as a tab
        await pilot.press("enter")
        await settle(pilot)
        key = f"list-{made.id}"
        assert app.screen is main and main.active == key
        assert main.views[key].label == TITLE

        # e: renamed, no replies, exclusive; the open tab takes the new name
        await pilot.press("g", "L")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ListForm)
        await pilot.press("home", "ctrl+k", *RENAMED)
        await pilot.press("tab", "down", "down", "enter")  # replies: the third, "none"
        await pilot.press("tab", "space")  # exclusive
        await pilot.press("ctrl+s")
        await settle(pilot)
        changed = only_list(alice)
        assert (changed.id, changed.title) == (made.id, RENAMED)
        assert (changed.replies_policy, changed.exclusive) == ("none", True)
        shown = lists_text(app)
        assert rtl(RENAMED) in shown and rtl(TITLE) + "\n" not in shown
        assert "no replies · exclusive (not in Home)" in shown
        assert main.views[key].label == RENAMED
        await pilot.press("escape")
        await settle(pilot)

        # L on bob's profile: your lists, unmarked; Enter puts him on one
        prompt = await bobs_lists(pilot, app)
        options = prompt.query_one(OptionList)
        assert visible_text(options).strip().startswith(rtl(RENAMED))  # no ✓ yet
        await pilot.press("enter")
        await settle(pilot)
        assert [found.id for found in alice.account_lists(bob_account.id)] == [made.id]
        assert "✓ " + rtl(RENAMED) in visible_text(options)
        assert "Added @bob@mock.local to" in str(prompt.query_one(".hint").render())
        await pilot.press("escape")
        await settle(pilot)
        assert "Added @bob@mock.local to" in said(app)  # on the profile's status line
        await pilot.press("escape")
        await settle(pilot)

        # m: the members; x takes bob off (after asking)
        await pilot.press("g", "L")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        members = app.screen
        assert isinstance(members, ListMembersScreen)
        assert "@bob@mock.local" in view_text(members.current_view)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert alice.list_members(made.id).items == ()
        assert "@bob" not in view_text(members.current_view)
        assert "Removed @bob@mock.local from" in said(app)

        # a: someone you follow, found by name, put back on
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"bob", "enter")
        await settle(pilot)
        choice = app.screen.query_one("#choices", OptionList)
        assert "@bob@mock.local" in visible_text(choice)
        await pilot.press("enter")
        await settle(pilot)
        assert [a.acct for a in alice.list_members(made.id).items] == ["bob"]
        assert "@bob@mock.local" in view_text(members.current_view)
        await pilot.press("escape")
        await settle(pilot)

        # d: deleted after asking; its tab goes with it
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert alice.lists() == []
        assert rtl(RENAMED) not in lists_text(app)
        assert key not in main.views
        assert main.active == "home"


async def test_adding_someone_the_server_refuses_says_its_sentence(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    """Mastodon refuses (422) to put someone you do not follow on a list: its own
    sentence reaches the status line, and the list stays unmarked."""
    made = alice.create_list("Work")
    bob_account = alice.lookup("bob")
    alice.follow(bob_account.id)
    bob.post("for the list")
    refusal = "Validation failed: Account has not been followed"
    refuse_once(server, 422, refusal, path=f"/api/v1/lists/{made.id}/accounts", methods=["POST"])
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompt = await bobs_lists(pilot, app)
        await pilot.press("enter")
        await settle(pilot)
        assert alice.account_lists(bob_account.id) == []
        options = prompt.query_one(OptionList)
        assert "✓" not in visible_text(options)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert refusal in said(app)


async def test_a_server_without_lists_says_so(server: MockServer, bob: MastodonClient) -> None:
    server.fault(status=404, path="/api/v1/lists", methods=["GET"], body={"error": "Not found"})
    bob.post("for the list")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", "L")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen)
        assert "does not offer this (lists)" in said(app)
        screen = app.screen
        assert "does not offer this (lists)" in visible_text(screen.current_view)
        await pilot.press("n", *"Work", "enter")  # known missing: not asked again
        await settle(pilot)
        assert "does not offer this (lists)" in status_line(screen)
        form = app.screen
        assert isinstance(form, ListForm) and form.current().title == "Work"  # kept
        await pilot.press("escape", "escape")
        await settle(pilot)
        await open_bobs_profile(pilot, app)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert "does not offer this (lists)" in said(app)
    assert app.return_code in (0, None)


async def test_a_list_deleted_elsewhere_says_it_is_gone(
    server: MockServer, alice: MastodonClient
) -> None:
    """Renaming a list deleted from another client: a 404 on that list is a sentence,
    and lists stay known to the server (not taken for a missing feature)."""
    made = alice.create_list("Gone soon")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", "L")
        await settle(pilot)
        screen = app.screen
        alice.delete_list(made.id)
        await pilot.press("e", "home", "ctrl+k", *"New name", "enter")
        await settle(pilot)
        assert "does not exist" in status_line(screen)
        assert "lists" not in main_screen(app).session.client.missing
        form = app.screen
        assert isinstance(form, ListForm)  # what was typed comes back
        assert form.current().title == "New name"


async def test_titles_are_text_never_markup(server: MockServer) -> None:
    """Titles are remote text: markup in one is shown as typed, a long one is cut, and
    two lists a server sends with one id keep a row each."""
    lists = [
        {
            "id": "9",
            "title": "[b]bold[/b] [@click=app.quit]x[/]",
            "replies_policy": "followed",
            "exclusive": True,
        },
        {"id": "9", "title": "طويل " * 60, "replies_policy": "odd"},
    ]
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with server.fault(path="/api/v1/lists", methods=["GET"], status=200, body=lists):
            await pilot.press("g", "L")
            await settle(pilot)
        shown = lists_text(app)
        assert "[b]bold[/b] [@click=app.quit]x[/]" in shown
        assert "replies to anyone you follow · exclusive (not in Home)" in shown
        assert "replies to members of the list" in shown  # an unknown policy: the default
        assert len(app.screen.current_view.entries) == 2
        assert app.is_running


async def test_members_come_a_page_at_a_time(server: MockServer, alice: MastodonClient) -> None:
    """A server that pages the members (a Link header): the next page loads at the end."""
    made = alice.create_list("Paged")
    ids = [alice.lookup(name).id for name in ("bob", "carol")]
    for account_id in ids:
        alice.follow(account_id)
    alice.add_to_list(made.id, ids)
    path = f"/api/v1/lists/{made.id}/accounts"
    bob_json = account_json(server, ids[0])
    link = f'<{server.base_url}{path}?max_id={ids[0]}>; rel="next"'
    server.fault(
        path=path, methods=["GET"], status=200, body=[bob_json], headers={"Link": link}, count=1
    )
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", "L")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        members = app.screen
        assert isinstance(members, ListMembersScreen)
        shown = view_text(members.current_view)
        assert "@bob@" in shown and "@carol@" not in shown
        await pilot.press("down")  # the end of the first page: the next one comes
        await settle(pilot)
        shown = view_text(members.current_view)
        assert "@bob@" in shown and "@carol@" in shown
        assert shown.count("@bob@") == 1
        assert "2 members" in said(app)


def test_the_list_calls_read_back(alice: MastodonClient) -> None:
    """The API layer alone: what each call sends is what the server keeps."""
    made = alice.create_list("قائمة", replies_policy="followed", exclusive=True)
    assert (made.title, made.replies_policy, made.exclusive) == ("قائمة", "followed", True)
    changed = alice.update_list(made.id, "Renamed", replies_policy="none", exclusive=False)
    assert alice.lists() == [changed]
    assert (changed.title, changed.replies_policy, changed.exclusive) == ("Renamed", "none", False)
    bob_id = alice.lookup("bob").id
    alice.follow(bob_id)
    alice.add_to_list(made.id, [bob_id])
    assert [a.id for a in alice.list_members(made.id).items] == [bob_id]
    assert alice.account_lists(bob_id) == [changed]
    alice.remove_from_list(made.id, [bob_id])
    assert alice.list_members(made.id).items == ()
    # only the people you follow, to pick from
    assert [a.acct for a in alice.search_accounts("bob", following=True)] == ["bob"]
    assert alice.search_accounts("carol", following=True) == []
    assert [a.acct for a in alice.search_accounts("carol")] == ["carol"]
    alice.delete_list(made.id)
    assert alice.lists() == []
