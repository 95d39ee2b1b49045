"""``python -m tootui.keys > docs/keys.md``: every key of the app, from its bindings.

The one place that gathers every class with keys for the docs: it imports the app (whose
bindings work everywhere) and every screen, which ``tootui.keys`` itself never does.
"""

from __future__ import annotations

import tootui.app  # noqa: F401  (the app's own bindings: the "Everywhere" section)
from tootui.keys import markdown, sectioned_classes
from tootui.screens import load_all


def every_sectioned_class() -> list[type]:
    """The app and every screen and widget with a help section, in section order."""
    load_all()
    return sectioned_classes()


def main() -> None:
    print(markdown(every_sectioned_class()), end="")


if __name__ == "__main__":
    main()
