"""Fixtures every test gets: isolated folders, an in-memory keyring, a local Mastodon server."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from mastodon_mock.testing.server import MockServer

from tootui.api import MastodonClient
from tootui.demo import encode_link_headers

# Real Mastodon JSON, kept in the repository (see its README.md for where it came from).
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mastodon-4.7"


class FixtureMissing(RuntimeError):
    """A fixture file is not in the checkout: the tests that need it cannot mean anything.

    An ordinary exception, not ``pytest.skip``/``pytest.fail`` (``BaseException``s), so
    that even code running in an app's event loop fails with it instead of hanging.
    """


def last_line_printed(code: str) -> str:
    """Run ``code`` in a fresh Python (it must succeed); the last line it printed."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def load_fixture(name: str) -> list[dict[str, Any]]:
    """Real Mastodon 4.7 JSON objects from ``tests/fixtures/mastodon-4.7/NAME.jsonl``.

    Call it before an app starts (at module level, in a pytest fixture or at the top of
    the test), never from code running inside ``App.run_test`` or a ``run_before``.
    """
    path = FIXTURES / f"{name}.jsonl"
    if not path.is_file():
        raise FixtureMissing(f"real-server fixture {path} is missing: it belongs in the repository")
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()
    ]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Config, data and cache folders under tmp_path; no user settings leak in."""
    home = tmp_path / "tootui-home"
    monkeypatch.setenv("TOOTUI_HOME", str(home))
    for name in ("TOOTUI_CONFIG_DIR", "TOOTUI_DATA_DIR", "TOOTUI_CACHE_DIR", "VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TOOTUI_NOW", "2026-11-20T12:00:00+00:00")
    # Live updates would make screens change under tests that do not expect it; the
    # tests of streaming turn it on (Config(streaming=True)).
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text("streaming = false\n", encoding="utf-8")
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[Any]:
    """An in-memory keyring backend, so no test touches the machine's real keyring."""
    from tests.keyring_memory import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates older than a month are shown in local time: make that UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def server() -> Iterator[MockServer]:
    """A fresh mastodon-mock server on 127.0.0.1 (alice, bob, carol; dave is remote)."""
    encode_link_headers()  # paging over a path in any script, as real servers do
    with MockServer() as srv:
        yield srv
        quit_now(srv)


def refuse_once(srv: MockServer, status: int, error: str, **where: Any) -> None:
    """The next request ``where`` says (``path=``, ``methods=``, ...) is refused with
    ``status`` and the server's ``error`` sentence, as Mastodon words a refusal."""
    srv.fault(status=status, body={"error": error}, count=1, **where)


def quit_now(srv: MockServer) -> None:
    """Let the server stop without waiting for its open streams to notice.

    mastodon-mock's WebSocket handler never reads from the socket, so it only learns that
    a client left when it next sends an event; uvicorn's graceful shutdown would wait for
    it (and MockServer gives up after 5 s, leaving the thread running).
    """
    uvicorn_server = getattr(srv, "_server", None)
    if uvicorn_server is not None:
        uvicorn_server.force_exit = True


@pytest.fixture
def alice(server: MockServer) -> MastodonClient:
    """tootui's API client signed in as alice on the test server.

    Its timeout only bounds a failure: on a machine loaded well beyond two busy loops, the
    test server once took more than 10 s to answer a post while a stream was open."""
    return MastodonClient(server.base_url, "alice_token", timeout=60)


@pytest.fixture
def bob(server: MockServer) -> MastodonClient:
    return MastodonClient(server.base_url, "bob_token", timeout=60)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs the app asked the browser to open (no browser is started)."""
    urls: list[str] = []

    def fake_open(url: str, *args: Any, **kwargs: Any) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", fake_open)
    return urls


@pytest.fixture
def watchers() -> Iterator[list[Any]]:
    """Every StreamWatcher a test starts is stopped afterwards, even when the test fails."""
    started: list[Any] = []
    yield started
    for watcher in started:
        watcher.stop()
