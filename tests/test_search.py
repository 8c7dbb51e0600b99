"""Search finds the question the way people ask: the queries of tests/search_queries.yml,
typed into the real search box of the built site in Chromium, find their expected question
among the first five results a reader sees, at least ``GOAL`` of them (the project's goal)."""

from scripts import search_hit_rate

#: The share of queries that must find their question in the top five.
GOAL = 0.9


def test_query_set_is_large_and_points_at_real_questions(real_site):
    _, site = real_site
    queries = search_hit_rate.load_queries()
    assert len(queries) >= 25
    pages = search_hit_rate.question_pages(site)
    assert not [q["expect"] for q in queries if q["expect"] not in pages]


def test_queries_find_their_question_in_the_top_five(browser, built_site, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    results = search_hit_rate.ranks(
        page, site_url, search_hit_rate.load_queries(), search_hit_rate.question_pages(built_site)
    )
    misses = [(query, expect, top) for query, expect, rank, top in results if rank is None]
    hit_rate = 1 - len(misses) / len(results)
    assert hit_rate >= GOAL, f"hit rate {hit_rate:.0%}: {len(misses)} of {len(results)} queries missed: {misses}"
