"""The Content-Security-Policy of overrides/main.html: it is the first thing in <head> that can
load or run anything, it allows exactly the site's inline scripts (by hash), and no page of
the built site violates it in Chromium while a reader navigates, searches, switches the
palette and uses the reader tools; a script or inline style that the policy does not list
is refused."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest

from conftest import ROOT, TOPIC_PAGE, site_pages

#: Records each violation of the policy (added before any page script runs; not subject to it).
LISTEN = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push("
    "e.effectiveDirective + ' ' + e.blockedURI + ' ' + (e.sample || '') + ' at ' + location.pathname), true);"
)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


class _Head(HTMLParser):
    """The order of a page's <head> elements, its policy, inline scripts and style attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.order, self.policy, self.scripts, self.styles = [], None, [], set()
        self._script = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = a["content"]
            self.order.append("policy")
        elif tag in ("script", "style") or (
            tag == "link" and a.get("rel") in ("stylesheet", "preload", "modulepreload")
        ):
            self.order.append(tag)
        if "style" in a:
            self.styles.add(a["style"])
        if tag == "script" and "src" not in a and a.get("type", "text/javascript") in ("text/javascript", "module"):
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def _directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def _pages(site: Path) -> dict[str, _Head]:
    out = {}
    for path in sorted(site.rglob("*.html")):
        head = _Head()
        head.feed(path.read_text(encoding="utf-8"))
        out[path.relative_to(site).as_posix()] = head
    return out


def test_every_page_has_the_policy_before_anything_it_governs(built_site):
    pages = _pages(built_site)
    assert len(pages) >= 5
    for path, head in pages.items():
        assert head.order and head.order[0] == "policy", f"{path}: {head.order[:3]}"
        directives = _directives(head.policy)
        assert directives["default-src"] == ["'none'"] and directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"]
        assert directives["connect-src"] == ["'self'"] and directives["img-src"] == ["'self'", "data:"]
        assert "'unsafe-inline'" not in head.policy and "'unsafe-eval'" not in head.policy


def test_the_policy_allows_exactly_the_inline_scripts_and_alignment_styles_of_the_site(built_site):
    pages = _pages(built_site)
    allowed = {path: set(_directives(h.policy)["script-src"]) - {"'self'"} for path, h in pages.items()}
    used = {path: {_sha256(s) for s in h.scripts} for path, h in pages.items()}
    for path in pages:
        assert used[path] == allowed[path], (
            f"{path}: set script-src in overrides/main.html to 'self' {' '.join(sorted(used[path]))} "
            f"(the hashes of the page's inline scripts)"
        )
    assert max(len(u) for u in used.values()) == 4, "Material's three inline scripts and ours"
    styles = {s for h in pages.values() for s in h.styles}
    assert styles <= {f"text-align: {side};" for side in ("left", "center", "right")}, styles
    style_src = _directives(pages["index.html"].policy)["style-src"]
    assert style_src == [
        "'self'",
        "'unsafe-hashes'",
        *(_sha256(f"text-align: {side};") for side in ("left", "center", "right")),
    ]


def test_the_scope_script_is_materials_with_the_scope_read_from_its_attribute():
    theirs = (Path(material.__file__).parent / "templates/partials/javascripts/base.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides/partials/javascripts/base.html").read_text(encoding="utf-8")
    script = lambda text: re.search(r"<script[^>]*>(.*?)</script>", text, re.S)[1]  # noqa: E731
    assert '"{{ config.extra.scope | d(base_url) }}"' in script(theirs)
    assert script(ours) == script(theirs).replace(
        '"{{ config.extra.scope | d(base_url) }}"', "document.currentScript.dataset.scope"
    )
    assert 'data-scope="{{ (config.extra.scope | d(base_url)) | e }}"' in ours


@pytest.fixture()
def watched(browser):
    """A browser context whose pages record every violation of the policy in window.__csp."""
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    errors = []
    context.on("page", lambda p: p.on("console", lambda m: m.type == "error" and errors.append(m.text)))
    yield context, errors
    context.close()


def test_no_page_violates_the_policy_while_a_reader_uses_the_site(watched, built_site, site_url):
    context, errors = watched
    page = context.new_page()
    found = []
    for path in site_pages(built_site):
        page.goto(site_url + path, wait_until="networkidle")
        found += page.evaluate("window.__csp")
    # Search (the index and the worker), the palette toggle, practice mode, the kit.
    page.goto(site_url + TOPIC_PAGE, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("recall", delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    page.get_by_title("Switch to dark mode").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.locator(".kb-practice-switch").click()
    page.locator(".kb-reveal-button").first.click()
    found += page.evaluate("window.__csp")
    # The kit: the picker (filters, a random pick, a move), then both sheets, the sources shown.
    page.goto(site_url + "kit/", wait_until="networkidle")
    page.get_by_label("Level", exact=True).select_option("mid")
    page.get_by_role("button", name="Pick at random").click()
    page.locator(".kb-kit-chosen button[data-move=down]").first.click()
    found += page.evaluate("window.__csp")
    page.goto(site_url + "kit/?questions=precision-recall,l1-vs-l2")
    page.wait_for_function("() => document.querySelectorAll('.kb-kit-question .admonition.answer').length == 2")
    page.get_by_label("Show what the sources say").check()
    page.get_by_label("Candidate's").check()
    found += page.evaluate("window.__csp")
    assert found == [], found
    assert errors == [], errors


def test_a_script_or_style_the_policy_does_not_list_is_refused(watched, site_url):
    """The negative control: the policy is enforced, and the listener sees its violations."""
    context, _ = watched
    page = context.new_page()
    page.goto(site_url + TOPIC_PAGE, wait_until="networkidle")
    page.evaluate("""() => {
        const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s);
        const d = document.createElement('div'); d.setAttribute('onclick', 'window.__ran = 2'); document.body.append(d); d.click();
        const e = document.createElement('script'); e.src = 'https://example.org/x.js'; document.body.append(e);
        const p = document.createElement('p'); p.setAttribute('style', 'position: fixed; inset: 0'); document.body.append(p);
        const i = document.createElement('img'); i.src = 'https://example.org/pixel.png'; document.body.append(i);
    }""")
    page.wait_for_function("() => window.__csp.length >= 5")
    assert page.evaluate("window.__ran") is None
    kinds = sorted({v.split()[0] for v in page.evaluate("window.__csp")})
    assert kinds == ["img-src", "script-src-attr", "script-src-elem", "style-src-attr"], kinds
    assert page.locator("p[style]").evaluate("p => getComputedStyle(p).position") != "fixed"
