"""What a pull request changes that needs a maintainer's eyes: macros/changes.py and ``scripts/check.py --base``.

The pure parts take data; the ``--base`` cases of the hostile-input corpus
(``tests/hostile/*/case.yml`` with a ``base:`` key, format in its README) each build a
throwaway git repository with a base commit (the fixture site) and a head commit (the case).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from pathspec.patterns.gitignore.basic import GitIgnoreBasicPattern

from conftest import FIXTURES, ROOT
from macros import changes
from macros.scales import SEVERITY, UNREVIEWED, VERDICTS
from scripts import check

HOSTILE = Path(__file__).parent / "hostile"
BASE_CASES = sorted(
    p.parent.name for p in HOSTILE.glob("*/case.yml") if "base" in yaml.safe_load(p.read_text(encoding="utf-8"))
)
TODAY = date(2026, 12, 1)


def _repo(tmp_path: Path, remove=()) -> tuple[Path, functools.partial]:
    """A git repository holding the base fixture site (less ``remove``) as one commit, tagged ``base``."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    git = functools.partial(subprocess.run, cwd=project, check=True, capture_output=True)
    git(["git", "init", "-q"])
    for rel in remove:
        (project / rel).unlink()
    git(["git", "add", "-A"])
    git(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base"])
    git(["git", "tag", "base"])
    for rel in remove:  # back in the working tree: the head commit has them
        shutil.copy(FIXTURES / "base" / rel, project / rel)
    return project, git


def _sections(markdown: str) -> dict[str, list[str]]:
    """The report's entries under each '### Heading (n)'."""
    out, current = {}, None
    for line in markdown.splitlines():
        if m := re.match(r"### (.+) \(\d+\)$", line):
            current = out.setdefault(m[1], [])
        elif line.startswith("- ") and current is not None:
            current.append(line)
    return out


@pytest.mark.parametrize("name", BASE_CASES)
def test_base_case(name, tmp_path, capsys, monkeypatch):
    case_dir = HOSTILE / name
    case = yaml.safe_load((case_dir / "case.yml").read_text(encoding="utf-8"))
    assert case["class"] in (6, 8) and case["expect"] in ("report", "reject") and case["what"]
    project, git = _repo(tmp_path, case["base"].get("remove", ()))
    if (case_dir / "files").is_dir():
        shutil.copytree(case_dir / "files", project, dirs_exist_ok=True)
    for link, target in (case.get("symlinks") or {}).items():
        (project / link).symlink_to(target)
    for rel in case.get("remove") or ():
        (project / rel).unlink()
    git(["git", "add", "-A"])
    git(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "head", "--allow-empty"])
    marker = tmp_path / "payload-ran"
    monkeypatch.setenv("HOSTILE_MARKER", str(marker))
    status = check.main(["-f", str(project / "mkdocs.yml"), "--base", case["base"].get("ref", "base")])
    out = capsys.readouterr().out
    assert not marker.exists(), "a payload ran"
    if case["expect"] == "reject":
        where = f"{case['file']}:{case['line']}:" if case.get("line") else f"{case['file']}:"
        assert status == 1, out
        found = [line for line in out.splitlines() if line.startswith(where) and case["says"] in line]
        assert found, out
        assert " — " in found[0], "the message says what to do"
        return
    sections = _sections(out)
    for want in case["report"]:
        where = f"`{want['file']}:{want['line']}`" if want.get("line") else f"`{want['file']}`"
        entries = sections.get(want["section"], [])
        assert any(e.startswith(f"- {where} ") and want["says"] in e for e in entries), f"{want} not in:\n{out}"


def test_unchanged_site_reports_nothing_and_the_summary_is_written(tmp_path, capsys):
    project, _ = _repo(tmp_path)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    assert check.main(["-f", str(project / "mkdocs.yml"), "--base", "base", "--summary", str(summary)]) == 0
    out = capsys.readouterr().out
    assert "None: no code, configuration, evidence" in out
    text = summary.read_text()
    assert text.startswith("earlier step\n## Changes that need a maintainer's eyes"), "appended, not replaced"
    assert _sections(text) == {}


def test_uncommitted_and_untracked_files_are_compared_too(tmp_path, capsys):
    project, _ = _repo(tmp_path)
    page = project / "docs/topics/demo.md"
    page.write_text(
        page.read_text()
        .replace('"demo-01", "wrong"', '"demo-01", "misleading"')
        .replace("!!! correction wrong", "!!! correction misleading")
    )
    (project / "docs/javascripts").mkdir()
    (project / "docs/javascripts/new.js").write_text("1;\n")
    (project / "docs/leak.txt").symlink_to("/etc/hostname")
    # The symbolic link is refused by the checks, and the report is printed all the same.
    assert check.main(["-f", str(project / "mkdocs.yml"), "--base", "base"]) == 1
    out = capsys.readouterr().out
    assert "docs/leak.txt: is a symbolic link" in out
    sections = _sections(out)
    assert sections["Verdicts made milder"] == ["- `docs/topics/demo.md:18` `demo-01`: `wrong` → `misleading`"]
    assert sections["Code, configuration and other files"] == [
        "- `docs/javascripts/new.js` added",
        "- `docs/leak.txt` added (a symbolic link)",
    ]


