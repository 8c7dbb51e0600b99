"""A contributor's flow without surprises: valid additions pass, each mistake is one message with its line,
the checker covers what the build checks, and a rebuild under ``mkdocs serve`` always shows its errors."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, make_fixture
from macros import MACROS, checks
from macros.problems import ContentError
from scripts import check


def _problems(project: Path) -> list[str]:
    """The problem lines the content checks report for a site (empty when it passes)."""
    try:
        checks.check_all(project / "docs", project, MACROS)
    except ContentError as e:
        return [str(p) for p in e.problems]
    return []


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def real_copy(tmp_path) -> Path:
    """A copy of the real content (docs, mkdocs.yml) running the real macros."""
    project = tmp_path / "real"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    return project


def test_adding_a_source_an_item_and_a_question_keeps_the_checks_passing(real_copy):
    """A valid contribution never fails a check: counts come from the data."""
    kb = checks.check_all(real_copy / "docs", real_copy, MACROS)
    n_questions, n_items = len(kb.questions), len(kb.items)
    archive = real_copy / "docs/sources/archive/new-source.txt"
    archive.write_text("What is a new question?\nA new answer.\n", encoding="utf-8")
    (real_copy / "docs/sources/new-source.yml").write_text(
        "id: new-source\npublisher: New Publisher\ntitle: New article\nurl: https://example.org/new\n"
        "published: 2024-03-01\nretrieved: 2026-12-01\narchive: archive/new-source.txt\n"
        f"archive_sha256: {hashlib.sha256(archive.read_bytes()).hexdigest()}\nitems:\n- id: new-source-01\n"
        "  locator: question 1\n  question: What is a new question?\n  answer:\n  - A new answer.\n",
        encoding="utf-8",
    )
    (real_copy / "docs/sources/new-source.md").write_text(
        '---\ntitle: New article\ndescription: A new source.\n---\n\n# New article\n\n{{ source_page("new-source") }}\n',
        encoding="utf-8",
    )
    page = real_copy / "docs/topics/fundamentals.md"
    demo = (FIXTURES / "base/docs/topics/demo.md").read_text(encoding="utf-8")
    question = demo[demo.index("## What is a demo?") : demo.index("## Why test?")]
    question = (
        question.replace("What is a demo? { #what-is-a-demo }", "What is a new question? { #new-question }")
        .replace('source_item("demo-01"', 'source_item("new-source-01"')
        .replace('cite("demo-spec"', 'cite("sklearn-prfs"')
    )
    page.write_text(page.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + question, encoding="utf-8")
    _edit(
        real_copy / "docs/ids.json", '"questions": {', '"questions": {\n    "new-question": "topics/fundamentals.md",'
    )
    kb = checks.check_all(real_copy / "docs", real_copy, MACROS)
    assert (len(kb.questions), len(kb.items)) == (n_questions + 1, n_items + 1)


# One cause, one message: (case, edit of the base fixture's demo page, the one expected line).
ONE_MESSAGE = [
    (
        "correction header indented",
        ('!!! correction wrong "A demo', '  !!! correction wrong "A demo'),
        "docs/topics/demo.md:20: '!!! correction' is indented",
    ),
    (
        "correction body indented by two",
        ("    The precise statement", "  The precise statement"),
        "docs/topics/demo.md:22: this line of the correction that starts on line 20 is indented by 2",
    ),
    (
        "level misspelt",
        ("??? interviewer junior", "??? interviewer junoir"),
        "docs/topics/demo.md:30: unknown level 'junoir' in the interviewer notes of 'what-is-a-demo' — did you mean "
        "'junior'?",
    ),
    (
        "verdict misspelt in source_item",
        ('source_item("demo-01", "wrong")', 'source_item("demo-01", "wrnog")'),
        "docs/topics/demo.md:18: unknown verdict 'wrnog' for 'demo-01' (question 'what-is-a-demo') — did you mean "
        "'wrong'?",
    ),
    (
        "verdict misspelt in the correction",
        ("!!! correction wrong", "!!! correction worng"),
        "docs/topics/demo.md:20: unknown verdict 'worng' in the correction — did you mean 'wrong'?",
    ),
    (
        "question id misspelt",
        ("Why test? { #why-test }", "Why test? { #why-tset }"),
        "docs/topics/demo.md:42: question 'why-tset' is new and 'why-test', published on the same page, is gone — if "
        "the new id is a typo, change it back",
    ),
]


@pytest.mark.parametrize("edit,expected", [c[1:] for c in ONE_MESSAGE], ids=[c[0] for c in ONE_MESSAGE])
def test_one_cause_gives_one_message(tmp_path, edit, expected):
    project = make_fixture("base", tmp_path)
    _edit(project / "docs/topics/demo.md", *edit)
    problems = _problems(project)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_problems_are_sorted_by_file_and_line(tmp_path):
    project = make_fixture("base", tmp_path)
    _edit(project / "docs/topics/demo.md", 'cite("demo-spec", "section 2")', 'cite("demo-spek", "section 2")')
    _edit(project / "docs/topics/demo.md", 'source_item("demo-01", "wrong")', 'source_item("demo-01", "wrnog")')
    _edit(project / "docs/index.md", "---\n", "---\ntitel: x\n")
    problems = _problems(project)
    where = [(p.split(":")[0], int(p.split(":")[1])) for p in problems]
    assert len(problems) >= 3 and where == sorted(where), problems


def test_the_checker_reports_links_anchors_and_the_nav_with_lines(tmp_path, capsys):
    project = make_fixture("base", tmp_path)
    page = project / "docs/topics/demo.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee [a](/topics/nope.md) and [b](/topics/demo.md#nope).\n",
        encoding="utf-8",
    )
    line = page.read_text(encoding="utf-8").count("\n")
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text(encoding="utf-8")
        + "nav:\n  - index.md\n  - topics/demo.md\n  - sources/index.md\n"
        "  - sources/demo.md\n",
        encoding="utf-8",
    )
    assert check.main(["-f", str(project / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert f"docs/topics/demo.md:{line}: the link '/topics/nope.md' is broken" in out, out
    assert f"docs/topics/demo.md:{line}: the link '/topics/demo.md#nope' is broken" in out, out
    assert "docs/about/methodology.md: the page is not in the nav of mkdocs.yml" in out, out


def test_contributing_lists_every_macro():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8") + (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`(\w+)\(", text))
    assert set(MACROS) <= listed, set(MACROS) - listed


def test_contributing_examples_pass_as_written(real_copy):
    """The examples of CONTRIBUTING.md marked <!-- example: path --> make a valid contribution, applied in order."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- example: (\S+)( \(start\))? -->\s*\n\s*```\w*\n(.*?)\n\s*```", text, re.S)
    assert len(blocks) >= 5, "CONTRIBUTING.md marks its examples with <!-- example: path -->"
    for target, at_start, body in blocks:
        body = _dedent(body)
        path = real_copy / target
        if "archive_sha256" in body:  # the archive holds what the items quote
            archive = path.parent / re.search(r"archive: (\S+)", body)[1]
            quotes = re.findall(r"^\s*(?:question|-(?: -)?) ?:? ?(.+)$", body.split("items:")[1], re.M)
            archive.write_text("\n".join(quotes) + "\n", encoding="utf-8")
            body = body.replace("<the hash from step 2>", hashlib.sha256(archive.read_bytes()).hexdigest())
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(
            body + "\n\n" + old if at_start else old + ("\n" if old else "") + body + "\n", encoding="utf-8"
        )
    kb, problems, _, _ = checks.load(real_copy / "docs", real_copy, MACROS)
    from macros import ids

    ids.update(kb, real_copy / "docs")
    assert _problems(real_copy) == []


