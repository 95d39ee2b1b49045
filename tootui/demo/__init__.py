"""The demo: a local Mastodon server with a small, believable world, for ``tootui --demo``.

It runs mastodon-mock on 127.0.0.1 (in a thread, or a process of its own for
``tootui --demo``) with a throwaway copy of the world's database, and nothing
leaves the machine: every link points at example.org and is never fetched. The package:

- ``world.toml``: the world's text (people, posts in several languages, polls, CWs...);
- ``world.py``: reads it, and ``plan_world`` decides every post for a size and a seed;
- ``server.py``: ``DemoServer``, the running instance, and ``python -m tootui.demo``;
- ``images.py``: the pictures, made on the spot (stored as the mock stores an upload);
- ``mock_internals.py``: the one place that uses mastodon-mock's internals, and why;
- ``snapshot.py``: the seeded world kept in the cache folder, so a later demo starts from it;
- ``launch.py``: ``tootui --demo`` starting the server beside the app (a process of its own);
- ``sandbox.py``: the app as ``tootui --demo`` runs it (imports the app: not loaded here).

The names below are loaded on first use: ``server.py`` brings Mastodon.py and the mock's
config (pydantic), which ``tootui --demo`` does not need in its own process.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tootui.demo.images import tiny_png
    from tootui.demo.mock_internals import encode_link_headers
    from tootui.demo.server import STOP_GRACE, DemoServer, build_world_config, start_demo_server
    from tootui.demo.world import (
        DEMO_DESCRIPTION,
        DEMO_RULES,
        DEMO_TITLE,
        DEMO_USERNAME,
        PEOPLE,
        WORLD,
        DemoPerson,
        PlannedPoll,
        PlannedPost,
        World,
        WorldPlan,
        plan_world,
    )

_WHERE = {
    "tiny_png": "images",
    "STOP_GRACE": "server",
    "DemoServer": "server",
    "build_world_config": "server",
    "start_demo_server": "server",
    "encode_link_headers": "mock_internals",
    **dict.fromkeys(
        (
            "DEMO_DESCRIPTION",
            "DEMO_RULES",
            "DEMO_TITLE",
            "DEMO_USERNAME",
            "PEOPLE",
            "WORLD",
            "DemoPerson",
            "PlannedPoll",
            "PlannedPost",
            "World",
            "WorldPlan",
            "plan_world",
        ),
        "world",
    ),
}

__all__ = [
    "DEMO_DESCRIPTION",
    "DEMO_RULES",
    "DEMO_TITLE",
    "DEMO_USERNAME",
    "DemoPerson",
    "DemoServer",
    "PEOPLE",
    "PlannedPoll",
    "PlannedPost",
    "STOP_GRACE",
    "WORLD",
    "World",
    "WorldPlan",
    "build_world_config",
    "encode_link_headers",
    "plan_world",
    "start_demo_server",
    "tiny_png",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"tootui.demo.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
