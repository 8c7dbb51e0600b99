"""Every content rule, each a small named function: ``rule(kb) -> iterable of Problem``.

``RULES`` lists them in one place; ``check(kb)`` runs them all. Each rule's docstring
states the rule; ``tests/test_rules.py`` and the fixture sites under ``tests/fixtures/``
show one breach of each. A rule reports each cause once: where an earlier rule has already
reported a malformed block or an unknown verdict, later rules say nothing more about it.
"""

from __future__ import annotations

import datetime
import re

from macros import mathml
from macros.model import ANSWER_RE, CORRECTION_RE, NOTES_RE, KnowledgeBase
from macros.problems import Problem, did_you_mean
from macros.scales import ALL_VERDICTS, LEVELS, NEEDS_CORRECTION, NOTE_PARTS, UNREVIEWED, VERDICTS
from macros.yamldata import INVISIBLE

#: A URL a contributor may write in data: https (or http), no whitespace, quotes, angle brackets or backticks.
SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\{}|^]+$")


def _unknown(kind: str, key, known, how: str) -> str:
    hint = did_you_mean(str(key), known)
    return f"unknown {kind} '{key}'" + (f"{hint} Otherwise {how}" if hint else f" — {how}")


# --- data files -------------------------------------------------------------------------


def source_id_matches_file(kb: KnowledgeBase):
    """A source's id is its file name: ``docs/sources/<id>.yml``."""
    for s in kb.sources.values():
        if not s.path.endswith(f"/{s.id}.yml"):
            yield Problem(
                s.path,
                s.lines["id"],
                f"source id '{s.id}' differs from the file name — rename the file to {s.id}.yml or change the id",
            )


def archive_matches_hash(kb: KnowledgeBase):
    """A source's archive has the SHA-256 its data file records: changed evidence is a visible change."""
    for s in kb.sources.values():
        if s.archive_sha256_actual and s.archive_sha256_actual != s.archive_sha256:
            yield Problem(
                s.path,
                s.lines["archive_sha256"],
                f"{s.archive} does not match archive_sha256 — the archived text is the evidence for every "
                "quote: restore it, or if a better copy replaces it, update the hash in review",
            )


def quotes_are_verbatim(kb: KnowledgeBase):
    """Every quote (a verbatim question, each answer paragraph or list entry) is in the source's archive."""
    for s in kb.sources.values():
        if s.archive_text is None:
            continue
        pos = 0
        for item in s.items:
            for q in item.quotes:
                # Quotes mostly follow the article's order: look after the last one first.
                found = s.archive_text.find(q, pos)
                pos = found if found >= 0 else pos
                if found < 0 and q not in s.archive_text:
                    yield Problem(
                        s.path,
                        item.line,
                        f"item '{item.id}' quotes text that is not in {s.archive}: "
                        f"{q[:60]!r}… — copy it from the archive character for character",
                    )


def item_ids_are_unique(kb: KnowledgeBase):
    """An item id starts with its source's id and a hyphen, and is used once across all sources."""
    seen = {}
    for s in kb.sources.values():
        for item in s.items:
            if not item.id.startswith(s.id + "-"):
                yield Problem(s.path, item.line, f"item id '{item.id}' must start with '{s.id}-'")
            if item.id in seen:
                yield Problem(
                    s.path,
                    item.line,
                    f"item id '{item.id}' is already used at {seen[item.id]} — give each item its own id",
                )
            seen.setdefault(item.id, f"{s.path}:{item.line}")


def references_are_unique(kb: KnowledgeBase):
    """A reference id is defined once, and a URL has one entry (cite it with a locator instead)."""
    ids, urls = {}, {}
    for ref in kb.reference_entries:
        if ref["id"] in ids:
            yield Problem(
                ref["file"],
                ref["line"],
                f"reference id '{ref['id']}' is already defined at "
                f"{ids[ref['id']]} — cite that entry, or rename this one",
            )
            continue
        ids[ref["id"]] = ref["path"]
        if ref.get("url") in urls:
            twin = urls[ref["url"]]
            yield Problem(
                ref["file"],
                ref["line"],
                f"reference '{ref['id']}' has the same url as '{twin['id']}' at "
                f"{twin['path']} — cite '{twin['id']}' (with a locator) instead "
                "of a second entry",
            )
        elif ref.get("url"):
            urls[ref["url"]] = ref


