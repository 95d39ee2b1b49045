"""``python -m tootui.demo``: serve the demo world for another process (see ``server.main``)."""

import sys

from tootui.demo.server import main

if __name__ == "__main__":
    sys.exit(main())
