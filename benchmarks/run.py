"""Measure tootui (and optionally its peers) in a real 100x30 pseudo-terminal.

    python benchmarks/run.py [--quick] [--peers] [--json FILE] [--runs N]

Each run starts the client against a seeded demo server (a separate process), with a
fresh HOME, and measures: time to the first post, the ``j`` key (settle time and bytes)
with the first page and with ~2,000 posts loaded, peak RSS after 400 and ~2,000 posts,
30 s of idle (CPU and bytes), and the import / ``--version`` times. Beside each in-app
figure it reports how many home posts the client had really been served by then, and
any key press that changed nothing on the screen (silent), which the medians leave out.
See docs/performance.md. Exits non-zero only if the harness itself fails or tootui
never shows a post.
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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.clients import Client, Login, export_revision, peer_client, tootui_client  # noqa: E402
from benchmarks.proxy import Forwarder, make_certificate  # noqa: E402
from benchmarks.terminal import ANSWER_WITHIN, Press, PtyProgram  # noqa: E402
from benchmarks.world import DemoWorld, start_world  # noqa: E402

COLS, ROWS = 100, 30
QUIET = 0.03  # the screen has settled after this long without a byte
MEDIA_SHARE = 0.5  # --previews: the share of generated posts with a picture
STALL_SECONDS = 8.0  # paging is over when this long of key presses loaded nothing more
AFTER_SILENT = 2.0  # how long a key may take to answer right after one that changed nothing

# metric key -> (label, unit, the figure that says how many home posts the client had
# been served when it was taken); lower is better for all
METRICS: dict[str, tuple[str, str, str | None]] = {
    "first_post_cold_s": ("launch -> first post, no cache", "s", "posts_first_screen"),
    "first_post_warm_s": ("launch -> first post, warm cache", "s", None),
    "j_40_p50_ms": ("j settle p50, first page loaded", "ms", "posts_j_40"),
    "j_40_p90_ms": ("j settle p90, first page loaded", "ms", "posts_j_40"),
    "j_40_bytes": ("bytes per j, first page loaded", "B", "posts_j_40"),
    "j_2000_p50_ms": ("j settle p50, ~2,000 posts loaded", "ms", "posts_j_2000"),
    "j_2000_p90_ms": ("j settle p90, ~2,000 posts loaded", "ms", "posts_j_2000"),
    "j_2000_bytes": ("bytes per j, ~2,000 posts loaded", "B", "posts_j_2000"),
    "rss_400_mb": ("peak RSS, 400 posts loaded", "MiB", "loaded_400"),
    "rss_2000_mb": ("peak RSS, ~2,000 posts loaded", "MiB", "loaded_2000"),
    "idle_cpu_pct": ("idle CPU", "%", "posts_idle"),
    "idle_bytes": ("idle bytes written", "B", "posts_idle"),
    "requests_first_post": ("requests before the first post, no cache", "req", None),
    "requests_10s": ("requests in the first 10 s, no cache", "req", None),
    "requests_first_post_warm": ("requests before the first post, warm cache", "req", None),
    "second_launch_s": ("2nd launch -> first post (no cache files)", "s", None),
    "cache_files": ("cache files after a session", "files", None),
    "import_s": ("python -c 'import <pkg>'", "s", None),
    "version_s": ("<cmd> --version", "s", None),
}
# press series -> (what it is, for the notes; the figures taken from its presses)
SERIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "j_40": ("with the first page loaded", ("j_40_p50_ms", "j_40_p90_ms", "j_40_bytes")),
    "up": ("stepping back up before the ~2,000-post presses", ()),
    "j_2000": ("with ~2,000 posts loaded", ("j_2000_p50_ms", "j_2000_p90_ms", "j_2000_bytes")),
}
KEY_NAMES = {b"j": "j", b"k": "k", b"\x1b[A": "Up", b"\x1b[B": "Down"}
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


def key_name(key: bytes) -> str:
    return KEY_NAMES.get(key, repr(key)[2:-1])


def press_series(program: PtyProgram, key: bytes, count: int) -> list[Press]:
    """Press ``key`` ``count`` times, each after the screen settled.

    Each press may take ``ANSWER_WITHIN`` seconds to change the screen; after one that
    changed nothing, the next waits only ``AFTER_SILENT``, so a key the client ignores
    costs seconds, not minutes.
    """
    presses: list[Press] = []
    window = ANSWER_WITHIN
    for _ in range(count):
        presses.append(program.press(key, quiet=QUIET, window=window))
        window = AFTER_SILENT if presses[-1].silent else ANSWER_WITHIN
    return presses


def series_figures(presses: list[Press]) -> dict[str, float]:
    """p50 and p90 settle time (ms) and median bytes of the presses that changed the screen.

    A silent press has no latency and no size to report; counting it as 0 ms and 0 bytes
    would flatter a client that ignores the key. With no press answered, no figure.
    """
    answered = [p for p in presses if not p.silent and p.seconds is not None]
    if not answered:
        return {}
    times = [p.seconds * 1000 for p in answered if p.seconds is not None]
    return {
        "p50_ms": percentile(times, 0.5),
        "p90_ms": percentile(times, 0.9),
        "bytes": statistics.median(p.written for p in answered),
    }


def silent_presses(presses: list[Press]) -> dict[str, Any]:
    """Which presses of a series changed nothing: their numbers (from 1), and how."""
    return {
        "key": key_name(presses[0].key) if presses else "",
        "pressed": len(presses),
        "silent": [n for n, p in enumerate(presses, 1) if p.silent],
        "wrote_nothing": [n for n, p in enumerate(presses, 1) if p.wrote_nothing],
    }


def load_until(
    program: PtyProgram,
    client: Client,
    forwarder: Forwarder,
    target: int,
    deadline: float,
) -> int:
    """Press the client's End key (or many Downs) until ``target`` posts are loaded,
    loading stops growing, or time runs out. Returns how many posts are loaded: the
    distinct home statuses the server sent the client."""
    loaded = forwarder.posts_loaded()
    grew_at = time.perf_counter()
    key = client.end or client.down * 20
    while loaded < target and time.perf_counter() < deadline:
        program.write(key)
        # a page load is a round trip plus a redraw: allow it a moment to start
        program.settle(quiet=0.25, timeout=10)
        now = forwarder.posts_loaded()
        if now > loaded:
            grew_at = time.perf_counter()
        loaded = now
        if time.perf_counter() - grew_at > STALL_SECONDS:
            break
    program.settle(quiet=0.5, timeout=10)
    return forwarder.posts_loaded()


@dataclass
class Session:
    """What one launch measured: figures, and each press series' silent presses."""

    figures: dict[str, float] = field(default_factory=dict)
    silent: dict[str, dict[str, Any]] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    requests: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # (method, target)

    def add_series(self, name: str, presses: list[Press]) -> None:
        for figure, value in series_figures(presses).items():
            self.figures[f"{name}_{figure}"] = value
        self.silent[name] = silent_presses(presses)


