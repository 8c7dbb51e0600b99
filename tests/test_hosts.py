"""The pieces that make one site under MkDocs and Zensical (macros/hosts.py, kb.topic_order): no host involved.

The Zensical build itself is checked in test_zensical.py (run with ``-m zensical``).
"""

import json
import os
import shutil
from types import SimpleNamespace

import jsonschema
import markdown
import pytest
import yaml
from mkdocs.config import load_config

from conftest import FIXTURES, ROOT
from macros import MACROS, hosts, model
from macros.problems import ContentError


@pytest.fixture()
def project(tmp_path):
    """A copy of the base fixture site (``tmp_path/project``)."""
    shutil.copytree(FIXTURES / "base", tmp_path / "project")
    return tmp_path / "project"


def _touch(path, size_change=""):
    """Change ``path`` as an editor would: new content (optional) and a later modification time."""
    path.write_text(path.read_text(encoding="utf-8") + size_change, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_fingerprint_changes_with_an_edit_a_new_file_and_a_removed_file(project):
    docs = project / "docs"
    first = hosts.fingerprint(docs)
    assert hosts.fingerprint(docs) == first
    _touch(docs / "index.md")  # same size, later time
    second = hosts.fingerprint(docs)
    assert second != first
    (docs / "new.md").write_text("# New\n", encoding="utf-8")
    third = hosts.fingerprint(docs)
    assert third != second
    (docs / "new.md").unlink()
    assert hosts.fingerprint(docs) == second


def test_knowledge_base_is_built_once_per_fingerprint_and_again_after_an_edit(project):
    docs = project / "docs"
    kb, key = hosts.knowledge_base(docs, project, MACROS)
    again, same_key = hosts.knowledge_base(docs, project, MACROS)
    assert again is kb and same_key == key, "an unchanged site is not checked again"
    # An edit (as under mkdocs serve) builds it again, with the edit in it.
    page = docs / "topics" / "demo.md"
    text = page.read_text(encoding="utf-8")
    title = next(q.title for q in kb.questions.values())
    page.write_text(text.replace(title, title + " now"), encoding="utf-8")
    edited, new_key = hosts.knowledge_base(docs, project, MACROS)
    assert new_key != key and edited is not kb
    assert title + " now" in {q.title for q in edited.questions.values()}


def test_a_broken_edit_raises_on_every_call_and_its_fix_builds(project):
    docs = project / "docs"
    hosts.knowledge_base(docs, project, MACROS)
    page = docs / "topics" / "demo.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good + '\n{{ question_link("no-such-question") }}\n', encoding="utf-8")
    for _ in range(2):  # Zensical asks again for the next page: the error is not cached away
        with pytest.raises(ContentError, match="no-such-question"):
            hosts.knowledge_base(docs, project, MACROS)
    page.write_text(good, encoding="utf-8")
    kb, _ = hosts.knowledge_base(docs, project, MACROS)
    assert kb.questions


def test_page_path_is_zensicals_page_and_none_under_mkdocs():
    assert hosts.page_path(SimpleNamespace(page=SimpleNamespace(path="topics/x.md"))) == "topics/x.md"

    class TooEarly:  # mkdocs-macros before any page
        @property
        def page(self):
            raise AttributeError("Too early: page information is not available")

    assert hosts.page_path(TooEarly()) is None
    # Under mkdocs serve, the previous build's MkDocs page (no "path").
    assert hosts.page_path(SimpleNamespace(page=SimpleNamespace(file=SimpleNamespace(src_uri="x.md")))) is None


def test_project_paths_from_either_configuration(tmp_path):
    mkdocs = {
        "config_file_path": str(tmp_path / "mkdocs.yml"),
        "docs_dir": str(tmp_path / "docs"),
        "site_dir": str(tmp_path / "site"),
    }
    zensical = {"root_dir": str(tmp_path), "docs_dir": "docs", "site_dir": "site"}
    expected = (tmp_path, (tmp_path / "docs").resolve(), (tmp_path / "site").resolve())
    assert hosts.project_paths(mkdocs)[1:] == expected[1:]
    assert hosts.project_paths(mkdocs)[0].resolve() == tmp_path.resolve()
    assert hosts.project_paths(zensical) == expected


def _zensical_nav(nav):
    """A nav as Zensical 0.1.2's configuration gives it to define_env (zensical.config._convert_nav_item)."""
    out = []
    for entry in nav:
        title, value = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        children = _zensical_nav(value) if isinstance(value, list) else []
        out.append(
            {
                "title": title,
                "url": None if children else value,
                "canonical_url": None,
                "meta": None,
                "children": children,
                "is_index": False,
                "active": False,
            }
        )
    return out


def test_topic_order_reads_the_nav_as_mkdocs_and_as_zensical_give_it():
    nav = load_config(str(ROOT / "mkdocs.yml"))["nav"]
    topics = next(entry["Topics"] for entry in nav if isinstance(entry, dict) and "Topics" in entry)
    order = model.topic_order(nav)
    assert order == [page.removeprefix("topics/").removesuffix(".md") for page in topics]
    assert model.topic_order(_zensical_nav(nav)) == order


def test_export_is_written_once_per_content_and_again_when_missing(project, tmp_path):
    docs, site = project / "docs", tmp_path / "site"
    kb, key = hosts.knowledge_base(docs, project, MACROS)
    hosts.write_export_once(site, kb, key, None, [])
    export = site / "questions.json"
    schema = json.loads((ROOT / "macros/schemas/questions.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(export.read_text(encoding="utf-8")), schema)
    assert (site / "questions.schema.json").read_bytes() == (ROOT / "macros/schemas/questions.schema.json").read_bytes()
    written = export.stat().st_mtime_ns
    hosts.write_export_once(site, kb, key, None, [])  # the next page: nothing to do
    assert export.stat().st_mtime_ns == written
    export.unlink()
    hosts.write_export_once(site, kb, key, None, [])  # the site directory was cleaned
    assert export.is_file()
    hosts.write_export_once(site, kb, key, "https://example.org/kb/", [])  # another site_url
    assert json.loads(export.read_text(encoding="utf-8"))["site_url"] == "https://example.org/kb/"


class _Loader(yaml.SafeLoader):
    """YAML that reads MkDocs' ``!ENV`` tags as None (only the extension lists are compared)."""


_Loader.add_constructor("!ENV", lambda loader, node: None)


def test_zensical_configuration_lists_mkdocs_extensions_and_the_formulas():
    """Zensical (0.1) replaces an inherited list, so mkdocs.zensical.yml repeats mkdocs.yml's
    extensions; it adds macros.mathml by name so that the first page Zensical renders has formulas."""
    mkdocs = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    zensical = yaml.load((ROOT / "mkdocs.zensical.yml").read_text(encoding="utf-8"), Loader=_Loader)
    assert zensical["INHERIT"] == "mkdocs.yml"
    assert zensical["markdown_extensions"] == mkdocs["markdown_extensions"] + ["macros.mathml"]
    assert zensical["theme"] == {"variant": "classic", "custom_dir": None}


def test_zensical_configuration_lists_mkdocs_plugins_with_the_macros_rendered_by_zensical():
    """Zensical's macros extension calls define_env only for a page it renders, and has no
    on_pre_page_macros: under Zensical the macros plugin renders by default; the other plugins
    are mkdocs.yml's (the git dates, which Zensical does not provide, left out)."""
    mkdocs = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    zensical = yaml.load((ROOT / "mkdocs.zensical.yml").read_text(encoding="utf-8"), Loader=_Loader)
    expected = []
    for plugin in mkdocs["plugins"]:
        name = next(iter(plugin)) if isinstance(plugin, dict) else plugin
        if name == "macros":
            plugin = {"macros": {**plugin["macros"], "render_by_default": True}}
        if name != "git-revision-date-localized":
            expected.append(plugin)
    assert zensical["plugins"] == expected


def test_the_formula_extension_can_be_named_in_a_configuration():
    md = markdown.Markdown(extensions=["macros.mathml"])
    assert "<math" in md.convert("A formula: $x^2$.")
