"""The bad-input corpus: each bad contribution fails the strict build and the content
checker (scripts/check.py) with a message naming the file, line and fix, and leaves no site.

Every case is a small fixture site: ``fixtures/base`` plus the files in ``fixtures/<case>``.
"""

import pytest

from conftest import make_fixture, run_build
from scripts import check

CASES = [
    # (case, expected location, expected text in the message)
    (
        "unknown-question-id",
        "docs/topics/demo.md:24",
        "unknown question id 'what-is-a-dmo' — did you mean 'what-is-a-demo'? Otherwise use the id",
    ),
    (
        "duplicate-question-id",
        "docs/topics/demo.md:20",
        "question id 'what-is-a-demo' is already used at docs/topics/demo.md:8",
    ),
    (
        "item-placed-twice",
        "docs/topics/demo.md:24",
        "source item 'demo-01' is already placed at docs/topics/demo.md:10",
    ),
    ("item-not-placed", "docs/sources/demo.yml:15", "source item 'demo-02' is not placed"),
    (
        "unknown-item-id",
        "docs/topics/demo.md:22",
        "unknown source item 'demo-2' — did you mean 'demo-02'? Otherwise use an item id",
    ),
    ("attr-list-without-space", "docs/topics/demo.md:20", "write { #id } with a space after the brace"),
    ("macro-syntax-error", "docs/topics/demo.md:22", "template syntax error"),
    ("quote-not-verbatim", "docs/sources/demo.yml:10", "quotes text that is not in archive/demo.txt"),
    ("unknown-verdict", "docs/topics/demo.md:22", "unknown verdict 'partly-right' for 'demo-02' (question 'why-test')"),
    (
        "correction-without-reference",
        "docs/topics/demo.md:12",
        "the correction of 'demo-01' (question 'what-is-a-demo') has no reference",
    ),
    (
        "verdict-without-correction",
        "docs/topics/demo.md:22",
        "'demo-02' (question 'why-test') has verdict 'vague' but no correction",
    ),
    ("heading-without-id", "docs/topics/demo.md:20", "a question heading needs an explicit, stable id"),
    ("template-code", "docs/index.md:8", "only calls of registered macros with literal arguments are allowed"),
    ("bad-front-matter", "docs/index.md:3", "invalid front matter"),
    ("answer-without-reference", "docs/topics/demo.md:10", "the answer to 'what-is-a-demo' has no reference"),
    ("notes-unknown-level", "docs/topics/demo.md:30", "level one of: junior, mid, senior"),
    ("notes-missing-part", "docs/topics/demo.md:30", "interviewer notes of 'what-is-a-demo' have the parts"),
    ("question-without-answer", "docs/topics/demo.md:42", "question 'why-test' has no answer"),
    (
        "correction-not-reviewed",
        "docs/topics/demo.md:20",
        "the correction of 'demo-01' (question 'what-is-a-demo') has not been reviewed",
    ),
    ("item-without-verdict", "docs/topics/demo.md:52", "source item 'demo-02' (question 'why-test') has no verdict"),
    ("formula-not-rendering", "docs/topics/demo.md:22", "cannot render the formula $\\frac{a^2}{$"),
    (
        "reference-without-url-or-citation",
        "docs/references/core.yml:1",
        "reference 'demo-spec' has neither a url nor a full citation",
    ),
    # Template code: only registered macros with literal arguments may run.
    ("unknown-macro", "docs/topics/demo.md:22", "unknown macro 'source_quote' — did you mean 'source_item'?"),
    ("template-config", "docs/index.md:8", "only calls of registered macros with literal arguments are allowed"),
    ("template-ssti", "docs/index.md:8", "only calls of registered macros with literal arguments are allowed"),
    ("template-statement", "docs/index.md:8", "only calls of registered macros with literal arguments are allowed"),
    (
        "macro-non-literal-argument",
        "docs/index.md:8",
        "only calls of registered macros with literal arguments are allowed",
    ),
    # Active content and page metadata.
    ("script-in-question-title", "docs/topics/demo.md:20", "a question title must be plain text, without HTML tags"),
    ("script-in-page", "docs/index.md:10", "the <script> element would be removed — pages may not run code"),
    (
        "event-handler-attribute",
        "docs/index.md:10",
        "the onerror attribute of <img> would be removed — pages may not run code",
    ),
    ("javascript-url", "docs/index.md:10", "the href 'javascript:alert(1)' of <a> would be removed"),
    ("front-matter-unknown-key", "docs/index.md:2", "unknown field 'descripton' — did you mean 'description'?"),
    ("no-front-matter", "docs/about/methodology.md:1", "the page has no front matter"),
    (
        "description-with-double-quote",
        "docs/index.md:3",
        'one sentence without <, > or " (Material writes it unescaped',
    ),
    # References, corrections and source data.
    (
        "missing-reference",
        "docs/topics/demo.md:18",
        "unknown reference id 'demo-standard' — add the reference to a file in docs/references/",
    ),
    (
        "correction-verdict-mismatch",
        "docs/topics/demo.md:12",
        "correction verdict 'misleading' differs from the verdict 'wrong'",
    ),
    ("source-missing-field", "docs/sources/demo.yml:15", "items/1: the field 'locator' is missing — add it"),
    ("archive-changed", "docs/sources/demo.yml:8", "archive/demo.txt does not match archive_sha256"),
    # Permanent links (docs/ids.json).
    (
        "question-renamed-without-alias",
        "docs/topics/demo.md:42",
        "question 'why-do-we-test' is new and 'why-test', published on the same page, is gone — if the new id is a typo, "
        'change it back; if you renamed the question, replace "why-test" by "why-do-we-test"',
    ),
    (
        "question-moved-without-alias",
        "docs/ids.json:4",
        'question \'why-test\' moved from topics/demo.md to topics/other.md — set "why-test": "topics/other.md"',
    ),
    ("question-not-listed", "docs/topics/demo.md:78", "question 'what-is-a-fixture' is not in docs/ids.json"),
    (
        "alias-to-unknown-question",
        "docs/ids.json:7",
        "alias 'topics/demo.md#what-is-testing' points at 'why-testing', which is not a live question",
    ),
]


