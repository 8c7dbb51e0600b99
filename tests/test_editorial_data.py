"""The editorial record on the site: ClaimReview data for every correction, the corrections log, and
retrieval losses that are shown as such and never blamed on an author."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from macros import MACROS, checks, claimreview
from macros.scales import SEVERITY


@pytest.fixture(scope="module")
def kb():
    return checks.check_all(ROOT / "docs", ROOT, MACROS)


class _Page(HTMLParser):
    """The JSON-LD blocks of a page and its corrections (the admonitions with class ``correction``)."""

    def __init__(self):
        super().__init__()
        self.json_ld, self.corrections, self._in_ld = [], 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"
        if tag == "div" and "correction" in (a.get("class") or "").split():
            self.corrections += 1

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


def test_every_correction_is_published_as_a_claim_review(built_site, kb):
    site_name = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]
    pages = sorted((built_site / "topics").glob("*/index.html"))
    total = 0
    for page in pages:
        parsed = _Page()
        parsed.feed(page.read_text(encoding="utf-8"))
        reviews = [r for block in parsed.json_ld for r in json.loads(block)]
        assert len(reviews) == parsed.corrections, page
        for r in reviews:
            assert r["@type"] == "ClaimReview" and r["@context"] == "https://schema.org"
            item_id = r["url"].rsplit("#", 1)[1]
            pl, item = kb.placements[item_id], kb.items[item_id]
            src = kb.sources[item.source_id]
            assert r["claimReviewed"] and (r["claimReviewed"] == item.question or item.answer)
            work = r["itemReviewed"]["appearance"]
            assert work["@type"] == "CreativeWork" and work["name"] == src.title
            assert work["publisher"]["name"] == src.publisher
            assert work.get("url") == (src.url if src.url.startswith("http") else None)
            rating = r["reviewRating"]
            assert rating["alternateName"] == pl.verdict
            assert rating["ratingValue"] == claimreview.RATING.index(pl.verdict) + 1
            assert (rating["worstRating"], rating["bestRating"]) == (1, len(SEVERITY) + 1)
            assert r["author"]["name"] == site_name
            assert r["datePublished"] == pl.correction.reviewed
            assert r["url"].endswith(f"/{pl.path.removesuffix('.md')}/#{item_id}")
        total += len(reviews)
    assert total == sum(1 for p in kb.placements.values() if p.correction)


def test_json_ld_cannot_close_its_element():
    text = claimreview.json_ld({"claim": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and json.loads(text)["claim"].startswith("</script>")


def test_corrections_log_page_lists_every_entry_newest_first(built_site, kb):
    html = (built_site / "corrections-log/index.html").read_text(encoding="utf-8")
    dates = re.findall(r"<td>(\d{4}-\d{2}-\d{2})</td>", html)
    assert len(dates) == len(kb.log) and dates == sorted(dates, reverse=True)


def test_every_logged_verdict_change_is_the_verdict_now(kb):
    """The last logged verdict change of an item names the verdict the item has now."""
    last = {}
    for e in sorted(kb.log, key=lambda e: e["date"]):
        if e["change"] == "verdict":
            last[e["item"]] = e["to"]
    for item_id, verdict in last.items():
        assert kb.placements[item_id].verdict == verdict, item_id


#: Ways of blaming an author for a gap: an announced list "never comes", an answer "names none".
BLAME = re.compile(
    r"never comes|naming none|never names|never lists|"
    r"fails to (?:list|name|give)|announc\w* .{0,40}(?:but|and) (?:never|does not|gives no)|"
    r"\(the Interview Kickstart text\)",
    re.I,
)


def test_no_text_blames_an_author_for_a_retrieval_loss(kb):
    """Every item whose archived text lost something is shown with the loss, and its correction, its
    question's answer and interviewer notes never attribute the gap to the author."""
    lost = [it for it in kb.items.values() if it.lost]
    assert lost, "the sources record what their archives lost"
    for item in lost:
        pl = kb.placements[item.id]
        q = kb.questions[pl.question_id]
        texts = [q.answer.body, q.notes.body] + (
            [pl.correction.block.body, pl.correction.conclusion] if pl.correction else []
        )
        for text in texts:
            m = BLAME.search(text)
            assert m is None, f"{item.id} under {q.id}: {m[0]!r}"


def test_retrieval_losses_are_shown_beside_the_quote(built_site, kb):
    for item in (it for it in kb.items.values() if it.lost):
        page = built_site / kb.placements[item.id].path.removesuffix(".md") / "index.html"
        html = page.read_text(encoding="utf-8")
        figure = html[html.index(f'data-item="{item.id}"') :]
        figure = figure[: figure.index("</figure>")]
        assert "was lost when this text was archived" in figure, item.id
