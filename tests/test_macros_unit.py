"""Unit tests of the pure functions behind the macros (no MkDocs involved)."""

import shutil

import jinja2
import markdown
import pytest
import yaml

from conftest import FIXTURES, ROOT
from macros import MACROS, checks, model, pages, render, slots, template
from macros.mathml import to_mathml
from macros.problems import ContentError


@pytest.fixture(scope="module")
def real_kb():
    return checks.check_all(ROOT / "docs", ROOT, MACROS)


@pytest.fixture()
def demo_kb(tmp_path):
    shutil.copytree(FIXTURES / "base", tmp_path / "site")
    return checks.check_all(tmp_path / "site" / "docs", tmp_path / "site", MACROS)


def test_real_index_counts(real_kb):
    import yaml

    in_data = sum(
        len(yaml.safe_load(p.read_text(encoding="utf-8"))["items"]) for p in (ROOT / "docs/sources").glob("*.yml")
    )
    assert len(real_kb.items) == len(real_kb.placements) == in_data
    assert len(real_kb.topics) == len(list((ROOT / "docs/topics").glob("*.md")))
    assert sum(len(t.questions) for t in real_kb.topics.values()) == len(real_kb.questions)
    assert all(q.placements for q in real_kb.questions.values()), "every question has a source item"


def test_items_from_several_sources_share_a_question(real_kb):
    sources = {real_kb.items[p.item_id].source_id for p in real_kb.questions["missing-data"].placements}
    assert sources == {"testgorilla", "workable", "kickstart"}


def test_question_link_renders_a_docs_root_md_link(real_kb):
    assert render.question_link(real_kb, "precision-recall") == (
        "[What are precision and recall?](/topics/evaluation-metrics.md#precision-recall)"
    )


def test_question_link_unknown_id_raises(real_kb):
    with pytest.raises(ContentError, match="unknown question id 'nope'"):
        render.question_link(real_kb, "nope")


def test_source_item_follows_the_html_contract(demo_kb):
    out = render.source_item(demo_kb, "demo-01", "wrong")
    assert out.startswith(
        '<figure class="source-answer" id="demo-01" data-source="demo" '
        'data-search-exclude data-item="demo-01" data-verdict="wrong"'
    )
    assert '<blockquote markdown="0"><p>A demo shows a thing.</p></blockquote>' in out
    assert "[*Demo article*](/sources/demo.md), question 1" in out
    assert 'data-verdict="wrong">[Wrong](/about/methodology.md#verdicts)' in out


def test_source_item_without_answer_and_default_verdict(demo_kb):
    out = render.source_item(demo_kb, "demo-02")
    assert 'data-verdict="unreviewed"' in out and "Not yet reviewed" in out
    assert "The source gives no answer." in out and "<blockquote" not in out


def test_source_item_escapes_html(demo_kb):
    demo_kb.items["demo-01"].answer = ["<script>alert(1)</script> & *x*"]
    out = render.source_item(demo_kb, "demo-01")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *x*" in out


def test_source_item_rejects_unknown_verdict(demo_kb):
    with pytest.raises(ContentError, match="unknown verdict 'maybe'"):
        render.source_item(demo_kb, "demo-01", "maybe")


def test_cite_formats_url_and_full_citations(real_kb):
    assert render.cite(real_kb, "rfc8259", "section 1") == (
        "T. Bray \\(ed.\\) (2017). [*The JavaScript Object Notation \\(JSON\\) Data Interchange Format*]"
        "(https://www.rfc-editor.org/rfc/rfc8259), IETF, RFC 8259 \\(STD 90\\), section 1."
    )
    assert render.cite(real_kb, "casella-berger-2002") == (
        "George Casella, Roger L. Berger (2002). *Statistical Inference*, 2nd edition, Duxbury."
    )


def test_md_escape():
    assert render.md_escape("a*b_[c]") == "a\\*b\\_\\[c\\]"


def test_topic_cards_follow_given_order_with_counts(real_kb):
    cards = render.topic_cards(real_kb, ["programming", "fundamentals"])
    assert cards.startswith('<div class="grid cards" markdown>') and cards.endswith("</div>")
    first, second = cards.index("(/topics/programming.md)"), cards.index("(/topics/fundamentals.md)")
    assert first < second
    prog = real_kb.topics["programming"]
    n_items = sum(len(q.placements) for q in prog.questions)
    assert (len(prog.questions), n_items) == (14, 15)
    assert "    14 questions · 15 source items" in cards


def test_topic_order_follows_nested_nav():
    nav = [{"Home": "index.md"}, {"Topics": ["topics/b.md", {"A": "topics/a.md"}]}, {"About": ["about/x.md"]}]
    assert model.topic_order(nav) == ["b", "a"]


