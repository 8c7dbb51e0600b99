"""``ToolSlotsExtension``: the Markdown extension that puts empty slots for the reader tools
after each question's heading (filled by ``docs/javascripts/kb.js``)."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


class _ToolSlots(Treeprocessor):
    def __init__(self, md, question_ids: frozenset[str]):
        super().__init__(md)
        self.question_ids = question_ids

    def run(self, root):
        def slot(i, name):
            el = etree.Element("div", {"class": name})
            el.tail = "\n"
            root.insert(i, el)

        questions = [i for i, el in enumerate(root) if el.tag == "h2" and el.get("id") in self.question_ids]
        for i in reversed(questions):
            slot(i + 1, "kb-question-tools")
        if questions:  # after the page's h1, or first where the theme supplies the h1
            h1 = next((i for i, el in enumerate(root[:questions[0]]) if el.tag == "h1"), -1)
            slot(h1 + 1, "kb-page-tools")


class ToolSlotsExtension(Extension):
    """Empty slots, made at build time, for the reader tools that ``docs/javascripts/kb.js`` adds.

    After each ``h2`` whose id is a question id it puts an empty ``div.kb-question-tools``
    (copy link, practice-mode reveal), and after the ``h1`` of a page with questions (or
    first, if the page leaves its ``h1`` to the theme) an empty ``div.kb-page-tools``
    (the practice-mode switch). The stylesheet gives the slots
    their height, so filling them does not move the text a reader already sees (no layout
    shift), and the script does not have to rebuild the page around them.

    Without JavaScript the slots stay empty: a blank row under each question's heading
    (not printed).

    Args:
        question_ids: the knowledge base's question ids, any iterable of str
            (``KnowledgeBase.questions``, a dict keyed by id, will do).
    """

    def __init__(self, question_ids):
        super().__init__()
        self.question_ids = frozenset(question_ids)

    def extendMarkdown(self, md):
        # After attr_list (8), which sets the headings' ids from { #id }.
        md.treeprocessors.register(_ToolSlots(md, self.question_ids), "kb-tool-slots", 4)
