"""The byte budget: a first visit to each budget page transfers at most 120 KB gzip-compressed, all from the site.

The browser starts with an empty cache and records every response, including the
search index that Material's web worker fetches on page load. Each body is counted
gzip-compressed (level 6, as web servers compress) unless compression would make it
larger (images, already compressed, are sent as they are). The figures do not
depend on timing: they are bytes.

Material's search index alone is larger than the whole budget since the topic pages
were filled in (126,571 bytes compressed on 2026-11-21). Issue 6 says not to weaken
the search configuration to meet the budget, so the full budget is an expected
failure (strict: it fails the suite the day it passes, so that the mark goes), and
everything else a first visit transfers is held to the budget on its own.
"""

import gzip
from urllib.parse import urlsplit

import pytest

from conftest import BUDGET_PAGES

BUDGET = 120 * 1024  # bytes, gzip-compressed
SEARCH_INDEX = "/search/search_index.json"


def transferred(body: bytes) -> int:
    """Bytes a server sends for ``body`` (bytes): its gzip-compressed size, or its size if that is smaller."""
    return min(len(body), len(gzip.compress(body, compresslevel=6, mtime=0)))


def first_visit(browser, url: str) -> list[tuple[str, int]]:
    """Load ``url`` in a fresh browser context; return ``(url, transferred bytes)`` per response."""
    context = browser.new_context()
    responses = []
    context.on("response", lambda r: responses.append(r))
    page = context.new_page()
    with page.expect_response(lambda r: r.url.endswith(SEARCH_INDEX)):
        page.goto(url, wait_until="networkidle")
    page.wait_for_load_state("networkidle")
    out = [(r.url, 0 if 300 <= r.status < 400 else transferred(r.body())) for r in responses]
    context.close()
    return out


@pytest.fixture(scope="module")
def visits(browser, site_url) -> dict[str, list[tuple[str, int]]]:
    """The first visit to each budget page: ``{path: [(url, bytes), ...]}``; prints the figures."""
    out = {path: first_visit(browser, site_url + path) for path in BUDGET_PAGES}
    for path, responses in out.items():
        print(f"\n/{path}: {sum(n for _, n in responses)} bytes in {len(responses)} responses")
        print("\n".join(f"    {n:>7}  {u.removeprefix(site_url)}" for u, n in sorted(responses, key=lambda x: -x[1])))
    return out


def _report(visits, site_url) -> str:
    return "\n".join(f"/{path}: {sum(n for _, n in rs)} bytes, of which search index "
                     f"{sum(n for u, n in rs if u.endswith(SEARCH_INDEX))}" for path, rs in visits.items())


def test_transferred_counts_compressed_bytes_or_raw_if_smaller():
    assert transferred(b"x" * 10_000) < 100
    assert transferred(b"\x89PNG\r\n") == 6


def test_first_visit_comes_only_from_the_site(visits, site_url):
    local = urlsplit(site_url).netloc
    for path, responses in visits.items():
        urls = [u for u, _ in responses]
        assert site_url + path in urls and any(u.endswith(SEARCH_INDEX) for u in urls), urls
        assert not [u for u in urls if urlsplit(u).netloc != local], f"/{path}: third-party responses"


def test_first_visit_without_the_search_index_fits_the_budget(visits, site_url):
    over = {path: total for path, rs in visits.items()
            if (total := sum(n for u, n in rs if not u.endswith(SEARCH_INDEX))) > BUDGET}
    assert not over, f"over {BUDGET} bytes without the search index: {over}\n" + _report(visits, site_url)


@pytest.mark.xfail(strict=True, reason="Material's search index alone exceeds the budget; the search "
                                       "configuration stays as it is (issue 6, docs/about/quality.md)")
def test_first_visit_fits_the_budget(visits, site_url):
    over = {path: total for path, rs in visits.items() if (total := sum(n for _, n in rs)) > BUDGET}
    assert not over, f"over {BUDGET} bytes: {over}\n" + _report(visits, site_url)
