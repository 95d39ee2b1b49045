"""Profile tootui in the benchmark's scenarios, to explain the figures run.py reports.

    python benchmarks/profile.py startup   # pyinstrument: launch -> first post -> quit
    python benchmarks/profile.py startup --warm   # the same, launching again (cache warm)
    python benchmarks/profile.py session   # pyinstrument: + j presses, idle, paging to 400
    python benchmarks/profile.py memory    # RSS after importing each layer, and at 400 posts

pyinstrument is a dev tool, not a dependency: ``pip install pyinstrument``. Reports go
to stdout (and the HTML/text files named there).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.clients import Login, tootui_client  # noqa: E402
from benchmarks.proxy import Forwarder  # noqa: E402
from benchmarks.run import (  # noqa: E402
    COLS,
    QUIET,
    ROWS,
    load_until,
    press_series,
    quit_cleanly,
    series_figures,
)
from benchmarks.terminal import PtyProgram  # noqa: E402
from benchmarks.world import start_world  # noqa: E402

LAYERS = [
    ("python", "pass"),
    ("rich", "import rich.text, rich.console"),
    ("textual", "import textual.app, textual.widgets"),
    ("mastodon", "import mastodon"),
    ("tootui.api", "import tootui.api"),
    ("tootui.app", "import tootui.app"),
    ("tootui.app+screens", "import tootui.app, tootui.screens.main, tootui.widgets.timeline"),
]


def rss_after(statement: str) -> float:
    code = (
        f"{statement}\n"
        "for line in open('/proc/self/status'):\n"
        "    if line.startswith('VmRSS:'): print(int(line.split()[1]) / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def profile_app(
    scenario: str, out: Path, posts: int, source: Path | None, warm: bool = False
) -> None:
    client = tootui_client(source)
    with start_world(posts) as world:
        target = ("127.0.0.1", int(world.base_url.rsplit(":", 1)[1]))
        forwarder = Forwarder(target).start()
        login = Login(world.acct, forwarder.base_url, world.token)
        markers = world.first_post_snippets()
        with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
            env = client.env(Path(tmp), login)
            if warm:  # one plain session first, so the profiled one starts from the cache
                with PtyProgram(client.command, env=env, cols=COLS, rows=ROWS, cwd=tmp) as p:
                    p.wait_for(lambda text: any(m in " ".join(text.split()) for m in markers), 60)
                    p.settle(quiet=1.0)
                    quit_cleanly(p)
            command = [
                str(client.python),
                "-m",
                "pyinstrument",
                "--renderer",
                "text",
                "--show-all" if scenario == "startup" else "--unicode",
                "-o",
                str(out),
                "-m",
                "tootui",
            ]
            with PtyProgram(command, env=env, cols=COLS, rows=ROWS, cwd=tmp) as program:
                first = program.wait_for(
                    lambda text: any(m in " ".join(text.split()) for m in markers), 60
                )
                print(f"first post after {first} s (under the profiler)")
                program.settle(quiet=1.0)
                if scenario == "session":
                    figures = series_figures(press_series(program, b"j", 25))
                    print(f"j median under the profiler: {figures.get('p50_ms', 0):.1f} ms")
                    end = time.perf_counter() + 10
                    while time.perf_counter() < end:
                        program.pump(end - time.perf_counter())
                    loaded = load_until(program, client, forwarder, 400, time.perf_counter() + 60)
                    print(f"loaded {loaded}")
                    program.press(b"k" * 5, quiet=QUIET)
                quit_cleanly(program)
                program.process.wait(timeout=30)
        forwarder.stop()
    print(f"profile written to {out}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=["startup", "session", "memory"])
    parser.add_argument("--out", type=Path, default=Path("profile.txt"))
    parser.add_argument("--posts", type=int, default=600)
    parser.add_argument("--source", type=Path, help="a folder holding the tootui/ to profile")
    parser.add_argument(
        "--warm", action="store_true", help="profile a second launch, with a warm cache"
    )
    args = parser.parse_args()
    if args.scenario == "memory":
        for name, statement in LAYERS:
            print(f"{name:22} {rss_after(statement):6.1f} MiB RSS after import")
        return 0
    profile_app(args.scenario, args.out, args.posts, args.source, args.warm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
