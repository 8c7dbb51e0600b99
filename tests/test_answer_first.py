"""Answer first: on every topic page, each question's answer starts right below its heading, on a phone too."""

from __future__ import annotations

import statistics

import pytest

from conftest import PageLog

#: Where the answer's first lines lie relative to its heading, for every question of a page (CSS px).
MEASURE = """() => [...document.querySelectorAll('article h2[id]')].filter(h => h.nextElementSibling &&
  h.nextElementSibling.classList.contains('kb-question-tools')).map(h => {
  let el = h.nextElementSibling, answer = null;
  while (el && el.tagName !== 'H2') { if (el.classList.contains('answer')) { answer = el; break; } el = el.nextElementSibling; }
  const first = answer && answer.querySelector(':scope > :not(.admonition-title)');
  const line = first ? parseFloat(getComputedStyle(first).lineHeight) || 24 : 0;
  return {id: h.id, top: h.getBoundingClientRect().top,
          answer: first ? first.getBoundingClientRect().top : null, line: line};
})"""

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def distances(browser, site_url: str, pages: list[str], width: int, height: int) -> dict[str, float]:
    """The distance (CSS px) from each question's heading to the top of its answer's first line.

    Args:
        browser: a Playwright browser.
        site_url: the served site's base URL.
        pages: topic pages, as URL paths relative to the site root.
        width, height: the viewport (CSS px).

    Returns:
        Question id -> distance in px; None for a question without an answer.
    """
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    out = {}
    for path in pages:
        page.goto(site_url + path)
        for q in page.evaluate(MEASURE):
            out[q["id"]] = None if q["answer"] is None else (q["answer"] - q["top"], q["line"])
    context.close()
    return out


@pytest.fixture(scope="module")
def topic_pages(built_site) -> list[str]:
    return [p.parent.relative_to(built_site).as_posix() + "/" for p in sorted(built_site.glob("topics/*/index.html"))]


@pytest.mark.parametrize("size", SIZES)
def test_heading_and_first_lines_of_the_answer_share_a_screen(browser, site_url, topic_pages, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    log = PageLog(context)
    context.close()
    measured = distances(browser, site_url, topic_pages, width, height)
    assert measured and not log.problems
    missing = [q for q, d in measured.items() if d is None]
    assert not missing, f"questions without an answer after the heading: {missing}"
    # The heading's top and the answer's first two lines fit in one viewport height.
    too_far = {q: round(d) for q, (d, line) in measured.items() if d + 2 * line > height}
    assert not too_far, f"{size}: answer starts too far below its heading (px): {too_far}"
    values = [d for d, _ in measured.values()]
    print(
        f"\n{size}: {len(values)} questions, heading to answer median {statistics.median(values):.0f} px, "
        f"worst {max(values):.0f} px"
    )
