"""What start-up loads: the part of import hygiene that import-linter cannot see.

The layering rules (``tootui.api`` imports no textual or rich and nothing of tootui above
it; render imports no screens or widgets, widgets no screens, screens no ``tootui.app``;
no circles between tootui's top-level modules) are import-linter contracts in
pyproject.toml's ``[tool.importlinter]``, run by ``lint-imports`` in .ci/run. import-linter
counts an import inside a function like one at the top of a module, so it cannot tell
what these tests check, in a fresh interpreter: which libraries a start-up actually loads
(docs/performance.md says what each one costs).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("textual", "rich", "mastodon", "requests", "keyring", "websocket")


def run_script(script: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``script`` in a new interpreter with tootui's folders under ``home``; it must succeed."""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "TOOTUI_HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    return result


def loaded_after(probe: str, home: Path) -> dict[str, list[str]]:
    """Run ``probe`` in a new interpreter; the top-level packages it loaded and tootui's
    modules that define ``ComposeScreen``."""
    script = (
        "import json, sys\n"
        f"{probe}\n"
        "tops = sorted({name.split('.')[0] for name in sys.modules})\n"
        "composer = sorted(name for name, module in list(sys.modules.items())\n"
        "    if name.startswith('tootui') and 'ComposeScreen' in vars(module))\n"
        "print(json.dumps({'tops': tops, 'composer': composer}))\n"
    )
    result = run_script(script, home)
    report: dict[str, list[str]] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def test_version_and_help_load_no_ui_and_no_network_library(tmp_path: Path) -> None:
    # `tootui --version` answers at once: __main__ imports lazily
    report = loaded_after(
        "import contextlib, io\n"
        "from tootui.__main__ import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--version'])",
        tmp_path,
    )
    assert "tootui" in report["tops"]
    assert [name for name in HEAVY if name in report["tops"]] == []


def test_the_first_frame_loads_no_network_library_and_no_composer(tmp_path: Path) -> None:
    # Mastodon.py, requests, websocket-client and the keyring load in the first worker,
    # after the first frame; the composer only when it opens (or a draft is offered).
    report = loaded_after(
        "from tootui.startup import load_sessions\n"
        "import tootui.app, tootui.screens.main\n"
        "load_sessions()",
        tmp_path,
    )
    assert {"tootui", "textual", "rich"} <= set(report["tops"])
    later = ("mastodon", "requests", "websocket", "keyring")
    assert [name for name in later if name in report["tops"]] == []
    assert report["composer"] == []


def test_the_api_client_loads_no_picture_library(tmp_path: Path) -> None:
    # Mastodon.py imports any module named ``blurhash`` when it is imported. The one
    # tootui depends on must not bring Pillow (or cffi) with it: every session would pay
    # for them, pictures or not. Pillow loads when a picture is first decoded.
    report = loaded_after(
        "from tootui.api.client.core import _load_mastodon\n_load_mastodon()", tmp_path
    )
    assert {"mastodon", "requests", "blurhash"} <= set(report["tops"])
    assert [name for name in ("PIL", "_cffi_backend", "cffi") if name in report["tops"]] == []


def test_the_api_client_leaves_out_what_it_never_uses_and_stays_quiet(tmp_path: Path) -> None:
    # Web Push decryption (cryptography) and guessing an answer's encoding
    # (charset_normalizer) serve nothing tootui does; requests' warning about the second
    # would be printed over the interface. A later import of either still works.
    script = (
        "import warnings; warnings.simplefilter('error')\n"
        "from tootui.api.client.core import _load_mastodon\n"
        "_load_mastodon()\n"
        "import sys\n"
        "print(sorted(n for n in ('cryptography', 'charset_normalizer') if n in sys.modules))\n"
        "import charset_normalizer, requests\n"
        "print(requests.get.__name__)\n"
    )
    result = run_script(script, tmp_path)
    assert result.stdout.split() == ["[]", "get"]
    assert result.stderr == ""


def test_what_runs_before_home_is_asked_for_loads_no_interface(tmp_path: Path) -> None:
    # With nothing cached, ``tootui`` asks for the home timeline before it imports the
    # app, so the request travels while Textual loads. Whatever it imports first must not
    # pull Textual in (holding garbage collection once did: 0.3-0.5 s later on a slow link).
    report = loaded_after(
        "from tootui.collection import hold_garbage_collection\n"
        "from tootui.startup import load_sessions, prefetch_home\n"
        "from tootui.cache import TimelineCache",
        tmp_path,
    )
    assert {"tootui"} <= set(report["tops"])
    assert [name for name in ("textual", "rich") if name in report["tops"]] == []
