"""``python -m tootui.demo``: serve the demo world for another process (see ``server.main``).

Started by ``tootui --demo`` (``--lifeline``), it first waits for one line on stdin: the
app sends it once its first frame is drawn (at once when it has nothing to draw), so
the mock's imports do not take the CPU the app's first frame needs. Nothing is loaded
before that line. An empty read (the app has gone) ends it there.
"""

import sys


def _wait_for_the_app() -> bool:
    return bool(sys.stdin.buffer.readline())


if __name__ == "__main__":
    if "--lifeline" in sys.argv[1:] and not _wait_for_the_app():
        sys.exit(0)
    from tootui.demo.server import main

    sys.exit(main())
