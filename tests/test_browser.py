"""The built site in a real browser (Playwright driving Debian's chromium, the site served on 127.0.0.1).

Every page of the built site loads without console errors, failed or refused
requests, and without a single request to another host; navigation, search and
the palette toggle work.
"""

from urllib.parse import urlsplit

from conftest import SEARCH_INDEX, TOPIC_PAGE, PageLog, site_pages


def test_every_page_loads_cleanly_and_only_from_the_local_server(browser, built_site, site_url):
    pages = site_pages(built_site)
    assert "" in pages and TOPIC_PAGE in pages and len(pages) >= 5, pages
    context = browser.new_context()
    log = PageLog(context)
    page = context.new_page()
    problems = []
    for path in pages:
        log.problems.clear()
        page.goto(site_url + path, wait_until="networkidle")
        assert page.locator("h1").count() >= 1, f"{path}: no h1"
        problems += [f"{path or '/'}: {p}" for p in log.problems]
    context.close()
    local = urlsplit(site_url).netloc
    foreign = sorted(
        {u for u in log.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != local}
    )
    # Seeing the search worker's script proves requests made for workers are recorded too.
    assert any("/assets/javascripts/workers/search." in u for u in log.requests), (
        "the search worker request was not recorded"
    )
    # The search index waits until a reader starts a search (overrides/partials/search-on-demand.js).
    assert not [u for u in log.requests if u.endswith(SEARCH_INDEX)], "the search index was fetched on page load"
    problems += [f"request to another host: {u}" for u in foreign]
    assert not problems, "\n".join(problems)


def test_navigation_follows_links_between_pages(browser, site_url):
    context = browser.new_context()
    log = PageLog(context)
    page = context.new_page()
    page.goto(site_url + TOPIC_PAGE)
    title = page.locator("h1").inner_text()
    page.goto(site_url, wait_until="networkidle")
    # A topic card on the home page.
    page.locator(f".grid.cards a[href$='{TOPIC_PAGE}']").first.click()
    page.wait_for_url(site_url + TOPIC_PAGE)
    assert page.locator("h1").inner_text() == title
    # A quote's attribution links to its source.
    page.locator("#testgorilla-30 figcaption a[href*='sources/']").click()
    page.wait_for_url(site_url + "sources/**")
    source_url = page.url
    assert page.locator("h1").count() == 1
    # The sidebar navigation, then the browser's back button.
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Methodology").first.click()
    page.wait_for_url(site_url + "about/methodology/")
    page.go_back()
    page.wait_for_url(source_url)
    # An in-page question permalink.
    page.goto(site_url + TOPIC_PAGE + "#precision-recall")
    assert page.locator("h2#precision-recall").is_visible()
    context.close()
    assert not log.problems, log.problems


def test_search_finds_a_question_and_opens_it(browser, site_url):
    context = browser.new_context()
    log = PageLog(context)
    page = context.new_page()
    page.goto(site_url, wait_until="networkidle")
    assert not [u for u in log.requests if u.endswith(SEARCH_INDEX)], "the search index was fetched before a search"
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("recall", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert [u for u in log.requests if u.endswith(SEARCH_INDEX)], "the search index was not fetched for the search"
    assert "recall" in page.locator(".md-search-result").inner_text().lower()
    page.locator(".md-search-result__link", has_text="precision and recall").first.click()
    page.wait_for_url(site_url + TOPIC_PAGE + "**")
    assert "precision-recall" in page.url
    context.close()
    assert not log.problems, log.problems


def test_search_starts_from_the_keyboard_and_from_a_search_link(browser, site_url):
    """The index also arrives when search is opened with its "/" shortcut or by a ``?q=`` link,
    and what the reader typed before it arrived is searched."""
    context = browser.new_context()
    log = PageLog(context)
    page = context.new_page()
    page.goto(site_url + "corrections/", wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("overfitting")
    page.locator(".md-search-result__item").first.wait_for()
    assert "overfitting" in page.locator(".md-search-result").inner_text().lower()
    page.goto(site_url + "?q=lasso", wait_until="networkidle")
    page.locator(".md-search-result__item").first.wait_for()
    assert "lasso" in page.locator(".md-search-result").inner_text().lower()
    context.close()
    assert not log.problems, log.problems


def test_palette_toggle_switches_and_remembers_the_scheme(browser, site_url):
    context = browser.new_context(color_scheme="light")
    log = PageLog(context)
    page = context.new_page()
    page.goto(site_url, wait_until="networkidle")
    scheme = lambda: page.locator("body").get_attribute("data-md-color-scheme")  # noqa: E731
    assert scheme() == "default"
    page.get_by_title("Switch to dark mode").click()
    assert scheme() == "slate"
    page.goto(site_url + TOPIC_PAGE, wait_until="networkidle")
    assert scheme() == "slate", "the chosen palette is kept across pages"
    page.get_by_title("Switch to light mode").click()
    assert scheme() == "default"
    context.close()
    assert not log.problems, log.problems


def test_dark_system_preference_selects_the_dark_palette(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url, wait_until="networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    context.close()
