"""The knowledge model: topics, questions, placed items, corrections, answers and notes.

``assemble()`` joins the page records (``macros.pages``) with the data files
(``macros.data``). It judges nothing: where the content is ambiguous (an id used twice, a
block outside a question) the first occurrence wins and ``macros.rules`` reports the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from macros.data import Item, Source
from macros.pages import Block, PageRecord
from macros.scales import UNREVIEWED
from macros.template import Call

CORRECTION_RE = re.compile(r'^!!! correction(?: (?P<verdict>[a-z]+))?(?: "(?P<title>[^"]*)")?\s*$')
ANSWER_RE = re.compile(r'^!!! answer "Answer"\s*$')
NOTES_RE = re.compile(r'^\?\?\? interviewer (?P<level>[a-z]+) "Interviewer notes"\s*$')
REVIEWED_RE = re.compile(r"^\*Reviewed by a second editor on (?P<date>[^.*]*)\.\*$", re.M)
NOTE_LABEL_RE = re.compile(r"^\*\*(.+?):\*\*", re.M)
#: The **Tags:** paragraph, also when it wraps over several lines (up to a blank line).
TAGS_RE = re.compile(r"^\*\*Tags:\*\*(.*(?:\n[ \t]*\S.*)*)", re.M)


@dataclass
class Correction:
    """A ``!!! correction <verdict> "<conclusion>"`` block; ``verdict`` and ``conclusion`` are None when the
    header is malformed.
    """

    verdict: str | None
    conclusion: str | None
    path: str
    line: int
    block: Block
    citations: list[str] = field(default_factory=list)
    reviewed: str | None = None  # the second editor's review date as written (YYYY-MM-DD)


@dataclass
class Placement:
    """Where a source item is quoted: its page, line, question and verdict, and its correction."""

    item_id: str
    verdict: str
    path: str  # the page, relative to the docs folder
    line: int
    question_id: str | None
    correction: Correction | None = None


@dataclass
class Answer:
    """The ``!!! answer "Answer"`` block of a question: its Markdown body and citations."""

    path: str
    line: int
    body: str
    block: Block
    citations: list[str] = field(default_factory=list)


@dataclass
class Notes:
    """The ``??? interviewer <level> "Interviewer notes"`` block of a question."""

    path: str
    line: int
    level: str | None
    body: str
    block: Block
    parts: list[str] = field(default_factory=list)  # the paragraphs' bold labels, in order
    tags: list[str] = field(default_factory=list)


@dataclass
class Question:
    """A canonical question: an H2 with an explicit id on a topic page."""

    id: str
    title: str
    topic_id: str
    path: str  # relative to docs_dir, e.g. "topics/evaluation-metrics.md"
    line: int
    placements: list[Placement] = field(default_factory=list)
    answer: Answer | None = None
    notes: Notes | None = None


@dataclass
class Topic:
    """A topic page under docs/topics/."""

    id: str
    title: str
    description: str
    path: str
    questions: list[Question] = field(default_factory=list)


@dataclass
class KnowledgeBase:
    """Everything the macros, rules and export need, made once per build by ``assemble()``."""

    sources: dict[str, Source]
    items: dict[str, Item]
    references: dict[str, dict]
    topics: dict[str, Topic]
    questions: dict[str, Question]
    placements: dict[str, Placement]
    pages: dict[str, PageRecord]
    reference_entries: list[dict] = field(default_factory=list)  # every entry, duplicates included
    corrections: list[Correction] = field(default_factory=list)  # every correction, attached or not
    log: list[dict] = field(default_factory=list)  # the corrections log's entries (macros.data.load_log)


def assemble(
    records: dict[str, PageRecord],
    sources: dict[str, Source],
    reference_entries: list[dict],
    log: list[dict] | None = None,
) -> KnowledgeBase:
    """Join page records and data into the knowledge base; the first of any duplicate wins.

    Args:
        records: the page records by ``src_uri`` (``macros.pages.read_pages``).
        sources: the sources by id (``macros.data.load_sources``).
        reference_entries: every bibliography entry (``macros.data.load_references``).
        log: the corrections log's entries (``macros.data.load_log``).

    Returns:
        The ``KnowledgeBase``.
    """
    items = {}
    for s in sources.values():
        for it in s.items:
            items.setdefault(it.id, it)
    references = {}
    for ref in reference_entries:
        references.setdefault(ref["id"], ref)
    kb = KnowledgeBase(sources, items, references, {}, {}, {}, records, reference_entries, log=log or [])
    for record in records.values():
        if record.is_topic:
            _assemble_topic(kb, record)
    return kb


def _assemble_topic(kb: KnowledgeBase, record: PageRecord) -> None:
    """Add a topic page's questions, placements and blocks to ``kb``, in line order."""
    stem = record.src_uri.rsplit("/", 1)[-1].removesuffix(".md")
    meta = record.meta or {}
    topic = Topic(stem, meta.get("title", stem), meta.get("description", ""), record.src_uri)
    kb.topics[stem] = topic
    events = [(h.line, 0, h) for h in record.headings]
    events += [(c.line, 1, c) for c in record.calls if c.name == "source_item"]
    events += [(b.line, 2, b) for b in record.blocks]
    question, last_placement = None, None
    for _, _, event in sorted(events, key=lambda e: (e[0], e[1])):
        if hasattr(event, "title"):  # a heading
            question = None
            if event.id and event.id not in kb.questions:
                question = Question(event.id, event.title, stem, record.src_uri, event.line)
                kb.questions[event.id] = question
                topic.questions.append(question)
        elif isinstance(event, Call):
            last_placement = _place(kb, record, event, question)
        else:
            _attach_block(kb, record, event, question, last_placement)


