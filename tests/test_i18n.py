"""The translated interface: the catalog covers the code, Arabic plurals, and the app in Arabic."""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import babel
import pytest
from babel.messages.catalog import Catalog, Message
from mastodon_mock.testing.server import MockServer

from tests.conftest import load_fixture
from tools import i18n as tool
from tools.i18n import extract, placeholders, problems, read_catalog, update
from tootui import i18n
from tootui.api import Status
from tootui.clock import format_time
from tootui.i18n import (
    _,
    catalog_path,
    current_language,
    localize_digits,
    ngettext,
    set_language,
)

AR_PO = tool.LOCALE_DIR / "ar.po"


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """Whatever a test switches to, the next test starts in English."""
    yield
    set_language("en")


def python_prints(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter (nothing of this process loaded)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def ar_entries() -> list[Message]:
    return [m for m in read_catalog(AR_PO) if m.id]


def translations(entry: Message) -> list[str]:
    return [entry.string] if isinstance(entry.string, str) else list(entry.string)


# --- the catalog covers the code ---------------------------------------------------------


def test_every_msgid_in_the_code_has_an_arabic_translation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = tool.main(["--check"])
    problems_found = capsys.readouterr().err
    assert status == 0, (
        "the catalogs are behind the code; run `python tools/i18n.py --update`, "
        "then translate:\n" + problems_found
    )


def test_the_template_lists_what_the_code_uses() -> None:
    assert tool.template_problems(extract(tool.source_files())) == []
    template = [m for m in read_catalog(tool.POT_PATH) if m.id]
    assert template and not any(tool.translated(m) for m in template)


def test_arabic_header_declares_six_plural_forms() -> None:
    catalog = read_catalog(AR_PO)
    assert catalog.locale_identifier == "ar"
    assert catalog.num_plurals == 6
    assert catalog.charset.lower() == "utf-8"


def test_every_arabic_translation_keeps_the_placeholders() -> None:
    wrong = []
    for entry in ar_entries():
        expected = placeholders(tool.msgid(entry))
        if entry.pluralizable:
            expected |= placeholders(entry.id[1])
        for text in translations(entry):
            if placeholders(text) != expected:
                wrong.append((entry.id, text))
            values = dict.fromkeys(expected, "X")
            text.format(**values)  # no stray brace, no field the code does not pass
    assert wrong == []


def test_plural_entries_have_six_forms_and_nothing_is_left_empty() -> None:
    for entry in ar_entries():
        if entry.pluralizable:
            assert len(entry.string) == 6, entry.id
        assert all(t.strip() for t in translations(entry)), entry.id
        assert not entry.fuzzy, entry.id


# One count for each Arabic plural form, in the catalog's order: zero, one, two, few
# (3-10), many (11-99), other (100-102, ...).
ONE_COUNT_PER_FORM = (0, 1, 2, 3, 11, 100)


def test_the_app_reads_every_translation_in_ar_po() -> None:
    """The compiled catalog the app loads says what ar.po says, every plural form too."""
    set_language("ar")
    for entry in ar_entries():
        if isinstance(entry.id, str):
            assert _(entry.id) == entry.string
        else:
            got = [ngettext(*entry.id, n) for n in ONE_COUNT_PER_FORM]
            assert got == list(entry.string), entry.id


def test_the_compiled_catalog_is_what_gettext_reads() -> None:
    """The stdlib reads the .mo and evaluates its Plural-Forms; nothing hand-written."""
    assert set_language("ar") == "ar"
    assert catalog_path("ar").is_file()
    assert isinstance(i18n._translations, gettext.GNUTranslations)
    assert not hasattr(i18n, "_plural_index")


def test_the_arabic_plural_rule_agrees_with_cldr() -> None:
    """Which form gettext picks for 0..1000, by the catalog's own rule, against CLDR."""
    forms = ["zero", "one", "two", "few", "many", "other"]
    with catalog_path("ar").open("rb") as fh:
        rule = gettext.GNUTranslations(fh).plural
    cldr = babel.Locale("ar").plural_form
    assert [rule(n) for n in range(1001)] == [forms.index(cldr(n)) for n in range(1001)]


SIX_FORMS_PO = """msgid ""
msgstr ""
"Language: ar\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: {rule}\\n"

msgid "{{n}} cat"
msgid_plural "{{n}} cats"
msgstr[0] "zero {{n}}"
msgstr[1] "one {{n}}"
msgstr[2] "two {{n}}"
msgstr[3] "few {{n}}"
msgstr[4] "many {{n}}"
msgstr[5] "other {{n}}"
"""


@pytest.mark.parametrize(
    ("n", "form"),
    [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (3, "few"),
        (10, "few"),
        (103, "few"),
        (1010, "few"),
        (11, "many"),
        (99, "many"),
        (111, "many"),
        (100, "other"),
        (101, "other"),
        (102, "other"),
        (200, "other"),
    ],
)
def test_all_six_arabic_plural_forms_through_a_compiled_catalog(
    n: int, form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog with six different forms, compiled as the build compiles it and loaded
    by ``set_language``: ``ngettext`` picks each form by ar.po's own Plural-Forms rule."""
    rule = read_catalog(AR_PO).plural_forms
    po = tmp_path / "ar.po"
    po.write_text(SIX_FORMS_PO.format(rule=rule), encoding="utf-8")
    assert tool.compile_catalogs(tmp_path) == [tmp_path / "ar" / "LC_MESSAGES" / "tootui.mo"]
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert set_language("ar") == "ar"
    assert ngettext("{n} cat", "{n} cats", n).format(n=n) == f"{form} {n}"


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
    line = renderer._counts(status, bidi=True).plain
    assert not any(c in "0123456789" for c in line)
    assert str(status.favourites_count).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) in line
    set_language("en")
    assert f"★ {status.favourites_count}" in renderer._counts(status, bidi=True).plain


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

    extraction = extract(tool.source_files())
    for word in ("public", "unlisted", "followers only", "direct", "local only"):
        assert word in extraction
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


def key_descriptions(home: Path, script: str, when: str) -> list[str]:
    """The descriptions of the main bindings, printed by ``script`` in a fresh Python."""
    env = {**os.environ, "TOOTUI_HOME": str(home)}
    run = subprocess.run(
        [sys.executable, "-c", script, when],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return run.stdout.splitlines()


@pytest.mark.parametrize("code", ["ar", "ar_EG"])
def test_key_descriptions_are_arabic_when_the_language_is_set_first(
    code: str, isolated_home: Path
) -> None:
    (isolated_home / "config" / "config.toml").write_text(f'language = "{code}"\n', "utf-8")
    shown = key_descriptions(isolated_home, KEYS_SCRIPT, "before")
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
    script = KEYS_SCRIPT.replace("from tootui.widgets", "load_settings()\nfrom tootui.widgets")
    assert "Back/Quit" in key_descriptions(isolated_home, script, "after")


# --- the catalog tool (tools/i18n.py, Babel) ---------------------------------------------

SAMPLE = """
from tootui.i18n import N_, _, ngettext
from tootui import i18n

TITLE = _("Home")
def f(n, name):
    a = _("Hello {name}").format(name=name)
    b = ngettext("{n} post", "{n} posts", n)
    c = _(name)
    d = i18n._("Multi" "part")
    e = obj.gettext(name)
    return _("Home"), N_("Later")
"""

PO_HEAD = """# kept as written
msgid ""
msgstr ""
"Language: ar\\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : 5);\\n"
"""


@pytest.fixture
def sample(tmp_path: Path) -> Catalog:
    (tmp_path / "pkg").mkdir()
    source = tmp_path / "pkg" / "mod.py"
    source.write_text(SAMPLE, encoding="utf-8")
    return extract([source], tmp_path)


def test_extract_finds_the_literal_msgids(sample: Catalog) -> None:
    assert [m.id for m in sample if m.id] == [
        "Home",
        "Hello {name}",
        ("{n} post", "{n} posts"),
        "Multipart",
        "Later",
    ]
    assert sample["Home"].locations == [("pkg/mod.py", 5), ("pkg/mod.py", 12)]
    assert "python-brace-format" in sample["Hello {name}"].flags


def test_update_adds_new_msgids_and_keeps_translations(sample: Catalog, tmp_path: Path) -> None:
    po = tmp_path / "xx.po"
    po.write_text(
        PO_HEAD
        + '\n# kept by hand\nmsgid "Home"\nmsgstr "Maison"\n\nmsgid "Gone"\nmsgstr "Parti"\n',
        encoding="utf-8",
    )
    assert update(sample, po) == 4
    text = po.read_text("utf-8")
    assert text.startswith(PO_HEAD + "\n")
    assert '#~ msgid "Gone"\n#~ msgstr "Parti"' in text  # kept for a translator, not used
    catalog = read_catalog(po)
    assert catalog["Home"].string == "Maison"
    assert catalog["Home"].user_comments == ["kept by hand"]
    assert catalog["Home"].locations == [("pkg/mod.py", None)]  # files, no line numbers
    assert catalog["Hello {name}"].string == ""
    assert catalog["{n} post"].string == ("",) * 6
    assert [tool.msgid(m) for m in catalog if m.id] == [tool.msgid(m) for m in sample if m.id]
    assert update(sample, po) == 0

    found = problems(sample, po)
    assert len(found) == 4
    assert any("untranslated: 'Hello {name}'" in line for line in found)
    assert any("plural forms" in line and "{n} post" in line for line in found)


def test_update_fills_from_another_copy_of_the_catalog(sample: Catalog, tmp_path: Path) -> None:
    """How a merge conflict in a catalog is settled: keep one side, fill from the other."""
    ours, theirs = tmp_path / "ours.po", tmp_path / "theirs.po"
    ours.write_text(PO_HEAD + '\nmsgid "Home"\nmsgstr "Maison"\n', encoding="utf-8")
    theirs.write_text(
        PO_HEAD
        + '\nmsgid "Home"\nmsgstr "Foyer"\n'
        + '\nmsgid "Multipart"\nmsgstr "En plusieurs"\n'
        + '\n#, fuzzy\nmsgid "Later"\nmsgstr "Plus tard?"\n',
        encoding="utf-8",
    )
    update(sample, ours, fill_from=[theirs])
    catalog = read_catalog(ours)
    assert catalog["Home"].string == "Maison"  # ours wins where both have one
    assert catalog["Multipart"].string == "En plusieurs"
    assert catalog["Later"].string == ""  # a fuzzy guess is not a translation


def test_check_reports_missing_and_mangled_placeholders(sample: Catalog, tmp_path: Path) -> None:
    po = tmp_path / "xx.po"
    forms = "".join(f'msgstr[{i}] "{{n}} p{i}"\n' for i in range(6))
    po.write_text(
        PO_HEAD
        + '\nmsgid "Home"\nmsgstr "Maison"\n'
        + '\nmsgid "Later"\nmsgstr "Plus tard"\n'
        + '\nmsgid "Hello {name}"\nmsgstr "Bonjour {nom}"\n'
        + '\nmsgid "{n} post"\nmsgid_plural "{n} posts"\n'
        + forms,
        encoding="utf-8",
    )
    found = problems(sample, po)
    assert any(line.startswith("missing: 'Multipart'") for line in found)
    assert any(line.startswith("placeholders differ: 'Hello {name}'") for line in found)
    assert len(found) == 2


def test_check_fails_on_a_stale_template_and_a_stale_compiled_catalog(
    sample: Catalog, tmp_path: Path
) -> None:
    pot = tmp_path / "t.pot"
    tool.write_template(sample, pot)
    assert tool.template_problems(sample, pot) == []
    sample.add("New words")
    sample.delete("Later")
    assert tool.template_problems(sample, pot) == [
        "t.pot lacks 'New words'",
        "t.pot still lists 'Later'",
    ]

    po = tmp_path / "ar.po"
    po.write_text(PO_HEAD + '\nmsgid "Home"\nmsgstr "Maison"\n', encoding="utf-8")
    assert "not compiled" in (tool.compiled_problem(po) or "")
    tool.compile_catalogs(tmp_path)
    assert tool.compiled_problem(po) is None
    po.write_text(PO_HEAD + '\nmsgid "Home"\nmsgstr "Foyer"\n', encoding="utf-8")
    assert "older than ar.po" in (tool.compiled_problem(po) or "")


def test_a_half_translated_plural_is_left_out_of_the_compiled_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """English reads better than a blank: as the .po reader before it did."""
    forms = "".join(f'msgstr[{i}] "{"" if i == 2 else f"{{n}} p{i}"}"\n' for i in range(6))
    (tmp_path / "ar.po").write_text(
        PO_HEAD + '\nmsgid "{n} post"\nmsgid_plural "{n} posts"\n' + forms, encoding="utf-8"
    )
    tool.compile_catalogs(tmp_path)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    set_language("ar")
    assert ngettext("{n} post", "{n} posts", 2) == "{n} posts"
    assert ngettext("{n} post", "{n} posts", 3) == "{n} posts"


def test_multiline_strings_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text('_("one\\ntwo \\"quoted\\" \\\\ end")\n', encoding="utf-8")
    pot = tmp_path / "t.pot"
    tool.write_template(extract([source], tmp_path), pot)
    assert [m.id for m in read_catalog(pot) if m.id] == ['one\ntwo "quoted" \\ end']


def test_babel_is_not_needed_to_run() -> None:
    """Babel builds and checks the catalogs; the app reads them with the stdlib alone."""
    code = (
        "import sys; from tootui.i18n import _, set_language; set_language('ar'); "
        "print(_('Home'), any(name.split('.')[0] == 'babel' for name in sys.modules))"
    )
    assert python_prints(code).split() == ["الرئيسية", "False"]
    assert not (Path(i18n.__file__).parent / "i18n_extract.py").exists()


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
    assert python_prints(code).strip() == "read write follow push"
