"""Which picture protocol the terminal draws, told from its environment variables.

textual-image can ask the terminal instead, but only before the app starts (afterwards
the app's input thread takes the answers), at a cost of up to 0.3 s at every start in a
terminal that does not answer, and with the risk of eating a key typed meanwhile. The
variables below name the terminals whose support is known (textual-image's own support
matrix); anything else gets half-blocks, and ``image_protocol`` in the settings
overrides the guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Protocol = Literal["kitty", "sixel", "halfblock"]


def detect_protocol(environ: Mapping[str, str]) -> Protocol:
    """The best protocol the terminal running tootui is known to draw."""
    term = environ.get("TERM", "").lower()
    program = environ.get("TERM_PROGRAM", "").lower()
    if environ.get("TMUX") or term.startswith(("screen", "tmux")):
        return "halfblock"  # tmux passes neither protocol through reliably
    if environ.get("KITTY_WINDOW_ID") or term == "xterm-kitty":
        return "kitty"
    if program == "ghostty" or term == "xterm-ghostty":
        return "kitty"
    if (
        program in ("wezterm", "iterm.app", "mlterm")
        or environ.get("WEZTERM_PANE")
        or environ.get("KONSOLE_VERSION")
        or environ.get("WT_SESSION")  # Windows Terminal
        or environ.get("MLTERM")
        or term.startswith(("foot", "mlterm"))
    ):
        return "sixel"
    return "halfblock"
