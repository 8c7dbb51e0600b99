"""The page reader: each page MkDocs builds, read once into a record.

A ``PageRecord`` holds a page's front matter (found as MkDocs finds it), its body as MkDocs
passes it to plugins, its macro calls, its question headings and its editorial blocks
(corrections, answers, interviewer notes), each with its file line. The model, the rules,
the rendering of macros and the export all use these records; nothing parses a page again.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils.meta import YAML_RE

from macros.problems import Problem
from macros.template import Call, template_parts
from macros.yamldata import parse_yaml, read_text, rel_path, validate

H2_RE = re.compile(r"^##\s")
QUESTION_RE = re.compile(r"^## (?P<title>\S.*?) \{ #(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*) \}\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
#: The first line of each kind of editorial block, at the start of a line.
BLOCK_STARTS = {"correction": "!!! correction", "answer": "!!! answer", "notes": "??? interviewer"}
_ANY_BLOCK = re.compile(r"^(?P<indent>[ \t]*)(?P<start>!!! correction|!!! answer|\?\?\? interviewer)\b")
_TAG = re.compile(r"<[A-Za-z/!?]")
_CODE_SPAN = re.compile(r"(`+).*?\1")


@dataclass
class Heading:
    """A ``## `` heading of a topic page: its line, title and explicit id (None when it has none)."""

    line: int
    title: str
    id: str | None


@dataclass
class Block:
    """An editorial block: its kind (``correction``, ``answer``, ``notes``), first line, its
    header line's text, the last line of its body and the body, dedented by four spaces.
    """

    kind: str
    line: int
    header: str
    end: int
    body: str
    calls: list[Call] = field(default_factory=list)
    malformed: bool = False  # its indentation was reported: the rules check nothing else of it


@dataclass
class PageRecord:
    """One page, read once.

    Attributes:
        src_uri: the path relative to the docs folder, e.g. ``"topics/evaluation-metrics.md"``.
        path: the path shown in messages (relative to the project).
        meta: the front matter (dict), or None when it is missing or invalid.
        body: the Markdown after the front matter, as MkDocs passes it to plugins.
        body_line: the file line of the body's first line.
        parts: the body's text and macro calls (``macros.template``), or None if it does not parse.
        headings, blocks: question headings and editorial blocks (topic pages only), in order.
    """

    src_uri: str
    path: str
    meta: dict | None
    body: str
    body_line: int
    parts: list | None
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    @functools.cached_property
    def lines(self) -> list[str]:
        """The body's lines (``lines[0]`` is file line ``body_line``)."""
        return self.body.split("\n")

    @property
    def is_topic(self) -> bool:
        """True for a topic page (``topics/<id>.md``)."""
        return self.src_uri.startswith("topics/")

    @property
    def calls(self) -> list[Call]:
        """The page's macro calls, in order (empty when the page does not parse)."""
        return [p for p in self.parts or [] if isinstance(p, Call)]


def read_pages(docs_dir: Path, root_dir: Path, macro_names, problems: list[Problem]) -> dict[str, PageRecord]:
    """Read every Markdown page under ``docs_dir`` (``*.md``; other Markdown extensions are refused elsewhere).

    Args:
        docs_dir: the MkDocs ``docs_dir``.
        root_dir: the project directory; message paths are relative to it.
        macro_names: names of the registered macros.
        problems: receives each page's reading problems (encoding, front matter, template syntax,
            headings, blocks).

    Returns:
        The records by ``src_uri``, in path order; a page that cannot be read as text is left out.
    """
    records = {}
    for path in sorted(p for p in Path(docs_dir).rglob("*.md") if p.is_file() and not p.is_symlink()):
        rel = rel_path(path, root_dir)
        text = read_text(path, rel, problems)
        if text is not None:
            record = read_page(text, path.relative_to(docs_dir).as_posix(), rel, macro_names, problems)
            records[record.src_uri] = record
    return records


def read_page(text: str, src_uri: str, rel: str, macro_names, problems: list[Problem]) -> PageRecord:
    """Read one page's text into a ``PageRecord``.

    Args:
        text: the file's text.
        src_uri: its path relative to the docs folder.
        rel: the path shown in messages.
        macro_names: names of the registered macros.
        problems: receives the page's problems.

    Returns:
        The ``PageRecord``.
    """
    meta, body, body_line = _front_matter(text, rel, problems)
    comments = [n for n, ln in enumerate(body.split("\n"), body_line) if "{#" in ln]
    for n in comments:
        problems.append(
            Problem(
                rel,
                n,
                "'{#' opens a Jinja comment, so an attr_list written {#id} hides the text "
                "after it — write { #id } with a space after the brace",
            )
        )
    parts = None if comments else template_parts(body, rel, macro_names, problems, body_line)
    record = PageRecord(src_uri, rel, meta, body, body_line, parts)
    if record.is_topic:
        _read_structure(record, problems)
    return record


