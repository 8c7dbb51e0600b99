"""Content checker: report every problem in the site's content at once, without building it.

Usage:
    python scripts/check.py [-f mkdocs.yml] [--base REF [--summary FILE]] [--update-ids]

Runs the same checks as the build (``macros.checks.check_all``: front matter, ids,
verdicts, references, verbatim quotes, template code, raw HTML, permanent links) and
prints one line per problem, ``file:line: what is wrong — what to do``.

Options:
    -f, --config-file  the site's mkdocs.yml (default: mkdocs.yml in the project).
    --base REF         compare the change with revision REF (CI passes the pull request's
                       base branch): fail when a link published in REF's docs/ids.json was
                       dropped, and print what needs a maintainer's eyes (macros/changes.py:
                       code and configuration, archives, quotes, milder verdicts, removed
                       corrections, review lines, references, sources). Fails when REF is
                       unknown to git or has no docs/ids.json.
    --summary FILE     with --base: also append that report (Markdown) to FILE, e.g.
                       $GITHUB_STEP_SUMMARY.
    --update-ids       add new questions to docs/ids.json, then check.

Exit status: 0 when there is no problem, 1 when there are problems or REF cannot be
compared, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


class _AnyTagLoader(yaml.SafeLoader):
    """A YAML loader that reads mkdocs.yml's tags (``!ENV``, ``!!python/name``) as plain values."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def docs_dir_of(config_file: Path) -> Path:
    """Return the ``docs_dir`` of the site whose mkdocs.yml is ``config_file`` (default ``docs``)."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}
    return (config_file.parent / (config.get("docs_dir") or "docs")).resolve()


def compare_with_base(ref: str, project: Path, docs_dir: Path) -> tuple[list, str]:
    """Compare the change with revision ``ref``: the published links, and what needs a maintainer's eyes.

    Args:
        ref: the base revision (e.g. ``origin/main``).
        project: the site's project folder (inside a git work tree).
        docs_dir: its docs folder.

    Returns:
        ``(problems, report)``: a list of ``Problem`` for each published link the change
        dropped (``macros.ids.compare``), and the report of ``macros.changes`` (Markdown).

    Raises:
        macros.changes.CannotCompare: git does not know ``ref``, or its ids file is missing or unreadable.
    """
    from macros import changes, ids

    docs = docs_dir.relative_to(project).as_posix()
    found, base, head, label = changes.collect(project, ref, docs)
    shown = subprocess.run(["git", "-C", str(project), "show", f"{ref}:./{docs}/{ids.IDS_FILE}"], capture_output=True)
    try:
        base_ids = json.loads(shown.stdout)
        assert isinstance(base_ids.get("questions"), dict) and isinstance(base_ids.get("aliases"), dict)
    except (ValueError, AttributeError, AssertionError):
        raise changes.CannotCompare(f"the base revision {ref!r} has no valid {docs}/{ids.IDS_FILE} — "
                                    "pass the branch the change will be merged into as --base",
                                    f"{docs}/{ids.IDS_FILE}") from None
    problems = []
    try:
        current = json.loads((docs_dir / ids.IDS_FILE).read_text(encoding="utf-8"))
        problems = ids.compare(base_ids, current, f"{docs}/{ids.IDS_FILE}")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # the content checks report a missing or invalid ids file
    return problems, changes.to_markdown(changes.report(found, base, head, docs), label)


def main(argv: list[str] | None = None) -> int:
    """Run the checker; return the exit status (0 clean, 1 problems found). Output goes to stdout."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--base", metavar="REF")
    parser.add_argument("--summary", metavar="FILE", type=Path)
    parser.add_argument("--update-ids", action="store_true")
    args = parser.parse_args(argv)
    if args.summary and not args.base:
        parser.error("--summary needs --base")
    config_file = args.config_file.resolve()
    project, docs_dir = config_file.parent, docs_dir_of(config_file)
    sys.path.insert(0, str(project))  # the site's own macros package
    from macros import MACROS, changes, checks, ids
    from macros import kb as knowledge

    problems, report = [], ""
    if args.base:
        try:
            problems, report = compare_with_base(args.base, project, docs_dir)
        except changes.CannotCompare as e:
            print(f"{e.path or '--base ' + args.base}: {e}")
            return 1
    status = 0
    try:
        if args.update_ids:
            try:
                kb = knowledge.build(docs_dir, project, MACROS)
            except knowledge.ContentError as e:
                print(f"fix these first, then run --update-ids again:\n{e}")
                return 1
            added = ids.update(kb, docs_dir)
            print(f"added {len(added)} question(s) to {ids._relpath(docs_dir / ids.IDS_FILE, project)}: {', '.join(added)}")
        kb = checks.check_all(docs_dir, project, MACROS)
        if problems:
            raise knowledge.ContentError(problems)
        n_items = sum(len(q.placements) for q in kb.questions.values())
        print(f"{len(kb.topics)} topic pages, {len(kb.questions)} questions, {n_items} source items: no problems")
    except knowledge.ContentError as e:
        print(e)
        status = 1
    if report:
        print("\n" + report)
        if args.summary:
            with args.summary.open("a", encoding="utf-8") as f:
                f.write(report)
    return status


if __name__ == "__main__":
    sys.exit(main())