@pytest.mark.parametrize("case,where,text", CASES, ids=[c[0] for c in CASES])
def test_bad_input_fails_build_with_location(case, where, text, tmp_path):
    project = make_fixture(case, tmp_path)
    site = tmp_path / "site"
    proc = run_build(project, site)
    assert proc.returncode != 0, proc.stdout
    assert f"{where}: " in proc.stdout, proc.stdout
    assert text in proc.stdout, proc.stdout
    # No page of error text: the build stops before writing any page.
    assert not list(site.rglob("*.html")), "a failing build must not leave pages behind"


@pytest.mark.parametrize("case,where,text", CASES, ids=[c[0] for c in CASES])
def test_bad_input_fails_the_checker_with_location(case, where, text, tmp_path, capsys):
    project = make_fixture(case, tmp_path)
    assert check.main(["-f", str(project / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert any(line.startswith(f"{where}: ") and text in line for line in out.splitlines()), out


def test_corpus_is_complete():
    """Every fixture directory is a case (or the base, or the MkDocs-validation case), and vice versa."""
    from conftest import FIXTURES

    dirs = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    # base: the valid site; broken-anchor: caught by MkDocs' validation, not the checker;
    # aliases: a valid site for the permanent-link browser test (test_ids.py).
    assert dirs == {c[0] for c in CASES} | {"base", "broken-anchor", "aliases"}
    assert len(CASES) >= 12


def test_broken_anchor_is_caught_by_mkdocs_validation(tmp_path):
    proc = run_build(make_fixture("broken-anchor", tmp_path), tmp_path / "site")
    assert proc.returncode != 0, proc.stdout
    assert "contains a link 'topics/demo.md#no-such-anchor'" in proc.stdout, proc.stdout
    assert "Aborted with 1 warnings in strict mode!" in proc.stdout


def test_base_fixture_passes_the_checker(tmp_path, capsys):
    assert check.main(["-f", str(make_fixture("base", tmp_path) / "mkdocs.yml")]) == 0
    assert "1 topic pages, 2 questions, 2 source items: no problems" in capsys.readouterr().out


def test_base_fixture_builds(tmp_path):
    """The control: the base fixture itself is valid, so each case fails for its own reason."""
    site = tmp_path / "site"
    proc = run_build(make_fixture("base", tmp_path), site)
    assert proc.returncode == 0, proc.stdout
    html = (site / "topics/demo/index.html").read_text(encoding="utf-8")
    assert 'data-item="demo-01"' in html and 'class="admonition correction wrong"' in html
