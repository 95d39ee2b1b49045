"""``tootui login`` and ``tootui accounts …`` run as real commands against the mock server.

No keyring (``keyring.backends.fail.Keyring``), so tokens go to the private file; the
last test checks that no other file under TOOTUI_HOME ever holds a secret.
"""

from __future__ import annotations

import contextlib
import json
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mastodon_mock.testing.server import MockServer

from tests.pty_app import cli_env
from tests.test_signin import approve
from tootui.api import MastodonClient, NotAuthorised

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "cli-home"


def _env(home: Path) -> dict[str, str]:
    return cli_env(home, BROWSER="true")


def tootui(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tootui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(home),
        cwd=REPO,
        timeout=60,
    )


def login(
    home: Path, server: str, username: str, *, wrong: tuple[str, ...] = ()
) -> tuple[int, str, str]:
    """Run ``tootui login``, approve as ``username`` when the URL appears, paste the code
    (after the ``wrong`` ones, one a line)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tootui", "login", server],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(home),
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stdin is not None and proc.stderr is not None
    # Read through the same text streams throughout: communicate() would read the pipe
    # itself and lose what the line reader had already buffered (the prompt).
    errors = ThreadPoolExecutor(max_workers=1)
    err_read = errors.submit(proc.stderr.read)
    seen: list[str] = []
    try:
        for line in proc.stdout:
            seen.append(line)
            if "/oauth/authorize?" in line:
                answer = "".join(f"{code}\n" for code in wrong)
                proc.stdin.write(answer + approve(line.strip(), username) + "\n")
                break
        with contextlib.suppress(BrokenPipeError):  # it may have stopped before reading
            proc.stdin.close()
        out = proc.stdout.read()
        proc.wait(timeout=60)
        err = err_read.result(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=60)
        errors.shutdown(wait=True)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            with contextlib.suppress(OSError):
                stream.close()
    return proc.returncode, "".join(seen) + out, err


def host(srv: MockServer) -> str:
    return urlsplit(srv.base_url).netloc


def secrets_in(home: Path) -> dict[str, str]:
    data = json.loads((home / "data" / "tokens.json").read_text("utf-8"))
    return dict(data["secrets"])


def test_login_shows_rules_and_url_and_reads_the_code(server: MockServer, home: Path) -> None:
    server.config.rules = ["Be excellent to each other."]
    code, out, err = login(home, server.base_url, "alice")
    assert code == 0, err
    acct = f"alice@{host(server)}"
    assert "Mastodon Mock" in out
    assert "Server rules:" in out and "1. Be excellent to each other." in out
    assert f"Signed in as @{acct}." in out
    # The one-time notice: no keyring, so where the tokens went.
    assert "Tokens are stored in a file readable only by you" in out
    token = secrets_in(home)[f"token:{acct}"]
    assert token not in out + err
    assert MastodonClient(server.base_url, token).verify_credentials().username == "alice"
    token_file = home / "data" / "tokens.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600

    listed = tootui(home, "accounts", "list")
    assert listed.returncode == 0
    assert f"* @{acct}  {server.base_url}" in listed.stdout
    assert str(token_file) in listed.stdout
    assert token not in listed.stdout

    # a second login on the same server: no second notice, app registration reused
    before = json.loads((home / "config" / "accounts.json").read_text("utf-8"))["apps"]
    code, out, err = login(home, f"@bob@{host(server)}", "bob")
    assert code == 0, err
    assert "readable only by you" not in out
    after = json.loads((home / "config" / "accounts.json").read_text("utf-8"))["apps"]
    assert after == before


PROMPT = "Then paste the code the server shows here: "


def test_login_asks_again_after_a_wrong_code(server: MockServer, home: Path) -> None:
    code, out, err = login(home, server.base_url, "alice", wrong=("not-a-code", ""))
    assert code == 0, err
    assert out.count(PROMPT) == 3
    assert err.count(f"tootui: That code was not accepted by {host(server)}: it may be") == 1
    assert "tootui: Paste the code the server showed" in err
    assert f"Signed in as @alice@{host(server)}." in out
    for raw in ("(", "invalid_grant", "Mastodon API returned error", "Traceback"):
        assert raw not in err


def test_login_stops_after_three_wrong_codes(server: MockServer, home: Path) -> None:
    result = tootui(home, "login", server.base_url, stdin="one\ntwo\nthree\nfour\n")
    assert result.returncode == 1
    assert result.stdout.count(PROMPT) == 3  # "four" is never read
    assert result.stderr.count("That code was not accepted") == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        f"tootui: {host(server)} did not accept the code 3 times, so no account was added. "
        f"To start again: tootui login {host(server)}"
    )
    listed = tootui(home, "accounts", "list")
    assert "No account is stored" in listed.stdout


@pytest.mark.parametrize("stdin", ["", "not-a-code\n"], ids=["at-once", "after-a-wrong-code"])
def test_login_stops_at_the_end_of_input(server: MockServer, home: Path, stdin: str) -> None:
    """Ctrl+D (or a closed pipe) stops the sign-in and says so."""
    result = tootui(home, "login", server.base_url, stdin=stdin)
    assert result.returncode == 1
    assert result.stdout.count(PROMPT) == stdin.count("\n") + 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"tootui: No code was given, so no account was added. "
        f"To start again: tootui login {host(server)}"
    )
    listed = tootui(home, "accounts", "list")
    assert "No account is stored" in listed.stdout


def test_login_refuses_plain_http_and_unreachable_servers(home: Path) -> None:
    result = tootui(home, "login", "http://mastodon.example")
    assert result.returncode == 1
    assert "unencrypted" in result.stderr and "https://mastodon.example" in result.stderr
    with MockServer() as srv:
        gone = srv.base_url
    result = tootui(home, "login", gone)
    assert result.returncode == 1
    assert "cannot be reached" in result.stderr


def test_accounts_add_default_remove(server: MockServer, home: Path, tmp_path: Path) -> None:
    token_file = tmp_path / "token.txt"
    token_file.write_text("carol_token\n", "utf-8")
    added = tootui(
        home, "accounts", "add", "--server", server.base_url, "--token-file", str(token_file)
    )
    assert added.returncode == 0, added.stderr
    carol = f"carol@{host(server)}"
    assert f"Added @{carol}" in added.stdout
    assert "carol_token" not in added.stdout + added.stderr

    from_stdin = tootui(
        home, "accounts", "add", "--server", server.base_url, "--token-file", "-", stdin="bob_token"
    )
    assert from_stdin.returncode == 0, from_stdin.stderr
    bob = f"bob@{host(server)}"

    bad = tootui(
        home, "accounts", "add", "--server", server.base_url, "--token-file", "-", stdin="nope"
    )
    assert bad.returncode == 1 and "does not accept this token" in bad.stderr
    missing = tootui(
        home,
        "accounts",
        "add",
        "--server",
        server.base_url,
        "--token-file",
        str(tmp_path / "nothing"),
    )
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        f"tootui: Cannot read the token file {tmp_path / 'nothing'}: No such file or directory."
    )
    binary = tmp_path / "token.bin"
    binary.write_bytes(b"\xff\xfe\x00token")
    unreadable = tootui(
        home, "accounts", "add", "--server", server.base_url, "--token-file", str(binary)
    )
    assert unreadable.returncode == 1
    assert unreadable.stderr.strip() == (
        f"tootui: Cannot read the token file {binary}: it is not UTF-8 text."
    )

    listed = tootui(home, "accounts", "list").stdout
    assert f"* @{carol}" in listed and f"  @{bob}" in listed

    chosen = tootui(home, "accounts", "default", f"@{bob}")
    assert chosen.returncode == 0, chosen.stderr
    listed = tootui(home, "accounts", "list").stdout
    assert f"* @{bob}" in listed and f"  @{carol}" in listed
    unknown = tootui(home, "accounts", "default", "zed@nowhere.example")
    assert unknown.returncode == 1 and "no account zed@nowhere.example" in unknown.stderr
    nonsense = tootui(home, "accounts", "default", "zed")
    assert nonsense.returncode == 1 and "user@host" in nonsense.stderr

    # carol's token was not made by tootui's sign-in: it cannot be revoked by us, only forgotten
    removed = tootui(home, "accounts", "remove", carol)
    assert removed.returncode == 0, removed.stderr
    assert "Removed @" in removed.stdout and "Authorized apps" in removed.stdout
    assert carol not in tootui(home, "accounts", "list").stdout
    assert f"token:{carol}" not in secrets_in(home)
    again = tootui(home, "accounts", "remove", carol)
    assert again.returncode == 1 and "no account" in again.stderr


def test_remove_revokes_a_token_tootui_signed_in(server: MockServer, home: Path) -> None:
    code, _out, err = login(home, server.base_url, "alice")
    assert code == 0, err
    acct = f"alice@{host(server)}"
    token = secrets_in(home)[f"token:{acct}"]
    removed = tootui(home, "accounts", "remove", acct)
    assert removed.returncode == 0, removed.stderr
    assert "revoked on the server" in removed.stdout
    with pytest.raises(NotAuthorised):
        MastodonClient(server.base_url, token).verify_credentials()
    assert f"token:{acct}" not in secrets_in(home)


def test_tokens_live_only_in_the_token_file(server: MockServer, home: Path, tmp_path: Path) -> None:
    """After sign-ins, adds and a removal, no file but tokens.json holds any secret."""
    assert login(home, server.base_url, "alice")[0] == 0
    assert login(home, server.base_url, "bob")[0] == 0
    token_file = tmp_path / "t"
    token_file.write_text("carol_token", "utf-8")
    assert (
        tootui(
            home, "accounts", "add", "--server", server.base_url, "--token-file", str(token_file)
        ).returncode
        == 0
    )
    assert tootui(home, "accounts", "remove", f"bob@{host(server)}").returncode == 0
    assert tootui(home, "accounts", "list").returncode == 0

    secrets = secrets_in(home)
    assert any(k.startswith("client_secret:") for k in secrets)
    wanted = set(secrets.values()) | {"alice_token", "bob_token", "carol_token"}
    token_store = home / "data" / "tokens.json"
    files = [p for p in home.rglob("*") if p.is_file()]
    assert token_store in files and len(files) > 1
    for path in files:
        content = path.read_bytes()
        found = {s for s in wanted if s.encode() in content}
        if path == token_store:
            assert found
        else:
            assert not found, f"{path} holds a secret"
