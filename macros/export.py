"""The machine-readable export, ``questions.json``: every question with its answer and source items.

``export()`` is a pure function of the knowledge base; ``macros/__init__.py``
writes its result to the site root after each build, with the JSON Schema it
follows (``macros/schemas/questions.schema.json``, published as
``questions.schema.json``). The schema's version is ``SCHEMA_VERSION``: the major
part changes when a field is removed or changes meaning, the minor part when one is added.
"""

from __future__ import annotations

import re

from macros import render
from macros.model import Answer, KnowledgeBase
from macros.problems import ContentError
from macros.template import expand, template_parts

SCHEMA_VERSION = "1.1"


def _url(site_url: str, path: str, anchor: str = "") -> str:
    """Absolute URL of a docs page (``topics/x.md``) as MkDocs publishes it (``topics/x/``)."""
    page = re.sub(r"(^|/)index\.md$", r"\1", path)
    page = re.sub(r"\.md$", "/", page)
    return site_url.rstrip("/") + "/" + page + (f"#{anchor}" if anchor else "")


def _markdown(kb: KnowledgeBase, site_url: str, answer: Answer) -> str:
    """Render the macro calls in an answer's body; links become absolute URLs."""

    def link(m):
        path, _, anchor = m[2].partition("#")
        return f"[{m[1]}]({_url(site_url, path, anchor)})"

    macros = {
        "cite": lambda rid, locator="": render.cite(kb, rid, locator),
        "question_link": lambda qid: render.question_link(kb, qid),
    }
    problems = []
    parts = template_parts(answer.body, answer.path, macros, problems, answer.line + 1)
    if parts is None or problems:
        raise ContentError(problems)
    return re.sub(r"\[([^\]]*)\]\(/([^)#\s]+\.md(?:#[^)\s]*)?)\)", link, expand(parts, macros))


def _reference(kb: KnowledgeBase, rid: str) -> dict:
    ref = kb.references[rid]
    return {k: ref[k] for k in ("id", "kind", "title", "authors", "year", "publisher", "edition", "url") if k in ref}


def export(kb: KnowledgeBase, site_url: str, topic_order: list[str] | None = None) -> dict:
    """Build the export document.

    Args:
        kb: the knowledge base (complete: every question answered).
        site_url: the site's absolute URL, e.g. ``"https://example.org/kb/"``.
        topic_order: topic ids in nav order; other topics follow in file-name order.

    Returns:
        A JSON-serialisable dict following ``questions.schema.json``: ``version``,
        ``site_url``, ``questions`` (in nav and page order) and ``references`` (every cited entry).
    """
    questions, cited = [], set()
    order = [t for t in (topic_order or []) if t in kb.topics]
    order += [t for t in kb.topics if t not in order]
    for topic in (kb.topics[t] for t in order):
        for q in topic.questions:
            answer = None
            if q.answer:
                cited.update(q.answer.citations)
                answer = {
                    "markdown": _markdown(kb, site_url, q.answer),
                    "references": list(dict.fromkeys(q.answer.citations)),
                }
            questions.append(
                {
                    "id": q.id,
                    "title": q.title,
                    "url": _url(site_url, q.path, q.id),
                    "topic": {"id": topic.id, "title": topic.title, "url": _url(site_url, topic.path)},
                    "level": q.notes.level if q.notes else None,
                    "tags": q.notes.tags if q.notes else [],
                    "answer": answer,
                    "source_items": [_item(kb, site_url, q, p, cited) for p in q.placements],
                    "notes": _notes(q.notes),
                }
            )
    return {
        "version": SCHEMA_VERSION,
        "site_url": site_url,
        "questions": questions,
        "references": [_reference(kb, r) for r in sorted(cited)],
        "sources": [_source(s) for s in kb.sources.values()],
    }


def _item(kb: KnowledgeBase, site_url: str, q, p, cited: set) -> dict:
    """A placed item's entry: its quote, verdict and correction (whose references join ``cited``)."""
    it = kb.items[p.item_id]
    src = kb.sources[it.source_id]
    correction = None
    if p.correction:
        c = p.correction
        cited.update(c.citations)
        correction = {
            "verdict": c.verdict,
            "conclusion": c.conclusion,
            "references": list(dict.fromkeys(c.citations)),
            "reviewed": c.reviewed,
        }
    return {
        "id": it.id,
        "source": src.id,
        "publisher": src.publisher,
        "title": src.title,
        "locator": it.locator,
        "question": it.question,
        "question_reconstructed": it.question_reconstructed,
        "text": [b if isinstance(b, str) else list(b) for b in it.answer],
        "verdict": p.verdict,
        "url": _url(site_url, q.path, it.id),
        "correction": correction,
        "markdown": it.answer_markdown or None,
        "difficulty": it.difficulty or None,
        "lost": it.lost or None,
    }


#: The interviewer notes' parts as the export names them.
NOTE_KEYS = {"Tests": "tests", "A strong answer": "strong_answer", "Red flags": "red_flags", "Follow-ups": "follow_ups"}


def _notes(notes) -> dict | None:
    """The interviewer notes' parts (Markdown, without their bold labels), or None."""
    if notes is None:
        return None
    parts = dict.fromkeys(NOTE_KEYS.values(), "")
    for label, text in re.findall(r"^\*\*(.+?):\*\*[ \t]*(.*?)(?=^\*\*.+?:\*\*|\Z)", notes.body, re.M | re.S):
        if label in NOTE_KEYS:
            parts[NOTE_KEYS[label]] = text.strip()
    return parts


def _source(s) -> dict:
    """A source's attribution: what its licence asks to credit, and what this site changed."""
    out = {"id": s.id, "publisher": s.publisher, "title": s.title, "url": s.url, "published": s.published}
    for key in ("repository", "commit", "creator", "licence"):
        if getattr(s, key):
            out[key] = getattr(s, key)
    out["changes"] = "The quotes are unchanged; the verdicts, corrections, answers and notes are this site's."
    return out


#: The fields of a question that the kit's picker needs (``catalogue()``).
CATALOGUE_KEYS = ("id", "title", "url", "topic", "level", "tags")


def catalogue(export_doc: dict) -> dict:
    """The export reduced to what the interview kit's picker shows: ``questions-index.json``.

    The picker lists, searches and filters the questions; the full export (answers, quotes,
    notes) is fetched only for a kit of chosen questions, which keeps the picker's first visit
    within the byte budget.

    Args:
        export_doc: the export document (``export()``).

    Returns:
        ``{"version": str, "questions": [...]}``, each question holding only ``CATALOGUE_KEYS``
        (those it has), in the export's order.
    """
    return {
        "version": export_doc["version"],
        "questions": [{k: q[k] for k in CATALOGUE_KEYS if k in q} for q in export_doc["questions"]],
    }
