"""Links: LinkChecker crawls the served site and finds no broken internal link or anchor.

LinkChecker (PyPI) follows every internal link from the home page, checks each
fragment against the target page's anchors (its AnchorCheck plugin), and reports
external links without fetching them (``conftest.check_links``; the Zensical build is
checked the same way in test_zensical.py).
"""

from conftest import check_links, site_pages


def test_no_broken_internal_links_or_anchors(built_site, site_url, tmp_path):
    internal, broken = check_links(site_url, tmp_path)
    assert not broken, f"{len(broken)} broken link(s) or anchor(s):\n" + "\n".join(broken)
    # The crawl reached every page of the built site.
    checked = {r["url"].split("#")[0].removeprefix(site_url) for r in internal}
    assert set(site_pages(built_site)) - {"404.html"} <= checked
    # Fragments were checked against anchors (a question link on a topic page exists).
    assert any("#" in r["url"] for r in internal)