def _dedent(body: str) -> str:
    lines = body.splitlines()
    indent = min(len(ln) - len(ln.lstrip()) for ln in lines if ln.strip())
    return "\n".join(ln[indent:] for ln in lines)


def _read_lines(proc, sink: list[str]) -> None:
    for line in proc.stdout:
        sink.append(line)


def _wait_for(sink: list[str], text: str, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(text in line for line in sink) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} seen {sum(text in ln for ln in sink)} times, expected {count}:\n" + "".join(sink))


def test_serve_shows_a_repeated_error_again(tmp_path):
    """Error, fix, the same error again: each failing rebuild under mkdocs serve prints its messages."""
    project = make_fixture("base", tmp_path)
    page = project / "docs/topics/demo.md"
    good = page.read_text(encoding="utf-8")
    bad = good.replace('source_item("demo-01", "wrong")', 'source_item("demo-01", "wrnog")')
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sink: list[str] = []
    threading.Thread(target=_read_lines, args=(proc, sink), daemon=True).start()
    try:
        _wait_for(sink, "Serving on", 1)
        for n, text in enumerate((bad, good, bad), 1):
            time.sleep(1.1)  # distinct modification times
            page.write_text(text, encoding="utf-8")
            _wait_for(sink, "unknown verdict 'wrnog'" if text is bad else "Reloading browsers", (n + 1) // 2)
        _wait_for(sink, "unknown verdict 'wrnog'", 2)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
