"""Your lists: choose one to open as a tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tootui.screens.main import MainScreen


def open_lists(main: MainScreen) -> None:
    """Choose one of your lists and open it as a tab (``g L``)."""
    main.choose_list()
