"""The precomputed combining-mark table in ``tootui.render.sanitize`` matches ``unicodedata``."""

from __future__ import annotations

import itertools
import textwrap
import unicodedata

import pytest

from tootui.render import sanitize


def table_for(codes: list[int]) -> str:
    """The ``_MARK_RANGES`` text for ``codes``, as it should be pasted into sanitize.py."""
    parts: list[str] = []
    # consecutive codes keep the same distance from their index: one group per range
    for _, run in itertools.groupby(enumerate(codes), lambda pair: pair[1] - pair[0]):
        first, *rest = (code for _, code in run)
        last = rest[-1] if rest else first
        parts.append(f"{first:04X}" if first == last else f"{first:04X}-{last:04X}")
    return "\n".join(textwrap.wrap(" ".join(parts), 92))


def test_the_table_matches_this_pythons_unicode() -> None:
    if unicodedata.unidata_version != sanitize._MARKS_UNICODE:
        pytest.skip(f"table is for Unicode {sanitize._MARKS_UNICODE}; sanitize scans instead")
    scanned = sanitize._scan_combining_codes()
    assert sanitize._MARK_RANGES.strip() == table_for(scanned), (
        "regenerate _MARK_RANGES in tootui/render/sanitize.py:\n" + table_for(scanned)
    )
    assert sanitize._MARK_CODES == scanned


def test_another_unicode_version_falls_back_to_scanning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sanitize, "_MARKS_UNICODE", "0.0.0")
    calls: list[int] = []
    real = sanitize._scan_combining_codes

    def scan() -> list[int]:
        calls.append(1)
        return real()

    monkeypatch.setattr(sanitize, "_scan_combining_codes", scan)
    assert sanitize._combining_codes() == real()
    assert calls == [1]


def test_zalgo_is_still_capped() -> None:
    text = "a" + "\u0301" * 12 + "b" + "\U0001e944" * 9
    cleaned = sanitize.clean_text(text)
    assert cleaned == "a" + "\u0301" * sanitize.MAX_COMBINING + "b" + "\U0001e944" * 4