def references_are_findable(kb: KnowledgeBase):
    """A reference has a URL, or authors, year and publisher."""
    for ref in kb.reference_entries:
        if not (ref.get("url") or all(ref.get(k) for k in ("authors", "year", "publisher"))):
            yield Problem(
                ref["file"],
                ref["line"],
                f"reference '{ref['id']}' has neither a url nor a full citation "
                "— add its url, or its authors, year and publisher",
            )


def _url_problem(url: str) -> str | None:
    """Why a URL from data is unsafe to write into a page, or None."""
    if not SAFE_URL.match(url):
        return (
            "it must be one https:// (or http://) address without spaces, quotes, angle brackets, backticks or braces"
        )
    depth = 0
    for ch in url:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            break
    return None if depth == 0 else "its parentheses are not balanced"


def urls_are_safe(kb: KnowledgeBase):
    """A URL in data (a source's, a reference's) is a plain http(s) address with balanced parentheses."""
    for s in kb.sources.values():
        why = s.url != "unknown" and _url_problem(s.url)
        if why:
            yield Problem(
                s.path, s.lines["url"], f"url {s.url[:80]!r}: {why} — write the address as the browser shows it"
            )
    for ref in kb.reference_entries:
        why = ref.get("url") and _url_problem(ref["url"])
        if why:
            yield Problem(
                ref["file"],
                ref["line"],
                f"reference '{ref['id']}' url {ref['url'][:80]!r}: {why} — write the address as the browser shows it",
            )


def names_are_visible(kb: KnowledgeBase):
    """Titles, ids and names contain no invisible characters (bidirectional controls, zero-width characters)."""
    named = [(s.path, s.lines["id"], f"source '{s.id}'", (s.id, s.title, s.publisher)) for s in kb.sources.values()]
    named += [
        (r["file"], r["line"], f"reference '{r['id']}'", (r["id"], r.get("title", ""), *r.get("authors", [])))
        for r in kb.reference_entries
    ]
    named += [(q_path(kb, q), q.line, f"question '{q.id}'", (q.title,)) for q in kb.questions.values()]
    named += [
        (p.path, 2, "the page's front matter", (str(p.meta.get("title", "")), str(p.meta.get("description", ""))))
        for p in kb.pages.values()
        if p.meta
    ]
    for path, line, what, texts in named:
        if any(INVISIBLE.search(str(t)) for t in texts):
            yield Problem(
                path,
                line,
                f"{what} contains an invisible character (a bidirectional control or "
                "zero-width character) — delete it and retype the text",
            )


def q_path(kb: KnowledgeBase, question) -> str:
    """The message path (relative to the project) of a question's page."""
    return kb.pages[question.path].path


# --- pages ------------------------------------------------------------------------------


def formulas_render(kb: KnowledgeBase):
    """Every formula (``$…$``, ``$$…$$``) of a page can be rendered as MathML."""
    for page in kb.pages.values():
        for n, message in mathml.formula_problems(page.body):
            yield Problem(page.path, n + page.body_line - 1, message)


def question_headings_have_ids(kb: KnowledgeBase):
    """A question is a ``## Title { #id }`` heading with a lower-case id, unique site-wide and not an item id."""
    first = {}
    for page in kb.pages.values():
        for h in page.headings:
            if h.id is None:
                yield Problem(
                    page.path,
                    h.line,
                    "a question heading needs an explicit, stable id — write "
                    "'## Question title { #question-id }' (lower case, digits, hyphens)",
                )
            elif h.id in first:
                yield Problem(
                    page.path,
                    h.line,
                    f"question id '{h.id}' is already used at {first[h.id]} — ids are site-wide; choose another",
                )
            elif h.id in kb.items:
                yield Problem(page.path, h.line, f"question id '{h.id}' is a source item id — choose another")
            first.setdefault(h.id, f"{page.path}:{h.line}")


def macro_arguments_are_known(kb: KnowledgeBase):
    """Every macro call names a known question, reference, source or item."""
    known = {
        "question_link": ("question id", kb.questions, "use the id of a '## Title { #id }' heading in docs/topics/"),
        "cite": ("reference id", kb.references, "add the reference to a file in docs/references/"),
        "source_page": ("source", kb.sources, "use a source id from docs/sources/*.yml"),
        "source_item": ("source item", kb.items, "use an item id from docs/sources/*.yml"),
    }
    for page in kb.pages.values():
        for call in page.calls:
            if call.name in known:
                kind, table, how = known[call.name]
                arg = call.arg(0, "")
                if arg not in table:
                    yield Problem(page.path, call.line, _unknown(kind, arg, table, how))


