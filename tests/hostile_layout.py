"""Lay a hostile-input case (tests/hostile/<case>/, format in tests/hostile/README.md) over the base site.

Used by the unit tests of the file and configuration checks, which run those checks alone
on the cases they own; the whole corpus runs through the checker and the build elsewhere.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

TESTS = Path(__file__).resolve().parent
HOSTILE = TESTS / "hostile"
BASE = TESTS / "fixtures" / "base"


def cases(prefix: str) -> list[str]:
    """Return the names of the hostile cases whose name starts with ``prefix``, sorted."""
    return sorted(p.name for p in HOSTILE.iterdir() if p.is_dir() and p.name.startswith(prefix))


def lay_out(case: str, tmp_path: Path) -> tuple[Path, dict]:
    """Copy the base site to ``tmp_path/project``, lay the case over it; return ``(project, case.yml)``.

    Symlinks are made as written (link -> target, relative targets kept relative); sparse
    files are made with ``truncate``, so their bytes are never written.
    """
    spec = yaml.safe_load((HOSTILE / case / "case.yml").read_text(encoding="utf-8"))
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    if (HOSTILE / case / "files").is_dir():
        shutil.copytree(HOSTILE / case / "files", project, dirs_exist_ok=True)
    for rel in spec.get("remove", []):
        (project / rel).unlink()
    for link, target in (spec.get("symlinks") or {}).items():
        (project / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, project / link)
    for rel, size in (spec.get("sparse") or {}).items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        with open(project / rel, "wb") as f:
            f.truncate(size)
    return project, spec
