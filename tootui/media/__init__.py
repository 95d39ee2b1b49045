"""Pictures and media from remote servers: safe bounded downloads, a disk cache, players.

Nothing here imports textual or rich (an import-linter contract says so): the viewer
screen (``tootui.screens.media_viewer``) calls these from its thread workers.
"""

from tootui.media.cache import MediaCache
from tootui.media.download import MediaError, MediaLimits, fetch_image

__all__ = ["MediaCache", "MediaError", "MediaLimits", "fetch_image"]
