"""Study tools: practice mode (the answer before the sources), marks and progress on the topic and
home pages, the reset, the drill page, and the flashcards (the Anki deck and the CSV).

Browser tests run in Debian's chromium at a desktop (1280×800) and a phone (390×844) size.
Counts and titles come from the built questions.json, never from the test.
"""

import csv
import io
import json
import sqlite3
import zipfile
from collections import Counter
from urllib.parse import urlsplit

import genanki
import pytest
from playwright.sync_api import expect
from test_accessibility import AXE, AXE_OPTIONS

from conftest import DRILL_PAGE as DRILL
from conftest import TOPIC_PAGE, PageLog, missing_tool
from macros import deck
from macros.scales import verdict_label

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
TOPIC = TOPIC_PAGE.strip("/").split("/")[-1]  # "evaluation-metrics"


@pytest.fixture(scope="module")
def doc(built_site):
    """The built questions.json."""
    return json.loads((built_site / "questions.json").read_text(encoding="utf-8"))


@pytest.fixture(params=list(SIZES))
def open_page(request, browser):
    """Return ``open_page(path="", marks=None, js=True) -> page`` in a fresh context at the size of the
    parameter, failing the test on console errors; ``marks`` is stored before the page's scripts run."""
    contexts, errors = [], []

    def open_(url, marks=None, js=True):
        ctx = browser.new_context(viewport=SIZES[request.param], java_script_enabled=js)
        contexts.append(ctx)
        if marks is not None:
            ctx.add_init_script(
                f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1'); "
                f"localStorage.setItem('kb-marks', {json.dumps(json.dumps(marks))}); }}"
            )
        page = ctx.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        return page

    yield open_
    for ctx in contexts:
        ctx.close()
    assert errors == []


def _topic_questions(doc, topic=TOPIC):
    return [q for q in doc["questions"] if q["topic"]["id"] == topic]


def _stored(page):
    return json.loads(page.evaluate("localStorage.getItem('kb-marks')") or "{}")


# ---- Practice mode ----------------------------------------------------------------------


def test_practice_mode_reveals_the_answer_before_the_sources_and_notes(open_page, site_url):
    page = open_page(site_url + TOPIC_PAGE)
    page.locator(".kb-practice-switch").click()
    first = page.locator("article h2[id]").first.get_attribute("id")
    answer = page.locator(f"#kb-reveal-{first} .admonition.answer")
    source = page.locator(f"#kb-reveal-{first} .source-answer").first
    notes = page.locator(f"#kb-reveal-{first} details.interviewer")
    reveal = page.locator(f"#{first} + .kb-question-tools .kb-reveal-button")
    assert not answer.is_visible() and not source.is_visible() and not notes.is_visible()
    assert page.locator(f"#{first} ~ .kb-question-meta .kb-level").first.is_visible(), "level and tags stay visible"
    # First step, by keyboard: the answer only.
    reveal.focus()
    page.keyboard.press("Enter")
    assert reveal.get_attribute("aria-expanded") == "true"
    assert answer.is_visible()
    assert not source.is_visible() and not notes.is_visible()
    more = page.locator(f"#kb-reveal-{first} .kb-more-button")
    assert more.is_visible() and more.get_attribute("aria-expanded") == "false"
    assert page.locator(f"#{more.get_attribute('aria-controls')}").evaluate(
        "b => b.classList.contains('kb-reveal-more') && b.hidden"
    )
    # Second step: what the sources say (quotes and corrections) and the notes.
    more.focus()
    page.keyboard.press("Space")
    assert more.get_attribute("aria-expanded") == "true"
    assert source.is_visible() and notes.is_visible()
    corrections = page.locator(f"#kb-reveal-{first} .admonition.correction")
    assert corrections.count() == 0 or corrections.first.is_visible()
    assert answer.bounding_box()["y"] < source.bounding_box()["y"], "the answer comes first"
    # Hiding the answer hides the sources again, and the next reveal starts with the answer alone.
    reveal.click()
    assert not answer.is_visible() and not source.is_visible()
    reveal.click()
    assert answer.is_visible() and not source.is_visible()
    # Print shows everything, also the sources a reader has not revealed.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert source.is_visible()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not source.is_visible()
    # Practice mode off: everything visible, the second control gone.
    page.locator(".kb-practice-switch").click()
    assert source.is_visible() and notes.is_visible() and not more.is_visible()
    page.locator(".kb-practice-switch").click()  # leave the stored choice off


