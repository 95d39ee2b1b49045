"""``tootui login`` and ``tootui accounts …``: managing accounts without the TUI.

Messages go to stdout, problems to stderr with a non-zero exit code. Tokens and client
secrets are never printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tootui.accounts import AccountsError, AccountStore, TokenStore, normalize_acct
from tootui.i18n import _, localize_digits
from tootui.render.sanitize import clean_text
from tootui.session import AccountSession
from tootui.signin import (
    CodeNotAccepted,
    PendingSignIn,
    SignInError,
    add_with_token,
    finish_sign_in,
    host_of,
    open_in_browser,
    prepare_sign_in,
    remove_account,
    server_url,
    stores,
    token_store_notice,
)

CODE_TRIES = 3  # codes read before ``tootui login`` stops


def run_account_command(args: argparse.Namespace) -> int:
    """Run ``login`` or one of ``accounts list|add|remove|default``; the exit code."""
    try:
        accounts, tokens = stores()
        if args.command == "login":
            return login(args.server, accounts, tokens)
        command = args.accounts_command
        if command == "list":
            return list_accounts(accounts, tokens)
        if command == "add":
            return add(args.server, args.token_file, accounts, tokens)
        if command == "remove":
            print(remove_account(args.acct, accounts, tokens))
            return 0
        if command == "default":
            return set_default(args.acct, accounts)
    except (SignInError, AccountsError) as exc:
        print(_("tootui: {problem}").format(problem=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n" + _("tootui: stopped; nothing was changed."), file=sys.stderr)
        return 130
    print(_("tootui: unknown command {command}").format(command=repr(args)), file=sys.stderr)
    return 2


def _say_token_store(tokens: TokenStore) -> None:
    notice = token_store_notice(tokens)
    if notice:
        print(notice)


def login(server: str, accounts: AccountStore, tokens: TokenStore) -> int:
    """Show the server's rules and the approval URL, then read the code from stdin."""
    base_url = server_url(server)
    print(_("Contacting {url} …").format(url=base_url), flush=True)
    pending = prepare_sign_in(base_url, accounts, tokens)
    instance = pending.instance
    print()
    # Remote text: control and escape sequences are neutralised before printing.
    print(clean_text(instance.title or base_url))
    if instance.description:
        print(clean_text(instance.description.strip(), multiline=True))
    if instance.rules:
        print()
        print(_("Server rules:"))
        for number, rule in enumerate(instance.rules, start=1):
            print(f"  {number}. {clean_text(rule.text, multiline=True)}")
            if rule.hint:
                print(f"     {clean_text(rule.hint, multiline=True)}")
    print()
    print(_("Open this address in a web browser, sign in and approve tootui:"))
    print()
    print(pending.authorize_url)
    print(flush=True)
    if sys.stdin.isatty() and sys.stdout.isatty():
        open_in_browser(pending.authorize_url)
    session = _sign_in_with_code(pending, accounts, tokens)
    print(_("Signed in as @{acct}.").format(acct=session.acct))
    _say_token_store(tokens)
    return 0


def _sign_in_with_code(
    pending: PendingSignIn, accounts: AccountStore, tokens: TokenStore
) -> AccountSession:
    """Read the code from stdin and sign in, asking again after a wrong one.

    ``CODE_TRIES`` codes at most; the end of input (Ctrl+D) stops at once.
    """
    host = host_of(pending.base_url)
    for attempt in range(1, CODE_TRIES + 1):
        try:
            code = input(_("Then paste the code the server shows here: "))
        except EOFError:
            print()
            raise SignInError(
                _("No code was given, so no account was added. To start again: {command}").format(
                    command=f"tootui login {host}"
                )
            ) from None
        try:
            return finish_sign_in(pending, code, accounts, tokens)
        except CodeNotAccepted as exc:
            if attempt == CODE_TRIES:
                raise SignInError(
                    _(
                        "{host} did not accept the code {count} times, so no account was "
                        "added. To start again: {command}"
                    ).format(
                        host=host,
                        count=localize_digits(str(CODE_TRIES)),
                        command=f"tootui login {host}",
                    )
                ) from exc
            print(_("tootui: {problem}").format(problem=exc), file=sys.stderr, flush=True)
    raise AssertionError("unreachable: the last try returns or raises")


def list_accounts(accounts: AccountStore, tokens: TokenStore) -> int:
    """One line per account, the default marked, then where tokens are kept."""
    accounts.load()
    records = accounts.list()
    default = accounts.default
    if not records:
        print(_("No account is stored. Sign in with: tootui login SERVER"))
    for record in records:
        mark = "*" if default is not None and record.acct == default.acct else " "
        name = f"  ({clean_text(record.display_name, max_len=60)})" if record.display_name else ""
        missing = "" if tokens.get_token(record.acct) else "  " + _("[no token: sign in again]")
        print(f"{mark} @{record.acct}  {record.base_url}{name}{missing}")
    if records:
        print(_("(* = default)"))
    print(tokens.location_description())
    return 0


def add(server: str, token_file: str, accounts: AccountStore, tokens: TokenStore) -> int:
    """Check an existing token against the server and store it."""
    try:
        token = sys.stdin.read() if token_file == "-" else Path(token_file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        # The reason in words: str(exc) would be "[Errno 2] No such file…: 'path'".
        if isinstance(exc, UnicodeDecodeError):
            problem = _("it is not UTF-8 text")
        else:
            problem = exc.strerror or type(exc).__name__
        raise SignInError(
            _("Cannot read the token file {path}: {problem}.").format(
                path=token_file, problem=problem
            )
        ) from exc
    session = add_with_token(server, token, accounts, tokens)
    print(_("Added @{acct} ({url}).").format(acct=session.acct, url=session.base_url))
    _say_token_store(tokens)
    return 0


def set_default(acct: str, accounts: AccountStore) -> int:
    try:
        key = normalize_acct(acct)
    except ValueError as exc:
        raise SignInError(str(exc)) from exc
    accounts.set_default(key)
    print(_("tootui will open @{acct} at start-up.").format(acct=key))
    return 0
