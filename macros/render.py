"""Pure rendering functions behind the macros: each takes the KnowledgeBase and returns Markdown or HTML.

Links are written docs-root-absolute (``/topics/x.md#id``); with MkDocs'
``validation.links.absolute_links: relative_to_docs`` they are checked like any
relative ``.md`` link and written to the HTML as relative URLs.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from macros.model import KnowledgeBase
from macros.problems import ContentError, Problem
from macros.quote_markdown import render_quote
from macros.scales import ALL_VERDICTS, SEVERITY, UNREVIEWED, VERDICTS, verdict_label

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def md_escape(text: str) -> str:
    """Make ``text`` (str) render literally in Markdown: ``&``, ``<`` and ``>`` as entities, other syntax
    characters backslash-escaped.
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def url_escape(url: str) -> str:
    """Percent-encode what could end a Markdown link or an HTML attribute in ``url`` (str): spaces, quotes,
    angle brackets, backticks and backslashes (parentheses are kept: the rules allow only balanced ones). Returns the URL (str), same address.
    """
    return quote(url, safe=":/?#[]@!$&*+,;=%~-._()")


def _fail(message: str) -> ContentError:
    return ContentError([Problem("(macro call)", None, message)])


def question_link(kb: KnowledgeBase, question_id: str) -> str:
    """Markdown link to a question, with the question's title as link text.

    Args:
        kb: the knowledge base.
        question_id: the question's stable id, e.g. ``"precision-recall"``.

    Returns:
        e.g. ``[What are precision and recall?](/topics/evaluation-metrics.md#precision-recall)``.

    Raises:
        ContentError: if the id is unknown.
    """
    q = kb.questions.get(question_id)
    if q is None:
        raise _fail(f"unknown question id '{question_id}'")
    return f"[{md_escape(q.title)}](/{q.path}#{q.id})"


def source_item(kb: KnowledgeBase, item_id: str, verdict: str = UNREVIEWED) -> str:
    """HTML for a source item: the question, the verbatim answer, attribution and verdict.

    The element follows the HTML contract (docs/about/html-contract.md): a
    ``figure.source-answer`` with ``id`` = item id, ``data-source``, ``data-item`` and
    ``data-verdict``. Source text is HTML-escaped and kept out of Markdown processing.

    Raises:
        ContentError: if the item id or the verdict is unknown.
    """
    item = kb.items.get(item_id)
    if item is None:
        raise _fail(f"unknown source item '{item_id}'")
    if verdict not in ALL_VERDICTS:
        raise _fail(f"unknown verdict '{verdict}'")
    src = kb.sources[item.source_id]
    esc = html.escape
    out = [
        f'<figure class="source-answer" id="{item.id}" data-source="{src.id}" data-search-exclude '
        f'data-item="{item.id}" data-verdict="{verdict}" markdown="1">'
    ]
    if item.question_reconstructed:
        out.append(
            f'<p class="source-question" markdown="0"><span class="source-label">Question, reconstructed</span> '
            f'{esc(item.question)} <span class="source-hint">(the source\'s heading was lost)</span></p>'
        )
    else:
        out.append(
            f'<p class="source-question" markdown="0"><span class="source-label">Question</span> '
            f"<q>{esc(item.question)}</q></p>"
        )
    if item.difficulty:
        out[-1] = out[-1].replace(
            "</p>", f' <span class="source-difficulty">(the source\'s difficulty: {item.difficulty})</span></p>'
        )
    out.append(_quote(item))
    if item.lost:
        out.append(
            f'<p class="source-lost" markdown="0">{esc(item.lost[0].upper() + item.lost[1:])} was lost when this '
            "text was archived; only the text that survived is judged.</p>"
        )
    out.append(
        f'<figcaption markdown="span">'
        f'<span class="verdict-badge" data-verdict="{verdict}">[{verdict_label(verdict)}](/about/methodology.md#verdicts)</span> '
        f"{md_escape(src.publisher)}, [*{md_escape(src.title)}*](/sources/{src.id}.md), {md_escape(item.locator)}"
        f"</figcaption>"
    )
    out.append("</figure>")
    return "\n".join(out)


def _quote(item) -> str:
    """The item's answer as HTML: its Markdown rendered and sanitised, its paragraphs and lists escaped, or a note
    that the source gives none.
    """
    if item.answer_markdown:
        return (
            '<blockquote class="source-markdown" markdown="0">' + render_quote(item.answer_markdown) + "</blockquote>"
        )
    if not item.answer:
        return '<p class="source-unanswered" markdown="0">The source gives no answer.</p>'
    body = []
    for block in item.answer:
        if isinstance(block, list):
            body.append("<ul>" + "".join(f"<li>{html.escape(b)}</li>" for b in block) + "</ul>")
        else:
            body.append(f"<p>{html.escape(block)}</p>")
    return '<blockquote markdown="0">' + "".join(body) + "</blockquote>"


