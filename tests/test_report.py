"""Reporting by keys: every Mastodon category, the server's rules for a broken rule, and
the server's own words when it refuses. What reached the server is read back."""

from __future__ import annotations

from typing import Any

from mastodon_mock.testing.server import MockServer
from textual.widgets import Input, RadioButton, SelectionList, Static

from tests.apphelpers import main_screen, said, settle
from tests.test_api_more import server_answers
from tests.test_timelines import SIZE, make_app
from tootui.api import MastodonClient
from tootui.screens.main import MainScreen
from tootui.screens.report import CATEGORIES, ReportScreen


def problem(app: Any) -> str:
    return str(app.screen.query_one("#report-problem", Static).content)


def reports_on(server: MockServer, account_id: str) -> list[dict[str, Any]]:
    reports = server.client("carol").admin_reports()
    return [r for r in reports if str(r["target_account"]["id"]) == account_id]


def test_the_categories_are_mastodons() -> None:
    assert [value for value, _label in CATEGORIES] == ["spam", "legal", "violation", "other"]


async def test_a_broken_rule_reaches_the_server_with_its_rule(
    server: MockServer, bob: MastodonClient
) -> None:
    server.config.rules = ["Be kind", "No advertising", "Mark sensitive media"]
    bad = bob.post("buy my stuff, idiots")
    app = make_app(server)
    answers = server_answers(app.session.client, "/api/v1/reports")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        rules = screen.query_one("#rules", SelectionList)
        assert not rules.has_class("-on")  # shown only for a broken rule
        await pilot.press("down", "down", "enter")  # spam, legal, violation: press it
        await pilot.pause()
        assert rules.has_class("-on")
        assert [str(rules.get_option_at_index(i).prompt) for i in range(3)] == [
            "Be kind",
            "No advertising",
            "Mark sensitive media",
        ]
        await pilot.press("ctrl+s")  # no rule ticked yet: refused, nothing sent
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert "Tick the rule" in problem(app)
        assert app.focused is rules
        await pilot.press("down", "space")  # tick "No advertising"
        await pilot.press("tab", *"spam and insults", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Report sent" in said(app)
    mine = reports_on(server, bad.account.id)
    assert len(mine) == 1
    assert mine[0]["category"] == "violation"
    assert mine[0]["comment"] == "spam and insults"
    assert [str(s["id"]) for s in mine[0]["statuses"]] == [bad.id]
    assert [a["rule_ids"] for a in answers] == [["2"]]


async def test_a_legal_report_and_a_refusal_in_the_servers_words(
    server: MockServer, bob: MastodonClient
) -> None:
    bad = bob.post("an illegal offer")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        body = {"error": "Validation failed: Category is not included in the list"}
        with server.fault(
            path_regex=r"^/api/v1/reports/?$", methods=["POST"], status=422, body=body
        ):
            await pilot.press("exclamation_mark")
            await settle(pilot)
            await pilot.press("down", "enter", "tab")  # "Illegal content", then the comment
            assert isinstance(app.focused, Input)
            await pilot.press(*"sold here")
            await pilot.press("ctrl+s")
            await settle(pilot)
            words = str(main_screen(app).query_one("#statusline", Static).content)
            assert "Category is not included in the list" in words
            # nothing typed is lost: the dialog is back as it was written
            assert isinstance(app.screen, ReportScreen)
            assert app.screen.query_one("#comment", Input).value == "sold here"
            assert app.screen.query_one("#cat-legal", RadioButton).value
        assert reports_on(server, bad.account.id) == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Report sent" in said(app)
    sent = reports_on(server, bad.account.id)
    assert [r["category"] for r in sent] == ["legal"]
    assert [r["comment"] for r in sent] == ["sold here"]


async def test_a_server_without_rules_says_so(server: MockServer, bob: MastodonClient) -> None:
    bob.post("something")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert "published no rules" in problem(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)  # nothing sent
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
