"""Guards on what the theme overrides take from Material's installed templates.

``overrides/partials/search.html`` is a copy of Material's partial with accessibility
fixes, and ``overrides/main.html`` replaces Material's ``main.html`` to put a script
before Material's bundle. Both rest on Material's internals; an upgrade of Material
that changes them fails here, with what to do, instead of silently losing a fix or
shipping a stale copy.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import material
import pytest

from conftest import ROOT

MATERIAL = Path(material.__file__).resolve().parent / "templates"
MATERIAL_VERSION = version("mkdocs-material")
OVERRIDES = ROOT / "overrides"

#: The overrides that copy a Material template, and the fixes each makes: (Material's text, ours),
#: each found exactly once in Material's template. The copy's first comment names the Material
#: version and the sha256 of the template it copies.
FIXES = {
    "partials/search.html": [
        (
            '<div class="md-search" data-md-component="search" role="dialog">',
            '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
        ),
    ],
}
#: The overrides that replace a Material template by extending another one (checked below).
EXTENDS = {"main.html", "404.html"}
#: Copies guarded by another test: Material's scope script made one text on every page (tests/test_csp.py).
GUARDED_ELSEWHERE = {"partials/javascripts/base.html"}

COPIED_FROM = re.compile(r"mkdocs-material (?P<version>\S+)'s (?P<name>\S+)\s+\(sha256 (?P<sha256>[0-9a-f]{64})\)")
LEADING_COMMENT = re.compile(r"\A\{#.*?#\}\n", re.S)


def test_every_override_of_a_material_template_is_guarded():
    overridden = sorted(
        p.relative_to(OVERRIDES).as_posix()
        for p in OVERRIDES.rglob("*")
        if p.is_file() and (MATERIAL / p.relative_to(OVERRIDES)).is_file()
    )
    unguarded = [name for name in overridden if name not in set(FIXES) | EXTENDS | GUARDED_ELSEWHERE]
    assert not unguarded, (
        f"overrides/ replaces Material's {unguarded} — add each to FIXES (a copy with fixes) "
        "or EXTENDS (a template that extends Material's) in tests/test_guards.py"
    )
    assert set(FIXES) | EXTENDS | GUARDED_ELSEWHERE <= set(overridden), "the lists name only files under overrides/"


@pytest.mark.parametrize("name", sorted(FIXES))
def test_copied_template_is_materials_with_only_the_known_fixes(name):
    ours = (OVERRIDES / name).read_text(encoding="utf-8")
    upstream_file = MATERIAL / name
    upstream = upstream_file.read_bytes()
    named = COPIED_FROM.search(ours)
    assert named and named["name"] == name, (
        f"overrides/{name}: its first comment must say which template it copies, as "
        f'"mkdocs-material {MATERIAL_VERSION}\'s {name} (sha256 {hashlib.sha256(upstream).hexdigest()})"'
    )
    digest = hashlib.sha256(upstream).hexdigest()
    assert digest == named["sha256"], (
        f"overrides/{name} copies mkdocs-material {named['version']}'s {name} (sha256 {named['sha256']}), but the "
        f"installed mkdocs-material {MATERIAL_VERSION} has another one (sha256 {digest}) — copy {upstream_file} to "
        f"overrides/{name} again, re-apply the fixes listed in FIXES in tests/test_guards.py, keep the comment and "
        "update its version and sha256"
    )
    expected = LEADING_COMMENT.sub("", upstream.decode("utf-8"), count=1)
    for theirs, fixed in FIXES[name]:
        assert expected.count(theirs) == 1, f"Material's {name} no longer has {theirs!r} once — update FIXES"
        expected = expected.replace(theirs, fixed)
    assert LEADING_COMMENT.sub("", ours, count=1) == expected, (
        f"overrides/{name} differs from Material's {name} by more than the fixes in FIXES (tests/test_guards.py) — "
        "undo the other changes, or list them in FIXES with the reason in the file's comment"
    )


def test_main_override_loses_nothing_and_runs_before_materials_bundle():
    # Material's main.html only extends base.html: ours, which does the same, drops nothing of it.
    theirs = LEADING_COMMENT.sub("", (MATERIAL / "main.html").read_text(encoding="utf-8"), count=1)
    assert theirs.strip() == '{% extends "base.html" %}', (
        f"mkdocs-material {MATERIAL_VERSION}'s main.html now does more than extend base.html — "
        "carry its additions into overrides/main.html"
    )
    ours = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    assert '{% extends "base.html" %}' in ours
    # Our script goes before super() of the scripts block, so it runs before Material's bundle,
    # which must therefore be in that block.
    block = re.search(
        r"\{%-?\s*block scripts\s*-?%\}(.*?)\{%-?\s*endblock",
        (MATERIAL / "base.html").read_text(encoding="utf-8"),
        re.S,
    )
    assert block and re.search(r"<script src=\"[^\"]*assets/javascripts/bundle\.", block[1]), (
        f"mkdocs-material {MATERIAL_VERSION}'s base.html no longer loads its bundle in the 'scripts' block — "
        "overrides/main.html puts partials/search-on-demand.js before that block's content: find where the "
        "bundle is loaded now and put the script before it"
    )
    assert re.search(r"block scripts.*search-on-demand\.js.*super\(\)", ours, re.S)
