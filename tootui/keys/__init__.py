"""Key bindings gathered for the help (``?``) and docs/keys.md.

Both read the ``Binding`` objects themselves, so the help and the docs cannot drift from
what the keys really do, and both show keys as the key bar does (Textual's
``App.get_key_display``).

Each class whose keys a user can press says where they go with a class attribute,
``HELP_SECTION = HelpSection(N_("Thread"), 60)``: a title (marked with ``N_`` and
translated when the help is drawn, so it is in the interface language) and a place (smaller
first). This module imports no screen: callers pass the classes. ``sectioned_classes()``
finds them among the modules imported so far; ``tootui.screens.load_all()`` imports every
screen first (the help does that; ``python -m tootui.keys`` also imports the app).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import cache
from types import ModuleType
from typing import Any, NamedTuple

from textual.app import App
from textual.binding import Binding

from tootui.i18n import _


class HelpSection(NamedTuple):
    """Where a class's keys appear in the help and in docs/keys.md."""

    title: str
    """The section's heading: an ``N_()``-marked msgid, translated when shown."""
    order: int
    """Sections are listed by this number, smallest first."""


def help_section(cls: type) -> HelpSection | None:
    """The section ``cls`` itself declares (a subclass does not inherit its parent's)."""
    own = vars(cls).get("HELP_SECTION")
    return HelpSection(*own) if own is not None else None


def sectioned_classes(modules: Iterable[ModuleType] | None = None) -> list[type]:
    """Every class with a help section defined in ``modules`` (by default tootui's modules
    imported so far), in the order of their sections."""
    if modules is None:
        modules = [
            module
            for name, module in list(sys.modules.items())
            if module is not None and (name == "tootui" or name.startswith("tootui."))
        ]
    found: dict[type, int] = {}
    for module in modules:
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ == module.__name__:
                section = help_section(value)
                if section is not None:
                    found[value] = section.order
    return sorted(found, key=found.__getitem__)


@cache
def _plain_app() -> App[Any]:
    """An app that is never run, for its ``get_key_display`` when there is no app."""
    return App()


def key_display(key: str, app: App[Any] | None = None) -> str:
    """Keys (``"full_stop,R"``) as the key bar shows them (``"., R"``), comma-separated.

    ``app.get_key_display``, which the footer uses too, so help and key bar always agree
    (a plain Textual app's when no app is given: the character where the key has one,
    ``number_sign`` -> ``#``, and ``^`` for ctrl).
    """
    shown_by = app if app is not None else _plain_app()
    names = (k.strip() for k in key.split(","))
    return ", ".join(shown_by.get_key_display(Binding(name, "")) for name in names if name)


def _rows(bindings: Iterable[Any], app: App[Any] | None = None) -> list[tuple[str, str]]:
    """(keys, description) per binding; a vim alias next to its twin joins its row."""
    rows: list[tuple[str, str]] = []
    for binding in bindings:
        if isinstance(binding, Binding):
            row = (key_display(binding.key, app), binding.description or binding.action)
        elif isinstance(binding, tuple) and len(binding) >= 3:
            row = (key_display(binding[0], app), binding[2])
        else:
            continue
        if rows and rows[-1][1] == row[1]:
            rows[-1] = (f"{rows[-1][0]}, {row[0]}", row[1])
        else:
            rows.append(row)
    return rows


def help_sections(
    classes: Iterable[type], app: App[Any] | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(keys, description)]) for each class that has a help section, in
    section order; titles in the interface language, the app's keymap applied if given."""
    keymap: dict[str, str] = getattr(app, "_keymap", None) or {}
    found = [(section, cls) for cls in classes if (section := help_section(cls)) is not None]
    sections = []
    for section, cls in sorted(found, key=lambda pair: pair[0].order):
        bindings = list(getattr(cls, "BINDINGS", []))
        if keymap:
            remapped = []
            for b in bindings:
                if isinstance(b, Binding) and b.id and b.id in keymap:
                    b = Binding(keymap[b.id], b.action, b.description, show=b.show, id=b.id)
                remapped.append(b)
            bindings = remapped
        sections.append((_(section.title), _rows(bindings, app)))
    return sections


def markdown(classes: Iterable[type]) -> str:
    """docs/keys.md: every key of ``classes``, from the bindings (``python -m tootui.keys``)."""
    out = [
        "# Keys",
        "",
        "Generated from the key bindings by `python -m tootui.keys > docs/keys.md`;",
        "a test fails when this file and the bindings disagree. Every binding has an id,",
        "so a keymap in `config.toml` can change it.",
        "",
        "Keys are written as the key bar shows them: `^` is Ctrl (`^s` is Ctrl+S), `⏎` is",
        "Enter, `esc` is Escape, `↑`/`↓` the arrows, `pgup`/`pgdn` Page Up/Down. In a keymap,",
        'write Textual\'s names: `"ctrl+s"`, `"enter"`, `"escape"`, `"up"`, `"pagedown"`, and',
        'the character itself for the others (`"."`, `"#"`, `"?"`).',
        "",
    ]
    for section, rows in help_sections(classes):
        out += [f"## {section}", "", "| Keys | What it does |", "| --- | --- |"]
        for keys, description in rows:
            shown = keys.replace("|", "\\|")
            out.append(f"| `{shown}` | {description} |")
        out.append("")
    return "\n".join(out)
