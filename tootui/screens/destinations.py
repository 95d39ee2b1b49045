"""Places to go from the main screen: the views after ``g`` and in the command palette.

Each place is opened by a function ``open_…(main)`` (``main`` is the account's
``MainScreen``) in the module that holds its view. They are named here by their dotted
path, so the go menu, the command palette and docs/keys.md list the same places, and
this module imports none of them until one is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from tootui.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class Destination:
    """A place: its name, its key after ``g`` (None: only in the palette), what the menu and
    the palette call it (``N_()`` msgids, translated where shown), and how it is opened."""

    name: str
    key: str | None
    label: str
    help: str
    opener: str  # "module:function", the function taking the MainScreen


DESTINATIONS = (
    Destination(
        "conversations",
        "d",
        N_("Conversations"),
        N_("Direct messages, one conversation per row"),
        "tootui.screens.conversations:open_conversations",
    ),
    Destination(
        "lists",
        "L",
        N_("Lists…"),
        N_("Open, make and manage your lists"),
        "tootui.screens.lists:open_lists",
    ),
    Destination(
        "followed_tags",
        "T",
        N_("Followed hashtags"),
        N_("The hashtags you follow: open or unfollow them"),
        "tootui.screens.followed_tags:open_followed_tags",
    ),
    Destination(
        "filters",
        "m",
        N_("Filters (muted words)"),
        N_("Words and phrases you hide or are warned about"),
        "tootui.screens.filters:open_filters",
    ),
    Destination(
        "explore",
        "e",
        N_("Explore"),
        N_("Trending hashtags, posts and links on your server"),
        "tootui.screens.explore:open_explore",
    ),
    Destination(
        "scheduled",
        "s",
        N_("Scheduled posts"),
        N_("Posts waiting to be published: reschedule or cancel them"),
        "tootui.screens.scheduled:open_scheduled",
    ),
    Destination(
        "profile",
        "p",
        N_("Your profile"),
        N_("Your own profile, as others see it"),
        "tootui.screens.profile_edit:open_own_profile",
    ),
    Destination(
        "edit_profile",
        None,
        N_("Edit your profile"),
        N_("Display name, bio, fields, avatar and posting defaults"),
        "tootui.screens.profile_edit:open_profile_editor",
    ),
    Destination(
        "followers",
        None,
        N_("Your followers"),
        N_("Who follows you"),
        "tootui.screens.follows:open_my_followers",
    ),
    Destination(
        "following",
        None,
        N_("Who you follow"),
        N_("The accounts you follow (a request not yet answered says so)"),
        "tootui.screens.follows:open_my_following",
    ),
)
"""Every place, in the order the go menu and the palette show them."""

BY_NAME = {d.name: d for d in DESTINATIONS}


def opener(name: str) -> Callable[[Any], None]:
    """The function that opens the place ``name`` (imported now)."""
    module, function = BY_NAME[name].opener.split(":")
    found: Callable[[Any], None] = getattr(import_module(module), function)
    return found


def open_destination(main: Any, name: str) -> None:
    """Open the place ``name`` from ``main`` (the account's MainScreen)."""
    opener(name)(main)
