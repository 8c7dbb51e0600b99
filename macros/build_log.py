"""MkDocs' own checks (links, anchors, pages missing from the nav), said as ``file:line`` problems.

MkDocs validates links and anchors only while it builds, and reports them without a line:
``scripts/check.py`` runs a build into a temporary folder and turns each such warning into
a ``Problem`` with the line of the link in the page's source, where the link is written
there (a link made by a macro is reported on the page, without a line).
"""

from __future__ import annotations

import re
from pathlib import Path

from macros.problems import Problem

_LINK = re.compile(
    r"WARNING\s+-\s+Doc file '(?P<page>[^']+)' contains (?:a link|an unrecognized relative link|an "
    r"absolute link) '(?P<link>[^']+)'(?P<rest>.*)$"
)
_NAV = re.compile(r'pages exist in the docs directory, but are not included in the "nav" configuration:')
_NAV_ITEM = re.compile(r"^\s+- (?P<page>\S+)\s*$")
#: A problem the build's own checks printed (``file:line: what — what to do``), e.g. the sanitiser's.
_PROBLEM = re.compile(r"^(?P<path>[\w./-]+\.\w+):(?P<line>\d+): (?P<message>.+ — .+)$")


def _line_of(text: str, link: str) -> int | None:
    """The 1-based line of the first Markdown link to ``link`` in ``text`` (``](link``, ``]: link``), or None."""
    for needle in (f"]({link}", f"]: {link}", f"<{link}>", link):
        pos = text.find(needle)
        if pos >= 0:
            return text.count("\n", 0, pos) + 1
    return None


def _advice(rest: str) -> str:
    if "anchor" in rest:
        return "link to an id that exists on that page (a question's { #id }, a heading's permalink)"
    if "not found" in rest:
        return "link to a page that exists, as /topics/page.md or a path relative to this page"
    return "write a link to a page as /topics/page.md (ending in .md), or a full https:// address"


def problems_from_build_log(output: str, docs_dir: Path, root_dir: Path) -> list[Problem]:
    """Turn MkDocs' link, anchor and nav warnings into problems with file and line.

    Args:
        output: the text MkDocs printed (stdout and stderr).
        docs_dir: the docs folder.
        root_dir: the project directory; message paths are relative to it.

    Returns:
        A list of ``Problem``, one per warning recognised.
    """
    problems = []
    lines = output.splitlines()
    for i, line in enumerate(lines):
        p = _PROBLEM.match(line)
        if p and Problem(p["path"], int(p["line"]), p["message"]) not in problems:
            problems.append(Problem(p["path"], int(p["line"]), p["message"]))
            continue
        m = _LINK.search(line)
        if m:
            path = Path(docs_dir) / m["page"]
            rel = path.relative_to(root_dir).as_posix() if path.is_relative_to(root_dir) else m["page"]
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            what = m["rest"].strip(" .,").removeprefix("but ") or "it was left as is"
            problems.append(
                Problem(
                    rel, _line_of(text, m["link"]), f"the link '{m['link']}' is broken ({what}) — {_advice(m['rest'])}"
                )
            )
        elif _NAV.search(line):
            for item in lines[i + 1 :]:
                page = _NAV_ITEM.match(item)
                if not page:
                    break
                rel = (Path(docs_dir) / page["page"]).relative_to(root_dir).as_posix()
                problems.append(
                    Problem(rel, None, "the page is not in the nav of mkdocs.yml — add it there, under its section")
                )
    return problems
