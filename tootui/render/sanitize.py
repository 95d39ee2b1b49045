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


def _scan_combining_codes() -> list[int]:
    """Every combining mark (category Mn or Me), asking ``unicodedata``: ~196,000 lookups."""
    candidates = [*range(0x300, 0x30000), *range(0xE0100, 0xE01F0)]
    return [c for c in candidates if unicodedata.category(chr(c)) in ("Mn", "Me")]


# _scan_combining_codes() for Unicode 14.0.0, as ranges: scanning takes 20-60 ms, on every
# start. tests/test_sanitize_marks.py checks the table and prints a new one when it differs.
_MARKS_UNICODE = "14.0.0"
_MARK_RANGES = """
0300-036F 0483-0489 0591-05BD 05BF 05C1-05C2 05C4-05C5 05C7 0610-061A 064B-065F 0670
06D6-06DC 06DF-06E4 06E7-06E8 06EA-06ED 0711 0730-074A 07A6-07B0 07EB-07F3 07FD 0816-0819
081B-0823 0825-0827 0829-082D 0859-085B 0898-089F 08CA-08E1 08E3-0902 093A 093C 0941-0948
094D 0951-0957 0962-0963 0981 09BC 09C1-09C4 09CD 09E2-09E3 09FE 0A01-0A02 0A3C 0A41-0A42
0A47-0A48 0A4B-0A4D 0A51 0A70-0A71 0A75 0A81-0A82 0ABC 0AC1-0AC5 0AC7-0AC8 0ACD 0AE2-0AE3
0AFA-0AFF 0B01 0B3C 0B3F 0B41-0B44 0B4D 0B55-0B56 0B62-0B63 0B82 0BC0 0BCD 0C00 0C04 0C3C
0C3E-0C40 0C46-0C48 0C4A-0C4D 0C55-0C56 0C62-0C63 0C81 0CBC 0CBF 0CC6 0CCC-0CCD 0CE2-0CE3
0D00-0D01 0D3B-0D3C 0D41-0D44 0D4D 0D62-0D63 0D81 0DCA 0DD2-0DD4 0DD6 0E31 0E34-0E3A
0E47-0E4E 0EB1 0EB4-0EBC 0EC8-0ECD 0F18-0F19 0F35 0F37 0F39 0F71-0F7E 0F80-0F84 0F86-0F87
0F8D-0F97 0F99-0FBC 0FC6 102D-1030 1032-1037 1039-103A 103D-103E 1058-1059 105E-1060
1071-1074 1082 1085-1086 108D 109D 135D-135F 1712-1714 1732-1733 1752-1753 1772-1773
17B4-17B5 17B7-17BD 17C6 17C9-17D3 17DD 180B-180D 180F 1885-1886 18A9 1920-1922 1927-1928
1932 1939-193B 1A17-1A18 1A1B 1A56 1A58-1A5E 1A60 1A62 1A65-1A6C 1A73-1A7C 1A7F 1AB0-1ACE
1B00-1B03 1B34 1B36-1B3A 1B3C 1B42 1B6B-1B73 1B80-1B81 1BA2-1BA5 1BA8-1BA9 1BAB-1BAD 1BE6
1BE8-1BE9 1BED 1BEF-1BF1 1C2C-1C33 1C36-1C37 1CD0-1CD2 1CD4-1CE0 1CE2-1CE8 1CED 1CF4
1CF8-1CF9 1DC0-1DFF 20D0-20F0 2CEF-2CF1 2D7F 2DE0-2DFF 302A-302D 3099-309A A66F-A672
A674-A67D A69E-A69F A6F0-A6F1 A802 A806 A80B A825-A826 A82C A8C4-A8C5 A8E0-A8F1 A8FF
A926-A92D A947-A951 A980-A982 A9B3 A9B6-A9B9 A9BC-A9BD A9E5 AA29-AA2E AA31-AA32 AA35-AA36
AA43 AA4C AA7C AAB0 AAB2-AAB4 AAB7-AAB8 AABE-AABF AAC1 AAEC-AAED AAF6 ABE5 ABE8 ABED FB1E
FE00-FE0F FE20-FE2F 101FD 102E0 10376-1037A 10A01-10A03 10A05-10A06 10A0C-10A0F 10A38-10A3A
10A3F 10AE5-10AE6 10D24-10D27 10EAB-10EAC 10F46-10F50 10F82-10F85 11001 11038-11046 11070
11073-11074 1107F-11081 110B3-110B6 110B9-110BA 110C2 11100-11102 11127-1112B 1112D-11134
11173 11180-11181 111B6-111BE 111C9-111CC 111CF 1122F-11231 11234 11236-11237 1123E 112DF
112E3-112EA 11300-11301 1133B-1133C 11340 11366-1136C 11370-11374 11438-1143F 11442-11444
11446 1145E 114B3-114B8 114BA 114BF-114C0 114C2-114C3 115B2-115B5 115BC-115BD 115BF-115C0
115DC-115DD 11633-1163A 1163D 1163F-11640 116AB 116AD 116B0-116B5 116B7 1171D-1171F
11722-11725 11727-1172B 1182F-11837 11839-1183A 1193B-1193C 1193E 11943 119D4-119D7
119DA-119DB 119E0 11A01-11A0A 11A33-11A38 11A3B-11A3E 11A47 11A51-11A56 11A59-11A5B
11A8A-11A96 11A98-11A99 11C30-11C36 11C38-11C3D 11C3F 11C92-11CA7 11CAA-11CB0 11CB2-11CB3
11CB5-11CB6 11D31-11D36 11D3A 11D3C-11D3D 11D3F-11D45 11D47 11D90-11D91 11D95 11D97
11EF3-11EF4 16AF0-16AF4 16B30-16B36 16F4F 16F8F-16F92 16FE4 1BC9D-1BC9E 1CF00-1CF2D
1CF30-1CF46 1D167-1D169 1D17B-1D182 1D185-1D18B 1D1AA-1D1AD 1D242-1D244 1DA00-1DA36
1DA3B-1DA6C 1DA75 1DA84 1DA9B-1DA9F 1DAA1-1DAAF 1E000-1E006 1E008-1E018 1E01B-1E021
1E023-1E024 1E026-1E02A 1E130-1E136 1E2AE 1E2EC-1E2EF 1E8D0-1E8D6 1E944-1E94A E0100-E01EF
"""


def _combining_codes() -> list[int]:
    """The combining marks: the table above, or a scan when Python's Unicode is another."""
    if unicodedata.unidata_version != _MARKS_UNICODE:
        return _scan_combining_codes()
    codes: list[int] = []
    for part in _MARK_RANGES.split():
        first, _, last = part.partition("-")
        codes.extend(range(int(first, 16), int(last or first, 16) + 1))
    return codes


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
