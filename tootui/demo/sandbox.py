"""The app as ``tootui --demo`` runs it: in a sandbox that goes when the demo ends.

The demo's server and everything on it disappear when tootui quits, so nothing the demo
does may outlive it either: an account added, a draft, a read position or a cached timeline
written into the real folders would point at a server that no longer exists (and an account
added would open at the next start). ``demo_sandbox`` points all of tootui's folders at a
temporary one for the demo's lifetime; the settings file has already been read by then, so
the language, theme and keymap are still the user's own.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from tootui.app import TootUI
from tootui.config import Config
from tootui.i18n import _

_FOLDERS = {"TOOTUI_CONFIG_DIR": "config", "TOOTUI_DATA_DIR": "data", "TOOTUI_CACHE_DIR": "cache"}


@contextmanager
def demo_sandbox() -> Iterator[Path]:
    """Send every file tootui writes to a temporary folder, deleted on the way out."""
    saved = {name: os.environ.get(name) for name in _FOLDERS}
    with tempfile.TemporaryDirectory(prefix="tootui-demo-", ignore_cleanup_errors=True) as home:
        for name, sub in _FOLDERS.items():
            os.environ[name] = str(Path(home) / sub)
        try:
            yield Path(home)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def demo_config(config: Config) -> Config:
    """The user's settings, with tokens kept in the sandbox (never the system keyring)."""
    return replace(config, token_store="file")


class DemoTootUI(TootUI):
    """TootUI inside the demo sandbox: says, before an account is added, that it is not kept."""

    def action_add_account(self, first_run: bool = False) -> None:
        self.notify(
            _(
                "This is the demo: an account you add here is signed in until you quit, then "
                "forgotten. To keep an account, quit and run `tootui login SERVER`."
            ),
            title=_("Demo"),
            timeout=15,
        )
        super().action_add_account(first_run=first_run)
