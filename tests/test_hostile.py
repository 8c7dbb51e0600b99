"""The hostile-input corpus (tests/hostile/, format in its README): every hostile or careless change is
refused with its file, line and what to do, or is inert; no case runs code at build time.

Each case runs the content checker (which checks mkdocs.yml first, with a safe loader, and builds the
site for what only a build can check) and, unless the checker refused mkdocs.yml itself (MkDocs would
read it with PyYAML's unsafe loader), the strict build, both with ``HOSTILE_MARKER`` naming a file that a
payload would create. An ``inert`` case must build, add nothing to the output scan's findings for the
base site (scripts/scan_site.py), and run no payload in Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml
from hostile_layout import HOSTILE, lay_out

from conftest import FIXTURES, ROOT
from scripts import scan_site
from scripts.sitetools import run_build, serve

ALL_CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "case.yml").is_file())
#: Cases against a base revision (a ``base:`` key) run in tests/test_changes.py.
CASES = [c for c in ALL_CASES if "\nbase:" not in "\n" + (HOSTILE / c / "case.yml").read_text(encoding="utf-8")]


def _check(project, marker) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOSTILE_MARKER=str(marker), NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts/check.py"), "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _refusal(output: str, spec: dict) -> str | None:
    """The line of ``output`` that refuses the case as its spec says (file, line, text), or None."""
    where = f"{spec['file']}:{spec['line']}: " if spec.get("line") else f"{spec['file']}"
    return next((ln for ln in output.splitlines() if ln.startswith(where) and spec["says"] in ln), None)


@pytest.fixture(scope="module")
def base_findings(tmp_path_factory) -> set[tuple[str, str]]:
    """What the output scan reports for the base site itself (its theme's scripts): not the cases' doing."""
    tmp = tmp_path_factory.mktemp("hostile-base")
    project = tmp / "project"
    shutil.copytree(FIXTURES / "base", project)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    built = run_build(project, tmp / "site")
    assert built.returncode == 0, built.stdout
    return {(p.path, p.message) for p in scan_site.scan_site(tmp / "site")}


def payloads_run(browser, site) -> list[str]:
    """Open every page of ``site`` in Chromium, move the pointer over it; return the pages where a payload ran."""
    ran = []
    with serve(site) as base:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for html in sorted(site.rglob("*.html")):
            rel = html.relative_to(site).as_posix()
            page.goto(base + rel, wait_until="load")
            page.mouse.move(5, 5)
            page.mouse.move(300, 300)
            if page.evaluate("window.__hostile") is not None or dialogs:
                ran.append(rel)
        page.close()
    return ran


def test_the_corpus_covers_every_class():
    specs = [yaml.safe_load((HOSTILE / c / "case.yml").read_text(encoding="utf-8")) for c in ALL_CASES]
    assert len(specs) >= 60
    assert {s["class"] for s in specs} == set(range(1, 9))


@pytest.mark.parametrize("case", CASES)
def test_hostile_change_is_refused_or_inert(case, tmp_path, request):
    project, spec = lay_out(case, tmp_path)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    marker = tmp_path / "marker"
    checked = _check(project, marker)
    output = checked.stdout + checked.stderr
    config_refused = spec.get("file") == "mkdocs.yml" and checked.returncode != 0
    built = None if config_refused else run_build(project, tmp_path / "site", env={"HOSTILE_MARKER": str(marker)})
    assert not marker.exists(), f"a payload ran at build time:\n{output}\n{built.stdout if built else ''}"
    if spec["expect"] == "reject":
        assert checked.returncode == 1, output
        line = _refusal(output, spec)
        assert line, f"expected {spec['file']}:{spec.get('line', '')} … {spec['says']!r} in:\n{output}"
        assert " — " in line, f"the message says what to do: {line}"
        if built is not None:
            assert built.returncode != 0, built.stdout
            assert not list((tmp_path / "site").rglob("*.html")), "a refused change leaves no page"
        return
    assert checked.returncode == 0 and built.returncode == 0, f"legal text was refused:\n{output}\n{built.stdout}"
    found = {(p.path, p.message) for p in scan_site.scan_site(tmp_path / "site")}
    new = sorted(found - request.getfixturevalue("base_findings"))
    assert not new, "the output scan found:\n" + "\n".join(f"{p}: {m}" for p, m in new)
    assert not payloads_run(request.getfixturevalue("browser"), tmp_path / "site"), "a payload ran"
