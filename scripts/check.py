"""Content checker: report every problem in the site's content at once, without building it.

Usage:
    python scripts/check.py [-f mkdocs.yml] [--base REF [--summary FILE]] [--update-ids] [--no-build]
                            [--config-only]

Runs the same checks as the build (``macros.checks.check_all``: front matter, ids,
verdicts, references, verbatim quotes, template code, permanent links), then, when they
pass, builds the site into a temporary folder for what only a build can check (links,
anchors, pages missing from the nav), and prints one line per problem,
``file:line: what is wrong — what to do``, sorted by file and line.

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
    --no-build         skip the build (links, anchors and the nav are then left to it).
    --config-only      check only mkdocs.yml and the files (scripts/serve runs this before MkDocs
                       reads mkdocs.yml, whose loader would run a Python tag).

Exit status: 0 when there is no problem, 1 when there are problems or REF cannot be
compared, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
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


def build_problems(config_file: Path, project: Path, docs_dir: Path) -> list:
    """Build the site into a temporary folder and return MkDocs' link, anchor and nav warnings as problems.

    Args:
        config_file: the site's mkdocs.yml.
        project: the project directory.
        docs_dir: its docs folder.

    Returns:
        A list of ``macros.problems.Problem`` (each with the link's line where the link is written
        in the page); if the build fails for another reason, one problem quoting its last lines.
    """
    from macros.build_log import problems_from_build_log
    from macros.problems import Problem

    with tempfile.TemporaryDirectory() as site:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", site],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
    if proc.returncode == 0:
        return []
    problems = problems_from_build_log(proc.stdout + proc.stderr, docs_dir, project)
    if not problems:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-5:])
        problems = [Problem(config_file.name, None, f"the build failed: {tail} — fix what it names")]
    return problems


def update_ids(docs_dir: Path, project: Path) -> int:
    """Add new questions to docs/ids.json (``--update-ids``); return 0, or 1 if the content has problems first."""
    from macros import MACROS, checks, ids
    from macros.problems import ContentError
    from macros.yamldata import rel_path

    kb, problems, _, _ = checks.load(docs_dir, project, MACROS)
    if problems:
        print(f"fix these first, then run --update-ids again:\n{ContentError(problems)}")
        return 1
    added = ids.update(kb, docs_dir)
    print(f"added {len(added)} question(s) to {rel_path(docs_dir / ids.IDS_FILE, project)}: {', '.join(added)}")
    return 0


def overrides_dir_of(config_file: Path) -> Path | None:
    """Return the theme's ``custom_dir`` of the site whose mkdocs.yml is ``config_file``, or None."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return config_file.parent / custom if custom else None


def compare_with_base(ref: str, project: Path, docs_dir: Path) -> tuple[list, str]:
    """Compare the change with revision ``ref``: the published links, and what needs a maintainer's eyes.

    Args:
        ref: the base revision (e.g. ``origin/main``).
        project: the site's project folder (inside a git work tree).
        docs_dir: its docs folder.

    Returns:
        ``(problems, report)``: a list of ``Problem`` for each published link the change
        dropped (``macros.ids.compare``) and each published verdict or correction it changed
        without a corrections-log entry (``macros.logcheck``), and the report of
        ``macros.changes`` (Markdown).

    Raises:
        macros.changes.CannotCompare: git does not know ``ref``, or its ids file is missing or unreadable.
    """
    from macros import changes, ids, logcheck

    docs = docs_dir.relative_to(project).as_posix()
    found, base, head, label = changes.collect(project, ref, docs)
    shown = subprocess.run(["git", "-C", str(project), "show", f"{ref}:./{docs}/{ids.IDS_FILE}"], capture_output=True)
    try:
        base_ids = json.loads(shown.stdout)
        assert isinstance(base_ids.get("questions"), dict) and isinstance(base_ids.get("aliases"), dict)
    except (ValueError, AttributeError, AssertionError):
        raise changes.CannotCompare(
            f"the base revision {ref!r} has no valid {docs}/{ids.IDS_FILE} — "
            "pass the branch the change will be merged into as --base",
            f"{docs}/{ids.IDS_FILE}",
        ) from None
    problems = logcheck.unlogged(base, head, docs)
    try:
        current = json.loads((docs_dir / ids.IDS_FILE).read_text(encoding="utf-8"))
        problems += ids.compare(base_ids, current, f"{docs}/{ids.IDS_FILE}")
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
    parser.add_argument(
        "--config-only",
        action="store_true",
        help="check only mkdocs.yml and the files under docs/ and overrides/ (run before any build)",
    )
    parser.add_argument(
        "--no-build", action="store_true", help="skip the links, anchors and nav (which only a build can check)"
    )
    args = parser.parse_args(argv)
    if args.summary and not args.base:
        parser.error("--summary needs --base")
    config_file = args.config_file.resolve()
    project = config_file.parent
    sys.path.insert(0, str(project))  # the site's own macros package
    from macros import changes

    report = ""
    if args.base:  # git and safe YAML only: nothing here runs the change's code
        try:
            base_links, report = compare_with_base(args.base, project, docs_dir_of(config_file))
        except changes.CannotCompare as e:
            print(f"{e.path or '--base ' + args.base}: {e}")
            return 1
    status = run_checks(args, config_file, base_links if args.base else [])
    if report:
        print("\n" + report)
        if args.summary:
            with args.summary.open("a", encoding="utf-8") as f:
                f.write(report)
    return status


def run_checks(args, config_file: Path, base_links: list) -> int:
    """Run the checks in order, mkdocs.yml first; print the problems; return the exit status (0 or 1).

    Args:
        args: the parsed command line.
        config_file: the site's mkdocs.yml.
        base_links: problems of published links dropped since the base revision (``--base``).
    """
    from macros import MACROS, checks, site_config, site_files
    from macros.problems import ContentError

    project = config_file.parent
    # Before anything reads mkdocs.yml as MkDocs does (its loader runs Python tags; it imports hooks).
    problems = site_config.check_config(config_file)
    if problems:
        print(ContentError(problems, "(mkdocs.yml must be fixed before any other check or build runs)"))
        return 1
    docs_dir = docs_dir_of(config_file)
    problems = site_files.check_files(project, docs_dir, overrides_dir_of(config_file))
    if problems:
        print(ContentError(problems))
        return 1
    if args.config_only:
        print("mkdocs.yml and the site's files: no problems")
        return 0
    if args.update_ids and update_ids(docs_dir, project):
        return 1
    try:
        kb = checks.check_all(docs_dir, project, MACROS)
        if base_links:
            raise ContentError(base_links)
        if args.no_build:
            print("links, anchors and the nav not checked (--no-build): the build checks them")
        elif problems := build_problems(config_file, project, docs_dir):
            raise ContentError(problems)
    except ContentError as e:
        print(e)
        return 1
    n_items = sum(len(q.placements) for q in kb.questions.values())
    print(f"{len(kb.topics)} topic pages, {len(kb.questions)} questions, {n_items} source items: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
