"""The byte budget: a first visit to each budget page transfers at most 120 KB gzip-compressed, all from the site.

The browser starts with an empty cache and records every response, including the
search index that Material's web worker fetches on page load. Each body is counted
gzip-compressed (level 6, as web servers compress) unless compression would make it
larger (images, already compressed, are sent as they are). The figures do not
depend on timing: they are bytes.
"""

import gzip
from urllib.parse import urlsplit

from conftest import BUDGET_PAGES

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
    with page.expect_response(lambda r: r.url.endswith("/search/search_index.json")):
        page.goto(url, wait_until="networkidle")
    page.wait_for_load_state("networkidle")
    out = [(r.url, 0 if 300 <= r.status < 400 else transferred(r.body())) for r in responses]
    context.close()
    return out


def test_transferred_counts_compressed_bytes_or_raw_if_smaller():
    assert transferred(b"x" * 10_000) < 100
    assert transferred(b"\x89PNG\r\n") == 6


def test_first_visit_fits_the_budget_and_comes_only_from_the_site(browser, site_url):
    local = urlsplit(site_url).netloc
    report, over = [], []
    for path in BUDGET_PAGES:
        responses = first_visit(browser, site_url + path)
        total = sum(n for _, n in responses)
        third_party = sum(n for u, n in responses if urlsplit(u).netloc != local)
        report.append(f"/{path}: {total} bytes ({total / 1024:.1f} KiB) in {len(responses)} responses, "
                      f"{third_party} from other hosts")
        report += [f"    {n:>7}  {u.removeprefix(site_url)}" for u, n in sorted(responses, key=lambda x: -x[1])]
        urls = [u for u, _ in responses]
        assert site_url + path in urls and any(u.endswith("/search/search_index.json") for u in urls), urls
        if total > BUDGET or third_party:
            over.append(path or "/")
    print("\n".join(report))
    assert not over, f"over budget ({BUDGET} bytes) or with third-party bytes: {over}\n" + "\n".join(report)
