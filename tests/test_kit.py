"""The interview kit in Chromium (docs/kit.md, built by docs/javascripts/kit.js), at 1280×800 and
390×844: the picker (search on titles and tags, topic and level filters, the live count, a
random pick from the shown questions, the chosen order with keyboard-operable moves, the
link that keeps that order), the shared kit (the link's order, numbered, none of the
picker's text; the interviewer's sheet with each question's level, what it tests, a strong
answer, red flags, follow-ups and the answer, the sources only on request; the candidate's
sheet with the numbered titles only), printing a sheet, the page without JavaScript, and
valid HTML in each state. The copy of each topic page's parts, and the kit's handling of
hostile data and pages, are held by test_reader_features.py."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from test_html import VNU, is_materials_own_error

from conftest import TOPIC_PAGE, missing_tool

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
NOTE_LABELS = ["Tests:", "A strong answer:", "Red flags:", "Follow-ups:"]
#: The first sentence of the picker's text (docs/kit.md), which the shared kit must not show.
INTRO = "Choose the questions for an interview"
NO_JS = "The interview kit needs JavaScript:"
#: The ids of the checkboxes the picker shows, in page order.
SHOWN = "els => els.filter(e => e.checkVisibility()).map(e => e.value)"


@dataclass
class Kit:
    """A page of a fresh browser context, its console errors and the site's address."""

    page: object
    base: str
    errors: list[str] = field(default_factory=list)

    def open(self, query: str = "") -> None:
        """Open kit/ with a query (``"?questions=a,b"``) and wait until the script has built it."""
        self.page.goto(self.base + "kit/" + query)
        self.page.locator("#kb-kit .kb-kit-picker, #kb-kit .kb-kit-candidate, #kb-kit .kb-kit-notice").first.wait_for(
            state="attached"
        )

    def wait_for_answers(self, n: int) -> None:
        """Wait until the interviewer's sheet holds n answers copied from the topic pages."""
        self.page.wait_for_function(
            f"() => document.querySelectorAll('.kb-kit-answer .admonition.answer').length == {n}"
        )

    def count(self) -> str:
        return self.page.locator(".kb-kit-count").inner_text()

    def shown(self) -> list[str]:
        return self.page.locator("input[name=q]").evaluate_all(SHOWN)

    def chosen(self) -> list[str]:
        return self.page.locator(".kb-kit-chosen li .kb-kit-chosen-title").all_inner_texts()


@pytest.fixture(params=list(SIZES))
def kit(request, browser, site_url):
    """The kit at desktop and phone size, with the clipboard allowed."""
    context = browser.new_context(**SIZES[request.param])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    k = Kit(page, site_url)
    page.on("console", lambda m: m.type == "error" and k.errors.append(m.text))
    page.on("pageerror", lambda e: k.errors.append(str(e)))
    yield k
    context.close()


@pytest.fixture(scope="module")
def questions(site_url) -> list[dict]:
    return json.loads(urlopen(site_url + "questions.json").read())["questions"]


def _matches(q: dict, search: str = "", topic: str = "", level: str = "") -> bool:
    """The picker's rule: every word of the search in the title or the tags; the topic; the level."""
    text = (q["title"] + " " + " ".join(q["tags"])).lower()
    return (
        all(w in text for w in search.lower().split())
        and (not topic or q["topic"]["id"] == topic)
        and (not level or q["level"] == level)
    )


