"""Shared helpers: build a site (the real one or a fixture) with MkDocs in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
