"""The benchmark harness runs end to end: ``benchmarks/run.py --quick`` drives the real
``tootui`` command in a pseudo-terminal and reports every figure, as CI runs it, with the
posts tootui had been served beside each in-app figure and no silent key press."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

EVERY_RUN = [
    "first_post_cold_s",
    "j_40_p50_ms",
    "j_40_p90_ms",
    "j_40_bytes",
    "j_2000_p50_ms",
    "j_2000_p90_ms",
    "j_2000_bytes",
    "loaded_400",
    "rss_400_mb",
    "loaded_2000",
    "rss_2000_mb",
    "idle_cpu_pct",
    "idle_bytes",
    "posts_first_screen",
    "posts_j_40",
    "posts_idle",
    "posts_j_2000",
    "cache_files",
    "import_s",
    "version_s",
]


@pytest.mark.timeout(120)
def test_quick_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=110,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "launch -> first post, no cache" in result.stdout
    assert "j settle p50, first page loaded" in result.stdout
    header = result.stdout.splitlines()[0].split("|")
    assert [cell.strip() for cell in header[:3]] == ["figure", "tootui", "posts"]

    data = json.loads(out.read_text())
    ours = data["clients"]["tootui"]
    assert ours["errors"] == []
    metrics = ours["metrics"]
    missing = [key for key in EVERY_RUN if key not in metrics]
    assert not missing, f"no figure for {missing}"
    assert "first_post_warm_s" in metrics or "second_launch_s" in metrics
    assert metrics["first_post_cold_s"]["median"] > 0  # how fast is the benchmark's to say
    # the quick world has 598 home posts: the harness paged to 400 and then to the end
    assert metrics["loaded_400"]["median"] >= 400
    assert metrics["loaded_2000"]["median"] > metrics["loaded_400"]["median"]
    assert metrics["rss_2000_mb"]["median"] >= metrics["rss_400_mb"]["median"] > 10
    assert metrics["j_40_bytes"]["median"] > 0, "j changed nothing on the screen"
    # the posts counted from what the server sent: tootui's first page is 40
    assert metrics["posts_first_screen"]["median"] == 40
    assert metrics["posts_j_40"]["median"] == 40
    assert metrics["posts_j_2000"]["median"] == metrics["loaded_2000"]["median"]
    assert ours["unreadable_answers"] == []
    # every j and k changed the screen: none silent, none left out of the medians
    silent = {name: series["silent"] for name, series in ours["silent_presses"].items()}
    assert silent == {"j_40": 0, "up": 0, "j_2000": 0}
    assert "silent" not in result.stdout.split("\n\n")[0]  # the table: no note
    assert [name for name, _ in data["targets"]]
