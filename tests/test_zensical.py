"""The site built with Zensical, the successor of Material for MkDocs (CI job "zensical").

The real site is built with ``zensical build --strict -f mkdocs.zensical.yml`` (a copy of
the project in a temporary directory: Zensical writes its site and cache inside the
project), then checked like the MkDocs site: every page built, no broken internal link or
anchor (LinkChecker, as in test_links.py), ``questions.json`` published, valid and equal
to the export MkDocs writes, the interview kit working in Chromium, Zensical's own search
working, and the same formulas, questions and reader-tool slots on every page as MkDocs.
A fixture site with a bad contribution must stop Zensical's build with its file and line.

These tests run only when asked for, with ``-m zensical`` (``bash scripts/test-zensical``
installs Zensical into ``.zensical/`` and runs them): Zensical has its own virtual
environment and dependencies, so the main suite deselects them (pyproject.toml). Where
the Zensical executable is (``$ZENSICAL``, default ``.zensical/bin/zensical``) is missing
they skip, and under ``CI=true`` they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from mkdocs.config import load_config

from conftest import ROOT, check_links, make_fixture, missing_tool, serve_site, site_pages
from macros import MACROS, checks, export, model

pytestmark = pytest.mark.zensical

ZENSICAL = Path(os.environ.get("ZENSICAL", ROOT / ".zensical" / "bin" / "zensical"))
CONFIG = "mkdocs.zensical.yml"
#: What Zensical needs of the project to build the site.
PROJECT_FILES = ("docs", "macros", "overrides", "mkdocs.yml", CONFIG)


def _copy_project(project: Path) -> None:
    """Copy what the build reads into ``project`` (no caches, no built site)."""
    project.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=ignore)
        else:
            shutil.copyfile(source, project / name)


def _zensical_build(project: Path, config: str) -> subprocess.CompletedProcess:
    """Run ``zensical build --strict --clean -f config`` in ``project`` (output in ``.stdout``, stderr merged)."""
    if not ZENSICAL.is_file():
        missing_tool(f"Zensical ({ZENSICAL})", "run bash scripts/test-zensical, or set ZENSICAL to its executable")
    # Zensical loads macros/__init__.py by its path; PYTHONPATH lets it import the package's modules.
    env = dict(os.environ, PYTHONPATH=str(project))
    return subprocess.run(
        [str(ZENSICAL), "build", "--strict", "--clean", "-f", config],
        cwd=project,
        env=env,
        check=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    """Build the real site with Zensical once per module; return the site directory."""
    project = tmp_path_factory.mktemp("zensical") / "project"
    _copy_project(project)
    proc = _zensical_build(project, CONFIG)
    version = subprocess.run([str(ZENSICAL), "--version"], check=False, capture_output=True, text=True).stdout.strip()
    assert proc.returncode == 0, f"zensical {version} build failed:\n{proc.stdout[-5000:]}"
    return project / "site"


@pytest.fixture(scope="module")
def zensical_url(zensical_site):
    with serve_site(zensical_site) as url:
        yield url


@pytest.fixture(scope="module")
def mkdocs_export() -> dict:
    """The export MkDocs writes for this project: ``export.export`` of the knowledge base, as on_post_build calls it."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    kb = checks.check_all(ROOT / "docs", ROOT, MACROS)
    return export.export(kb, config["site_url"] or "http://127.0.0.1:8000/", model.topic_order(config["nav"]))


def _docs_pages() -> set[str]:
    """URL paths of the pages built from docs/: ``topics/x.md`` → ``topics/x/``, ``index.md`` → ``""``."""
    out = set()
    for path in (ROOT / "docs").rglob("*.md"):
        rel = path.relative_to(ROOT / "docs").as_posix().removesuffix(".md")
        if not rel.startswith("sources/archive/"):
            out.add(rel.removesuffix("index") if rel == "index" or rel.endswith("/index") else rel + "/")
    return out


def _html(site: Path, page: str) -> str:
    """The HTML of ``page`` (a path from ``site_pages``) in the built ``site``."""
    return (site / page if page.endswith(".html") else site / page / "index.html").read_text(encoding="utf-8")


def test_a_bad_contribution_stops_the_build_with_its_file_and_line(tmp_path):
    project = make_fixture("unknown-question-id", tmp_path)
    # The fixture's theme is MkDocs' own; Zensical builds it with its classic variant.
    # Its plugins are the site's Zensical plugins (the macros rendered by Zensical).
    plugins = yaml.safe_load((ROOT / CONFIG).read_text(encoding="utf-8"))["plugins"]
    config = {"INHERIT": "mkdocs.yml", "theme": {"name": "material", "variant": "classic"}, "plugins": plugins}
    (project / CONFIG).write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    proc = _zensical_build(project, CONFIG)
    assert proc.returncode != 0
    message = "docs/topics/demo.md:24: unknown question id 'what-is-a-dmo' — did you mean 'what-is-a-demo'?"
    assert message in proc.stdout


