"""The ``tootui`` command: start the app, the demo, or manage accounts.

Imports are kept inside the functions so ``tootui --version`` and ``--help`` answer at
once, without loading Textual or Mastodon.py. The interface language is set from the
config before ``tootui.app`` is imported: key descriptions are translated when their
module is imported (see ``tootui.i18n``).
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tootui import __version__

if TYPE_CHECKING:
    from tootui.config import Config


def build_parser() -> argparse.ArgumentParser:
    """The command line; its help texts are translated (argparse's own words are not)."""
    from tootui.i18n import _

    parser = argparse.ArgumentParser(
        prog="tootui",
        description=_("A keyboard-first terminal client for Mastodon and the fediverse."),
    )
    parser.add_argument("--version", action="version", version=f"tootui {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_(
            "start a local demo server with a small made-up world and open the app on it "
            "(nothing leaves this machine)"
        ),
    )
    parser.add_argument("--account", metavar="USER@HOST", help=_("open this stored account"))
    parser.add_argument(
        "--log",
        metavar="FILE",
        help=_(
            "append a debug log for bug reports to FILE: requests, failures and live-update "
            "states, never tokens"
        ),
    )
    sub = parser.add_subparsers(dest="command")
    login = sub.add_parser("login", help=_("sign in to a server (prints a URL, reads the code)"))
    login.add_argument("server", help=_("e.g. mastodon.social or @you@mastodon.social"))
    accounts = sub.add_parser("accounts", help=_("list, add, remove or choose stored accounts"))
    acc_sub = accounts.add_subparsers(dest="accounts_command", required=True)
    acc_sub.add_parser("list", help=_("list stored accounts"))
    add = acc_sub.add_parser("add", help=_("store an existing access token after checking it"))
    add.add_argument("--server", required=True, help=_("the server's URL"))
    add.add_argument(
        "--token-file", required=True, help=_("file holding the token, or - for stdin")
    )
    remove = acc_sub.add_parser(
        "remove", help=_("sign out: revoke the token and forget the account")
    )
    remove.add_argument("acct", metavar="USER@HOST")
    default = acc_sub.add_parser("default", help=_("open this account at start-up"))
    default.add_argument("acct", metavar="USER@HOST")
    return parser


def load_settings() -> Config:
    """Read the config and set the interface language; call before importing the app."""
    from tootui.config import Config
    from tootui.i18n import set_language

    config = Config.load()
    if set_language(config.language or None) != "en" and config.problem:
        config = Config.load()  # the problem was written before the language was chosen
    return config


def main(argv: Sequence[str] | None = None) -> int:
    config = load_settings()  # first, so --help is in the interface language
    args = build_parser().parse_args(argv)
    path = args.log or config.log_file
    if not path:
        return run(args, config)
    from tootui.debug_log import start_debug_log, stop_debug_log
    from tootui.i18n import _

    try:
        handler = start_debug_log(path, bodies=config.log_bodies)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        print(
            _("tootui: cannot write the log to {path}: {reason}.").format(path=path, reason=reason),
            file=sys.stderr,
        )
        return 1
    try:
        return run(args, config)
    finally:
        stop_debug_log(handler)


def run(args: argparse.Namespace, config: Config) -> int:
    """Do what the command line asks: a command, the demo, or the app."""
    if args.command in ("login", "accounts"):
        from tootui.cli import run_account_command

        return run_account_command(args)
    if args.demo:
        return run_demo(config)
    return run_stored(args.account, config)


def run_demo(config: Config) -> int:
    """Start the demo server, open the app signed in to it, stop the server on quit.

    The server is made beside the app (``tootui.demo.launch``): the app draws at once and
    its requests wait until the server answers. Nothing the demo does is kept: it runs in
    a temporary folder (``tootui.demo.sandbox``); only the seeded world is kept, in the
    cache folder, for the next demo (``tootui.demo.snapshot``).
    """
    import threading
    from importlib.util import find_spec

    from tootui.i18n import _

    if find_spec("mastodon_mock") is None:
        print(
            _("The demo needs the 'demo' extra: pip install 'tootui[demo]'"),
            file=sys.stderr,
        )
        return 2
    from tootui.demo.launch import default_snapshot, demo_server, demo_session, kept_home

    print(_("Starting the demo server…"), file=sys.stderr, flush=True)
    snapshot = default_snapshot()  # the real cache folder, before the sandbox moves it
    with demo_server(snapshot) as start:
        home = kept_home(start, snapshot)
        if home is None:
            start.go()  # nothing to draw first: the server's work at once
        from tootui.demo.sandbox import DemoTootUI, demo_config, demo_sandbox
        from tootui.runloop import run_app

        with demo_sandbox():
            first_frame = threading.Event()
            session = demo_session(start, snapshot, home, first_frame)
            run_app(DemoTootUI([session], config=demo_config(config), first_frame=first_frame))
    # The process ends now. Collecting the app's objects on the way out would take time
    # and free nothing the exit does not.
    gc.freeze()
    return 0


def run_stored(acct: str | None, config: Config) -> int:
    """Open the stored accounts; with none stored, the app opens its sign-in screen.

    An ``acct`` that is not stored stops here (status 1) with a sentence naming it and
    the stored ones, before anything is drawn over it.

    Tokens are read by the clients' first workers once the first frame is drawn (from the
    timeline cache), never before: see ``tootui.startup``. With nothing cached there is no
    frame worth waiting for: the home timeline is asked for at once (``prefetch_home``).
    """
    import threading

    from tootui.collection import hold_garbage_collection

    hold_garbage_collection()  # until the first frame (the app releases it)
    from tootui.startup import load_sessions, no_accounts_message, prefetch_home

    first_frame = threading.Event()
    sessions, start, problem = load_sessions(
        acct, token_store=config.token_store, not_before=first_frame
    )
    if problem and problem != no_accounts_message():
        print(problem, file=sys.stderr)
        return 1
    first = next((s for s in sessions if s.acct == start), None)
    if first is not None:
        from tootui.cache import TimelineCache

        if not TimelineCache(first.acct).path.exists():
            prefetch_home(first)  # nothing to draw from the cache: ask now
    from tootui.app import TootUI
    from tootui.runloop import run_app

    app = TootUI(sessions, config=config, start_acct=start, first_frame=first_frame)
    run_app(app)
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
