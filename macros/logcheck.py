"""The corrections log on a pull request: a change to a published verdict or correction needs a log entry.

``unlogged()`` compares the base revision's topic pages with the change's: every source item
whose verdict changed, or whose published (reviewed) correction changed or went, must have an
entry for it in ``docs/corrections-log.yml`` that the base revision does not have.
``scripts/check.py --base`` reports each one that has none.
"""

from __future__ import annotations

import re

from macros.changes import placements
from macros.problems import Problem
from macros.yamldata import parse_yaml

_REVIEW = re.compile(r"^\s*\*Reviewed by a second editor on .*\*\s*$")


def _corrections(text: str, path: str) -> dict[str, tuple[int, str, str, bool]]:
    """Item id -> (line, verdict, the correction's text without its review line, published) on one page."""
    lines = text.splitlines()
    out = {}
    for p in placements(text, path):
        body, published = "", False
        if p.correction:
            end = p.correction
            while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
                end += 1
            block = lines[p.correction - 1 : end]
            published = any(_REVIEW.match(ln) for ln in block)
            body = "\n".join(ln for ln in block if not _REVIEW.match(ln)).strip()
        out.setdefault(p.item, (p.line, p.verdict, body, published))
    return out


def _logged_items(text: str | None) -> list[dict]:
    if not text:
        return []
    data, _ = parse_yaml(text, "docs/corrections-log.yml", [])
    return [e for e in data or [] if isinstance(e, dict)]


def unlogged(base: dict[str, str], head: dict[str, str], docs: str = "docs") -> list[Problem]:
    """The published verdicts and corrections a change alters without a new corrections-log entry.

    Args:
        base: the base revision's content files, path -> text (``macros.changes.base_files``).
        head: the change's content files, path -> text.
        docs: the docs folder, relative to the project.

    Returns:
        One ``Problem`` per source item (at its line on the change's page): its verdict changed, or
        its reviewed correction's text changed or was removed, and no new log entry names it.
    """

    def items(files):
        out = {}
        for path, text in sorted(files.items()):
            if path.startswith(f"{docs}/topics/") and path.endswith(".md"):
                for item, info in _corrections(text, path).items():
                    out.setdefault(item, (path, *info))
        return out

    before, after = items(base), items(head)
    log = f"{docs}/corrections-log.yml"
    old_entries = _logged_items(base.get(log))
    logged = {e.get("item") for e in _logged_items(head.get(log)) if e not in old_entries}
    problems = []
    for item, (path, line, verdict, body, _) in sorted(after.items()):
        if item not in before or item in logged:
            continue
        _, _, old_verdict, old_body, published = before[item]
        what = (
            "its verdict"
            if verdict != old_verdict
            else "its published correction"
            if published and body != old_body
            else None
        )
        if what:
            problems.append(
                Problem(
                    path,
                    line,
                    f"{what} changed since the base revision and {log} has no new entry "
                    f"for '{item}' — add one (date, question, item, change, what, why); "
                    "see CONTRIBUTING.md, 'Changing published text'",
                )
            )
    return problems
