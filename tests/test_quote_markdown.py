"""A source's Markdown answer: rendered faithfully, sanitised, and loading nothing from another host."""

from macros.quote_markdown import render_quote

FORMULA = '<img src="https://render.githubusercontent.com/render/math?math=x_{i%2B1}-x_i">'


def test_lists_code_and_emphasis_are_rendered():
    html = render_quote("Some *models*:\n\n- **ridge**\n- lasso\n\n```\ny = B0 + B1*x1\n```\n")
    assert "<em>models</em>" in html and "<li><strong>ridge</strong></li>" in html
    assert "<pre><code>y = B0 + B1*x1\n</code></pre>" in html


def test_a_formula_shown_as_an_image_becomes_mathml_with_a_note():
    html = render_quote(f"The step {FORMULA} here.")
    assert "<math" in html and "<mo>+</mo>" in html.replace("&#x0002B;", "+")
    assert "(shown as an image in the source)" in html and "<img" not in html and "githubusercontent" not in html


def test_other_images_are_named_not_loaded():
    html = render_quote(
        "![formula](https://mathworld.wolfram.com/images/a.gif) and <img src='https://t.example/p.gif'>"
    )
    assert "<img" not in html and "[image: formula, from mathworld.wolfram.com, not shown]" in html
    assert "t.example" not in html or "not shown" in html


def test_script_handlers_styles_and_unsafe_links_do_not_survive():
    html = render_quote(
        '<script>alert(1)</script><div onclick="x" style="position:fixed">d</div> '
        '[a](javascript:alert(1)) <a href="data:text/html,x">b</a> [c](https://example.org)'
    )
    for bad in ("<script", "onclick", "style=", "javascript:", "data:"):
        assert bad not in html, bad
    assert 'href="https://example.org"' in html


def test_an_empty_header_cell_of_a_quoted_table_is_an_empty_data_cell():
    html = render_quote("| | Actual |\n|---|---|\n| Predicted | 1 |")
    assert "<th></th>" not in html and "<td></td>" in html and "<th>Actual</th>" in html
