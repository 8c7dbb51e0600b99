r"""Flashcards: the Anki deck ``questions.apkg`` and ``questions.csv``, made from the export.

Pure functions of the export document (``macros.export.export()``, the content of
``questions.json``): ``deck_notes()`` makes one note per question, ``write_deck()`` and
``write_csv()`` write the two files to the site root, ``write_flashcards()`` both.

A card's front is the question; its back the answer, what each source said (publisher,
verdict and the correction's conclusion) and the question's permanent address. The
answer's Markdown becomes HTML with Python-Markdown, formulas in Anki's MathJax form
(``$...$`` as ``\\(...\\)``, ``$$...$$`` as ``\\[...\\]``, found by pymdownx.arithmatex with
the site's own syntax), and nh3 keeps only an allowlist of tags, attributes and URL
schemes: contributor text never reaches a card as script.

Ids are stable, so importing a newer deck updates the cards instead of adding copies:
each note's guid is ``genanki.guid_for(question id)``; the model and deck ids are fixed.
"""

from __future__ import annotations

import csv
import functools
import html
import re
import zipfile
from pathlib import Path

import genanki
import markdown
import nh3

from macros.scales import verdict_label

DECK_FILE = "questions.apkg"
CSV_FILE = "questions.csv"
#: Fixed ids (never change them: Anki matches the notes of a re-import by them).
MODEL_ID = 1_718_402_297
DECK_ID = 1_952_036_415
DECK_NAME = "ML engineer interview questions, checked"
FIELDS = ("Question", "Answer", "Sources", "Link")
#: The CSV's columns: the card's fields first (an Anki CSV import maps columns in order), then its data.
CSV_COLUMNS = ("question", "answer", "sources", "link", "id", "topic", "level", "tags")

_TAGS = {
    "a",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
    "div",
    "sub",
    "sup",
    "del",
    "h3",
    "h4",
    "h5",
    "h6",
}
_ATTRIBUTES = {"a": {"href"}, "td": {"align"}, "th": {"align"}}
_SCHEMES = {"http", "https", "mailto"}
_MARKUP = re.compile(r"[$*_`\[\]<>&\\]")  # a line without these renders as its escaped text
_MATH = {"generic": True, "inline_syntax": ["dollar"], "block_syntax": ["dollar"]}

