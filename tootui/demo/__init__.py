"""The demo: a local Mastodon server with a small, believable world, for ``tootui --demo``.

It runs mastodon-mock in a thread on 127.0.0.1 with a throwaway database, and nothing
leaves the machine: every link points at example.org and is never fetched. The package:

- ``world.toml``: the world's text (people, posts in several languages, polls, CWs...);
- ``world.py``: reads it, and ``plan_world`` decides every post for a size and a seed;
- ``server.py``: ``DemoServer``, the running instance, and ``python -m tootui.demo``;
- ``images.py``: the pictures, made on the spot and uploaded over HTTP;
- ``mock_internals.py``: the one place that uses mastodon-mock's internals, and why;
- ``sandbox.py``: the app as ``tootui --demo`` runs it (imports the app: not loaded here).
"""

from typing import Any

from tootui.demo.images import tiny_png
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

__all__ = [
    "DEMO_DESCRIPTION",
    "DEMO_RULES",
    "DEMO_TITLE",
    "DEMO_USERNAME",
    "PEOPLE",
    "STOP_GRACE",
    "WORLD",
    "DemoPerson",
    "DemoServer",
    "PlannedPoll",
    "PlannedPost",
    "World",
    "WorldPlan",
    "build_world_config",
    "encode_link_headers",
    "plan_world",
    "start_demo_server",
    "tiny_png",
]


def __getattr__(name: str) -> Any:
    # mock_internals loads all of mastodon-mock's server: only when it is asked for.
    if name == "encode_link_headers":
        from tootui.demo.mock_internals import encode_link_headers

        return encode_link_headers
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
