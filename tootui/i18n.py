"""Interface translations through gettext.

``_`` and ``ngettext`` translate with the catalog chosen by ``set_language`` (from the
config, else the locale). Catalogs are ``tootui/locale/<lang>.po`` files, read directly so
no compiled files need to be built or shipped.

``_()`` translates when it is called. Class-level ``BINDINGS`` and other module-level
tables are therefore translated when their module is first imported, so the language must
be set before ``tootui.app`` (and the screens and widgets it imports) is imported:
``tootui.__main__`` reads the config and calls ``set_language`` first. Setting it later
(``TootUI.__init__`` does it again for tests and embedders) changes everything translated
at call time, but not key descriptions already made.
"""

from __future__ import annotations

import ast
import gettext
import locale
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


class _PoTranslations(gettext.NullTranslations):
    """A catalog read straight from a .po file (msgid/msgstr and plural forms)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._catalog: dict[str | tuple[str, int], str] = {}
        self._plural_count = 2
        self._parse_po(path.read_text(encoding="utf-8"))

    def _parse_po(self, text: str) -> None:
        entry: dict[str, str] = {}
        key = ""

        def flush() -> None:
            if "msgid" in entry:
                msgid = entry["msgid"]
                if "msgid_plural" in entry:
                    for name, value in entry.items():
                        if name.startswith("msgstr[") and value:
                            self._catalog[(msgid, int(name[7:-1]))] = value
                elif entry.get("msgstr") and msgid:
                    self._catalog[msgid] = entry["msgstr"]
            entry.clear()

        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                if not line:
                    flush()
                continue
            if line.startswith('"'):
                entry[key] = entry.get(key, "") + ast.literal_eval(line)
                continue
            key, _, rest = line.partition(" ")
            if key == "msgid" and "msgid" in entry:
                flush()
            entry[key] = ast.literal_eval(rest)
        flush()

    def gettext(self, message: str) -> str:
        return self._catalog.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        index = _plural_index(_language, n)
        found = self._catalog.get((msgid1, index))
        if found:
            return found
        return msgid1 if n == 1 else msgid2


def _plural_index(language: str, n: int) -> int:
    if language == "ar":  # Arabic has six plural forms
        if n == 0:
            return 0
        if n == 1:
            return 1
        if n == 2:
            return 2
        if 3 <= n % 100 <= 10:
            return 3
        if n % 100 >= 11:
            return 4
        return 5
    return 0 if n == 1 else 1


LANGUAGE_NAMES = {"en": "English", "ar": "العربية"}
"""Each interface language's name in itself, for messages that list them."""

# Names people write for a language instead of its code (compared case-folded).
_NAMED = {"english": "en", "arabic": "ar", "العربية": "ar", "عربي": "ar", "عربى": "ar"}


def available_languages() -> list[str]:
    return ["en", *sorted(p.stem for p in LOCALE_DIR.glob("*.po"))]


def language_code(value: str) -> str | None:
    """The interface language meant by ``value``, or ``None`` if tootui has none such.

    A code with or without region or encoding (``ar``, ``ar_EG``, ``ar-EG``,
    ``ar_EG.UTF-8``) or a name (``Arabic``, ``العربية``, ``english``) all work.
    """
    text = value.strip()
    if not text:
        return None
    named = _NAMED.get(text.casefold())
    if named is not None:
        return named
    code = base_language(text)
    return code if code in available_languages() else None


def languages_list() -> str:
    """``en (English), ar (العربية)``: the languages tootui speaks, for a message."""
    return ", ".join(f"{code} ({LANGUAGE_NAMES.get(code, code)})" for code in available_languages())


def base_language(code: str) -> str:
    """``ar`` for ``ar_EG.UTF-8``, ``ar-EG``, ``AR`` or ``ar_EG@latin``: the catalog name."""
    first = code.strip().split(":")[0]
    for separator in (".", "@", "_", "-"):
        first = first.split(separator)[0]
    return first.lower()


def system_language() -> str:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return base_language(value) or "en"
    found = locale.getlocale()[0]
    return base_language(found or "en") or "en"


def set_language(language: str | None = None) -> str:
    """Use ``language`` (or, if it is empty or unknown, the system's); English without a
    catalog.

    A region or encoding is ignored (``ar_EG``, ``ar-EG`` and ``ar_EG.UTF-8`` mean ``ar``),
    and a language's name works too (``arabic``, ``العربية``): see ``language_code``.
    """
    global _translations, _language
    wanted = language_code(language or "") or system_language() or "en"
    path = LOCALE_DIR / f"{wanted}.po"
    if wanted != "en" and path.exists():
        _translations = _PoTranslations(path)
        _language = wanted
    else:
        _translations = gettext.NullTranslations()
        _language = "en"
    return _language


def current_language() -> str:
    return _language


# Arabic-Indic digits (U+0660..U+0669), as Arabic interfaces usually show numbers.
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_DIGITS_BY_LANGUAGE = {"ar": _ARABIC_DIGITS}


def localize_digits(text: str) -> str:
    """``text`` with 0-9 written in the interface language's digits (Arabic: ٠-٩).

    For numbers the code formats for display (counters, times); never for remote text.
    Other languages get ``text`` back unchanged.
    """
    table = _DIGITS_BY_LANGUAGE.get(_language)
    return text.translate(table) if table else text


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)
