"""Handing a video, audio or GIF address to an external player (mpv, vlc, ffplay).

The player is started without a shell, detached from the terminal (its own session, no
stdin/stdout/stderr), so it never blocks or draws over the app, and with an environment
that carries nothing of tootui's and nothing that looks like a secret.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import threading
from collections.abc import Mapping

from tootui.i18n import _
from tootui.media.download import MediaError

DEFAULT_PLAYERS = ("mpv", "vlc", "ffplay")
_SECRET = re.compile(
    r"TOKEN|SECRET|PASSW|PASSPHRASE|CREDENTIAL|AUTH|COOKIE|SESSION_KEY|API_?KEY", re.I
)


def player_command(configured: str) -> list[str]:
    """The player's command line (without the URL): the configured one, or the first
    of mpv, vlc and ffplay found on PATH; ``MediaError`` if there is none."""
    if configured.strip():
        try:
            argv = shlex.split(configured)
        except ValueError:
            argv = []
        if not argv:
            raise MediaError(_("media_player in the settings is not a command line."))
        if shutil.which(argv[0]) is None:
            raise MediaError(_("The player {player} was not found.").format(player=argv[0]))
        return argv
    for name in DEFAULT_PLAYERS:
        if shutil.which(name) is not None:
            return [name]
    raise MediaError(
        _("No media player found: install mpv, vlc or ffplay, or set media_player in the settings.")
    )


def player_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment minus tootui's own variables and anything secret-looking."""
    source = os.environ if environ is None else environ
    return {
        name: value
        for name, value in source.items()
        if not name.upper().startswith("TOOTUI") and not _SECRET.search(name)
    }


def start_player(configured: str, url: str) -> None:
    """Start the player on ``url`` and return at once; ``MediaError`` if it cannot start."""
    argv = [*player_command(configured), url]
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
            env=player_environment(),
        )
    except OSError as error:
        raise MediaError(
            _("Could not start {player}: {reason}.").format(
                player=argv[0], reason=error.strerror or type(error).__name__
            )
        ) from None
    # Reaped when it ends, so no finished player lingers as a zombie.
    threading.Thread(target=process.wait, name="media-player", daemon=True).start()