def measure_session(
    client: Client,
    world: DemoWorld,
    forwarder: Forwarder,
    login: Login,
    *,
    idle_seconds: float,
    presses: int,
    load_budget: float,
) -> Session:
    """One launch of ``client``: every in-app figure of one run."""
    snippets = world.first_post_snippets()
    if not snippets:
        raise RunFailed("no recognisable text in the newest posts")
    session = Session()
    result = session.figures
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
            before_first = forwarder.log.requests_until(program.started_at + first)
            result["requests_first_post"] = len(before_first)
            session.requests["before_first_post"] = before_first
            program.settle(quiet=1.0, timeout=15)
            result["posts_first_screen"] = forwarder.posts_loaded()

            # j with the first page loaded; stay clear of the end, which loads more
            session.add_series("j_40", press_series(program, client.down, presses))
            program.settle(quiet=1.0, timeout=15)
            result["posts_j_40"] = forwarder.posts_loaded()

            # idle: nothing pressed, nothing should happen
            cpu0, bytes0, t0 = program.cpu_seconds(), program.bytes_total, time.perf_counter()
            end = t0 + idle_seconds
            while time.perf_counter() < end:
                program.pump(end - time.perf_counter())
            wall = time.perf_counter() - t0
            result["idle_cpu_pct"] = 100 * (program.cpu_seconds() - cpu0) / wall
            result["idle_bytes"] = program.bytes_total - bytes0
            result["posts_idle"] = forwarder.posts_loaded()
            first_10s = forwarder.log.requests_until(program.started_at + 10.0)
            result["requests_10s"] = len(first_10s)
            session.requests["first_10s"] = first_10s

            # page back to 400, then as far as the world goes (~2,000)
            budget_end = time.perf_counter() + load_budget
            result["loaded_400"] = load_until(program, client, forwarder, 400, budget_end)
            result["rss_400_mb"] = program.peak_rss_mb()
            result["loaded_2000"] = load_until(
                program, client, forwarder, len(world.home), budget_end
            )
            result["rss_2000_mb"] = program.peak_rss_mb()

            # j with everything loaded: step back up first, so j has somewhere to go
            up = b"k" if client.down == b"j" else b"\x1b[A"
            session.add_series("up", press_series(program, up, presses + 5))
            program.settle(quiet=0.5, timeout=10)
            session.add_series("j_2000", press_series(program, client.down, presses))
            program.settle(quiet=0.5, timeout=10)
            result["posts_j_2000"] = forwarder.posts_loaded()
            if program.process.poll() is not None:
                raise RunFailed(f"{client.name} exited early (code {program.process.returncode})")
            quit_cleanly(program)
        session.unreadable = list(forwarder.log.unreadable)

        # Launch again in the same HOME: a client with a cache shows posts from it.
        cached = cache_files(Path(tmp))
        result["cache_files"] = len(cached)
        forwarder.reset()
        with PtyProgram(client.command, env=env, cols=COLS, rows=ROWS, cwd=tmp) as program:
            again = program.wait_for(shows_post, timeout=60)
            if again is not None:
                result["first_post_warm_s" if cached else "second_launch_s"] = again
                warm = forwarder.log.requests_until(program.started_at + again)
                result["requests_first_post_warm"] = len(warm)
                session.requests["before_first_post_warm"] = warm
            program.settle(quiet=0.5, timeout=5)
            quit_cleanly(program)
    return session


