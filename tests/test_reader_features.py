"""Reader features in Chromium on the built site: practice mode, copy link and highlight,
print, the interview kit, interviewer notes and formulas. (Console errors, third-party
requests and the palette toggle are covered for every page by test_browser.py.)"""

import json
import re
from html import escape
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

TOPIC = "topics/evaluation-metrics/"


@pytest.fixture()
def new_context(browser):
    """Return a factory of fresh browser contexts (separate localStorage) at desktop size."""
    return lambda: browser.new_context(viewport={"width": 1280, "height": 900})


def _errors(page):
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_practice_mode_hides_answers_persists_and_works_by_keyboard(new_context, site_url):
    page = new_context().new_page()
    errors = _errors(page)
    page.goto(site_url + TOPIC)
    switch = page.locator(".kb-practice-switch")
    assert switch.get_attribute("aria-checked") == "false", "practice mode is off by default"
    assert page.locator(".kb-reveal").count() == 0, "the boxes are made when practice mode first hides them"
    assert page.locator(".source-answer").first.is_visible()
    switch.focus()
    page.keyboard.press("Enter")
    assert switch.get_attribute("aria-checked") == "true"
    sections = page.locator(".kb-reveal")
    assert sections.count() == page.locator("article h2[id]").count() > 5
    assert page.locator(".kb-reveal[hidden]").count() == sections.count()
    assert not page.locator("#precision-recall ~ .kb-reveal .source-answer").first.is_visible()
    # One question revealed with the keyboard; the others stay hidden.
    reveal = page.locator(".kb-reveal-button").first
    reveal.focus()
    page.keyboard.press("Space")
    assert reveal.get_attribute("aria-expanded") == "true"
    assert page.locator(".kb-reveal[hidden]").count() == sections.count() - 1
    # Every box is named by its button, and the page's "last update" note stays outside them.
    assert page.evaluate(
        "[...document.querySelectorAll('.kb-reveal-button')].every(b => "
        "document.getElementById(b.getAttribute('aria-controls')).classList.contains('kb-reveal'))"
    )
    assert page.locator("article .md-source-file").is_visible()
    # The choice persists on another page, where the boxes are made at load.
    page.goto(site_url + "topics/fundamentals/")
    assert page.locator(".kb-practice-switch").get_attribute("aria-checked") == "true"
    assert page.locator(".kb-reveal[hidden]").count() == page.locator("article h2[id]").count() > 5
    assert not page.locator(".source-answer").first.is_visible()
    page.locator(".kb-practice-switch").click()
    assert page.locator(".kb-reveal[hidden]").count() == 0
    assert page.locator(".source-answer").first.is_visible()
    assert errors == []


def test_in_practice_mode_a_link_into_a_hidden_section_opens_it(new_context, site_url):
    page = new_context().new_page()
    errors = _errors(page)
    page.goto(site_url + TOPIC)
    item = page.locator("figure.source-answer").nth(3).get_attribute("id")
    page.locator(".kb-practice-switch").click()
    page.goto(site_url + "corrections/")
    page.goto(site_url + TOPIC + "#" + item)
    figure = page.locator(f"[id='{item}']")
    assert figure.is_visible()
    assert 0 <= figure.evaluate("f => f.getBoundingClientRect().top") < 900
    box = figure.evaluate("f => f.closest('.kb-reveal').id")
    button = page.locator(f".kb-reveal-button[aria-controls='{box}']")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator(".kb-reveal[hidden]").count() == page.locator(".kb-reveal").count() - 1
    assert errors == []


