"""The media viewer: a post's pictures full-screen, one at a time, alt text beneath.

Opened with ``v`` on a post with media (``PostScreen.action_view_media``). The picture is
downloaded by a thread worker (``tootui.media``: bounded, checked, cached on disk) and
drawn by ``textual-image`` with the protocol the terminal supports or the one the
settings name (``image_protocol``); "off" draws nothing and shows the address. Videos,
audio and GIFs show their preview picture, and ``p`` hands them to an external player.
Sensitive media stays hidden behind a blurred stand-in (its blurhash) until ``s``; it is
not even downloaded before.

Messages it answers: ``MediaViewerScreen.Loaded`` (its worker's result) and ``Said``.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tootui.config import Config
from tootui.context import bidi_enabled, config_of
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.media import MediaCache, MediaError, MediaLimits, fetch_image
from tootui.media.blur import blurred_placeholder
from tootui.media.download import LARGEST_SIDE
from tootui.media.player import start_player
from tootui.media.terminal import detect_protocol
from tootui.render.display import DisplayText, isolate, sentence
from tootui.render.html import plain_to_text
from tootui.render.sanitize import safe_url
from tootui.screens.base import TootScreen

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from tootui.api import MediaAttachment, Status

PLAYABLE = ("video", "gifv", "audio")
# The last pictures decoded, kept in memory (at most 2048 px a side, a few MB each) so
# that opening the viewer again on them skips the disk and the decoder.
DECODED_KEPT = 8
_DECODED: OrderedDict[str, PILImage] = OrderedDict()  # by "side|url" (see _decoded_side)
_DECODED_LOCK = threading.Lock()


def _kind_line(kind: str) -> str:
    """What the attachment is, when it is not a still picture, and how to play it."""
    if kind == "video":
        return _("A video: this is its preview picture; p plays it.")
    if kind == "gifv":
        return _("An animated GIF: this is its first picture; p plays it.")
    if kind == "audio":
        return _("Audio: p plays it.")
    if kind == "unknown":
        return _("A file tootui cannot show; o opens it in the browser.")
    return ""


def image_widget_class(protocol: str) -> Callable[..., Widget] | None:
    """The ``textual-image`` widget drawing with ``protocol``; None when pictures are off.

    "auto" is told from the terminal's environment (``tootui.media.terminal``).
    """
    if protocol == "off":
        return None
    if protocol == "auto":
        protocol = detect_protocol(os.environ)
    widgets = _textual_image_widgets()
    if protocol == "kitty":
        return cast("Callable[..., Widget]", widgets.TGPImage)
    if protocol == "sixel":
        return _sixel_widget()
    return _halfblock_widget(widgets)


SIXELS_KEPT = 8
_SIXELS: OrderedDict[str, str] = OrderedDict()
_SIXEL: type[Widget] | None = None


def _sixel_widget() -> Callable[..., Widget]:
    """textual-image's Sixel widget, with its encoding kept (in memory and on disk).

    Encoding a picture as Sixel is textual-image's Python code: ~100-150 ms for a 100x30
    screen, on the UI thread, each time a new viewer draws it. The encoded picture is kept
    by what it depends on (the picture's address, its size in cells and pixels, the
    background): a picture opened again, in this session or a later one, is drawn from
    the kept encoding at once.
    """
    global _SIXEL
    if _SIXEL is not None:
        return _SIXEL
    from textual.dom import NoScreen
    from textual.strip import Strip
    from textual_image._pixeldata import PixelData
    from textual_image._terminal import get_cell_size
    from textual_image.widget.sixel import Image as SixelImage
    from textual_image.widget.sixel import _ImageSixelImpl, _NoopRenderable

    class CachedSixelImpl(_ImageSixelImpl):
        def render_lines(self, crop: Any) -> list[Strip]:
            source = getattr(self.parent, "source", None)
            cache = getattr(self.parent, "cache", None)
            try:
                if source is None or not self.image or not self.screen.is_active:
                    return super().render_lines(crop)
            except NoScreen:  # not on a screen (yet): textual-image's own answer
                return super().render_lines(crop)
            cells = get_cell_size()
            key = "|".join(
                map(
                    str,
                    ("sixel", source, crop, self.content_size, cells, self._get_background_rgba()),
                )
            )
            data = _kept_sixels(key, cache)
            if data is None:
                pixels = self._crop_image(
                    self._scale_image(PixelData(self.image), cells), crop, cells
                )
                data = self._image_to_sixels(
                    pixels.pil_image, self._sixel_options, self._get_background_rgba()
                )
                _keep_sixels(key, data, cache)
            segments = self._get_sixel_segments(data)
            return [Strip([])] * (crop.height - 1) + [Strip(segments, cell_length=crop.width)]

    class CachedSixelImage(SixelImage, Renderable=_NoopRenderable):
        """A Sixel picture whose encoding is kept; ``source`` names the picture."""

        source: str | None = None
        cache: MediaCache | None = None

        def compose(self) -> ComposeResult:
            yield CachedSixelImpl(self.image, self._sixel_options)

    _SIXEL = CachedSixelImage
    return _SIXEL


def _kept_sixels(key: str, cache: MediaCache | None) -> str | None:
    """A kept Sixel encoding: from memory, else from the disk cache."""
    found = _SIXELS.get(key)
    if found is None:
        data = cache.get(key) if cache is not None else None
        if data is None:
            return None
        found = data.decode("ascii", "replace")
        _SIXELS[key] = found
    _SIXELS.move_to_end(key)
    return found


def _keep_sixels(key: str, data: str, cache: MediaCache | None) -> None:
    _SIXELS[key] = data
    while len(_SIXELS) > SIXELS_KEPT:
        _SIXELS.popitem(last=False)
    if cache is not None:
        threading.Thread(  # a few ms of disk work, off the UI thread
            target=_store_quietly, args=(cache, key, data.encode("ascii", "replace")), daemon=True
        ).start()


def _store_quietly(cache: MediaCache, key: str, data: bytes) -> None:
    """On its own thread, outside Textual's workers: nothing may escape it (a thread's
    uncaught exception is printed on the terminal, over the interface)."""
    try:
        cache.put(key, data)
    except OSError:
        pass  # a full or read-only disk: encoded again next time
    except Exception:  # a bug: a traceback in the log, as the failure sink writes them
        logging.getLogger("tootui").exception("keeping a Sixel encoding failed")


def _halfblock_widget(widgets: Any) -> Callable[..., Widget]:
    """textual-image's widget with tootui's half-block renderable (fewer bytes a picture)."""
    global _HALFBLOCK
    if _HALFBLOCK is None:
        from textual_image.widget._base import Image as ImageWidget

        from tootui.render.halfblock import HalfblockRenderable

        class HalfblockImage(ImageWidget, Renderable=HalfblockRenderable):
            """A picture in half-block cells."""

        _HALFBLOCK = HalfblockImage
    return cast("Callable[..., Widget]", _HALFBLOCK)


_HALFBLOCK: type[Widget] | None = None


def _textual_image_widgets() -> Any:
    """``textual_image.widget``, imported without the terminal queries it makes at import.

    Those queries write to the terminal and read its answer from stdin, which the running
    app's input thread would take as key presses: so it is imported while ``sys.__stdout__``
    is no terminal, and the cell size (which sizes Kitty and Sixel pictures) is then read
    from the terminal with an ioctl, which asks nothing.
    """
    if (loaded := sys.modules.get("textual_image.widget")) is not None:
        return loaded
    real = sys.__stdout__
    setattr(sys, "__stdout__", io.StringIO())  # noqa: B010 (a final name to mypy)
    try:
        import textual_image.widget as widgets
    finally:
        setattr(sys, "__stdout__", real)  # noqa: B010
    try:
        import fcntl  # POSIX only: elsewhere textual-image's guess stays
        import termios

        from textual_image._terminal import CellSize, get_cell_size

        if real is not None and real.isatty():
            buf = array("H", [0, 0, 0, 0])
            fcntl.ioctl(real, termios.TIOCGWINSZ, buf)
            rows, columns, width, height = buf
            if rows and columns and width and height:
                get_cell_size._result = CellSize(width // columns, height // rows)  # type: ignore[attr-defined]
    except (ImportError, OSError, AttributeError):
        pass  # textual-image's own guess (10x20 pixels a cell) stays
    return widgets


def media_url(attachment: MediaAttachment) -> str | None:
    """The address of the picture the viewer draws: the image itself, or the preview of
    a video, audio or GIF (whose file is the player's)."""
    if attachment.type == "image":
        return safe_url(attachment.url) or safe_url(attachment.preview_url)
    return safe_url(attachment.preview_url)


def original_url(attachment: MediaAttachment) -> str | None:
    """The address of the whole file, for the browser or the player."""
    return safe_url(attachment.url) or safe_url(attachment.remote_url)


class MediaViewerScreen(TootScreen[None]):
    """A post's media, full-screen: ←/→ between attachments, o opens, p plays, s shows."""

    HELP_SECTION = HelpSection(N_("Media viewer"), 95)

    CSS_PATH = "media_viewer.tcss"
    BINDINGS = [
        Binding("escape,q", "close", _("Back"), id="media.close"),
        Binding("right,l", "next", _("Next"), id="media.next"),
        Binding("left,h", "previous", _("Previous"), id="media.previous"),
        Binding("o", "open", _("Open in browser"), id="media.open"),
        Binding("p", "play", _("Play"), id="media.play"),
        Binding("s", "show", _("Show sensitive media"), id="media.show"),
    ]

    class Loaded(Message):
        """A download finished: the picture, or the sentence that says why not."""

        def __init__(self, index: int, image: PILImage | None, error: str = "") -> None:
            super().__init__()
            self.index = index
            self.image = image
            self.error = error

    class Said(Message):
        """A worker's sentence for the hint line (the player started, or could not)."""

        def __init__(self, text: str, error: bool = False) -> None:
            super().__init__()
            self.text = text
            self.error = error

    def __init__(self, status: Status, index: int = 0) -> None:
        super().__init__()
        self.status = status
        self.attachments = status.media_attachments
        self.index = max(0, min(index, len(self.attachments) - 1))
        self.revealed = not status.sensitive
        self._images: dict[int, PILImage] = {}
        self._errors: dict[int, str] = {}
        self._cache: MediaCache | None = None

    @property
    def config(self) -> Config:
        return config_of(self) or Config()

    def compose(self) -> ComposeResult:
        yield Static(id="media-title")
        with Center(id="media-picture"):
            yield Static(id="media-message")
        yield Static(id="media-kind")
        yield Static(id="media-alt")
        yield Static(id="media-hint")

    def on_mount(self) -> None:
        config = self.config
        self._cache = MediaCache(limit_bytes=config.media_cache_mb * 1024 * 1024)
        self._show()

    # --- drawing -------------------------------------------------------------------------

    def _text(self, *blocks: str | Text) -> DisplayText:
        return DisplayText(*blocks, enabled=bidi_enabled(self))

    def _show(self) -> None:
        """Draw the current attachment: its picture (or why there is none) and its words."""
        # one frame for all of it: every layout pass redraws the picture, which costs bytes
        with self.app.batch_update():
            self._show_now()

    def _show_now(self) -> None:
        attachment = self.attachments[self.index]
        title = sentence(
            _("Media {n}/{count}"),
            n=str(self.index + 1),
            count=str(len(self.attachments)),
        )
        self.query_one("#media-title", Static).update(self._text(title))
        kind = self.query_one("#media-kind", Static)
        kind.update(self._text(_kind_line(attachment.type)))
        kind.display = bool(_kind_line(attachment.type))
        self.query_one("#media-alt", Static).update(self._text(self._alt_text(attachment)))
        self._hint(self._keys_hint())
        if not self.revealed:
            self._draw_hidden(attachment)
            return
        widget_class = image_widget_class(self.config.image_protocol)
        url = media_url(attachment)
        if widget_class is None:
            self._draw_message(_("Pictures are off in the settings (image_protocol)."))
            return
        if url is None:
            self._draw_message(_("This attachment has no picture to show."))
            return
        side = self._decoded_side(widget_class)
        with _DECODED_LOCK:
            decoded = _DECODED.get(f"{side}|{url}")
        if decoded is not None:  # seen moments ago: drawn in this very frame
            self._images.setdefault(self.index, decoded)
        if self.index in self._images:
            self._draw_image(widget_class, self._images[self.index])
        elif self.index in self._errors:
            self._draw_message(self._errors[self.index])
        else:
            self._draw_message(_("Loading…"))
            self._fetch(self.index, url, side)

    def _decoded_side(self, widget_class: Callable[..., Widget]) -> int:
        """How large a picture is decoded. Half-blocks draw two pixels a cell: twice the
        screen's size is plenty, and a JPEG decoded at 1/4 or 1/8 of its size (Pillow's
        draft mode) costs a fraction of the time. Kitty and Sixel draw real pixels."""
        if widget_class is not _HALFBLOCK:
            return LARGEST_SIDE
        size = self.app.size
        return max(256, 2 * max(size.width, size.height * 2))

    def _alt_text(self, attachment: MediaAttachment) -> Text:
        """The alt text (remote: never markup, isolated in its own direction), and the
        address of the file when no picture is drawn."""
        if attachment.description and attachment.description.strip():
            alt = sentence(
                _("Alt text: {text}"),
                text=isolate(plain_to_text(attachment.description, multiline=True, max_len=1500)),
            )
        else:
            alt = Text(_("No alt text."))
        url = original_url(attachment)
        if url is not None and self.config.image_protocol == "off":
            alt.append("\n")
            alt.append_text(isolate(Text(url)))
        return alt

    def _keys_hint(self) -> str:
        if not self.revealed:
            return _("s: show · Esc: back")
        return _("←/→: other media · o: open in browser · p: play · Esc: back")

    def _hint(self, text: str | Text) -> None:
        self.query_one("#media-hint", Static).update(self._text(text))

    def _clear_picture(self) -> Center:
        picture = self.query_one("#media-picture", Center)
        for child in list(picture.children):
            if child.id != "media-message":
                child.remove()
        return picture

    def _draw_message(self, text: str | Text) -> None:
        self._clear_picture()
        message = self.query_one("#media-message", Static)
        message.display = True
        message.update(self._text(text))

    def _draw_image(self, widget_class: Callable[..., Widget], image: PILImage) -> None:
        picture = self._clear_picture()
        self.query_one("#media-message", Static).display = False
        widget = widget_class(image, classes="media-image")
        if _SIXEL is not None and isinstance(widget, _SIXEL):  # its encoding is kept
            kept = cast(Any, widget)
            kept.source = media_url(self.attachments[self.index])
            kept.cache = self._cache
        picture.mount(widget)

    def _draw_hidden(self, attachment: MediaAttachment) -> None:
        """The warning over a blurred stand-in (or a plain box): nothing is downloaded."""
        warning = self.status.spoiler_text.strip()
        words = (
            sentence(_("Sensitive media: {warning}"), warning=isolate(plain_to_text(warning)))
            if warning
            else Text(_("Sensitive media."))
        )
        words.append("  ")
        words.append(_("Press s to show it."), "bold")
        widget_class = image_widget_class(self.config.image_protocol)
        blurred = blurred_placeholder(attachment.blurhash) if widget_class else None
        self._draw_message(words)
        if widget_class is not None and blurred is not None:
            picture = self.query_one("#media-picture", Center)
            picture.mount(
                widget_class(blurred, classes="media-image"),
                before=0,
            )

    # --- downloads -----------------------------------------------------------------------

    @work(thread=True, group="media-viewer", exit_on_error=False)
    def _fetch(self, index: int, url: str, side: int = LARGEST_SIDE) -> None:
        key = f"{side}|{url}"
        with _DECODED_LOCK:
            image = _DECODED.get(key)
        if image is None:
            limits = MediaLimits(max_bytes=self.config.media_max_bytes)
            try:
                image = fetch_image(url, limits, self._cache, largest_side=side)
            except MediaError as error:
                self.post_message(self.Loaded(index, None, str(error)))
                return
        with _DECODED_LOCK:
            _DECODED[key] = image
            _DECODED.move_to_end(key)
            while len(_DECODED) > DECODED_KEPT:
                _DECODED.popitem(last=False)
        self.post_message(self.Loaded(index, image))

    def on_media_viewer_screen_loaded(self, message: MediaViewerScreen.Loaded) -> None:
        if message.image is not None:
            self._images[message.index] = message.image
        else:
            self._errors[message.index] = message.error
        if message.index == self.index:
            self._show()

    def on_media_viewer_screen_said(self, message: MediaViewerScreen.Said) -> None:
        self._hint(Text(message.text, "bold red" if message.error else "bold"))

    # --- keys ----------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def _move(self, step: int) -> None:
        count = len(self.attachments)
        if count > 1:
            self.index = (self.index + step) % count
            self._show()

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def action_show(self) -> None:
        """Show sensitive media (all of this post's), downloading it only now."""
        if not self.revealed:
            self.revealed = True
            self._show()

    def action_open(self) -> None:
        url = original_url(self.attachments[self.index])
        if url is None:
            self._hint(Text(_("This attachment has no web address."), "bold red"))
            return
        self._hint(Text(_("Opening {url}").format(url=url)))
        self._browse(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _browse(self, url: str) -> None:
        from tootui.screens.posts import browse

        if (problem := browse(url)) is not None:
            self.post_message(self.Said(problem, error=True))

    def action_play(self) -> None:
        attachment = self.attachments[self.index]
        url = original_url(attachment)
        if attachment.type not in PLAYABLE:
            self._hint(Text(_("p plays videos, audio and GIFs; this is a picture."), "bold"))
            return
        if url is None:
            self._hint(Text(_("This attachment has no web address."), "bold red"))
            return
        self._play(url)

    @work(thread=True, group="player", exit_on_error=False)
    def _play(self, url: str) -> None:
        try:
            start_player(self.config.media_player, url)
        except MediaError as error:
            self.post_message(self.Said(str(error), error=True))
            return
        self.post_message(self.Said(_("Playing in the media player.")))
