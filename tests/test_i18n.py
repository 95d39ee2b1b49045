"""The translated interface: the catalog covers the code, Arabic plurals, and the app in Arabic."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer

from tests.conftest import load_fixture
from tootui import i18n_extract
from tootui.api import Status
from tootui.clock import format_time
from tootui.i18n import (
    _,
    _PoTranslations,
    current_language,
    localize_digits,
    ngettext,
    set_language,
)
from tootui.i18n_extract import Message, extract, placeholders, problems, read_po, update

AR_PO = i18n_extract.LOCALE_DIR / "ar.po"


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """Whatever a test switches to, the next test starts in English."""
    yield
    set_language("en")


def ar_entries() -> list[Message]:
    return read_po(AR_PO)[1]


def translations(entry: Message) -> list[str]:
    if entry.msgid_plural is not None:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


# --- the catalog covers the code ---------------------------------------------------------


def test_every_msgid_in_the_code_has_an_arabic_translation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = i18n_extract.main(["--check", "--no-write"])
    err = capsys.readouterr().err
    problems_found = [line for line in err.splitlines() if not line.startswith("note:")]
    assert status == 0, "ar.po is behind the code; run `python -m tootui.i18n_extract " + (
        "--update`, then translate:\n" + "\n".join(problems_found)
    )


def test_the_template_lists_what_the_code_uses() -> None:
    extraction = extract(i18n_extract.source_files(), i18n_extract.PACKAGE_DIR.parent)
    _header, template = read_po(i18n_extract.POT_PATH)
    assert {m.msgid for m in template} == set(extraction.messages)
    assert all(not m.msgstr and not any(m.msgstr_plural.values()) for m in template)


def test_arabic_header_declares_six_plural_forms() -> None:
    header, _entries = read_po(AR_PO)
    assert header["Language"] == "ar"
    assert "nplurals=6;" in header["Plural-Forms"].replace(" ", "")
    assert "charset=UTF-8" in header["Content-Type"]


def test_every_arabic_translation_keeps_the_placeholders() -> None:
    wrong = []
    for entry in ar_entries():
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for text in translations(entry):
            if placeholders(text) != expected:
                wrong.append((entry.msgid, text))
            values = dict.fromkeys(expected, "X")
            text.format(**values)  # no stray brace, no field the code does not pass
    assert wrong == []


def test_plural_entries_have_six_forms_and_nothing_is_left_empty() -> None:
    for entry in ar_entries():
        if entry.msgid_plural is not None:
            assert sorted(entry.msgstr_plural) == [0, 1, 2, 3, 4, 5], entry.msgid
        assert all(t.strip() for t in translations(entry)), entry.msgid
        assert "fuzzy" not in entry.flags, entry.msgid


def test_the_runtime_reader_agrees_with_the_extractor() -> None:
    """i18n's own .po reader finds every translation the extractor's reader finds."""
    catalog = _PoTranslations(AR_PO)
    for entry in ar_entries():
        if entry.msgid_plural is None:
            assert catalog.gettext(entry.msgid) == entry.msgstr
        else:
            for index, text in entry.msgstr_plural.items():
                assert catalog._catalog[(entry.msgid, index)] == text


# --- switching language ------------------------------------------------------------------


def test_arabic_then_english_again() -> None:
    assert set_language("ar") == "ar"
    assert current_language() == "ar"
    assert _("Home") == "الرئيسية"
    assert _("Notifications") == "الإشعارات"
    assert _("Boost") == "إعادة نشر"
    assert _("{who} followed you").format(who="@bob") == "@bob تابعك"
    assert _("not a msgid anywhere") == "not a msgid anywhere"
    assert set_language("en") == "en"
    assert _("Home") == "Home"
    assert ngettext("{n} vote", "{n} votes", 3) == "{n} votes"


@pytest.mark.parametrize("language", ["xx", "klingon", "", "EN"])
def test_unknown_language_falls_back_to_english(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("ar")
    assert set_language(language) == "en"
    assert _("Home") == "Home"


def test_system_locale_is_used_when_the_config_says_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ar_EG.UTF-8")
    assert set_language(None) == "ar"
    assert _("Home") == "الرئيسية"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 صوت"),
        (1, "1 صوت"),
        (2, "2 صوتان"),
        (3, "3 أصوات"),
        (10, "10 أصوات"),
        (11, "11 صوتًا"),
        (99, "99 صوتًا"),
        (100, "100 صوت"),
        (102, "102 صوت"),
        (103, "103 أصوات"),
        (111, "111 صوتًا"),
    ],
)
def test_arabic_plural_forms(n: int, expected: str) -> None:
    set_language("ar")
    assert ngettext("{n} vote", "{n} votes", n).format(n=n) == expected


def test_arabic_plural_forms_for_followers() -> None:
    set_language("ar")
    got = {
        n: ngettext("{n} follower", "{n} followers", n).format(n=n) for n in (0, 1, 2, 3, 11, 100)
    }
    assert got == {
        0: "0 متابِع",
        1: "1 متابِع",
        2: "2 متابِعان",
        3: "3 متابِعين",
        11: "11 متابِعًا",
        100: "100 متابِع",
    }


def test_relative_times_in_arabic() -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    set_language("ar")
    assert format_time(now - timedelta(seconds=10), now) == "الآن"
    assert format_time(now - timedelta(minutes=5), now) == "٥ د"
    assert format_time(now - timedelta(minutes=25), now) == "٢٥ د"
    assert format_time(now - timedelta(hours=3), now) == "٣ س"
    assert format_time(now - timedelta(days=2), now) == "٢ ي"
    assert format_time(now + timedelta(hours=4), now) == "بعد ٤ س"
    set_language("en")
    assert format_time(now - timedelta(minutes=5), now) == "5m"


# --- digits, region codes, plural labels -------------------------------------------------


def test_arabic_indic_digits_only_in_arabic() -> None:
    set_language("ar")
    assert localize_digits("0123456789") == "٠١٢٣٤٥٦٧٨٩"
    assert localize_digits("↩ 12  ★ 305") == "↩ ١٢  ★ ٣٠٥"
    set_language("en")
    assert localize_digits("↩ 12") == "↩ 12"


def test_counters_line_uses_arabic_digits() -> None:
    from rich.console import Console

    from tests.conftest import load_fixture
    from tootui.api import Status
    from tootui.render.status import StatusRenderer

    status = Status.from_api(load_fixture("statuses")[8])
    renderer = StatusRenderer(Console(width=80))
    set_language("ar")
    line = renderer._counts(status).plain
    assert not any(c in "0123456789" for c in line)
    assert str(status.favourites_count).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) in line
    set_language("en")
    assert f"★ {status.favourites_count}" in renderer._counts(status).plain


@pytest.mark.parametrize(
    "code", ["ar", "AR", "ar_EG", "ar-EG", "ar_EG.UTF-8", "ar_SA@latin", " ar "]
)
def test_region_and_encoding_are_ignored(code: str) -> None:
    assert set_language(code) == "ar"
    assert _("Home") == "الرئيسية"


def test_region_code_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANGUAGE", "ar-MA:fr:en")
    assert set_language("") == "ar"


def test_new_posts_above_in_english_and_arabic() -> None:
    def label(count: int) -> str:
        text = ngettext("{n} new post above", "{n} new posts above", count)
        return text.format(n=localize_digits(str(count)))

    assert (label(1), label(3)) == ("1 new post above", "3 new posts above")
    set_language("ar")
    assert label(1) == "١ منشور جديد في الأعلى"
    assert label(2) == "٢ منشوران جديدان في الأعلى"
    assert label(3) == "٣ منشورات جديدة في الأعلى"
    assert label(12) == "١٢ منشورًا جديدًا في الأعلى"


def test_plural_interface_labels_in_arabic() -> None:
    set_language("ar")
    cases = {
        ("{n} unread notification", "{n} unread notifications", 3): "3 إشعارات غير مقروءة",
        ("{n} result", "{n} results", 2): "2 نتيجتان",
        ("{n} result", "{n} results", 11): "11 نتيجةً",
        ("{n} post before", "{n} posts before", 1): "1 منشور سابق",
        ("{n} reply", "{n} replies", 5): "5 ردود",
    }
    for (one, many, n), expected in cases.items():
        assert ngettext(one, many, n).format(n=n) == expected
    assert _("{before}, {after}").format(before="أ", after="ب") == "أ، ب"
    set_language("en")
    assert ngettext("{n} result", "{n} results", 1).format(n=1) == "1 result"
    assert ngettext("{n} reply", "{n} replies", 4).format(n=4) == "4 replies"


def test_visibility_words_are_extracted_and_translated() -> None:
    from tootui.render.status import visibility_word

    extraction = extract(i18n_extract.source_files(), i18n_extract.PACKAGE_DIR.parent)
    for word in ("public", "unlisted", "followers only", "direct", "local only"):
        assert word in extraction.messages
    set_language("ar")
    assert visibility_word("private") == "للمتابعين فقط"
    assert visibility_word("something-new") == "something-new"


def test_arabic_content_warning_sentence_reads_as_one_right_to_left_line() -> None:
    from rich.console import Console

    from tootui.render.bidi import visual_string
    from tootui.render.status import Layout, StatusRenderer

    row = dict(load_fixture("statuses")[83], spoiler_text="حرق لأحداث الفيلم")
    status = Status.from_api(row)
    renderer = StatusRenderer(Console(width=80))
    layout = Layout(width=60, now=datetime(2026, 11, 20, 12, 0, tzinfo=UTC), bidi=True)
    set_language("ar")
    lines = [line.plain for line in renderer.status_lines(status, layout)]
    sentence = "⚠ " + "تحذير المحتوى: حرق لأحداث الفيلم"
    shown = visual_string(sentence)
    assert any(line.endswith(shown) and line.startswith(" ") for line in lines), lines
    # logical order, left-aligned, when the terminal reorders by itself
    off = [line.plain for line in renderer.status_lines(status, replace(layout, bidi=False))]
    assert sentence in off


# --- the language is set before the app's modules are imported ----------------------------

KEYS_SCRIPT = """
import sys
from tootui.__main__ import load_settings
if sys.argv[1] == "before":
    load_settings()