def test_milder_follows_the_one_severity_scale():
    order = [*SEVERITY, "accurate"]
    assert set(order) == set(VERDICTS)
    for i, old in enumerate(order):
        for j, new in enumerate(order):
            assert changes.milder(old, new) == (j > i), (old, new)
        assert changes.milder(old, UNREVIEWED), "withdrawing a verdict is reported"
        assert not changes.milder(UNREVIEWED, old), "a first verdict is not a milder one"
    assert not changes.milder("wrong", "made-up") and not changes.milder("made-up", "accurate")


@pytest.mark.parametrize(
    "path",
    [
        "macros/kb.py",
        "scripts/check.py",
        "tests/conftest.py",
        "overrides/main.html",
        "overrides/partials/x.html",
        "docs/javascripts/kb.js",
        "docs/stylesheets/extra.css",
        "mkdocs.yml",
        "mkdocs.zensical.yml",
        "requirements.txt",
        "requirements-test.in",
        "package.json",
        "package-lock.json",
        ".github/workflows/ci.yml",
        ".github/CODEOWNERS",
        ".ci/run",
        "pyproject.toml",
        "conftest.py",
        "sitecustomize.py",
        ".gitattributes",
        "README.md",
        "docs/page.markdown",
        "docs/evil.svg",
        "docs/x.html",
        "docs/topics/x.yml",
        "docs/javascripts/x.md",
        "docs/sources/nested/x.yml",
        "content/topics/x.md",
    ],
)
def test_everything_but_content_and_archives_is_code(path):
    assert changes.classify(path) == "code"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("docs/topics/x.md", "content"),
        ("docs/index.md", "content"),
        ("docs/about/quality.md", "content"),
        ("docs/sources/x.yml", "content"),
        ("docs/references/core.yml", "content"),
        ("docs/ids.json", "content"),
        ("docs/sources/archive/x.txt", "archives"),
        ("docs/sources/archive/sub/x.bin", "archives"),
    ],
)
def test_content_and_archives(path, kind):
    assert changes.classify(path) == kind


PAGE = """## Q { #q }

{{ source_item("a-01", "wrong") }}

!!! correction wrong "Title"

    Text. *Reviewed by a second editor* is mentioned in passing.

    *Reviewed by a second editor on 2026-11-21.*

{{ source_item('a-02', verdict='vague') }}

!!! answer "Answer"

    *Reviewed by a second editor on 2026-01-01.*

## R { #r }

{{ source_item("a-03") }}
"""


def test_placements_pair_items_with_their_correction_and_review_line():
    found = changes.placements(PAGE, "docs/topics/p.md")
    assert [(p.item, p.line, p.verdict, p.correction) for p in found] == [
        ("a-01", 3, "wrong", 5),
        ("a-02", 11, "vague", None),
        ("a-03", 19, UNREVIEWED, None),
    ]
    assert found[0].review == (9, "*Reviewed by a second editor on 2026-11-21.*")
    assert found[1].review is None, "a line in the answer is not the item's review"


def test_report_from_data():
    base = {"docs/topics/p.md": PAGE}
    head = {
        "docs/topics/p.md": PAGE.replace('"a-01", "wrong"', '"a-01", "accurate"')
        .replace('!!! correction wrong "Title"', "Plain text now.")
        .replace("2026-11-21", "2026-11-30"),
        "docs/topics/new.md": PAGE.replace("a-0", "b-0"),
    }
    entries = changes.report([changes.FileChange("modified", "docs/topics/p.md")], base, head)
    got = [(e.section, e.path, e.line) for e in entries]
    assert got == [
        ("milder", "docs/topics/p.md", 3),
        ("corrections", "docs/topics/p.md", 3),
        ("reviews", "docs/topics/new.md", 9),
        ("reviews", "docs/topics/p.md", 9),
    ]
    assert entries[3].text == "`a-01`: reviewed on `2026-11-30` (was reviewed on `2026-11-21`)"


def test_an_item_removed_with_its_correction_is_reported_at_its_base_place():
    head = {"docs/topics/p.md": PAGE.replace('{{ source_item("a-01", "wrong") }}', "")}
    entries = changes.report([], {"docs/topics/p.md": PAGE}, head)
    assert [(e.section, e.line) for e in entries] == [("corrections", 5)]
    assert "`a-01` is no longer placed" in entries[0].text


