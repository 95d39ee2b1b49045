"""Writing a post in the user's own editor ($VISUAL, else $EDITOR).

The text goes to a private temporary file, the editor runs on it with our environment minus
anything that looks like a secret, and what it saved comes back. Blocking and UI-free: the
composer suspends the app around ``edit_externally`` (ctrl+e).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from pathlib import Path

_SECRET_ENV = re.compile(r"TOKEN|SECRET|PASSW|CREDENTIAL|API_?KEY|AUTH", re.IGNORECASE)


def chosen_editor() -> str | None:
    """The editor command the user chose ($VISUAL, else $EDITOR), or None."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or None


def editor_environment() -> dict[str, str]:
    """The environment for $VISUAL/$EDITOR: ours, minus anything that looks like a secret."""
    return {k: v for k, v in os.environ.items() if not _SECRET_ENV.search(k)}


def edit_externally(text: str, editor: str) -> str:
    """Run ``editor`` on a private temporary file holding ``text``; return what it saved.

    The file ends in a newline, as a text file does, so a line the editor (or a script)
    appends starts on its own line; one final newline is taken off again on the way back,
    so opening and saving without a change gives back exactly ``text``.
    """
    handle, name = tempfile.mkstemp(prefix="tootui-draft-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text + "\n" if text else "")
        subprocess.run(  # noqa: S603 - the user's own editor, by design
            [*shlex.split(editor), str(path)], env=editor_environment(), check=False
        )
        return path.read_text(encoding="utf-8").removesuffix("\n")  # "\r\n" reads as "\n"
    finally:
        path.unlink(missing_ok=True)
