"""How quickly tootui answers while something else keeps it busy: the speeds the tests
check only as behaviour (they wait for what they expect and never read a clock).

    python benchmarks/responsiveness.py [--runs N] [--json FILE]

- keys during a flood: tootui in-process (``App.run_test``) against mastodon-mock with
  live updates on; while another thread posts 500 replies into the federated timeline,
  ``j``/``k`` are sent as a terminal sends them and each is timed until the selection
  has moved. (tests/test_live_screen_more.py checks that they are handled meanwhile.)
- quit with a request that never ends: the installed ``tootui`` in a 100x30 pty, signed
  in to a server that accepts the connection and never answers; from ``q`` to the
  process having exited. (tests/test_e2e_pty.py and tests/test_faults_app.py check that
  quitting does not wait for the request.)
- demo seeding: the default 300-post demo world, as ``tootui --demo`` builds it the first
  time (later demos start from the kept world: benchmarks/demo_start.py times both).
  (tests/test_demo.py checks what it holds.)

Needs the ``demo`` and ``test`` extras (mastodon-mock, pyte). Exits non-zero only if a
measurement cannot be taken.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.terminal import PtyProgram  # noqa: E402

FLOOD = 500
WAIT = 60.0  # gives up on a measurement after this long


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- keys during a flood ------------------------------------------------------------


async def _flood_keys() -> list[float]:
    from mastodon_mock.testing.server import MockServer
    from textual import events

    from tootui.app import TootUI
    from tootui.config import Config
    from tootui.screens.main import MainScreen
    from tootui.startup import session_for

    latencies: list[float] = []
    with MockServer() as server:
        bob = server.client("bob")
        app = TootUI(
            [session_for("alice@mock.local", server.base_url, "alice_token")],
            config=Config(streaming=True),
        )
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            for n in range(10):  # something to move through while the flood waits
                bob.status_post(f"earlier {n}", visibility="public")
            first = bob.status_post("opening the thread", visibility="public")
            await pilot.press("3")
            view = screen.view("federated")
            loop = asyncio.get_running_loop()

            async def until(check: Any) -> float:
                started = loop.time()
                while not check():
                    if loop.time() - started > WAIT:
                        raise RuntimeError("gave up waiting")
                    await asyncio.sleep(0.002)
                return loop.time() - started

            await until(lambda: "federated" in screen.live and screen.live["federated"].running)
            await until(lambda: len(view.entries) >= 11)
            done = threading.Event()

            def flood() -> None:
                parent = first["id"]
                try:
                    for n in range(FLOOD):
                        reply = bob.status_post(
                            f"flood {n}", visibility="public", in_reply_to_id=parent
                        )
                        parent = reply["id"]
                finally:
                    done.set()

            writer = threading.Thread(target=flood, name="flood")
            writer.start()
            pending = screen.pending["federated"]
            await until(lambda: len(view.entries) + len(pending) > 15)
            presses = 0
            while not done.is_set() and presses < 400:
                before = view.selected
                key = "j" if presses % 4 < 2 else "k"
                event = events.Key(key, key)
                event.set_sender(app)
                assert app._driver is not None
                app._driver.send_message(event)  # as the terminal sends it
                latencies.append(await until(lambda b=before: view.selected != b))
                presses += 1
            writer.join()
    return latencies


def flood_keys() -> list[float]:
    """Milliseconds from each key to the selection having moved, during a flood."""
    return [1000 * s for s in asyncio.run(_flood_keys())]


# --- quit with a request that never ends ----------------------------------------------


class SilentServer:
    """Accepts connections on 127.0.0.1, reads what comes, never answers."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.asked = threading.Event()
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(conn)
            self.asked.set()

    def close(self) -> None:
        self.listener.close()
        for conn in self.held:
            conn.close()


def quit_hung() -> float:
    """Seconds from ``q`` to the tootui process having exited, a request unanswered."""
    silent = SilentServer()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-quit-") as tmp:
            home = Path(tmp) / "tootui"
            acct = "alice@127.0.0.1"
            script = (
                "import sys\n"
                "from tootui.accounts import AccountRecord, AccountStore, TokenStore\n"
                "AccountStore().add_or_update(AccountRecord(acct=sys.argv[1],"
                " base_url=sys.argv[2], username='alice'))\n"
                "TokenStore('file').set_token(sys.argv[1], 'token')\n"
            )
            env = dict(
                os.environ,
                TOOTUI_HOME=str(home),
                HOME=tmp,
                PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
                TERM="xterm-256color",
            )
            subprocess.run(
                [sys.executable, "-c", script, acct, silent.base_url], env=env, check=True
            )
            config = home / "config" / "config.toml"
            config.parent.mkdir(parents=True, exist_ok=True)
            config.write_text('token_store = "file"\nstreaming = false\n')
            command = [sys.executable, "-m", "tootui"]
            with PtyProgram(command, env=env, cwd=tmp) as program:
                shown = program.wait_for(lambda text: "tootui" in text, timeout=WAIT)
                if shown is None or not silent.asked.wait(WAIT):
                    raise RuntimeError("tootui never asked the server")
                pressed = time.perf_counter()
                program.write(b"q")
                while program.process.poll() is None:
                    if time.perf_counter() - pressed > WAIT:
                        raise RuntimeError("tootui did not quit")
                    program.pump(0.005)
                return time.perf_counter() - pressed
    finally:
        silent.close()


# --- demo seeding -----------------------------------------------------------------------


def demo_seed() -> float:
    """Seconds to seed the default demo world."""
    from tootui.demo import start_demo_server

    with start_demo_server() as server:
        return float(server.seed_seconds)


# --- entry point --------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    args = parser.parse_args(argv)

    keys: list[float] = []
    quits: list[float] = []
    seeds: list[float] = []
    for run in range(args.runs):
        print(f"run {run + 1} of {args.runs}", file=sys.stderr, flush=True)
        keys += flood_keys()
        quits.append(quit_hung())
        seeds.append(demo_seed())

    rows = [
        ("key during a 500-post flood, p50", percentile(keys, 0.5), "ms"),
        ("key during a 500-post flood, p90", percentile(keys, 0.9), "ms"),
        ("key during a 500-post flood, max", max(keys), "ms"),
        ("q -> exited, a request unanswered (median)", statistics.median(quits), "s"),
        ("demo world seeded, 300 posts (median)", statistics.median(seeds), "s"),
    ]
    width = max(len(name) for name, _, _ in rows)
    for name, value, unit in rows:
        print(f"{name:<{width}}  {value:8.3f} {unit}")
    print(f"({len(keys)} key presses over {args.runs} runs)")
    if args.json:
        args.json.write_text(
            json.dumps({"keys_ms": keys, "quit_s": quits, "seed_s": seeds}, indent=1)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