def items_are_placed_once(kb: KnowledgeBase):
    """A source item is placed once, on a line of its own, under a question; every item is placed."""
    for page in kb.pages.values():
        for call in (c for c in page.calls if c.name == "source_item"):
            pl = kb.placements.get(call.arg(0, "item_id"))
            if pl is None:
                continue  # an unknown item: reported by macro_arguments_are_known
            if (pl.path, pl.line) != (page.src_uri, call.line):
                yield Problem(
                    page.path,
                    call.line,
                    f"source item '{pl.item_id}' is already placed at "
                    f"{kb.pages[pl.path].path}:{pl.line} — place each item under "
                    "exactly one question",
                )
                continue
            text = page.lines[call.line - page.body_line].strip()
            if not (text.startswith("{{") and text.endswith("}}")):
                yield Problem(
                    page.path, call.line, "put source_item() on a line of its own, with blank lines around it"
                )
            if pl.question_id is None and not any(h.line < call.line for h in page.headings):
                yield Problem(
                    page.path,
                    call.line,
                    f"source item '{pl.item_id}' is not under a question — place it "
                    "below a '## Title { #id }' heading on a page in docs/topics/",
                )


def items_are_all_placed(kb: KnowledgeBase):
    """Every item of every source is placed on a topic page."""
    for item in kb.items.values():
        if item.id not in kb.placements:
            yield Problem(
                item.path,
                item.line,
                f"source item '{item.id}' is not placed — add "
                f'{{{{ source_item("{item.id}") }}}} under its question in docs/topics/',
            )


def verdicts_are_on_the_scale(kb: KnowledgeBase):
    """A placed item's verdict is one of the scale's, and not left unreviewed."""
    for pl in kb.placements.values():
        path = kb.pages[pl.path].path
        if pl.verdict not in ALL_VERDICTS:
            yield Problem(
                path,
                pl.line,
                f"unknown verdict '{pl.verdict}' for '{pl.item_id}' (question "
                f"'{pl.question_id}')"
                + (did_you_mean(pl.verdict, VERDICTS) or " — use one of: " + ", ".join(VERDICTS)),
            )
        elif pl.verdict == UNREVIEWED and pl.question_id:
            yield Problem(
                path,
                pl.line,
                f"source item '{pl.item_id}' (question '{pl.question_id}') has no verdict — "
                "give it one of: " + ", ".join(VERDICTS),
            )


def corrections_are_well_formed(kb: KnowledgeBase):
    """A correction is ``!!! correction <verdict> "<one-line conclusion>"``, right below the item it corrects."""
    attached = {id(p.correction) for p in kb.placements.values() if p.correction}
    for c in kb.corrections:
        if c.block.malformed:
            continue
        if not CORRECTION_RE.match(c.block.header) or not c.conclusion:
            yield Problem(c.path, c.line, 'write a correction as !!! correction <verdict> "<one-line conclusion>"')
        elif c.verdict not in VERDICTS:
            yield Problem(
                c.path,
                c.line,
                f"unknown verdict '{c.verdict}' in the correction"
                + (did_you_mean(c.verdict, VERDICTS) or " — use one of: " + ", ".join(VERDICTS)),
            )
        elif id(c) not in attached:
            yield Problem(
                c.path,
                c.line,
                "a correction must directly follow the source_item() it corrects (blank lines only between)",
            )


def corrections_match_verdicts(kb: KnowledgeBase):
    """A non-accurate item has a correction, with the same verdict and at least one reference."""
    for pl in kb.placements.values():
        c, path = pl.correction, kb.pages[pl.path].path
        if c is None:
            if pl.verdict in NEEDS_CORRECTION:
                yield Problem(
                    path,
                    pl.line,
                    f"'{pl.item_id}' (question '{pl.question_id}') has verdict '{pl.verdict}' "
                    f'but no correction — add !!! correction {pl.verdict} "<conclusion>" '
                    "directly below it",
                )
            continue
        if c.block.malformed or c.verdict not in VERDICTS or pl.verdict not in ALL_VERDICTS:
            continue  # reported once, by the rules above
        if c.verdict != pl.verdict:
            yield Problem(
                c.path,
                c.line,
                f"correction verdict '{c.verdict}' differs from the verdict '{pl.verdict}' "
                f"given to '{pl.item_id}' in source_item() — give both the verdict you mean",
            )
        if not c.citations:
            yield Problem(
                c.path,
                c.line,
                f"the correction of '{pl.item_id}' (question '{pl.question_id}') has no "
                'reference — add a References list with {{ cite("reference-id") }} entries',
            )


