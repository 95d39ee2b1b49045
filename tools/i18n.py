"""Keep tootui's translation catalogs in step with the code, with Babel.

Usage, from the repository root (Babel comes with the ``test`` extra)::

    python tools/i18n.py            # write tootui/locale/tootui.pot, compile the .mo catalogs
    python tools/i18n.py --update   # also add the code's new msgids to every <lang>.po
    python tools/i18n.py --check    # change nothing; exit 1 when anything is out of step

Babel's Python extractor finds every ``_("literal")``, ``N_("literal")`` and
``ngettext("singular", "plural", n)`` in ``tootui/**/*.py``. A message that reaches ``_()``
through a variable is not extracted: mark it with ``N_()`` where it is written. ``--update``
is ``pybabel update`` without fuzzy guesses (new msgids get empty translations; msgids the
code no longer uses are kept as obsolete ``#~`` entries). Each ``tootui/locale/<lang>.po`` is
compiled into ``tootui/locale/<lang>/LC_MESSAGES/tootui.mo`` (``pybabel compile``), which is
what the app reads; building or installing tootui compiles them too (``hatch_build.py``), and
the .mo files are not kept in git.

``--check`` fails when the template lacks a msgid the code uses or lists one it no longer
uses; when a catalog has no translation for a msgid, an empty or fuzzy one, fewer plural
forms than its ``Plural-Forms`` header says, or a translation whose ``{placeholders}`` differ
from the msgid's; and when a compiled catalog is missing or older than its ``.po``.

Entries name their files without line numbers, and each catalog's header is kept as written,
so moving code does not rewrite every entry and branches merge with fewer conflicts. To
settle a conflict in a catalog, keep either side, then take the translations the other side
added with ``--update --fill-from``, e.g. after
``git show :3:tootui/locale/ar.po > /tmp/theirs.po``.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / "tootui"
LOCALE_DIR = PACKAGE_DIR / "locale"
DOMAIN = "tootui"
POT_PATH = LOCALE_DIR / f"{DOMAIN}.pot"

# The functions whose literal arguments are msgids (and which arguments).
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "gettext": None,
    "N_": None,
    "ngettext": (1, 2),
}

TEMPLATE_HEADER = r"""# tootui interface strings.
# Written by `python tools/i18n.py` from the code; do not edit it.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: tootui\n"
"Report-Msgid-Bugs-To: \n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"""

_PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a ``str.format`` template (``{{`` and ``}}`` are not)."""
    return set(_PLACEHOLDER.findall(text))


def source_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    return sorted(p for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts)


def catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every ``<lang>.po`` (one per interface language besides English)."""
    return sorted(locale_dir.glob("*.po"))


def compiled_path(po_path: Path) -> Path:
    """Where gettext looks for ``po_path`` compiled: ``<lang>/LC_MESSAGES/tootui.mo``."""
    return po_path.parent / po_path.stem / "LC_MESSAGES" / f"{DOMAIN}.mo"


# --- reading and writing ----------------------------------------------------------------


def extract(files: Iterable[Path], root: Path = ROOT) -> Catalog:
    """Every literal msgid in ``files``, in order of first appearance."""
    catalog = Catalog(project="tootui", charset="utf-8", fuzzy=False)
    for path in files:
        where = path.relative_to(root).as_posix()
        for lineno, message, comments, context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    return catalog


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def header_text(path: Path) -> str:
    """The header of a .po file as written: its lines up to the first blank one."""
    return path.read_text(encoding="utf-8").split("\n\n", 1)[0] + "\n"


def write_catalog(path: Path, catalog: Catalog, header: str) -> None:
    """``header`` as given, then the entries as Babel writes them (files without line
    numbers, lines unwrapped)."""
    body = io.BytesIO()
    write_po(body, catalog, width=0, omit_header=True, include_lineno=False)
    entries = body.getvalue().decode("utf-8").strip("\n")
    path.write_text(header.rstrip("\n") + "\n\n" + entries + "\n", encoding="utf-8")


def write_template(extracted: Catalog, path: Path = POT_PATH) -> None:
    write_catalog(path, extracted, TEMPLATE_HEADER)


def msgid(message: Message) -> str:
    """The singular msgid (Babel keeps a plural entry's id as a (singular, plural) pair)."""
    return message.id if isinstance(message.id, str) else message.id[0]


def forms(message: Message) -> list[str]:
    """The translation, or each plural form of it."""
    if isinstance(message.string, str):
        return [message.string]
    return list(message.string or ())


def translated(message: Message) -> bool:
    """Every form of the message has a translation."""
    texts = forms(message)
    return bool(texts) and all(texts)


# --- the jobs -----------------------------------------------------------------------------


def update(template: Catalog, po_path: Path, fill_from: Sequence[Path] = ()) -> int:
    """Merge the template into ``po_path``; returns how many msgids were added.

    Translations the catalogs in ``fill_from`` have for entries still untranslated here
    are taken too.
    """
    catalog = read_catalog(po_path)
    before = {msgid(m) for m in catalog if m.id}
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    for other_path in fill_from:
        other = read_catalog(other_path)
        for message in catalog:
            found = other.get(message.id) if message.id else None
            if (
                found is not None
                and not translated(message)
                and translated(found)
                and not found.fuzzy
                and found.pluralizable == message.pluralizable
            ):
                message.string = found.string
    write_catalog(po_path, catalog, header_text(po_path))
    return sum(1 for m in catalog if m.id and msgid(m) not in before)


