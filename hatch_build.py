"""Hatch build hook: compile the translation catalogs (``tootui/locale/<lang>.po``) into the
gettext ``.mo`` files the app reads, for every wheel, editable installs included.

An editable install reads ``tootui/`` from the checkout, so the ``.mo`` files are written
there (git ignores them); a regular wheel also carries them. The compiling is
``tools/i18n.py``'s, with Babel (a build requirement, not a runtime one).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):  # type: ignore[misc]  # hatchling: build env only
    """Writes ``tootui/locale/<lang>/LC_MESSAGES/tootui.mo`` before the wheel is made."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        sys.path.insert(0, self.root)
        try:
            from tools.i18n import compile_catalogs
        finally:
            sys.path.remove(self.root)
        root = Path(self.root)
        for target in compile_catalogs(root / "tootui" / "locale"):
            # git ignores the .mo files, so the wheel takes them as artifacts.
            build_data["artifacts"].append(target.relative_to(root).as_posix())
