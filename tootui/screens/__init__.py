"""The app's screens, one module each: what each shows and answers is in its docstring."""

from __future__ import annotations


def load_all() -> None:
    """Import every screen module, so the help can list the keys of screens not opened
    yet (each screen's module is otherwise imported when it is first shown)."""
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(__path__, f"{__name__}."):
        importlib.import_module(module.name)
