"""Make untrusted strings from a Mastodon server safe to show on a terminal.

Everything here is plain-string work: no Rich, no Textual. The rules, in the order
:func:`clean_text` applies them:

* Overlong input is cut to ``max_len`` characters, ending in ``…``.
* Line breaks: ``\\r\\n``, ``\\r``, U+2028 and U+2029 count as newlines. In multi-line mode
  newlines and tabs are kept; in single-line mode newlines and tabs become spaces.
* Every other C0 control and DEL becomes its visible "control picture" (ESC -> ``␛``,
  BEL -> ``␇``, DEL -> ``␡``). With ESC visible, no CSI/OSC/DCS/APC/PM/SOS sequence can
  reach the terminal: ``\\x1b[2J`` shows as the harmless text ``␛[2J``.
* C1 controls (U+0080-U+009F, which include the single-byte CSI/OSC/DCS forms) become a
  visible ``<U+009B>``-style marker.
* Bidi controls are *removed*, not kept balanced: the embeddings/overrides U+202A-U+202E,
  the isolates U+2066-U+2069 and the marks U+200E, U+200F, U+061C. Terminals do not do
  bidi layout consistently, so dropping them costs little and stops a post from reordering
  what follows it ("Trojan Source").
* Invisible characters are removed: U+200B, U+2060, U+FEFF, U+00AD, U+180E,
  U+FFF9-U+FFFB and the tag characters U+E0000-U+E007F (used to smuggle hidden text; a
  side effect is that subdivision flags such as England's show as a plain black flag).
  U+200D (ZWJ) is kept only between two emoji, so sequences like 👩‍💻 still join;
  everywhere else (including Indic scripts, where it only changes glyph shaping) it goes.
  U+200C (ZWNJ) is kept: Persian, Urdu and Kurdish spelling needs it (می‌شود).
* Lone surrogates (e.g. from ``'\\udc80'``) become U+FFFD.
* Runs of combining marks (categories Mn/Me) are capped at :data:`MAX_COMBINING` per base
  character, which defuses "zalgo" text.

The hot path is one ``str.translate`` and a few precompiled regexes, so it is cheap enough
to run on every post.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

__all__ = [
    "ELLIPSIS",
    "MAX_COMBINING",
    "break_long_words",
    "clean_text",
    "leading_marks",
    "long_word_pattern",
    "safe_url",
    "shorten_url",
    "trailing_marks",
]

ELLIPSIS = "…"
MAX_COMBINING = 4
"""How many combining marks may follow one base character."""

_REMOVED = (
    [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E]
    + [0x2066, 0x2067, 0x2068, 0x2069]
    + [0x200B, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0xFFF9, 0xFFFA, 0xFFFB]
    + list(range(0xE0000, 0xE0080))
)


def _base_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = f"<U+{code:04X}>"
    for code in _REMOVED:
        table[code] = None
    for code in range(0xD800, 0xE000):
        table[code] = "\ufffd"
    return table


_MULTILINE_TABLE = _base_table()
_MULTILINE_TABLE[ord("\n")] = "\n"
_MULTILINE_TABLE[ord("\t")] = "\t"
_MULTILINE_TABLE[0x2028] = "\n"
_MULTILINE_TABLE[0x2029] = "\n"

_SINGLE_LINE_TABLE = _base_table()
for _code in (ord("\n"), ord("\t"), 0x2028, 0x2029):
    _SINGLE_LINE_TABLE[_code] = " "

_CRLF = re.compile(r"\r\n?")


def _needs_translate(table: dict[int, str | None]) -> re.Pattern[str]:
    """A regex finding any character ``table`` would change, to skip translate() on clean text."""
    codes = sorted(code for code, value in table.items() if value != chr(code))
    return re.compile(f"[{_ranges(codes)}]")


def _ranges(codes: list[int]) -> str:
    """A regex character-class body matching exactly ``codes`` (sorted)."""
    parts: list[str] = []
    start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        parts.append(
            re.escape(chr(start))
            if start == prev
            else f"{re.escape(chr(start))}-{re.escape(chr(prev))}"
        )
        start = prev = code
    return "".join(parts)


def _combining_codes() -> list[int]:
    candidates = [*range(0x300, 0x30000), *range(0xE0100, 0xE01F0)]
    return [c for c in candidates if unicodedata.category(chr(c)) in ("Mn", "Me")]


_MULTILINE_UNSAFE = _needs_translate(_MULTILINE_TABLE)
_SINGLE_LINE_UNSAFE = _needs_translate(_SINGLE_LINE_TABLE)
_MARK_CODES = _combining_codes()
_MARKS = _ranges(_MARK_CODES)
_ZALGO = re.compile(f"([{_MARKS}]{{{MAX_COMBINING}}})[{_MARKS}]+")
# re scans astral ranges slowly, so look first with a cheap over-approximation (BMP marks
# or any astral character) and run the exact pattern only when that finds a long run.
_MAYBE_ZALGO = re.compile(
    f"[{_ranges([c for c in _MARK_CODES if c < 0x10000])}\U00010000-\U0010ffff]"
    f"{{{MAX_COMBINING + 1}}}"
)
_LEADING_MARKS = re.compile(f"[{_MARKS}]+")
_TRAILING_MARKS = re.compile(f"[{_MARKS}]+\\Z")


# Extended_Pictographic, approximately (Python's re has no \p{...}), plus FE0F and the
# skin-tone modifiers (inside U+1F000-U+1FAFF) which may sit just before a joiner.
_EMOJI = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)
_STRAY_ZWJ = re.compile(f"(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])")


def leading_marks(s: str) -> int:
    """How many combining marks ``s`` starts with."""
    match = _LEADING_MARKS.match(s)
    return match.end() if match else 0


def trailing_marks(s: str) -> int:
    """How many combining marks ``s`` ends with."""
    match = _TRAILING_MARKS.search(s, max(0, len(s) - MAX_COMBINING - 1))
    return match.end() - match.start() if match else 0


def clean_text(s: str, *, max_len: int = 20000, multiline: bool = False) -> str:
    """Return ``s`` made safe to print as plain text on a terminal (see the module docstring)."""
    truncated = len(s) > max_len
    if truncated:
        s = s[: max(0, max_len - 1)]
    if "\r" in s:
        s = _CRLF.sub("\n", s)
    if multiline:
        if _MULTILINE_UNSAFE.search(s):
            s = s.translate(_MULTILINE_TABLE)
    elif _SINGLE_LINE_UNSAFE.search(s):
        s = s.translate(_SINGLE_LINE_TABLE)
    if "\u200d" in s:
        s = _STRAY_ZWJ.sub("", s)
    if _MAYBE_ZALGO.search(s):
        s = _ZALGO.sub(r"\1", s)
    if truncated:
        # Markers such as "<U+0085>" may have made the text longer than asked for.
        s = s[: max(0, max_len - 1)] + ELLIPSIS
    return s


_WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd"
)
_LONG_WORD_CACHE: dict[int, re.Pattern[str]] = {}


def long_word_pattern(limit: int) -> re.Pattern[str]:
    """A regex matching runs of more than ``limit`` unbreakable narrow characters."""
    pattern = _LONG_WORD_CACHE.get(limit)
    if pattern is None:
        pattern = re.compile(f"[^\\s{_WIDE}]{{{limit + 1},}}")
        _LONG_WORD_CACHE[limit] = pattern
    return pattern


def break_long_words(s: str, limit: int = 80) -> str:
    """Insert a space every ``limit`` characters inside any longer run of non-space text.

    A plain space was chosen (not U+200B, which Rich does not treat as a break, nor a
    newline, which would not reflow) so that a 100 000-character "word" wraps like prose at
    any width. Runs of wide (CJK) characters are left alone: every wide character is
    already a line-break opportunity, and spaces would disfigure ordinary CJK sentences.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    if len(s) <= limit:
        return s
    pattern = long_word_pattern(limit)

    def chop(match: re.Match[str]) -> str:
        word = match.group()
        return " ".join(word[i : i + limit] for i in range(0, len(word), limit))

    return pattern.sub(chop, s)


