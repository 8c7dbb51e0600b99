"""mkdocs-macros module: registers the macros and the project's Markdown extensions, and writes the export.

The logic lives in plain modules that tests import without MkDocs: ``macros.pages`` (the page
reader), ``macros.data`` (sources and references), ``macros.model`` (the knowledge model),
``macros.rules`` (every content rule), ``macros.checks`` (all checks in one call),
``macros.render`` (Markdown/HTML output), ``macros.export`` (questions.json),
``macros.mathml`` (formulas), ``macros.slots`` (what the build adds around each question)
and ``macros.hosts`` (what MkDocs and Zensical do differently).

The knowledge base is built once per content fingerprint (``macros.hosts``), whichever host
calls ``define_env`` (MkDocs once per build; Zensical once per page, from a fresh copy of
this module). Under MkDocs, pages are rendered by ``on_pre_page_macros`` from the page
reader's records; mkdocs-macros itself renders nothing (``render_by_default: false``), so
no page is ever run as a Jinja template.
"""

from __future__ import annotations

import logging
from pathlib import Path

from macros import claimreview, hosts, mathml, model, render, sanitize, slots
from macros.problems import ContentError
from macros.scales import UNREVIEWED
from macros.template import expand

MACROS = (
    "question_link",
    "source_item",
    "cite",
    "verdict_table",
    "topic_cards",
    "source_table",
    "verdict_counts",
    "corrections_index",
    "source_page",
    "corrections_log",
)

_built: dict = {}  # this build's knowledge base and topic order, for on_pre_page_macros and on_post_build


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


def _knowledge_base(env):
    """``(kb, key, site_dir)`` for ``env``'s configuration, checked only when the content changed.

    Raises:
        mkdocs.exceptions.PluginError: listing every problem of the configuration, the files or the content.
    """
    project_dir, docs_dir, site_dir = hosts.project_paths(env.conf)
    config_file = Path(env.conf.get("config_file_path") or project_dir / "mkdocs.yml")
    theme = env.conf.get("theme")  # MkDocs: a Theme with .custom_dir; Zensical: a mapping
    custom_dir = getattr(theme, "custom_dir", None) or (theme.get("custom_dir") if isinstance(theme, dict) else None)
    _repeat_messages()
    try:
        kb, key = hosts.knowledge_base(
            docs_dir, project_dir, MACROS, config_file, Path(custom_dir) if custom_dir else None
        )
    except ContentError as e:
        from mkdocs.exceptions import PluginError

        raise PluginError(str(e)) from None
    return kb, key, site_dir


def define_env(env):
    """Build the knowledge base and register the macros (mkdocs-macros entry point).

    Also adds the project's Markdown extensions to ``env.conf["markdown_extensions"]``:
    MathML formulas, what the build adds around each question (``macros.slots``) and each
    topic page's ClaimReview data (``macros.claimreview``).

    Args:
        env: the mkdocs-macros plugin (either host's).

    Raises:
        mkdocs.exceptions.PluginError: listing every problem, as ``file:line: what is wrong — what to do``;
            the host then aborts the build.
    """
    kb, key, site_dir = _knowledge_base(env)
    topic_order = model.topic_order(env.conf.get("nav"))
    _built.update(kb=kb, topic_order=topic_order)
    # Zensical renders one page per call (hosts.page_path) and never calls on_post_build:
    # the export is written now, once per content fingerprint.
    if hosts.page_path(env) is not None:
        hosts.write_export_once(site_dir, kb, key, env.conf.get("site_url"), topic_order)
    # Replaced, not added again, when the configuration is reused (a rebuild).
    # The sanitiser's postprocessor runs after every other (macros/sanitize.py), then the
    # ClaimReview data, which is ours, is appended.
    ours = (
        mathml.MathMLExtension,
        slots.ToolSlotsExtension,
        claimreview.ClaimReviewExtension,
        sanitize.SanitizeExtension,
    )
    extensions = env.conf["markdown_extensions"]
    extensions[:] = [x for x in extensions if not isinstance(x, ours)]
    site_url = env.conf.get("site_url") or "http://127.0.0.1:8000/"
    _built["sanitize"] = sanitize.SanitizeExtension()
    extensions += [
        mathml.MathMLExtension(),
        slots.ToolSlotsExtension(kb.questions),
        claimreview.ClaimReviewExtension(kb, site_url, env.conf.get("site_name") or ""),
        _built["sanitize"],
    ]
    _register(env, kb, topic_order)


def _register(env, kb, topic_order: list[str]) -> None:
    """Register the macros with mkdocs-macros, each bound to the knowledge base."""
    env.macro(lambda question_id: render.question_link(kb, question_id), "question_link")
    env.macro(lambda item_id, verdict=UNREVIEWED: render.source_item(kb, item_id, verdict), "source_item")
    # Citations stay out of the search index: their years, pages and DOIs would only add noise.
    env.macro(
        lambda reference_id, locator="": (
            "<span data-search-exclude>" + render.cite(kb, reference_id, locator) + "</span>"
        ),
        "cite",
    )
    env.macro(render.verdict_table, "verdict_table")
    env.macro(lambda: render.topic_cards(kb, topic_order), "topic_cards")
    env.macro(lambda: render.source_table(kb), "source_table")
    env.macro(lambda: render.verdict_counts(kb), "verdict_counts")
    env.macro(lambda: render.corrections_index(kb), "corrections_index")
    env.macro(lambda source_id: render.source_page(kb, source_id), "source_page")
    env.macro(lambda: render.corrections_log(kb), "corrections_log")


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
        raise PluginError(
            f"{src_uri}: this page was not read by the content checks (or changed while building) — "
            "pages are Markdown files ending in .md under docs/; build again"
        )
    # For the sanitiser's messages: the page as in the file, front matter included (lines match).
    _built["sanitize"].page = record.path
    _built["sanitize"].source = Path(env.page.file.abs_src_path).read_text(encoding="utf-8")
    env.markdown = expand(record.parts, env.macros)


def on_post_build(env):
    """Write ``questions.json`` and its JSON Schema to the site root (mkdocs-macros hook; MkDocs only)."""
    hosts.write_export(Path(env.conf["site_dir"]), _built["kb"], env.conf["site_url"], _built["topic_order"])