from tootui.app import TootUI
from tootui.widgets.timeline import TimelineView
from tootui.screens.main import MainScreen
for cls in (TootUI, TimelineView, MainScreen):
    for b in cls.BINDINGS:
        print(b.description)
"""


@pytest.mark.parametrize("code", ["ar", "ar_EG"])
def test_key_descriptions_are_arabic_when_the_language_is_set_first(
    code: str, isolated_home: Path
) -> None:
    (isolated_home / "config" / "config.toml").write_text(f'language = "{code}"\n', "utf-8")
    env = {**os.environ, "TOOTUI_HOME": str(isolated_home)}
    run = subprocess.run(
        [sys.executable, "-c", KEYS_SCRIPT, "before"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    shown = run.stdout.splitlines()
    for english, arabic in [
        ("Back/Quit", "رجوع/خروج"),
        ("New post", "منشور جديد"),
        ("Next", "التالي"),
        ("Show/hide CW", "إظهار/إخفاء تحذير المحتوى"),
    ]:
        assert arabic in shown and english not in shown, shown


def test_key_descriptions_stay_english_when_the_app_is_imported_first(
    isolated_home: Path,
) -> None:
    """Why ``tootui.__main__`` sets the language first: too late, bindings are made."""
    (isolated_home / "config" / "config.toml").write_text('language = "ar"\n', "utf-8")
    env = {**os.environ, "TOOTUI_HOME": str(isolated_home)}
    script = KEYS_SCRIPT.replace("from tootui.widgets", "load_settings()\nfrom tootui.widgets")
    run = subprocess.run(
        [sys.executable, "-c", script, "after"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert "Back/Quit" in run.stdout.splitlines()


# --- the extractor itself ----------------------------------------------------------------

SAMPLE = """
from tootui.i18n import _, ngettext
from tootui import i18n

