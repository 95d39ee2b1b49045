"""Settings: ``config.toml`` under the config folder, read into a dataclass.

Unknown keys are ignored; a value of the wrong type falls back to the default. A file
that is not valid TOML does not stop the app: it starts with defaults and says which file
and line is wrong. Secrets never live here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from tootui.i18n import _, language_code, languages_list
from tootui.paths import config_dir

BidiSetting = Literal["auto", "on", "off"]
TokenStoreSetting = Literal["auto", "keyring", "file"]
TransportSetting = Literal["auto", "sse", "poll"]
NotificationsSetting = Literal["off", "mentions", "all"]
NotificationProtocolSetting = Literal["auto", "osc9", "osc777"]
NotifyWhenSetting = Literal["unfocused", "always"]
ImageProtocolSetting = Literal["auto", "kitty", "sixel", "halfblock", "off"]

EXAMPLE = """\
# tootui settings. Every key is optional.
# bidi = "auto"              # right-to-left text: "auto", "on" (tootui reorders), "off" (terminal does)
# expand_content_warnings = false
# absolute_times = false     # "5m" or "2026-11-20 12:00"
# token_store = "auto"       # "auto", "keyring" or "file"
# language = ""              # interface language: "en" or "ar" (or "arabic"); empty: from the locale
# theme = "textual-dark"
# bell_on_mention = false
# notifications = "mentions" # terminal notifications while unfocused: "off", "mentions" or "all"
# notification_protocol = "auto"  # "auto", "osc9" or "osc777"
# notify_when = "unfocused"  # or "always" (for terminals that never report focus)
# streaming = true           # live updates over the server's streaming API
# streaming_transport = "auto"  # "auto" (WebSocket, then SSE, then polling), "sse" or "poll"
# poll_interval = 60         # seconds between checks where a server has no streaming (15-3600)
# log_file = ""              # append a debug log here (as tootui --log FILE); empty: none
# log_bodies = false         # also log what requests send (posts!), secrets hidden
# image_protocol = "auto"    # pictures: "auto", "kitty", "sixel", "halfblock" or "off"
# inline_images = false      # small previews of pictures under posts in timelines
# media_player = ""          # e.g. "mpv"; empty: the first of mpv, vlc, ffplay on PATH
# media_max_bytes = 16777216 # the largest picture downloaded (16 MB)
# media_cache_mb = 200       # disk space for downloaded pictures
#
# [keymap]                   # binding id = keys, e.g.
# "timeline.down" = "j,down,ctrl+n"
"""


class ConfigError(Exception):
    """The settings file could not be read; the message names the file and line."""


@dataclass(frozen=True)
class Config:
    """Everything a user can set."""

    bidi: BidiSetting = "auto"
    expand_content_warnings: bool = False
    absolute_times: bool = False
    token_store: TokenStoreSetting = "auto"
    language: str = ""
    theme: str = "textual-dark"
    bell_on_mention: bool = False
    notifications: NotificationsSetting = "mentions"  # terminal notifications (terminal_notify)
    notification_protocol: NotificationProtocolSetting = "auto"
    notify_when: NotifyWhenSetting = "unfocused"  # "always": also while focused
    streaming: bool = True  # live updates; off: load newer posts with "."
    streaming_transport: TransportSetting = "auto"
    poll_interval: int = 60  # seconds; kept within POLL_LIMITS
    log_file: str = ""  # a debug log (tootui.debug_log); empty: none
    log_bodies: bool = False  # request bodies in that log too
    image_protocol: ImageProtocolSetting = "auto"  # how the media viewer draws pictures
    inline_images: bool = False  # previews under posts (tootui.render.previews)
    media_player: str = ""  # a command line; empty: the first of mpv, vlc, ffplay on PATH
    media_max_bytes: int = 16 * 1024 * 1024  # the largest file downloaded
    media_cache_mb: int = 200  # the disk cache of pictures (tootui.media.cache)
    keymap: dict[str, str] = field(default_factory=dict)
    problem: str | None = None  # why the file was not used, if it was not

    @staticmethod
    def path() -> Path:
        return config_dir() / "config.toml"

    @classmethod
    def load(cls, path: Path | None = None) -> Config:
        """Read the settings file; never raises: problems end up in ``problem``."""
        path = path or cls.path()
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            return cls(
                problem=_("Could not read {path}: {reason}. Using default settings.").format(
                    path=path, reason=exc.strerror
                )
            )
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            return cls(problem=_toml_problem(path, exc))
        config = cls.from_mapping(data)
        problems = []
        ignored = config.wrong_values(data)
        if ignored:
            names = ", ".join(ignored)
            problems.append(
                _(
                    "{path}: ignored {names} (not a value tootui understands); using the default."
                ).format(path=path, names=names)
            )
        language = data.get("language")
        if isinstance(language, str) and language.strip() and not config.language:
            problems.append(
                _(
                    "{path}: language = {value} is not a language tootui has, so the system's "
                    'language is used. Available: {languages} (e.g. language = "ar").'
                ).format(path=path, value=repr(language), languages=languages_list())
            )
        if problems:
            config = replace(config, problem=" ".join(problems))
        return config

    def wrong_values(self, data: dict[str, Any]) -> list[str]:
        """The known keys in ``data`` whose value was not used (so the default was)."""
        wrong = []
        for f in fields(self):
            if f.name in ("problem", "keymap") or f.name not in data:
                continue
            if f.name == "language" and isinstance(data[f.name], str):
                continue  # a name ("arabic") is used as its code; an unknown one is said apart
            given, used = data[f.name], getattr(self, f.name)
            if type(given) is not type(used) or given != used:
                wrong.append(f.name)
        return wrong

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Config:
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "problem" or f.name not in data:
                continue
            value = data[f.name]
            default = getattr(defaults, f.name)
            if f.name == "keymap":
                if isinstance(value, dict):
                    values[f.name] = {
                        str(k): str(v) for k, v in value.items() if isinstance(v, str)
                    }
                continue
            if isinstance(default, bool):
                if isinstance(value, bool):
                    values[f.name] = value
            elif isinstance(default, int):
                if isinstance(value, int) and not isinstance(value, bool):
                    values[f.name] = value
            elif isinstance(value, str):
                values[f.name] = value
        for name, allowed in _CHOICES.items():
            if values.get(name, getattr(defaults, name)) not in allowed:
                values.pop(name)
        if "language" in values:
            code = language_code(values["language"])
            if code is None:
                values.pop("language")  # the system's language, as when it is not set
            else:
                values["language"] = code
        for name in ("media_max_bytes", "media_cache_mb"):
            if values.get(name, 1) < 1:
                values.pop(name)
        low, high = POLL_LIMITS
        if not low <= values.get("poll_interval", low) <= high:
            values.pop("poll_interval")
        return cls(**values)


POLL_LIMITS = (15, 3600)  # seconds: no faster than a server likes, no slower than an hour
_CHOICES: dict[str, tuple[str, ...]] = {
    "bidi": ("auto", "on", "off"),
    "token_store": ("auto", "keyring", "file"),
    "streaming_transport": ("auto", "sse", "poll"),
    "notifications": ("off", "mentions", "all"),
    "notification_protocol": ("auto", "osc9", "osc777"),
    "notify_when": ("unfocused", "always"),
    "image_protocol": ("auto", "kitty", "sixel", "halfblock", "off"),
}

_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _toml_problem(path: Path, exc: tomllib.TOMLDecodeError) -> str:
    """Which file and line is not valid TOML, and what is wrong there, in one sentence.

    Python 3.11's error has no ``lineno`` attribute (3.14 adds it); the position is the
    "(at line N, column M)" at the end of its message. The line's text is not quoted:
    the sentence is shown with ``notify``, which reads markup, and a TOML line may hold
    square brackets.
    """
    reason = str(exc)
    match = _WHERE.search(reason)
    if match is None:
        return _("{path} is not valid TOML ({reason}). Using default settings.").format(
            path=path, reason=reason
        )
    line, column = match.groups()
    return _(
        "{path}, line {line}, column {column}: not valid TOML ({reason}). Using default settings."
    ).format(path=path, line=line, column=column, reason=reason[: match.start()])
