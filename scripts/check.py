"""Content checker: report every problem in the site's content at once, without building it.

Usage:
    python scripts/check.py [-f mkdocs.yml] [--base REF] [--update-ids]

Runs the same checks as the build (``macros.checks.check_all``: front matter, ids,
verdicts, references, verbatim quotes, template code, raw HTML, permanent links) and
prints one line per problem, ``file:line: what is wrong — what to do``.

Options:
    -f, --config-file  the site's mkdocs.yml (default: mkdocs.yml in the project).
    --base REF         also check that no link published in REF's docs/ids.json was
                       dropped (CI passes the pull request's base branch).
    --update-ids       add new questions to docs/ids.json, then check.

Exit status: 0 when there is no problem, 1 when there are problems, 2 on a usage error.
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


def main(argv: list[str] | None = None) -> int:
    """Run the checker; return the exit status (0 clean, 1 problems found). Output goes to stdout."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--base", metavar="REF")
    parser.add_argument("--update-ids", action="store_true")
    args = parser.parse_args(argv)
    config_file = args.config_file.resolve()
    project, docs_dir = config_file.parent, docs_dir_of(config_file)
    sys.path.insert(0, str(project))  # the site's own macros package
    from macros import MACROS, checks, ids
    from macros.problems import ContentError

    try:
        if args.update_ids:
            try:
                kb, problems, _, _ = checks.load(docs_dir, project, MACROS)
                if problems:
                    raise ContentError(problems)
            except ContentError as e:
                print(f"fix these first, then run --update-ids again:\n{e}")
                return 1
            added = ids.update(kb, docs_dir)
            print(f"added {len(added)} question(s) to {ids._relpath(docs_dir / ids.IDS_FILE, project)}: {', '.join(added)}")
        kb = checks.check_all(docs_dir, project, MACROS)
        problems = []
        if args.base:
            rel = ids._relpath(docs_dir / ids.IDS_FILE, project)
            git_path = (docs_dir / ids.IDS_FILE).relative_to(project).as_posix()
            shown = subprocess.run(["git", "show", f"{args.base}:{git_path}"], cwd=project,
                                   capture_output=True, text=True)
            if shown.returncode == 0:
                problems = ids.compare(json.loads(shown.stdout), json.loads((docs_dir / ids.IDS_FILE).read_text()), rel)
            else:
                print(f"note: {args.base} has no {git_path}; nothing to compare")
        if problems:
            raise ContentError(problems)
    except ContentError as e:
        print(e)
        return 1
    n_items = sum(len(q.placements) for q in kb.questions.values())
    print(f"{len(kb.topics)} topic pages, {len(kb.questions)} questions, {n_items} source items: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