def test_yaml_with_aliases_or_errors_is_listed_not_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    head = {"docs/references/r.yml": "- id: r\n  title: [unclosed\n", "docs/sources/s.yml": bomb}
    entries = changes.report([], {}, head)
    assert [(e.section, e.path) for e in entries] == [
        ("unread", "docs/references/r.yml"),
        ("unread", "docs/sources/s.yml"),
    ]
    assert "aliases" in entries[1].text


def test_values_cannot_forge_the_markdown():
    nasty = "x`\n### Nothing to see\n- `ok`\u202e\u200b"
    span = changes.shown(nasty)
    assert "\n" not in span and "\u202e" not in span and "\u200b" not in span
    assert span == "``x`\\u{000A}### Nothing to see\\u{000A}- `ok`\\u{202E}\\u{200B}``", (
        "a longer fence than any run inside"
    )
    assert changes.shown("`a`") == "`` `a` ``"
    text = changes.to_markdown([changes.Entry("code", nasty, None, "added")], "base")
    assert text.count("\n- ") == 1 and "### Nothing" not in text.replace("\\u{000A}### Nothing", "")


def test_a_file_name_cannot_forge_the_report(tmp_path, capsys):
    project, _ = _repo(tmp_path)
    (project / "scripts").mkdir()
    (project / "scripts/x\n### Nothing to report\n- `x`.py").write_text("1\n")
    assert check.main(["-f", str(project / "mkdocs.yml"), "--base", "base"]) == 0
    report = capsys.readouterr().out.split("## Changes that need a maintainer's eyes")[1]
    assert "\n### Nothing to report" not in report
    assert _sections(report) == {
        "Code, configuration and other files": ["- ``scripts/x\\u{000A}### Nothing to report\\u{000A}- `x`.py`` added"]
    }


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2099-99-99", "the review date 2099-99-99 is not a real date — write the day"),
        ("2026-02-30", "the review date 2026-02-30 is not a real date — write the day"),
        ("2099-01-01", "the review date 2099-01-01 is in the future — write the day"),
        ("2026-12-02", "the review date 2026-12-02 is in the future"),
        ("21/11/2026", "the review date '21/11/2026' is not written YYYY-MM-DD"),
        ("20261121", "is not written YYYY-MM-DD"),
        ("\u0662\u0660\u0662\u0666-11-21", "is not written YYYY-MM-DD"),
        ("2026-11-21\u202e", "'2026-11-21\\u{202E}' is not written YYYY-MM-DD"),
    ],
)
def test_a_review_date_must_be_a_real_date_not_in_the_future(text, says):
    message = changes.review_date_problem(text, TODAY)
    assert message and says in message, message


@pytest.mark.parametrize("text", ["2026-12-01", "2026-11-21", "2024-02-29"])
def test_real_past_review_dates_pass(text):
    assert changes.review_date_problem(text, TODAY) is None


def test_review_date_problems_of_a_page():
    page = PAGE.replace("2026-11-21", "2026-02-30")
    problems = changes.review_date_problems(page, "docs/topics/p.md", TODAY)
    assert [(p.path, p.line) for p in problems] == [("docs/topics/p.md", 9)]
    assert changes.review_date_problems((ROOT / "docs/topics/fundamentals.md").read_text(), "x", date.today()) == []


def test_the_real_sites_review_dates_are_real_and_past():
    for page in sorted((ROOT / "docs").rglob("*.md")):
        assert changes.review_date_problems(page.read_text(encoding="utf-8"), page.name, date.today()) == []


def _code_owners() -> list[tuple[GitIgnoreBasicPattern, list[str]]]:
    """The rules of .github/CODEOWNERS: (gitignore-style pattern, owners), in file order."""
    rules = []
    for line in (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules.append((GitIgnoreBasicPattern(pattern), owners))
    return rules


def _owners(rules, path: str) -> list[str]:
    """The owners of ``path``: the last matching rule's (GitHub's rule), or none."""
    found = []
    for pattern, owners in rules:
        if pattern.match_file(path):
            found = owners
    return found


def test_code_owners_own_exactly_what_the_report_calls_code_or_archives():
    rules = _code_owners()
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    paths = [p for p in tracked.decode().split("\0") if p]
    paths += [
        "conftest.py",
        "docs/evil.svg",
        "docs/page.markdown",
        "docs/topics/x.yml",
        "docs/javascripts/x.md",
        "docs/sources/archive/x.md",
        "docs/sources/nested/x.yml",
        "overrides/partials/new.html",
        "x.md",
    ]
    assert any(changes.classify(p) == "content" for p in paths) and any(changes.classify(p) == "code" for p in paths)
    for path in paths:
        owned = bool(_owners(rules, path))
        assert owned == (changes.classify(path) != "content"), path
