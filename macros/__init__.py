"""mkdocs-macros module: registers the macros and the project's Markdown extensions, and writes the export.

The logic lives in plain modules that tests import without MkDocs: ``macros.pages`` (the page
reader), ``macros.data`` (sources and references), ``macros.model`` (the knowledge model),
``macros.rules`` (every content rule), ``macros.checks`` (all checks in one call),
``macros.render`` (Markdown/HTML output), ``macros.export`` (questions.json),
``macros.mathml`` (formulas) and ``macros.slots`` (the reader tools' slots).

The knowledge base is built once per content fingerprint, whichever host calls
``define_env`` (MkDocs once per build; Zensical once per page). Pages are rendered by
``on_pre_page_macros`` from the page reader's records; mkdocs-macros itself renders nothing
(``render_by_default: false``), so no page is ever run as a Jinja template.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from macros import checks, export, mathml, model, render, site_config, site_files, slots
from macros.problems import ContentError
from macros.scales import UNREVIEWED
from macros.template import expand

MACROS = ("question_link", "source_item", "cite", "verdict_table", "topic_cards", "source_table",
          "verdict_counts", "corrections_index", "source_page")

_built: dict = {}  # the knowledge base of the current content: fingerprint, kb, topic_order


def fingerprint(docs_dir: Path, config_file: Path) -> str:
    """Return a hash of every file's path, size and modification time under ``docs_dir``, of the
    configuration file and of this package's modules: it changes whenever the content can have.

    Args:
        docs_dir: the docs folder.
        config_file: mkdocs.yml.

    Returns:
        A hex digest (str).
    """
    h = hashlib.sha256()
    for root in (docs_dir, Path(__file__).parent):
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                st = os.lstat(os.path.join(dirpath, name))
                h.update(f"{dirpath}/{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    if config_file.is_file():
        st = config_file.stat()
        h.update(f"{config_file}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _knowledge_base(env):
    """The knowledge base for ``env``'s configuration, built (and checked) only when the content changed."""
    docs_dir = Path(env.conf["docs_dir"])
    # Zensical's env.conf has no config_file_path; it runs in the project directory.
    config_file = Path(env.conf.get("config_file_path") or "mkdocs.yml").resolve()
    key = fingerprint(docs_dir, config_file)
    if _built.get("fingerprint") != key:
        _repeat_messages()
        mathml.clear_cache()
        theme = env.conf.get("theme")  # MkDocs: a Theme with .custom_dir; Zensical: a mapping
        custom_dir = getattr(theme, "custom_dir", None) or (theme.get("custom_dir") if isinstance(theme, dict) else None)
        try:
            problems = site_config.check_config(config_file) + site_files.check_files(
                config_file.parent, docs_dir, Path(custom_dir) if custom_dir else None)
            if problems:
                raise ContentError(problems)
            kb = checks.check_all(docs_dir, config_file.parent, MACROS)
        except ContentError as e:
            from mkdocs.exceptions import PluginError

            _built.clear()
            raise PluginError(str(e)) from None
        _built.update(fingerprint=key, kb=kb, topic_order=model.topic_order(env.conf.get("nav")))
    return _built["kb"]


def _repeat_messages() -> None:
    """Let MkDocs print a message again on a rebuild (``mkdocs serve``), even if an earlier build printed it.

    MkDocs drops repeated log messages with a ``mkdocs.utils.DuplicateFilter`` (a ``msgs`` set) on
    the logger of ``mkdocs.commands.build``; without this, a content error that returns after a
    fix is shown only as "Aborted with a BuildError!" (``tests/test_contributor_flow.py`` guards it).
    """
    names = [n for n in logging.root.manager.loggerDict if n == "mkdocs" or n.startswith("mkdocs.")]
    for logger in map(logging.getLogger, names):
        for f in logger.filters:
            if isinstance(getattr(f, "msgs", None), set):
                f.msgs.clear()


def define_env(env):
    """Build the knowledge base and register the macros (mkdocs-macros entry point).

    Also adds the project's Markdown extensions to ``env.conf["markdown_extensions"]``:
    MathML formulas, and the reader tools' slots for this build's question ids.

    Args:
        env: the mkdocs-macros plugin.

    Raises:
        mkdocs.exceptions.PluginError: listing every content problem, as
            ``file:line: what is wrong — what to do``; MkDocs then aborts the build.
    """
    kb = _knowledge_base(env)
    topic_order = _built["topic_order"]
    # Replaced, not added again, when the configuration is reused (a rebuild).
    extensions = env.conf["markdown_extensions"]
    extensions[:] = [x for x in extensions if not isinstance(x, (mathml.MathMLExtension, slots.ToolSlotsExtension))]
    extensions += [mathml.MathMLExtension(), slots.ToolSlotsExtension(kb.questions)]

    env.macro(lambda question_id: render.question_link(kb, question_id), "question_link")
    env.macro(lambda item_id, verdict=UNREVIEWED: render.source_item(kb, item_id, verdict), "source_item")
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
    """Render the page's macro calls from the page reader's record (mkdocs-macros hook).

    mkdocs-macros renders nothing itself (``render_by_default: false``): this is the only
    rendering of a page. The record was read from the same file by the content checks;
    a page the checks did not read, or whose text changed since, is an error, never a
    fallback to Jinja.

    Args:
        env: the mkdocs-macros plugin; ``env.markdown`` (str) is the page's Markdown and
            ``env.page.file.src_uri`` its path in the docs folder.

    Returns:
        None; ``env.markdown`` then holds the rendered Markdown.

    Raises:
        mkdocs.exceptions.PluginError: if the page was not read by the checks or changed since.
    """
    from mkdocs.exceptions import PluginError

    src_uri = env.page.file.src_uri
    record = _built["kb"].pages.get(src_uri) if _built else None
    if record is None or record.body != env.markdown or record.parts is None:
        raise PluginError(f"{src_uri}: this page was not read by the content checks (or changed while building) — "
                          "pages are Markdown files ending in .md under docs/; build again")
    env.markdown = expand(record.parts, env.macros)


def on_post_build(env):
    """Write ``questions.json``, its JSON Schema and the flashcards to the site root (mkdocs-macros hook)."""
    import json
    import shutil

    from macros import deck

    site_dir = Path(env.conf["site_dir"])
    doc = export.export(_built["kb"], env.conf["site_url"] or "http://127.0.0.1:8000/", _built["topic_order"])
    (site_dir / "questions.json").write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    shutil.copyfile(Path(__file__).parent / "schemas" / "questions.schema.json", site_dir / "questions.schema.json")
    deck.write_flashcards(doc, site_dir)  # questions.apkg and questions.csv