def test_problems_are_all_reported_together(tmp_path):
    shutil.copytree(FIXTURES / "base", tmp_path / "site")
    page = tmp_path / "site" / "docs" / "topics" / "demo.md"
    page.write_text(
        page.read_text()
        .replace('question_link("what-is-a-demo")', 'question_link("x")')
        .replace('{{ source_item("demo-02", "unanswered") }}', '{{ source_item("demo-02", "huh") }}')
    )
    with pytest.raises(ContentError) as e:
        checks.check_all(tmp_path / "site" / "docs", tmp_path / "site", MACROS)
    messages = [str(p) for p in e.value.problems]
    assert any(m.startswith("docs/topics/demo.md:52: unknown verdict 'huh'") for m in messages)
    assert any(m.startswith("docs/topics/demo.md:64: unknown question id 'x'") for m in messages)


def test_schema_error_names_the_line(tmp_path):
    shutil.copytree(FIXTURES / "base", tmp_path / "site")
    src = tmp_path / "site" / "docs" / "sources" / "demo.yml"
    data = src.read_text().replace("    locator: question 2\n", "")
    src.write_text(data)
    with pytest.raises(
        ContentError, match=r"docs/sources/demo.yml:15: items/1: the field 'locator' is missing — add it"
    ):
        checks.check_all(tmp_path / "site" / "docs", tmp_path / "site", MACROS)


def test_reference_needs_url_or_full_citation(tmp_path):
    shutil.copytree(FIXTURES / "base", tmp_path / "site")
    refs = tmp_path / "site" / "docs" / "references" / "core.yml"
    refs.write_text(yaml.safe_dump([{"id": "demo-spec", "kind": "book", "title": "A book", "year": 2001}]))
    with pytest.raises(
        ContentError, match=r"docs/references/core.yml:1: reference 'demo-spec' has neither a url nor a full citation"
    ):
        checks.check_all(tmp_path / "site" / "docs", tmp_path / "site", MACROS)


def test_verdict_counts_total_every_item(demo_kb):
    table = render.verdict_counts(demo_kb)
    assert "| [Demo Publisher](/sources/demo.md) | 1 | 1 | 2 |" in table
    assert table.splitlines()[-1] == "| **All sources** | **1** | **1** | **2** |"


def test_corrections_index_groups_by_verdict_and_links_the_quote(demo_kb):
    out = render.corrections_index(demo_kb)
    wrong = out[out.index("## Wrong (1) { #wrong }") : out.index("## Misleading")]
    assert "[What is a demo?](/topics/demo.md#demo-01)" in wrong
    assert "A demo shows a thing, but not only that" in wrong and "2026-11-21" in wrong
    assert "## Misleading (0) { #misleading }" in out and "## Unanswered (1) { #unanswered }" in out


def test_source_page_lists_every_item_with_where_it_is_answered(demo_kb):
    out = render.source_page(demo_kb, "demo")
    rows = [ln for ln in out.splitlines() if ln.startswith("| question ")]
    assert len(rows) == 2
    assert "[Why test?](/topics/demo.md#demo-02)" in rows[1] and 'data-verdict="unanswered"' in rows[1]
    with pytest.raises(ContentError, match="unknown source 'nope'"):
        render.source_page(demo_kb, "nope")


def test_answer_and_notes_are_indexed(demo_kb):
    q = demo_kb.questions["what-is-a-demo"]
    assert q.answer.citations == ["demo-spec"] and q.answer.body.startswith("A demo shows how")
    assert q.notes.level == "junior" and q.notes.tags == ["demo", "basics"]
    assert demo_kb.placements["demo-01"].correction.reviewed == "2026-11-21"


def test_a_work_is_listed_once_in_the_bibliography(tmp_path):
    shutil.copytree(FIXTURES / "base", tmp_path / "site")
    extra = tmp_path / "site" / "docs" / "references" / "more.yml"
    extra.write_text(
        yaml.safe_dump(
            [{"id": "spec-again", "kind": "specification", "title": "Demo", "url": "https://example.org/spec"}]
        )
    )
    with pytest.raises(
        ContentError,
        match=r"docs/references/more.yml:1: reference 'spec-again' has the same url "
        r"as 'demo-spec' at docs/references/core.yml:1",
    ):
        checks.check_all(tmp_path / "site" / "docs", tmp_path / "site", MACROS)


def _jinja_parts(text):
    """The macro calls of ``text`` as Jinja's parser reads them (adjacent text joined)."""
    ast = jinja2.Environment().parse(text)
    parts = []
    for node in ast.body:
        for child in node.nodes:
            if isinstance(child, jinja2.nodes.TemplateData):
                parts.append(child.data)
            else:
                parts.append(
                    template.Call(
                        child.node.name,
                        [a.value for a in child.args],
                        {k.key: k.value.value for k in child.kwargs},
                        child.lineno,
                    )
                )
    joined = []
    for p in parts:
        if isinstance(p, str) and joined and isinstance(joined[-1], str):
            joined[-1] += p
        else:
            joined.append(p)
    return [p for p in joined if p != ""]