def _front_matter(text: str, rel: str, problems: list[Problem]) -> tuple[dict | None, str, int]:
    """Find the front matter as MkDocs does (``mkdocs.utils.meta.YAML_RE``) and parse it safely.

    Returns ``(meta or None, body, body's first file line)``.
    """
    m = YAML_RE.match(text)
    if not m:
        problems.append(
            Problem(
                rel,
                1,
                "the page has no front matter — start it with a '---' line, 'title: …', "
                "'description: …' (one sentence) and another '---' line",
            )
        )
        return None, text, 1
    body = text[m.end() :].lstrip("\n")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    data, root = parse_yaml(m.group(1), rel, problems, first_line=2, what="front matter")
    if root is None:
        if not any(p.path == rel for p in problems):
            problems.append(Problem(rel, 2, "the front matter is empty — add 'title: …' and 'description: …'"))
        return None, body, body_line
    errors = validate(data, root, "front-matter.schema.json", rel, first_line=2)
    problems.extend(errors)
    return (None if errors else data), body, body_line


def _read_structure(record: PageRecord, problems: list[Problem]) -> None:
    """Fill a topic page's headings and blocks, outside fenced code."""
    lines = record.lines
    in_fence = False
    for i, ln in enumerate(lines):
        n = i + record.body_line
        if FENCE_RE.match(ln):
            in_fence = not in_fence
        if in_fence:
            continue
        if H2_RE.match(ln):
            m = QUESTION_RE.match(ln)
            record.headings.append(Heading(n, m["title"] if m else ln[3:].strip(), m["id"] if m else None))
            title = _CODE_SPAN.sub("", m["title"] if m else ln)
            if _TAG.search(title):
                problems.append(
                    Problem(
                        record.path,
                        n,
                        "a question title must be plain text, without HTML tags — "
                        "remove the tag; write a literal '<' as &lt; or inside `code`",
                    )
                )
            continue
        b = _ANY_BLOCK.match(ln)
        if b:
            kind = next(k for k, s in BLOCK_STARTS.items() if s == b["start"])
            if b["indent"]:
                problems.append(
                    Problem(
                        record.path,
                        n,
                        f"'{b['start']}' is indented — editorial blocks start at "
                        "the beginning of the line, their text indented by four spaces",
                    )
                )
            block = _block(record, lines, i, kind, problems, reported=bool(b["indent"]))
            block.header = ln.strip()
            record.blocks.append(block)
    _attach_calls(record)


def _block(
    record: PageRecord, lines: list[str], i: int, kind: str, problems: list[Problem], reported: bool = False
) -> Block:
    """The block whose header is ``lines[i]``: its body is every following line indented by four spaces or blank.

    A body line indented by less than four spaces is a problem (unless ``reported`` already: the
    header itself was mis-indented); the block is then marked malformed.
    """
    malformed = reported
    end = i + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
        end += 1
    stop = end  # the first line after the block, or the end of the page
    while end > i + 1 and not lines[end - 1].strip():
        end -= 1
    if stop < len(lines) and lines[stop][:1] in (" ", "\t") and lines[stop].strip() and not reported:
        end = stop
        malformed = True
        problems.append(
            Problem(
                record.path,
                end + record.body_line,
                f"this line of the {kind} that starts on line {i + record.body_line} is indented by "
                f"{len(lines[stop]) - len(lines[stop].lstrip())} — indent the block's text by four "
                "spaces",
            )
        )
    body = "\n".join(ln[4:] for ln in lines[i + 1 : end]).strip()
    return Block(kind, i + record.body_line, lines[i], end - 1 + record.body_line, body, malformed=malformed)


def _attach_calls(record: PageRecord) -> None:
    """Give each block the macro calls on its lines."""
    calls = record.calls
    lines = [c.line for c in calls]  # in page order, so sorted
    for block in record.blocks:
        block.calls = calls[bisect.bisect_right(lines, block.line) : bisect.bisect_right(lines, block.end)]