def corrections_are_reviewed(kb: KnowledgeBase):
    """A correction ends with its second editor's review line, dated with a real date not in the future."""
    for pl in kb.placements.values():
        c = pl.correction
        if c is None or c.block.malformed:
            continue
        if c.reviewed is None:
            yield Problem(
                c.path,
                c.line,
                f"the correction of '{pl.item_id}' (question '{pl.question_id}') has not "
                "been reviewed — a second editor checks it and adds *Reviewed by a second "
                "editor on YYYY-MM-DD.* as its last line",
            )
            continue
        why = _date_problem(c.reviewed)
        if why:
            yield Problem(
                c.path,
                c.block.end,
                f"review date '{c.reviewed}' of the correction of '{pl.item_id}' is "
                f"{why} — write the day of the review as YYYY-MM-DD",
            )


def answers_are_well_formed(kb: KnowledgeBase):
    """A question has one ``!!! answer "Answer"`` block, before its notes, with a reference."""
    for page in kb.pages.values():
        for b in (b for b in page.blocks if b.kind == "answer" and not b.malformed):
            q = _question_above(kb, page, b.line)
            if q is None:
                yield Problem(page.path, b.line, "an answer must be under a '## Title { #id }' question")
            elif not ANSWER_RE.match(b.header):
                yield Problem(
                    page.path, b.line, 'write the answer as !!! answer "Answer", its text indented by four spaces'
                )
            elif q.answer is None or q.answer.block is not b:
                yield Problem(
                    page.path,
                    b.line,
                    f"question '{q.id}' already has an answer, or its interviewer notes "
                    "come first — give each question one answer, before the notes",
                )
            elif not q.answer.citations:
                yield Problem(
                    page.path,
                    b.line,
                    f"the answer to '{q.id}' has no reference — add a References list "
                    'with {{ cite("reference-id") }} entries',
                )


def questions_read_answer_first(kb: KnowledgeBase):
    """A question reads answer first: its heading, its answer, its source items (each with its correction), its notes."""
    for q in kb.questions.values():
        path = q_path(kb, q)
        for pl in q.placements:
            if q.answer and pl.line < q.answer.line:
                yield Problem(
                    path,
                    pl.line,
                    f"source item '{pl.item_id}' comes before the answer to '{q.id}' — write "
                    "the answer first, directly under the heading, then the source items "
                    "with their corrections, then the interviewer notes",
                )
            elif q.notes and pl.line > q.notes.line:
                yield Problem(
                    path,
                    pl.line,
                    f"source item '{pl.item_id}' comes after the interviewer notes of "
                    f"'{q.id}' — place it (and its correction) between the answer and the notes",
                )


def notes_are_well_formed(kb: KnowledgeBase):
    """A question has one ``??? interviewer <level> "Interviewer notes"`` block with the five parts in order."""
    for page in kb.pages.values():
        for b in (b for b in page.blocks if b.kind == "notes" and not b.malformed):
            q = _question_above(kb, page, b.line)
            m = NOTES_RE.match(b.header)
            if q is None:
                yield Problem(page.path, b.line, "interviewer notes must be under a '## Title { #id }' question")
            elif not m:
                yield Problem(
                    page.path,
                    b.line,
                    'write interviewer notes as ??? interviewer <level> "Interviewer notes", '
                    f"level one of: {', '.join(LEVELS)}",
                )
            elif m["level"] not in LEVELS:
                yield Problem(
                    page.path,
                    b.line,
                    f"unknown level '{m['level']}' in the interviewer notes of '{q.id}'"
                    + (did_you_mean(m["level"], LEVELS) or "")
                    + f" — level one of: {', '.join(LEVELS)}",
                )
            elif q.notes is None or q.notes.block is not b:
                yield Problem(page.path, b.line, f"question '{q.id}' already has interviewer notes — merge them")
            elif q.notes.parts != list(NOTE_PARTS):
                yield Problem(
                    page.path,
                    b.line,
                    f"interviewer notes of '{q.id}' have the parts {q.notes.parts} — write "
                    "paragraphs starting " + ", ".join(f"**{p}:**" for p in NOTE_PARTS) + ", in that order",
                )


