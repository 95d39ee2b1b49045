"""Key bindings gathered from the app's screens and widgets, for ``?`` and docs/keys.md.

Both read the ``Binding`` objects themselves, so the help and the docs cannot drift from
what the keys really do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.binding import Binding
from textual.keys import format_key

from tootui.i18n import _


def key_display(key: str, app: Any = None) -> str:
    """Keys (``"full_stop,R"``) as the key bar shows them (``"., R"``), comma-separated.

    The app's ``get_key_display`` when there is an app (the footer uses it too, so help and
    key bar always agree), else the same rule from ``textual.keys``: the key's character
    where it has one (``number_sign`` -> ``#``), ``^`` for ctrl.
    """
    shown = []
    for name in (k.strip() for k in key.split(",")):
        if not name:
            continue
        if app is not None:
            shown.append(app.get_key_display(Binding(name, "")))
            continue
        *modifiers, base = name.split("+")
        text = format_key(base)
        if "ctrl" in modifiers:
            modifiers.remove("ctrl")
            text = "^" + text
        shown.append("+".join([*modifiers, text]))
    return ", ".join(shown)


def _rows(bindings: Iterable[Any], app: Any = None) -> list[tuple[str, str]]:
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


def binding_classes() -> list[tuple[str, type]]:
    """Every class whose BINDINGS a user can press, with a section title (translated when
    this is called, so the help is in the interface language)."""
    from tootui.app import TootUI
    from tootui.screens.accounts import AccountsScreen, ConfirmRemoveScreen
    from tootui.screens.compose import ComposeScreen, DeleteScreen, DraftsScreen
    from tootui.screens.help import HelpScreen
    from tootui.screens.links import LinksScreen
    from tootui.screens.login import LoginScreen
    from tootui.screens.main import GoPrefix, MainScreen, PostScreen
    from tootui.screens.profile import ProfileScreen
    from tootui.screens.prompt import ChoicePrompt, ConfirmPrompt, MultiChoicePrompt, TextPrompt
    from tootui.screens.report import ReportScreen
    from tootui.screens.search import SearchScreen
    from tootui.screens.thread import ThreadScreen
    from tootui.widgets.timeline import TimelineView

    return [
        (_("Everywhere"), TootUI),
        (_("Timelines"), MainScreen),
        (_("After g (go to)"), GoPrefix),
        (_("On the selected post"), PostScreen),
        (_("Moving around"), TimelineView),
        (_("Thread"), ThreadScreen),
        (_("Profile"), ProfileScreen),
        (_("Search"), SearchScreen),
        (_("Links of a post"), LinksScreen),
        (_("Report"), ReportScreen),
        (_("Composer"), ComposeScreen),
        (_("Saved drafts"), DraftsScreen),
        (_("Deleting a post"), DeleteScreen),
        (_("A question (asks first)"), ConfirmPrompt),
        (_("Choosing one from a list"), ChoicePrompt),
        (_("Voting on several choices"), MultiChoicePrompt),
        (_("Typing a line (a hashtag, say)"), TextPrompt),
        (_("Accounts"), AccountsScreen),
        (_("Removing an account"), ConfirmRemoveScreen),
        (_("Sign in"), LoginScreen),
        (_("Help"), HelpScreen),
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
        sections.append((title, _rows(bindings, app)))
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
        "Keys are written as the key bar shows them: `^` is Ctrl (`^s` is Ctrl+S), `⏎` is",
        "Enter, `esc` is Escape, `↑`/`↓` the arrows, `pgup`/`pgdn` Page Up/Down. In a keymap,",
        'write Textual\'s names: `"ctrl+s"`, `"enter"`, `"escape"`, `"up"`, `"pagedown"`, and',
        'the character itself for the others (`"."`, `"#"`, `"?"`).',
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