# ---- Marks and progress ---------------------------------------------------------------------


def test_marks_persist_across_reloads_and_show_in_topic_and_home_progress(open_page, site_url, doc, browser):
    questions = _topic_questions(doc)
    n = len(questions)
    page = open_page(site_url + TOPIC_PAGE, marks={})
    progress = page.locator(".kb-page-tools .kb-progress")
    expect(progress).to_have_text(f"0 of {n} known, 0 to review")
    assert progress.get_attribute("role") == "status"
    first, second = questions[0]["id"], questions[1]["id"]
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.locator(f"#{first} + .kb-question-tools [data-mark=known]").click()
    page.locator(f"#{second} + .kb-question-tools [data-mark=review]").click()
    assert requests == [], "a mark is never sent anywhere"
    expect(progress).to_have_text(f"1 of {n} known, 1 to review")
    assert _stored(page) == {first: "known", second: "review"}
    page.reload()
    expect(page.locator(f"#{first} + .kb-question-tools [data-mark=known]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#{first} + .kb-question-tools [data-mark=review]")).to_have_attribute("aria-pressed", "false")
    expect(page.locator(f"#{second} + .kb-question-tools [data-mark=review]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".kb-progress")).to_have_text(f"1 of {n} known, 1 to review")
    # The other mark replaces a mark; the same one again removes it.
    page.locator(f"#{second} + .kb-question-tools [data-mark=known]").click()
    expect(page.locator(".kb-progress")).to_have_text(f"2 of {n} known, 0 to review")
    page.locator(f"#{second} + .kb-question-tools [data-mark=known]").click()
    expect(page.locator(".kb-progress")).to_have_text(f"1 of {n} known, 0 to review")
    page.locator(f"#{second} + .kb-question-tools [data-mark=review]").click()
    # The home page: each topic's card shows its progress; topics without marks show none.
    page.goto(site_url)
    card = page.locator(f".kb-topic-progress[data-topic='{TOPIC}']")
    card.filter(has_text="known").wait_for()
    expect(card).to_have_text(f"1 of {n} known, 1 to review")
    topics = {q["topic"]["id"] for q in doc["questions"]}
    assert page.locator(".kb-topic-progress[data-topic]").count() == len(topics)
    assert [t for t in page.locator(".kb-topic-progress").all_inner_texts() if t] == [card.inner_text()]


def test_reset_forgets_every_mark_after_a_confirmation(open_page, site_url, doc):
    here, other = _topic_questions(doc), [q for q in doc["questions"] if q["topic"]["id"] != TOPIC]
    marks = {here[0]["id"]: "known", here[1]["id"]: "review", other[0]["id"]: "known"}
    page = open_page(site_url + TOPIC_PAGE, marks=marks)
    reset = page.locator(".kb-page-tools .kb-reset")
    page.once("dialog", lambda d: d.dismiss())
    reset.click()
    assert _stored(page) == marks, "dismissing the confirmation keeps the marks"
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    reset.focus()
    page.keyboard.press("Enter")
    assert asked and "every topic" in asked[0]
    assert page.evaluate("localStorage.getItem('kb-marks')") is None
    assert page.locator(".kb-mark[aria-pressed=true]").count() == 0
    assert page.locator(".kb-progress").inner_text() == f"0 of {len(here)} known, 0 to review"
    page.goto(site_url)
    assert page.locator(".kb-topic-progress").all_inner_texts() == [""] * page.locator(".kb-topic-progress").count()


@pytest.mark.parametrize("width", [320, 390, 640, 1280])
def test_filled_slots_keep_their_reserved_height(browser, site_url, doc, width):
    """The script fills the tools and progress slots without moving the text, marks or none, and the page
    records no layout shift (Lighthouse's CLS is then 0): a topic page, the largest topic (the longest
    progress text) and the home page. (Without JavaScript the home page's tables lose Material's
    scroll wrapper, so there the reference is the page without marks.)"""
    marks = {q["id"]: ("known" if i % 2 else "review") for i, q in enumerate(doc["questions"])}
    shifts = (
        "new Promise(r => new PerformanceObserver(l => r(l.getEntries().map(e => e.value)))"
        ".observe({type: 'layout-shift', buffered: true}) || setTimeout(() => r([]), 500))"
    )
    largest = Counter(q["topic"]["url"] for q in doc["questions"]).most_common(1)[0][0].removeprefix(doc["site_url"])
    for path, selector, ready in (
        (TOPIC_PAGE, "article h2[id]", ".kb-progress"),
        (largest, "article h2[id]", ".kb-progress"),
        ("", ".grid.cards li", ".kb-topic-progress:not(:empty)"),
    ):
        found = []
        for script, stored in [(True, {}), (True, marks)] + ([(False, marks)] if path else []):
            ctx = browser.new_context(java_script_enabled=script, viewport={"width": width, "height": 844})
            ctx.add_init_script(f"localStorage.setItem('kb-marks', {json.dumps(json.dumps(stored))})")
            page = ctx.new_page()
            page.goto(site_url + path, wait_until="networkidle")
            if script and stored:
                page.wait_for_selector(ready)
                assert page.evaluate(shifts) == [], f"/{path} at {width} px: layout shifts"
            found.append(
                page.evaluate(
                    f"[...document.querySelectorAll('{selector}')].map(e => "
                    "[Math.round(e.getBoundingClientRect().top + scrollY), "
                    "Math.round(e.getBoundingClientRect().height)])"
                )
            )
            ctx.close()
        assert len(found[0]) > 5 and all(f == found[0] for f in found), f"/{path} at {width} px"


def test_topic_pages_link_the_flashcards(open_page, site_url, built_site):
    page = open_page(site_url + TOPIC_PAGE)
    links = page.locator(".kb-page-tools .kb-flashcards a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [site_url + deck.DECK_FILE, site_url + deck.CSV_FILE]
    for href in hrefs:
        assert page.request.get(href).ok
    page.goto(site_url)
    home = {urlsplit(a).path for a in page.locator("article a[href]").evaluate_all("as => as.map(a => a.href)")}
    assert {"/" + deck.DECK_FILE, "/" + deck.CSV_FILE} <= home


# ---- The drill ---------------------------------------------------------------------------


def _start_drill(page):
    page.locator(".kb-drill-start").click()
    page.locator("#kb-drill-question").wait_for()


def _round(page):
    """Step through the current round with the N key; return the titles in order."""
    status = page.locator(".kb-drill-status").inner_text()
    total = int(status.split()[0])
    titles = []
    page.locator("#kb-drill-question").focus()  # not on a filter: there, keys choose options
    for _ in range(total):
        titles.append(page.locator("#kb-drill-question").inner_text())
        page.keyboard.press("n")
    assert "last of" in page.locator(".kb-drill-card").inner_text()
    return titles


def test_drill_without_javascript_says_it_needs_it(open_page, site_url):
    page = open_page(site_url + DRILL, js=False)
    assert page.locator("#kb-drill").inner_text().startswith("The drill needs JavaScript")
    page = open_page(site_url + DRILL)
    assert "needs JavaScript" not in page.locator("#kb-drill").inner_text()
    assert page.locator(".kb-drill-start").is_visible()


def test_drill_loads_the_question_list_only_when_started(browser, site_url):
    ctx = browser.new_context()
    log = PageLog(ctx)
    page = ctx.new_page()
    page.goto(site_url + DRILL, wait_until="networkidle")
    assert not [u for u in log.requests if u.endswith("/questions.json")], "questions.json on the first visit"
    _start_drill(page)
    assert [u for u in log.requests if u.endswith("/questions.json")]
    ctx.close()
    assert not log.problems, log.problems


def test_drill_filters_by_topic_level_and_review_again(open_page, site_url, doc):
    topic = Counter(q["topic"]["id"] for q in doc["questions"]).most_common(1)[0][0]
    review = [q["id"] for q in doc["questions"][::25]]
    page = open_page(site_url + DRILL, marks={i: "review" for i in review} | {doc["questions"][1]["id"]: "known"})
    _start_drill(page)
    assert page.locator(".kb-drill-status").inner_text().startswith(f"{len(doc['questions'])} questions")
    page.select_option("select[name=topic]", topic)
    assert sorted(_round(page)) == sorted(q["title"] for q in _topic_questions(doc, topic))
    page.select_option("select[name=topic]", "")
    for level in ("junior", "mid", "senior"):
        page.select_option("select[name=level]", level)
        expected = sum(q["level"] == level for q in doc["questions"])
        assert page.locator(".kb-drill-status").inner_text().startswith(f"{expected} question")
    page.select_option("select[name=level]", "")
    page.check("input[name=review]")
    assert sorted(_round(page)) == sorted(q["title"] for q in doc["questions"] if q["id"] in review)
    unmarked = next(
        q["topic"]["id"]
        for q in doc["questions"]
        if q["topic"]["id"] not in {r["topic"]["id"] for r in doc["questions"] if r["id"] in review}
    )
    page.select_option("select[name=topic]", unmarked)
    assert page.locator(".kb-drill-status").inner_text().startswith("No question matches")
    assert page.locator("#kb-drill-question").count() == 0


def test_drill_shuffles_each_round(open_page, site_url, doc):
    topic, size = Counter(q["topic"]["id"] for q in doc["questions"]).most_common(1)[0]
    assert size >= 8  # 8! orders: two equal rounds by chance have odds of 1 in 40,320
    page = open_page(site_url + DRILL)
    _start_drill(page)
    page.select_option("select[name=topic]", topic)
    first = _round(page)
    page.locator(".kb-drill-filters button[type=submit]").click()
    second = _round(page)
    in_page_order = [q["title"] for q in _topic_questions(doc, topic)]
    assert sorted(first) == sorted(second) == sorted(in_page_order)
    assert first != second
    assert in_page_order not in (first, second)


def test_drill_reveals_then_marks_by_keyboard(open_page, site_url, doc):
    page = open_page(site_url + DRILL, marks={})
    start = page.url
    page.locator(".kb-drill-start").focus()
    page.keyboard.press("Enter")
    heading = page.locator("#kb-drill-question")
    heading.wait_for()
    assert page.evaluate("document.activeElement.id") == "kb-drill-question"
    assert heading.evaluate("h => getComputedStyle(h).outlineStyle") != "none", "the focus is visible"
    title = heading.inner_text()
    question = next(q for q in doc["questions"] if q["title"] == title)
    reveal, answer = page.locator(".kb-drill-reveal"), page.locator("#kb-drill-answer")
    assert reveal.get_attribute("aria-controls") == "kb-drill-answer" and not answer.is_visible()
    page.keyboard.press("Space")
    assert reveal.get_attribute("aria-expanded") == "true"
    copied = answer.locator(".admonition.answer")
    copied.wait_for()
    assert answer.locator("[id]").count() == 0, "the copied answer keeps no ids"
    local = site_url + question["url"].removeprefix(doc["site_url"])
    assert answer.locator("a", has_text="on its page").get_attribute("href") == local
    hrefs = answer.locator("a[href]").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs), "links made absolute"
    page.keyboard.press("Enter")
    assert not answer.is_visible()
    page.keyboard.press("Enter")
    assert answer.is_visible()
    page.keyboard.press("k")
    assert page.locator(".kb-drill-mark[data-mark=known]").get_attribute("aria-pressed") == "true"
    assert _stored(page) == {question["id"]: "known"}
    page.keyboard.press("r")
    assert page.locator(".kb-drill-mark[data-mark=review]").get_attribute("aria-pressed") == "true"
    assert page.locator(".kb-drill-mark[data-mark=known]").get_attribute("aria-pressed") == "false"
    assert _stored(page) == {question["id"]: "review"}
    page.keyboard.press("n")
    assert page.url == start, "N is the drill's, not Material's next page"
    assert heading.inner_text() != title and not answer.is_visible()
    assert page.evaluate("document.activeElement.id") == "kb-drill-question"
    assert page.locator(".kb-drill-status").inner_text().startswith(f"{len(doc['questions'])} questions")
    assert page.locator(".kb-drill-meta").inner_text().startswith(f"Question 2 of {len(doc['questions'])}")
    # A button has a visible focus too, and the mark is the topic page's.
    page.locator(".kb-drill-next").focus()
    assert page.locator(".kb-drill-next").evaluate("b => getComputedStyle(b).outlineStyle") != "none"
    page.goto(site_url + question["url"].removeprefix(doc["site_url"]))
    assert (
        page.locator(f"#{question['id']} + .kb-question-tools [data-mark=review]").get_attribute("aria-pressed")
        == "true"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_study_tools_have_no_axe_violations(browser, site_url, doc, scheme):
    """The states axe does not see on page load: pressed marks, practice mode with both steps, the drill."""
    if not AXE.is_file():
        missing_tool(f"axe-core ({AXE})", "run `npm ci --omit=dev --ignore-scripts` (scripts/test does)")
    found = []
    for size in SIZES.values():
        # axe-core is injected as an inline script, which the site's CSP refuses (as in test_accessibility.py).
        ctx = browser.new_context(color_scheme=scheme, viewport=size, bypass_csp=True)
        page = ctx.new_page()
        questions = _topic_questions(doc)
        page.goto(site_url + TOPIC_PAGE)
        page.locator(f"#{questions[0]['id']} + .kb-question-tools [data-mark=known]").click()
        page.locator(f"#{questions[1]['id']} + .kb-question-tools [data-mark=review]").click()
        page.locator(".kb-practice-switch").click()
        page.locator(".kb-reveal-button").first.click()
        page.locator(".kb-more-button").first.click()
        page.locator(".kb-reveal-button").nth(1).click()
        found += _axe(page, f"topic [{scheme}, {size['width']}]")
        page.goto(site_url + DRILL)
        _start_drill(page)
        page.keyboard.press("Space")
        page.locator("#kb-drill-answer .admonition").wait_for()
        page.keyboard.press("k")
        found += _axe(page, f"drill [{scheme}, {size['width']}]")
        ctx.close()
    assert not found, "\n".join(found)


def _axe(page, where):
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(f"axe.run(document, {json.dumps(AXE_OPTIONS)})")
    return [
        f"{where}: {v['id']} at {' '.join(map(str, n['target']))}: {' '.join(n['failureSummary'].split())}"
        for v in result["violations"]
        for n in v["nodes"]
    ]


# ---- Flashcards ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def collection(built_site, tmp_path_factory):
    """The deck's SQLite collection, unpacked from questions.apkg."""
    with zipfile.ZipFile(built_site / deck.DECK_FILE) as z:
        assert "collection.anki2" in z.namelist()
        path = tmp_path_factory.mktemp("deck") / "collection.anki2"
        path.write_bytes(z.read("collection.anki2"))
    db = sqlite3.connect(path)
    yield db
    db.close()


def test_the_deck_has_one_note_per_question_with_stable_ids(collection, doc):
    notes = collection.execute("select guid, flds, tags, mid from notes").fetchall()
    assert len(notes) == len(doc["questions"])
    assert sorted(g for g, *_ in notes) == sorted(genanki.guid_for(q["id"]) for q in doc["questions"])
    assert {mid for *_, mid in notes} == {deck.MODEL_ID}
    models, decks = (json.loads(x) for x in collection.execute("select models, decks from col").fetchone())
    assert str(deck.MODEL_ID) in models and [f["name"] for f in models[str(deck.MODEL_ID)]["flds"]] == list(deck.FIELDS)
    assert str(deck.DECK_ID) in decks
    assert collection.execute("select count(*) from cards where did = ?", (deck.DECK_ID,)).fetchone()[0] == len(notes)


def test_a_card_has_the_question_the_answer_with_formulas_the_verdicts_and_the_link(collection, doc):
    q = next(q for q in doc["questions"] if "$" in q["answer"]["markdown"] and q["source_items"])
    flds, tags = collection.execute(
        "select flds, tags from notes where guid = ?", (genanki.guid_for(q["id"]),)
    ).fetchone()
    front, answer, sources, link = flds.split("\x1f")
    assert front == q["title"]
    assert "\\(" in answer and "\\)" in answer and "$" not in answer, "formulas in Anki's MathJax form"
    assert "<p>" in answer and "<script" not in answer
    for item in q["source_items"]:
        assert f"{item['publisher']}: {verdict_label(item['verdict'])}" in sources
    assert f'href="{q["url"]}"' in link
    assert set(tags.split()) == {q["topic"]["id"], q["level"]}
    display = next((q for q in doc["questions"] if "$$" in q["answer"]["markdown"]), None)
    if display:
        flds = collection.execute(
            "select flds from notes where guid = ?", (genanki.guid_for(display["id"]),)
        ).fetchone()[0]
        assert "\\[" in flds and "\\]" in flds


def test_the_csv_has_a_row_per_question(built_site, collection, doc):
    rows = list(csv.reader(io.StringIO((built_site / deck.CSV_FILE).read_text(encoding="utf-8"), newline="")))
    assert rows[0] == list(deck.CSV_COLUMNS)
    assert [r[deck.CSV_COLUMNS.index("id")] for r in rows[1:]] == [q["id"] for q in doc["questions"]]
    fields = dict(collection.execute("select guid, flds from notes").fetchall())
    for row, q in zip(rows[1:], doc["questions"], strict=False):
        assert row[: len(deck.FIELDS)] == fields[genanki.guid_for(q["id"])].split("\x1f"), q["id"]
        assert row[deck.CSV_COLUMNS.index("level")] == q["level"]


def test_card_html_is_safe_and_keeps_formulas():
    html = deck.markdown_html(
        "Ratio $a<b$ and *x*.\n\n$$\n\\frac{1}{2}\n$$\n\n<script>alert(1)</script>"
        '<img src=x onerror="alert(1)"> [link](javascript:alert(1)) [ok](https://example.org/)'
        ' <a href="https://example.org/" onclick="alert(1)" style="x">a</a>'
    )
    assert "\\(a&lt;b\\)" in html and "\\[" in html and "\\frac{1}{2}" in html and "<em>x</em>" in html
    for bad in ("<script", "alert(1)</", "onerror", "onclick", "javascript:", "<img", "style="):
        assert bad not in html, bad
    assert 'href="https://example.org/"' in html


def test_notes_keep_their_guid_when_the_question_changes():
    q = {
        "id": "q-1",
        "title": "What is $x$?",
        "url": "https://example.org/topics/t/#q-1",
        "topic": {"id": "t", "title": "T", "url": "https://example.org/topics/t/"},
        "level": "mid",
        "tags": [],
        "answer": {"markdown": "A.", "references": []},
        "source_items": [{"publisher": "P <b>", "verdict": "wrong", "correction": {"conclusion": "C is $y$"}}],
    }
    edited = json.loads(json.dumps(q))
    edited["title"], edited["answer"]["markdown"] = "What is $x$ now?", "B."
    one, two = deck.deck_notes({"questions": [q]})[0], deck.deck_notes({"questions": [edited]})[0]
    assert one.guid == two.guid == genanki.guid_for("q-1") and one.fields != two.fields
    assert one.fields[0] == "What is <span>\\(x\\)</span>?"
    assert one.fields[2] == (
        "<p><strong>What the sources say</strong></p><ul><li>P &lt;b&gt;: Wrong — C is <span>\\(y\\)</span></li></ul>"
    )