def _place(kb: KnowledgeBase, record: PageRecord, call: Call, question: Question | None) -> Placement | None:
    """Record a ``source_item()`` call as the item's placement, unless the item is unknown or placed already."""
    item_id = call.arg(0, "item_id")
    if item_id not in kb.items or item_id in kb.placements:
        return None
    placement = Placement(
        item_id, call.arg(1, "verdict", UNREVIEWED), record.src_uri, call.line, question.id if question else None
    )
    kb.placements[item_id] = placement
    if question:
        question.placements.append(placement)
    return placement


def _attach_block(
    kb: KnowledgeBase, record: PageRecord, block: Block, question: Question | None, last_placement: Placement | None
) -> None:
    """Attach a correction to the placement above it, an answer or notes to the question above it."""
    cites = [str(c.arg(0, "reference_id")) for c in block.calls if c.name == "cite"]
    if block.kind == "correction":
        m = CORRECTION_RE.match(block.header)
        reviewed = REVIEWED_RE.search(block.body)
        c = Correction(
            m["verdict"] if m else None,
            m["title"] if m else None,
            record.path,
            block.line,
            block,
            cites,
            reviewed["date"] if reviewed else None,
        )
        kb.corrections.append(c)
        if last_placement and last_placement.correction is None and _adjacent(record, last_placement.line, block.line):
            last_placement.correction = c
    elif question is None:
        return
    elif block.kind == "answer" and question.answer is None and question.notes is None:
        question.answer = Answer(record.path, block.line, block.body, block, cites)
    elif block.kind == "notes" and question.notes is None:
        m = NOTES_RE.match(block.header)
        question.notes = Notes(
            record.path,
            block.line,
            m["level"] if m else None,
            block.body,
            block,
            NOTE_LABEL_RE.findall(block.body),
            note_tags(block.body),
        )


def note_tags(body: str) -> list[str]:
    """Return the tags of interviewer notes: the comma-separated terms after **Tags:**.

    Args:
        body: the notes block's text (dedented); the Tags paragraph may wrap over lines.

    Returns:
        The tags (list of str), each with its whitespace collapsed; empty without a Tags line.
    """
    found = TAGS_RE.search(body)
    return [" ".join(t.split()) for t in found[1].split(",") if t.strip()] if found else []


def _adjacent(record: PageRecord, call_line: int, block_line: int) -> bool:
    """True when only blank lines lie between a call's line and a block's first line."""
    lines = record.lines
    first = call_line - record.body_line + 1
    return call_line < block_line and not any(ln.strip() for ln in lines[first : block_line - record.body_line])


def topic_order(nav) -> list[str]:
    """Return the topic ids in the order an mkdocs.yml ``nav`` lists ``topics/<id>.md`` pages.

    Args:
        nav: the ``nav`` setting (nested lists of pages and ``{title: page}`` mappings; Zensical's
            ``{"title", "url", "children", ...}`` mappings), or None.

    Returns:
        Topic ids (list of str), in nav order.
    """
    out = []
    for entry in nav or []:
        # Zensical's nav entry: its page in "url", or its section's pages in "children".
        if isinstance(entry, dict) and {"url", "children"} <= entry.keys():
            entry = entry["children"] or entry["url"] or []
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            out += topic_order(value)
        elif str(value).startswith("topics/") and str(value).endswith(".md"):
            out.append(str(value)[len("topics/") : -len(".md")])
    return out
