"""``ToolSlotsExtension``: the Markdown extension that adds, around each question, the reader tools'
slots (filled by ``docs/javascripts/kb.js``), its level and tags, and the label of its sources.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


class _ToolSlots(Treeprocessor):
    def __init__(self, md, questions: dict):
        super().__init__(md)
        self.questions = questions

    def run(self, root):
        heads = [i for i, el in enumerate(root) if el.tag == "h2" and el.get("id") in self.questions]
        for n, i in reversed(list(enumerate(heads))):
            end = heads[n + 1] if n + 1 < len(heads) else len(root)
            first_item = next((j for j in range(i + 1, end) if _is_item(root[j])), None)
            if first_item is not None:
                root.insert(first_item, _label())
            meta = _meta(self.questions[root[i].get("id")])
            for el in reversed(
                [_element("div", {"class": "kb-question-tools"}), *([meta] if meta is not None else [])]
            ):
                root.insert(i + 1, el)
        if heads:  # after the page's h1, or first where the theme supplies the h1
            h1 = next((i for i, el in enumerate(root[: heads[0]]) if el.tag == "h1"), -1)
            root.insert(h1 + 1, _element("div", {"class": "kb-page-tools"}))


def _element(tag: str, attrib: dict, text: str | None = None) -> etree.Element:
    el = etree.Element(tag, attrib)
    el.text, el.tail = text, "\n"
    return el


def _is_item(el: etree.Element) -> bool:
    return el.tag == "figure" and "source-answer" in (el.get("class") or "").split()


def _label() -> etree.Element:
    """The label above a question's source items."""
    p = _element("p", {"class": "kb-sources-label"})
    etree.SubElement(p, "strong").text = "What the sources say"
    return p


def _meta(question) -> etree.Element | None:
    """The question's level and tags, from its interviewer notes, or None when it has none."""
    notes = getattr(question, "notes", None)
    if notes is None or not notes.level:
        return None
    p = _element("p", {"class": "kb-question-meta"})
    level = etree.SubElement(p, "span", {"class": "kb-level", "data-level": notes.level})
    level.text, level.tail = f"Level: {notes.level}", " "
    if notes.tags:
        etree.SubElement(p, "span", {"class": "kb-tags"}).text = "Tags: " + ", ".join(notes.tags)
    return p


class ToolSlotsExtension(Extension):
    """What the build adds around each question for the reader: the tools' slots, the level and tags, the
    label above the sources.

    After each ``h2`` whose id is a question id it puts an empty ``div.kb-question-tools``
    (copy link, practice-mode reveal, filled by ``docs/javascripts/kb.js``), then the
    question's level and tags (``p.kb-question-meta``, from its interviewer notes, so they are
    visible without opening the notes), and before the question's first source item the
    label "What the sources say" (``p.kb-sources-label``). After the ``h1`` of a page with
    questions (or first, if the page leaves its ``h1`` to the theme) it puts an empty
    ``div.kb-page-tools`` (the practice-mode switch). The stylesheet gives the slots their
    height, so filling them does not move the text a reader already sees.

    Args:
        questions: the knowledge base's questions (``KnowledgeBase.questions``: id -> Question); any
            iterable of question ids will do when only the slots are wanted.
    """

    def __init__(self, questions):
        super().__init__()
        self.questions = questions if isinstance(questions, dict) else dict.fromkeys(questions)

    def extendMarkdown(self, md):
        """Register this extension's processors with ``md`` (Python-Markdown's hook)."""
        # After attr_list (8), which sets the headings' ids from { #id }.
        md.treeprocessors.register(_ToolSlots(md, self.questions), "kb-tool-slots", 4)
