"""The errors of the account list and the token stores: each ``str()`` is a sentence to show."""

from __future__ import annotations

from pathlib import Path

from tootui.i18n import _


class AccountsError(Exception):
    """Base of the errors raised here; ``str()`` is a sentence to show the user."""


class StoreFileError(AccountsError):
    """A file of ours cannot be read or makes no sense; it is left exactly as it was."""

    def __init__(
        self,
        path: Path,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        what: str = "account list",
    ) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        self.column = column
        if line is None:
            where = str(path)
        elif column is None:
            where = _("{path}, line {line}").format(path=path, line=line)
        else:
            where = _("{path}, line {line}, column {column}").format(
                path=path, line=line, column=column
            )
        names = {
            "account list": _("account list"),
            "token file": _("token file"),
            "token state file": _("token state file"),
        }
        super().__init__(
            _(
                "Cannot read the {what} {where}: {problem}. "
                "The file was left as it is; fix it, or move it away to start afresh."
            ).format(what=names.get(what, what), where=where, problem=problem)
        )


class UnknownAccountError(AccountsError):
    """An operation named an account that is not in the list."""

    def __init__(self, acct: str) -> None:
        self.acct = acct
        super().__init__(_("There is no account {acct} in the account list.").format(acct=acct))


class TokenStoreError(AccountsError):
    """The chosen secret store cannot be used (for instance no keyring when one is forced)."""
