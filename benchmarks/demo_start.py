"""How fast ``tootui --demo`` starts and quits, the first time and the next times.

    python benchmarks/demo_start.py [--runs N] [--json FILE]

The installed ``tootui --demo`` in a 100x30 pty, in a fresh ``TOOTUI_HOME`` (so the
user's own cache is never touched):

- first posts: from launch until a demo person's handle is on screen;
- server answered: from launch until the demo server has answered the app (the status
  line says the view is live); later runs draw their first posts from the cache before it;
- quit: from ``q`` (after the screen has been still for 0.5 s) until the process has ended.

"first run" starts with an empty cache folder (the world is seeded and kept); "later
runs" start with the world kept by the first (tootui.demo.snapshot). Medians of N runs
each. tests/test_demo_snapshot.py checks the behaviour (which path is taken); this only
times it. Needs the ``demo`` and ``test`` extras.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.terminal import PtyProgram  # noqa: E402

WAIT = 90.0


def _tootui() -> list[str]:
    found = shutil.which("tootui", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "tootui"]


def one_start(home: Path) -> dict[str, float]:
    """Launch the demo once in ``home``: seconds to first posts, to live, and to quit."""
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", TOOTUI_HOME=str(home))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with PtyProgram([*_tootui(), "--demo"], env=env, cols=100, rows=30, cwd=str(home)) as program:
        posts = program.wait_for(lambda s: "@tom@" in s or "Tom Becker" in s, WAIT)
        if posts is None:
            raise RuntimeError("the demo's first posts never showed:\n" + program.text())
        live = program.wait_for(lambda s: "Live" in s, WAIT)
        if live is None:
            raise RuntimeError("the demo never went live:\n" + program.text())
        program.settle(0.5, timeout=10)
        pressed = time.perf_counter()
        program.write(b"q")
        program.process.wait(WAIT)
        return {"posts": posts, "live": live, "quit": time.perf_counter() - pressed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    args = parser.parse_args(argv)

    first: list[dict[str, float]] = []
    later: list[dict[str, float]] = []
    for run in range(args.runs):
        print(f"run {run + 1} of {args.runs}", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="tootui-demo-bench-") as tmp:
            first.append(one_start(Path(tmp)))  # nothing kept yet: seeds and keeps the world
            later.append(one_start(Path(tmp)))

    width = 44
    for name, runs in (("first run", first), ("later runs", later)):
        for key, label in (
            ("posts", "launch -> first posts"),
            ("live", "launch -> server answered (live)"),
            ("quit", "q -> exited"),
        ):
            values = [r[key] for r in runs]
            row = f"{name}: {label}"
            spread = f"[{min(values):.2f}-{max(values):.2f}]"
            print(f"{row:<{width}} {statistics.median(values):6.2f} s {spread}")
    if args.json:
        args.json.write_text(json.dumps({"first": first, "later": later}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
