"""mkdocs-macros module: registers the macros and the project's two Markdown extensions, and writes the export.

The logic lives in ``macros.kb`` and ``macros.checks`` (loading and checking
content, the index), ``macros.render`` (Markdown/HTML output), ``macros.export``
(questions.json) and ``macros.mathml`` (formulas); all are plain modules that
tests import without MkDocs. The index is built in ``define_env``, once per content
fingerprint (``macros.hosts``: Zensical calls ``define_env`` for every page).
"""

from __future__ import annotations

from pathlib import Path

from macros import hosts, mathml, render
from macros import kb as knowledge

MACROS = ("question_link", "source_item", "cite", "verdict_table", "topic_cards", "source_table",
          "verdict_counts", "corrections_index", "source_page")


_built = {}  # the knowledge base of the current build, for on_post_build


def define_env(env):
    """Build the knowledge base and register the macros (mkdocs-macros entry point).

    Also adds the project's Markdown extensions to ``env.conf["markdown_extensions"]``:
    MathML formulas, and the reader tools' slots for this build's question ids.

    Raises:
        mkdocs.exceptions.PluginError: listing every content problem, as
            ``file:line: what is wrong — what to do``; MkDocs then aborts the build.
    """
    # [hosts 1] The knowledge base, checked once per content fingerprint (macros/hosts.py):
    # Zensical calls define_env for every page. Paths from either host's configuration.
    project_dir, docs_dir, site_dir = hosts.project_paths(env.conf)
    try:
        kb, key = hosts.knowledge_base(docs_dir, project_dir, MACROS)
    except knowledge.ContentError as e:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(e)) from None
    topic_order = knowledge.topic_order(env.conf.get("nav"))
    _built.update(kb=kb, topic_order=topic_order)
    # [hosts 2] Zensical renders one page per call (hosts.page_path) and never calls
    # on_post_build: the export is written now, once per content fingerprint.
    if hosts.page_path(env) is not None:
        hosts.write_export_once(site_dir, kb, key, env.conf.get("site_url"), topic_order)
    # Formulas ($...$, $$...$$) become MathML at build time (see macros/mathml.py),
    # and the reader tools get slots after each question's heading (this build's questions).
    # Replaced, not added again, when the configuration is reused (a rebuild).
    extensions = env.conf["markdown_extensions"]
    extensions[:] = [x for x in extensions if not isinstance(x, (mathml.MathMLExtension, render.ToolSlotsExtension))]
    extensions += [mathml.MathMLExtension(), render.ToolSlotsExtension(kb.questions)]

    env.macro(lambda question_id: render.question_link(kb, question_id), "question_link")
    env.macro(lambda item_id, verdict=knowledge.UNREVIEWED: render.source_item(kb, item_id, verdict), "source_item")
    # Citations stay out of the search index: their years, pages and DOIs would only add noise.
    env.macro(lambda reference_id, locator="": '<span data-search-exclude>'
              + render.cite(kb, reference_id, locator) + "</span>", "cite")
    env.macro(render.verdict_table, "verdict_table")
    env.macro(lambda: render.topic_cards(kb, topic_order), "topic_cards")
    env.macro(lambda: render.source_table(kb), "source_table")
    env.macro(lambda: render.verdict_counts(kb), "verdict_counts")
    env.macro(lambda: render.corrections_index(kb), "corrections_index")
    env.macro(lambda source_id: render.source_page(kb, source_id), "source_page")


def on_pre_page_macros(env):
    """Render the page's macro calls without compiling the page as a template (mkdocs-macros hook).

    The content checks allow pages nothing but calls of registered macros with literal
    arguments, so joining the page's text with the macros' outputs gives what Jinja
    would render, at a fraction of the cost of compiling each page into Python code.
    The page is then marked as rendered for mkdocs-macros (``render_macros: false`` in
    the plugin's copy of the page, not in the page itself). If anything is unexpected
    (a parse error, a macro raising), the page is left to mkdocs-macros, which renders
    it and reports the error as usual.

    Args:
        env: the mkdocs-macros plugin; ``env.markdown`` (str) is the page's Markdown.

    Returns:
        None; on success ``env.markdown`` holds the rendered Markdown. Never raises.
    """
    try:
        problems = []
        parts = knowledge.template_parts(env.markdown, env.page.file.src_uri, env.macros, problems, env.env)
        if parts is None or problems:
            return
        markdown = knowledge.expand(parts, env.macros)
        page = env.variables["page"]
        if page is env.page:  # mkdocs-macros passes a copy; never mark the page itself
            return
        page.meta = {**page.meta, "render_macros": False}
    except Exception:  # noqa: BLE001 — mkdocs-macros renders the page and reports it
        return
    env.markdown = markdown


def on_post_build(env):
    """Write ``questions.json`` and its JSON Schema to the site root (mkdocs-macros hook; MkDocs only)."""
    # [hosts 3] The writing is shared with Zensical's path in define_env.
    hosts.write_export(Path(env.conf["site_dir"]), _built["kb"], env.conf["site_url"], _built["topic_order"])