def _spread(questions: list[dict], n: int = 3) -> list[dict]:
    """n questions of different topics, in an order that is not the site's: the last, the first, the middle."""
    picked = [questions[-1], questions[0], questions[len(questions) // 2]][:n]
    assert len({q["topic"]["id"] for q in picked}) == n
    return picked


def test_only_the_kits_page_downloads_the_kits_script(browser, site_url):
    context = browser.new_context()
    requests = []
    context.on("request", lambda r: requests.append(urlsplit(r.url).path))
    page = context.new_page()
    page.goto(site_url + TOPIC_PAGE, wait_until="networkidle")
    assert "/javascripts/kb.js" in requests and "/javascripts/kit.js" not in requests
    page.goto(site_url + "kit/")
    page.wait_for_selector("input[name=q]")
    assert requests.count("/javascripts/kit.js") == 1
    context.close()


# ---- The picker ------------------------------------------------------------------------------


def test_search_on_titles_and_tags_topic_and_level_filters_and_the_count(kit, questions):
    kit.open()
    kit.page.wait_for_selector("input[name=q]")
    total = len(questions)
    assert kit.count() == f"{total} of {total} shown, 0 chosen"
    assert kit.shown() == [q["id"] for q in questions]
    # A tag that no title holds finds its question by the tag alone.
    tag, tagged = next((t, q) for q in questions for t in q["tags"] if t.lower() not in q["title"].lower())
    for search in ("precision recall", tag.upper()):
        kit.page.get_by_label("Search titles and tags", exact=True).fill(search)
        expected = [q["id"] for q in questions if _matches(q, search)]
        assert kit.shown() == expected and expected, search
        assert kit.count() == f"{len(expected)} of {total} shown, 0 chosen"
    assert tagged["id"] in kit.shown()
    kit.page.get_by_label("Search titles and tags", exact=True).fill("")
    topic = questions[len(questions) // 2]["topic"]
    kit.page.get_by_label("Topic", exact=True).select_option(topic["id"])
    assert kit.shown() == [q["id"] for q in questions if _matches(q, topic=topic["id"])]
    levels = {q["level"] for q in questions if q["topic"]["id"] == topic["id"]}
    level = sorted(levels)[0]
    kit.page.get_by_label("Level", exact=True).select_option(level)
    expected = [q["id"] for q in questions if _matches(q, topic=topic["id"], level=level)]
    assert kit.shown() == expected and expected
    # The topics with nothing shown are hidden, with their headings.
    assert kit.page.locator(".kb-kit-form legend").evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.textContent)"
    ) == [topic["title"]]
    kit.page.locator(f"input[value='{expected[0]}']").check()
    assert kit.count() == f"{len(expected)} of {total} shown, 1 chosen"
    kit.page.get_by_label("Topic", exact=True).select_option("")
    kit.page.get_by_label("Level", exact=True).select_option("")
    assert kit.count() == f"{total} of {total} shown, 1 chosen"
    assert kit.errors == []


def test_pick_n_at_random_adds_n_of_the_shown_questions(kit, questions):
    kit.open()
    kit.page.wait_for_selector("input[name=q]")
    level = "senior"
    pool = [q for q in questions if q["level"] == level]
    assert len(pool) > 3
    kit.page.get_by_label("Level", exact=True).select_option(level)
    kit.page.get_by_label("How many", exact=True).fill("3")
    kit.page.get_by_role("button", name="Pick at random").click()
    titles = {q["title"]: q for q in pool}
    first = kit.chosen()
    assert len(first) == 3 == len(set(first)) and all(t in titles for t in first)
    assert kit.count() == f"{len(pool)} of {len(questions)} shown, 3 chosen"
    # Asking for more than are left adds every one left, then says none is left.
    kit.page.get_by_label("How many", exact=True).fill(str(len(pool) + 5))
    kit.page.get_by_role("button", name="Pick at random").click()
    assert kit.chosen()[:3] == first and sorted(kit.chosen()) == sorted(titles)
    kit.page.get_by_role("button", name="Pick at random").click()
    assert "already in the kit" in kit.page.locator(".kb-kit-panel .kb-kit-status").inner_text()
    assert kit.errors == []


def test_the_chosen_order_moves_by_keyboard_and_the_copied_link_keeps_it(kit, questions):
    kit.open()
    kit.page.wait_for_selector("input[name=q]")
    a, b, c = _spread(questions)
    for q in (a, b, c):  # ticked in this order, which is not the site's
        kit.page.locator(f"input[value='{q['id']}']").check()
    assert kit.chosen() == [a["title"], b["title"], c["title"]]
    up_b = kit.page.get_by_role("button", name="Move up: " + b["title"])
    up_b.focus()
    kit.page.keyboard.press("Enter")
    assert kit.chosen() == [b["title"], a["title"], c["title"]]
    focused = "() => document.activeElement.getAttribute('aria-label')"
    assert kit.page.evaluate(focused) == "Move up: " + b["title"], "the focus stays on the moved question"
    assert up_b.get_attribute("aria-disabled") == "true"
    kit.page.keyboard.press("Enter")  # already first: nothing moves
    assert kit.chosen() == [b["title"], a["title"], c["title"]]
    kit.page.keyboard.press("Tab")  # to its "Move down"
    assert kit.page.evaluate(focused) == "Move down: " + b["title"]
    kit.page.keyboard.press("Space")
    assert kit.chosen() == [a["title"], b["title"], c["title"]]
    kit.page.get_by_role("button", name="Move down: " + a["title"]).focus()
    kit.page.keyboard.press("Enter")
    order = [b, a, c]
    assert kit.chosen() == [q["title"] for q in order]
    assert kit.page.locator(".kb-kit-chosen").evaluate("ol => ol.tagName") == "OL"
    query = "questions=" + ",".join(q["id"] for q in order)
    assert urlsplit(kit.page.locator(".kb-kit-url").get_attribute("href")).query == query
    kit.page.get_by_role("button", name="Copy link", exact=True).click()
    kit.page.get_by_text("Link copied").wait_for()
    copied = kit.page.evaluate("navigator.clipboard.readText()")
    assert urlsplit(copied).query == query and urlsplit(copied).path.endswith("/kit/")
    # Removing a question unticks it and moves the focus to the next one.
    kit.page.get_by_role("button", name="Remove: " + a["title"]).click()
    assert kit.chosen() == [b["title"], c["title"]]
    assert not kit.page.locator(f"input[value='{a['id']}']").is_checked()
    assert kit.page.evaluate(focused) == "Remove: " + c["title"]
    assert kit.errors == []


def test_change_the_questions_opens_the_picker_with_the_kit_in_its_order(kit, questions):
    order = _spread(questions)
    kit.open("?questions=" + ",".join(q["id"] for q in order))
    kit.page.get_by_role("link", name="Change the questions").click()
    kit.page.wait_for_selector("input[name=q]")
    assert kit.chosen() == [q["title"] for q in order]
    assert kit.page.locator("input[name=q]:checked").count() == len(order)
    assert kit.page.locator("#kb-kit-intro").is_visible()
    assert kit.errors == []


# ---- The shared kit ----------------------------------------------------------------------------


def test_the_shared_kit_is_the_interviewers_sheet_in_the_chosen_order(kit, questions):
    order = _spread(questions)
    kit.open("?questions=" + ",".join(q["id"] for q in order))
    kit.wait_for_answers(len(order))
    page = kit.page
    # None of the picker's text or controls.
    assert not page.locator("#kb-kit-intro").is_visible() and INTRO not in page.locator("article").inner_text()
    assert page.locator("input[name=q], .kb-kit-finder, .kb-kit-panel, .kb-kit-count").count() == 0
    assert page.locator(".kb-kit-interviewer").is_visible() and not page.locator(".kb-kit-candidate").is_visible()
    sections = page.locator(".kb-kit-question")
    assert sections.count() == len(order)
    for i, q in enumerate(order):
        s = sections.nth(i)
        assert s.locator("h2").inner_text() == f"{i + 1}. {q['title']}"
        assert s.locator("h2 a").get_attribute("href") == kit.base + urlsplit(q["url"]).path.lstrip("/") + "#" + q["id"]
        assert f"Level: {q['level']}" in s.locator(".kb-kit-meta").inner_text()
        parts = s.locator(".kb-kit-notes p:has(> strong:first-child)").evaluate_all(
            "ps => ps.filter(p => p.checkVisibility()).map(p => [p.firstElementChild.textContent, p.textContent])"
        )
        parts = [(label, text) for label, text in parts if label in NOTE_LABELS]
        assert [label for label, _ in parts] == NOTE_LABELS, q["id"]
        assert all(len(text.strip()) > len(label) + 3 for label, text in parts), parts
        assert s.locator(".kb-kit-answer .admonition.answer").is_visible()
        # The sources only on request.
        assert s.locator(".kb-kit-sources figure.source-answer").count() == len(q["source_items"])
        assert not s.locator(".kb-kit-sources").is_visible()
    assert kit.errors == []


def test_the_sources_and_the_full_answers_are_shown_on_request(kit, questions):
    order = [q for q in _spread(questions) if q["source_items"]]
    kit.open("?questions=" + ",".join(q["id"] for q in order))
    kit.wait_for_answers(len(order))
    page = kit.page
    page.get_by_label("Show what the sources say").check()
    for i, q in enumerate(order):
        s = page.locator(".kb-kit-question").nth(i)
        assert s.locator("figure.source-answer").evaluate_all(
            "fs => fs.filter(f => f.checkVisibility()).length"
        ) == len(q["source_items"])
        assert s.locator(".kb-kit-sources .kb-sources-label").is_visible()
        titles = s.locator(".kb-kit-sources .correction > .admonition-title").all_inner_texts()
        corrected = [item["correction"]["conclusion"] for item in q["source_items"] if item["correction"]]
        assert len(titles) == len(corrected)
        for title, conclusion in zip(titles, corrected, strict=False):
            if not re.search(r"[$`*_\[]", conclusion):  # Markdown renders differently from its source
                assert " ".join(title.split()) == " ".join(conclusion.split())
    page.get_by_label("Show what the sources say").uncheck()
    assert not page.locator(".kb-kit-sources figure.source-answer").first.is_visible()
    page.get_by_label("Show the full answers").uncheck()
    assert not page.locator(".kb-kit-answer .admonition.answer").first.is_visible()
    assert page.locator(".kb-kit-notes").first.is_visible()
    assert kit.errors == []


def test_the_candidates_sheet_has_the_numbered_titles_only(kit, questions):
    order = _spread(questions)
    titles = [q["title"] for q in order]
    ids = ",".join(q["id"] for q in order)
    kit.open("?questions=" + ids)
    kit.wait_for_answers(len(order))
    page = kit.page
    page.get_by_label("Candidate's").check()
    assert not page.locator(".kb-kit-interviewer").is_visible()
    assert not page.get_by_label("Show what the sources say").is_visible()
    sheet = page.locator("ol.kb-kit-candidate")
    assert sheet.is_visible() and sheet.locator("li").all_inner_texts() == titles
    assert sheet.evaluate("ol => getComputedStyle(ol).listStyleType") == "decimal"
    assert sheet.evaluate("ol => [...ol.querySelectorAll('*')].every(e => e.tagName === 'LI' && !e.children.length)")
    page.get_by_role("button", name="Copy link to this sheet").click()
    page.get_by_text("Link copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert urlsplit(copied).query == f"questions={ids}&sheet=candidate"
    # The candidate's link, and the kit's older "without answers" link: the sheet alone.
    for link in (copied, kit.base + f"kit/?questions={ids}&answers=0"):
        page.goto(link)
        page.locator("ol.kb-kit-candidate").wait_for()
        assert page.locator("#kb-kit").inner_text().split("\n") == titles
        assert (
            page.locator("#kb-kit a, #kb-kit button, #kb-kit input, #kb-kit .kb-level, #kb-kit .admonition").count()
            == 0
        )
        assert not page.locator("#kb-kit-intro").is_visible()
    assert kit.errors == []


def test_unknown_ids_are_reported_and_renamed_ones_followed(kit, questions):
    q = questions[0]

    def with_alias(route):
        ids = route.fetch().json()
        ids["aliases"]["topics/old.md#an-old-name"] = q["id"]
        route.fulfill(response=route.fetch(), json=ids)

    kit.page.route("**/ids.json", with_alias)
    kit.open("?questions=an-old-name,no-such-question&sheet=candidate")
    assert kit.page.locator("ol.kb-kit-candidate li").all_inner_texts() == [q["title"]]
    notice = kit.page.locator(".kb-kit-notice").inner_text()
    assert "no-such-question" in notice and "an-old-name" not in notice
    assert kit.errors == []


# ---- Print, no JavaScript, valid HTML ----------------------------------------------------------


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF that Chromium wrote (page objects uncompressed), checked against /Count."""
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
    counts = [int(n) for n in re.findall(rb"/Count\s+(\d+)", pdf)]
    assert pages and max(counts) == pages, (pages, counts)
    return pages


def test_printing_a_sheet_prints_that_sheet_alone(kit, questions):
    order = questions[:5]
    kit.open("?questions=" + ",".join(q["id"] for q in order))
    kit.wait_for_answers(len(order))
    page = kit.page
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.get_by_role("button", name="Print this sheet").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert not page.locator(".kb-kit-bar").is_visible() and not page.locator(".md-header").is_visible()
    assert page.locator(".kb-kit-answer .admonition.answer").first.is_visible()
    assert not page.locator(".kb-kit-sources").first.is_visible() and not page.locator(".kb-kit-candidate").is_visible()
    page.emulate_media(media="screen")
    page.get_by_label("Show what the sources say").check()
    page.emulate_media(media="print")
    assert page.locator(".kb-kit-sources figure.source-answer").first.is_visible()
    page.emulate_media(media="screen")
    page.get_by_label("Candidate's").check()
    page.emulate_media(media="print")
    assert page.locator(".kb-kit-candidate li").all_inner_texts() == [q["title"] for q in order]
    assert not page.locator(".kb-kit-interviewer").is_visible()
    if kit.page.viewport_size["width"] > 1000:  # one PDF is enough (page.pdf ignores the viewport)
        assert pdf_pages(page.pdf(format="A4")) == 1, "five questions for the candidate fit on one page"
    assert kit.errors == []


def test_without_javascript_the_page_says_what_it_needs(browser, site_url):
    for size in SIZES.values():
        context = browser.new_context(java_script_enabled=False, **size)
        page = context.new_page()
        page.goto(site_url + "kit/?questions=precision-recall")
        text = page.locator("#kb-kit").inner_text()
        assert text.startswith(NO_JS) and page.locator("#kb-kit").is_visible()
        assert "Loading" not in page.locator("article").inner_text()
        context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "kit/")
    page.wait_for_selector("input[name=q]")
    assert NO_JS not in page.locator("article").inner_text()
    context.close()


def _kit_states(browser, site_url, questions) -> dict[str, str]:
    """The kit's markup in each state: the picker with questions chosen, the interviewer's sheet
    with the sources shown, the candidate's sheet alone; each as a document of its own."""
    context = browser.new_context()
    page = context.new_page()
    kit = Kit(page, site_url)
    out = {}
    order = _spread(questions)
    kit.open()
    page.wait_for_selector("input[name=q]")
    for q in order:
        page.locator(f"input[value='{q['id']}']").check()
    page.get_by_label("Level", exact=True).select_option("mid")
    out["picker"] = page.locator("article").inner_html()
    kit.open("?questions=" + ",".join(q["id"] for q in order))
    kit.wait_for_answers(len(order))
    page.get_by_label("Show what the sources say").check()
    out["interviewer"] = page.locator("article").inner_html()
    kit.open("?questions=" + ",".join(q["id"] for q in order) + "&sheet=candidate")
    out["candidate"] = page.locator("article").inner_html()
    context.close()
    return {
        name: f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name}</title></head>'
        f"<body><main>{body}</main></body></html>"
        for name, body in out.items()
    }


def test_the_kits_markup_is_valid_html_in_each_state(browser, site_url, questions, tmp_path):
    if not VNU.is_file():
        missing_tool(f"the Nu HTML Checker ({VNU})", "run `npm ci --omit=dev --ignore-scripts` (scripts/test does)")
    java = shutil.which("java")
    if java is None:
        missing_tool("java", "apt-get install -y default-jre-headless (.ci/run does)")
    states = _kit_states(browser, site_url, questions)
    # A control: the checker, run this way, reports a list item outside a list.
    states["control"] = states["candidate"].replace(
        '<ol class="kb-kit-candidate">', '<div class="kb-kit-candidate">', 1
    )
    files = []
    for name, html in states.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(html, encoding="utf-8")
    for name in ("picker", "interviewer", "candidate"):
        assert f"kb-kit-{name}" in states[name], name
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr[-3000:]
    errors = [
        f"{m.get('url', '?').rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']} — "
        f"{' '.join(m.get('extract', '').split())}"
        for m in json.loads(proc.stderr)["messages"]
        if m["type"] != "info" and not is_materials_own_error(m)
    ]
    assert [e for e in errors if e.startswith("control.html:")], "the control's error was not reported"
    errors = [e for e in errors if not e.startswith("control.html:")]
    assert not errors, "\n".join(errors)


def test_the_picker_loads_the_catalogue_and_a_kit_the_full_export(browser, site_url, questions):
    """The picker's first visit fetches questions-index.json (titles, topics, levels, tags), not the export."""
    index = json.loads(urlopen(site_url + "questions-index.json").read())
    keys = ("id", "title", "url", "topic", "level", "tags")
    assert index["questions"] == [{k: q[k] for k in keys if k in q} for q in questions]
    context = browser.new_context()
    requests = []
    context.on("request", lambda r: requests.append(urlsplit(r.url).path))
    page = context.new_page()
    page.goto(site_url + "kit/", wait_until="networkidle")
    page.wait_for_selector("input[name=q]")
    assert "/questions-index.json" in requests and "/questions.json" not in requests
    page.goto(site_url + "kit/?questions=" + questions[0]["id"], wait_until="networkidle")
    assert "/questions.json" in requests
    context.close()
