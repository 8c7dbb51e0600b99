"""Every content check in one call, for the build (``define_env``) and ``scripts/check.py``.

``check_all()`` reads each page once (``macros.pages``), loads the data files
(``macros.data``), joins them (``macros.model``), runs every rule (``macros.rules``) and
the permanent-link checks (``macros.ids``), and raises all problems together, sorted by
file and line.
"""

from __future__ import annotations

from pathlib import Path

from macros import data, ids, model, pages, rules
from macros.problems import ContentError, Problem


def load(docs_dir: Path, root_dir: Path, macro_names) -> tuple[model.KnowledgeBase, list[Problem], bool, bool]:
    """Read every page and data file and assemble the knowledge base, without running the rules.

    Args:
        docs_dir: the MkDocs ``docs_dir``.
        root_dir: the project directory; message paths are relative to it.
        macro_names: names of the registered macros.

    Returns:
        ``(kb, problems found while reading, whether every page could be read, whether every
        data file could be read)``.
    """
    problems: list[Problem] = []
    records = pages.read_pages(docs_dir, root_dir, macro_names, problems)
    all_read = all(r.parts is not None for r in records.values())
    before = len(problems)
    sources = data.load_sources(docs_dir, root_dir, problems)
    references = data.load_references(docs_dir, root_dir, problems)
    log = data.load_log(docs_dir, root_dir, problems)
    return model.assemble(records, sources, references, log), problems, all_read, len(problems) == before


def check_all(docs_dir, root_dir, macro_names) -> model.KnowledgeBase:
    """Run every content check and build the knowledge base.

    Args:
        docs_dir: the MkDocs ``docs_dir`` (str or Path).
        root_dir: the project directory; message paths are relative to it.
        macro_names: names of the registered macros.

    Returns:
        The ``KnowledgeBase``.

    Raises:
        macros.problems.ContentError: listing every problem, as ``file:line: what is wrong — what to do``,
            sorted by file and line.
    """
    docs_dir, root_dir = Path(docs_dir), Path(root_dir)
    kb, problems, all_read, data_ok = load(docs_dir, root_dir, macro_names)
    problems += rules.check(kb, all_read, data_ok)
    note = ""
    if not (all_read and data_ok):
        note = (
            "(the checks that join pages and data — ids, placements, permanent links — run once the problems "
            "above are fixed)"
        )
    else:
        problems += ids.check(kb, docs_dir, root_dir)
    if problems:
        raise ContentError(problems, note)
    return kb
