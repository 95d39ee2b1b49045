"""A post's translation as lines under its original: who translated it from what, then
the translated content warning and text, laid out like the post's own (remote HTML made
safe by ``render_html``, each paragraph in its own direction).

Translations arrive one at a time, on request, and are laid out only when their post's
entry is (the timeline keeps the lines it drew), so they need no cache of their own.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tootui.api.entities import Status, Translation
from tootui.i18n import _
from tootui.languages import post_language
from tootui.render.display import isolate, laid_out_lines, sentence
from tootui.render.html import render_html
from tootui.render.sanitize import clean_text

NOTE = Style(color="cyan", dim=True)
CW = Style(color="yellow", bold=True)

# Each language by its own name (the name a reader of it knows, whatever the interface
# language): the languages Mastodon's posts are most often written in. Others by code.
_ENDONYMS = {
    "ar": "العربية",
    "bg": "български",
    "ca": "català",
    "cs": "čeština",
    "cy": "Cymraeg",
    "da": "dansk",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "en": "English",
    "eo": "Esperanto",
    "es": "español",
    "et": "eesti",
    "eu": "euskara",
    "fa": "فارسی",
    "fi": "suomi",
    "fr": "français",
    "ga": "Gaeilge",
    "gl": "galego",
    "he": "עברית",
    "hi": "हिन्दी",
    "hu": "magyar",
    "id": "Bahasa Indonesia",
    "is": "íslenska",
    "it": "italiano",
    "ja": "日本語",
    "ko": "한국어",
    "lt": "lietuvių",
    "lv": "latviešu",
    "nl": "Nederlands",
    "no": "norsk",
    "nb": "norsk bokmål",
    "nn": "norsk nynorsk",
    "pl": "polski",
    "pt": "português",
    "ro": "română",
    "ru": "русский",
    "sk": "slovenčina",
    "sl": "slovenščina",
    "sr": "српски",
    "sv": "svenska",
    "th": "ไทย",
    "tr": "Türkçe",
    "uk": "українська",
    "ur": "اردو",
    "vi": "Tiếng Việt",
    "zh": "中文",
    "zh-CN": "简体中文",
    "zh-TW": "繁體中文",
}


def language_name(code: str | None) -> str:
    """A language by its own name ("Deutsch" for "de"); an unknown code as sent (made
    safe); "" for none."""
    known = post_language(code)
    if known is None:
        return clean_text(code or "", max_len=20)
    return _ENDONYMS.get(known) or _ENDONYMS.get(known.split("-")[0], known)


def translation_lines(
    status: Status, translation: Translation, width: int, *, bidi: bool, text: bool = True
) -> list[Text]:
    """The lines of ``status``'s translation (``status`` is the post itself, not a boost),
    wrapped to ``width``: a note naming the source language and the provider, then the
    translated content warning and (unless ``text`` is False: the post is folded behind
    its warning) the translated text."""
    lines: list[Text] = []
    source = language_name(translation.detected_source_language or status.language)
    provider = clean_text(translation.provider, max_len=80)
    if source and provider:
        note = sentence(
            _("Translated from {language} by {provider}"),
            NOTE,
            language=isolate(source),
            provider=isolate(provider),
        )
    elif provider:
        note = sentence(_("Translated by {provider}"), NOTE, provider=isolate(provider))
    else:
        note = Text(_("Translated"), NOTE)
    lines.extend(laid_out_lines(Text("⇄ ", NOTE) + note, width, enabled=bidi))
    if translation.spoiler_text:
        cw = isolate(clean_text(translation.spoiler_text, max_len=500))
        lines.extend(
            laid_out_lines(
                Text("⚠ ", CW) + sentence(_("CW: {text}"), CW, text=cw), width, enabled=bidi
            )
        )
    if not text:
        return lines
    mentions = {m.url: m.acct for m in status.mentions if m.url}
    emojis = [e.shortcode for e in status.emojis]
    body = render_html(translation.content, mentions=mentions, emojis=emojis).text
    if body.plain:
        lines.extend(laid_out_lines(body.copy(), width, enabled=bidi, base="own"))
    return lines
