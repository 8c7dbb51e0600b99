"""Permanent links: the committed list of published question ids and their aliases.

``docs/ids.json`` records where every question is published and where every old
link must land::

    {
      "questions": {"precision-recall": "topics/evaluation-metrics.md", ...},
      "aliases": {
        "topics/evaluation-metrics.md#old-id": "precision-recall",
        "topics/removed-page.md": "topics/new-page.md"
      }
    }

``questions`` maps each live question id to its page and must match the content
exactly. ``aliases`` maps an old location to where it now lands: ``page#id`` to a live
question id (a renamed, merged or moved question), or ``page`` to a live page (a
removed page). ``check()`` fails when a question disappears or moves without an alias,
so a published link cannot silently break. The file is published as ``/ids.json``;
``docs/javascripts/ids.js`` reads it in the browser to send an old link to its new
place (same page or another page, including from the 404 page of a removed page).
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from macros.model import KnowledgeBase
from macros.problems import Problem
from macros.yamldata import read_text
from macros.yamldata import rel_path as _relpath

IDS_FILE = "ids.json"
HOW = "see CONTRIBUTING.md, 'Renaming, moving or removing a question'"
#: The forms of the file's values: the browser builds addresses from them (docs/javascripts/ids.js).
ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
PAGE = r"[a-z0-9]+(?:[-_][a-z0-9]+)*(?:/[a-z0-9]+(?:[-_][a-z0-9]+)*)*\.md"
_FORMS = {
    "questions": (re.compile(ID), re.compile(PAGE)),
    "aliases": (re.compile(rf"{PAGE}(?:#{ID})?"), re.compile(rf"{ID}|{PAGE}")),
}


def _line(text: str, needle: str) -> int | None:
    """Return the 1-based line of the first occurrence of ``needle`` in ``text``, or None."""
    pos = text.find(needle)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else None


def load(path: Path, rel: str, problems: list[Problem]) -> dict | None:
    """Read and shape-check an ids file.

    Args:
        path: the ``ids.json`` file.
        rel: the path shown in messages.
        problems: receives a ``Problem`` if the file is missing, not JSON, or not shaped
            ``{"questions": {id: page}, "aliases": {location: target}}``.

    Returns:
        The parsed dict, or None if it is unusable.
    """
    if not path.is_file():
        problems.append(
            Problem(
                rel,
                None,
                "the list of published question ids is missing — create it with python scripts/check.py --update-ids",
            )
        )
        return None
    text = read_text(path, rel, problems)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        problems.append(
            Problem(rel, e.lineno, f"invalid JSON: {e.msg} — fix the syntax (no trailing commas, double quotes only)")
        )
        return None
    ok = (
        isinstance(data, dict)
        and set(data) == {"questions", "aliases"}
        and all(isinstance(data[k], dict) and all(isinstance(v, str) for v in data[k].values()) for k in data)
    )
    if not ok:
        problems.append(
            Problem(
                rel,
                1,
                'expected {"questions": {"id": "topics/page.md"}, '
                '"aliases": {"topics/page.md#old-id": "new-id"}} — restore that shape',
            )
        )
        return None
    bad = _form_problems(data, text, rel)
    problems.extend(bad)
    return None if bad else data


def _form_problems(data: dict, text: str, rel: str) -> list[Problem]:
    """A ``Problem`` for each key or value of the ids file that is not an id or a page (``_FORMS``)."""
    return [
        Problem(
            rel,
            _line(text, json.dumps(k)),
            f'"{k}": "{v}" is not an id (lower case, digits, hyphens) or a page (topics/x.md, optionally #id) — '
            "write it in that form",
        )
        for part, (key_form, value_form) in _FORMS.items()
        for k, v in data[part].items()
        if not (key_form.fullmatch(k) and value_form.fullmatch(v))
    ]


def check(kb: KnowledgeBase, docs_dir: Path, root_dir: Path) -> list[Problem]:
    """Compare the live questions with ``docs/ids.json``; return every problem found.

    A question missing from the list, a listed question that is gone or has moved
    without an alias, an alias whose target is not live, and an alias that shadows a
    live question are problems; each message says what to add to the file.

    Args:
        kb: the knowledge base built from the same docs directory.
        docs_dir: the MkDocs ``docs_dir``.
        root_dir: the project directory; message paths are relative to it.

    Returns:
        A list of ``Problem`` (empty when the links are all accounted for).
    """
    path = Path(docs_dir) / IDS_FILE
    rel = _relpath(path, root_dir)
    problems: list[Problem] = []
    data = load(path, rel, problems)
    if data is None:
        return problems
    text = path.read_text(encoding="utf-8")  # read and checked by load() above
    problems += _check_questions(kb, data["questions"], text, rel, Path(docs_dir), root_dir)
    problems += _check_aliases(kb, data["aliases"], text, rel, Path(docs_dir), root_dir)
    return problems


def _renamed(kb: KnowledgeBase, listed: dict) -> dict[str, str]:
    """New question id -> published id gone from the same page that it most resembles (a likely rename)."""
    gone = {qid: page for qid, page in listed.items() if qid not in kb.questions}
    out = {}
    for qid, q in kb.questions.items():
        if qid not in listed:
            hint = difflib.get_close_matches(
                qid, [g for g, p in gone.items() if p == q.path and g not in out.values()], 1
            )
            if hint:
                out[qid] = hint[0]
    return out


def _check_questions(kb: KnowledgeBase, listed: dict, text: str, rel: str, docs_dir: Path, root_dir: Path):
    """Problems of the ``questions`` part: every live question listed at its page, every listed one live."""
    renamed = _renamed(kb, listed)
    for qid, q in kb.questions.items():
        if qid in renamed:
            old = renamed[qid]
            yield Problem(
                _relpath(docs_dir / q.path, root_dir),
                q.line,
                f"question '{qid}' is new and '{old}', published on the same page, is gone — if the new id is "
                f'a typo, change it back; if you renamed the question, replace "{old}" by "{qid}": '
                f'"{q.path}" in "questions" of {rel} and add "{q.path}#{old}": "{qid}" to '
                f'"aliases" ({HOW})',
            )
        elif qid not in listed:
            yield Problem(
                _relpath(docs_dir / q.path, root_dir),
                q.line,
                f'question \'{qid}\' is not in {rel} — add "{qid}": "{q.path}" to "questions" '
                "(python scripts/check.py --update-ids does it)",
            )
        elif listed[qid] != q.path:
            yield Problem(
                rel,
                _line(text, f'"{qid}"'),
                f"question '{qid}' moved from {listed[qid]} to {q.path} — set \"{qid}\": "
                f'"{q.path}" in "questions" and, so that links to {listed[qid]}#{qid} still '
                f'land on it, add "{listed[qid]}#{qid}": "{qid}" to "aliases" ({HOW})',
            )
    for qid, page in listed.items():
        if qid not in kb.questions and qid not in renamed.values():
            yield Problem(
                rel,
                _line(text, f'"{qid}"'),
                f"question '{qid}' is published at {page}#{qid} but no longer exists — published "
                f'links must keep working: move its entry to "aliases" as "{page}#{qid}": '
                f'"<id of the question that replaces it>" ({HOW})',
            )


def _check_aliases(kb: KnowledgeBase, aliases: dict, text: str, rel: str, docs_dir: Path, root_dir: Path):
    """Problems of the ``aliases`` part: each old address lands on a live question or page."""
    pages = {p.relative_to(docs_dir).as_posix() for p in Path(docs_dir).rglob("*.md")}
    for old, new in aliases.items():
        line = _line(text, f'"{old}"')
        page, _, old_id = old.partition("#")
        if not page.endswith(".md"):
            yield (
                Problem(rel, line, f"alias '{old}' must be a page (topics/x.md) or a page and id (topics/x.md#old-id)")
            )
        elif old_id:
            live = kb.questions.get(old_id)
            if new not in kb.questions:
                yield (
                    Problem(
                        rel,
                        line,
                        f"alias '{old}' points at '{new}', which is not a live question — "
                        "point it at the id of the question that now answers it",
                    )
                )
            elif live is not None and live.path == page:
                yield (
                    Problem(
                        rel,
                        line,
                        f"alias '{old}' is the address of a live question — remove the "
                        "alias, or give that question another id",
                    )
                )
            elif page not in pages and page not in aliases:
                yield (
                    Problem(
                        rel,
                        line,
                        f"page {page} no longer exists, so '{old}' would end on a 404 page "
                        f'without a page alias — add "{page}": "<page that replaces it>" '
                        'to "aliases"',
                    )
                )
        elif page in pages:
            yield (Problem(rel, line, f"page alias '{old}' names a page that exists — remove the alias"))
        elif new not in pages:
            yield (
                Problem(
                    rel,
                    line,
                    f"page alias '{old}' points at {new}, which is not a page in "
                    f"{_relpath(Path(docs_dir), root_dir)}/ — point it at an existing page",
                )
            )


def compare(base: dict, current: dict, rel: str) -> list[Problem]:
    """Check that ``current`` (the ids file of a change) keeps every link ``base`` published.

    Guards against an entry being deleted from the list together with its question:
    every base question must still be listed at the same page or have an alias for its
    old address, and every base alias must remain.

    Args:
        base: the parsed ids file of the base revision (e.g. ``main``).
        current: the parsed ids file of the change.
        rel: the path shown in messages.

    Returns:
        A list of ``Problem`` (empty when no published link was dropped).
    """
    problems = []
    for qid, page in base["questions"].items():
        if current["questions"].get(qid) != page and f"{page}#{qid}" not in current["aliases"]:
            problems.append(
                Problem(
                    rel,
                    None,
                    f"the published link {page}#{qid} was dropped from the list — "
                    f'keep it: add "{page}#{qid}": "<new id>" to "aliases" ({HOW})',
                )
            )
    for old in base["aliases"]:
        if old not in current["aliases"]:
            problems.append(Problem(rel, None, f"the alias '{old}' was removed — aliases are permanent; restore it"))
    return problems


def update(kb: KnowledgeBase, docs_dir: Path) -> list[str]:
    """Add every live question that ``docs/ids.json`` does not list yet; never remove or move entries.

    Creates the file if it does not exist. Returns the ids added (list of str).

    Raises:
        ValueError: if the existing file is not valid JSON of the expected shape.
    """
    path = Path(docs_dir) / IDS_FILE
    problems: list[Problem] = []
    data = load(path, IDS_FILE, problems) if path.is_file() else {"questions": {}, "aliases": {}}
    if data is None:
        raise ValueError(str(problems[0]))
    added = [q for q in kb.questions if q not in data["questions"]]
    for qid in added:
        data["questions"][qid] = kb.questions[qid].path
    data["questions"] = dict(sorted(data["questions"].items()))
    data["aliases"] = dict(sorted(data["aliases"].items()))
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return added
