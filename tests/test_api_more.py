"""Custom emojis and rule-based reports through ``MastodonClient``, against the mock server,
with what reached the server read back through another call."""

from __future__ import annotations

from typing import Any

import requests
from mastodon_mock.testing.server import MockServer

from tootui.api import MastodonClient
from tootui.api.errors import Rejected, ServerError, Unsupported


def server_answers(client: MastodonClient, path: str) -> list[dict[str, Any]]:
    """Collects the server's JSON answers to POSTs on ``path`` made by ``client``.

    The mock's admin API leaves out a report's rules, so the rule ids are read from the
    server's own answer (its ``Report`` entity: what it stored).
    """
    answers: list[dict[str, Any]] = []

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        request = response.request
        if request.method == "POST" and (request.path_url or "").split("?")[0].rstrip("/") == path:
            answers.append(response.json())

    client._session.hooks["response"].append(hook)
    return answers


def test_custom_emojis_are_shortcodes_asked_once(server: MockServer, alice: MastodonClient) -> None:
    assert alice.custom_emojis() == ("blobcat", "mastodon")
    with server.fault(path="/api/v1/custom_emojis", status=500):
        assert alice.custom_emojis() == ("blobcat", "mastodon")  # cached: no request
        try:
            alice.custom_emojis(refresh=True)
        except ServerError as error:
            assert "custom emojis" in str(error)
        else:
            raise AssertionError("a 500 on refresh must raise")


def test_a_server_without_custom_emojis_is_remembered(
    server: MockServer, alice: MastodonClient
) -> None:
    with server.fault(path="/api/v1/custom_emojis", status=404):
        for _ in range(2):
            try:
                alice.custom_emojis()
            except Unsupported:
                pass
            else:
                raise AssertionError("a 404 means the server lacks custom emojis")
    assert "custom emojis" in alice.missing


def test_a_violation_report_carries_its_rules(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    server.config.rules = ["Be kind", "No spam"]
    rules = alice.instance().rules
    assert [r.text for r in rules] == ["Be kind", "No spam"]
    bad = bob.post("a rude post")
    answers = server_answers(alice, "/api/v1/reports")
    alice.report(
        bad.account.id,
        status_ids=[bad.id],
        category="violation",
        rule_ids=[rules[1].id],
        comment="rude",
    )
    reports = server.client("carol").admin_reports()
    mine = [r for r in reports if str(r["target_account"]["id"]) == bad.account.id]
    assert len(mine) == 1
    assert mine[0]["category"] == "violation"
    assert [str(a["rule_ids"]) for a in answers] == [str([rules[1].id])]


def test_a_refused_category_says_the_servers_words(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bad = bob.post("something")
    body = {"error": "Validation failed: Category is not included in the list"}
    with server.fault(path_regex=r"^/api/v1/reports/?$", methods=["POST"], status=422, body=body):
        try:
            alice.report(bad.account.id, category="legal")
        except Rejected as error:
            assert "Category is not included in the list" in str(error)
        else:
            raise AssertionError("a 422 must raise Rejected")


def test_a_legal_report_reaches_the_server(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bad = bob.post("an illegal offer")
    answers = server_answers(alice, "/api/v1/reports")
    alice.report(bad.account.id, status_ids=[bad.id], category="legal", comment="see post")
    reports = server.client("carol").admin_reports()
    mine = [r for r in reports if str(r["target_account"]["id"]) == bad.account.id]
    assert [(r["category"], r["comment"]) for r in mine] == [("legal", "see post")]
    assert [str(s["id"]) for s in mine[0]["statuses"]] == [bad.id]
    assert [a["category"] for a in answers] == ["legal"]