@pytest.mark.parametrize(
    "text",
    [
        'a {{ cite("x", "y") }} b\n',
        '{{ cite("x", locator="y") }}\n\n',
        "{{cite('x')}}",
        '{{ cite("é") }}',
        'x\n\n{{ cite("x") }}\nline 3 {{ question_link("q") }}',
        '{{ cite("x") }}}',
        "plain\n",
        "",
    ],
)
def test_macro_calls_read_without_jinja_as_jinja_reads_them(text):
    parts = template.simple_parts(text, set(MACROS))
    assert parts is not None and parts == _jinja_parts(text)


@pytest.mark.parametrize(
    "text",
    [
        '{{{ cite("x") }}}',
        '{{ cite(locator="y", "x") }}',
        '{{ cite("x") -}}',
        '{{ nope("x") }}',
        "{{ cite(1) }}",
        '{{ cite("a}}b") }}',
        "{% raw %}{{ x }}{% endraw %}",
        '{{ cite("x", locator="a", locator="b") }}',
    ],
)
def test_anything_else_is_left_to_jinja(text):
    assert template.simple_parts(text, set(MACROS)) is None


def test_every_page_reads_the_same_without_jinja():
    pages = list((ROOT / "docs").rglob("*.md"))
    read = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parts = template.simple_parts(text, set(MACROS))
        if parts is not None:
            read += 1
            assert parts == _jinja_parts(text), page
    assert read >= len(pages) - 2  # only pages showing template syntax need Jinja


def test_a_block_holds_the_macro_calls_on_its_body_lines(real_kb):
    text = (
        '---\ntitle: T\ndescription: D.\n---\n\n## Q { #q }\n\n{{ cite("before") }}\n'
        '!!! answer "Answer"\n\n    {{ cite("first") }}\n\n    {{ cite("last") }}\n{{ cite("after") }}\n'
    )
    record = pages.read_page(text, "topics/t.md", "docs/topics/t.md", MACROS, [])
    assert [[c.args[0] for c in b.calls] for b in record.blocks] == [["first", "last"]]
    for page in real_kb.pages.values():  # the same as filtering the page's calls by line, on the real content
        for b in page.blocks:
            assert b.calls == [c for c in page.calls if b.line < c.line <= b.end], (page.path, b.line)


def test_expand_joins_text_and_macro_output():
    parts = template.template_parts('A {{ cite("x", locator="p. 2") }}.\n', "page.md", {"cite"}, [])
    assert template.expand(parts, {"cite": lambda rid, locator="": f"<{rid}|{locator}>"}) == "A <x|p. 2>."


@pytest.mark.parametrize(
    "tex, mathml",
    [
        # the row around the whole formula and a row of one identifier go
        ("ab", '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mi>a</mi><mi>b</mi></math>'),
        (
            r"\frac{a}{b + c}",
            '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mfrac><mi>a</mi>'
            "<mrow><mi>b</mi><mo>&#x0002B;</mo><mi>c</mi></mrow></mfrac></math>",
        ),
        # an operator alone in its group keeps its row, which sets its spacing
        (
            "a {-} b",
            '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mi>a</mi>'
            "<mrow><mo>&#x02212;</mo></mrow><mi>b</mi></math>",
        ),
    ],
)
def test_formulas_lose_only_redundant_rows(tex, mathml):
    assert to_mathml(tex) == mathml


def test_tool_slots_follow_question_headings_only():
    text = "# Topic\n\nIntro.\n\n## A question { #q-a }\n\nText.\n\n## Not a question { #other }\n\nMore.\n"
    html = markdown.markdown(text, extensions=["attr_list", slots.ToolSlotsExtension({"q-a"})])
    assert html.count('<div class="kb-question-tools"></div>') == 1
    assert '</h2>\n<div class="kb-question-tools"></div>\n<p>Text.</p>' in html
    assert html.startswith('<h1>Topic</h1>\n<div class="kb-page-tools"></div>\n<p>Intro.</p>')
    plain = markdown.markdown(text, extensions=["attr_list", slots.ToolSlotsExtension(set())])
    assert "kb-question-tools" not in plain and "kb-page-tools" not in plain
    untitled = markdown.markdown(
        "## A question { #q-a }\n\nText.\n", extensions=["attr_list", slots.ToolSlotsExtension({"q-a"})]
    )
    assert untitled.startswith('<div class="kb-page-tools"></div>\n<h2 id="q-a">')


def test_note_tags_read_a_wrapped_tags_paragraph_to_its_end():
    from macros.model import note_tags

    body = "**Tests:** x\n\n**Tags:** precision, recall, machine\n  learning,\n  F1 score\n\nafter"
    assert note_tags(body) == ["precision", "recall", "machine learning", "F1 score"]
    assert note_tags("**Tags:** one\n") == ["one"]
    assert note_tags("**Tests:** no tags") == []
