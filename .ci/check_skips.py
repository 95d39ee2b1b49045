"""Fail when pytest skipped a test that is not on the repository's skip allow-list.

    python3 .ci/check_skips.py JUNIT_XML ALLOWLIST [--root CHECKOUT]

JUNIT_XML is pytest's ``--junitxml`` report; ALLOWLIST is ``tests/skip-allowlist.txt``:
one node id a line (fnmatch patterns allowed), each followed by ``# reason``. Expected
failures count as skips too. Standard library only. Prints every skip, allowed or not,
with pytest's reason, and exits 1 on an offender, on an entry without a reason, or on a
report with no tests in it.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def read_allowlist(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """The (pattern, reason) entries, and the problems found in the file."""
    entries: list[tuple[str, str]] = []
    problems: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        pattern, _, reason = line.partition("#")
        pattern, reason = pattern.strip(), reason.strip()
        if not pattern:
            continue
        if not reason:
            problems.append(f"{path}:{number}: {pattern} has no reason (add '# why')")
        entries.append((pattern, reason))
    return entries, problems


def node_id(classname: str, name: str, root: Path) -> str:
    """pytest's node id for a JUnit test case: ``tests.test_x.TestY`` + ``test_z[p]``.

    A module skipped as a whole has no class name and the module's dotted name as name.
    """
    if not classname:
        classname, name = name, ""
    parts = classname.split(".")
    for cut in range(len(parts), 0, -1):
        module = "/".join(parts[:cut]) + ".py"
        if (root / module).is_file():
            return "::".join([module, *parts[cut:], *([name] if name else [])])
    return "::".join([classname, *([name] if name else [])])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("junit_xml", type=Path)
    parser.add_argument("allowlist", type=Path)
    parser.add_argument("--root", type=Path, default=Path("."), help="the checkout tested")
    args = parser.parse_args()

    entries, problems = read_allowlist(args.allowlist)
    cases = ET.parse(args.junit_xml).getroot().iter("testcase")
    total = 0
    offenders: list[str] = []
    for case in cases:
        total += 1
        skipped = case.find("skipped")
        if skipped is None:
            continue
        test = node_id(case.get("classname", ""), case.get("name", ""), args.root)
        why = skipped.get("message") or ""
        if why in ("", "collection skipped"):
            why = f"{why} {(skipped.text or '').strip()}".strip()
        allowed = next((r for p, r in entries if fnmatch.fnmatchcase(test, p)), None)
        if allowed is None:
            offenders.append(test)
            print(f"NOT ALLOWED  {test}\n             skipped: {why}")
        else:
            print(
                f"allowed      {test}\n             skipped: {why}\n             allowed: {allowed}"
            )
    for problem in problems:
        print(f"ALLOW-LIST   {problem}")
    if total == 0:
        print(f"check_skips: {args.junit_xml} holds no test at all")
        return 1
    print(f"check_skips: {total} tests, {len(offenders)} skipped without being allowed")
    return 1 if offenders or problems else 0


if __name__ == "__main__":
    sys.exit(main())
