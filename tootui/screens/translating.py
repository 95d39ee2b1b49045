"""Translating posts on a screen of posts, with the server's translation service.

``TranslatingScreen`` is the base of ``PostScreen``: it keeps, per post id, the
translation the server gave and whether it is shown, and draws it under the post's text
(``tootui.render.translation``) wherever the post is listed on this screen. Shown again
after a toggle, a translation is not asked for again. tootui never translates anything
itself: a server that does not translate says so.

Messages it answers: ``PostTranslated`` (its worker's result).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.strip import Strip

from tootui.api import ApiError, Notification, Status, Translation, Unsupported
from tootui.i18n import _, current_language, system_language
from tootui.languages import post_language
from tootui.messages import Say
from tootui.render.translation import language_name
from tootui.screens.timelines import TimelineScreen
from tootui.screens.views import status_of
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.session import AccountSession


def translation_language() -> str:
    """The language posts are translated into: the interface's, else the system's, else
    English (an English interface may be the only one tootui has for the reader's)."""
    interface = current_language()
    if interface != "en":
        return interface
    return post_language(system_language()) or "en"


@dataclass
class PostTranslated(Message):
    """The server translated the post ``status_id``."""

    status_id: str
    translation: Translation


class TranslatingScreen(TimelineScreen):
    """A screen of timelines whose posts can be shown with their translation."""

    def __init__(self, session: AccountSession) -> None:
        super().__init__(session)
        self.translations: dict[str, Translation] = {}  # by post id, as the server gave them
        self.translated: set[str] = set()  # the posts shown with their translation

    def translation_for(self, status: Status) -> Translation | None:
        """The translation to show under ``status`` (or the post it boosts), if any."""
        target = status.target
        return self.translations.get(target.id) if target.id in self.translated else None

    def render_status(self, status: Status, width: int, revealed: bool) -> list[Strip]:
        return self.tootui.renderer.render_status(
            status,
            self.tootui.layout(width, self.session),
            revealed=revealed,
            translation=self.translation_for(status),
        )

    def render_notification(self, note: Notification, width: int, revealed: bool) -> list[Strip]:
        return self.tootui.renderer.render_notification(
            note,
            self.tootui.layout(width, self.session),
            revealed=revealed,
            translation=self.translation_for(note.status) if note.status is not None else None,
        )

    def toggle_translation(self) -> None:
        """Show the selected post's translation, or its original again."""
        status = self.selected_status()
        if status is None:
            return
        target = status.target
        if target.id in self.translated:
            self.translated.discard(target.id)
            self._redraw_post(target.id)
            self.say(_("Showing the original."))
            return
        if target.id in self.translations:
            self.translated.add(target.id)
            self._redraw_post(target.id)
            return
        if not target.content and not target.spoiler_text:
            self.say(_("This post has no text."))
            return
        language = translation_language()
        if post_language(target.language) == language:
            self.say(
                _("This post is already in {language}.").format(language=language_name(language))
            )
            return
        instance = self.session.instance
        if instance is not None and not instance.translation_enabled:
            self.say(self._no_translation(), error=True)
            return
        self.say(_("Translating into {language}…").format(language=language_name(language)))
        self._translate(target.id, language)

    def _no_translation(self) -> str:
        return _("{host} does not translate posts.").format(host=self.session.client.host)

    @work(thread=True, group="translate", exit_on_error=False)
    def _translate(self, status_id: str, language: str) -> None:
        try:
            translation = self.session.client.translate(status_id, language)
        except Unsupported as error:
            # 404: no service at all; 503: the server's own reason, as it gave it
            text = self._no_translation() if error.status == 404 else str(error)
            self.post_message(Say(text, error=True))
            return
        except ApiError as error:
            self.post_message(Say(str(error), error=True))
            return
        self.post_message(PostTranslated(status_id, translation))

    def on_post_translated(self, message: PostTranslated) -> None:
        self.translations[message.status_id] = message.translation
        self.translated.add(message.status_id)
        self._redraw_post(message.status_id)
        self.say(_("Translated. Press i again for the original."))

    def _redraw_post(self, status_id: str) -> None:
        """Render every entry of this screen that shows the post again."""
        for view in self.query(TimelineView):
            for entry in list(view.entries):
                status = status_of(entry.item)
                if status is not None and status.target.id == status_id:
                    view.replace(entry.key, entry.item)
