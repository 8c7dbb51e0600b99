"""The same site under MkDocs and Zensical: what the two hosts do differently, met in one place.

MkDocs (with mkdocs-macros) calls ``define_env`` once per build, before any page, then
``on_pre_page_macros`` for each page and ``on_post_build`` at the end. Zensical (checked
with 0.1.2) runs mkdocs-macros' ``define_env`` once per page, from a fresh copy of
``macros/__init__.py`` each time, with that page as ``env.page`` (``env.page.path``, e.g.
``"topics/x.md"``), and never calls ``on_pre_page_macros`` or ``on_post_build``. Both
resolve and check the macros' docs-root-absolute links (``/topics/x.md#id``) through
``validation.links.absolute_links: relative_to_docs`` (Zensical since 0.0.74). This
module gives ``define_env`` what it needs under both:

- ``project_paths``: the project, docs and site directories from either configuration;
- ``knowledge_base``: the checked knowledge base, built once per content fingerprint
  (this module stays loaded between Zensical's pages; ``macros/__init__.py`` does not);
- ``page_path``: the page Zensical is rendering, None under MkDocs;
- ``write_export`` and ``write_export_once``: ``questions.json`` and its schema, written
  to the site directory after MkDocs' build, or once per content under Zensical.

Everything here is a plain function of its arguments and the files it reads, apart from
the one cache that ``knowledge_base`` and ``write_export_once`` keep.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
from pathlib import Path

from macros import checks, deck, export, mathml, site_config, site_files
from macros.problems import ContentError

MACROS_DIR = Path(__file__).resolve().parent
SCHEMA = MACROS_DIR / "schemas" / "questions.schema.json"

#: The last knowledge base built, with the fingerprint it was built for (one entry).
_cache: dict = {}


def project_paths(conf) -> tuple[Path, Path, Path]:
    """Return the project, docs and site directories of either host's configuration.

    MkDocs gives ``config_file_path`` and absolute ``docs_dir`` and ``site_dir``; Zensical
    gives ``root_dir`` (the configuration file's directory) and may leave the other two
    relative to it.

    Args:
        conf: ``env.conf``, MkDocs' config object or Zensical's dict.

    Returns:
        ``(project_dir, docs_dir, site_dir)``, absolute ``Path`` objects.
    """
    if conf.get("root_dir"):
        project = Path(conf["root_dir"])
    else:
        project = Path(conf.get("config_file_path") or "mkdocs.yml").resolve().parent
    return project, (project / conf["docs_dir"]).resolve(), (project / conf["site_dir"]).resolve()


def fingerprint(*roots: Path) -> str:
    """Return a fingerprint of every file under ``roots``: its path, size and modification time.

    Any edit, added, removed or renamed file changes it; reading it takes a directory walk
    and one ``stat`` per file, not the files' contents.

    Args:
        roots: directories (``Path``); missing ones count as empty. ``__pycache__`` is skipped.

    Returns:
        A hex SHA-256 digest (str).
    """
    digest = hashlib.sha256()
    for root in roots:
        digest.update(f"{root}\0".encode())
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def knowledge_base(
    docs_dir: Path, project_dir: Path, macro_names, config_file: Path | None = None, overrides_dir: Path | None = None
) -> tuple:
    """Return the checked knowledge base, built once per fingerprint of the content and the macros.

    Zensical calls ``define_env`` for every page; without this the whole content check ran
    once per page. Under ``mkdocs serve`` an edit changes the fingerprint, so the next
    build checks again. A failed check is not kept: every call with broken content raises.
    Before the content, the configuration file and the site's files are checked
    (``macros.site_config``, ``macros.site_files``).

    Args:
        docs_dir: the docs directory (``Path``).
        project_dir: the project directory; problem paths are relative to it.
        macro_names: the registered macros' names (iterable of str).
        config_file: mkdocs.yml, checked first when given (``Path``).
        overrides_dir: the theme's custom_dir, whose files are checked too, or None.

    Returns:
        ``(kb, key)``: the ``macros.model.KnowledgeBase`` and the fingerprint (str) it was built for.

    Raises:
        macros.problems.ContentError: listing every problem of the configuration, the files or the content.
    """
    roots = [docs_dir, MACROS_DIR] + ([overrides_dir] if overrides_dir else [])
    config = [] if config_file is None else [f"{config_file}:{os.stat(config_file).st_mtime_ns}"]
    key = fingerprint(*roots) + repr((str(project_dir), tuple(macro_names), config))
    if _cache.get("key") != key:
        _cache.clear()
        mathml.clear_cache()  # formulas of an earlier build (a serve rebuild in the same process)
        problems = [] if config_file is None else site_config.check_config(config_file)
        problems += site_files.check_files(project_dir, docs_dir, overrides_dir)
        if problems:
            raise ContentError(problems)
        gc.unfreeze()  # an earlier build's knowledge base may be collected again
        _cache.update(kb=checks.check_all(docs_dir, project_dir, tuple(macro_names)), key=key)
        # The knowledge base lives for the whole build: the garbage collector need not scan it
        # again at every collection while the pages are rendered (gc.freeze, Python docs).
        gc.freeze()
    return _cache["kb"], key


def page_path(env) -> str | None:
    """Return the docs-relative path of the page Zensical is rendering, or None under MkDocs.

    Zensical passes the page to every ``define_env`` call as ``env.page`` with a ``path``
    (``"topics/x.md"``). MkDocs calls ``define_env`` before any page (its ``env.page``
    raises, or is the previous build's page under ``mkdocs serve``, which has no ``path``).

    Args:
        env: the mkdocs-macros environment (either host's).

    Returns:
        The path (str, ``/``-separated), or None.
    """
    try:
        path = getattr(env.page, "path", None)
    except AttributeError:  # mkdocs-macros: "Too early: page information is not available"
        return None
    return path if isinstance(path, str) else None


def write_export_once(site_dir: Path, kb, key: str, site_url: str | None, topic_order: list[str]) -> None:
    """Write the export as ``write_export`` does, unless this call's output is already there.

    For Zensical, which calls ``define_env`` for every page and never ``on_post_build``:
    the export is written by the first page's call, and again only when the content, the
    site directory, the site URL or the topic order changed, or the file went missing.

    Args:
        site_dir: the site directory (``Path``).
        kb: the ``macros.model.KnowledgeBase``.
        key: the fingerprint ``knowledge_base`` returned with ``kb`` (str).
        site_url: the configured ``site_url``, or None.
        topic_order: topic ids in nav order (list of str).

    Raises:
        OSError: if the files cannot be written.
    """
    written = (key, str(site_dir), site_url, tuple(topic_order))
    if _cache.get("written") != written or not (site_dir / "questions.json").is_file():
        write_export(site_dir, kb, site_url, topic_order)
        _cache["written"] = written


def write_export(site_dir: Path, kb, site_url: str | None, topic_order: list[str]) -> None:
    """Write ``questions.json``, its JSON Schema, the kit's ``questions-index.json`` and the flashcards to the site's root.

    Args:
        site_dir: the site directory (``Path``); created if missing.
        kb: the ``macros.model.KnowledgeBase``.
        site_url: the configured ``site_url``, or None for the local preview's address.
        topic_order: topic ids in nav order (list of str).

    Raises:
        OSError: if the files cannot be written.
    """
    doc = export.export(kb, site_url or "http://127.0.0.1:8000/", topic_order)
    site_dir.mkdir(parents=True, exist_ok=True)
    for name, data in (("questions.json", doc), ("questions-index.json", export.catalogue(doc))):
        (site_dir / name).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    shutil.copyfile(SCHEMA, site_dir / "questions.schema.json")
    deck.write_flashcards(doc, site_dir)  # questions.apkg and questions.csv
