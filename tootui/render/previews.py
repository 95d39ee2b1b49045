"""Inline previews: small pictures under posts in timelines (``inline_images = true``).

A post's preview is ``PREVIEW_ROWS`` lines of half-block cells under its text, one tile a
picture side by side (as many as fit, then "+N"). Half-blocks whatever the terminal: a
timeline is drawn line by line (``TimelineView``), and the protocols that place a
picture over cells (Kitty, Sixel) cannot be cut into lines; the viewer (``v``) draws the
picture whole with the best protocol.

- **Nothing jumps.** A preview takes its final height before its picture arrives: a tile
  is first the picture's average colour (from its blurhash, no download), and the height
  never depends on the picture. Only the tile's width may change when the picture shows
  its real shape.
- **Only what is seen is fetched.** The timeline asks (``want``) when an entry is first
  drawn on screen, not when it is measured: 2,000 loaded posts fetch nothing more than
  the screens read, and a picture that did not fit beside the others is not fetched.
  Requests wait newest first, and only the last ``WANTED_KEPT``; when older ones are
  dropped, ``asks`` goes up and every entry drawn after that asks once more for what it
  still lacks, so a post scrolled past quickly gets its pictures when it is seen again.
- **Downloads run in thread workers**, at most ``WORKERS`` at once, through
  ``tootui.media`` (bounded, checked, cached on disk), on sessions kept between
  downloads (a new connection to the media host is a round trip or three); the result
  reaches the UI as a ``PreviewsReady`` message, and only entries holding that picture
  are drawn again. A download that failed for a passing reason (no answer in time, a
  dropped connection, a busy server) is tried ``RETRIES`` more times before its tile
  says "×".
- **Sensitive media stays hidden**: the tile is its blurhash, blurred (decoded in a
  worker), with a word saying why, until ``s`` on the post.
- **Memory is bounded**: ``THUMBS_KEPT`` decoded tiles (at most 40x12 pixels each) and
  the runs of ``RUNS_KEPT`` drawn tiles; a view keeps strips for a bounded number of
  entries as it does without previews.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol
from weakref import WeakSet

from rich.style import Style
from rich.text import Text
from textual.message import Message

from tootui.api.entities import Status
from tootui.i18n import _, localize_digits
from tootui.media import MediaError
from tootui.render.bidi import visual_string
from tootui.render.halfblock import halfblock_runs
from tootui.render.sanitize import safe_url
from tootui.render.status import media_shown, text_shown

if TYPE_CHECKING:
    import requests
    from PIL.Image import Image as PILImage

    from tootui.api.entities import MediaAttachment

PREVIEW_ROWS = 6  # cell rows a preview takes, arrived or not
PIXEL_ROWS = PREVIEW_ROWS * 2  # a half-block cell is two pixels tall
MIN_CELLS = 4
MAX_CELLS = 40  # the widest tile (a panorama is cut down to this)
MAX_TILES = 8  # pictures drawn side by side at most (Mastodon allows 4; others more)
DEFAULT_ASPECT = 4 / 3  # a tile's shape when the server does not say
INDENT = "  "
PREVIEW_SIDE = 320  # pictures are decoded at about this size (JPEG draft mode), then reduced
THUMBS_KEPT = 400
RUNS_KEPT = 160
WANTED_KEPT = 48
DRAWN_MISSING_KEPT = 1024
WORKERS = 2
RETRIES = 2  # more tries for a download that failed for a passing reason
RETRY_PAUSE = 1.0  # seconds before another try, times the tries so far (when alone)
BLUR_PREFIX = "blur:"

_BASE83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"
_DIGIT = {c: i for i, c in enumerate(_BASE83)}
PLAIN_TILE = Style(color="grey50", dim=True)
LABEL = Style(color="white", bold=True)


class PreviewsReady(Message):
    """Pictures for these keys arrived (or failed): entries holding them are drawn again."""

    def __init__(self, keys: frozenset[str]) -> None:
        super().__init__()
        self.keys = keys


class RedrawsItems(Protocol):
    """A view that can draw again the entries whose item matches (``TimelineView``)."""

    def redraw_items(self, matches: Callable[[Any], bool]) -> None: ...


def dominant_colour(blurhash: str | None) -> tuple[int, int, int] | None:
    """The picture's average colour, read from its blurhash (its DC component), or None."""
    if not blurhash or len(blurhash) < 6 or len(blurhash) > 100:
        return None
    value = 0
    for char in blurhash[2:6]:
        digit = _DIGIT.get(char)
        if digit is None:
            return None
        value = value * 83 + digit
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def statuses_of(item: object) -> Iterator[Status]:
    """The posts an entry shows whose pictures could be previewed: a post (or the one it
    boosts), a notification's, a conversation's last."""
    if isinstance(item, Status):
        yield item.target
        return
    for name in ("status", "last_status"):
        inner = getattr(item, name, None)
        if isinstance(inner, Status):
            yield inner.target