def cite(kb: KnowledgeBase, reference_id: str, locator: str = "") -> str:
    """Markdown citation of a bibliography entry, e.g. for a correction's References list.

    Args:
        kb: the knowledge base.
        reference_id: an ``id`` from docs/references/*.yml.
        locator: chapter, section or page within the work, e.g. ``"section 3"`` (optional).

    Returns:
        ``Authors (year). [*Title*](url), publisher, locator.`` with the parts the entry has.

    Raises:
        ContentError: if the id is unknown.
    """
    ref = kb.references.get(reference_id)
    if ref is None:
        raise _fail(f"unknown reference id '{reference_id}'")
    title = f"*{md_escape(ref['title'])}*"
    if ref.get("url"):
        title = f"[{title}]({url_escape(ref['url'])})"
    head = ", ".join(md_escape(a) for a in ref.get("authors", []))
    if ref.get("year"):
        head = f"{head} ({ref['year']})" if head else f"({ref['year']})"
    parts = [p for p in (ref.get("edition"), ref.get("publisher"), locator) if p]
    text = (f"{head}. " if head else "") + title
    return text + ("" if not parts else ", " + ", ".join(md_escape(p) for p in parts)) + "."


def _badge(verdict: str) -> str:
    return f'<span class="verdict-badge" data-verdict="{verdict}">{verdict_label(verdict)}</span>'


def verdict_table() -> str:
    """Markdown table of the verdict scale with each verdict's meaning."""
    rows = ["| Verdict | Meaning |", "|---|---|"]
    rows += [f"| {_badge(v)} | {m} |" for v, m in VERDICTS.items()]
    rows.append(f"| {_badge(UNREVIEWED)} | no editor has judged this item yet |")
    return "\n".join(rows)


def topic_cards(kb: KnowledgeBase, topic_order: list[str] | None = None) -> str:
    """Material grid cards, one per topic: title link, description and live counts.

    Args:
        kb: the knowledge base.
        topic_order: topic ids in display order (e.g. the nav order); others follow by title.

    Returns:
        Markdown for a ``grid cards`` block (needs the md_in_html and attr_list extensions); each
        card ends with an empty ``span.kb-topic-progress[data-topic]`` for the reader's progress (kb.js).
    """
    order = [t for t in (topic_order or []) if t in kb.topics]
    order += sorted((t for t in kb.topics if t not in order), key=lambda t: kb.topics[t].title)
    out = ['<div class="grid cards" markdown>', ""]
    for tid in order:
        t = kb.topics[tid]
        n_items = sum(len(q.placements) for q in t.questions)
        out += [
            f"-   **[{md_escape(t.title)}](/{t.path})**",
            "",
            f"    {md_escape(t.description)}",
            "",
            f"    {len(t.questions)} questions · {n_items} source items"
            f'<span class="kb-topic-progress" data-topic="{html.escape(tid)}"></span>',
            "",
        ]
    out.append("</div>")
    return "\n".join(out)


def _source_metadata(s) -> str:
    """Markdown table of a source's metadata; a URL or date not confirmed reads "unknown"."""
    url = f"[{md_escape(s.url)}]({url_escape(s.url)})" if s.url.startswith("http") else "unknown"
    answered = sum(1 for it in s.items if it.answered)
    table = (
        f"| Field | Value |\n|---|---|\n| Publisher | {md_escape(s.publisher)} |\n| Title | *{md_escape(s.title)}* |\n"
        f"| URL | {url} |\n| Published | {s.published} |\n| Retrieved | {s.retrieved} |\n"
        + _provenance_rows(s)
        + f"| Items | {len(s.items)} ({answered} with an answer) |\n"
    )
    return table + (f"\n{md_escape(s.note)}\n" if s.note else "")


def _provenance_rows(s) -> str:
    """Table rows of a source taken from a repository: repository, commit, creator and licence (Markdown)."""
    rows = ""
    if s.repository:
        rows += f"| Repository | [{md_escape(s.repository)}]({url_escape(s.repository)}) |\n"
    if s.commit:
        rows += f"| Commit | `{s.commit}` |\n"
    if s.creator:
        rows += f"| Creator | {md_escape(s.creator)} |\n"
    if s.licence:
        rows += (
            f"| Licence | [{md_escape(s.licence['name'])}]({url_escape(s.licence['url'])}); the quotes are "
            "unchanged, our corrections, answers and notes are changes |\n"
        )
    return rows


def source_table(kb: KnowledgeBase) -> str:
    """Markdown sections, one per source (anchor = source id), with metadata and a link to its page."""
    out = []
    for s in kb.sources.values():
        out.append(f"## {md_escape(s.title)} {{ #{s.id} }}\n")
        out.append(
            f"Every item, its verdict and where it is answered: [{md_escape(s.publisher)}'s items](/sources/{s.id}.md).\n"
        )
        out.append(_source_metadata(s))
    return "\n".join(out)


def _cell(text: str) -> str:
    """Make Markdown ``text`` safe inside a table cell (no pipes, no line breaks)."""
    return text.replace("|", "\\|").replace("\n", " ")