MODEL = genanki.Model(
    MODEL_ID,
    "ML interview question",
    fields=[{"name": f} for f in FIELDS],
    templates=[
        {
            "name": "Question",
            "qfmt": "{{Question}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}{{Sources}}{{Link}}',
        }
    ],
    css=".card { font-family: sans-serif; font-size: 18px; text-align: left; color: black; background: white; }\n"
    ".nightMode.card { color: white; background: #222; }\n",
)


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One Python-Markdown converter, reset before each use."""
    return markdown.Markdown(
        extensions=["tables", "pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": _MATH}
    )


def markdown_html(text: str) -> str:
    """Render Markdown to safe HTML for a card, formulas in Anki's MathJax form.

    Args:
        text: Markdown, formulas written ``$...$`` or ``$$...$$``.

    Returns:
        HTML (str) holding only allowlisted tags and attributes, links only to http(s) or mailto.
    """
    return nh3.clean(
        _markdown().reset().convert(text),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def _inline_html(text: str) -> str:
    """Render one line of Markdown (a title, a correction's conclusion) without its paragraph."""
    if not _MARKUP.search(text):
        return html.escape(text, quote=False)
    out = markdown_html(text)
    return out.removeprefix("<p>").removesuffix("</p>") if out.count("<p>") == 1 else out


def sources_html(question: dict) -> str:
    """What each source said of a question, as an HTML list: "Publisher: Verdict — conclusion".

    Args:
        question: one entry of the export's ``questions``.

    Returns:
        HTML (str); empty when the question has no source items.
    """
    rows = []
    for item in question.get("source_items", []):
        line = f"{html.escape(item['publisher'])}: {html.escape(verdict_label(item['verdict']))}"
        if item.get("correction"):
            line += " — " + _inline_html(item["correction"]["conclusion"])
        rows.append(f"<li>{line}</li>")
    return "<p><strong>What the sources say</strong></p><ul>" + "".join(rows) + "</ul>" if rows else ""


def card_fields(question: dict) -> list[str]:
    """The fields of a question's card, in ``FIELDS`` order.

    Args:
        question: one entry of the export's ``questions``.

    Returns:
        ``[question, answer, sources, link]``: the title, the answer, the sources'
        verdicts and a link to the question's permanent address, each as safe HTML (str).
    """
    answer = markdown_html(question["answer"]["markdown"]) if question.get("answer") else ""
    url = html.escape(question["url"])
    link = nh3.clean(
        f'<p><a href="{url}">{url}</a></p>',
        tags={"p", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=None,
    )
    return [_inline_html(question["title"]), answer, sources_html(question), link]


def deck_notes(export_doc: dict) -> list[genanki.Note]:
    """One Anki note per question of the export, in its order.

    Args:
        export_doc: the export document (``macros.export.export()``).

    Returns:
        ``genanki.Note`` objects (list): guid ``genanki.guid_for(question id)``, fields as
        ``card_fields()``, tags the topic id and the level.
    """
    notes = []
    for q in export_doc["questions"]:
        tags = [t for t in (q["topic"]["id"], q.get("level")) if t]
        notes.append(genanki.Note(model=MODEL, fields=card_fields(q), guid=genanki.guid_for(q["id"]), tags=tags))
    return notes


def write_deck(export_doc: dict, site_dir: Path, notes: list[genanki.Note] | None = None) -> Path:
    """Write the Anki deck ``questions.apkg`` to the site root.

    Args:
        export_doc: the export document.
        site_dir: the built site's folder.
        notes: ``deck_notes(export_doc)`` when already made.

    Returns:
        The deck's path (Path).
    """
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for note in notes if notes is not None else deck_notes(export_doc):
        deck.add_note(note)
    path = Path(site_dir) / DECK_FILE
    stored = path.with_name(DECK_FILE + ".stored")
    genanki.Package(deck).write_to_file(str(stored))  # the notes' times are now: a re-import updates them
    # genanki stores the collection uncompressed; the same zip, deflated, is a quarter of the size.
    with zipfile.ZipFile(stored) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            out.writestr(name, src.read(name))
    stored.unlink()
    return path


def write_csv(export_doc: dict, site_dir: Path, notes: list[genanki.Note] | None = None) -> Path:
    """Write ``questions.csv`` to the site root: a header row, then one row per question.

    Columns are ``CSV_COLUMNS``: the card's four fields (HTML, as in the deck), then the
    question id, topic id, level and tags (separated by ``; ``). UTF-8, RFC 4180 quoting.

    Args:
        export_doc: the export document.
        site_dir: the built site's folder.
        notes: ``deck_notes(export_doc)`` when already made (its fields are the first columns).

    Returns:
        The CSV file's path (Path).
    """
    notes = notes if notes is not None else deck_notes(export_doc)
    path = Path(site_dir) / CSV_FILE
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(CSV_COLUMNS)
        for q, note in zip(export_doc["questions"], notes, strict=False):
            out.writerow([*note.fields, q["id"], q["topic"]["id"], q.get("level") or "", "; ".join(q.get("tags", []))])
    return path


def write_flashcards(export_doc: dict, site_dir: Path) -> list[Path]:
    """Write the deck and the CSV to the site root (``on_post_build`` calls this after the export).

    Args:
        export_doc: the export document.
        site_dir: the built site's folder.

    Returns:
        The paths written (list of Path).
    """
    notes = deck_notes(export_doc)
    return [write_deck(export_doc, site_dir, notes), write_csv(export_doc, site_dir, notes)]
