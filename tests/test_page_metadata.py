"""Page metadata: an "edit this page" link and a last-updated date on every page.

The deploy workflow builds with SITE_URL, REPO_URL and EDIT_URI set; this builds the
same way from a copy of the project without git history (as from a downloaded archive),
where the last-updated date falls back to the build date.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, run_build

REPO = "https://github.com/example-owner/ml-interview-kb"
SITE = "https://example-owner.github.io/ml-interview-kb/"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("deploy")
    project = tmp / "project"
    shutil.copytree(
        ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", ".pytest_cache")
    )
    proc = run_build(project, tmp / "site", env={"SITE_URL": SITE, "REPO_URL": REPO, "EDIT_URI": "edit/main/docs/"})
    assert proc.returncode == 0, proc.stdout
    assert "WARNING" not in proc.stdout, proc.stdout
    return tmp / "site"


def _pages(site):
    return [p for p in site.rglob("index.html")]


def test_every_page_links_to_its_source_for_editing(deployed):
    pages = _pages(deployed)
    assert len(pages) >= 17
    for page in pages:
        html = page.read_text(encoding="utf-8")
        m = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
        assert m, page
        source = m[1].removeprefix(f"{REPO}/edit/main/")
        assert source.startswith("docs/") and (ROOT / source).is_file(), m[1]


def test_every_page_shows_a_last_updated_date(deployed):
    today = datetime.date.today()
    for page in _pages(deployed):
        html = page.read_text(encoding="utf-8")
        m = re.search(
            r'class="git-revision-date-localized-plugin git-revision-date-localized-plugin-date"'
            r' title="([^"]+)">([^<]+)<',
            html,
        )
        assert m, page
        # No git history in this copy: the build date stands in.
        shown = datetime.datetime.strptime(m[2], "%B %d, %Y").date()
        assert abs((shown - today).days) <= 1, m[2]


def test_real_build_dates_come_from_git(real_site):
    _, site = real_site
    html = (site / "about" / "methodology" / "index.html").read_text(encoding="utf-8")
    shown = re.search(r'git-revision-date-localized-plugin-date" title="[^"]+">([^<]+)<', html)[1]
    committed = subprocess.run(
        ["git", "log", "-1", "--date=format-local:%Y-%m-%d", "--format=%ad", "--", "docs/about/methodology.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, TZ="UTC"),
    ).stdout.strip()
    if not committed:
        pytest.fail("docs/about/methodology.md has no git history in this checkout")
    assert datetime.datetime.strptime(shown, "%B %d, %Y").date().isoformat() == committed


def test_site_url_reaches_canonical_links_and_the_404_page(deployed):
    index = (deployed / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE}">' in index
    not_found = (deployed / "404.html").read_text(encoding="utf-8")
    assert '<script src="/ml-interview-kb/javascripts/ids.js"' in not_found
    assert (deployed / "ids.json").is_file()
