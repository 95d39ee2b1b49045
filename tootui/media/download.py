"""Fetching a remote picture safely: bounded in bytes, pixels and time, checked before use.

Remote files are untrusted. ``fetch_image`` runs in a thread worker only (it blocks) and
either returns a decoded, loaded Pillow image or raises ``MediaError`` carrying one
translated sentence; no other exception leaves it for anything a server can send.

- a plain ``requests.Session`` of its own: the API client's session (and its token)
  never reaches a media host, no ``.netrc`` login is added, no cookie is kept;
- ``Content-Length`` and the streamed body are held to ``max_bytes``;
- a connect timeout and a deadline for the whole download;
- only ``image/*`` content types (no SVG: Pillow cannot draw it and it may hold scripts);
- Pillow's decompression-bomb limit, its warning treated as an error, then ``verify``
  and ``load`` to catch truncated or corrupt files.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from io import BytesIO
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
from PIL import Image

from tootui.i18n import _

if TYPE_CHECKING:
    from tootui.media.cache import MediaCache

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 8000x5000 photo; far beyond what a terminal shows
LARGEST_SIDE = 2048  # decoded pictures are scaled down to this: a terminal never needs more
CHUNK = 64 * 1024

# Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that; tootui's limit is
# lower than Pillow's default, and the warning is turned into an error where it is raised.
Image.MAX_IMAGE_PIXELS = min(Image.MAX_IMAGE_PIXELS or MAX_PIXELS, MAX_PIXELS)


class MediaError(Exception):
    """A picture could not be fetched or drawn; ``str()`` is a sentence for the user.

    ``transient``: the cause may pass (no answer in time, a dropped connection, a busy
    server): worth another try, where a wrong address or a bad file is not.
    """

    def __init__(self, sentence: str, *, transient: bool = False) -> None:
        super().__init__(sentence)
        self.transient = transient


@dataclass(frozen=True)
class MediaLimits:
    """How much a download may cost."""

    max_bytes: int = DEFAULT_MAX_BYTES
    connect_timeout: float = 5.0
    total_timeout: float = 30.0
    max_pixels: int = MAX_PIXELS


def media_session() -> requests.Session:
    """A session that carries nothing of the user's to a media host."""
    session = requests.Session()
    session.auth = _no_auth  # else requests would add a login from ~/.netrc
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    session.headers["User-Agent"] = "tootui"
    return session


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def fetch_bytes(url: str, limits: MediaLimits, session: requests.Session | None = None) -> bytes:
    """The body of ``url`` if it is a picture within ``limits``; else ``MediaError``."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise MediaError(_("Only http and https addresses are fetched."))
    host = _host(url)
    own = session is None
    session = session or media_session()
    deadline = time.monotonic() + limits.total_timeout
    too_big = MediaError(
        _("The file on {host} is larger than {size} MB, so it was not downloaded.").format(
            host=host, size=_megabytes(limits.max_bytes)
        )
    )
    slow = MediaError(_("{host} took too long to send the file.").format(host=host), transient=True)
    try:
        with session.get(
            url, stream=True, timeout=(limits.connect_timeout, limits.total_timeout)
        ) as response:
            if urlsplit(response.url).scheme not in ("http", "https"):
                raise MediaError(_("Only http and https addresses are fetched."))
            if response.status_code != 200:
                raise MediaError(
                    _("{host} answered {status} instead of the file.").format(
                        host=host, status=response.status_code
                    ),
                    transient=response.status_code == 429 or response.status_code >= 500,
                )
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if not kind.startswith("image/") or kind == "image/svg+xml":
                raise MediaError(
                    _("{host} sent {kind}, not a picture tootui can draw.").format(
                        host=host, kind=kind or _("a file of no stated type")
                    )
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise too_big
            body = bytearray()
            for chunk in response.iter_content(CHUNK):
                body += chunk
                if len(body) > limits.max_bytes:
                    raise too_big
                if time.monotonic() > deadline:
                    raise slow
            return bytes(body)
    except requests.Timeout:
        raise slow from None
    except requests.RequestException as error:
        raise MediaError(
            _("Could not download the file from {host}: {reason}.").format(
                host=host, reason=type(error).__name__
            ),
            transient=True,
        ) from None
    finally:
        if own:
            session.close()


def decode_image(data: bytes, limits: MediaLimits, largest_side: int = LARGEST_SIDE) -> Image.Image:
    """A loaded picture, scaled down to at most ``largest_side``; else ``MediaError``."""
    bomb = MediaError(_("The picture declares more pixels than tootui will decode."))
    damaged = MediaError(_("The picture is damaged or incomplete."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:
                width, height = probe.size
                if width * height > limits.max_pixels:
                    raise bomb
                probe.verify()
            image: Image.Image = Image.open(BytesIO(data))
            image.draft("RGB", (largest_side, largest_side))  # JPEG: decode at a lower scale
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except MediaError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, MemoryError):
        raise damaged from None
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert(
            "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
        )
    image.thumbnail((largest_side, largest_side))
    return image


def fetch_image(
    url: str,
    limits: MediaLimits,
    cache: MediaCache | None = None,
    session: requests.Session | None = None,
    largest_side: int = LARGEST_SIDE,
) -> Image.Image:
    """The picture at ``url``, from the cache or downloaded (and then cached)."""
    if cache is not None and (data := cache.get(url)) is not None:
        try:
            return decode_image(data, limits, largest_side)
        except MediaError:
            pass  # a damaged entry is fetched again (and replaced)
    data = fetch_bytes(url, limits, session)
    image = decode_image(data, limits, largest_side)
    if cache is not None:
        try:
            cache.put(url, data)
        except OSError:
            pass  # a full or read-only disk only costs a download next time
    return image