def verdict_counts(kb: KnowledgeBase) -> str:
    """Markdown table: for each source, how many of its items have each verdict, with totals.

    Counts come from the placements on the topic pages, so they are always current.
    Verdicts no item has are left out; ``Not yet reviewed`` appears while items lack one.
    """
    verdicts = [v for v in ALL_VERDICTS if any(p.verdict == v for p in kb.placements.values())]
    rows = [
        "| Source | " + " | ".join(_badge(v) for v in verdicts) + " | Items |",
        "|---|" + "---:|" * (len(verdicts) + 1),
    ]
    totals = dict.fromkeys(verdicts, 0)
    for s in kb.sources.values():
        counts = dict.fromkeys(verdicts, 0)
        for it in s.items:
            if it.id in kb.placements:
                counts[kb.placements[it.id].verdict] += 1
        for v in verdicts:
            totals[v] += counts[v]
        rows.append(
            f"| [{md_escape(s.publisher)}](/sources/{s.id}.md) | "
            + " | ".join(str(counts[v]) for v in verdicts)
            + f" | {len(s.items)} |"
        )
    rows.append("| **All sources** | " + " | ".join(f"**{totals[v]}**" for v in verdicts) + f" | **{len(kb.items)}** |")
    return "\n".join(rows)


def _question_of(kb: KnowledgeBase, item_id: str) -> str:
    """Markdown link to the question under which an item is placed, anchored on the quote."""
    pl = kb.placements[item_id]
    q = kb.questions[pl.question_id]
    return f"[{md_escape(q.title)}](/{q.path}#{item_id})"


def corrections_index(kb: KnowledgeBase) -> str:
    """Markdown: every correction, grouped by verdict (most severe first), one table each.

    Each row links to the corrected quote on its topic page and gives the source,
    the correction's one-line conclusion and its review date.
    """
    out = []
    for verdict in SEVERITY:
        rows = [p for p in kb.placements.values() if p.verdict == verdict and p.correction]
        out.append(f"## {verdict_label(verdict)} ({len(rows)}) {{ #{verdict} }}\n")
        out.append(f"*{VERDICTS[verdict].capitalize()}.*\n")
        if not rows:
            out.append("No item has this verdict.\n")
            continue
        out.append("| Question | Source | Correction | Reviewed |\n|---|---|---|---|")
        for p in sorted(rows, key=lambda p: (p.path, p.line)):
            src = kb.sources[kb.items[p.item_id].source_id]
            out.append(
                f"| {_question_of(kb, p.item_id)} | {md_escape(src.publisher)}, {md_escape(kb.items[p.item_id].locator)} "
                f"| {_cell(p.correction.conclusion)} | {p.correction.reviewed or 'not yet'} |"
            )
        out.append("")
    return "\n".join(out)


def source_page(kb: KnowledgeBase, source_id: str) -> str:
    """Markdown for a source's own page: metadata, verdict counts and every item.

    Each item row gives its locator, its question (marked when reconstructed), its
    verdict and a link to the question where it is quoted and answered.

    Raises:
        ContentError: if the source id is unknown.
    """
    s = kb.sources.get(source_id)
    if s is None:
        raise _fail(f"unknown source '{source_id}'")
    out = [_source_metadata(s)]
    counts = {}
    for it in s.items:
        v = kb.placements[it.id].verdict
        counts[v] = counts.get(v, 0) + 1
    out.append("**Verdicts:** " + ", ".join(f"{_badge(v)} {counts[v]}" for v in ALL_VERDICTS if v in counts) + "\n")
    out.append("## Items { #items }\n")
    out.append("| Locator | Question | Verdict | Quoted and answered under |\n|---|---|---|---|")
    for it in s.items:
        question = md_escape(it.question) + (" *(reconstructed)*" if it.question_reconstructed else "")
        out.append(
            f"| {md_escape(it.locator)} | {_cell(question)} | {_badge(kb.placements[it.id].verdict)} "
            f"| {_question_of(kb, it.id)} |"
        )
    return "\n".join(out)


_CHANGE = {"verdict": "Verdict", "correction": "Correction", "answer": "Answer"}


def corrections_log(kb: KnowledgeBase) -> str:
    """Markdown: every logged change to a published verdict, correction or answer, newest first.

    Each row gives the date, the question (linked to the changed quote, or to the question for an
    answer), what kind of change, what changed and why. Entries of one day keep the log's order.

    Args:
        kb: the knowledge base (its ``log``).

    Returns:
        A Markdown table, or a sentence when the log is empty.
    """
    if not kb.log:
        return "No published verdict, correction or answer has changed since its first review.\n"
    rows = ["| Date | Question | Change | What changed, and why |", "|---|---|---|---|"]
    for e in sorted(kb.log, key=lambda e: e["date"], reverse=True):
        q = kb.questions[e["question"]]
        target = f"/{q.path}#{e['item']}" if e.get("item") else f"/{q.path}#{q.id}"
        change = _CHANGE[e["change"]]
        if e["change"] == "verdict":
            change += f": {_badge(e['from'])} → {_badge(e['to'])}"
        rows.append(
            f"| {e['date']} | [{md_escape(q.title)}]({target}) | {change} "
            f"| {_cell(md_escape(e['what']))} *Why:* {_cell(md_escape(e['why']))} |"
        )
    return "\n".join(rows) + "\n"
