"""The byte budget: a first visit to each budget page transfers at most 120 KB gzip-compressed, all from the site.

The browser starts with an empty cache and records every response until the network
is idle. Each body is counted gzip-compressed (level 6, as web servers compress)
unless compression would make it larger (images, already compressed, are sent as
they are). The figures do not depend on timing: they are bytes.

The search index is not part of a first visit: it is fetched when the reader starts
a search (overrides/partials/search-on-demand.js; tests/test_browser.py checks that
search then works). Its size is printed beside the page figures.
"""

import gzip
from urllib.parse import urlsplit

import pytest

from conftest import BUDGET_PAGES, SEARCH_INDEX, site_pages

BUDGET = 120 * 1024  # bytes, gzip-compressed


def transferred(body: bytes) -> int:
    """Bytes a server sends for ``body`` (bytes): its gzip-compressed size, or its size if that is smaller."""
    return min(len(body), len(gzip.compress(body, compresslevel=6, mtime=0)))


def first_visit(browser, url: str) -> list[tuple[str, int]]:
    """Load ``url`` in a fresh browser context; return ``(url, transferred bytes)`` per response."""
    context = browser.new_context()
    responses = []
    context.on("response", lambda r: responses.append(r))
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    out = [(r.url, 0 if 300 <= r.status < 400 else transferred(r.body())) for r in responses]
    context.close()
    return out


@pytest.fixture(scope="module")
def visits(browser, built_site, site_url) -> dict[str, list[tuple[str, int]]]:
    """The first visit to each budget page: ``{path: [(url, bytes), ...]}``; prints the figures."""
    out = {path: first_visit(browser, site_url + path) for path in BUDGET_PAGES}
    index = transferred((built_site / SEARCH_INDEX.lstrip("/")).read_bytes())
    print(f"\nsearch index, fetched when a search starts: {index} bytes")
    for path, responses in out.items():
        print(f"\n/{path}: {sum(n for _, n in responses)} bytes in {len(responses)} responses")
        print("\n".join(f"    {n:>7}  {u.removeprefix(site_url)}" for u, n in sorted(responses, key=lambda x: -x[1])))
    return out


def _report(visits) -> str:
    return "\n".join(f"/{path}: {sum(n for _, n in rs)} bytes in {len(rs)} responses" for path, rs in visits.items())


def test_transferred_counts_compressed_bytes_or_raw_if_smaller():
    assert transferred(b"x" * 10_000) < 100
    assert transferred(b"\x89PNG\r\n") == 6


def test_first_visit_comes_only_from_the_site(visits, site_url):
    local = urlsplit(site_url).netloc
    for path, responses in visits.items():
        urls = [u for u, _ in responses]
        assert site_url + path in urls, urls
        assert any("/assets/javascripts/bundle." in u for u in urls), f"/{path}: Material's script was not loaded"
        assert not [u for u in urls if urlsplit(u).netloc != local], f"/{path}: third-party responses"


def test_first_visit_fits_the_budget(visits):
    over = {path: total for path, rs in visits.items() if (total := sum(n for _, n in rs)) > BUDGET}
    assert not over, f"over {BUDGET} bytes: {over}\n" + _report(visits)


def test_every_page_fits_the_budget(browser, built_site, site_url):
    """Every HTML page of the site, not only the budget pages: its first visit is at most BUDGET bytes."""
    totals = {path: sum(n for _, n in first_visit(browser, site_url + path)) for path in site_pages(built_site)}
    largest = max(totals, key=totals.get)
    print(f"\n{len(totals)} pages; the largest first visit: /{largest}, {totals[largest]} bytes")
    assert len(totals) > len(BUDGET_PAGES)
    over = {path: total for path, total in totals.items() if total > BUDGET}
    assert not over, f"over {BUDGET} bytes: {over}"
