"""The knowledge model: sources, references, topic pages and the index that joins them.

Everything here is plain Python with no MkDocs import, so tests use it directly.
``build()`` reads the docs directory once and returns a ``KnowledgeBase``; it
collects every content problem it finds and raises them together as one
``ContentError`` whose lines read ``file:line: what is wrong — what to do``.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jsonschema
import yaml
from jinja2 import nodes

SCHEMA_DIR = Path(__file__).parent / "schemas"
_JINJA = jinja2.Environment()
#: The Jinja settings under which ``_simple_parts`` reads text as Jinja does.
_JINJA_SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                 "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                 "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline")
_ARG = r"""(?:[A-Za-z_][A-Za-z0-9_]*=)?(?:"[^"\\\n{}]*"|'[^'\\\n{}]*')"""
#: A macro call as content writes it, on one line: ``{{ name("text", key="text") }}``.
_SIMPLE_CALL = re.compile(rf"\{{\{{ ?([A-Za-z_][A-Za-z0-9_]*)\(((?:{_ARG}(?:, ?{_ARG})*)?)\) ?\}}\}}")
_SIMPLE_ARG = re.compile(r"""([A-Za-z_][A-Za-z0-9_]*)?=?(?:"([^"]*)"|'([^']*)')""")
#: libyaml's parser when PyYAML has it (about 15 times faster), else the pure-Python one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The verdict scale and its meanings, from the project's editorial standards
#: (docs/about/methodology.md renders this table).
VERDICTS = {
    "accurate": "correct and precise enough that a candidate repeating it would be marked right",
    "vague": "too imprecise to be checked or useful",
    "incomplete": "true as far as it goes, but leaves out the essential point, or the list it announces is missing",
    "misleading": "partly true, but leads a reader to a wrong belief",
    "wrong": "factually incorrect",
    "outdated": "was true once, no longer",
    "unanswered": "the source asks the question but gives no answer",
}
#: Verdict of a placed item that no editor has judged yet.
UNREVIEWED = "unreviewed"
#: Verdicts that must be followed by a correction admonition.
NEEDS_CORRECTION = frozenset(VERDICTS) - {"accurate"}

H2_RE = re.compile(r"^##\s")
QUESTION_RE = re.compile(r"^## (?P<title>\S.*?) \{ #(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*) \}\s*$")
CORRECTION_RE = re.compile(r'^!!! correction(?: (?P<verdict>[a-z]+))?(?: "(?P<title>[^"]*)")?\s*$')
ANSWER_RE = re.compile(r'^!!! answer "Answer"\s*$')
REVIEWED_RE = re.compile(r"^\*Reviewed by a second editor on (?P<date>\d{4}-\d{2}-\d{2})\.\*$", re.M)
NOTES_RE = re.compile(r'^\?\?\? interviewer (?P<level>[a-z]+) "Interviewer notes"\s*$')
FENCE_RE = re.compile(r"^\s*(```|~~~)")
#: Interview levels, shown as a badge on the interviewer notes.
LEVELS = ("junior", "mid", "senior")
#: The parts every interviewer note has, in this order, each starting a paragraph.
NOTE_PARTS = ("Tests", "A strong answer", "Red flags", "Follow-ups", "Tags")


@dataclass(frozen=True)
class Problem:
    """One content problem: where it is and what to do about it."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ContentError(Exception):
    """Raised by ``build()`` with every problem found; ``str()`` lists one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} content problem(s):\n" + "\n".join(str(p) for p in problems)
        )


@dataclass
class Item:
    """A source item: one question and/or answer exactly as a source article gives it."""

    id: str
    source_id: str
    locator: str
    question: str
    question_reconstructed: bool
    answer: list  # blocks: str (a paragraph) or list[str] (a bulleted list)
    path: str
    line: int


@dataclass
class Source:
    """A source article: its metadata and its items, in article order."""

    id: str
    publisher: str
    title: str
    url: str
    published: str
    retrieved: str
    note: str
    archive: str
    path: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Correction:
    """A ``!!! correction <verdict> "<conclusion>"`` admonition on a topic page."""

    verdict: str | None
    conclusion: str
    path: str
    line: int
    citations: list[str] = field(default_factory=list)
    reviewed: str | None = None  # ISO date of the second editor's review, from the body


