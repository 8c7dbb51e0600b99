"""mkdocs-macros module: registers the macros and nothing else.

The logic lives in ``macros.kb`` (loading and checking content, the index) and
``macros.render`` (Markdown/HTML output); both are plain modules that tests
import without MkDocs. The index is built once per build, in ``define_env``.
"""

from __future__ import annotations

from pathlib import Path

from macros import checks
from macros import kb as knowledge
from macros import mathml
from macros import render

MACROS = ("question_link", "source_item", "cite", "verdict_table", "topic_cards", "source_table")


def define_env(env):
    """Build the knowledge base and register the macros (mkdocs-macros entry point).

    Raises:
        mkdocs.exceptions.PluginError: listing every content problem, as
            ``file:line: what is wrong — what to do``; MkDocs then aborts the build.
    """
    docs_dir = Path(env.conf["docs_dir"])
    # Zensical's env.conf has no config_file_path; it runs in the project directory.
    try:
        kb = checks.check_all(docs_dir, Path(env.conf.get("config_file_path") or "mkdocs.yml").resolve().parent, MACROS)
    except knowledge.ContentError as e:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(e)) from None
    topic_order = knowledge.topic_order(env.conf.get("nav"))
    # Formulas ($...$, $$...$$) become MathML at build time; see macros/mathml.py.
    env.conf["markdown_extensions"].append(mathml.MathMLExtension())

    env.macro(lambda question_id: render.question_link(kb, question_id), "question_link")
    env.macro(lambda item_id, verdict=knowledge.UNREVIEWED: render.source_item(kb, item_id, verdict), "source_item")
    env.macro(lambda reference_id, locator="": render.cite(kb, reference_id, locator), "cite")
    env.macro(render.verdict_table, "verdict_table")
    env.macro(lambda: render.topic_cards(kb, topic_order), "topic_cards")
    env.macro(lambda: render.source_table(kb), "source_table")
