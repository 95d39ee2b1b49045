"""The first screen from the on-disk cache: the demo's posts against real servers' posts.

    python benchmarks/cached_start.py [--runs N] [--json FILE]

A real server's first screen from the cache was reported at about twice the benchmark's.
This asks whether the posts are the difference: tootui is launched, warm, in a 100x30 pty,
once with its home cache as the demo server left it and once with that cache replaced by
80 real Mastodon 4.7 posts (tests/fixtures/mastodon-4.7/statuses.jsonl: long HTML, media,
cards, polls, custom emoji, mentions, quotes, several languages), alternately. Time is from
launch to the first of those posts on screen; nothing is asked of the server before it
(tests/test_round_trips.py checks that), so only the posts differ.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.clients import Login, tootui_client  # noqa: E402
from benchmarks.proxy import Forwarder  # noqa: E402
from benchmarks.run import COLS, ROWS, quit_cleanly  # noqa: E402
from benchmarks.terminal import PtyProgram  # noqa: E402
from benchmarks.world import start_world  # noqa: E402

FIXTURE = Path(__file__).resolve().parent.parent / "tests/fixtures/mastodon-4.7/statuses.jsonl"
REAL_POSTS = 80  # as many as the cache keeps of a timeline

# Run by the client's own Python, in the run's HOME: the real posts become its home cache.
CACHE_REAL_POSTS = """
import json, sys
from tootui.api import Status
from tootui.cache import TimelineCache
raw = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")][: int(sys.argv[3])]
statuses = [Status.from_api(item) for item in raw]
TimelineCache(sys.argv[2]).save("home", statuses)
print("@" + statuses[0].account.acct)
"""


def launch(command: list[str], env: dict[str, str], cwd: str, markers: list[str]) -> float | None:
    """Seconds from launch to any of ``markers`` on screen (None if not within 30 s)."""
    with PtyProgram(command, env=env, cols=COLS, rows=ROWS, cwd=cwd) as program:
        seconds = program.wait_for(
            lambda text: any(m in " ".join(text.split()) for m in markers), 30
        )
        program.settle(quiet=1.0)
        quit_cleanly(program)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="launches of each kind (default 5)")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()
    client = tootui_client(None)
    seconds: dict[str, list[float]] = {"demo posts": [], "real posts": []}
    with start_world(600) as world:
        target = ("127.0.0.1", int(world.base_url.rsplit(":", 1)[1]))
        forwarder = Forwarder(target).start()
        try:
            login = Login(world.acct, forwarder.base_url, world.token)
            demo_markers = world.first_post_snippets()
            with tempfile.TemporaryDirectory(prefix="bench-cached-") as tmp:
                env = client.env(Path(tmp), login)
                if launch(client.command, env, tmp, demo_markers) is None:  # fills the cache
                    print("tootui never showed a post", file=sys.stderr)
                    return 1
                for _ in range(args.runs):
                    for kind in seconds:
                        markers = demo_markers
                        if kind == "real posts":
                            done = subprocess.run(
                                [str(client.python), "-c", CACHE_REAL_POSTS, str(FIXTURE)]
                                + [world.acct, str(REAL_POSTS)],
                                env=env,
                                capture_output=True,
                                text=True,
                                check=True,
                            )
                            markers = [done.stdout.strip()]
                        figure = launch(client.command, env, tmp, markers)
                        if figure is None:
                            print(f"{kind}: no post within 30 s", file=sys.stderr)
                            return 1
                        seconds[kind].append(figure)
        finally:
            forwarder.stop()
    results: dict[str, Any] = {}
    for kind, values in seconds.items():
        results[kind] = {
            "median": statistics.median(values),
            "min": min(values),
            "max": max(values),
        }
        print(
            f"{kind}: first post from the cache {results[kind]['median']:.3f} s "
            f"[{results[kind]['min']:.3f}-{results[kind]['max']:.3f}], {len(values)} launches"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
