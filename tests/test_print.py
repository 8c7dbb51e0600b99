"""Print, in Chromium: a topic page prints compact (questions, answers, one line per
source with its correction's conclusion; no quotes, correction bodies or interviewer
notes), long boxes break across pages, and the largest topic prints on at most one A4
page per question on average (docs/stylesheets/extra.css, section "Print")."""

import re

import pytest

from conftest import TOPIC_PAGE


def pdf_pages(pdf: bytes) -> int:
    """Count the pages of a PDF written by Chromium (Skia writes each page object
    uncompressed, ``/Type /Page``); checked against the page tree's ``/Count``.

    Args:
        pdf: the PDF file's bytes.

    Returns:
        The number of pages (int).
    """
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)]
    assert counts and max(counts) == pages, f"{pages} page objects, page tree counts {counts}"
    return pages


def _topics(built_site) -> list[str]:
    return sorted(
        p.parent.relative_to(built_site).as_posix() + "/" for p in (built_site / "topics").glob("*/index.html")
    )


def _print_pdf(page, url: str) -> tuple[int, int, int]:
    """Load ``url`` and print it to A4 (Chromium fires beforeprint and applies the print
    styles); return ``(pages, questions, characters of the article's text)``."""
    page.goto(url)
    questions = page.locator("article h2[id]").count()
    text = page.evaluate("document.querySelector('article').textContent.length")
    return pdf_pages(page.pdf(format="A4")), questions, text


def test_pdf_pages_are_counted():
    one = b"%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R] /Count 1>> endobj\n2 0 obj <</Type /Page /Parent 1 0 R>> endobj\n"
    assert pdf_pages(one) == 1
    with pytest.raises(AssertionError):
        pdf_pages(one.replace(b"/Count 1", b"/Count 2"))


@pytest.fixture(scope="module")
def printed(browser, built_site, site_url) -> dict[str, tuple[int, int, int]]:
    """Every topic page printed to A4 from a desktop window: ``{path: (pages, questions, text length)}``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {path: _print_pdf(page, site_url + path) for path in _topics(built_site)}
    context.close()
    print("\n" + "\n".join(f"{n:3d} A4 pages, {q:2d} questions: /{p}" for p, (n, q, _) in found.items()))
    return found


def test_the_largest_topic_prints_on_at_most_one_a4_page_per_question(printed):
    report = "\n".join(f"{n:3d} A4 pages, {q:2d} questions: /{p}" for p, (n, q, _) in printed.items())
    largest = max(printed, key=lambda p: printed[p][2])  # the most text
    pages, questions, _ = printed[largest]
    assert questions > 0 and pages <= questions, f"/{largest}: {pages} pages for {questions} questions\n{report}"
    total_pages, total_questions = sum(n for n, _, _ in printed.values()), sum(q for _, q, _ in printed.values())
    assert total_pages <= total_questions, f"{total_pages} pages for {total_questions} questions\n{report}"


def test_the_print_does_not_depend_on_the_window(browser, printed, site_url):
    """Printed from a 390×844 phone, the largest topic takes the same pages."""
    largest = max(printed, key=lambda p: printed[p][2])
    context = browser.new_context(viewport={"width": 390, "height": 844})
    assert _print_pdf(context.new_page(), site_url + largest) == printed[largest]
    context.close()


def _shown(page, selector: str) -> list[bool]:
    return page.locator(selector).evaluate_all("els => els.map(e => e.checkVisibility())")


def test_a_topic_prints_questions_answers_and_conclusions_only(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + TOPIC_PAGE)
    page.locator(".kb-practice-switch").click()  # practice mode on: the answers still print
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    questions = page.locator("article h2[id]").count()
    assert questions > 5
    assert _shown(page, "article h2[id]") == [True] * questions
    assert _shown(page, ".kb-question-meta") == [True] * questions
    assert _shown(page, ".admonition.answer") == [True] * questions
    assert all(_shown(page, ".admonition.answer > :not(.admonition-title)"))
    corrections = page.locator(".admonition.correction").count()
    assert corrections > 5
    assert _shown(page, ".admonition.correction > .admonition-title") == [True] * corrections
    assert not any(_shown(page, ".admonition.correction > :not(.admonition-title)"))
    items = page.locator("figure.source-answer").count()
    assert _shown(page, "figure.source-answer figcaption") == [True] * items
    assert not any(_shown(page, "figure.source-answer blockquote, figure.source-answer .source-question"))
    assert not any(_shown(page, "details.interviewer"))
    assert not any(_shown(page, ".md-header, .md-sidebar--primary, .kb-question-tools"))
    # Long boxes may break across pages; Material keeps every admonition whole by default.
    breaks = page.locator(".admonition.answer").evaluate_all("els => els.map(e => getComputedStyle(e).breakInside)")
    assert set(breaks) == {"auto"}, set(breaks)
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.locator(".kb-practice-switch").click()
    context.close()


def test_other_pages_print_in_full(browser, site_url):
    """The compact print is for topic pages: a source's page keeps its whole text."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "sources/testgorilla/")
    page.emulate_media(media="print")
    assert page.locator("article").evaluate("a => a.textContent.length") > 1000
    hidden = page.locator("article > *").evaluate_all(
        "els => els.filter(e => !e.checkVisibility() && !e.matches('.kb-page-tools, .kb-question-tools')).length"
    )
    assert hidden == 0
    context.close()
