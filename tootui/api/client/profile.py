"""Your own profile, edited: name, bio, fields, flags, posting defaults, avatar and header.

``update_credentials`` sends only what changed (a ``ProfileChanges``) and returns the
account as the server now has it, ``source`` included, so the caller shows what was kept.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tootui.api.client.core import ClientCore
from tootui.api.entities import Account
from tootui.api.errors import Rejected
from tootui.i18n import _, localize_digits

# Mastodon refuses avatars and headers over its limit (2 MB before 4.4, 8 MB since, and
# admins may lower it): a larger file is not sent at all, a smaller one the server judges.
IMAGE_LIMIT = 8 * 1024 * 1024

MAX_FIELDS = 4  # Mastodon's profile field count, unless the instance says otherwise


@dataclass(frozen=True)
class ProfileChanges:
    """What to change on the signed-in account's profile; ``None`` leaves a thing as it is.

    ``fields`` replaces every profile field (name/value pairs, plain text); ``avatar`` and
    ``header`` are image files to upload.
    """

    display_name: str | None = None
    note: str | None = None  # plain text: the server makes the HTML
    fields: tuple[tuple[str, str], ...] | None = None
    locked: bool | None = None
    bot: bool | None = None
    discoverable: bool | None = None
    privacy: str | None = None  # default visibility of new posts
    language: str | None = None  # default language of new posts ("" for none)
    sensitive: bool | None = None  # mark media sensitive by default
    avatar: Path | None = None
    header: Path | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__dataclass_fields__)


def image_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an avatar or header, in a sentence; None when it can."""
    try:
        if not path.is_file():
            return _("There is no file at {path}.").format(path=path)
        size = path.stat().st_size
        with path.open("rb"):
            pass  # readable: a file we may not open says so now, not mid-upload
    except OSError as exc:
        return _("Cannot read {path}: {reason}.").format(
            path=path, reason=exc.strerror or type(exc).__name__
        )
    import mimetypes  # here: only uploads need it

    kind = mimetypes.guess_type(path.name)[0] or ""
    if not kind.startswith("image/"):
        return _("{path} is not a picture (PNG, JPEG, GIF or WebP).").format(path=path)
    if size > IMAGE_LIMIT:
        return _("{path} is too big for a profile picture ({size} MB; at most {limit} MB).").format(
            path=path,
            size=localize_digits(f"{size / 1024 / 1024:.1f}"),
            limit=localize_digits(str(IMAGE_LIMIT // 1024 // 1024)),
        )
    return None


class ProfileCalls(ClientCore):
    """Editing the signed-in account's own profile."""

    def update_credentials(self, changes: ProfileChanges) -> Account:
        """Send ``changes``; the account as the server kept it (with ``source``).

        A missing, unreadable or too big image raises ``Rejected`` before anything is sent.
        """
        for path in (changes.avatar, changes.header):
            if path is not None and (problem := image_problem(path)) is not None:
                raise Rejected(problem, status=None)

        def update() -> Account:
            import mimetypes  # here: only uploads need it

            params: dict[str, Any] = {
                "display_name": changes.display_name,
                "note": changes.note,
                "locked": changes.locked,
                "bot": changes.bot,
                "discoverable": changes.discoverable,
                "default_privacy": changes.privacy,
                "default_language": changes.language,
                "default_sensitive": changes.sensitive,
            }
            if changes.fields is not None:
                kept = [(n, v) for n, v in changes.fields if n.strip() or v.strip()]
                # No pairs at all would leave the old ones: one blank pair clears them.
                params["fields"] = kept or [("", "")]
            # Opened here, not by Mastodon.py: given a path, it never closes the file.
            with ExitStack() as files:
                for kind in ("avatar", "header"):
                    path: Path | None = getattr(changes, kind)
                    if path is not None:
                        params[kind] = files.enter_context(path.open("rb"))
                        params[f"{kind}_mime_type"] = mimetypes.guess_type(path.name)[0]
                return Account.from_api(self._api.account_update_credentials(**params))

        return self._call(_("save your profile"), update)