def picture_url(media: MediaAttachment) -> str | None:
    """The small picture a tile draws: the server's preview, or the image itself."""
    return safe_url(media.preview_url) or (safe_url(media.url) if media.type == "image" else None)


class InlinePreviews:
    """The pictures of the previews: fetched on demand, kept in memory (bounded), drawn as
    lines of half-block cells. One for the app, shared by every timeline."""

    def __init__(
        self,
        fetch: Callable[[str, requests.Session], PILImage],
        *,
        run: Callable[[Callable[[], None]], object],
        ready: Callable[[frozenset[str]], object],
        color_system: str | None,
        expand_content_warnings: bool = False,
        session: Callable[[], requests.Session] | None = None,
    ) -> None:
        """``fetch(url, session)`` downloads and decodes a picture (in a worker thread);
        ``run(job)`` starts a thread worker; ``ready(keys)`` tells the UI thread (it posts a
        message)."""
        self._fetch = fetch
        self._run = run
        self._ready = ready
        self._session = session
        self.color_system = color_system
        self.expand = expand_content_warnings
        self._lock = threading.Lock()
        self._thumbs: OrderedDict[str, PILImage] = OrderedDict()
        self._failed: OrderedDict[str, None] = OrderedDict()
        self._wanted: OrderedDict[str, None] = OrderedDict()
        self._busy: set[str] = set()
        # pictures drawn as placeholders, not here yet: only these are fetched when their
        # entry is seen (a tile that did not fit the width is not)
        self._drawn_missing: OrderedDict[str, None] = OrderedDict()
        self._workers = 0
        self._attempts: dict[str, int] = {}  # failed tries of a picture worth another
        self._idle_sessions: list[requests.Session] = []  # kept for their connections
        self._closed = False
        self.asks = 0
        """Goes up when wanted pictures were dropped unasked: entries drawn then ask again
        (``TimelineView`` compares it with what it was when an entry last asked)."""
        self._runs: OrderedDict[tuple[str, int], list[list[tuple[int, Style]]]] = OrderedDict()
        self._views: WeakSet[Any] = WeakSet()

    # --- the UI thread: drawing --------------------------------------------------------

    def key_for(self, media: MediaAttachment, shown: bool) -> str | None:
        """What a tile draws: the picture's address, or (hidden) its blurhash."""
        if shown:
            return picture_url(media)
        if dominant_colour(media.blurhash) is not None:
            return BLUR_PREFIX + str(media.blurhash)
        return None

    def lines(self, status: Status, width: int, *, shown: bool, bidi: bool) -> list[Text]:
        """The ``PREVIEW_ROWS`` lines of ``status``'s preview, ``width`` cells wide at most."""
        room = width - len(INDENT)
        tiles: list[tuple[MediaAttachment, str | None, int]] = []
        used = 0
        media = status.media_attachments
        for attachment in media[:MAX_TILES]:
            key = self.key_for(attachment, shown)
            cells = self._cells_of(attachment, key)
            gap = 1 if tiles else 0
            left = len(media) - len(tiles) - 1
            more = len(f" +{left}") if left > 0 else 0  # room for "+N" after it
            if tiles and used + gap + cells + more > room:
                break
            cells = max(1, min(cells, room - used - gap - more))
            tiles.append((attachment, key, cells))
            used += gap + cells
        rows = [Text(INDENT) for _ in range(PREVIEW_ROWS)]
        with self._lock:  # the workers change these too
            for key in (key for _media, key, _cells in tiles if key is not None):
                if key not in self._thumbs and key not in self._failed:
                    self._drawn_missing[key] = None
                    self._drawn_missing.move_to_end(key)
            while len(self._drawn_missing) > DRAWN_MISSING_KEPT:
                self._drawn_missing.popitem(last=False)
        for n, (attachment, key, cells) in enumerate(tiles):
            if n:
                for row in rows:
                    row.append(" ")
            self._draw_tile(rows, attachment, key, cells, shown=shown, bidi=bidi)
        left = len(media) - len(tiles)
        if left > 0:
            rows[PREVIEW_ROWS // 2].append(localize_digits(f" +{left}"), Style(bold=True))
        return rows

    def _cells_of(self, media: MediaAttachment, key: str | None) -> int:
        """A tile's width: the picture's own once it is here, else the server's aspect."""
        thumb = self._thumbs.get(key) if key is not None else None
        if thumb is not None and not (key or "").startswith(BLUR_PREFIX):
            return thumb.width
        return tile_cells(media.aspect)

    def _draw_tile(
        self,
        rows: list[Text],
        media: MediaAttachment,
        key: str | None,
        cells: int,
        *,
        shown: bool,
        bidi: bool,
    ) -> None:
        runs = self._tile_runs(key, cells) if key is not None else None
        if runs is not None and shown:
            for row, row_runs in zip(rows, runs, strict=True):
                for length, style in row_runs:
                    row.append("▀" * length, style)
            return
        label = ""
        if not shown:
            label = _("sensitive")
        elif key is not None and key in self._failed:
            label = "×"
        if runs is not None:  # hidden: the blurred picture, its word over it
            for n, (row, row_runs) in enumerate(zip(rows, runs, strict=True)):
                if n == PREVIEW_ROWS // 2 and label:
                    self._label_row(row, label, cells, runs_style(row_runs), bidi)
                    continue
                for length, style in row_runs:
                    row.append("▀" * length, style)
            return
        colour = dominant_colour(media.blurhash)
        if colour is not None:
            fill = Style(bgcolor="#{:02x}{:02x}{:02x}".format(*colour))
            blank = " "
        else:
            fill, blank = PLAIN_TILE, "░"
        for n, row in enumerate(rows):
            if n == PREVIEW_ROWS // 2 and label:
                self._label_row(row, label, cells, fill, bidi, blank)
            else:
                row.append(blank * cells, fill)

    @staticmethod
    def _label_row(
        row: Text, label: str, cells: int, fill: Style, bidi: bool, blank: str = " "
    ) -> None:
        word = label[:cells]  # cut in reading order, then laid out
        word = visual_string(word) if bidi else word
        left = (cells - len(word)) // 2
        row.append(blank * left, fill)
        row.append(word, fill + LABEL)
        row.append(blank * (cells - left - len(word)), fill)

    def _tile_runs(self, key: str, cells: int) -> list[list[tuple[int, Style]]] | None:
        """The half-block runs of a tile ``cells`` wide, drawn once and kept."""
        cached = self._runs.get((key, cells))
        if cached is not None:
            self._runs.move_to_end((key, cells))
            return cached
        with self._lock:
            thumb = self._thumbs.get(key)
            if thumb is not None:
                self._thumbs.move_to_end(key)
        if thumb is None:
            return None
        from PIL import Image

        if thumb.size != (cells, PIXEL_ROWS):
            thumb = thumb.resize((cells, PIXEL_ROWS), Image.Resampling.BOX)
        runs = list(halfblock_runs(thumb, self.color_system))
        self._runs[(key, cells)] = runs
        while len(self._runs) > RUNS_KEPT:
            self._runs.popitem(last=False)
        return runs

    # --- the UI thread: what to fetch ----------------------------------------------------

    def attach(self, view: RedrawsItems) -> None:
        """``view`` shows previews: it is drawn again when pictures arrive."""
        self._views.add(view)

    def want(self, item: object, revealed: bool) -> None:
        """An entry is on screen: fetch what its preview lacks, newest request first."""
        keys = [
            key
            for status in statuses_of(item)
            if text_shown(status, revealed, self.expand)
            for key in self._keys(status, media_shown(status, revealed, self.expand))
        ]
        if not keys:
            return
        with self._lock:
            for key in keys:
                if key not in self._drawn_missing or key in self._busy:
                    continue
                self._wanted[key] = None
                self._wanted.move_to_end(key)
            while len(self._wanted) > WANTED_KEPT:
                self._wanted.popitem(last=False)
                self.asks += 1
            start = max(0, min(WORKERS - self._workers, len(self._wanted)))
            self._workers += start
        for _worker in range(start):
            self._run(self._work)

    def _keys(self, status: Status, shown: bool) -> Iterator[str]:
        for media in status.media_attachments[:MAX_TILES]:
            key = self.key_for(media, shown)
            if key is not None:
                yield key

    def keys_of(self, item: object) -> set[str]:
        """Every picture an entry's preview may draw (shown or hidden)."""
        keys: set[str] = set()
        for status in statuses_of(item):
            keys.update(self._keys(status, True))
            keys.update(self._keys(status, False))
        return keys

    def arrived(self, keys: frozenset[str]) -> None:
        """Pictures arrived: every view draws again the entries holding them."""
        for view in list(self._views):
            view.redraw_items(lambda item: not keys.isdisjoint(self.keys_of(item)))

    # --- worker threads --------------------------------------------------------------------

    def _work(self) -> None:
        """Fetch wanted pictures, newest first, until none is left."""
        session = self._take_session()
        try:
            while True:
                with self._lock:
                    if not self._wanted:
                        self._workers -= 1
                        return
                    key = self._wanted.popitem(last=True)[0]
                    self._busy.add(key)
                try:
                    thumb = self._thumbnail(key, session)
                except MediaError as error:
                    if not (error.transient and self._again(key)):
                        self._finished(key, None)  # the tile says so; v gives the sentence
                    continue
                except BaseException:
                    self._finished(key, None)
                    raise  # a bug: the worker's failure reaches the app's failure sink
                self._finished(key, thumb)
        except BaseException:
            with self._lock:
                self._workers -= 1
            raise
        finally:
            self._give_back(session)

    def _again(self, key: str) -> bool:
        """Queue ``key`` once more, after the others, unless it had its tries."""
        with self._lock:
            tries = self._attempts.get(key, 0)
            self._busy.discard(key)
            if tries >= RETRIES or self._closed:
                self._attempts.pop(key, None)
                return False
            self._attempts[key] = tries + 1
            self._wanted[key] = None
            self._wanted.move_to_end(key, last=False)
            alone = len(self._wanted) == 1
        if alone:  # nothing else to do meanwhile: let what went wrong pass first
            time.sleep(RETRY_PAUSE * (tries + 1))
        return True

    def _take_session(self) -> requests.Session | None:
        with self._lock:
            if self._idle_sessions:
                return self._idle_sessions.pop()
        return self._session() if self._session is not None else None

    def _give_back(self, session: requests.Session | None) -> None:
        if session is None:
            return
        with self._lock:
            if not self._closed and len(self._idle_sessions) < WORKERS:
                self._idle_sessions.append(session)
                return
        session.close()

    def close(self) -> None:
        """The app is ending: close the kept sessions (and those of workers as they end)."""
        with self._lock:
            self._closed = True
            idle, self._idle_sessions = self._idle_sessions, []
        for session in idle:
            session.close()

    def _finished(self, key: str, thumb: PILImage | None) -> None:
        """Keep a fetched tile (or that ``key`` failed, with None), then tell the UI."""
        kept: OrderedDict[str, Any] = self._thumbs if thumb is not None else self._failed
        with self._lock:
            self._busy.discard(key)
            self._attempts.pop(key, None)
            self._drawn_missing.pop(key, None)
            kept[key] = thumb
            while len(kept) > THUMBS_KEPT:
                kept.popitem(last=False)
        self._ready(frozenset({key}))

    def _thumbnail(self, key: str, session: requests.Session | None) -> PILImage:
        """The tile picture of ``key``: ``PIXEL_ROWS`` pixels tall, its own width."""
        from PIL import Image

        if key.startswith(BLUR_PREFIX):
            from tootui.media.blur import blurred_placeholder

            blurred = blurred_placeholder(key[len(BLUR_PREFIX) :])
            if blurred is None:
                raise MediaError(_("The picture is damaged or incomplete."))
            picture = blurred
        else:
            picture = self._fetch(key, session)  # type: ignore[arg-type]
        picture = picture.convert("RGB") if picture.mode != "RGB" else picture
        cells = tile_cells(picture.width / max(1, picture.height))
        return picture.resize((cells, PIXEL_ROWS), Image.Resampling.BOX)


def tile_cells(aspect: float | None) -> int:
    """A tile's width in cells for a picture of ``aspect`` (width / height): a cell of
    half-blocks holds two pixels that are about square."""
    ratio = aspect if aspect is not None and aspect > 0 else DEFAULT_ASPECT
    return max(MIN_CELLS, min(MAX_CELLS, round(PIXEL_ROWS * ratio)))


def runs_style(runs: Iterable[tuple[int, Style]]) -> Style:
    """A background for a word laid over a row of a picture: the row's first colour."""
    for _length, style in runs:
        return Style(bgcolor=style.bgcolor)
    return Style()
