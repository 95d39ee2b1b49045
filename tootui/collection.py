"""Garbage collection around start-up: none until the first frame, then never over what
start-up made.

Its own module, importing nothing but ``gc``: the ``tootui`` command holds collection
before any other import, and must not pay for Textual's (0.3 s and more) before it asks
for the home timeline (``tootui.startup.prefetch_home``).
"""

from __future__ import annotations

import gc


def hold_garbage_collection() -> None:
    """Until the first frame, no garbage collection.

    Start-up makes a few hundred thousand objects that live as long as the app (modules,
    classes, the stylesheet, the first screen) and frees few of them; the collector would
    walk them all again and again, ~0.1 s of a warm start. See ``release_garbage_collection``.
    """
    gc.disable()


def release_garbage_collection() -> None:
    """After the first frame, collection resumes, without what start-up made.

    ``gc.freeze`` sets everything alive now aside for good: later collections do not walk
    it, so their pauses stay short while reading. Only where ``hold_garbage_collection``
    held it (an app that tests start never does).
    """
    if not gc.isenabled():
        gc.collect()  # what start-up left in cycles is freed, not kept for good
        gc.freeze()
        gc.enable()
