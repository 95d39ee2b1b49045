"""Interface translations through the standard library's gettext.

``_`` and ``ngettext`` translate with the catalog chosen by ``set_language`` (from the
config, else the locale). A catalog is gettext's compiled ``.mo`` file,
``tootui/locale/<lang>/LC_MESSAGES/tootui.mo``, read by ``gettext.GNUTranslations``, which
also evaluates the catalog's ``Plural-Forms`` rule (Arabic has six forms). The ``.mo`` files
are compiled from ``tootui/locale/<lang>.po`` when tootui is built or installed
(``hatch_build.py``) and by ``python tools/i18n.py`` in a checkout; they are not in git.

``_()`` translates when it is called. Class-level ``BINDINGS`` and other module-level
tables are therefore translated when their module is first imported, so the language must
be set before ``tootui.app`` (and the screens and widgets it imports) is imported:
``tootui.__main__`` reads the config and calls ``set_language`` first. Setting it later
(``TootUI.__init__`` does it again for tests and embedders) changes everything translated
at call time, but not key descriptions already made.
"""

from __future__ import annotations

import gettext
import locale
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "tootui"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


LANGUAGE_NAMES = {"en": "English", "ar": "العربية"}
"""Each interface language's name in itself, for messages that list them."""

# Names people write for a language instead of its code (compared case-folded).
_NAMED = {"english": "en", "arabic": "ar", "العربية": "ar", "عربي": "ar", "عربى": "ar"}


def catalog_path(language: str) -> Path:
    """Where the compiled catalog of ``language`` is (gettext's layout)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def available_languages() -> list[str]:
    """English, and every language with a compiled catalog."""
    found = (p.parents[1].name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return ["en", *sorted(found)]


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
    path = catalog_path(wanted)
    if wanted != "en" and path.is_file():
        with path.open("rb") as catalog:
            _translations = gettext.GNUTranslations(catalog)
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


def N_(message: str) -> str:
    """``message`` untranslated: marks a msgid for extraction where it is written, for
    code that translates it later with ``_(variable)`` (a help section's title, say)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)