TITLE = _("Home")
def f(n, name):
    a = _("Hello {name}").format(name=name)
    b = ngettext("{n} post", "{n} posts", n)
    c = _(name)
    d = i18n._("Multi" "part")
    e = obj.gettext(name)
    return _("Home"), _(f"{name}")
"""

PO_HEAD = """msgid ""
msgstr ""
"Language: ar\\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : 5);\\n"
"""


@pytest.fixture
def sample(tmp_path: Path) -> i18n_extract.Extraction:
    (tmp_path / "pkg").mkdir()
    source = tmp_path / "pkg" / "mod.py"
    source.write_text(SAMPLE, encoding="utf-8")
    return extract([source], tmp_path)


def test_extract_finds_literals_and_notes_the_rest(sample: i18n_extract.Extraction) -> None:
    assert list(sample.messages) == ["Home", "Hello {name}", "{n} post", "Multipart"]
    assert sample.messages["Home"].references == ["pkg/mod.py:5", "pkg/mod.py:12"]
    assert sample.messages["{n} post"].msgid_plural == "{n} posts"
    assert "python-brace-format" in sample.messages["Hello {name}"].flags
    assert sample.dynamic == ["pkg/mod.py:9", "pkg/mod.py:12"]


def test_update_adds_new_msgids_and_keeps_translations(
    sample: i18n_extract.Extraction, tmp_path: Path
) -> None:
    po = tmp_path / "xx.po"
    po.write_text(
        PO_HEAD
        + '\n# kept by hand\nmsgid "Home"\nmsgstr "Maison"\n\nmsgid "Gone"\nmsgstr "Parti"\n',
        encoding="utf-8",
    )
    assert update(sample, po) == 3
    header, entries = read_po(po)
    by_id = {e.msgid: e for e in entries}
    assert header["Language"] == "ar"
    assert by_id["Home"].msgstr == "Maison"
    assert by_id["Home"].comments == ["kept by hand"]
    assert by_id["Gone"].msgstr == "Parti"  # kept: it may be used through a variable
    assert by_id["Hello {name}"].msgstr == ""
    assert by_id["{n} post"].msgstr_plural == dict.fromkeys(range(6), "")
    assert [e.msgid for e in entries][:4] == list(sample.messages)
    assert update(sample, po) == 0

    found = problems(sample, po)
    assert len(found) == 3
    assert any("untranslated: 'Hello {name}'" in line for line in found)
    assert any("plural forms" in line and "{n} post" in line for line in found)


def test_check_reports_missing_and_mangled_placeholders(
    sample: i18n_extract.Extraction, tmp_path: Path
) -> None:
    po = tmp_path / "xx.po"
    forms = "".join(f'msgstr[{i}] "{{n}} p{i}"\n' for i in range(6))
    po.write_text(
        PO_HEAD
        + '\nmsgid "Home"\nmsgstr "Maison"\n'
        + '\nmsgid "Hello {name}"\nmsgstr "Bonjour {nom}"\n'
        + '\nmsgid "{n} post"\nmsgid_plural "{n} posts"\n'
        + forms,
        encoding="utf-8",
    )
    found = problems(sample, po)
    assert any(line.startswith("missing: 'Multipart'") for line in found)
    assert any(line.startswith("placeholders differ: 'Hello {name}'") for line in found)
    assert len(found) == 2


def test_multiline_strings_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text('_("one\\ntwo \\"quoted\\" \\\\ end")\n', encoding="utf-8")
    extraction = extract([source], tmp_path)
    pot = tmp_path / "t.pot"
    i18n_extract.write_template(extraction, pot)
    _header, entries = read_po(pot)
    assert [e.msgid for e in entries] == ['one\ntwo "quoted" \\ end']


# --- the app in Arabic -------------------------------------------------------------------


@pytest.mark.parametrize("bidi", ["off", "on"])
async def test_app_in_arabic_shows_arabic_tabs(server: MockServer, bidi: Any) -> None:
    from tootui.app import TootUI
    from tootui.config import Config
    from tootui.render.bidi import visual_string
    from tootui.screens.main import TopBar
    from tootui.startup import session_for

    app = TootUI(
        [session_for("alice@mock.local", server.base_url, "alice_token")],
        config=Config(language="ar", bidi=bidi),
    )
    async with app.run_test(size=(120, 30)) as pilot:
        for _round in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        bar = str(app.screen.query_one(TopBar).render())
        for label in ("الرئيسية", "المحلي", "الموحد", "الإشعارات"):
            assert label in bar or visual_string(label) in bar, bar
        assert "Home" not in bar
        assert "Notifications" not in bar
    set_language("en")
    assert _("Home") == "Home"


# --- sentences from outside the screens: the API client, sign-in, start-up -----------------


def test_api_errors_are_arabic_then_english_again() -> None:
    from tootui.api import MastodonClient, NetworkError

    set_language("ar")
    with pytest.raises(NetworkError) as arabic:
        MastodonClient("http://127.0.0.1:9", "x", timeout=1).verify_credentials()
    assert str(arabic.value) == "تعذّر التحقق من تسجيل الدخول: لا يمكن الوصول إلى 127.0.0.1:9."
    set_language("en")
    with pytest.raises(NetworkError) as english:
        MastodonClient("http://127.0.0.1:9", "x", timeout=1).verify_credentials()
    assert str(english.value) == "Could not check the sign-in: 127.0.0.1:9 cannot be reached."


def test_sign_in_and_start_up_sentences_are_translated() -> None:
    from tootui.signin import SignInError, server_url
    from tootui.startup import no_accounts_message

    set_language("ar")
    with pytest.raises(SignInError, match="اكتب عنوان خادمك"):
        server_url("  ")
    assert no_accounts_message().startswith("لا يوجد حساب محفوظ بعد.")
    set_language("en")
    assert no_accounts_message().startswith("No account is stored yet.")


def test_oauth_scopes_are_never_translated() -> None:
    """The scopes are protocol words: a translated "follow" would break signing in."""
    code = (
        "from tootui.i18n import set_language; set_language('ar'); "
        "from tootui.api.client import SCOPES; print(' '.join(SCOPES))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "read write follow push"