def test_the_first_page_zensical_renders_has_its_formulas(tmp_path):
    """Zensical builds a page's converter before define_env runs for it: naming macros.mathml
    in the configuration (as mkdocs.zensical.yml does) gives the first page its formulas."""
    project = make_fixture("base", tmp_path)
    first = min((project / "docs").rglob("*.md")).relative_to(project / "docs")  # Zensical renders in path order
    with open(project / "docs" / first, "a", encoding="utf-8") as f:
        f.write("\nA formula: $x^2$.\n")
    extensions = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
    config = {
        "INHERIT": "mkdocs.yml",
        "theme": {"name": "material", "variant": "classic"},
        "markdown_extensions": [*extensions, "macros.mathml"],
    }
    (project / CONFIG).write_text(yaml.safe_dump(config), encoding="utf-8")
    proc = _zensical_build(project, CONFIG)
    assert proc.returncode == 0, proc.stdout[-5000:]
    html = (project / "site" / first.with_suffix("") / "index.html").read_text(encoding="utf-8")
    assert "<math" in html and "$x^2$" not in html, f"{first}: the formula is not MathML"


def test_every_page_is_built(zensical_site):
    assert set(site_pages(zensical_site)) - {"404.html"} == _docs_pages()


def test_no_broken_internal_links_or_anchors(zensical_site, zensical_url, tmp_path):
    internal, broken = check_links(zensical_url, tmp_path)
    assert not broken, f"{len(broken)} broken link(s) or anchor(s) in Zensical's output:\n" + "\n".join(broken)
    checked = {r["url"].split("#")[0].removeprefix(zensical_url) for r in internal}
    assert set(site_pages(zensical_site)) - {"404.html"} <= checked, "the crawl did not reach every page"
    assert any("#" in r["url"] for r in internal), "no link with a fragment was checked"


def test_export_is_published_valid_and_the_same_as_under_mkdocs(zensical_site, mkdocs_export):
    schema = json.loads((ROOT / "macros/schemas/questions.schema.json").read_text(encoding="utf-8"))
    doc = json.loads((zensical_site / "questions.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert json.loads((zensical_site / "questions.schema.json").read_text(encoding="utf-8")) == schema
    # The same questions, in the same (nav) topic order, with the same content as MkDocs' export.
    topics = list(dict.fromkeys(q["topic"]["id"] for q in doc["questions"]))
    assert topics == model.topic_order(load_config(str(ROOT / "mkdocs.yml"))["nav"])
    assert doc == mkdocs_export


def _counts(html: str) -> dict[str, int]:
    return {
        "formulas": html.count("<math"),
        "question headings": len(re.findall(r'<h2 id="', html)),
        "tool slots": html.count('class="kb-question-tools"'),
        "quotes": html.count('<figure class="source-answer"'),
        "corrections": html.count("admonition correction"),
    }


def test_pages_have_the_formulas_questions_and_slots_they_have_under_mkdocs(zensical_site, built_site):
    """The Markdown extensions that define_env adds (MathML, reader-tool slots) reach every page.

    Zensical builds a page's Markdown converter before it calls define_env for that
    page, so extensions added there apply from the next page on.
    """
    different = []
    for page in site_pages(built_site):
        ours, theirs = _counts(_html(zensical_site, page)), _counts(_html(built_site, page))
        different += [
            f"{page or '/'}: {what} {ours[what]} under Zensical, {theirs[what]} under MkDocs"
            for what in ours
            if ours[what] != theirs[what]
        ]
    assert not different, "\n".join(different)


def test_interview_kit_shows_the_chosen_questions(browser, zensical_url, mkdocs_export):
    questions = mkdocs_export["questions"]
    first, last = questions[0], questions[-1]  # from the first and the last topic
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(zensical_url + "kit/")
    page.wait_for_selector("input[name=q]")  # the list is built once questions.json has loaded
    assert page.locator("input[name=q]").count() == len(questions)
    page.locator(f"input[value='{first['id']}']").check()
    page.locator(f"input[value='{last['id']}']").check()
    page.goto(page.locator(".kb-kit-url").get_attribute("href"))  # "Open the kit"
    page.wait_for_function("document.querySelectorAll('.kb-kit-question .admonition.answer').length == 2")
    assert page.locator(".kb-kit-question h2").all_inner_texts() == [f"1. {first['title']}", f"2. {last['title']}"]
    assert errors == []


def test_zensical_search_finds_a_question(browser, zensical_url, mkdocs_export):
    title = mkdocs_export["questions"][0]["title"]
    page = browser.new_page()
    page.goto(zensical_url, wait_until="networkidle")
    page.locator(".md-search__button").click()
    page.locator("input[role=combobox]").fill(title)
    results = page.locator("[role=listbox] [role=option]")
    results.first.wait_for()
    assert title in page.locator("[role=listbox]").inner_text()
