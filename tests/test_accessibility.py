"""Accessibility: axe-core's WCAG 2.1 A and AA rules report nothing on any page, in either palette.

axe-core comes from the npm registry (package.json, installed by scripts/test) and is
injected into each page with Playwright. Collapsed <details> (interviewer notes) are
opened first so that their text is checked too. Material's search dialog and the
mobile navigation drawer are checked open, since they are hidden on page load.
"""

import json

import pytest

from conftest import NODE_MODULES, TOPIC_PAGE, missing_tool, site_pages

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
#: WCAG 2.0 and 2.1, levels A and AA, plus the dialog-name rule (tagged best-practice
#: by axe, required by Lighthouse) that Material's search dialog failed.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {"aria-dialog-name": {"enabled": True}},
    "resultTypes": ["violations"],
}
SCHEMES = {"light": "default", "dark": "slate"}
#: A phone-sized viewport: wide tables scroll there, and the layout differs.
MOBILE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        missing_tool(f"axe-core ({AXE})", "run `npm ci --omit=dev --ignore-scripts` (scripts/test does)")
    return AXE.read_text(encoding="utf-8")


def _violations(page, axe_source: str, where: str) -> list[str]:
    """Run axe-core on the page as it is; return one line per violation and element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(f"axe.run(document, {json.dumps(AXE_OPTIONS)})")
    out = []
    for v in result["violations"]:
        for node in v["nodes"]:
            summary = " ".join(node["failureSummary"].split())
            out.append(f"{where}: {v['id']} ({v['impact']}) at {' '.join(map(str, node['target']))}: {summary}")
    return out


def _open_in(browser, scheme: str, **options):
    # axe-core is injected as an inline script, which the site's Content-Security-Policy
    # refuses (as it should: tests/test_csp.py); the audit runs with the policy set aside.
    context = browser.new_context(color_scheme=scheme, bypass_csp=True, **options)
    return context, context.new_page()


@pytest.mark.parametrize("scheme,device", [("light", "desktop"), ("dark", "desktop"), ("light", "mobile")])
def test_every_page_has_no_axe_violations(browser, built_site, site_url, axe_source, scheme, device):
    pages = site_pages(built_site)
    context, page = _open_in(browser, scheme, **(MOBILE if device == "mobile" else {}))
    found = []
    for path in pages:
        page.goto(site_url + path, wait_until="networkidle")
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        found += _violations(page, axe_source, f"{path or '/'} [{scheme}, {device}]")
    context.close()
    assert len(pages) >= 5
    assert not found, f"{len(found)} axe violation(s):\n" + "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_results_have_no_axe_violations(browser, site_url, axe_source, scheme):
    context, page = _open_in(browser, scheme)
    page.goto(site_url, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("recall", delay=20)
    page.locator(".md-search-result__item mark").first.wait_for()
    found = _violations(page, axe_source, f"search results [{scheme}]")
    context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_mobile_navigation_drawer_has_no_axe_violations(browser, site_url, axe_source, scheme):
    context, page = _open_in(browser, scheme, **MOBILE)
    page.goto(site_url + TOPIC_PAGE, wait_until="networkidle")
    page.locator("label.md-header__button[for='__drawer']").click()
    page.locator(".md-sidebar--primary .md-nav__title").first.wait_for()
    found = _violations(page, axe_source, f"mobile drawer [{scheme}]")
    context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme,device", [("light", "desktop"), ("dark", "desktop"), ("light", "mobile")])
def test_the_interview_kit_has_no_axe_violations_in_either_state(browser, site_url, axe_source, scheme, device):
    """The kit as the script builds it (test_every_page_has_no_axe_violations sees its first
    state only): the picker filtered with questions chosen; the shared kit's interviewer's sheet
    with the sources shown, its candidate's sheet, and the candidate's link alone."""
    context, page = _open_in(browser, scheme, **(MOBILE if device == "mobile" else {}))
    found = []
    page.goto(site_url + "kit/", wait_until="networkidle")
    page.get_by_label("Level", exact=True).select_option("senior")
    page.get_by_label("How many", exact=True).fill("4")
    page.get_by_role("button", name="Pick at random").click()
    assert page.locator(".kb-kit-chosen li").count() == 4
    found += _violations(page, axe_source, f"kit picker [{scheme}, {device}]")
    url = page.locator(".kb-kit-url").get_attribute("href")
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("() => document.querySelectorAll('.kb-kit-answer .admonition.answer').length == 4")
    page.get_by_label("Show what the sources say").check()
    assert page.locator(".kb-kit-sources figure.source-answer").first.is_visible()
    found += _violations(page, axe_source, f"kit, interviewer's sheet [{scheme}, {device}]")
    page.get_by_label("Candidate's").check()
    found += _violations(page, axe_source, f"kit, candidate's sheet [{scheme}, {device}]")
    page.goto(url + "&sheet=candidate", wait_until="networkidle")
    page.locator("ol.kb-kit-candidate").wait_for()
    found += _violations(page, axe_source, f"kit, candidate's link [{scheme}, {device}]")
    context.close()
    assert not found, f"{len(found)} axe violation(s):\n" + "\n".join(found)