def compile_catalog(po_path: Path) -> bytes:
    """``po_path`` as a .mo file. Fuzzy entries are left out (Babel's rule), and so is a
    plural entry with an empty form: the English words read better than a blank."""
    catalog = read_catalog(po_path)
    for message in list(catalog):
        if message.id and message.pluralizable and not translated(message):
            catalog.delete(message.id)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every ``<lang>.po`` under ``locale_dir``; returns the .mo files written."""
    written = []
    for po_path in catalogs(locale_dir):
        target = compiled_path(po_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compile_catalog(po_path))
        written.append(target)
    return written


def problems(template: Catalog, po_path: Path) -> list[str]:
    """What keeps ``po_path`` from translating every msgid of ``template``."""
    catalog = read_catalog(po_path)
    nplurals = catalog.num_plurals
    out: list[str] = []
    for message in template:
        if not message.id:
            continue
        key = msgid(message)
        where = "{}:{}".format(*message.locations[0]) if message.locations else "?"
        entry = catalog.get(message.id)
        if entry is None:
            out.append(f"missing: {key!r} ({where})")
            continue
        if entry.fuzzy:
            out.append(f"fuzzy: {key!r} ({where})")
            continue
        texts = forms(entry)
        if message.pluralizable:
            texts = texts[:nplurals] if entry.pluralizable else []
            if len(texts) < nplurals or not all(texts):
                out.append(f"untranslated (plural forms): {key!r} ({where})")
                continue
        elif not all(texts):
            out.append(f"untranslated: {key!r} ({where})")
            continue
        expected = placeholders(key)
        if not isinstance(message.id, str):
            expected |= placeholders(message.id[1])
        for text in texts:
            if placeholders(text) != expected:
                out.append(
                    f"placeholders differ: {key!r} has {sorted(expected)}, "
                    f"{text!r} has {sorted(placeholders(text))} ({where})"
                )
                break
    return out


def template_problems(extracted: Catalog, pot_path: Path = POT_PATH) -> list[str]:
    """How the committed template differs from what the code uses."""
    if not pot_path.exists():
        return [f"{pot_path.name} is missing"]
    committed = read_catalog(pot_path)
    have = {m.id for m in committed if m.id}
    want = {m.id for m in extracted if m.id}
    lacks = [f"{pot_path.name} lacks {i!r}" for i in want - have]
    extra = [f"{pot_path.name} still lists {i!r}" for i in have - want]
    return sorted(lacks) + sorted(extra)


def compiled_problem(po_path: Path) -> str | None:
    """Why the .mo the app reads does not say what ``po_path`` says, if it does not."""
    target = compiled_path(po_path)
    if not target.is_file():
        return f"{po_path.name}: not compiled ({target.relative_to(po_path.parent)} is missing)"

    def contents(data: bytes) -> tuple[str, set[tuple[object, object]]]:
        catalog = read_mo(io.BytesIO(data))
        pairs = {(_hashable(m.id), _hashable(m.string)) for m in catalog if m.id}
        return catalog.plural_forms, pairs

    if contents(target.read_bytes()) != contents(compile_catalog(po_path)):
        return f"{po_path.name}: {target.relative_to(po_path.parent)} is older than {po_path.name}"
    return None


def _hashable(value: object) -> object:
    """Babel reads a plural entry's ids and forms from a .mo as lists."""
    return tuple(value) if isinstance(value, list) else value


def check(extracted: Catalog) -> list[str]:
    """Everything out of step, one line each; empty when all is well."""
    found = template_problems(extracted)
    for po_path in catalogs():
        found += [f"{po_path.name}: {line}" for line in problems(extracted, po_path)]
        stale = compiled_problem(po_path)
        if stale:
            found.append(stale)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/i18n.py",
        description="Extract tootui's interface strings with Babel, update and compile the "
        "catalogs in tootui/locale.",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="add new msgids to every tootui/locale/<lang>.po with an empty translation",
    )
    parser.add_argument(
        "--fill-from",
        action="append",
        default=[],
        type=Path,
        metavar="PO",
        help="with --update: take translations still missing from this .po (repeatable)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the template, a catalog or a compiled catalog is out of step "
        "(alone, writes nothing)",
    )
    args = parser.parse_args(argv)
    if args.fill_from and not args.update:
        parser.error("--fill-from goes with --update")

    extracted = extract(source_files())
    if args.update or not args.check:
        write_template(extracted)
        print(f"{POT_PATH.relative_to(ROOT)}: {len(extracted)} msgids")
        if args.update:
            for po_path in catalogs():
                added = update(extracted, po_path, args.fill_from)
                print(f"{po_path.name}: {added} new msgid(s) added")
        for target in compile_catalogs():
            print(f"{target.relative_to(ROOT)}: compiled")
    if not args.check:
        return 0
    found = check(extracted)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print("run `python tools/i18n.py --update`, then translate; see docs/languages.md")
        return 1
    print(f"all {len(extracted)} msgids translated in {', '.join(p.name for p in catalogs())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
