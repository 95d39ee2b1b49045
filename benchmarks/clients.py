"""The clients under test: how to install, sign in, start and drive each one.

tootui is the installed command of this checkout. The peers are installed from PyPI
into their own virtual environments under ``~/.cache/tootui-bench/`` and signed in by
writing their own credential files (read from their source) into a throwaway HOME.
"""

from __future__ import annotations

import compileall
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CACHE = Path(os.environ.get("TOOTUI_BENCH_CACHE", Path.home() / ".cache" / "tootui-bench"))
TERM_ENV = {"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"}


@dataclass
class Login:
    """Where a client should connect: the demo account through the forwarder."""

    acct: str  # demo@127.0.0.1:PORT, as the server names it
    base_url: str  # the forwarder, http:// or https://
    token: str
    ca_file: Path | None = None


@dataclass
class Client:
    """One client: its Python, its command, its keys, and how to sign it in."""

    name: str
    python: Path
    command: list[str]
    import_name: str
    version_args: list[str]
    down: bytes  # move the selection to the next post
    end: bytes  # jump to the last loaded post (which makes it load older ones)
    needs_tls: bool
    sign_in: Callable[[Path, Login], dict[str, str]]  # (home folder, login) -> extra env
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self, home: Path, login: Login) -> dict[str, str]:
        """The environment for a run with a fresh, signed-in HOME."""
        base = {k: v for k, v in os.environ.items() if not k.startswith(("TOOTUI_", "XDG_"))}
        base.update(TERM_ENV)
        base.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            XDG_STATE_HOME=str(home / ".local" / "state"),
        )
        if login.ca_file:
            base.update(
                REQUESTS_CA_BUNDLE=str(login.ca_file),
                SSL_CERT_FILE=str(login.ca_file),
            )
        base.update(self.extra_env)
        base.update(self.sign_in(home, login))
        return base


# --- tootui -------------------------------------------------------------------------


def _tootui_sign_in(
    home: Path, login: Login, source: Path | None = None, settings: str = ""
) -> dict[str, str]:
    env = {
        "TOOTUI_HOME": str(home / "tootui"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    # The account list and the token file, written the way tootui itself writes them.
    script = (
        "import sys\n"
        "from tootui.accounts import AccountRecord, AccountStore, TokenStore\n"
        "acct, url, token = sys.argv[1:4]\n"
        "AccountStore().add_or_update(AccountRecord(acct=acct, base_url=url, username='demo'))\n"
        "TokenStore('file').set_token(acct, token)\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, login.acct, login.base_url, login.token],
        env=dict(os.environ, **env, **({"PYTHONPATH": str(source)} if source else {})),
        check=True,
    )
    config = home / "tootui" / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('token_store = "file"\n' + settings)
    return env


def export_revision(rev: str) -> Path:
    """A copy of the package at git revision ``rev``, to measure a fixed state of the code
    while others keep editing the working tree. Run it with ``PYTHONPATH`` set to it."""
    repo = Path(__file__).resolve().parent.parent
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = CACHE / "src" / commit[:12]
    if not (target / "tootui" / "__init__.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", commit, "tootui"], cwd=repo, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def precompile(package: Path) -> None:
    """Write the package's bytecode (``.pyc``), as ``pip install`` does.

    The peers run as pip installed them, bytecode included; tootui runs from a source
    folder, and where ``PYTHONDONTWRITEBYTECODE`` is set (as in this project's shells)
    Python never writes bytecode for it, so every launch would first compile all of
    tootui (~40 ms of a ~0.3 s start here), which no installed tootui does.
    """
    compileall.compile_dir(str(package), quiet=1)


def tootui_client(source: Path | None = None, *, previews: bool = False) -> Client:
    """The installed ``tootui`` command; with ``source``, running that copy of the package;
    with ``previews``, with inline previews of pictures on (named "tootui+previews").

    Either way its bytecode is written first (``precompile``)."""
    bindir = Path(sys.executable).parent
    command = shutil.which("tootui", path=str(bindir)) or shutil.which("tootui")
    if command is None:
        raise RuntimeError("the tootui command is not installed (pip install -e .)")
    if source is not None:
        precompile(source / "tootui")
    else:
        spec = importlib.util.find_spec("tootui")
        if spec is not None and spec.origin is not None:
            precompile(Path(spec.origin).parent)
    settings = 'inline_images = true\nimage_protocol = "halfblock"\n' if previews else ""
    return Client(
        name="tootui+previews" if previews else "tootui",
        python=Path(sys.executable),
        command=[command],
        import_name="tootui",
        version_args=[command, "--version"],
        down=b"j",
        end=b"G",
        needs_tls=False,
        sign_in=lambda home, login: _tootui_sign_in(home, login, source, settings),
        extra_env={"PYTHONPATH": str(source)} if source else {},
    )


# --- peers --------------------------------------------------------------------------


def _tooi_sign_in(home: Path, login: Login) -> dict[str, str]:
    # tooi/credentials.py: platformdirs user_data_path("tooi") / "credentials.json"
    instance = login.acct.split("@", 1)[1]
    data = {
        "active_acct": login.acct,
        "accounts": {
            login.acct: {
                "acct": login.acct,
                "username": login.acct.split("@", 1)[0],
                "instance": instance,
                "access_token": login.token,
            }
        },
        "apps": {
            instance: {
                "title": "tootui demo",
                "domain": instance,
                "base_url": login.base_url,
                "client_id": "bench",
                "client_secret": "bench",
            }
        },
    }
    path = home / ".local" / "share" / "tooi" / "credentials.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return {}


def _mastui_sign_in(home: Path, login: Login) -> dict[str, str]:
    # mastui/profile_manager.py + config.py: ~/.config/mastui/profiles/<name>/.env and
    # last_profile.txt; the host is always reached over https.
    host = login.base_url.split("://", 1)[1]
    profile = home / ".config" / "mastui" / "profiles" / "bench"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / ".env").write_text(
        f"MASTODON_HOST={host}\n"
        "MASTODON_CLIENT_ID=bench\n"
        "MASTODON_CLIENT_SECRET=bench\n"
        f"MASTODON_ACCESS_TOKEN={login.token}\n"
    )
    (home / ".config" / "mastui" / "last_profile.txt").write_text("bench")
    return {}


PEERS = {
    # name: (PyPI package, command, import name, version args, down, end, needs TLS, sign-in)
    "tooi": ("toot-tooi", "tooi", "tooi", ["--version"], b"j", b"\x1b[1;2F", False, _tooi_sign_in),
    "mastui": ("mastui", "mastui", "mastui", ["--help"], b"\x1b[B", b"", True, _mastui_sign_in),
}


def peer_client(name: str, log: Callable[[str], None]) -> Client:
    """Install (once) and describe a peer; ``RuntimeError`` says why it cannot run."""
    package, command, import_name, version_args, down, end, tls, sign_in = PEERS[name]
    venv = CACHE / name
    python = venv / "bin" / "python"
    exe = venv / "bin" / command
    if not exe.exists():
        log(f"installing {package} into {venv} ...")
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        result = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", package],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not exe.exists():
            raise RuntimeError(f"pip install {package} failed: {result.stderr.strip()[-300:]}")
    return Client(
        name=name,
        python=python,
        command=[str(exe)],
        import_name=import_name,
        version_args=[str(exe), *version_args],
        down=down,
        end=end,
        needs_tls=tls,
        sign_in=sign_in,
    )
