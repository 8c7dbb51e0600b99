"""Shared helpers: build a site (the real one or a fixture) with MkDocs in a subprocess,
serve the built site on 127.0.0.1, and drive Debian's chromium with Playwright."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NODE_MODULES = ROOT / "node_modules"
#: Under CI a missing tool (browser, Java, npm packages) fails the test; elsewhere it skips it.
IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# The pages whose first visit is held to the byte budget (tests/test_budget.py) and
# audited by scripts/lighthouse, as URL paths relative to the site root.
HOME_PAGE = ""
TOPIC_PAGE = "topics/evaluation-metrics/"
CORRECTIONS_PAGE = "corrections/"
DRILL_PAGE = "drill/"
BUDGET_PAGES = (HOME_PAGE, TOPIC_PAGE, CORRECTIONS_PAGE, DRILL_PAGE)
#: Material's search index, fetched only when a reader starts a search (overrides/partials/search-on-demand.js).
SEARCH_INDEX = "/search/search_index.json"


def run_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` for the site whose mkdocs.yml is in ``project``.

    Returns the completed process (text output in ``.stdout``, stderr merged in).
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300,
    )


def make_fixture(case: str, tmp_path: Path) -> Path:
    """Assemble a fixture site in ``tmp_path``: the ``base`` site, then the files of ``case`` over it.

    The project's ``macros`` package is linked in, so the fixture runs the real macros.
    """
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    if case != "base":
        shutil.copytree(FIXTURES / case, project, dirs_exist_ok=True)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    return project


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


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # LinkChecker waits 0.1-0.6 s between requests to a host unless the server sends
        # this header (then its maxrequestspersecond applies); we serve only ourselves.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Serve the built site on 127.0.0.1 (a free port) for the session; return its base URL, ending in '/'."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


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
