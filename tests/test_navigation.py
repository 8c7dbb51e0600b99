"""Navigation and small fixes, in Chromium at desktop and phone sizes: the contributors'
pages sit in their own section at the end of the navigation; the home page's counts
table shows every column at 1280 and 1920 px; no table has an empty header cell; the
404 page sends a known question id to its question and offers a search and the way home."""

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, PageLog, serve, site_pages

CONTRIBUTOR_PAGES = {"about/html-contract/", "about/zensical/", "about/quality/"}
DESKTOP, PHONE = (1280, 900), (390, 844)
SIZES = (DESKTOP, PHONE)


def _ids(size):
    return f"{size[0]}x{size[1]}"


_NAV = """() => [...document.querySelectorAll('.md-nav--primary > .md-nav__list > .md-nav__item')].map(li => ({
  label: li.querySelector(':scope > .md-nav__link, :scope > label.md-nav__link').textContent.trim(),
  links: [...li.querySelectorAll('a.md-nav__link')].map(a => new URL(a.href).pathname),
}))"""


@pytest.mark.parametrize("size", SIZES, ids=_ids)
def test_contributor_pages_are_a_section_at_the_end_of_the_navigation(browser, site_url, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    root = urlsplit(site_url).path
    for path in ("", "topics/fundamentals/", "about/quality/"):
        page.goto(site_url + path)
        sections = page.evaluate(_NAV)
        assert sections[-1]["label"] == "For contributors", sections
        assert {p.removeprefix(root) for p in sections[-1]["links"]} == CONTRIBUTOR_PAGES
        elsewhere = {p.removeprefix(root) for s in sections[:-1] for p in s["links"]} & CONTRIBUTOR_PAGES
        assert not elsewhere, f"/{path}: contributors' pages among the readers' sections: {elsewhere}"
    context.close()


_COLUMNS = """() => {
  const heading = document.getElementById('verdict-counts');
  let wrap = heading.nextElementSibling;
  while (wrap && !wrap.querySelector('table')) wrap = wrap.nextElementSibling;
  const box = wrap.querySelector('.md-typeset__scrollwrap') || wrap;
  const b = box.getBoundingClientRect();
  return {scrolls: box.scrollWidth > box.clientWidth + 1, focusable: box.getAttribute('tabindex') === '0',
          columns: [...wrap.querySelectorAll('thead th')].map(th => {
    th.scrollIntoView({block: 'center', inline: 'nearest'});
    const r = th.getBoundingClientRect(), hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return {text: th.textContent.trim(), left: r.left, right: r.right, inView: r.left >= 0 && r.right <= innerWidth,
            inBox: r.left >= b.left - 0.5 && r.right <= b.left + box.clientWidth + 0.5, onTop: !!hit && th.contains(hit)};
  })};
}"""


@pytest.mark.parametrize("width", (1280, 1920))
def test_home_counts_table_shows_every_column(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url)
    found = page.evaluate(_COLUMNS)
    context.close()
    columns = found["columns"]
    assert [c["text"] for c in columns][0] == "Source" and columns[-1]["text"] == "Items", columns
    hidden = [c for c in columns if not (c["inView"] and c["inBox"] and c["onTop"])]
    assert not hidden and not found["scrolls"], f"at {width} px: {hidden}"


def test_home_counts_table_scrolls_by_keyboard_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    page = context.new_page()
    page.goto(site_url)
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")  # a11y.js's observer
    found = page.evaluate(_COLUMNS)
    context.close()
    assert not found["scrolls"] or found["focusable"], found


class _Headers(HTMLParser):
    """Collect the text of every ``<th>`` of a page."""

    def __init__(self):
        super().__init__()
        self.cells, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "th":
            self._open = ""

    def handle_endtag(self, tag):
        if tag == "th" and self._open is not None:
            self.cells.append(self._open.strip())
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open += data


def test_no_table_has_an_empty_header_cell(built_site):
    empty, counted = [], 0
    for path in site_pages(built_site):
        parser = _Headers()
        html = built_site / (path if path.endswith(".html") else path + "index.html")
        parser.feed(html.read_text(encoding="utf-8"))
        counted += len(parser.cells)
        empty += [f"/{path}" for cell in parser.cells if not cell]
    assert counted > 0
    assert not empty, f"empty <th> on: {sorted(set(empty))}"


@pytest.fixture(scope="module")
def pages_url(built_site):
    """The built site served like GitHub Pages (404.html for a missing path); its base URL."""
    with serve(built_site) as base:
        yield base


def _question_urls() -> dict[str, str]:
    """Every live question id and its page's URL path, from docs/ids.json."""
    questions = json.loads((ROOT / "docs/ids.json").read_text(encoding="utf-8"))["questions"]
    return {qid: page.removesuffix(".md") + "/" for qid, page in questions.items()}


def _unexpected(problems: list[str], missing: str) -> list[str]:
    """The problems a page log recorded, apart from the 404 of the ``missing`` page itself."""
    expected = {
        f"HTTP 404: {missing}",
        "console error: Failed to load resource: the server responded with a status of 404 (Not Found)",
    }
    return [p for p in problems if p not in expected]


def _on_the_question(page, base: str, qid: str, where: str) -> None:
    page.wait_for_url(base + where + "#" + qid, timeout=5000)
    page.wait_for_load_state("load")
    top = page.evaluate(f"document.getElementById({qid!r}).getBoundingClientRect().top")
    assert 0 <= top < page.evaluate("innerHeight"), top


@pytest.mark.parametrize("size", SIZES, ids=_ids)
def test_a_known_question_id_at_any_address_goes_to_its_question(browser, pages_url, size):
    urls = _question_urls()
    qid, where = sorted(urls.items())[len(urls) // 2]
    elsewhere = next(u for u in sorted(set(urls.values())) if u != where)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    log = PageLog(context)
    page = context.new_page()
    # A removed page (the 404 page), then a live page that does not hold the question.
    page.goto(pages_url + "old/page/#" + qid)
    _on_the_question(page, pages_url, qid, where)
    page.goto(pages_url + elsewhere + "#" + qid)
    _on_the_question(page, pages_url, qid, where)
    context.close()
    assert not _unexpected(log.problems, pages_url + "old/page/"), log.problems


@pytest.mark.parametrize("size", SIZES, ids=_ids)
def test_the_404_page_offers_search_and_the_way_home(browser, pages_url, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    log = PageLog(context)
    page = context.new_page()
    response = page.goto(pages_url + "no/such-page/#constructor")  # not a question id (nor an object key)
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.url == pages_url + "no/such-page/#constructor", "an unknown address stays where it is"
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.title().startswith("Page not found")
    home = page.locator("article a", has_text="home page")
    assert home.is_visible() and home.get_attribute("href") == urlsplit(pages_url).path
    box = page.get_by_role("searchbox", name="Search the questions")
    assert box.is_visible() and box.input_value() == "no such page"
    box.fill("precision recall")
    box.press("Enter")  # the home page opens Material's search for ?q=
    page.wait_for_url(pages_url + "?q=precision+recall")
    page.locator(".md-search-result__item").first.wait_for()
    assert "precision" in page.locator(".md-search-result").inner_text().lower()
    context.close()
    assert not _unexpected(log.problems, pages_url + "no/such-page/"), log.problems