def first_posts(
    client: Client, world: DemoWorld, forwarder: Forwarder, login: Login
) -> dict[str, Any]:
    """Launch ``client`` twice in one HOME: seconds to the first post with no cache, then
    with what the first launch left, and the requests sent before each."""
    snippets = world.first_post_snippets()
    figures: dict[str, Any] = {}

    def shows_post(text: str) -> bool:
        flat = " ".join(text.split())
        return any(piece in flat for piece in snippets)

    with tempfile.TemporaryDirectory(prefix=f"bench-{client.name}-") as tmp:
        env = client.env(Path(tmp), login)
        for name in ("cold", "warm"):
            forwarder.reset()
            with PtyProgram(client.command, env=env, cols=COLS, rows=ROWS, cwd=tmp) as program:
                seconds = program.wait_for(shows_post, timeout=90)
                if seconds is None:
                    raise RunFailed(f"no post appeared within 90 s ({name})")
                figures[f"first_post_{name}_s"] = seconds
                sent = forwarder.log.requests_until(program.started_at + seconds)
                figures[f"requests_{name}"] = len(sent)
                figures[f"requests_{name}_list"] = [f"{m} {t}" for m, t in sent]
                program.settle(quiet=1.0, timeout=15)
                quit_cleanly(program)
    return figures


