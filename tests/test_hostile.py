"""The hostile-input corpus (tests/hostile/README.md): each case laid over the smallest site,
then the content checker and the strict build, with a marker that a payload would create.

A ``reject`` case must fail the checker or the build with a line ``file:line: …says…``;
an ``inert`` case must build, add nothing to the output scan's findings for the base site
(scripts/scan_site.py) and run no payload in Chromium.
"""

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
import yaml

from conftest import FIXTURES, ROOT
from scripts import scan_site

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = sorted(p.parent.name for p in HOSTILE.glob("*/case.yml"))


def lay_out(case: str, tmp_path: Path) -> tuple[Path, dict]:
    """Copy the base site, lay the case's files, links and removals over it; return the project and the case."""
    spec = yaml.safe_load((HOSTILE / case / "case.yml").read_text(encoding="utf-8"))
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    if (HOSTILE / case / "files").is_dir():
        shutil.copytree(HOSTILE / case / "files", project, dirs_exist_ok=True)
    for rel in spec.get("remove") or []:
        (project / rel).unlink()
    for link, target in (spec.get("symlinks") or {}).items():
        (project / link).parent.mkdir(parents=True, exist_ok=True)
        (project / link).symlink_to(target)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    return project, spec


def check_and_build(project: Path, site: Path, marker: Path) -> tuple[subprocess.CompletedProcess, ...]:
    """Run the content checker, then the strict build, with ``HOSTILE_MARKER`` set."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HOSTILE_MARKER=str(marker))
    run = functools.partial(subprocess.run, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, timeout=300)
    checker = run([sys.executable, str(ROOT / "scripts" / "check.py"), "-f", str(project / "mkdocs.yml")])
    build = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)])
    return checker, build


@pytest.fixture(scope="module")
def base_findings(tmp_path_factory) -> set[tuple[str, str]]:
    """What the output scan reports for the base site itself (its theme's scripts): not the cases' doing."""
    tmp = tmp_path_factory.mktemp("hostile-base")
    project = tmp / "project"
    shutil.copytree(FIXTURES / "base", project)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    _, build = check_and_build(project, tmp / "site", tmp / "marker")
    assert build.returncode == 0, build.stdout
    return {(p.path, p.message) for p in scan_site.scan_site(tmp / "site")}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def payloads_run(browser, site: Path) -> list[str]:
    """Open every page of ``site`` in Chromium; return those where a payload ran."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ran = []
    try:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for html in sorted(site.rglob("*.html")):
            rel = html.relative_to(site).as_posix()
            page.goto(f"http://127.0.0.1:{server.server_port}/{rel}", wait_until="load")
            page.mouse.move(5, 5)
            page.mouse.move(300, 300)
            if page.evaluate("window.__hostile") is not None or dialogs:
                ran.append(rel)
        page.close()
    finally:
        server.shutdown()
        server.server_close()
    return ran


@pytest.mark.parametrize("case", CASES)
def test_hostile_case(case, tmp_path, request):
    project, spec = lay_out(case, tmp_path)
    marker = tmp_path / "marker"
    checker, build = check_and_build(project, tmp_path / "site", marker)
    output = checker.stdout + "\n" + build.stdout
    assert not marker.exists(), f"{case}: code ran at build time"
    if spec["expect"] == "reject":
        assert checker.returncode or build.returncode, f"{case}: neither the checker nor the build failed:\n{output}"
        prefix = f"{spec['file']}:{spec['line']}: " if spec.get("line") else f"{spec['file']}: "
        assert any(line.startswith(prefix) and spec["says"] in line for line in output.splitlines()), \
            f"{case}: no line starting {prefix!r} says {spec['says']!r}:\n{output}"
        return
    assert checker.returncode == 0 and build.returncode == 0, f"{case}: legal text was refused:\n{output}"
    found = {(p.path, p.message) for p in scan_site.scan_site(tmp_path / "site")}
    new = sorted(found - request.getfixturevalue("base_findings"))
    assert not new, f"{case}: the output scan found:\n" + "\n".join(f"{p}: {m}" for p, m in new)
    assert not payloads_run(request.getfixturevalue("browser"), tmp_path / "site"), f"{case}: a payload ran"
