"""Formulas: names set upright by the converter (macros/mathml.py), and in Chromium, on
every page of the built site at desktop and phone width, no formula clipped."""

import re
import xml.etree.ElementTree as etree
from html import unescape

import pytest

from conftest import ROOT, site_pages
from macros.mathml import formula_problems, to_mathml, upright_names

WIDTHS = ((1280, 900), (390, 844))  # desktop; a 390×844 phone
MATHML = "{http://www.w3.org/1998/Math/MathML}"


@pytest.mark.parametrize(
    "tex, expected",
    [
        # runs of capitals are names, also in sub- and superscripts and beside digits
        (r"TP/(TP + FN)", r"\mathrm{TP}/(\mathrm{TP} + \mathrm{FN})"),
        (r"C_{FP} + RMSE^2", r"C_{\mathrm{FP}} + \mathrm{RMSE}^2"),
        (r"2TP + 2\,TP", r"2\mathrm{TP} + 2\,\mathrm{TP}"),
        (r"\frac{TP}{TP + FN}", r"\frac{\mathrm{TP}}{\mathrm{TP} + \mathrm{FN}}"),
        # single capitals, products written with a space, lower-case runs: unchanged
        (r"X \approx W H + E[X Y]", r"X \approx W H + E[X Y]"),
        (r"O(nkd/P)", r"O(nkd/P)"),
        # a run touching another letter is not a name
        (r"TPs + xTP", r"TPs + xTP"),
        # command names and the arguments of text and font commands stay as written
        (r"\Sigma \LaTeX \lVert w \rVert", r"\Sigma \LaTeX \lVert w \rVert"),
        (
            r"\text{RMSE} = \operatorname{TPR} + \mathbf{AB} + \mathrm{pa}",
            r"\text{RMSE} = \operatorname{TPR} + \mathbf{AB} + \mathrm{pa}",
        ),
        (r"\text{a {AB} c} AB", r"\text{a {AB} c} \mathrm{AB}"),
        (r"\text{\{AB} AB", r"\text{\{AB} \mathrm{AB}"),
        # broken input is passed on unchanged for latex2mathml to report
        (r"\text{AB", r"\text{AB"),
        ("AB\\", "\\mathrm{AB}\\"),
    ],
)
def test_upright_names(tex, expected):
    assert upright_names(tex) == expected


def test_a_name_is_one_upright_identifier():
    out = to_mathml(r"\frac{TP}{TP + FN}", "block")
    assert out == (
        '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">'
        "<mfrac><mi>TP</mi><mrow><mi>TP</mi><mo>&#x0002B;</mo><mi>FN</mi></mrow></mfrac></math>"
    )
    assert to_mathml(r"C_{FN}").endswith("<msub><mi>C</mi><mi>FN</mi></msub></math>")
    # \mathrm of several letters is one name too
    assert to_mathml(r"\mathrm{pa}_i").endswith("<msub><mi>pa</mi><mi>i</mi></msub></math>")
    # a product of single letters stays a row of italic letters
    assert to_mathml("W H").endswith("><mi>W</mi><mi>H</mi></math>")


def test_a_formula_that_cannot_render_is_reported_as_written():
    problems = formula_problems("Text.\n\nRecall is $\\frac{TP}{$ here.\n")
    assert len(problems) == 1 and problems[0][0] == 3
    assert "$\\frac{TP}{$" in problems[0][1] and "mathrm" not in problems[0][1]


def _maths(html: str):
    """The ``<math>`` elements of a built page, parsed (latex2mathml writes well-formed XML)."""
    for m in re.finditer(r"<math\b.*?</math>", html, re.S):
        # The page's serialiser may write HTML's named references (&nbsp;), which XML lacks.
        text = re.sub(r"&(?!(?:lt|gt|amp|quot|apos);)([A-Za-z]+);", lambda r: unescape(r.group(0)), m.group(0))
        yield etree.fromstring(text)


def _letter_runs(math) -> list[str]:
    """Runs of adjacent one-capital ``<mi>`` siblings in a row (not the base and script of
    an ``<msub>``, whose children are separate places): ``"TP"`` for ``<mi>T</mi><mi>P</mi>``."""
    runs = []
    for parent in math.iter():
        if parent.tag in (MATHML + "math", MATHML + "mrow"):
            run = ""
            for child in list(parent) + [None]:
                if (
                    child is not None
                    and child.tag == MATHML + "mi"
                    and not child.attrib
                    and re.fullmatch("[A-Z]", child.text or "")
                ):
                    run += child.text
                    continue
                if len(run) >= 2:
                    runs.append(run)
                run = ""
    return runs


