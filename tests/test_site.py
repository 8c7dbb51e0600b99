"""The real site: strict build without warnings, every source item placed once, the HTML contract."""

import re
from html.parser import HTMLParser

import yaml

from conftest import ROOT

DOCS = ROOT / "docs"


class _Collect(HTMLParser):
    """Collect the attributes of figure.source-answer, h2 and correction admonitions."""

    def __init__(self):
        super().__init__()
        self.figures, self.h2, self.corrections = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "figure" and "source-answer" in classes:
            self.figures.append(a)
        elif tag == "h2":
            self.h2.append(a.get("id"))
        elif tag == "div" and "admonition" in classes and "correction" in classes:
            self.corrections.append(classes)


def _source_items():
    items = {}
    for path in sorted((DOCS / "sources").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for it in data["items"]:
            items[it["id"]] = data["id"]
    return items


def _parse(page):
    c = _Collect()
    c.feed(page.read_text(encoding="utf-8"))
    return c


def test_strict_build_passes_without_warnings(real_site):
    proc, site = real_site
    assert proc.returncode == 0, proc.stdout
    assert "WARNING" not in proc.stdout and "ERROR" not in proc.stdout, proc.stdout
    assert (site / "index.html").is_file()


def test_every_source_item_is_rendered_exactly_once(real_site):
    _, site = real_site
    items = _source_items()
    seen = []
    for page in site.rglob("*.html"):
        for fig in _parse(page).figures:
            assert fig["data-source"] == items[fig["data-item"]], fig
            assert fig["id"] == fig["data-item"]
            seen.append(fig["data-item"])
    assert sorted(seen) == sorted(items), set(items) ^ set(seen)


def test_items_per_source():
    """Each source's items are numbered in article order: ids <source>-<n> with n rising."""
    by_source = {}
    for item, src in _source_items().items():
        assert item.startswith(src + "-"), item
        by_source.setdefault(src, []).append(int(item.rsplit("-", 1)[1]))
    assert by_source and all(ids == sorted(ids) and len(set(ids)) == len(ids) for ids in by_source.values())


def test_topic_pages_have_only_question_h2s_with_stable_ids(real_site):
    _, site = real_site
    topics = sorted((site / "topics").glob("*/index.html"))
    assert len(topics) == len(list((ROOT / "docs/topics").glob("*.md")))
    ids = []
    for page in topics:
        h2 = _parse(page).h2
        assert h2, page
        for hid in h2:
            assert hid and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", hid), (page, hid)
        ids += h2
    assert len(ids) == len(set(ids)), "question ids must be unique across the site"


def test_every_corrected_quote_is_followed_by_its_referenced_correction(real_site):
    _, site = real_site
    corrected = 0
    for page in (site / "topics").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        for m in re.finditer(
            r'<figure class="source-answer"[^>]*data-verdict="([a-z]+)".*?</figure>\s*'
            r'(?:<div class="admonition ([^"]+)">(.*?)(?=<div class="admonition|<figure|<h2|</article>))?',
            html,
            re.S,
        ):
            verdict, classes, body = m.groups()
            if verdict in ("accurate", "unreviewed"):
                assert classes != f"correction {verdict}", (page, m[0][:200])
                continue
            assert classes == f"correction {verdict}", (page, m[0][:300])
            assert "<strong>References</strong>" in body and "<li>" in body, (page, body[:300])
            corrected += 1
    assert corrected >= 3


def test_each_quote_shows_its_verdict(real_site):
    _, site = real_site
    labels = {"unreviewed": "Not yet reviewed"}
    shown = 0
    for page in (site / "topics").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        for fig in re.findall(r'<figure class="source-answer".*?</figure>', html, re.S):
            verdict = re.search(r'data-verdict="([a-z]+)"', fig)[1]
            badge = re.search(r'<span class="verdict-badge" data-verdict="([a-z]+)"><a [^>]*>([^<]+)</a>', fig)
            assert badge[1] == verdict and badge[2] == labels.get(verdict, verdict.capitalize())
            shown += 1
    assert shown == len(_source_items())


def test_archives_and_data_are_not_published(real_site):
    _, site = real_site
    assert not list(site.rglob("*.yml"))
    assert not (site / "sources" / "archive").exists()


def test_cross_links_are_relative_in_html(real_site):
    _, site = real_site
    html = (site / "topics" / "evaluation-metrics" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../sources/testgorilla/"' in html
    assert 'href="/sources' not in html
