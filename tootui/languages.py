"""Which language codes a post may carry, so no made-up code is ever sent.

Servers mark posts with codes that are not languages (``unk``, ``und``, ``zxx``), and a
person may type anything in the composer's language field. A post carries only a real
code: the ISO 639-1 two-letter codes, the ISO 639-3 codes Mastodon accepts, and the
Chinese variants Mastodon lists (its ``LanguagesHelper::SUPPORTED_LOCALES``). A small
frozen set: no dependency, and Mastodon itself accepts nothing else.
"""

from __future__ import annotations

# ISO 639-1 (all of it, the retired "bh" included, since Mastodon still lists it).
_TWO_LETTER = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi
    ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
    ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl
    nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
    sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
    vi vo wa wo xh yi yo za zh zu
    """.split()
)
# The ISO 639-3 codes Mastodon accepts for languages without a two-letter code.
_THREE_LETTER = frozenset("ast chr ckb cnr jbo kab ldn lfn sco sma smj szl tok xal zba zgh".split())
# Regional codes Mastodon keeps as they are (other regions fall back to the language).
_REGIONAL = {code.lower(): code for code in ("zh-CN", "zh-HK", "zh-TW", "zh-YUE")}

LONGEST = max(len(code) for code in _REGIONAL)  # for the width of the language field


def post_language(value: str | None) -> str | None:
    """The code to send for ``value`` ("EN" -> "en", "pt_BR" -> "pt", "zh-tw" -> "zh-TW"),
    or None when it names no language ("unk", "und", "", "arabic")."""
    if not value:
        return None
    code = value.strip().replace("_", "-").lower()
    if code in _REGIONAL:
        return _REGIONAL[code]
    if code in _TWO_LETTER or code in _THREE_LETTER:
        return code
    base = code.split("-", 1)[0]
    if base != code and (base in _TWO_LETTER or base in _THREE_LETTER):
        return base  # a region Mastodon does not keep: the language itself
    return None


def first_language(*values: str | None) -> str:
    """The first of ``values`` that names a language, as :func:`post_language` gives it;
    "" when none does (then the server decides)."""
    for value in values:
        code = post_language(value)
        if code:
            return code
    return ""