def slow_link_table(
    clients: list[Client], world: DemoWorld, target: tuple[str, int], args: argparse.Namespace
) -> dict[str, Any]:
    """``--rtt`` with several round trips (and ``--cpus`` with several core counts): the
    first posts of every client at each, in one run."""
    rows: dict[str, Any] = {}
    for cpus, rtt in [(cpus, rtt) for cpus in args.cpu_counts for rtt in args.rtts]:
        label = f"{rtt:g}" if len(args.cpu_counts) == 1 else f"{rtt:g} ms, {cpus} cores"
        forwarders = {False: Forwarder(target, rtt_ms=rtt, kbps=args.kbps).start()}
        if any(c.needs_tls for c in clients):
            forwarders[True] = Forwarder(
                target, tls=make_certificate(Path(tempfile.mkdtemp())), rtt_ms=rtt, kbps=args.kbps
            ).start()
        try:
            for client in (pinned(c, cpus) for c in clients):
                forwarder = forwarders[client.needs_tls]
                cert = forwarder.tls[0] if forwarder.tls else None
                login = Login(world.acct, forwarder.base_url, world.token, cert)
                runs: list[dict[str, Any]] = []
                for run in range(args.runs):
                    log(f"[{client.name}] {label}, run {run + 1}/{args.runs}")
                    try:
                        runs.append(first_posts(client, world, forwarder, login))
                    except (RunFailed, OSError) as error:
                        log(f"[{client.name}] {label}, run {run + 1} failed: {error}")
                keys = sorted({k for r in runs for k in r if not k.endswith("_list")})
                row: dict[str, Any] = {
                    key: summarise([r[key] for r in runs if key in r]) for key in keys
                }
                if runs:  # what was asked before the first post, in the first run
                    row["requests_cold_list"] = runs[0].get("requests_cold_list", [])
                    row["requests_warm_list"] = runs[0].get("requests_warm_list", [])
                rows.setdefault(label, {})[client.name] = row
        finally:
            for forwarder in forwarders.values():
                forwarder.stop()
    lines = [
        "link | client | first post, no cache (s) | warm cache (s) | requests before it "
        "(no cache / warm) | tootui / best peer (no cache, warm)"
    ]
    for label, by_client in rows.items():
        for name, metrics in by_client.items():
            lines.append(
                f"{label} | {name} | {fmt(metrics.get('first_post_cold_s'), 's')} | "
                f"{fmt(metrics.get('first_post_warm_s'), 's')} | "
                f"{fmt(metrics.get('requests_cold'), 'req')} / "
                f"{fmt(metrics.get('requests_warm'), 'req')} | "
                + (_against_best_peer(by_client) if name == "tootui" else "")
            )
    print("\n".join(lines))
    return rows


def _against_best_peer(by_client: dict[str, Any]) -> str:
    """tootui's median first post over the fastest peer's, no cache and warm."""
    ratios = []
    for key in ("first_post_cold_s", "first_post_warm_s"):
        ours = (by_client.get("tootui", {}).get(key) or {}).get("median")
        peers = [
            metrics[key]["median"]
            for name, metrics in by_client.items()
            if not name.startswith("tootui") and (metrics.get(key) or {}).get("median")
        ]
        ratios.append(f"{ours / min(peers):.2f}x" if ours and peers else "-")
    return ", ".join(ratios)


