"""A change to a published verdict or correction needs a corrections-log entry (check.py --base)."""

from conftest import FIXTURES
from macros.logcheck import unlogged

PAGE = "docs/topics/demo.md"
LOG = "docs/corrections-log.yml"
ENTRY = (
    '- date: "2026-12-01"\n  question: what-is-a-demo\n  item: demo-01\n  change: verdict\n  from: wrong\n'
    "  to: misleading\n  what: The verdict is misleading.\n  why: A finding.\n"
)


def _base():
    return {PAGE: (FIXTURES / "base" / PAGE).read_text(encoding="utf-8")}


def test_an_unchanged_site_needs_no_entry():
    assert unlogged(_base(), _base()) == []


def test_a_changed_verdict_without_an_entry_is_a_problem_and_with_one_is_not():
    head = {
        PAGE: _base()[PAGE]
        .replace('"demo-01", "wrong"', '"demo-01", "misleading"')
        .replace("!!! correction wrong", "!!! correction misleading")
    }
    problems = unlogged(_base(), head)
    assert [(p.path, p.line) for p in problems] == [(PAGE, 18)] and "its verdict changed" in problems[0].message
    assert unlogged(_base(), {**head, LOG: ENTRY}) == []
    assert unlogged({**_base(), LOG: ENTRY}, {**head, LOG: ENTRY}) != [], "an entry already in the base does not count"


def test_a_changed_published_correction_needs_an_entry_but_its_review_line_alone_does_not():
    base = _base()
    text = base[PAGE].replace("The precise statement, with a formula", "A new statement, with a formula")
    assert "its published correction changed" in unlogged(base, {PAGE: text})[0].message
    redated = base[PAGE].replace("on 2026-11-21.*", "on 2026-12-01.*", 1)
    assert unlogged(base, {PAGE: redated}) == []
