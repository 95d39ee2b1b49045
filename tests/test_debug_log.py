"""The debug log (``tootui --log FILE``, ``log_file``): what a bug report needs, no secret.

A real session writes it: a sign-in (client secret, OAuth code, token), the app's
requests, a live stream and a failing worker; then the file is searched for every secret.
"""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mastodon_mock.testing.server import MockServer

from tests.apphelpers import settle, wait_until
from tests.pty_app import cli_env
from tests.test_signin import approve
from tootui.api.http_log import loggable_body, loggable_url
from tootui.app import TootUI
from tootui.config import Config
from tootui.debug_log import hide_secrets, start_debug_log, stop_debug_log
from tootui.signin import finish_sign_in, prepare_sign_in, stores

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def log_path(tmp_path: Path) -> Iterator[Path]:
    """A debug log with request bodies on (the case with most to hide), closed afterwards."""
    path = tmp_path / "logs" / "tootui.log"
    path.parent.mkdir()
    handler = start_debug_log(path, bodies=True)
    try:
        yield path
    finally:
        stop_debug_log(handler)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def boom(token: str, base_url: str) -> None:
    """A bug in a worker whose message carries a URL with the token (as a network error's
    text can): the traceback in the log must not."""
    raise RuntimeError(f"could not open {base_url}/api/v1/streaming?access_token={token}&x=1")


async def test_a_real_session_logs_requests_failures_and_streams_but_no_secret(
    server: MockServer, log_path: Path
) -> None:
    accounts, tokens = stores()
    pending = prepare_sign_in(server.base_url, accounts, tokens)
    client_secret = tokens.get_client_secret(pending.base_url)
    code = approve(pending.authorize_url, "alice")
    session = finish_sign_in(pending, code, accounts, tokens)
    token = tokens.get_token(session.acct)
    assert client_secret and code and token
    app = TootUI([session], config=Config(streaming=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert await wait_until(pilot, lambda: "stream: connected" in read(log_path))
        session.client.post("a post that goes to the log only because log_bodies is on")
        app.screen.run_worker(
            lambda: boom(token, session.base_url),
            thread=True,
            name="boom",
            exit_on_error=False,
        )
        assert await wait_until(pilot, lambda: "RuntimeError" in read(log_path))
    check_log(log_path, secrets=(token, client_secret, code))


def check_log(log_path: Path, *, secrets: tuple[str, ...]) -> None:
    """The log has what a bug report needs, and none of ``secrets``."""
    text = log_path.read_text(encoding="utf-8")
    assert "POST /api/v1/apps -> 200" in text
    assert "POST /oauth/token -> 200" in text
    assert "GET /api/v1/accounts/verify_credentials -> 200" in text
    assert "GET /api/v1/timelines/home" in text and "-> 200 in" in text
    assert "body: " in text and "a post that goes to the log" in text
    assert "Traceback" in text and "worker 'boom'" in text
    assert "home stream: connected" in text or "user stream: connected" in text
    # and no secret: not the token, the client secret, the code, nor any header
    for secret in secrets:
        assert secret not in text
    assert "Authorization" not in text and "Bearer" not in text
    assert "client_secret=[hidden]" in text and "code=[hidden]" in text
    assert "access_token=[hidden]" in text  # the one in the worker's traceback
    assert stat.S_IMODE(log_path.stat().st_mode) == 0o600


def run_tootui(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tootui", *args],
        capture_output=True,
        text=True,
        env=cli_env(home),
        cwd=REPO,
        timeout=60,
    )


def test_log_flag_and_setting_append_to_a_private_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = tmp_path / "bug.log"
    path.write_text("an earlier run\n", encoding="utf-8")
    path.chmod(0o644)
    done = run_tootui(home, "--log", str(path), "accounts", "list")
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith("an earlier run\n")  # appended, not replaced
    assert "tootui " in text and " started (Python " in text and "tootui stopped" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # the setting does the same; a new file is made private from the start
    setting = tmp_path / "from-config.log"
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(f'log_file = "{setting}"\n', encoding="utf-8")
    assert run_tootui(home, "accounts", "list").returncode == 0
    assert "started" in setting.read_text(encoding="utf-8")
    assert stat.S_IMODE(setting.stat().st_mode) == 0o600
    # a file that cannot be written stops at once, in one sentence
    refused = run_tootui(home, "--log", str(tmp_path), "accounts", "list")
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"tootui: cannot write the log to {tmp_path}: ")
    assert "Traceback" not in refused.stderr


def test_secret_values_are_hidden_wherever_they_appear() -> None:
    assert (
        loggable_url("https://h/oauth/token?code=abc&client_id=x&password=p")
        == "/oauth/token?code=[hidden]&client_id=x&password=[hidden]"
    )
    assert loggable_url("https://h/api/v1/streaming?access_token=t&stream=user") == (
        "/api/v1/streaming?access_token=[hidden]&stream=user"
    )
    form = loggable_body(b"status=hi&client_secret=s", "application/x-www-form-urlencoded")
    assert form == "status=hi&client_secret=[hidden]"
    assert loggable_body(b'{"password": "p", "a": [{"token": "t"}]}', "application/json") == (
        '{"password": "[hidden]", "a": [{"token": "[hidden]"}]}'
    )
    assert loggable_body(b"\x89PNG...", "multipart/form-data; boundary=x") == "<7 bytes>"
    said = hide_secrets('Authorization: Bearer abc123 {"access_token": "s3cr3t"} code=zz9')
    assert "abc123" not in said and "s3cr3t" not in said and "zz9" not in said
    assert said.count("[hidden]") == 3


def test_without_a_log_nothing_listens() -> None:
    import logging

    assert not logging.getLogger("tootui").handlers
    assert not logging.getLogger("tootui.http").isEnabledFor(logging.INFO)
