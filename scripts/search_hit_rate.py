"""Measure how often the site's search finds the expected question among its first results.

Types each query of tests/search_queries.yml into the real search box of a built
site, in Debian's Chromium driven by Playwright, and records the rank of the
expected question among the results a reader sees (the visible result links, in
order). Prints one line per query and the hit rate.

Usage: python scripts/search_hit_rate.py [SITE_DIR]   (default: builds the site into a temp dir)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.sitetools import CHROMIUM, CHROMIUM_ARGS, run_build, serve  # noqa: E402

QUERIES = ROOT / "tests" / "search_queries.yml"
TOP = 5


def load_queries(path: Path = QUERIES) -> list[dict]:
    """Return the query set: a list of ``{"query": str, "expect": question id}``."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def ranks(
    page, base: str, queries: list[dict], question_pages: dict[str, str]
) -> list[tuple[str, str, int | None, list[str]]]:
    """Type each query into the search box of the open site and rank the expected question.

    Args:
        page: a Playwright page.
        base: the site's base URL.
        queries: from ``load_queries()``.
        question_pages: question id -> its page path, e.g. ``"topics/evaluation-metrics/"``.

    Returns:
        For each query: ``(query, expected id, 1-based rank or None, first results as "page#anchor")``.
    """
    page.goto(base)
    box = page.locator("input.md-search__input")
    # Wait until the search worker has loaded the index: a common word then has results.
    box.click()
    box.press_sequentially("model", delay=10)
    page.wait_for_selector("li.md-search-result__item", timeout=30000)
    out = []
    for q in queries:
        box.click()
        box.fill("")
        box.press_sequentially(q["query"], delay=10)  # Material searches on key events, as a reader types
        page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta');"
            " return m && /matching|No matching/.test(m.textContent); }",
            timeout=15000,
        )
        hrefs = _settled_results(page)
        found = []
        for h in hrefs:
            parts = urlsplit(h)
            anchor = "#" + parts.fragment if parts.fragment else ""
            found.append(parts.path.removeprefix(urlsplit(base).path) + anchor)
        want = question_pages[q["expect"]] + "#" + q["expect"]
        rank = found.index(want) + 1 if want in found[:TOP] else None
        out.append((q["query"], q["expect"], rank, found[:TOP]))
    return out


def _settled_results(page, quiet_ms: int = 300, limit_ms: int = 5000) -> list[str]:
    """The result links once they have stopped changing for ``quiet_ms`` (a busy machine answers late).

    Args:
        page: the Playwright page with the search open.
        quiet_ms: how long the list must stay the same (ms).
        limit_ms: the longest wait (ms).

    Returns:
        The result links' addresses, in order.
    """
    read = "els => els.map(e => e.href)"
    selector = "li.md-search-result__item > a.md-search-result__link"
    last, stable, waited = None, 0, 0
    while waited < limit_ms:
        hrefs = page.eval_on_selector_all(selector, read)
        stable = stable + 100 if hrefs == last else 0
        if stable >= quiet_ms:
            return hrefs
        last = hrefs
        page.wait_for_timeout(100)
        waited += 100
    return last or []


def question_pages(site_dir: Path) -> dict[str, str]:
    """Map each question id to its page path, from the site's questions.json."""
    doc = json.loads((site_dir / "questions.json").read_text(encoding="utf-8"))
    return {q["id"]: q["url"].removeprefix(doc["site_url"]).split("#")[0] for q in doc["questions"]}


def measure(site_dir: Path) -> list[tuple[str, str, int | None, list[str]]]:
    """Run the whole query set against ``site_dir`` in Chromium; see ``ranks()`` for the result."""
    from playwright.sync_api import sync_playwright

    with serve(site_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            return ranks(page, base, load_queries(), question_pages(site_dir))
        finally:
            browser.close()


def main() -> int:
    """Print the rank of each query's question and the hit rate.

    Returns:
        The exit status: 0, or 1 if the build of the site failed (its output is printed).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", nargs="?", type=Path, help="a built site (default: build the site into a temp dir)")
    site = parser.parse_args().site_dir
    if site is None:
        site = Path(tempfile.mkdtemp()) / "site"
        proc = run_build(ROOT, site, quiet=True)
        if proc.returncode:
            print(proc.stdout, file=sys.stderr)
            return 1
    results = measure(site)
    for query, expect, rank, top in results:
        print(
            f"{'hit ' if rank else 'MISS'} {rank or '-':>2}  {query!r} -> {expect}" + ("" if rank else f"   got {top}")
        )
    hits = sum(1 for r in results if r[2])
    print(
        f"hit rate: {hits}/{len(results)} = {hits / len(results):.0%} (expected question among the first {TOP} results)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