# Anything here in a URL means it is not a URL we want to hand to a terminal or a browser.
_URL_BAD = re.compile(
    "[\\s\x00-\x20\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
    "\ud800-\udfff\U000e0000-\U000e007f]"
)
_URL_SAFE_CHARS = "!#$%&'()*+,-./:;=?@[]_~"


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL with a host, else ``None``.

    URLs containing whitespace, control, bidi or invisible characters are refused.
    Non-ASCII hosts are converted to punycode and other non-ASCII characters are
    percent-encoded, so the result is always printable ASCII (safe inside an OSC 8 link).
    """
    if not url or len(url) > 4096 or _URL_BAD.search(url):
        return None
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        return None
    if not url.isascii():
        try:
            ascii_host = hostname.encode("idna").decode("ascii")
        except UnicodeError:
            return None
        netloc = parts.netloc.rpartition("@")
        host_port = netloc[2]
        lowered = host_port.lower()
        start = lowered.find(hostname)
        if start < 0:
            return None
        host_port = host_port[:start] + ascii_host + host_port[start + len(hostname) :]
        userinfo = quote(netloc[0], safe=_URL_SAFE_CHARS)
        new_netloc = f"{userinfo}@{host_port}" if netloc[1] else host_port
        rest = url[url.index(parts.netloc) + len(parts.netloc) :]
        url = f"{parts.scheme}://{new_netloc}{quote(rest, safe=_URL_SAFE_CHARS)}"
    return url


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def shorten_url(url: str, max_len: int = 40) -> str:
    """A short display form of ``url``: no scheme, no ``www.``, no user info, at most ``max_len``.

    ``https://www.example.com/very/long/path`` -> ``example.com/very/long/pa…``.
    The host shown is the one the URL really points at, and the result is clean text.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        host, port, parts = "", None, None
    if parts is not None and host and _SCHEME.match(url):
        if port is not None:
            host = f"{host}:{port}"
        display = host.removeprefix("www.") + parts.path
        if parts.query:
            display += "?" + parts.query
        if parts.fragment:
            display += "#" + parts.fragment
        if display.endswith("/") and display.count("/") == 1:
            display = display[:-1]
    else:
        display = _SCHEME.sub("", url)
    display = clean_text(display, max_len=max(max_len * 4, 200))
    if len(display) > max_len:
        display = display[: max(0, max_len - 1)] + ELLIPSIS
    return display
