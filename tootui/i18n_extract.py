"""Collect the interface strings and keep the catalogs in step with the code.

Usage::

    python -m tootui.i18n_extract            # write tootui/locale/tootui.pot
    python -m tootui.i18n_extract --check    # also fail if a catalog lacks a translation
    python -m tootui.i18n_extract --update   # also add new msgids to every <lang>.po

The code is read with ``ast``, never imported: every ``_("literal")`` and
``ngettext("singular", "plural", n)`` call in ``tootui/**/*.py`` whose message arguments are
string literals is a msgid. Calls with anything else (a variable, an f-string) cannot be
extracted; ``--check`` lists them as notes, because their strings must reach the catalog
some other way.

``--check`` fails (exit status 1) when a catalog has no entry for a msgid, an empty or fuzzy
translation, fewer plural forms than its ``Plural-Forms`` header says, or a translation
whose ``{placeholders}`` differ from the msgid's. ``--update`` adds the missing msgids with
empty translations (for a translator to fill), refreshes the source references, and keeps
every existing translation, including ones the code no longer extracts.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
POT_PATH = LOCALE_DIR / "tootui.pot"

SINGULAR_NAMES = {"_", "gettext"}
PLURAL_NAMES = {"ngettext"}

_PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")

POT_HEADER = {
    "Project-Id-Version": "tootui",
    "Report-Msgid-Bugs-To": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


@dataclass
class Message:
    """One msgid as found in the code or in a catalog."""

    msgid: str
    msgid_plural: str | None = None
    references: list[str] = field(default_factory=list)
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)  # translator comments ("# ...")


@dataclass
class Extraction:
    messages: dict[str, Message]
    dynamic: list[str]  # "path:line" of calls whose message is not a literal


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a ``str.format`` template (``{{`` and ``}}`` are not)."""
    return set(_PLACEHOLDER.findall(text))


# --- reading the code --------------------------------------------------------------------


def _call_name(func: ast.expr) -> str | None:
    """``_`` for ``_(...)`` or ``i18n._(...)``; None for other calls (``x.gettext(...)``)."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        if func.value.id == "i18n":
            return func.attr
    return None


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def source_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    return sorted(
        p
        for p in package_dir.rglob("*.py")
        if "__pycache__" not in p.parts and p.name != "i18n_extract.py"
    )


def extract(files: Iterable[Path], root: Path) -> Extraction:
    """Every literal msgid in ``files``, in order of first appearance."""
    messages: dict[str, Message] = {}
    dynamic: list[str] = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        calls.sort(key=lambda n: (n.lineno, n.col_offset))
        for call in calls:
            name = _call_name(call.func)
            where = f"{rel}:{call.lineno}"
            if name in SINGULAR_NAMES:
                if len(call.args) != 1 or call.keywords:
                    continue
                text = _literal(call.args[0])
                if text is None:
                    dynamic.append(where)
                    continue
                message = messages.setdefault(text, Message(text))
            elif name in PLURAL_NAMES:
                if len(call.args) != 3:
                    continue
                one, many = _literal(call.args[0]), _literal(call.args[1])
                if one is None or many is None:
                    dynamic.append(where)
                    continue
                message = messages.setdefault(one, Message(one, many))
                message.msgid_plural = message.msgid_plural or many
            else:
                continue
            if not message.msgid:
                continue
            if where not in message.references:
                message.references.append(where)
            if placeholders(message.msgid) or (
                message.msgid_plural and placeholders(message.msgid_plural)
            ):
                message.flags.add("python-brace-format")
    messages.pop("", None)
    return Extraction(messages, dynamic)


# --- .po files ---------------------------------------------------------------------------


def _unquote(text: str) -> str:
    value = ast.literal_eval(text)
    if not isinstance(value, str):
        raise ValueError(f"not a string: {text}")
    return value


def read_po(path: Path) -> tuple[dict[str, str], list[Message]]:
    """The header fields and the entries of a .po file (obsolete ``#~`` entries dropped)."""
    entries: list[Message] = []
    current: Message | None = None
    key = ""
    pending_comments: list[str] = []
    pending_refs: list[str] = []
    pending_flags: set[str] = set()

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            finish()
            if line.startswith("#:"):
                pending_refs.extend(line[2:].split())
            elif line.startswith("#,"):
                pending_flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            elif line.startswith("# ") or line == "#":
                pending_comments.append(line[2:])
            continue
        if line.startswith('"'):
            chunk = _unquote(line)
            if current is None:
                continue
            if key == "msgid":
                current.msgid += chunk
            elif key == "msgid_plural":
                current.msgid_plural = (current.msgid_plural or "") + chunk
            elif key == "msgstr":
                current.msgstr += chunk
            elif key.startswith("msgstr["):
                index = int(key[7:-1])
                current.msgstr_plural[index] = current.msgstr_plural.get(index, "") + chunk
            continue
        key, _, rest = line.partition(" ")
        value = _unquote(rest)
        if key == "msgid":
            finish()
            current = Message(
                value,
                references=pending_refs,
                flags=pending_flags,
                comments=pending_comments,
            )
            pending_refs, pending_flags, pending_comments = [], set(), []
        elif current is None:
            continue
        elif key == "msgid_plural":
            current.msgid_plural = value
        elif key == "msgstr":
            current.msgstr = value
        elif key.startswith("msgstr["):
            current.msgstr_plural[int(key[7:-1])] = value
    finish()

    header: dict[str, str] = {}
    body: list[Message] = []
    for entry in entries:
        if entry.msgid == "" and entry.msgid_plural is None:
            for field_line in entry.msgstr.splitlines():
                name, _, value = field_line.partition(":")
                if name.strip():
                    header[name.strip()] = value.strip()
        else:
            body.append(entry)
    return header, body


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    )
    return '"' + escaped.replace("\n", "\\n") + '"'


