"""Permanent links: the published id list matches the content, and an alias lands on its question.

The browser test builds ``fixtures/aliases`` (a question renamed on its page, a question
moved to another page, a page removed), serves it on 127.0.0.1 the way GitHub Pages
does (unknown paths get ``404.html`` with status 404) and opens the old addresses in
Debian's Chromium through Playwright.
"""

from __future__ import annotations

import functools
import json
import shutil

import pytest

from conftest import ROOT, make_fixture, run_build, serve
from macros import MACROS, checks, ids


def test_real_ids_list_matches_the_content():
    kb = checks.check_all(ROOT / "docs", ROOT, MACROS)
    assert ids.check(kb, ROOT / "docs", ROOT) == []
    listed = json.loads((ROOT / "docs" / ids.IDS_FILE).read_text(encoding="utf-8"))["questions"]
    assert listed == {q.id: q.path for q in kb.questions.values()}


def test_compare_flags_a_dropped_entry_and_a_dropped_alias():
    base = {"questions": {"a": "topics/x.md", "b": "topics/x.md"}, "aliases": {"topics/y.md#c": "a"}}
    # "b" deleted together with its entry, and the old alias removed: both are caught.
    current = {"questions": {"a": "topics/x.md"}, "aliases": {}}
    messages = [str(p) for p in ids.compare(base, current, "docs/ids.json")]
    assert messages == [
        "docs/ids.json: the published link topics/x.md#b was dropped from the list — keep it: add "
        '"topics/x.md#b": "<new id>" to "aliases" (see CONTRIBUTING.md, \'Renaming, moving or removing a question\')',
        "docs/ids.json: the alias 'topics/y.md#c' was removed — aliases are permanent; restore it",
    ]
    # The same change done right: "b" renamed to "b2" with an alias, "a" moved with an alias.
    right = {
        "questions": {"a": "topics/z.md", "b2": "topics/x.md"},
        "aliases": {"topics/y.md#c": "a", "topics/x.md#b": "b2", "topics/x.md#a": "a"},
    }
    assert ids.compare(base, right, "docs/ids.json") == []


def test_update_adds_new_questions_only(tmp_path):
    project = make_fixture("question-not-listed", tmp_path)
    docs = project / "docs"
    kb, problems, _, _ = checks.load(docs, project, MACROS)
    assert problems == []
    assert ids.update(kb, docs) == ["what-is-a-fixture"]
    data = json.loads((docs / ids.IDS_FILE).read_text())
    assert data["questions"]["what-is-a-fixture"] == "topics/demo.md"
    assert ids.check(kb, docs, project) == []


def test_checker_compares_with_a_base_revision(tmp_path, capsys):
    """--base REF reads REF's ids.json from git and reports a dropped published link."""
    import subprocess

    from scripts import check

    project = make_fixture("base", tmp_path)
    git = functools.partial(subprocess.run, cwd=project, check=True, capture_output=True)
    git(["git", "init", "-q"])
    git(["git", "add", "docs"])
    git(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base"])
    # Rename why-test and delete its entry from the list: consistent locally, caught against the base.
    page = project / "docs/topics/demo.md"
    page.write_text(page.read_text().replace("{ #why-test }", "{ #why-we-test }"))
    (project / "docs/ids.json").write_text(
        json.dumps({"questions": {"what-is-a-demo": "topics/demo.md", "why-we-test": "topics/demo.md"}, "aliases": {}})
    )
    assert check.main(["-f", str(project / "mkdocs.yml")]) == 0
    assert check.main(["-f", str(project / "mkdocs.yml"), "--base", "HEAD"]) == 1
    assert "docs/ids.json: the published link topics/demo.md#why-test was dropped" in capsys.readouterr().out


@pytest.fixture(scope="module")
def alias_site(tmp_path_factory):
    """Build fixtures/aliases with the real ids.js and serve it; yield the base URL."""
    tmp = tmp_path_factory.mktemp("aliases")
    project = make_fixture("aliases", tmp)
    (project / "docs/javascripts").mkdir()
    shutil.copy(ROOT / "docs/javascripts/ids.js", project / "docs/javascripts/ids.js")
    site = tmp / "site"
    proc = run_build(project, site)
    assert proc.returncode == 0, proc.stdout
    with serve(site) as base:  # as GitHub Pages: a missing path gets 404.html, status 404
        yield base


@pytest.mark.parametrize(
    "old,new",
    [
        ("topics/demo/#why-test", "topics/demo/#why-we-test"),  # renamed, same page
        ("topics/demo/#what-is-a-demo", "topics/other/#what-is-a-demo"),  # moved to another page
        ("topics/old/#old-question", "topics/other/#what-is-a-demo"),  # page removed, question merged
        ("topics/old/", "topics/other/"),  # page removed
        ("topics/other/#what-is-a-demo", "topics/other/#what-is-a-demo"),  # live address: untouched
    ],
)
def test_old_address_lands_on_the_question(alias_site, browser, old, new):
    page = browser.new_page()
    hosts = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.goto(alias_site + old)
    page.wait_for_url(alias_site + new, timeout=5000)
    page.wait_for_load_state("load")
    qid = new.partition("#")[2]
    if qid:
        # The question's heading is on screen: the browser scrolled past the filler to it.
        top = page.evaluate(f"document.getElementById({qid!r}).getBoundingClientRect().top")
        assert 0 <= top < page.evaluate("innerHeight"), top
    assert hosts == {alias_site.split("/")[2]}, hosts
    page.close()


def test_live_address_does_not_fetch_the_list(alias_site, browser):
    page = browser.new_page()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith("ids.json") else None)
    page.goto(alias_site + "topics/demo/#why-we-test")
    page.wait_for_load_state("networkidle")
    assert fetched == []
    page.close()