@dataclass
class Placement:
    """Where a source item is quoted: its page, line, question and verdict."""

    item_id: str
    verdict: str
    path: str
    line: int
    question_id: str | None
    correction: Correction | None = None


@dataclass
class Answer:
    """The ``!!! answer "Answer"`` admonition that ends a question: Markdown body and citations."""

    path: str
    line: int
    body: str
    citations: list[str] = field(default_factory=list)


@dataclass
class Notes:
    """The ``??? interviewer <level> "Interviewer notes"`` admonition of a question."""

    path: str
    line: int
    level: str
    body: str
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
    """Everything the macros need, built once per build by ``build()``."""

    sources: dict[str, Source]
    items: dict[str, Item]
    references: dict[str, dict]
    topics: dict[str, Topic]
    questions: dict[str, Question]
    placements: dict[str, Placement]


# ---------------------------------------------------------------------------
# YAML data with line numbers


def _node_line(node: yaml.Node, path: list) -> int:
    """Return the 1-based line of the YAML node reached by ``path`` (keys and indexes).

    Stops at the deepest node that exists, so a missing key points at its parent.
    """
    for key in path:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
        else:
            child = None
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


@functools.lru_cache(maxsize=None)
def schema_validator(schema_name: str) -> jsonschema.Draft202012Validator:
    """The validator for ``macros/schemas/<schema_name>``, made once.

    Local references (``{"$ref": "#/$defs/x"}``) are replaced by the definitions they
    name, which validates the same and about twice as fast (jsonschema resolves each
    reference at every use). The schemas have no recursive definitions.

    Args:
        schema_name: a file name in ``macros/schemas``, e.g. ``"source.schema.json"``.

    Returns:
        A ``jsonschema.Draft202012Validator``, the same object for every call with that name.

    Raises:
        OSError, json.JSONDecodeError: if the schema file is missing or not JSON.
    """
    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    defs = schema.get("$defs", {})

    def inline(node):
        if isinstance(node, list):
            return [inline(v) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref", "")
        rest = {k: v for k, v in node.items() if k != "$ref"}
        if ref.startswith("#/$defs/") and not set(rest) & set(defs[ref[8:]]):
            return inline({**defs[ref[8:]], **rest})
        return {k: inline(v) for k, v in node.items()}

    return jsonschema.Draft202012Validator(inline(schema))


def parse_yaml(text: str) -> tuple:
    """Parse YAML once, with libyaml when available: its data and its node tree (for line numbers).

    Args:
        text: one YAML document (str).

    Returns:
        ``(data, root_node)``; ``(None, None)`` for an empty document.

    Raises:
        yaml.YAMLError: on a syntax error (``problem_mark`` gives its place).
    """
    loader = _YAML_LOADER(text)
    try:
        root = loader.get_single_node()
        return (None if root is None else loader.construct_document(root)), root
    finally:
        loader.dispose()


def load_yaml(path: Path, rel: str, schema_name: str, problems: list[Problem]):
    """Load a YAML data file and validate it against ``macros/schemas/<schema_name>``.

    Args:
        path: the file to read.
        rel: the path shown in messages (relative to the project).
        schema_name: JSON Schema file name in ``macros/schemas``.
        problems: list that receives one ``Problem`` per schema or syntax error.

    Returns:
        ``(data, root_node)``, or ``(None, None)`` when the file is unreadable or invalid.
    """
    text = path.read_text(encoding="utf-8")
    try:
        data, root = parse_yaml(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problems.append(Problem(rel, mark.line + 1 if mark else None,
                                f"invalid YAML: {getattr(e, 'problem', e)} — fix the syntax (quote text that contains ': ')"))
        return None, None
    errors = list(schema_validator(schema_name).iter_errors(data))
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "top level"
        problems.append(Problem(rel, _node_line(root, list(e.absolute_path)) if root else None,
                                f"{where}: {e.message} — see {schema_name} for the expected fields"))
    return (None, None) if errors else (data, root)


def load_sources(docs_dir: Path, root_dir: Path, problems: list[Problem]) -> dict[str, Source]:
    """Load every ``docs/sources/*.yml`` and check each quote against the source's archive.

    A quote (a verbatim question, or any answer paragraph or list entry) that is not
    a substring of the archived article text is a problem; so is an item id that does
    not start with ``<source id>-``, or an id used twice.

    Returns:
        The sources by id, in file-name order.
    """
    sources: dict[str, Source] = {}
    seen_items: dict[str, str] = {}
    for path in sorted((docs_dir / "sources").glob("*.yml")):
        rel = _rel(path, root_dir)
        data, root = load_yaml(path, rel, "source.schema.json", problems)
        if data is None:
            continue
        if data["id"] != path.stem:
            problems.append(Problem(rel, _node_line(root, ["id"]),
                                    f"source id '{data['id']}' differs from the file name — rename the file to {data['id']}.yml or change the id"))
        archive_path = path.parent / data["archive"]
        if not archive_path.is_file():
            problems.append(Problem(rel, _node_line(root, ["archive"]),
                                    f"archive file '{data['archive']}' not found — keep the article's text there, relative to this file"))
            continue
        archive_bytes = archive_path.read_bytes()
        if hashlib.sha256(archive_bytes).hexdigest() != data["archive_sha256"]:
            problems.append(Problem(rel, _node_line(root, ["archive_sha256"]),
                                    f"{data['archive']} does not match archive_sha256 — the archived text is the evidence "
                                    "for every quote: restore it, or if a better copy replaces it, update the hash in review"))
        archive = archive_bytes.decode("utf-8")
        src = Source(id=data["id"], publisher=data["publisher"], title=data["title"], url=data["url"],
                     published=str(data["published"]), retrieved=str(data["retrieved"]),
                     note=data.get("note", ""), archive=data["archive"], path=rel)
        pos = 0
        for i, raw in enumerate(data["items"]):
            line = _node_line(root, ["items", i])
            item = Item(id=raw["id"], source_id=src.id, locator=raw["locator"], question=raw["question"],
                        question_reconstructed=raw.get("question_reconstructed", False),
                        answer=raw.get("answer", []), path=rel, line=line)
            if not item.id.startswith(src.id + "-"):
                problems.append(Problem(rel, line, f"item id '{item.id}' must start with '{src.id}-'"))
            if item.id in seen_items:
                problems.append(Problem(rel, line, f"item id '{item.id}' is already used at {seen_items[item.id]} — give each item its own id"))
            seen_items[item.id] = f"{rel}:{line}"
            quotes = [] if item.question_reconstructed else [item.question]
            for block in item.answer:
                quotes.extend(block if isinstance(block, list) else [block])
            for q in quotes:
                # Quotes mostly follow the article's order: look after the last one first,
                # so that checking a source costs one pass over its archive, not one per quote.
                found = archive.find(q, pos)
                pos = found if found >= 0 else pos
                if found < 0 and q not in archive:
                    problems.append(Problem(rel, line, f"item '{item.id}' quotes text that is not in {data['archive']}: "
                                                       f"{q[:60]!r}… — copy it from the archive character for character"))
            src.items.append(item)
        sources[src.id] = src
    return sources


def load_references(docs_dir: Path, root_dir: Path, problems: list[Problem]) -> dict[str, dict]:
    """Load the bibliography: every ``docs/references/*.yml`` (one list of entries per file).

    Each entry is checked against ``references.schema.json`` (a URL, or authors, year
    and publisher); an id used twice, in one file or across files, is a problem.

    Returns:
        The entries by id (each a dict as written in the file, plus ``path``).
    """
    references: dict[str, dict] = {}
    for path in sorted((docs_dir / "references").glob("*.yml")):
        rel = _rel(path, root_dir)
        data, root = load_yaml(path, rel, "references.schema.json", problems)
        for i, ref in enumerate(data or []):
            line = _node_line(root, [i])
            if ref["id"] in references:
                problems.append(Problem(rel, line, f"reference id '{ref['id']}' is already defined at "
                                                   f"{references[ref['id']]['path']} — cite that entry, or rename this one"))
                continue
            if not (ref.get("url") or all(ref.get(k) for k in ("authors", "year", "publisher"))):
                problems.append(Problem(rel, line, f"reference '{ref['id']}' has neither a url nor a full citation — "
                                                   "add its url, or its authors, year and publisher"))
            twin = next((r for r in references.values() if ref.get("url") and r.get("url") == ref["url"]), None)
            if twin:
                problems.append(Problem(rel, line, f"reference '{ref['id']}' has the same url as '{twin['id']}' at {twin['path']} — "
                                                   f"cite '{twin['id']}' (with a locator) instead of a second entry"))
            references[ref["id"]] = {**ref, "path": f"{rel}:{line}"}
    return references


# ---------------------------------------------------------------------------
# Pages


@dataclass
class Call:
    """A macro call in a page: ``{{ name(*args, **kwargs) }}`` on 1-based ``line``."""

    name: str
    args: list
    kwargs: dict
    line: int


def _rel(path: Path, root_dir: Path) -> str:
    try:
        return path.relative_to(root_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _front_matter(text: str) -> tuple[dict | None, str | None, int]:
    """Return ``(meta, error, line)`` for a page's YAML front matter (``({}, None, 1)`` if there is none)."""
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not m:
        return {}, None, 1
    try:
        meta = parse_yaml(m.group(1))[0] or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        return None, str(getattr(e, "problem", e)), (mark.line + 2 if mark else 1)
    return (meta, None, 1) if isinstance(meta, dict) else (None, "front matter must be a mapping", 1)


def template_parts(text: str, rel: str, macro_names, problems: list[Problem],
                   environment: jinja2.Environment | None = None) -> list[str | Call] | None:
    """Parse Markdown as a Jinja template of macro calls: its text, and its calls in order.

    Content may hold only calls of registered macros with literal arguments
    (``{{ name("text", key="text") }}``): anything else is a problem, so a page
    cannot run template code.

    Args:
        text: the Markdown (a page, or part of one).
        rel: the path shown in messages.
        macro_names: names of the registered macros.
        problems: receives a ``Problem`` per syntax error, template code or unknown macro.
        environment: the Jinja environment whose syntax applies (default: Jinja's defaults).

    Returns:
        The text between calls (str, as Jinja outputs it: ``{% raw %}`` unwrapped, the
        final newline dropped) and the calls (``Call``), in order; ``None`` if the text
        does not parse. A call that is a problem is left out.
    """
    environment = environment or _JINJA
    parts = _simple_parts(text, macro_names, environment)
    if parts is not None:
        return parts
    try:
        ast = environment.parse(text)
    except jinja2.TemplateSyntaxError as e:
        problems.append(Problem(rel, e.lineno, f"template syntax error: {e.message} — a macro call is written "
                                               '{{ name("argument") }} with matching quotes and brackets'))
        return None
    parts: list[str | Call] = []
    for node in ast.body:
        children = node.nodes if isinstance(node, nodes.Output) else [node]
        for child in children:
            if isinstance(child, nodes.TemplateData):
                parts.append(child.data)
                continue
            ok = (isinstance(child, nodes.Call) and isinstance(child.node, nodes.Name)
                  and child.dyn_args is None and child.dyn_kwargs is None
                  and all(isinstance(a, nodes.Const) for a in child.args)
                  and all(isinstance(k.value, nodes.Const) for k in child.kwargs))
            if not ok:
                problems.append(Problem(rel, child.lineno, "only calls of registered macros with literal arguments "
                                                           'are allowed, e.g. {{ question_link("precision-recall") }} — '
                                                           "wrap literal braces in {% raw %}…{% endraw %}"))
                continue
            name = child.node.name
            if name not in macro_names:
                hint = difflib.get_close_matches(name, macro_names, 1)
                problems.append(Problem(rel, child.lineno, f"unknown macro '{name}'"
                                        + (f" — did you mean '{hint[0]}'?" if hint else f" — use one of: {', '.join(sorted(macro_names))}")))
                continue
            parts.append(Call(name, [a.value for a in child.args],
                              {k.key: k.value.value for k in child.kwargs}, child.lineno))
    return parts


def _simple_parts(text: str, macro_names, environment: jinja2.Environment) -> list[str | Call] | None:
    """``template_parts()`` for the common case, read with regular expressions instead of Jinja's parser.

    Applies when the text has no ``{%``, ``{#`` or carriage return, every ``{{`` opens a
    one-line call of a registered macro with string arguments (no backslashes, no
    braces), and ``environment`` has Jinja's default syntax. Returns ``None`` otherwise,
    so that Jinja reads the text and reports any problem.
    """
    if "{%" in text or "{#" in text or "\r" in text or any(
            getattr(environment, k) != getattr(_JINJA, k) for k in _JINJA_SYNTAX):
        return None
    if text.endswith("\n"):  # Jinja drops the final newline
        text = text[:-1]
    parts: list[str | Call] = []
    pos = line = 0
    for m in _SIMPLE_CALL.finditer(text):
        if text.find("{{", pos) != m.start() or m[1] not in macro_names:
            return None
        args, kwargs = [], {}
        for a in _SIMPLE_ARG.finditer(m[2]):
            value = a[2] if a[2] is not None else a[3]
            if a[1] is None and not kwargs:
                args.append(value)
            elif a[1] is not None and a[1] not in kwargs:
                kwargs[a[1]] = value
            else:  # a positional argument after a keyword one, or a keyword given twice
                return None
        line += text.count("\n", pos, m.start())
        parts += [text[pos:m.start()], Call(m[1], args, kwargs, line + 1)]
        pos = m.end()
    if "{{" in text[pos:]:
        return None
    parts.append(text[pos:])
    return [p for p in parts if p != ""]


def expand(parts: list[str | Call], macros: dict) -> str:
    """Join template parts, replacing each call by its macro's output.

    The same text as rendering the template with Jinja, without compiling it.

    Args:
        parts: from ``template_parts()``.
        macros: the macro functions by name.

    Returns:
        The rendered text (str).

    Raises:
        ContentError: from a macro, e.g. for an unknown id.
    """
    return "".join(p if isinstance(p, str) else str(macros[p.name](*p.args, **p.kwargs)) for p in parts)


def topic_order(nav) -> list[str]:
    """Return the topic ids in the order an mkdocs.yml ``nav`` lists ``topics/<id>.md`` pages.

    Args:
        nav: the ``nav`` setting as MkDocs gives it (nested lists of pages and
            ``{title: page}`` mappings) or as Zensical does (a list of
            ``{"title", "url", "children", ...}`` mappings), or None.

    Returns:
        The topic ids (list of str), in nav order.
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
            out.append(Path(value).stem)
    return out


def _block(lines: list[str], n: int) -> tuple[int, str]:
    """Return ``(last line, dedented body)`` of the admonition that starts on 1-based line ``n``."""
    end = n
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
        end += 1
    while end > n and not lines[end - 1].strip():
        end -= 1
    return end, "\n".join(ln[4:] for ln in lines[n:end]).strip()


def _unknown(kind: str, key: str, known, how: str) -> str:
    hint = difflib.get_close_matches(key, list(known), 1)
    return f"unknown {kind} '{key}' — " + (f"did you mean '{hint[0]}'? Otherwise " if hint else "") + how


def build(docs_dir, root_dir, macro_names) -> KnowledgeBase:
    """Read sources, references and pages once, check them, and index them.

    Args:
        docs_dir: the MkDocs ``docs_dir`` (str or Path).
        root_dir: the project directory; message paths are relative to it.
        macro_names: names of the registered macros (calls of any other name are problems).

    Returns:
        The ``KnowledgeBase``.

    Raises:
        ContentError: with every problem found, e.g. an unknown question or item id,
            a question id used twice, a source item placed twice or never, a quote
            that is not verbatim, an attr_list written ``{#id}``, a template syntax
            error, a verdict outside the scale, a correction without a reference or
            without its review line, a question without a referenced answer or
            interviewer notes, or an item without a verdict.
    """
    docs_dir, root_dir = Path(docs_dir), Path(root_dir)
    macro_names = set(macro_names)
    problems: list[Problem] = []
    sources = load_sources(docs_dir, root_dir, problems)
    items = {it.id: it for s in sources.values() for it in s.items}
    references = load_references(docs_dir, root_dir, problems)

    topics: dict[str, Topic] = {}
    questions: dict[str, Question] = {}
    placements: dict[str, Placement] = {}
    links: list[tuple[str, int, str]] = []
    unparsed: list[str] = []  # pages whose macro calls could not be read
    cites: list[tuple[str, int, str]] = []
    source_pages: dict[str, str] = {}

    for path in sorted(docs_dir.rglob("*.md")):
        rel, page = _rel(path, root_dir), path.relative_to(docs_dir).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        is_topic = page.startswith("topics/")
        meta, err, err_line = _front_matter(text)
        if err:
            problems.append(Problem(rel, err_line, f"invalid front matter: {err} — quote values that contain ': '"))
        comment = [n for n, ln in enumerate(lines, 1) if "{#" in ln]
        for n in comment:
            problems.append(Problem(rel, n, "'{#' opens a Jinja comment, so an attr_list written {#id} hides the text after it — "
                                            "write { #id } with a space after the brace"))
        parts = None if comment else template_parts(text, rel, macro_names, problems)
        if parts is None:
            unparsed.append(rel)
            continue
        calls = [p for p in parts if isinstance(p, Call)]

        # cite() calls by line, to find those inside an admonition without rescanning the page.
        cite_calls = sorted((k.line, str(k.args[0])) for k in calls if k.name == "cite" and k.args)
        cite_lines = [line for line, _ in cite_calls]

        def cited(first: int, last: int) -> list[str]:
            return [ref for _, ref in cite_calls[bisect.bisect_right(cite_lines, first):bisect.bisect_right(cite_lines, last)]]

        # Line structure: question headings and correction admonitions, outside code fences.
        heads: list[tuple[int, str]] = []
        corrections: list[Correction] = []
        in_fence = False
        for n, ln in enumerate(lines, 1):
            if FENCE_RE.match(ln):
                in_fence = not in_fence
            if in_fence:
                continue
            if is_topic and H2_RE.match(ln):
                m = QUESTION_RE.match(ln)
                if not m:
                    problems.append(Problem(rel, n, "a question heading needs an explicit, stable id — "
                                                    "write '## Question title { #question-id }' (lower case, digits, hyphens)"))
                    continue
                qid = m["id"]
                if qid in questions:
                    first = questions[qid]
                    problems.append(Problem(rel, n, f"question id '{qid}' is already used at {_rel(docs_dir / first.path, root_dir)}:{first.line} — "
                                                    "ids are site-wide; choose another"))
                    continue
                if qid in items:
                    problems.append(Problem(rel, n, f"question id '{qid}' is a source item id — choose another"))
                questions[qid] = Question(qid, m["title"], path.stem, page, n)
                heads.append((n, qid))
            elif ln.startswith("!!! correction"):
                m = CORRECTION_RE.match(ln)
                if not m or not m["title"]:
                    problems.append(Problem(rel, n, 'write a correction as !!! correction <verdict> "<one-line conclusion>"'))
                    continue
                end, body = _block(lines, n)
                reviewed = REVIEWED_RE.search(body)
                c = Correction(m["verdict"], m["title"], rel, n, reviewed=reviewed["date"] if reviewed else None)
                c.citations = cited(n, end)
                corrections.append(c)
            elif is_topic and (ln.startswith("!!! answer") or ln.startswith("??? interviewer")):
                qid = heads[-1][1] if heads else None
                end, body = _block(lines, n)
                refs = cited(n, end)
                if qid is None:
                    problems.append(Problem(rel, n, "an answer or interviewer note must be under a '## Title { #id }' question"))
                elif ln.startswith("!!! answer"):
                    q = questions[qid]
                    if not ANSWER_RE.match(ln):
                        problems.append(Problem(rel, n, 'write the answer as !!! answer "Answer", its text indented by four spaces'))
                    elif q.answer or q.notes:
                        problems.append(Problem(rel, n, f"question '{qid}' already has an answer, or its interviewer notes come "
                                                        "first — give each question one answer, before the notes"))
                    else:
                        q.answer = Answer(rel, n, body, refs)
                        if not refs:
                            problems.append(Problem(rel, n, f"the answer to '{qid}' has no reference — "
                                                            'add a References list with {{ cite("reference-id") }} entries'))
                else:
                    q = questions[qid]
                    m = NOTES_RE.match(ln)
                    if not m or m["level"] not in LEVELS:
                        problems.append(Problem(rel, n, f'write interviewer notes as ??? interviewer <level> "Interviewer notes", '
                                                        f"level one of: {', '.join(LEVELS)}"))
                    elif q.notes:
                        problems.append(Problem(rel, n, f"question '{qid}' already has interviewer notes — merge them"))
                    else:
                        labels = re.findall(r"^\*\*(.+?):\*\*", body, re.M)
                        if labels != list(NOTE_PARTS):
                            problems.append(Problem(rel, n, f"interviewer notes of '{qid}' have the parts {labels} — write "
                                                            "paragraphs starting " + ", ".join(f"**{p}:**" for p in NOTE_PARTS)
                                                            + ", in that order"))
                        tags = re.search(r"^\*\*Tags:\*\*(.*)$", body, re.M)
                        q.notes = Notes(rel, n, m["level"], body,
                                        [t.strip() for t in tags[1].split(",") if t.strip()] if tags else [])

        if is_topic:
            topics[path.stem] = Topic(path.stem, (meta or {}).get("title", path.stem),
                                      (meta or {}).get("description", ""), page,
                                      [questions[q] for _, q in heads])

        page_items: list[Placement] = []
        head_lines = [n for n, _ in heads]
        for call in calls:
            arg = call.args[0] if call.args else None
            if call.name == "question_link":
                links.append((rel, call.line, arg))
            elif call.name == "cite":
                cites.append((rel, call.line, arg))
            elif call.name == "source_page":
                if arg not in sources:
                    problems.append(Problem(rel, call.line, _unknown("source", str(arg), sources, "use a source id from docs/sources/*.yml")))
                source_pages.setdefault(arg, rel)
            elif call.name == "source_item":
                verdict = call.args[1] if len(call.args) > 1 else call.kwargs.get("verdict", UNREVIEWED)
                if arg not in items:
                    problems.append(Problem(rel, call.line, _unknown("source item", str(arg), items,
                                                                     "use an item id from docs/sources/*.yml")))
                    continue
                i = bisect.bisect_left(head_lines, call.line)  # the last question heading above the call
                qid = heads[i - 1][1] if i else None
                if verdict not in VERDICTS and verdict != UNREVIEWED:
                    problems.append(Problem(rel, call.line, f"unknown verdict '{verdict}' for '{arg}' (question '{qid}') — use one of: "
                                                            + ", ".join([*VERDICTS, UNREVIEWED])))
                if arg in placements:
                    first = placements[arg]
                    problems.append(Problem(rel, call.line, f"source item '{arg}' is already placed at {_rel(docs_dir / first.path, root_dir)}:{first.line} — "
                                                            "place each item under exactly one question"))
                    continue
                line_text = lines[call.line - 1].strip()
                if not (line_text.startswith("{{") and line_text.endswith("}}")):
                    problems.append(Problem(rel, call.line, "put source_item() on a line of its own, with blank lines around it"))
                if qid is None:
                    problems.append(Problem(rel, call.line, f"source item '{arg}' is not under a question — place it below a "
                                                            "'## Title { #id }' heading on a page in docs/topics/"))
                if qid and questions[qid].answer and questions[qid].answer.line < call.line:
                    problems.append(Problem(rel, call.line, f"source item '{arg}' comes after the answer to '{qid}' — "
                                                            "place source items (and their corrections) above the answer"))
                pl = Placement(arg, verdict, page, call.line, qid)
                placements[arg] = pl
                page_items.append(pl)
                if qid:
                    questions[qid].placements.append(pl)

        # Each correction belongs to the source item directly above it.
        item_lines = [p.line for p in page_items]
        for c in corrections:
            i = bisect.bisect_left(item_lines, c.line)
            above = page_items[i - 1] if i else None
            between = lines[above.line:c.line - 1] if above else None
            if above is None or any(s.strip() for s in between):
                problems.append(Problem(rel, c.line, "a correction must directly follow the source_item() it corrects (blank lines only between)"))
                continue
            above.correction = c
            if c.verdict != above.verdict:
                problems.append(Problem(rel, c.line, f"correction verdict '{c.verdict}' differs from the verdict "
                                                     f"'{above.verdict}' given to '{above.item_id}' — make them the same"))
            if not c.citations:
                problems.append(Problem(rel, c.line, f"the correction of '{above.item_id}' (question '{above.question_id}') has no reference — "
                                                     'add a References list with {{ cite("reference-id") }} entries'))
        for p in page_items:
            if p.verdict in NEEDS_CORRECTION and p.correction is None:
                problems.append(Problem(rel, p.line, f"'{p.item_id}' (question '{p.question_id}') has verdict '{p.verdict}' but no correction — add "
                                                     f'!!! correction {p.verdict} "<conclusion>" directly below it'))

    if unparsed:
        # Site-wide checks would only repeat the consequences of the errors above.
        problems.append(Problem(unparsed[0], None, "site-wide checks (links, citations, unplaced items) were skipped "
                                                   "until the page errors above are fixed"))
        raise ContentError(problems)
    for rel, line, qid in links:
        if qid not in questions:
            problems.append(Problem(rel, line, _unknown("question id", str(qid), questions,
                                                        "use the id of a '## Title { #id }' heading in docs/topics/")))
    for rel, line, rid in cites:
        if rid not in references:
            problems.append(Problem(rel, line, _unknown("reference id", str(rid), references,
                                                        "add the reference to a file in docs/references/")))
    for src in sources.values():
        if src.id not in source_pages:
            problems.append(Problem(src.path, 1, f"source '{src.id}' has no page — create docs/sources/{src.id}.md with "
                                                 f'front matter and {{{{ source_page("{src.id}") }}}}, and add it to the nav'))
    for item in items.values():
        if item.id not in placements:
            problems.append(Problem(item.path, item.line, f"source item '{item.id}' is not placed — add "
                                                          f'{{{{ source_item("{item.id}") }}}} under its question in docs/topics/'))
    # Completeness: every question answered, with notes; every item judged; every correction reviewed.
    for q in questions.values():
        rel = _rel(docs_dir / q.path, root_dir)
        if q.answer is None:
            problems.append(Problem(rel, q.line, f"question '{q.id}' has no answer — end it with "
                                                 '!!! answer "Answer" and a References list'))
        if q.notes is None:
            problems.append(Problem(rel, q.line, f"question '{q.id}' has no interviewer notes — add "
                                                 '??? interviewer <level> "Interviewer notes" after the answer'))
        for p in q.placements:
            if p.correction and not p.correction.reviewed:
                problems.append(Problem(rel, p.correction.line, f"the correction of '{p.item_id}' (question '{q.id}') has not been "
                                                                "reviewed — a second editor checks it and adds "
                                                                "*Reviewed by a second editor on YYYY-MM-DD.* as its last line"))
            if p.verdict == UNREVIEWED:
                problems.append(Problem(rel, p.line, f"source item '{p.item_id}' (question '{q.id}') has no verdict — give it one of: "
                                                     + ", ".join(VERDICTS)))
    if problems:
        raise ContentError(problems)
    return KnowledgeBase(sources, items, references, topics, questions, placements)
