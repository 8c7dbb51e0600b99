"""The hostile-input corpus (tests/hostile/, format in its README): every hostile or careless change is
refused with its file, line and what to do, or is inert; no case runs code at build time.

Each case runs the content checker (which checks mkdocs.yml first, with a safe loader) and, unless
the checker refused mkdocs.yml itself (MkDocs would read it with PyYAML's unsafe loader), the strict
build, both with ``HOSTILE_MARKER`` naming a file that a payload would create.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT
from hostile_layout import HOSTILE, lay_out
from scripts.sitetools import run_build

CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "case.yml").is_file())
CLASSES = range(1, 9)


def _check(project, marker) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOSTILE_MARKER=str(marker), NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "-f", str(project / "mkdocs.yml")],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


def _refusal(output: str, spec: dict) -> str | None:
    """The line of ``output`` that refuses the case as its spec says (file, line, text), or None."""
    where = f"{spec['file']}:{spec['line']}: " if spec.get("line") else f"{spec['file']}"
    return next((ln for ln in output.splitlines() if ln.startswith(where) and spec["says"] in ln), None)


def test_the_corpus_covers_every_class():
    import yaml

    specs = [yaml.safe_load((HOSTILE / c / "case.yml").read_text(encoding="utf-8")) for c in CASES]
    assert len(specs) >= 60
    assert {s["class"] for s in specs} == set(CLASSES)


@pytest.mark.parametrize("case", CASES)
def test_hostile_change_is_refused_or_inert(case, tmp_path):
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
    else:
        assert checked.returncode == 0, output
        assert built.returncode == 0, built.stdout
        from scan_site_for_tests import assert_site_is_harmless

        assert_site_is_harmless(tmp_path / "site")
