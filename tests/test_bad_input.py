"""Each bad contribution fails the strict build with a message naming the file, line and fix.

Every case is a small fixture site: ``fixtures/base`` plus the files in ``fixtures/<case>``.
"""

import pytest

from conftest import make_fixture, run_build

CASES = [
    # (case, expected location, expected text in the message)
    ("unknown-question-id", "docs/topics/demo.md:24", "unknown question id 'what-is-a-dmo' — did you mean 'what-is-a-demo'? Otherwise use the id"),
    ("duplicate-question-id", "docs/topics/demo.md:20", "question id 'what-is-a-demo' is already used at docs/topics/demo.md:8"),
    ("item-placed-twice", "docs/topics/demo.md:24", "source item 'demo-01' is already placed at docs/topics/demo.md:10"),
    ("item-not-placed", "docs/sources/demo.yml:15", "source item 'demo-02' is not placed"),
    ("unknown-item-id", "docs/topics/demo.md:22", "unknown source item 'demo-2' — did you mean 'demo-02'? Otherwise use an item id"),
    ("attr-list-without-space", "docs/topics/demo.md:20", "write { #id } with a space after the brace"),
    ("macro-syntax-error", "docs/topics/demo.md:22", "template syntax error"),
    ("quote-not-verbatim", "docs/sources/demo.yml:10", "quotes text that is not in archive/demo.txt"),
    ("unknown-verdict", "docs/topics/demo.md:22", "unknown verdict 'partly-right' for 'demo-02' (question 'why-test')"),
    ("correction-without-reference", "docs/topics/demo.md:12", "the correction of 'demo-01' (question 'what-is-a-demo') has no reference"),
    ("verdict-without-correction", "docs/topics/demo.md:22", "'demo-02' (question 'why-test') has verdict 'vague' but no correction"),
    ("heading-without-id", "docs/topics/demo.md:20", "a question heading needs an explicit, stable id"),
    ("template-code", "docs/index.md:8", "only calls of registered macros with literal arguments are allowed"),
    ("bad-front-matter", "docs/index.md:3", "invalid front matter"),
    ("answer-without-reference", "docs/topics/demo.md:22", "the answer to 'what-is-a-demo' has no reference"),
    ("notes-unknown-level", "docs/topics/demo.md:30", "level one of: junior, mid, senior"),
    ("notes-missing-part", "docs/topics/demo.md:30", "interviewer notes of 'what-is-a-demo' have the parts"),
    ("question-without-answer", "docs/topics/demo.md:42", "question 'why-test' has no answer"),
    ("correction-not-reviewed", "docs/topics/demo.md:12", "the correction of 'demo-01' (question 'what-is-a-demo') has not been reviewed"),
    ("item-without-verdict", "docs/topics/demo.md:44", "source item 'demo-02' (question 'why-test') has no verdict"),
    ("reference-without-url-or-citation", "docs/references/core.yml:1", "reference 'demo-spec' has neither a url nor a full citation"),
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


def test_broken_anchor_is_caught_by_mkdocs_validation(tmp_path):
    proc = run_build(make_fixture("broken-anchor", tmp_path), tmp_path / "site")
    assert proc.returncode != 0, proc.stdout
    assert "contains a link 'topics/demo.md#no-such-anchor'" in proc.stdout, proc.stdout
    assert "Aborted with 1 warnings in strict mode!" in proc.stdout


def test_base_fixture_builds(tmp_path):
    """The control: the base fixture itself is valid, so each case fails for its own reason."""
    site = tmp_path / "site"
    proc = run_build(make_fixture("base", tmp_path), site)
    assert proc.returncode == 0, proc.stdout
    html = (site / "topics/demo/index.html").read_text(encoding="utf-8")
    assert 'data-item="demo-01"' in html and 'class="admonition correction wrong"' in html
