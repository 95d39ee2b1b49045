"""Key bindings gathered from the app's screens and widgets, for ``?`` and docs/keys.md.

Both read the ``Binding`` objects themselves, so the help and the docs cannot drift from
what the keys really do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.binding import Binding


def _pretty(key: str) -> str:
    names = {
        "question_mark": "?",
        "period": ".",
        "number_sign": "#",
        "slash": "/",
        "space": "Space",
        "exclamation_mark": "!",
        "at": "@",
        "escape": "Esc",
        "enter": "Enter",
        "delete": "Delete",
        "tab": "Tab",
    }
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))


def _rows(bindings: Iterable[Any]) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding):
            rows.append((_pretty(binding.key), binding.description or binding.action))
        elif isinstance(binding, tuple) and len(binding) >= 3:
            rows.append((_pretty(binding[0]), binding[2]))
    return rows


def binding_classes() -> list[tuple[str, type]]:
    """Every class whose BINDINGS a user can press, with a section title."""
    from tootui.app import TootUI
    from tootui.screens.accounts import AccountsScreen
    from tootui.screens.compose import ComposeScreen, DeleteScreen, DraftsScreen
    from tootui.screens.help import HelpScreen
    from tootui.screens.links import LinksScreen
    from tootui.screens.login import LoginScreen
    from tootui.screens.main import GoPrefix, MainScreen, PostScreen
    from tootui.screens.profile import ProfileScreen
    from tootui.screens.prompt import ConfirmPrompt, MultiChoicePrompt
    from tootui.screens.report import ReportScreen
    from tootui.screens.search import SearchScreen
    from tootui.screens.thread import ThreadScreen
    from tootui.widgets.timeline import TimelineView

    return [
        ("Everywhere", TootUI),
        ("Timelines", MainScreen),
        ("After g (go to)", GoPrefix),
        ("On the selected post", PostScreen),
        ("Moving around", TimelineView),
        ("Thread", ThreadScreen),
        ("Profile", ProfileScreen),
        ("Search", SearchScreen),
        ("Links of a post", LinksScreen),
        ("Report", ReportScreen),
        ("Composer", ComposeScreen),
        ("Saved drafts", DraftsScreen),
        ("Deleting a post", DeleteScreen),
        ("A question (asks first)", ConfirmPrompt),
        ("Voting on several choices", MultiChoicePrompt),
        ("Accounts", AccountsScreen),
        ("Sign in", LoginScreen),
        ("Help", HelpScreen),
    ]


def binding_rows(app: Any = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, description)]) for every bindable class, keymap applied if an app is given."""
    sections = []
    for title, cls in binding_classes():
        bindings = list(getattr(cls, "BINDINGS", []))
        if app is not None and getattr(app, "_keymap", None):
            remapped = []
            for b in bindings:
                if isinstance(b, Binding) and b.id and b.id in app._keymap:
                    b = Binding(app._keymap[b.id], b.action, b.description, show=b.show, id=b.id)
                remapped.append(b)
            bindings = remapped
        sections.append((title, _rows(bindings)))
    return sections


def markdown() -> str:
    """docs/keys.md: every key, from the bindings (run ``python -m tootui.keys``)."""
    out = [
        "# Keys",
        "",
        "Generated from the key bindings by `python -m tootui.keys > docs/keys.md`;",
        "a test fails when this file and the bindings disagree. Every binding has an id,",
        "so a keymap in `config.toml` can change it.",
        "",
    ]
    for section, rows in binding_rows():
        out += [f"## {section}", "", "| Keys | What it does |", "| --- | --- |"]
        for keys, description in rows:
            shown = keys.replace("|", "\\|")
            out.append(f"| `{shown}` | {description} |")
        out.append("")
    return "\n".join(out)


def main() -> None:
    print(markdown(), end="")


if __name__ == "__main__":
    main()
