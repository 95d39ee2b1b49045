"""The API layer stays UI-free: importing it must not pull in textual or rich."""

from __future__ import annotations

import json
import subprocess
import sys

API_MODULES = (
    "tootui.api",
    "tootui.api.client",
    "tootui.api.entities",
    "tootui.api.errors",
)

PROBE = f"""
import json, sys
for name in {API_MODULES!r}:
    __import__(name)
ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps({{"loaded": sorted(m for m in sys.modules if m.startswith("tootui")), "ui": ui}}))
"""


def test_api_imports_without_textual_or_rich() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(API_MODULES) <= set(report["loaded"])
    assert report["ui"] == [], f"tootui.api pulled in UI modules: {report['ui']}"