def _field(key: str, text: str) -> list[str]:
    if "\n" not in text.rstrip("\n"):
        return [f"{key} {_quote(text)}"]
    parts = text.splitlines(keepends=True)
    return [f'{key} ""', *(_quote(p) for p in parts)]


def format_entry(message: Message, nplurals: int, *, template: bool) -> list[str]:
    lines = [f"# {c}".rstrip() for c in message.comments]
    if message.references:
        lines.append("#: " + " ".join(message.references))
    if message.flags:
        lines.append("#, " + ", ".join(sorted(message.flags)))
    lines += _field("msgid", message.msgid)
    if message.msgid_plural is not None:
        lines += _field("msgid_plural", message.msgid_plural)
        for index in range(nplurals):
            text = "" if template else message.msgstr_plural.get(index, "")
            lines += _field(f"msgstr[{index}]", text)
    else:
        lines += _field("msgstr", "" if template else message.msgstr)
    return lines


def write_po(
    path: Path, header: dict[str, str], messages: Sequence[Message], *, template: bool = False
) -> None:
    nplurals = plural_count(header)
    out = [
        "# tootui interface strings."
        if template
        else f"# tootui interface: {header.get('Language', '')}.",
        "# This file is written by `python -m tootui.i18n_extract`"
        + ("; do not edit it." if template else "; fill in the msgstr lines."),
    ]
    if template:
        out.append("#, fuzzy")
    out.append('msgid ""')
    out.append('msgstr ""')
    out += [_quote(f"{k}: {v}\n") for k, v in header.items()]
    for message in messages:
        out.append("")
        out += format_entry(message, nplurals, template=template)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def plural_count(header: dict[str, str]) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", header.get("Plural-Forms", ""))
    return int(found.group(1)) if found else 2


# --- the three jobs ----------------------------------------------------------------------


def write_template(extraction: Extraction, path: Path = POT_PATH) -> None:
    header = dict(POT_HEADER)
    header["Plural-Forms"] = "nplurals=INTEGER; plural=EXPRESSION;"
    write_po(path, header, list(extraction.messages.values()), template=True)


def catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*.po"))


def problems(extraction: Extraction, po_path: Path) -> list[str]:
    """What keeps ``po_path`` from translating every msgid the code uses."""
    header, entries = read_po(po_path)
    nplurals = plural_count(header)
    found = {e.msgid: e for e in entries}
    out: list[str] = []
    for msgid, message in extraction.messages.items():
        where = message.references[0] if message.references else "?"
        entry = found.get(msgid)
        if entry is None:
            out.append(f"missing: {msgid!r} ({where})")
            continue
        if "fuzzy" in entry.flags:
            out.append(f"fuzzy: {msgid!r} ({where})")
            continue
        if message.msgid_plural is not None:
            forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)]
            if entry.msgid_plural is None or not all(forms):
                out.append(f"untranslated (plural forms): {msgid!r} ({where})")
                continue
            translations = forms
        else:
            if not entry.msgstr:
                out.append(f"untranslated: {msgid!r} ({where})")
                continue
            translations = [entry.msgstr]
        expected = placeholders(msgid) | placeholders(message.msgid_plural or "")
        for text in translations:
            if placeholders(text) != expected:
                out.append(
                    f"placeholders differ: {msgid!r} has {sorted(expected)}, "
                    f"{text!r} has {sorted(placeholders(text))} ({where})"
                )
                break
    return out


def update(extraction: Extraction, po_path: Path) -> int:
    """Merge the code's msgids into ``po_path``; returns how many were added."""
    header, entries = read_po(po_path)
    nplurals = plural_count(header)
    old = {e.msgid: e for e in entries}
    merged: list[Message] = []
    added = 0
    for msgid, message in extraction.messages.items():
        entry = old.pop(msgid, None)
        if entry is None:
            added += 1
            entry = Message(msgid, message.msgid_plural)
            if message.msgid_plural is not None:
                entry.msgstr_plural = dict.fromkeys(range(nplurals), "")
        entry.msgid_plural = message.msgid_plural
        entry.references = list(message.references)
        entry.flags = (entry.flags - {"python-brace-format"}) | message.flags
        merged.append(entry)
    for entry in old.values():  # not (or not literally) in the code any more: kept
        entry.references = []
        merged.append(entry)
    write_po(po_path, header, merged)
    return added


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tootui.i18n_extract",
        description="Write tootui/locale/tootui.pot from the _() and ngettext() calls in the code.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a catalog lacks a translation for a msgid (or mangles a placeholder)",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="add new msgids to every tootui/locale/<lang>.po with an empty translation",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="do not rewrite tootui.pot (for --check)"
    )
    args = parser.parse_args(argv)

    extraction = extract(source_files(), PACKAGE_DIR.parent)
    if not args.no_write:
        write_template(extraction)
        print(f"{POT_PATH.relative_to(PACKAGE_DIR.parent)}: {len(extraction.messages)} msgids")
    if args.update:
        for po_path in catalogs():
            added = update(extraction, po_path)
            print(f"{po_path.name}: {added} new msgid(s) added")
    status = 0
    if args.check:
        for po_path in catalogs():
            found = problems(extraction, po_path)
            for line in found:
                print(f"{po_path.name}: {line}", file=sys.stderr)
            if found:
                status = 1
            else:
                print(f"{po_path.name}: all {len(extraction.messages)} msgids translated")
        for where in extraction.dynamic:
            print(f"note: {where}: message is not a string literal, not extracted", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
