"""Measure tootui (and optionally its peers) in a real 100x30 pseudo-terminal.

    python benchmarks/run.py [--quick] [--peers] [--json FILE] [--runs N]

Each run starts the client against a seeded demo server (a separate process), with a
fresh HOME, and measures: time to the first post, the ``j`` key (settle time and bytes)
with 40 and with ~2,000 posts loaded, peak RSS after 400 and ~2,000 posts, 30 s of idle
(CPU and bytes), and the import / ``--version`` times. See docs/performance.md.
Exits non-zero only if the harness itself fails or tootui never shows a post.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.clients import Client, Login, export_revision, peer_client, tootui_client  # noqa: E402
from benchmarks.proxy import Forwarder, loaded_from_requests, make_certificate  # noqa: E402
from benchmarks.terminal import PtyProgram  # noqa: E402
from benchmarks.world import DemoWorld, start_world  # noqa: E402

COLS, ROWS = 100, 30
QUIET = 0.03  # the screen has settled after this long without a byte
STALL_SECONDS = 8.0  # paging is over when this long of key presses loaded nothing more

# metric key -> (label, unit); lower is better for all
METRICS: dict[str, tuple[str, str]] = {
    "first_post_cold_s": ("launch -> first post, no cache", "s"),
    "first_post_warm_s": ("launch -> first post, warm cache", "s"),
    "j_40_p50_ms": ("j settle p50, 40 posts loaded", "ms"),
    "j_40_p90_ms": ("j settle p90, 40 posts loaded", "ms"),
    "j_40_bytes": ("bytes per j, 40 posts loaded", "B"),
    "j_2000_p50_ms": ("j settle p50, ~2,000 posts loaded", "ms"),
    "j_2000_p90_ms": ("j settle p90, ~2,000 posts loaded", "ms"),
    "j_2000_bytes": ("bytes per j, ~2,000 posts loaded", "B"),
    "loaded_400": ("posts loaded for the 400 figure", "posts"),
    "rss_400_mb": ("peak RSS, 400 posts loaded", "MiB"),
    "loaded_2000": ("posts loaded for the 2,000 figures", "posts"),
    "rss_2000_mb": ("peak RSS, ~2,000 posts loaded", "MiB"),
    "idle_cpu_pct": ("idle CPU", "%"),
    "idle_bytes": ("idle bytes written", "B"),
    "second_launch_s": ("2nd launch -> first post (no cache files)", "s"),
    "cache_files": ("cache files after a session", "files"),
    "import_s": ("python -c 'import <pkg>'", "s"),
    "version_s": ("<cmd> --version", "s"),
}
NOT_AVAILABLE = {"first_post_warm_s": "n/a (no cache files)"}


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- one run of one client ----------------------------------------------------------


class RunFailed(Exception):
    """The client could not be measured in this run; the message says why."""


def press_series(program: PtyProgram, key: bytes, count: int) -> tuple[list[float], list[int]]:
    """Press ``key`` ``count`` times, each after the screen settled; (ms, bytes) per press."""
    times, sizes = [], []
    for _ in range(count):
        seconds, written = program.press(key, quiet=QUIET)
        times.append(seconds * 1000)
        sizes.append(written)
    return times, sizes


def load_until(
    program: PtyProgram,
    client: Client,
    forwarder: Forwarder,
    home_ids: list[int],
    target: int,
    deadline: float,
) -> int:
    """Press the client's End key (or many Downs) until ``target`` posts are loaded,
    loading stops growing, or time runs out. Returns how many posts are loaded."""
    loaded = loaded_from_requests(forwarder.home_requests, home_ids)
    grew_at = time.perf_counter()
    key = client.end or client.down * 20
    while loaded < target and time.perf_counter() < deadline:
        program.write(key)
        # a page load is a round trip plus a redraw: allow it a moment to start
        program.settle(quiet=0.25, timeout=10)
        now = loaded_from_requests(forwarder.home_requests, home_ids)
        if now > loaded:
            grew_at = time.perf_counter()
        loaded = now
        if time.perf_counter() - grew_at > STALL_SECONDS:
            break
    program.settle(quiet=0.5, timeout=10)
    return loaded_from_requests(forwarder.home_requests, home_ids)


def measure_session(
    client: Client,
    world: DemoWorld,
    forwarder: Forwarder,
    login: Login,
    *,
    idle_seconds: float,
    presses: int,
    load_budget: float,
) -> dict[str, float]:
    """One launch of ``client``: every in-app figure of one run."""
    home_ids = [int(s["id"]) for s in world.home]
    snippets = world.first_post_snippets()
    if not snippets:
        raise RunFailed("no recognisable text in the newest posts")
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix=f"bench-{client.name}-") as tmp:
        env = client.env(Path(tmp), login)
        forwarder.reset()
        with PtyProgram(client.command, env=env, cols=COLS, rows=ROWS, cwd=tmp) as program:

            def shows_post(text: str) -> bool:
                flat = " ".join(text.split())
                return any(piece in flat for piece in snippets)

            first = program.wait_for(shows_post, timeout=60)
            if first is None:
                tail = program.text().strip().splitlines()[-8:]
                raise RunFailed("no post appeared within 60 s; screen ends: " + " | ".join(tail))
            result["first_post_cold_s"] = first
            program.settle(quiet=1.0, timeout=15)

            # j with the first page loaded; stay clear of the end, which loads more
            times, sizes = press_series(program, client.down, presses)
            result["j_40_p50_ms"] = percentile(times, 0.5)
            result["j_40_p90_ms"] = percentile(times, 0.9)
            result["j_40_bytes"] = statistics.median(sizes)
            result["j_40_silent"] = sum(1 for s in sizes if not s)
            program.settle(quiet=1.0, timeout=15)

            # idle: nothing pressed, nothing should happen
            cpu0, bytes0, t0 = program.cpu_seconds(), program.bytes_total, time.perf_counter()
            end = t0 + idle_seconds
            while time.perf_counter() < end:
                program.pump(end - time.perf_counter())
            wall = time.perf_counter() - t0
            result["idle_cpu_pct"] = 100 * (program.cpu_seconds() - cpu0) / wall
            result["idle_bytes"] = program.bytes_total - bytes0

            # page back to 400, then as far as the world goes (~2,000)
            budget_end = time.perf_counter() + load_budget
            result["loaded_400"] = load_until(program, client, forwarder, home_ids, 400, budget_end)
            result["rss_400_mb"] = program.peak_rss_mb()
            result["loaded_2000"] = load_until(
                program, client, forwarder, home_ids, len(home_ids), budget_end
            )
            result["rss_2000_mb"] = program.peak_rss_mb()

            # j with everything loaded: step back up first, so j has somewhere to go
            up = b"k" if client.down == b"j" else b"\x1b[A"
            for _ in range(presses + 5):
                program.press(up, quiet=QUIET)
            program.settle(quiet=0.5, timeout=10)
            times, sizes = press_series(program, client.down, presses)
            result["j_2000_p50_ms"] = percentile(times, 0.5)
            result["j_2000_p90_ms"] = percentile(times, 0.9)
            result["j_2000_bytes"] = statistics.median(sizes)
            result["j_2000_silent"] = sum(1 for s in sizes if not s)
            if program.process.poll() is not None:
                raise RunFailed(f"{client.name} exited early (code {program.process.returncode})")
            quit_cleanly(program)

        # Launch again in the same HOME: a client with a cache shows posts from it.
        cached = cache_files(Path(tmp))
        result["cache_files"] = len(cached)
        forwarder.reset()
        with PtyProgram(client.command, env=env, cols=COLS, rows=ROWS, cwd=tmp) as program:
            again = program.wait_for(shows_post, timeout=60)
            if again is not None:
                result["first_post_warm_s" if cached else "second_launch_s"] = again
            program.settle(quiet=0.5, timeout=5)
            quit_cleanly(program)
    return result


def quit_cleanly(program: PtyProgram) -> None:
    """Press q (every client here quits on it) so it can save what it saves on the way out."""
    program.write(b"q")
    deadline = time.perf_counter() + 5
    while program.process.poll() is None and time.perf_counter() < deadline:
        program.pump(0.05)


def cache_files(home: Path) -> list[Path]:
    """Files a client wrote under a folder or file named like a cache."""
    return [
        path
        for path in home.rglob("*")
        if path.is_file() and "cache" in str(path.relative_to(home)).lower()
    ]


def time_command(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def measure_cli(client: Client, login: Login) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=f"bench-{client.name}-cli-") as tmp:
        env = client.env(Path(tmp), login)
        return {
            "import_s": time_command(
                [str(client.python), "-c", f"import {client.import_name}"], env
            ),
            "version_s": time_command(client.version_args, env),
        }


# --- all runs -----------------------------------------------------------------------


def summarise(values: list[float]) -> dict[str, Any]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "q1": percentile(values, 0.25),
        "q3": percentile(values, 0.75),
        "values": values,
    }


def bench_client(
    client: Client,
    world: DemoWorld,
    forwarders: dict[bool, Forwarder],
    cert: Path | None,
    args: argparse.Namespace,
) -> dict[str, Any]:
    forwarder = forwarders[client.needs_tls]
    login = Login(world.acct, forwarder.base_url, world.token, cert if client.needs_tls else None)
    samples: dict[str, list[float]] = {}
    errors: list[str] = []
    for run in range(args.runs):
        log(f"[{client.name}] run {run + 1}/{args.runs}")
        try:
            figures = measure_session(
                client,
                world,
                forwarder,
                login,
                idle_seconds=args.idle,
                presses=args.presses,
                load_budget=args.load_budget,
            )
            figures.update(measure_cli(client, login))
        except (RunFailed, OSError, subprocess.CalledProcessError) as error:
            errors.append(f"run {run + 1}: {error}")
            log(f"[{client.name}] run {run + 1} failed: {error}")
            continue
        for key, value in figures.items():
            samples.setdefault(key, []).append(float(value))
    metrics: dict[str, Any] = {key: summarise(values) for key, values in samples.items()}
    for key, text in NOT_AVAILABLE.items():
        metrics.setdefault(key, {"median": None, "note": text})
    return {"errors": errors, "runs_ok": args.runs - len(errors), "metrics": metrics}


def machine() -> dict[str, Any]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": os.getloadavg(),
    }


# --- the report ---------------------------------------------------------------------


def fmt(metric: dict[str, Any] | None, unit: str) -> str:
    if metric is None:
        return "-"
    if metric.get("median") is None:
        return str(metric.get("note", "n/a"))
    digits = {"s": 3, "ms": 1, "MiB": 1, "%": 2}.get(unit, 0)

    def one(value: float) -> str:
        return f"{value:,.{digits}f}"

    if metric["min"] == metric["max"]:
        return one(metric["median"])
    return f"{one(metric['median'])} [{one(metric['min'])}-{one(metric['max'])}]"


def ratio(ours: dict[str, Any] | None, theirs: dict[str, Any] | None) -> str:
    if not ours or not theirs or ours.get("median") is None or theirs.get("median") is None:
        return "-"
    if theirs["median"] == 0:
        return "=" if ours["median"] == 0 else "inf"
    return f"{ours['median'] / theirs['median']:.2f}x"


def table(results: dict[str, Any]) -> str:
    names = list(results["clients"])
    header = ["figure", *(f"{name}" for name in names)]
    header += [f"tootui/{name}" for name in names[1:]]
    rows = [header]
    for key, (label, unit) in METRICS.items():
        cells = [f"{label} ({unit})"]
        metrics = [results["clients"][n].get("metrics", {}).get(key) for n in names]
        cells += [fmt(m, unit) for m in metrics]
        cells += [ratio(metrics[0], m) for m in metrics[1:]]
        rows.append(cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    for name in names:
        for error in results["clients"][name].get("errors", []):
            lines.append(f"{name}: {error}")
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[tuple[str, str]]:
    """Each target with "met", "not met" or why it cannot be judged."""
    clients = results["clients"]
    ours = clients["tootui"].get("metrics", {})
    peers = [c.get("metrics", {}) for n, c in clients.items() if n != "tootui"]

    def med(metrics: dict[str, Any], key: str) -> float | None:
        value = metrics.get(key, {}).get("median")
        return None if value is None else float(value)

    def best_peer(key: str) -> float | None:
        values = [v for m in peers if (v := med(m, key)) is not None]
        return min(values) if values else None

    def check(ok: bool | None) -> str:
        return "n/a" if ok is None else ("met" if ok else "not met")

    def vs_peer(key: str) -> str:
        mine, best = med(ours, key), best_peer(key)
        if mine is None or best is None:
            return "n/a (needs --peers)"
        return f"{check(mine <= 0.5 * best)} ({mine:.4g} vs 0.5 x {best:.4g})"

    def limit(key: str, bound: float, strict: bool = False) -> str:
        mine = med(ours, key)
        if mine is None:
            return "n/a"
        return f"{check(mine < bound if strict else mine <= bound)} ({mine:.4g})"

    return [
        ("first post, no cache <= 0.5x best peer", vs_peer("first_post_cold_s")),
        ("first post, warm cache <= 300 ms", limit("first_post_warm_s", 0.3)),
        ("j p50 <= 16 ms, 40 posts", limit("j_40_p50_ms", 16)),
        ("j p90 <= 33 ms, 40 posts", limit("j_40_p90_ms", 33)),
        ("j p50 <= 16 ms, ~2,000 posts", limit("j_2000_p50_ms", 16)),
        ("j p90 <= 33 ms, ~2,000 posts", limit("j_2000_p90_ms", 33)),
        ("bytes per j <= 0.5x best peer (40 posts)", vs_peer("j_40_bytes")),
        ("bytes per j <= 0.5x best peer (~2,000 posts)", vs_peer("j_2000_bytes")),
        ("RSS with 400 posts <= 0.5x best peer", vs_peer("rss_400_mb")),
        ("RSS with ~2,000 posts < 120 MB", limit("rss_2000_mb", 120 / 1.048576, strict=True)),
        ("idle: 0 bytes", limit("idle_bytes", 0)),
        ("idle: <= 0.2 % CPU", limit("idle_cpu_pct", 0.2)),
    ]


# --- entry point --------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 run, short idle, smaller world")
    parser.add_argument("--peers", action="store_true", help="also measure tooi and mastui")
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    parser.add_argument("--runs", type=int, help="runs per client (default 5, --quick 1)")
    parser.add_argument(
        "--only", choices=["tooi", "mastui"], help="with --peers: measure just this peer"
    )
    parser.add_argument(
        "--source",
        type=Path,
        help="measure the tootui package in this folder (it holds tootui/) instead",
    )
    parser.add_argument(
        "--rev",
        help="measure tootui as committed at this git revision (e.g. HEAD) instead of the "
        "working tree the installed command runs",
    )
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 5)
    args.idle = 5.0 if args.quick else 30.0
    args.presses = 10 if args.quick else 25
    args.posts = 600 if args.quick else 2000
    args.load_budget = 30.0 if args.quick else 240.0
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    source = export_revision(args.rev) if args.rev else args.source
    clients: list[Client] = [tootui_client(source)]
    results: dict[str, Any] = {
        "machine": machine(),
        "settings": {
            "runs": args.runs,
            "quick": args.quick,
            "terminal": f"{COLS}x{ROWS}",
            "world_posts": args.posts,
            "idle_seconds": args.idle,
            "presses": args.presses,
            "quiet_ms": QUIET * 1000,
            "tootui_source": str(source) if source else "installed working tree",
        },
        "clients": {},
    }
    if args.peers:
        for name in [args.only] if args.only else ["tooi", "mastui"]:
            try:
                clients.append(peer_client(name, log))
            except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
                log(f"[{name}] cannot run: {error}")
                results["clients"][name] = {"errors": [f"cannot run: {error}"], "metrics": {}}
    log(f"starting a demo server with {args.posts} posts ...")
    tmp = Path(tempfile.mkdtemp(prefix="bench-tls-"))
    cert = key = None
    forwarders: dict[bool, Forwarder] = {}
    with start_world(args.posts) as world:
        log(f"home timeline: {len(world.home)} posts, {len(world.snippets)} recognisable")
        target = ("127.0.0.1", int(world.base_url.rsplit(":", 1)[1]))
        forwarders[False] = Forwarder(target).start()
        if any(c.needs_tls for c in clients):
            cert, key = make_certificate(tmp)
            forwarders[True] = Forwarder(target, tls=(cert, key)).start()
        try:
            for client in clients:
                results["clients"][client.name] = bench_client(
                    client, world, forwarders, cert, args
                )
        finally:
            for forwarder in forwarders.values():
                forwarder.stop()
    # tootui first, then peers in a fixed order, whatever failed to install
    order = ["tootui", "tooi", "mastui"]
    results["clients"] = {n: results["clients"][n] for n in order if n in results["clients"]}
    results["seconds"] = time.perf_counter() - started
    results["targets"] = targets(results)
    print(table(results))
    print()
    for name, verdict in results["targets"]:
        print(f"{name}: {verdict}")
    print(
        f"\n{args.runs} run(s) per client in {results['seconds']:.0f} s on "
        f"{results['machine']['cpus']} CPUs ({results['machine']['cpu_model']})"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    ours = results["clients"]["tootui"]
    if not ours["metrics"].get("first_post_cold_s"):
        print("tootui never showed a post", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