def pinned(client: Client, cpus: int | None) -> Client:
    """``client`` run on its first ``cpus`` cores (taskset), or as it is."""
    if not cpus:
        return client
    taskset = ["taskset", "-c", f"0-{cpus - 1}"]
    return replace(
        client,
        command=[*taskset, *client.command],
        version_args=[*taskset, *client.version_args],
    )


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
    silent: dict[str, dict[str, Any]] = {}
    unreadable: list[str] = []
    errors: list[str] = []
    requests: dict[str, list[str]] = {}
    for run in range(args.runs):
        log(f"[{client.name}] run {run + 1}/{args.runs}")
        try:
            session = measure_session(
                client,
                world,
                forwarder,
                login,
                idle_seconds=args.idle,
                presses=args.presses,
                load_budget=args.load_budget,
            )
            session.figures.update(measure_cli(client, login))
        except (RunFailed, OSError, subprocess.CalledProcessError) as error:
            errors.append(f"run {run + 1}: {error}")
            log(f"[{client.name}] run {run + 1} failed: {error}")
            continue
        for key, value in session.figures.items():
            samples.setdefault(key, []).append(float(value))
        if not requests:  # the first run's, as an example of what is asked when
            requests = {k: [f"{m} {t}" for m, t in v] for k, v in session.requests.items()}
        for sentence in tally_silent(silent, run + 1, session.silent):
            log(f"[{client.name}] {sentence}")
        if session.unreadable:
            log(f"[{client.name}] run {run + 1}: unreadable answers: {session.unreadable[0]}")
        unreadable += session.unreadable
    metrics: dict[str, Any] = {key: summarise(values) for key, values in samples.items()}
    for name, total in silent.items():
        for key in SERIES[name][1]:
            if key not in metrics and total["pressed"]:
                metrics[key] = {"median": None, "note": f"all {total['pressed']} silent"}
    for key, text in NOT_AVAILABLE.items():
        metrics.setdefault(key, {"median": None, "note": text})
    return {
        "errors": errors,
        "runs_ok": args.runs - len(errors),
        "metrics": metrics,
        "silent_presses": silent,
        "unreadable_answers": unreadable,
        "requests": requests,
    }


def tally_silent(
    totals: dict[str, dict[str, Any]], run: int, session: dict[str, dict[str, Any]]
) -> list[str]:
    """Add one run's silent presses (``silent_presses`` per series) to ``totals``; return a
    sentence on each series of that run that had any."""
    sentences = []
    for name, series in session.items():
        this_run: dict[str, Any] = {
            "key": series["key"],
            "pressed": series["pressed"],
            "silent": len(series["silent"]),
            "wrote_nothing": len(series["wrote_nothing"]),
        }
        total = totals.setdefault(name, dict(this_run, pressed=0, silent=0, wrote_nothing=0))
        for count in ("pressed", "silent", "wrote_nothing"):
            total[count] += this_run[count]
        if series["silent"]:
            this_run["runs"] = {str(run): series["silent"]}
            total.setdefault("runs", {}).update(this_run["runs"])
            sentences.append(describe_silent(name, this_run))
    return sentences


def describe_silent(series: str, total: dict[str, Any]) -> str:
    """One sentence on a press series' silent presses."""
    what = SERIES[series][0]
    nothing = total["wrote_nothing"]
    how = (
        "wrote nothing"
        if nothing == total["silent"]
        else f"{nothing} wrote nothing, {total['silent'] - nothing} wrote but changed no cell"
    )
    where = "; ".join(
        f"run {run}: press {', '.join(map(str, numbers))}"
        for run, numbers in total.get("runs", {}).items()
    )
    left_out = ", left out of the medians" if SERIES[series][1] else ""
    return (
        f"{total['silent']} of {total['pressed']} {total['key']} presses {what} were silent "
        f"({how}; {where}){left_out}"
    )


def measured_commit(rev: str | None) -> str:
    """The commit of the tootui measured, "+ changes" when the working tree has some."""
    root = Path(__file__).resolve().parent.parent

    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], cwd=root, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", rev or "HEAD") or "unknown"
    if rev is None and git("status", "--porcelain", "--", "tootui"):
        commit += " + changes"
    return commit


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


def silent_note(client: dict[str, Any], metric: str) -> str:
    """The note after a figure some of whose presses changed nothing: " (3/125 silent)"."""
    for name, (_, figures) in SERIES.items():
        if metric in figures:
            total = client.get("silent_presses", {}).get(name)
            if total and total["silent"]:
                return f" ({total['silent']}/{total['pressed']} silent)"
    return ""


