"""Attachments: uploading a file, asking whether the server has processed it, its description."""

from __future__ import annotations

from pathlib import Path

from tootui.api.client.core import ClientCore
from tootui.api.entities import MediaAttachment
from tootui.i18n import _


class MediaCalls(ClientCore):
    """Uploads for posts."""

    def upload_media(
        self, path: Path, *, description: str | None = None, mime_type: str | None = None
    ) -> MediaAttachment:
        """Upload a file; the attachment may still be processing (see ``media``)."""

        def upload() -> MediaAttachment:
            import mimetypes  # here: only uploads need it

            # Opened here, not by Mastodon.py: given a path, it never closes the file.
            with path.open("rb") as file:
                kind = mime_type or mimetypes.guess_type(path.name)[0]
                return MediaAttachment.from_api(
                    self._api.media_post(file, mime_type=kind, description=description)
                )

        return self._call(_("upload {name}").format(name=path.name), upload)

    def media(self, media_id: str) -> MediaAttachment:
        """An uploaded attachment, to see whether the server has finished processing it."""
        return self._call(
            _("check the upload"), lambda: MediaAttachment.from_api(self._api.media(media_id))
        )

    def update_media(self, media_id: str, description: str) -> MediaAttachment:
        return self._call(
            _("save the description"),
            lambda: MediaAttachment.from_api(
                self._api.media_update(media_id, description=description)
            ),
        )