def test_copy_link_copies_the_absolute_permalink_and_a_link_highlights_the_question(new_context, site_url):
    ctx = new_context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    page.goto(site_url + TOPIC)
    page.locator("#precision-recall + .kb-question-tools .kb-copy-link").click()
    assert page.evaluate("navigator.clipboard.readText()") == site_url + TOPIC + "#precision-recall"
    assert page.locator("#precision-recall + .kb-question-tools [role=status]").inner_text() == "Link copied"
    page.goto(site_url + "topics/fundamentals/")
    page.goto(site_url + TOPIC + "#roc-curve")
    heading = page.locator("#roc-curve")
    assert heading.evaluate("h => h.matches(':target')")
    background = heading.evaluate("h => getComputedStyle(h).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < 300, "the linked question is scrolled into view"


def test_print_shows_answers_and_notes_without_navigation(new_context, site_url):
    page = new_context().new_page()
    page.goto(site_url + TOPIC)
    page.locator(".kb-practice-switch").click()  # practice mode on: print must still show everything
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("details.interviewer").first.evaluate("d => d.open")
    assert page.locator(".admonition.answer").first.is_visible()
    assert page.locator(".source-answer").first.is_visible()
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.locator(".kb-practice-switch").click()


def test_interview_kit_makes_a_shareable_link_showing_just_those_questions(new_context, site_url):
    """The kit's link lists the ticked questions in the order ticked; an older link "without
    answers" (&answers=0) opens the candidate's sheet. The rest of the kit: tests/test_kit.py."""
    page = new_context().new_page()
    errors = _errors(page)
    page.goto(site_url + "kit/")
    page.wait_for_selector("input[name=q]")  # the list is built once questions.json has loaded
    boxes = page.locator("input[name=q]")
    assert boxes.count() == len(json.loads(urlopen(site_url + "questions.json").read())["questions"])
    page.locator("input[value=l1-vs-l2]").check()
    page.locator("input[value=precision-recall]").check()
    url = page.locator(".kb-kit-url").get_attribute("href")
    assert urlsplit(url).query == "questions=l1-vs-l2,precision-recall"
    page.goto(url)
    page.wait_for_function("() => document.querySelectorAll('.kb-kit-question .admonition.answer').length == 2")
    titles = page.locator(".kb-kit-question h2 a").all_inner_texts()
    by_id = {q["id"]: q["title"] for q in json.loads(urlopen(site_url + "questions.json").read())["questions"]}
    assert titles == [by_id["l1-vs-l2"], by_id["precision-recall"]]
    # Without answers: the questions only, numbered.
    page.goto(url + "&answers=0")
    page.wait_for_selector("ol.kb-kit-candidate")
    assert page.locator("ol.kb-kit-candidate li").all_inner_texts() == titles
    assert page.locator(".kb-kit-question, .kb-kit-question .admonition").count() == 0
    assert errors == []


def test_interviewer_notes_are_collapsed_with_a_level_badge_and_formulas_are_mathml(new_context, site_url):
    page = new_context().new_page()
    page.goto(site_url + TOPIC)
    notes = page.locator("#precision-recall ~ details.interviewer").first
    assert not notes.evaluate("d => d.open"), "interviewer notes start collapsed"
    assert notes.evaluate("d => getComputedStyle(d, '::after').content") == '"Level: mid"'
    assert not notes.locator("text=Red flags").is_visible()
    notes.locator("summary").click()
    assert notes.locator("text=Red flags").is_visible()
    formula = page.locator("#precision-recall ~ * math").first
    assert formula.is_visible() and formula.bounding_box()["width"] > 10


def test_the_script_fills_reserved_slots_without_moving_the_text(browser, site_url):
    """The build reserves the tools' space, so the questions sit where they would without the script."""
    tops = (
        "[...document.querySelectorAll('article h2[id]')].map(h => Math.round(h.getBoundingClientRect().top + scrollY))"
    )
    for width in (1280, 375):  # desktop and phone
        found = {}
        for script in (False, True):
            ctx = browser.new_context(java_script_enabled=script, viewport={"width": width, "height": 900})
            page = ctx.new_page()
            page.goto(site_url + TOPIC)
            if script:
                page.wait_for_selector(".kb-question-tools .kb-copy-link")
                assert page.locator(".kb-practice-switch").count() == 1
            found[script] = page.evaluate(tops)
            ctx.close()
        assert len(found[True]) > 5 and found[True] == found[False], f"at {width} px"


# ---- The interview kit treats questions.json and the pages it copies as untrusted ----------

#: A page or data change that would run script sets this (tests/hostile/README.md).
HOSTILE = "window.__hostile = 1"


def _other_host_requests(log: list[str], site_url: str) -> list[str]:
    here = urlsplit(site_url).netloc
    return [u for u in log if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != here]


def test_kit_reads_the_site_root_from_its_own_script_not_from_an_element_in_the_content(browser, site_url):
    """Content that adds an element with id="__config" (before Material's own, at the end of
    <body>) does not send the kit to another host. The policy is set aside, to test the script."""
    context = browser.new_context(bypass_csp=True)
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()

    def fake_config(route):
        html = route.fetch().text()
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
        config.update(base="http://127.0.0.2:9", search="http://127.0.0.2:9/search.js")
        fake = f'<div id="__config" hidden>{escape(json.dumps(config))}</div>'
        route.fulfill(response=route.fetch(), body=html.replace('<div id="kb-kit">', fake + '<div id="kb-kit">', 1))

    page.route(re.compile(r".*/kit/(\?.*)?$"), fake_config)
    page.goto(site_url + "kit/?questions=precision-recall")
    assert page.locator("article div#__config").count() == 1, "the fake element is in the content"
    page.wait_for_selector(".kb-kit-question .admonition.answer")
    kit_requests = [u for u in requests if "questions.json" in u or "/topics/" in u]
    assert site_url + "questions.json" in kit_requests and site_url + TOPIC in kit_requests
    assert not _other_host_requests(kit_requests, site_url), kit_requests
    context.close()


def test_kit_shows_strings_from_questions_json_as_text_and_fetches_only_this_sites_pages(browser, site_url):
    context = browser.new_context(bypass_csp=True)
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    errors = _errors(page)

    chosen = []

    def hostile_json(route):
        doc = route.fetch().json()
        qs = doc["questions"]
        chosen[:] = [q["id"] for q in qs[:4]]
        qs[0]["title"] = f'<img src="x" onerror="{HOSTILE}">Title with markup'
        qs[0]["topic"]["title"] = f'<b onmouseover="{HOSTILE}">Topic</b>'
        qs[0]["level"] = f"<i>{HOSTILE}</i>"
        qs[1]["url"] = "https://127.0.0.2:9/topics/x/#" + qs[1]["id"]  # another host
        qs[2]["url"] = (
            doc.get("site_url", site_url) + "../../another-site/topics/x/#" + qs[2]["id"]
        )  # same origin, another site
        qs[3]["url"] = "javascript:" + HOSTILE
        qs[4]["id"] = "__config"  # not a question id: left out
        route.fulfill(response=route.fetch(), json=doc)

    page.route("**/questions*.json", hostile_json)  # the picker's questions-index.json, the kit's questions.json
    page.goto(site_url + "kit/")
    page.wait_for_selector("input[name=q]")
    label = page.locator("label.kb-kit-choice").first
    assert "<img" in label.inner_text() and label.locator("img").count() == 0
    assert page.locator(".kb-kit-form legend b, .kb-kit-form legend img").count() == 0
    assert page.locator("input[value=__config]").count() == 0
    page.goto(site_url + "kit/?questions=" + ",".join(chosen))
    page.wait_for_selector(".kb-kit-question:nth-child(1) .admonition.answer")
    sections = page.locator(".kb-kit-question")
    heading = sections.nth(0).locator("h2")
    assert heading.inner_text().startswith("1. <img") and heading.locator("img").count() == 0
    assert sections.nth(0).locator(".kb-kit-meta b, .kb-kit-meta i, .kb-kit-meta .kb-level").count() == 0
    for i in (1, 2, 3):  # no link, nothing copied: the title, and the notes as text
        assert sections.nth(i).locator("h2 a").count() == 0 and sections.nth(i).locator(".admonition").count() == 0
        assert sections.nth(i).locator(".kb-kit-notes p strong").all_inner_texts()[:2] == ["Tests:", "A strong answer:"]
    page.wait_for_timeout(300)
    assert page.evaluate("window.__hostile") is None
    assert not _other_host_requests(requests, site_url), requests
    assert not [u for u in requests if "another-site" in u], requests
    assert errors == []
    context.close()


INJECTED = (
    f'<p onclick="{HOSTILE}" style="position: fixed; inset: 0" id="__x">injected'
    f'<script>{HOSTILE}</script><a href="javascript:{HOSTILE}">js link</a><a href="data:text/html,hi">data link</a>'
    f'<a href="mailto:editor@example.org">mail</a><a href="../fundamentals/#ai-ml-dl">relative</a>'
    f'<img src="x" onerror="{HOSTILE}"><svg><script>{HOSTILE}</script><a href="javascript:{HOSTILE}">s</a></svg>'
    f'<iframe srcdoc="<script>parent.{HOSTILE}</script>"></iframe><style>body {{ display: none }}</style>'
    f'<span data-ok="1" data-md-component="dialog" aria-label="kept" class="kept">kept</span>'
    f'<math><mi href="javascript:{HOSTILE}">x</mi></math><font color="red">unwrapped</font></p>'
)


def test_kit_copies_sections_through_an_allowlist(browser, site_url):
    """Whatever a topic page holds, the kit's copy has no script, handler, style, id or unsafe URL."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    errors = _errors(page)

    def hostile_page(route):
        """The hostile markup in the question's answer, which the kit copies."""
        html = route.fetch().text()
        at = html.index('id="precision-recall"')
        title = '<p class="admonition-title">Answer</p>'
        end = html.index(title, at) + len(title)
        route.fulfill(response=route.fetch(), body=html[:end] + INJECTED + html[end:])

    page.route("**/" + TOPIC, hostile_page)
    page.goto(site_url + "kit/?questions=precision-recall")
    page.wait_for_selector(".kb-kit-question .admonition.answer")
    kit = page.locator(".kb-kit-question")
    assert "injected" in kit.inner_text() and "unwrapped" in kit.inner_text()
    for selector in (
        "script",
        "img",
        "iframe",
        "svg",
        "style",
        "font",
        "[onclick]",
        "[onerror]",
        "[style]",
        "[data-md-component]",
        "[href]:not(a)",
        "a[href^='javascript:']",
        "a[href^='data:']",
    ):
        assert kit.locator(selector).count() == 0, selector
    assert kit.locator("[id]").evaluate_all("els => els.map(e => e.tagName)") == ["H2"], "only the kit's own heading"
    assert kit.locator("span.kept[data-ok='1'][aria-label='kept']").count() == 1
    assert kit.locator("a[href='mailto:editor@example.org']").count() == 1
    assert kit.locator("a", has_text="relative").get_attribute("href") == site_url + "topics/fundamentals/#ai-ml-dl"
    assert kit.locator("math mi").count() >= 1
    kit.locator("a", has_text="js link").click()
    kit.locator("p", has_text="injected").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__hostile") is None
    assert errors == []
    context.close()


def test_kit_copies_every_real_section_unchanged(new_context, site_url):
    """The allowlist keeps everything the site's own parts hold: for every question, the kit's
    copy of its answer, of its interviewer notes' parts (but the tags) and of what the sources
    say (label, quotes, corrections) has the same elements (tag names: upper case in HTML, lower
    case in MathML), attributes and text as its topic page, but ids (removed) and xmlns (the
    namespace itself is kept: the copy's MathML elements are made in it)."""
    page = new_context().new_page()
    page.goto(site_url + "kit/")
    page.wait_for_selector("input[name=q]")
    ids = page.evaluate("[...document.querySelectorAll('input[name=q]')].map(b => b.value)")
    page.goto(site_url + "kit/?questions=" + ",".join(ids))
    page.wait_for_function(
        f"() => document.querySelectorAll('.kb-kit-question .admonition.answer').length == {len(ids)}", timeout=60000
    )
    differences = page.evaluate("""async () => {
        const shape = nodes => nodes.flatMap(n => [n, ...n.querySelectorAll('*')]).map(e =>
            e.tagName + '[' + [...e.attributes].map(a => a.name).filter(a => a !== 'id' && a !== 'xmlns').sort().join(',') + ']')
            .join(' ') + ' | ' + nodes.map(n => n.textContent).join('');
        const labels = ['Tests:', 'A strong answer:', 'Red flags:', 'Follow-ups:', 'Tags:'];
        const label = e => e.tagName === 'P' && e.firstElementChild && e.firstElementChild.tagName === 'STRONG'
            && !e.firstElementChild.previousSibling?.textContent.trim() && labels.includes(e.firstElementChild.textContent.trim())
            ? e.firstElementChild.textContent.trim() : null;
        const pages = {}, out = [];
        for (const slot of document.querySelectorAll('.kb-kit-question')) {
            const h = slot.querySelector('h2'), url = h.querySelector('a').href.split('#')[0];
            pages[url] = pages[url] || new DOMParser().parseFromString(await (await fetch(url)).text(), 'text/html');
            const answer = [], notes = [], sources = [];
            for (let e = pages[url].getElementById(h.id).nextElementSibling;
                 e && e.tagName !== 'H2' && !e.classList.contains('md-source-file'); e = e.nextElementSibling) {
                if (e.matches('.admonition.answer')) answer.push(e);
                else if (e.matches('.kb-sources-label, .source-answer, .correction')) sources.push(e);
                else if (e.matches('details.interviewer')) {
                    let part = null;
                    for (const c of e.children) {
                        part = label(c) || part;
                        if (part && part !== 'Tags:') notes.push(c);
                    }
                }
            }
            const copied = sel => [...slot.querySelector(sel).children];
            if (shape(answer) !== shape(copied('.kb-kit-answer'))) out.push(h.id + ': answer');
            if (shape(notes) !== shape(copied('.kb-kit-notes'))) out.push(h.id + ': notes');
            if (shape(sources) !== shape(copied('.kb-kit-sources'))) out.push(h.id + ': sources');
            if (!answer.length || notes.length < 4) out.push(h.id + ': missing on its page');
        }
        return out;
    }""")
    assert len(ids) > 100 and differences == []