def posts_cells(results: dict[str, Any], names: list[str], key: str | None) -> list[str]:
    """How many home posts each client had been served for a figure; "fewer" marks any
    client below the most a client had for it, whose figure is then for less work."""
    if key is None:
        return ["" for _ in names]
    metrics = [results["clients"][n].get("metrics", {}).get(key) for n in names]
    medians = [m["median"] for m in metrics if m and m.get("median") is not None]
    most = max(medians, default=None)
    cells = []
    for metric in metrics:
        if not metric or metric.get("median") is None:
            cells.append("-")
            continue
        cell = fmt(metric, "posts")
        if most is not None and metric["median"] < most:
            cell += " fewer"
        cells.append(cell)
    return cells


def table(results: dict[str, Any]) -> str:
    names = list(results["clients"])
    header = ["figure"]
    for name in names:
        header += [name, "posts"]
    header += [f"tootui/{name}" for name in names[1:]]
    rows = [header]
    for key, (label, unit, posts_key) in METRICS.items():
        cells = [f"{label} ({unit})"]
        clients = [results["clients"][n] for n in names]
        metrics = [c.get("metrics", {}).get(key) for c in clients]
        posts = posts_cells(results, names, posts_key)
        for client, metric, count in zip(clients, metrics, posts, strict=True):
            cells += [fmt(metric, unit) + silent_note(client, key), count]
        cells += [ratio(metrics[0], m) for m in metrics[1:]]
        rows.append(cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    lines.append("")
    lines.append(
        "posts: distinct home-timeline statuses the server had sent the client when the "
        "figure was taken; fewer: less than another client had."
    )
    for name in names:
        client = results["clients"][name]
        for series, total in client.get("silent_presses", {}).items():
            if total["silent"]:
                lines.append(f"{name}: {describe_silent(series, total)}.")
        if unreadable := client.get("unreadable_answers"):
            lines.append(
                f"{name}: {len(unreadable)} timeline answers could not be read, so its post "
                f"counts may be low ({unreadable[0]})."
            )
        for error in client.get("errors", []):
            lines.append(f"{name}: {error}")
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[tuple[str, str]]:
    """Each target with "met", "not met" or why it cannot be judged."""
    clients = results["clients"]
    ours = clients["tootui"].get("metrics", {})
    peers = {n: c.get("metrics", {}) for n, c in clients.items() if not n.startswith("tootui")}

    def med(metrics: dict[str, Any], key: str) -> float | None:
        value = metrics.get(key, {}).get("median")
        return None if value is None else float(value)

    def check(ok: bool | None) -> str:
        return "n/a" if ok is None else ("met" if ok else "not met")

    def caveats(key: str, names: list[str]) -> str:
        """What the verdict must not hide: silent presses left out, fewer posts loaded."""
        notes = [
            f"{name}{silent_note(clients[name], key)}"
            for name in names
            if silent_note(clients[name], key)
        ]
        posts_key = METRICS[key][2]
        if posts_key and len(names) > 1:
            counts = {n: med(clients[n].get("metrics", {}), posts_key) for n in names}
            if len({c for c in counts.values() if c is not None}) > 1:
                notes.append(
                    "posts loaded: "
                    + ", ".join(f"{n} {c:,.0f}" for n, c in counts.items() if c is not None)
                )
        return f"; {'; '.join(notes)}" if notes else ""

    def vs_peer(key: str) -> str:
        mine = med(ours, key)
        values = {n: v for n, m in peers.items() if (v := med(m, key)) is not None}
        if mine is None or not values:
            return "n/a (needs --peers)"
        name = min(values, key=lambda n: values[n])
        best = values[name]
        return (
            f"{check(mine <= 0.5 * best)} ({mine:.4g} vs 0.5 x {best:.4g} {name}"
            f"{caveats(key, ['tootui', name])})"
        )

    def limit(key: str, bound: float, strict: bool = False) -> str:
        mine = med(ours, key)
        if mine is None:
            return "n/a" + caveats(key, ["tootui"])
        verdict = check(mine < bound if strict else mine <= bound)
        return f"{verdict} ({mine:.4g}{caveats(key, ['tootui'])})"

    previews: list[tuple[str, str]] = []
    if "tootui+previews" in clients:
        shown = clients["tootui+previews"].get("metrics", {})
        few, many = med(shown, "j_40_p50_ms"), med(shown, "j_2000_p50_ms")
        off, on = med(ours, "rss_400_mb"), med(shown, "rss_400_mb")
        previews = [
            (
                "previews on: j p50 with ~2,000 posts <= 1.25x with 40",
                "n/a"
                if few is None or many is None
                else f"{check(many <= 1.25 * few)} ({many:.4g} vs {few:.4g} ms)",
            ),
            (
                "previews on: RSS with 400 posts <= 1.5x previews off",
                "n/a"
                if off is None or on is None
                else f"{check(on <= 1.5 * off)} ({on:.4g} vs 1.5 x {off:.4g} MiB)",
            ),
        ]
    return previews + [
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
    parser.add_argument(
        "--rtt",
        help="a slow link: the round trip in ms every request and answer pays (half each "
        "way), e.g. 300; several, e.g. 0,100,300: only the first posts, at each",
    )
    parser.add_argument("--kbps", type=float, help="with the link: kilobits a second each way")
    parser.add_argument(
        "--cpus",
        help="run every client pinned to this many cores (taskset); several, e.g. 2,1, "
        "with several --rtt: every row at each, in one run",
    )
    parser.add_argument(
        "--previews",
        action="store_true",
        help="also measure tootui with inline previews on (inline_images), in a world where "
        f"{MEDIA_SHARE:.0%} of generated posts carry a picture (both tootui runs see it)",
    )
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
    args.rtts = [float(x) for x in args.rtt.split(",")] if args.rtt else [0.0]
    args.cpu_counts = [int(x) for x in args.cpus.split(",")] if args.cpus else [None]
    if len(args.cpu_counts) > 1 and len(args.rtts) < 2:
        parser.error("several --cpus need several --rtt (the first-posts table)")
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
    if args.previews:
        clients.append(tootui_client(source, previews=True))
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": measured_commit(args.rev),
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
            "media_share": MEDIA_SHARE if args.previews else 0.0,
            "rtt_ms": args.rtts,
            "kbps": args.kbps,
            "cpus": args.cpu_counts if args.cpus else os.cpu_count(),
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
    if len(args.rtts) == 1:  # the full run: one core count (the table pins its own)
        clients = [pinned(client, args.cpu_counts[0]) for client in clients]
    log(f"starting a demo server with {args.posts} posts ...")
    tmp = Path(tempfile.mkdtemp(prefix="bench-tls-"))
    cert = key = None
    forwarders: dict[bool, Forwarder] = {}
    with start_world(args.posts, media_share=MEDIA_SHARE if args.previews else 0.0) as world:
        log(f"home timeline: {len(world.home)} posts, {len(world.snippets)} recognisable")
        target = ("127.0.0.1", int(world.base_url.rsplit(":", 1)[1]))
        if len(args.rtts) > 1:
            mach = results["machine"]
            print(
                f"{results['when']}, tootui at {results['commit']}, {mach['cpus']} CPUs "
                f"({mach['cpu_model']}), load {mach['load_average'][0]:.2f}, "
                f"{args.runs} run(s) each"
            )
            results["slow_link"] = slow_link_table(clients, world, target, args)
            results["seconds"] = time.perf_counter() - started
            if args.json:
                args.json.write_text(json.dumps(results, indent=2) + "\n")
            return 0
        link = {"rtt_ms": args.rtts[0], "kbps": args.kbps}
        forwarders[False] = Forwarder(target, **link).start()
        if any(c.needs_tls for c in clients):
            cert, key = make_certificate(tmp)
            forwarders[True] = Forwarder(target, tls=(cert, key), **link).start()
        try:
            for client in clients:
                results["clients"][client.name] = bench_client(
                    client, world, forwarders, cert, args
                )
        finally:
            for forwarder in forwarders.values():
                forwarder.stop()
    # tootui first, then peers in a fixed order, whatever failed to install
    order = ["tootui", "tootui+previews", "tooi", "mastui"]
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