def _question_above(kb: KnowledgeBase, page, line: int):
    """The question whose heading is the last one above ``line`` on ``page``, or None."""
    above = [h for h in page.headings if h.line < line]
    return kb.questions.get(above[-1].id) if above and above[-1].id else None


def questions_are_complete(kb: KnowledgeBase):
    """Every question has an answer and interviewer notes."""
    for q in kb.questions.values():
        if q.answer is None and not any(
            b.kind == "answer" and _question_above(kb, kb.pages[q.path], b.line) is q for b in kb.pages[q.path].blocks
        ):
            yield Problem(
                q_path(kb, q),
                q.line,
                f"question '{q.id}' has no answer — end it with !!! answer \"Answer\" and a References list",
            )
        if q.notes is None and not any(
            b.kind == "notes" and _question_above(kb, kb.pages[q.path], b.line) is q for b in kb.pages[q.path].blocks
        ):
            yield Problem(
                q_path(kb, q),
                q.line,
                f"question '{q.id}' has no interviewer notes — add "
                '??? interviewer <level> "Interviewer notes" after the answer',
            )


def _date_problem(text: str) -> str | None:
    """Why ``text`` is not a real date (YYYY-MM-DD) on or before today, or None."""
    try:
        date = datetime.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        date = None
    if date is None:
        return "not a date"
    return "in the future" if date > datetime.date.today() else None


def log_entries_are_sound(kb: KnowledgeBase):
    """A corrections-log entry names a live question (and an item placed under it), on a real date not in the future."""
    for e in kb.log:
        q, why = kb.questions.get(e["question"]), _date_problem(e["date"])
        if why:
            yield Problem(
                e["file"], e["line"], f"date '{e['date']}' is {why} — write the day of the change, YYYY-MM-DD"
            )
        if q is None:
            yield Problem(
                e["file"],
                e["line"],
                _unknown("question id", e["question"], kb.questions, "use the id of the question that changed"),
            )
        elif e.get("item") and e["item"] not in {p.item_id for p in q.placements}:
            yield Problem(
                e["file"],
                e["line"],
                f"item '{e['item']}' is not placed under '{q.id}' — name the item "
                "whose verdict or correction changed, under that question",
            )
        if e["change"] == "verdict" and e.get("from") == e.get("to"):
            yield Problem(
                e["file"],
                e["line"],
                "a verdict change from a verdict to the same one — give the verdict before (from) and after (to)",
            )


def sources_have_pages(kb: KnowledgeBase):
    """Every source has its page: ``docs/sources/<id>.md`` calling ``source_page("<id>")``."""
    with_page = {c.arg(0, "source_id") for p in kb.pages.values() for c in p.calls if c.name == "source_page"}
    for s in kb.sources.values():
        if s.id not in with_page:
            yield Problem(
                s.path,
                1,
                f"source '{s.id}' has no page — create docs/sources/{s.id}.md with front matter "
                f'and {{{{ source_page("{s.id}") }}}}, and add it to the nav',
            )


#: Rules over the data files and each page on its own.
RULES = (
    source_id_matches_file,
    archive_matches_hash,
    quotes_are_verbatim,
    item_ids_are_unique,
    references_are_unique,
    references_are_findable,
    urls_are_safe,
    names_are_visible,
    formulas_render,
    question_headings_have_ids,
)
#: Rules that join pages and data: run only when every data file could be read (else they repeat its errors).
JOIN_RULES = (
    macro_arguments_are_known,
    items_are_placed_once,
    verdicts_are_on_the_scale,
    corrections_are_well_formed,
    corrections_match_verdicts,
    corrections_are_reviewed,
    answers_are_well_formed,
    questions_read_answer_first,
    notes_are_well_formed,
    questions_are_complete,
)
#: Rules over the whole site: run only when every page could be read (else they repeat its errors).
SITE_RULES = (items_are_all_placed, sources_have_pages, log_entries_are_sound)


def check(kb: KnowledgeBase, all_pages_read: bool = True, data_read: bool = True) -> list[Problem]:
    """Run every rule over the knowledge base.

    Args:
        kb: the knowledge base.
        all_pages_read: False when a page could not be read (its calls are unknown): the
            site-wide rules are then skipped.
        data_read: False when a data file could not be read: the rules that join pages and
            data are then skipped too.

    Returns:
        Every problem found (list of ``Problem``, unsorted).
    """
    rules = RULES + (JOIN_RULES if data_read else ()) + (SITE_RULES if all_pages_read and data_read else ())
    return [p for rule in rules for p in rule(kb)]
