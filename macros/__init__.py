"""mkdocs-macros module: registers the macros and the project's two Markdown extensions, and writes the export.

The logic lives in ``macros.kb`` and ``macros.checks`` (loading and checking
content, the index), ``macros.render`` (Markdown/HTML output), ``macros.export``
(questions.json) and ``macros.mathml`` (formulas); all are plain modules that
tests import without MkDocs. The index is built once per build, in ``define_env``.
"""

from __future__ import annotations

from pathlib import Path

from macros import checks, export, mathml, render, sanitize
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
    docs_dir = Path(env.conf["docs_dir"])
    mathml.clear_cache()
    # Zensical's env.conf has no config_file_path; it runs in the project directory.
    try:
        kb = checks.check_all(docs_dir, Path(env.conf.get("config_file_path") or "mkdocs.yml").resolve().parent, MACROS)
    except knowledge.ContentError as e:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(e)) from None
    topic_order = knowledge.topic_order(env.conf.get("nav"))
    _built.update(kb=kb, topic_order=topic_order)
    # Formulas ($...$, $$...$$) become MathML at build time (see macros/mathml.py),
    # and the reader tools get slots after each question's heading (this build's questions).
    # Replaced, not added again, when the configuration is reused (a rebuild).
    extensions = env.conf["markdown_extensions"]
    extensions[:] = [x for x in extensions if not isinstance(x, (mathml.MathMLExtension, render.ToolSlotsExtension))]
    extensions += [mathml.MathMLExtension(), render.ToolSlotsExtension(kb.questions)]
    # --- sanitiser (macros/sanitize.py): last, so that its postprocessor sees the final HTML ---
    extensions[:] = [x for x in extensions if not isinstance(x, sanitize.SanitizeExtension)]
    _built["sanitize"] = sanitize.SanitizeExtension()
    extensions.append(_built["sanitize"])

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
    # --- sanitiser: the page and its Markdown as in the file, for the messages ---
    if "sanitize" in _built:
        _built["sanitize"].page = Path(env.page.file.abs_src_path).relative_to(
            Path(env.conf["config_file_path"]).resolve().parent).as_posix()
        _built["sanitize"].source = Path(env.page.file.abs_src_path).read_text(encoding="utf-8")
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
    """Write ``questions.json`` and its JSON Schema to the site root (mkdocs-macros hook)."""
    import json
    import shutil

    site_dir = Path(env.conf["site_dir"])
    doc = export.export(_built["kb"], env.conf["site_url"] or "http://127.0.0.1:8000/", _built["topic_order"])
    (site_dir / "questions.json").write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    shutil.copyfile(Path(__file__).parent / "schemas" / "questions.schema.json", site_dir / "questions.schema.json")
