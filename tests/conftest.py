"""Shared fixtures: the real site built once, served on 127.0.0.1, and Debian's chromium
driven by Playwright. Building, serving and finding Chromium live in scripts/sitetools.py,
which the scripts use too."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.sitetools import (  # noqa: F401  (re-exported for the test modules)
    BUDGET_PAGES,
    CHROMIUM,
    CHROMIUM_ARGS,
    DRILL_PAGE,
    FIXTURES,
    ROOT,
    TOPIC_PAGE,
    make_fixture,
    run_build,
    serve,
)

NODE_MODULES = ROOT / "node_modules"
#: Under CI a missing tool (browser, Java, npm packages) fails the test; elsewhere it skips it.
IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")
#: Material's search index, fetched only when a reader starts a search (overrides/partials/search-on-demand.js).
SEARCH_INDEX = "/search/search_index.json"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """Build the real site once per session; return ``(process, site_dir)``."""
    site = tmp_path_factory.mktemp("real") / "site"
    return run_build(ROOT, site), site


def missing_tool(what: str, how: str) -> None:
    """Stop a test whose tool is missing: fail under CI (``CI=true``), skip elsewhere.

    Args:
        what: the tool, e.g. ``"chromium (/usr/bin/chromium)"``.
        how: how to install it.

    Raises:
        pytest.fail.Exception: under CI.
        pytest.skip.Exception: elsewhere.
    """
    message = f"{what} not found — {how}"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def site_pages(site_dir: Path) -> list[str]:
    """Return every HTML page of a built site as a URL path relative to the site root.

    Args:
        site_dir: the built site.

    Returns:
        Sorted paths: ``""`` for the home page, ``"topics/x/"`` for ``topics/x/index.html``,
        ``"404.html"`` for a page that is not a directory index.
    """
    out = []
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        out.append(rel.removesuffix("index.html") if rel == "index.html" or rel.endswith("/index.html") else rel)
    return sorted(out)


@pytest.fixture(scope="session")
def built_site(real_site) -> Path:
    """The real site, built once per session; fails if the strict build failed."""
    proc, site = real_site
    assert proc.returncode == 0, proc.stdout
    return site


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Serve the built site on 127.0.0.1 (a free port) for the session; return its base URL, ending in '/'."""
    with serve(built_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright, once per test module (headless, no sandbox, no background requests).

    Module scope: Playwright's sync API allows one running instance at a time, and
    other modules start their own.
    """
    if not CHROMIUM.is_file():
        missing_tool(f"chromium ({CHROMIUM})", "apt-get install -y chromium, or set CHROMIUM_PATH")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageLog:
    """What a browser context did: every request URL, failed requests, bad responses, console errors."""

    def __init__(self, context):
        self.requests: list[str] = []
        self.problems: list[str] = []
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("requestfailed", self._failed)
        context.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        context.on("page", self._watch)

    def _failed(self, request):
        # ERR_ABORTED is the browser cancelling what a page still loads when the test navigates on.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _watch(self, page):
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))


#: Serve a built site while a ``with`` block runs (scripts.sitetools.serve).
serve_site = serve


LINKCHECKER_CONFIG = """\
[checking]
threads=4
# With the LinkChecker header our test server sends, this lifts the per-host throttle.
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


def check_links(url: str, tmp_path: Path) -> tuple[list[dict], list[str]]:
    """Crawl a served site with LinkChecker (PyPI), checking each fragment against the target's anchors.

    LinkChecker follows every internal link from ``url`` and reports external links
    without fetching them.

    Args:
        url: the site's base URL, ending in '/' (see ``serve_site``).
        tmp_path: a directory for LinkChecker's configuration file.

    Returns:
        ``(internal, broken)``: LinkChecker's CSV rows (dicts) for the links under ``url``,
        and one line per broken internal link or anchor, ``page:line: link — result warning``.

    Raises:
        AssertionError: if LinkChecker fails to run (an exit status other than 0 or 1).
    """
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    linkchecker = Path(sys.executable).with_name("linkchecker")
    proc = subprocess.run(
        [str(linkchecker), "--config", str(config), "--no-robots", "--no-status", "--verbose", "--output", "csv", url],
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode in (0, 1), proc.stdout[-3000:] + proc.stderr[-3000:]  # 1: problems found
    lines = [ln for ln in proc.stdout.splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    internal = [r for r in rows if r["url"].startswith(url)]
    broken = [
        f"{r['parentname'] or '(start)'}:{r['line']}: {r['urlname']} — {r['result']} {r['warningstring'][:200]}".strip()
        for r in internal
        if r["valid"] != "True" or r["warningstring"]
    ]
    return internal, broken