def test_every_name_on_the_site_is_upright_and_products_are_written_as_such(built_site):
    """On every page, two capitals side by side in italics come only from a product the
    Markdown writes with a space (``W H``); every other run became one upright name."""
    markdown = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    names, products = set(), set()
    for path in built_site.rglob("*.html"):
        for math in _maths(path.read_text(encoding="utf-8")):
            names |= {e.text for e in math.iter(MATHML + "mi") if re.fullmatch("[A-Z]{2,}", e.text or "")}
            products |= set(_letter_runs(math))
    assert names >= {"TP", "FN"}, names  # the confusion-matrix counts are on the metrics pages
    written = {run for run in products if re.search(r"\s+".join(run), markdown)}
    assert products == written, f"italic runs of capitals not written as products: {sorted(products - written)}"


# In the browser: for each display formula, its box (div.math-display) holds the
# glyphs of its <math> (the line boxes of its text, which include the glyphs' ink)
# without scrolling vertically; if it is wider than the column, it scrolls sideways
# and is focusable (docs/javascripts/a11y.js). Inline formulas inside a box that
# clips (a table's scrolling wrapper, an admonition) are held the same way.
_CLIPPED = """() => {
  const out = [];
  const glyphs = m => { const r = document.createRange(); r.selectNodeContents(m); return r.getBoundingClientRect(); };
  const name = m => m.textContent.trim().slice(0, 40);
  for (const w of document.querySelectorAll('.md-typeset .math-display')) {
    const m = w.querySelector('math'), g = glyphs(m), b = w.getBoundingClientRect();
    if (!w.checkVisibility()) { out.push(`${name(m)}: not shown`); continue; }
    const top = b.top + w.clientTop, bottom = top + w.clientHeight;
    if (w.scrollHeight > w.clientHeight + 1) out.push(`${name(m)}: scrolls vertically (${w.scrollHeight} > ${w.clientHeight} px)`);
    if (g.top < top - 0.5 || g.bottom > bottom + 0.5) out.push(`${name(m)}: glyphs ${g.top.toFixed(1)}-${g.bottom.toFixed(1)} outside its box ${top.toFixed(1)}-${bottom.toFixed(1)}`);
    const mr = m.getBoundingClientRect();
    if (mr.top < top - 0.5 || mr.bottom > bottom + 0.5) out.push(`${name(m)}: <math> outside its box`);
    if (w.scrollWidth > w.clientWidth + 1) {
      if (getComputedStyle(w).overflowX !== 'auto') out.push(`${name(m)}: wider than its box, which does not scroll`);
      if (w.getAttribute('tabindex') !== '0' || !w.getAttribute('aria-label')) out.push(`${name(m)}: scrolls sideways but cannot be reached by keyboard`);
    }
  }
  for (const m of document.querySelectorAll('.md-typeset math:not(.math-display math)')) {
    if (!m.checkVisibility()) { out.push(`${name(m)}: not shown`); continue; }
    const g = glyphs(m);
    for (let a = m.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const b = a.getBoundingClientRect(), top = b.top + a.clientTop;
      if (g.top < top - 0.5 || g.bottom > top + a.clientHeight + 0.5) out.push(`${name(m)}: clipped by ${a.className}`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width, height", WIDTHS, ids=[f"{w}px" for w, _ in WIDTHS])
def test_no_formula_is_clipped_on_any_page(browser, built_site, site_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    problems, counted, built = [], 0, 0
    for path in site_pages(built_site):
        page.goto(site_url + path)
        page.evaluate(
            "document.querySelectorAll('details').forEach(d => { d.open = true; })"
        )  # the notes' formulas too
        # a11y.js's ResizeObserver reports after layout: two frames later its attributes are set.
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        problems += [f"/{path}: {p}" for p in page.evaluate(_CLIPPED)]
        counted += page.locator(".md-typeset .math-display").count()
        html = (built_site / path / "index.html") if not path.endswith(".html") else built_site / path
        built += html.read_text(encoding="utf-8").count('class="math-display"')
    context.close()
    assert counted == built > 0, "every display formula of the built pages was measured"
    assert not problems, "\n".join(problems)
