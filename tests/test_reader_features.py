"""Reader features in Chromium on the built site: practice mode, copy link and highlight,
print, the interview kit, interviewer notes and formulas. (Console errors, third-party
requests and the palette toggle are covered for every page by test_browser.py.)"""

import json
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
    assert page.evaluate("[...document.querySelectorAll('.kb-reveal-button')].every(b => "
                         "document.getElementById(b.getAttribute('aria-controls')).classList.contains('kb-reveal'))")
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
    page = new_context().new_page()
    errors = _errors(page)
    page.goto(site_url + "kit/")
    page.wait_for_selector("input[name=q]")  # the list is built once questions.json has loaded
    boxes = page.locator("input[name=q]")
    assert boxes.count() == len(json.loads(urlopen(site_url + "questions.json").read())["questions"])
    page.locator("input[value=precision-recall]").check()
    page.locator("input[value=l1-vs-l2]").check()
    page.click("text=Make the kit link")
    url = page.locator(".kb-kit-url").get_attribute("href")
    assert urlsplit(url).query == "questions=precision-recall,l1-vs-l2"
    page.goto(url)
    page.wait_for_selector(".kb-kit-question .admonition.answer")
    titles = page.locator(".kb-kit-question h2").all_inner_texts()
    assert titles == ["What are precision and recall?",
                      "L1 or L2 regularization: which gives sparse models, and when do you use each?"]
    page.wait_for_function("document.querySelectorAll('.kb-kit-question .admonition.answer').length == 2")
    # Without answers: the questions only.
    page.goto(url + "&answers=0")
    page.wait_for_selector(".kb-kit-question h2")
    assert page.locator(".kb-kit-question h2").count() == 2
    assert page.locator(".kb-kit-question .admonition").count() == 0
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
    tops = "[...document.querySelectorAll('article h2[id]')].map(h => Math.round(h.getBoundingClientRect().top + scrollY))"
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
