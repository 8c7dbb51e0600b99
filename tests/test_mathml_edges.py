"""The formula converter's use of arithmatex, against an edge-case suite.

``macros/mathml.py`` leaves finding formulas to pymdownx.arithmatex (``$...$`` and
``$$...$$``, with its escaping rules) and re-implements the same search in
``formula_problems()``, which the content check runs before the build. Each case
renders a snippet with the Markdown extensions of mkdocs.yml plus ``MathMLExtension``
and asserts where MathML appears, and that ``formula_problems`` converts exactly the
formulas the extension converts (same TeX, same display), so that a formula the check
passes is one the build renders, and a broken one fails the check, not the build.
When pymdown-extensions changes how it finds formulas, these fail first.
"""

from __future__ import annotations

import markdown
import pytest
import yaml

from conftest import ROOT
from macros import mathml


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader that reads MkDocs' ``!ENV`` tags as null (only the extensions are used)."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def _extensions() -> tuple[list, dict]:
    """mkdocs.yml's ``markdown_extensions`` as Python-Markdown's ``extensions`` and ``extension_configs``."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _extensions()


def render(text: str) -> str:
    """The HTML of a Markdown snippet, as the build makes it (without the macros)."""
    return markdown.markdown(
        text, extensions=[*EXTENSIONS, mathml.MathMLExtension()], extension_configs=EXTENSION_CONFIGS
    )


#: (id, Markdown, number of <math> elements in its HTML).
CASES = [
    ("escaped-dollars", r"Costs \$5 and \$10.", 0),
    ("amounts", "Costs $5 and $10.", 0),
    ("amounts-in-a-list", "Costs $5, $10 or $20.", 0),
    ("thousands", "Between $5,000 and $10,000.", 0),
    # A trap for writers: "$5-$" is a formula (smart dollars need no space inside). Escape: \$5-\$10.
    ("price-range", "Costs $5-$10 each.", 1),
    ("price-range-escaped", r"Costs \$5-\$10 each.", 0),
    ("code-span", "Use `$x$` in code.", 0),
    ("double-backtick-code-span", "Use ``a `$x$` b`` here, and $y$.", 1),
    ("fenced-block", "```\n$x$ and $$y$$\n```", 0),
    ("tilde-fenced-block", "~~~python\nprint('$x$')\n~~~", 0),
    ("fenced-block-in-admonition", "!!! note\n\n    ```\n    $x$\n    ```\n", 0),
    ("display-in-list", "- item\n\n    $$\n    a + b\n    $$\n\n- next", 1),
    ("display-in-ordered-list", "1. item\n\n    $$a = b$$\n", 1),
    ("inline-in-list", "- item with $x^2$", 1),
    ("display-in-admonition", "!!! note\n\n    $$\n    a + b\n    $$\n", 1),
    ("display-in-collapsible", '??? note "Title"\n\n    $$a = b$$\n', 1),
    ("display-in-nested-blocks", '!!! note\n\n    ??? tip "Title"\n\n        $$a = b$$\n', 1),
    ("inline-in-admonition", "!!! note\n\n    text $x$ here\n", 1),
    ("adjacent", "$a$$b$", 2),
    ("adjacent-with-space", "$a$ $b$", 2),
    ("at-line-start", "$x$ starts the line", 1),
    ("at-line-end", "the line ends with $x$", 1),
    ("display-on-one-line", "$$x + y$$", 1),
    ("escaped-dollar-inside", r"$\$5$", 1),
    ("table-cells", "| a | b |\n|---|---|\n| $x$ | $y$ |", 2),
    ("inside-inline-html", "<span>$x$</span>", 1),
    # formula_problems and the extension disagree on these (KNOWN_DISAGREEMENTS):
    ("display-inside-a-paragraph", "text $$x$$ text", 1),  # rendered inline, between two literal $
    ("display-without-blank-lines", "text\n$$\nx\n$$\nmore", 0),  # left as text, dollars and all
    ("display-then-text", "$$a$$\ntext after", 1),  # rendered inline, between two literal $
    ("display-under-list-two-spaces", "- item\n\n  $$\n  a + b\n  $$\n", 0),  # a paragraph of text after the list
    ("after-escaped-backslash", r"\\$x$", 1),
    ("between-escaped-backticks", r"\`$x$\`", 1),
]

#: Cases where formula_problems does not check what the extension renders, as of this writing.
#: Each is a fault in formula_problems; when it is fixed, its case passes and strict xfail fails:
#: remove it here.
KNOWN_DISAGREEMENTS = {
    "display-inside-a-paragraph": "formula_problems takes any $$...$$ for a display formula; arithmatex only a "
    "paragraph that is nothing else",
    "display-without-blank-lines": "same: the $$ lines are part of a paragraph, which arithmatex leaves as text",
    "display-then-text": "same: the paragraph goes on after the closing $$",
    "display-under-list-two-spaces": "same: indented two spaces, the $$ lines are a paragraph of their own after the "
    "list, which arithmatex leaves as text",
    "after-escaped-backslash": "formula_problems reads \\\\ as escaping the $; Markdown reads an escaped backslash",
    "between-escaped-backticks": "formula_problems takes \\` for a code span; Markdown reads escaped backticks",
}


def _record(monkeypatch) -> list[tuple[str, str]]:
    """Record every formula converted from now on, as (TeX with its whitespace collapsed, display)."""
    seen: list[tuple[str, str]] = []
    convert = mathml.to_mathml

    def recording(tex, display="inline"):
        seen.append((" ".join(tex.split()), display))
        return convert(tex, display)

    monkeypatch.setattr(mathml, "to_mathml", recording)
    return seen


@pytest.mark.parametrize("text,maths", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_formulas_render_where_expected(text, maths):
    assert render(text).count("<math") == maths


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            text,
            id=case,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_DISAGREEMENTS[case])]
            if case in KNOWN_DISAGREEMENTS
            else [],
        )
        for case, text, _ in CASES
    ],
)
def test_checker_converts_what_the_extension_converts(monkeypatch, text):
    seen = _record(monkeypatch)
    assert mathml.formula_problems(text) == []
    checked = sorted(seen)
    seen.clear()
    render(text)
    assert checked == sorted(seen)


def test_known_disagreements_are_cases():
    assert set(KNOWN_DISAGREEMENTS) <= {case for case, _, _ in CASES}


#: A formula latex2mathml cannot convert, in places where it is and is not a formula.
BROKEN = "x^"


@pytest.mark.parametrize(
    "text,line",
    [
        (f"Intro.\n\nIt is ${BROKEN}$ here.", 3),
        (f"Intro.\n\n$${BROKEN}$$", 3),
        (f"Intro.\n\n- item\n\n    $$\n    {BROKEN}\n    $$", 5),
        (f"Intro.\n\n!!! note\n\n    $$\n    {BROKEN}\n    $$", 5),
        (f"Intro.\n\nIt is `${BROKEN}$` code.", None),
        (f"Intro.\n\n```\n${BROKEN}$\n```", None),
        (f"Intro.\n\nIt is \\${BROKEN}\\$ text.", None),
    ],
    ids=["inline", "display", "display-in-list", "display-in-admonition", "code-span", "fenced-block", "escaped"],
)
def test_a_broken_formula_fails_the_check_exactly_when_it_would_fail_the_build(text, line):
    """``line``: where the check reports the formula (its first line), or None where it is not a formula."""
    problems = mathml.formula_problems(text)
    try:
        render(text)
        build_fails = False
    except ValueError:
        build_fails = True
    assert build_fails == (line is not None)
    assert [n for n, _ in problems] == ([line] if line else [])
    assert all(BROKEN in message and " — " in message for _, message in problems)
