"""What the tests and the scripts share: building a site, serving it, finding Chromium.

Used by tests/conftest.py and by scripts/benchmark.py, scripts/lighthouse.py and
scripts/search_hit_rate.py. Import it as ``scripts.sitetools``, with the project's
root on ``sys.path`` (pytest puts it there; each script inserts it).

Chromium is ``$CHROMIUM_PATH``, by default Debian's ``/usr/bin/chromium``; Lighthouse
is given the same browser.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
#: The browser that the tests and scripts drive: the one variable that names it.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# The pages whose first visit is held to the byte budget (tests/test_budget.py) and
# audited by scripts/lighthouse, as URL paths relative to the site root.
HOME_PAGE = ""
TOPIC_PAGE = "topics/evaluation-metrics/"
CORRECTIONS_PAGE = "corrections/"
DRILL_PAGE = "drill/"
BUDGET_PAGES = (HOME_PAGE, TOPIC_PAGE, CORRECTIONS_PAGE, DRILL_PAGE)

#: What the server compresses when the client accepts gzip (``serve(..., compress=True)``).
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


def build_command(
    project: Path, site_dir: Path, *, quiet: bool = False, python_args: tuple[str, ...] = ()
) -> list[str]:
    """The command that builds the site of ``project`` strictly into ``site_dir``.

    Args:
        project: the directory holding ``mkdocs.yml``.
        site_dir: where the site is written.
        quiet: pass ``-q`` (only warnings and errors).
        python_args: arguments for the Python interpreter before ``-m mkdocs``,
            e.g. ``("-m", "cProfile", "-o", "build.prof")``.

    Returns:
        The argument list, run with this interpreter (``sys.executable``), from ``project``.
    """
    return [
        sys.executable,
        *python_args,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        *(["-q"] if quiet else []),
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site_dir),
    ]


def build_env(**extra: str) -> dict[str, str]:
    """The environment of a build: this one, without MkDocs' 2.0 warning, plus ``extra``.

    Args:
        **extra: variables to set, e.g. ``SITE_URL="https://example.org/"``.

    Returns:
        A new environment mapping.
    """
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra)


def run_build(
    project: Path, site_dir: Path, *, quiet: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` for the site whose mkdocs.yml is in ``project``, in a subprocess.

    Args:
        project: the directory holding ``mkdocs.yml``; the build runs there.
        site_dir: where the site is written.
        quiet: pass ``-q`` (only warnings and errors).
        env: extra environment variables for the build (see ``build_env``).

    Returns:
        The completed process: its text output in ``.stdout`` (stderr merged in), its
        exit status in ``.returncode``.

    Raises:
        subprocess.TimeoutExpired: if the build takes over 300 s.
    """
    return subprocess.run(
        build_command(project, site_dir, quiet=quiet),
        cwd=project,
        env=build_env(**(env or {})),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )


def make_fixture(case: str, tmp_path: Path) -> Path:
    """Assemble a fixture site in ``tmp_path``: the ``base`` site, then the files of ``case`` over it.

    The project's ``macros`` package is linked in, so the fixture runs the real macros.

    Args:
        case: a folder of tests/fixtures, e.g. ``"broken-anchor"``; ``"base"`` for the base site alone.
        tmp_path: an empty directory.

    Returns:
        The fixture's project directory (``tmp_path / "project"``), holding its mkdocs.yml.

    Raises:
        FileNotFoundError: if tests/fixtures has no such case.
    """
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    if case != "base":
        shutil.copytree(FIXTURES / case, project, dirs_exist_ok=True)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    return project


class SiteHandler(SimpleHTTPRequestHandler):
    """Serve a built site as GitHub Pages does.

    A missing path gets the site's 404.html with status 404, and, when ``compress`` is
    set, text is gzip-compressed for clients that accept it.
    """

    compress = False

    def log_message(self, *args):
        """Log nothing: the tests and scripts report what matters."""

    def end_headers(self):
        """End the headers, adding one that makes LinkChecker skip its politeness delay.

        LinkChecker waits 0.1-0.6 s between requests to a host unless the server sends
        this header (then its maxrequestspersecond applies); we serve only ourselves.
        """
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        """Answer a missing path with the site's 404.html (status 404), other errors as usual."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_head(self):
        """Send the headers of a file, gzip-compressed when ``compress`` is set and the client accepts it."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            not self.compress
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or path.suffix not in COMPRESSIBLE
            or not self.path.split("?")[0].endswith(("/", path.suffix))
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site_dir: Path, *, compress: bool = False) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) in a thread, until the ``with`` block ends.

    Args:
        site_dir: the built site.
        compress: gzip-compress text for clients that accept it (as GitHub Pages does).

    Yields:
        The site's base URL (str), e.g. ``"http://127.0.0.1:40123/"``, ending in ``/``.
    """
    handler = functools.partial(type("Handler", (SiteHandler,), {"compress": compress}), directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
